// `describe`: kubectl's describers for Pod, StatefulSet and PersistentVolumeClaim (and a short
// generic one for the rest), laid out by the describe tabwriter (minwidth 0, padding 2).
import { labelSelectorString } from '../api/labels.js';
import type { Json, KObject } from '../api/types.js';
import type { EventRecord } from '../store/schema.js';
import { age, humanDuration, rfc1123 } from './age.js';
import { tabwrite } from './tabwriter.js';
import { containerLines, podQOS, tolerationItems, volumeLines } from './describe-pod-parts.js';

class Lines {
  readonly out: string[] = [];
  add(indent: number, text: string): void {
    this.out.push('  '.repeat(indent) + text);
  }
  /** `Labels:\tk=v` then continuation lines in the value column; `<none>` when empty. */
  multiline(indent: number, title: string, items: string[]): void {
    const pad = '  '.repeat(indent);
    if (!items.length) {
      this.out.push(`${pad}${title}:\t<none>`);
      return;
    }
    items.forEach((it, i) => this.out.push(i === 0 ? `${pad}${title}:\t${it}` : `${pad}\t${it}`));
  }
  text(): string {
    return tabwrite(this.out.join('\n') + '\n', { minWidth: 0, padding: 2 });
  }
  /** Unaligned, with the raw tabs (how `rollout history --revision` prints a template). */
  raw(): string {
    return this.out.join('\n') + '\n';
  }
}

export const kv = (m: Record<string, string> | undefined) =>
  Object.entries(m ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .sort();
export const annotationLines = (m: Record<string, string> | undefined) =>
  Object.entries(m ?? {})
    .filter(([k]) => k !== 'kubectl.kubernetes.io/last-applied-configuration')
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}: ${v}`);

/** The Events table every describer ends with (kubectl's DescribeEvents). */
export function events(l: Lines, evs: EventRecord[], now: number): void {
  if (!evs.length) {
    l.add(0, 'Events:\t<none>');
    return;
  }
  l.add(0, 'Events:');
  l.add(1, 'Type\tReason\tAge\tFrom\tMessage');
  l.add(1, '----\t------\t----\t----\t-------');
  for (const e of [...evs].sort((a, b) => a.last - b.last)) {
    const when = e.count > 1 ? `${humanDuration(now - e.last)} (x${e.count} over ${humanDuration(now - e.first)})` : humanDuration(now - e.first);
    l.add(1, `${e.type}\t${e.reason}\t${when}\t${e.src}\t${e.msg.trim()}`);
  }
}

/** The container blocks of `describe pod` in order, each section titled at its first: kubectl's
 *  describeContainers, called for "Init Containers" (when there are any) and then "Containers". */
function* containerBlocks(pod: KObject): Generator<{ title?: string; c: Json; statuses: Json[] }> {
  const sections: [string, Json[], Json[] | undefined][] = [
    ['Init Containers:', pod.spec?.initContainers ?? [], pod.status?.initContainerStatuses],
    ['Containers:', pod.spec?.containers ?? [], pod.status?.containerStatuses],
  ];
  for (const [title, list, statuses] of sections) {
    // a pod has at least one container (validation), so "Containers:" is always titled
    for (const [i, c] of list.entries()) yield { ...(i === 0 ? { title } : {}), c, statuses: statuses ?? [] };
  }
}

export function describePod(pod: KObject, evs: EventRecord[], nodeIP: string | undefined, now: number): string {
  const l = new Lines();
  const m = pod.metadata;
  const s = pod.status ?? {};
  l.add(0, `Name:\t${m.name}`);
  l.add(0, `Namespace:\t${m.namespace}`);
  if (pod.spec?.priority !== undefined) l.add(0, `Priority:\t${pod.spec.priority}`);
  l.add(0, `Service Account:\t${pod.spec?.serviceAccountName ?? 'default'}`);
  l.add(0, `Node:\t${pod.spec?.nodeName ? `${pod.spec.nodeName}/${nodeIP ?? ''}` : '<none>'}`);
  if (s.startTime) l.add(0, `Start Time:\t${rfc1123(s.startTime)}`);
  l.multiline(0, 'Labels', kv(m.labels));
  l.multiline(0, 'Annotations', annotationLines(m.annotations));
  if (m.deletionTimestamp) {
    l.add(0, `Status:\tTerminating (lasts ${humanDuration(Date.parse(m.deletionTimestamp) - now)})`);
    l.add(0, `Termination Grace Period:\t${m.deletionGracePeriodSeconds ?? 30}s`);
  } else l.add(0, `Status:\t${s.phase}`);
  if (s.reason) l.add(0, `Reason:\t${s.reason}`);
  if (s.message) l.add(0, `Message:\t${s.message}`);
  l.add(0, `IP:\t${s.podIP ?? ''}`);
  if (s.podIPs?.length) {
    l.add(0, 'IPs:');
    for (const ip of s.podIPs) l.add(1, `IP:\t${ip.ip}`);
  } else l.add(0, 'IPs:\t<none>');
  const owner = m.ownerReferences?.find((o) => o.controller);
  if (owner) l.add(0, `Controlled By:\t${owner.kind}/${owner.name}`);
  for (const { title, c, statuses } of containerBlocks(pod)) {
    if (title) l.add(0, title);
    const status = statuses.find((x: Json) => x.name === c.name);
    containerLines(l, c, status, false, pod);
  }
  if (s.conditions?.length) {
    l.add(0, 'Conditions:');
    l.add(1, 'Type\tStatus');
    for (const c of s.conditions) l.add(1, `${c.type} \t${c.status} `);
  }
  volumeLines(l, 0, pod.spec?.volumes);
  l.add(0, `QoS Class:\t${s.qosClass ?? podQOS(pod.spec)}`);
  l.multiline(0, 'Node-Selectors', kv(pod.spec?.nodeSelector));
  l.multiline(0, 'Tolerations', tolerationItems(pod.spec?.tolerations));
  events(l, evs, now);
  return l.text();
}

/** The `Pod Template:` block (also what `rollout history --revision` prints). */
export function podTemplateLines(l: Lines, tpl: Json): void {
  l.add(0, 'Pod Template:');
  l.multiline(1, 'Labels', kv(tpl.metadata?.labels));
  const ann = annotationLines(tpl.metadata?.annotations);
  if (ann.length) l.multiline(1, 'Annotations', ann);
  if (tpl.spec?.serviceAccountName) l.add(1, `Service Account:\t${tpl.spec.serviceAccountName}`);
  l.add(1, 'Containers:');
  for (const c of (tpl.spec?.containers ?? []) as Json[]) containerLines(l, c, undefined, true);
  volumeLines(l, 1, tpl.spec?.volumes);
  l.multiline(1, 'Node-Selectors', kv(tpl.spec?.nodeSelector));
  l.multiline(1, 'Tolerations', tolerationItems(tpl.spec?.tolerations));
}

export function describeStatefulSet(set: KObject, pods: KObject[], evs: EventRecord[], now: number): string {
  const l = new Lines();
  const m = set.metadata;
  const spec = set.spec;
  l.add(0, `Name:\t${m.name}`);
  l.add(0, `Namespace:\t${m.namespace}`);
  l.add(0, `CreationTimestamp:\t${rfc1123(m.creationTimestamp)}`);
  l.add(0, `Selector:\t${labelSelectorString(spec.selector ?? {})}`);
  l.multiline(0, 'Labels', kv(m.labels));
  l.multiline(0, 'Annotations', annotationLines(m.annotations));
  l.add(0, `Replicas:\t${spec.replicas} desired | ${set.status?.replicas ?? 0} total`);
  l.add(0, `Update Strategy:\t${spec.updateStrategy?.type ?? ''}`);
  const ru = spec.updateStrategy?.rollingUpdate;
  if (ru?.partition !== undefined) l.add(1, `Partition:\t${ru.partition}`);
  if (ru?.maxUnavailable !== undefined) l.add(1, `MaxUnavailable:\t${ru.maxUnavailable}`);
  const count = (phase: string) => pods.filter((p) => p.status?.phase === phase).length;
  l.add(0, `Pods Status:\t${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed`);
  podTemplateLines(l, spec.template ?? {});
  const vcts: Json[] = spec.volumeClaimTemplates ?? [];
  if (!vcts.length) l.add(0, 'Volume Claims:\t<none>');
  else {
    l.add(0, 'Volume Claims:');
    for (const t of vcts) {
      l.add(1, `Name:\t${t.metadata?.name}`);
      l.add(1, `StorageClass:\t${t.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? t.spec?.storageClassName ?? ''}`);
      l.multiline(1, 'Labels', kv(t.metadata?.labels));
      l.multiline(1, 'Annotations', annotationLines(t.metadata?.annotations));
      l.add(1, `Capacity:\t${t.spec?.resources?.requests?.storage ?? '<default>'}`);
      l.add(1, `Access Modes:\t[${(t.spec?.accessModes ?? []).join(' ')}]`);
    }
  }
  events(l, evs, now);
  return l.text();
}

const MODE_ABBR: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };

export function describeClaim(pvc: KObject, usedBy: string[], evs: EventRecord[], now: number): string {
  const l = new Lines();
  const m = pvc.metadata;
  const bound = !!pvc.spec?.volumeName;
  l.add(0, `Name:\t${m.name}`);
  l.add(0, `Namespace:\t${m.namespace}`);
  l.add(0, `StorageClass:\t${m.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pvc.spec?.storageClassName ?? ''}`);
  l.add(
    0,
    `Status:\t${m.deletionTimestamp ? `Terminating (lasts ${humanDuration(now - Date.parse(m.deletionTimestamp))})` : (pvc.status?.phase ?? '')}`,
  );
  l.add(0, `Volume:\t${pvc.spec?.volumeName ?? ''}`);
  l.multiline(0, 'Labels', kv(m.labels));
  l.multiline(0, 'Annotations', annotationLines(m.annotations));
  l.add(0, `Finalizers:\t[${(m.finalizers ?? []).join(' ')}]`);
  l.add(0, `Capacity:\t${bound ? (pvc.status?.capacity?.storage ?? '') : ''}`);
  l.add(0, `Access Modes:\t${bound ? (pvc.status?.accessModes ?? []).map((x: string) => MODE_ABBR[x] ?? x).join(',') : ''}`);
  if (pvc.spec?.volumeMode) l.add(0, `VolumeMode:\t${pvc.spec.volumeMode}`);
  l.add(0, `Used By:\t${usedBy.length ? usedBy[0] : '<none>'}`);
  for (const u of usedBy.slice(1)) l.add(0, `\t${u}`);
  events(l, evs, now);
  return l.text();
}

export function describeVolume(pv: KObject, evs: EventRecord[], now: number): string {
  const l = new Lines();
  const m = pv.metadata;
  const s = pv.spec ?? {};
  l.add(0, `Name:\t${m.name}`);
  l.multiline(0, 'Labels', kv(m.labels));
  l.multiline(0, 'Annotations', annotationLines(m.annotations));
  l.add(0, `Finalizers:\t[${(m.finalizers ?? []).join(' ')}]`);
  l.add(0, `StorageClass:\t${m.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? s.storageClassName ?? ''}`);
  l.add(
    0,
    `Status:\t${m.deletionTimestamp ? `Terminating (lasts ${humanDuration(now - Date.parse(m.deletionTimestamp))})` : (pv.status?.phase ?? '')}`,
  );
  l.add(0, `Claim:\t${s.claimRef ? `${s.claimRef.namespace}/${s.claimRef.name}` : ''}`);
  l.add(0, `Reclaim Policy:\t${s.persistentVolumeReclaimPolicy ?? ''}`);
  l.add(0, `Access Modes:\t${(s.accessModes ?? []).map((x: string) => MODE_ABBR[x] ?? x).join(',')}`);
  l.add(0, `VolumeMode:\t${s.volumeMode ?? 'Filesystem'}`);
  l.add(0, `Capacity:\t${s.capacity?.storage ?? ''}`);
  l.add(0, 'Node Affinity:\t<none>');
  l.add(0, `Message:\t${pv.status?.message ?? ''}`);
  l.add(0, 'Source:');
  if (s.hostPath) {
    l.add(2, 'Type:\tHostPath (bare host directory volume)');
    l.add(2, `Path:\t${s.hostPath.path}`);
    l.add(2, `HostPathType:\t${s.hostPath.type ?? ''}`);
  } else if (s.csi) {
    l.add(2, 'Type:\tCSI (a Container Storage Interface (CSI) volume source)');
    l.add(2, `Driver:\t${s.csi.driver}`);
    l.add(2, `FSType:\t${s.csi.fsType ?? ''}`);
    l.add(2, `VolumeHandle:\t${s.csi.volumeHandle}`);
    l.add(2, `ReadOnly:\t${s.csi.readOnly ?? false}`);
    l.add(2, 'VolumeAttributes:\t<none>');
  } else if (s.nfs) {
    l.add(2, 'Type:\tNFS (an NFS mount that lasts the lifetime of a pod)');
    l.add(2, `Server:\t${s.nfs.server}`);
    l.add(2, `Path:\t${s.nfs.path}`);
    l.add(2, `ReadOnly:\t${s.nfs.readOnly ?? false}`);
  } else {
    const kind = Object.keys(s).find(
      (k) =>
        ![
          'accessModes',
          'capacity',
          'claimRef',
          'persistentVolumeReclaimPolicy',
          'storageClassName',
          'volumeMode',
          'mountOptions',
          'nodeAffinity',
        ].includes(k),
    );
    l.add(2, `Type:\t${kind ?? '<unknown>'}`);
  }
  events(l, evs, now);
  return l.text();
}

export function describeStorageClass(sc: KObject, evs: EventRecord[], now: number): string {
  const l = new Lines();
  const m = sc.metadata;
  const isDefault = m.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true';
  const ann = Object.entries(m.annotations ?? {})
    .filter(([k]) => k !== 'kubectl.kubernetes.io/last-applied-configuration')
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join(',');
  const params = Object.entries(sc.parameters ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join(',');
  l.add(0, `Name:\t${m.name}`);
  l.add(0, `IsDefaultClass:\t${isDefault ? 'Yes' : 'No'}`);
  l.add(0, `Annotations:\t${ann}`);
  l.add(0, `Provisioner:\t${sc.provisioner}`);
  l.add(0, `Parameters:\t${params || '<none>'}`);
  l.add(0, `AllowVolumeExpansion:\t${sc.allowVolumeExpansion === undefined ? '<unset>' : sc.allowVolumeExpansion ? 'True' : 'False'}`);
  l.add(0, `MountOptions:\t${(sc.mountOptions ?? []).length ? sc.mountOptions.join(', ') : '<none>'}`);
  l.add(0, `ReclaimPolicy:\t${sc.reclaimPolicy ?? 'Delete'}`);
  l.add(0, `VolumeBindingMode:\t${sc.volumeBindingMode ?? 'Immediate'}`);
  events(l, evs, now);
  return l.text();
}

/** kubectl's ConfigMapDescriber: every value in full under Data, sizes under BinaryData, then events. */
export function describeConfigMap(cm: KObject, evs: EventRecord[], now: number): string {
  const l = new Lines();
  const m = cm.metadata;
  l.add(0, `Name:\t${m.name}`);
  l.add(0, `Namespace:\t${m.namespace}`);
  l.multiline(0, 'Labels', kv(m.labels));
  l.multiline(0, 'Annotations', annotationLines(m.annotations));
  l.add(0, '');
  l.add(0, 'Data');
  l.add(0, '====');
  for (const k of Object.keys(cm.data ?? {}).sort()) {
    l.add(0, `${k}:`);
    l.add(0, '----');
    l.add(0, String(cm.data[k]));
    l.add(0, '');
  }
  l.add(0, '');
  l.add(0, 'BinaryData');
  l.add(0, '====');
  for (const k of Object.keys(cm.binaryData ?? {}).sort()) l.add(0, `${k}: ${Buffer.from(String(cm.binaryData[k]), 'base64').length} bytes`);
  l.add(0, '');
  events(l, evs, now);
  return l.text();
}

/** kubectl's describeSecret: the type, and each value's size only (a service account token in full). */
export function describeSecret(secret: KObject): string {
  const l = new Lines();
  const m = secret.metadata;
  l.add(0, `Name:\t${m.name}`);
  l.add(0, `Namespace:\t${m.namespace}`);
  l.multiline(0, 'Labels', kv(m.labels));
  l.multiline(0, 'Annotations', annotationLines(m.annotations));
  l.add(0, '');
  l.add(0, `Type:\t${secret.type ?? ''}`);
  l.add(0, '');
  l.add(0, 'Data');
  l.add(0, '====');
  for (const k of Object.keys(secret.data ?? {}).sort()) {
    const bytes = Buffer.from(String(secret.data[k]), 'base64');
    const token = k === 'token' && secret.type === 'kubernetes.io/service-account-token';
    l.add(0, `${k}:\t${token ? bytes.toString('utf8') : `${bytes.length} bytes`}`);
  }
  return l.text();
}

/** Objects sts has no describer for: identity, labels, annotations and events. */
export function describeGeneric(o: KObject, evs: EventRecord[], now: number): string {
  const l = new Lines();
  l.add(0, `Name:\t${o.metadata.name}`);
  if (o.metadata.namespace) l.add(0, `Namespace:\t${o.metadata.namespace}`);
  l.multiline(0, 'Labels', kv(o.metadata.labels));
  l.multiline(0, 'Annotations', annotationLines(o.metadata.annotations));
  l.add(0, `Age:\t${age(o.metadata.creationTimestamp, now)}`);
  events(l, evs, now);
  return l.text();
}

export { Lines };
