// The routes other modules provide: server-side apply, pod logs, exec and attach.
import type { Routes } from './server.js';

export function serveRoutes(): Partial<Routes> {
  return {};
}
