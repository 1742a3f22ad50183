// Warnings of `create`/`apply`: claims that would wait for a StorageClass that does not exist, and
// kinds that are stored but not simulated.
import { kindInfo } from '../api/kinds.js';
import type { KObject } from '../api/types.js';
import { defaultClassName } from '../apiserver/objects.js';
import { BETA_CLASS_ANNOTATION, claimClass, volumeClass } from '../api/storage.js';
import { nameOf } from '../print/printers.js';
import type { Cluster } from '../store/cluster.js';
import { warnAfter } from './output.js';

/** Classes the objects' claims ask for, with who asks. */
function wantedClasses(c: Cluster, objs: KObject[]): Map<string, string[]> {
  const wanted = new Map<string, string[]>();
  const want = (cls: string | undefined, who: string) => {
    if (!cls) return;
    if (!wanted.has(cls)) wanted.set(cls, []);
    wanted.get(cls)!.push(who);
  };
  for (const o of objs) {
    if (o.kind === 'StatefulSet')
      for (const t of o.spec.volumeClaimTemplates ?? [])
        want(t.metadata?.annotations?.[BETA_CLASS_ANNOTATION] ?? t.spec?.storageClassName ?? defaultClassName(c), nameOf(o));
    if (o.kind === 'PersistentVolumeClaim' && o.status?.phase === 'Pending') want(claimClass(o), nameOf(o));
  }
  return wanted;
}

export function warnMissingClasses(c: Cluster, objs: KObject[]): void {
  for (const [cls, who] of wantedClasses(c, objs)) {
    // A class that exists, or static volumes that carry its name, will satisfy the claims.
    if (c.get('StorageClass', undefined, cls) || c.list('PersistentVolume').some((pv) => volumeClass(pv) === cls)) continue;
    warnAfter(
      `Warning: storageclass.storage.k8s.io "${cls}" not found: claims of ${[...new Set(who)].join(', ')} will stay Pending (and so will their pods) until it exists. Create it with: sts create storageclass ${cls}`,
    );
  }
}

export function warnUnsimulated(objs: KObject[]): void {
  const kinds = [...new Set(objs.filter((o) => !kindInfo(o.kind)?.simulated).map((o) => o.kind))];
  if (kinds.length) warnAfter(`Warning: sts stores ${kinds.join(', ')} objects but no controller simulates them`);
}
