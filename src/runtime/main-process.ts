// What a container's main process does when it starts, for images whose process is a shell (no
// entrypoint, CMD sh: busybox, alpine, …): without a terminal `sh` reads no script and exits 0 at
// once; a command given runs to its end through the pod's shell, exiting with its status. Images
// with a server (image-table.ts) keep running. Commands take no cluster time (`sleep` returns).
import type { Container as ContainerSpec, PodRecord } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { openContainer } from './container.js';
import { Shell } from './shell.js';

/** Images whose default process is a shell. */
export const SHELL_IMAGES = /^(?:[^/]+\/)*(busybox|alpine|ubuntu|debian|centos|fedora|rockylinux|almalinux|amazonlinux)(?::[^@]*)?(?:@.*)?$/;

/**
 * The exit status of a container whose main process ends as soon as it starts, or undefined when
 * it keeps running (a server image, or a shell kept open on stdin). A cluster without files runs
 * no command: it exits 0.
 */
export function exitAtStart(c: Cluster, p: PodRecord, ctr: ContainerSpec): number | undefined {
  if (!SHELL_IMAGES.test(ctr.image ?? '') || ctr.stdin) return undefined;
  const argv = [...(ctr.command ?? []), ...(ctr.args ?? [])].filter((w): w is string => typeof w === 'string');
  if (!argv.length || !c.statePath) return 0;
  return new Shell(openContainer(c, c.statePath, p, ctr)).exec(argv).code;
}

/** The container's main process ended with `code` (a command run in it as its process, attached):
 *  recorded on the pod for the kubelet, as a signal from inside is (shell/programs/procs.ts). */
export function mainExited(c: Cluster, p: PodRecord, code: number): void {
  if (p.runningSince === undefined || p.waitingReason || p.killedAt !== undefined || p.deletingSince !== undefined) return;
  p.killedAt = c.now;
  p.exitCode = code;
  c.touchPod(p);
}
