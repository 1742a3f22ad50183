// kubecolor-style colour for tables on a terminal: headers dim, statuses by health.
import chalk, { Chalk } from 'chalk';

const GOOD = /^(Running|Bound|Active|Available|Ready|Completed|Succeeded|True|Normal)$/;
const WAIT = /^(Pending|ContainerCreating|Terminating|Released|PodInitializing|Init:\S+|Unknown|NotReady)$/;
const BAD = /^(Error|CrashLoopBackOff|ErrImagePull|ImagePullBackOff|Failed|Lost|Evicted|OOMKilled|Warning|False|ExitCode:\d+)$/;

/** Colour whole cells (runs of non-spaces), after layout, so alignment is untouched. */
export function colorize(table: string, hasHeader: boolean): string {
  // the caller decided colour is wanted (a terminal): at least basic colours then
  const c = new Chalk({ level: chalk.level || 1 });
  return table
    .split('\n')
    .map((line, i) => {
      if (!line) return line;
      if (hasHeader && (i === 0 || (/^(NAME|NAMESPACE|LAST SEEN|EVENT) /.test(line) && line === line.toUpperCase()))) return c.dim(line);
      return line.replace(/\S+/g, (cell) =>
        GOOD.test(cell) ? c.green(cell) : WAIT.test(cell) ? c.yellow(cell) : BAD.test(cell) ? c.red(cell) : cell,
      );
    })
    .join('\n');
}
