// `describe poddisruptionbudget`: kubectl's describePodDisruptionBudget (pkg/describe/describe.go).
import { labelSelectorString } from '../api/labels.js';
import type { KObject } from '../api/types.js';
import type { EventRecord } from '../store/schema.js';
import { humanDuration } from './age.js';
import { Lines } from './describe.js';

export function describePodDisruptionBudget(pdb: KObject, evs: EventRecord[], now: number): string {
  const l = new Lines();
  const spec = pdb.spec ?? {};
  const st = pdb.status ?? {};
  l.add(0, `Name:\t${pdb.metadata.name}`);
  l.add(0, `Namespace:\t${pdb.metadata.namespace}`);
  if (spec.minAvailable !== undefined) l.add(0, `Min available:\t${spec.minAvailable}`);
  else if (spec.maxUnavailable !== undefined) l.add(0, `Max unavailable:\t${spec.maxUnavailable}`);
  l.add(0, `Selector:\t${spec.selector ? labelSelectorString(spec.selector) : '<unset>'}`);
  l.add(0, 'Status:');
  l.add(2, `Allowed disruptions:\t${st.disruptionsAllowed ?? 0}`);
  l.add(2, `Current:\t${st.currentHealthy ?? 0}`);
  l.add(2, `Desired:\t${st.desiredHealthy ?? 0}`);
  l.add(2, `Total:\t${st.expectedPods ?? 0}`);
  if (!evs.length) l.add(0, 'Events:\t<none>');
  else {
    l.add(0, 'Events:');
    l.add(1, 'Type\tReason\tAge\tFrom\tMessage');
    l.add(1, '----\t------\t----\t----\t-------');
    for (const e of [...evs].sort((a, b) => a.last - b.last)) {
      const when = e.count > 1 ? `${humanDuration(now - e.last)} (x${e.count} over ${humanDuration(now - e.first)})` : humanDuration(now - e.first);
      l.add(1, `${e.type}\t${e.reason}\t${when}\t${e.src}\t${e.msg.trim()}`);
    }
  }
  return l.text();
}
