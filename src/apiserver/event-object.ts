// Recorded events as the Event objects the API returns (core/v1, with count and timestamps).
import { kindInfo } from '../api/kinds.js';
import type { KObject } from '../api/types.js';
import { iso } from '../store/cluster.js';
import type { EventRecord } from '../store/schema.js';

/** `seq` (the event's position in the record) orders events that happened in the same millisecond. */
export function eventObject(e: EventRecord, seq = 0): KObject {
  const info = kindInfo(e.kind);
  const apiVersion = info ? (info.group ? `${info.group}/${info.version}` : info.version) : 'v1';
  // <object>.<hex nanoseconds of first occurrence>, as the recorder names them
  const name = `${e.name}.${(BigInt(e.first) * 1_000_000n + BigInt(seq % 1_000_000)).toString(16)}`;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name,
      namespace: e.ns,
      uid: `${e.uid.slice(0, 24)}${(e.first % 1e12).toString(16).padStart(12, '0').slice(-12)}`,
      resourceVersion: String(e.last),
      creationTimestamp: iso(e.first),
    },
    involvedObject: { apiVersion, kind: e.kind, name: e.name, namespace: e.ns, uid: e.uid },
    reason: e.reason,
    message: e.msg,
    type: e.type,
    count: e.count,
    firstTimestamp: iso(e.first),
    lastTimestamp: iso(e.last),
    source: { component: e.src.split(' ')[0] },
    reportingComponent: e.src.split(' ')[0],
    reportingInstance: '',
  };
}
