// The routes other modules provide: server-side apply, pod logs, exec and attach.
import { applyHandler } from './apply.js';
import { attachUpgrade, execUpgrade } from './exec.js';
import { podLog } from './logs.js';
import type { Routes } from './server.js';

export function serveRoutes(): Partial<Routes> {
  return { apply: applyHandler, log: podLog, exec: execUpgrade, attach: attachUpgrade };
}
