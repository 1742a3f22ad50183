// kubecolor-style colour for tables on a terminal: headers dim, statuses by health.
import chalk from 'chalk';

const GOOD = /^(Running|Bound|Active|Available|Ready|Completed|Succeeded|True|Normal)$/;
const WAIT = /^(Pending|ContainerCreating|Terminating|Released|PodInitializing|Init:\S+|Unknown|NotReady)$/;
const BAD = /^(Error|CrashLoopBackOff|ErrImagePull|ImagePullBackOff|Failed|Lost|Evicted|OOMKilled|Warning|False|ExitCode:\d+)$/;

/** Colour whole cells (runs of non-spaces), after layout, so alignment is untouched. */
export function colorize(table: string, hasHeader: boolean): string {
  return table
    .split('\n')
    .map((line, i) => {
      if (!line) return line;
      if (hasHeader && (i === 0 || /^(NAME|NAMESPACE|LAST SEEN|EVENT) /.test(line) && line === line.toUpperCase())) return chalk.dim(line);
      return line.replace(/\S+/g, (cell) => (GOOD.test(cell) ? chalk.green(cell) : WAIT.test(cell) ? chalk.yellow(cell) : BAD.test(cell) ? chalk.red(cell) : cell));
    })
    .join('\n');
}
