// Where the cluster file is: --state, else $STS_STATE, else ~/.sts/cluster.json. Light (the CLI's
// entry resolves it once per command, before any verb loads).
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The cluster file's absolute path: `flag`, else `fromEnv` ($STS_STATE), else the default; a
 *  relative one against `cwd` (the process's own when not given). */
export function statePath(flag?: string, fromEnv?: string, cwd?: string): string {
  const p = flag || fromEnv || join(homedir(), '.sts', 'cluster.json');
  return cwd === undefined ? resolve(p) : resolve(cwd, p);
}
