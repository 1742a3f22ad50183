// The faults a user injected into pods (`sts fault crash|unready POD`), as the kubelet's table reads
// them: asked of every pod in motion at every step, so the common case — none — builds no key.
import type { PodRecord } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';

export function podFault(c: Cluster, p: PodRecord): 'crash' | 'unready' | undefined {
  const faults = c.file.faults.pods;
  for (const _ in faults) return faults[`${p.ns}/${p.name}`];
  return undefined;
}
