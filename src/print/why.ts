// `sts why`'s text: the chain of reasons (controller/why.ts), one plain sentence a line, then the
// command that would move it on, where there is one.
import type { Reason } from '../controller/why.js';

export function formatWhy(reasons: readonly Reason[]): string {
  const fixes = [...new Set(reasons.flatMap((r) => (r.fix ? [r.fix] : [])))];
  return [...reasons.map((r) => r.text), ...fixes.map((f) => `To move it on: ${f}`)].join('\n') + '\n';
}
