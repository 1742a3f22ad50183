// What every simulated controller is to the time loop (simulate.ts): it reacts to what changed,
// and says when time alone will next give it work. Mirrors a kube-controller-manager controller.

import type { Cluster } from '../store/cluster.js';

/**
 * One controller. The loop runs every controller's sync until none acts, asks each for its next
 * due time, moves the clock to the earliest, and repeats. Controllers are made afresh for each run
 * of the loop: what one remembers (the kubelet's pods in motion) is rebuilt from the cluster, as a
 * restarted controller relists; so the order they work in is the cluster's, not a previous run's.
 */
export interface Controller {
  readonly name: string;
  /** Work off its queue at the current instant (including what fell due by now); true if it acted. */
  sync(c: Cluster): boolean;
  /** The instant has settled: record what is stuck (events only; nothing another controller reacts to). */
  report?(c: Cluster): void;
  /** The earliest time (at or after now) time alone gives it work; undefined when it never will. */
  nextDue(c: Cluster): number | undefined;
  /**
   * The clock just reached a due time: do at once, before any controller syncs, what is due by
   * now. Only the kubelet needs this: its stage changes are what the others react to.
   */
  due?(c: Cluster): void;
}
