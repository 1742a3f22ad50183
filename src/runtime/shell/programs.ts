// The registry of programs: every command a pod's shell can run, by name, each defined once in
// programs/ (grouped by theme); the interpreter looks names up here and nowhere else.
import type { Program } from './program.js';
import { builtins } from './programs/builtins.js';
import { files } from './programs/files.js';
import { images } from './programs/images.js';
import { net } from './programs/net.js';
import { procs } from './programs/procs.js';
import { text } from './programs/text.js';

/** A Map, so a name such as `constructor` or `__proto__` is simply not found. */
export const PROGRAMS: ReadonlyMap<string, Program> = new Map(Object.entries({ ...builtins, ...files, ...net, ...text, ...procs, ...images }));

/** The programs that are shells: `kubectl exec POD -- sh` keeps what it printed before a limit. */
export const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'ash']);
