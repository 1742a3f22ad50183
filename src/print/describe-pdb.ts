// `describe poddisruptionbudget`: kubectl's describePodDisruptionBudget (pkg/describe/describe.go).
import { labelSelectorString } from '../api/labels.js';
import type { KObject } from '../api/types.js';
import type { EventRecord } from '../store/schema.js';
import { events, Lines } from './describe.js';

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
  events(l, evs, now);
  return l.text();
}
