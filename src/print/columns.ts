// The server-side table columns of each kind (pkg/printers/internalversion in Kubernetes).
import type { Json, KObject } from '../api/types.js';
import { age, humanDuration } from './age.js';

export interface Columns {
  headers: string[];
  wide: string[];
  row(o: KObject, now: number): { cells: string[]; wide: string[] };
}

const MODE_ABBR: [string, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];
const accessModes = (modes: string[] | undefined) =>
  MODE_ABBR.filter(([m]) => (modes ?? []).includes(m))
    .map(([, a]) => a)
    .join(',');

const beta = (o: KObject) => o.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];

/** READY, STATUS and RESTARTS of a pod, by kubectl's rules (printers.go printPod, 1.33): the first
 *  init container not done names the status (Init:N/M, Init:REASON); app containers only after. */
export function podStatus(o: KObject, now: number): { ready: string; status: string; restarts: string } {
  const st = o.status ?? {};
  let reason: string = st.reason || st.phase || '';
  let ready = 0;
  let restarts = 0;
  let lastRestart: number | undefined;
  const initSpecs: Json[] = o.spec?.initContainers ?? [];
  const sidecar = (name: string) => initSpecs.find((c) => c.name === name)?.restartPolicy === 'Always';
  const total = (o.spec?.containers ?? []).length + initSpecs.filter((c) => c.restartPolicy === 'Always').length;
  let sidecarRestarts = 0;
  let lastSidecarRestart: number | undefined;
  const finished = (cs: Json) => {
    const fin = cs.lastState?.terminated?.finishedAt;
    return fin ? Date.parse(fin) : undefined;
  };
  const later = (a: number | undefined, b: number | undefined) => (b === undefined ? a : Math.max(a ?? 0, b));
  let initializing = false;
  const inits: Json[] = st.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i++) {
    const cs = inits[i];
    restarts += cs.restartCount ?? 0;
    lastRestart = later(lastRestart, finished(cs));
    if (sidecar(cs.name)) {
      sidecarRestarts += cs.restartCount ?? 0;
      lastSidecarRestart = later(lastSidecarRestart, finished(cs));
    }
    const term = cs.state?.terminated;
    if (term && (term.exitCode ?? 0) === 0) continue;
    if (sidecar(cs.name) && cs.started) {
      if (cs.ready) ready++;
      continue;
    }
    if (term) reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
    else if (cs.state?.waiting?.reason && cs.state.waiting.reason !== 'PodInitializing') reason = `Init:${cs.state.waiting.reason}`;
    else reason = `Init:${i}/${initSpecs.length}`;
    initializing = true;
    break;
  }
  const initialized = (st.conditions ?? []).some((c: Json) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses: Json[] = st.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      restarts += cs.restartCount ?? 0;
      lastRestart = later(lastRestart, finished(cs));
      if (cs.state?.waiting?.reason) reason = cs.state.waiting.reason;
      else if (cs.state?.terminated?.reason) reason = cs.state.terminated.reason;
      else if (cs.state?.terminated)
        reason = cs.state.terminated.signal ? `Signal:${cs.state.terminated.signal}` : `ExitCode:${cs.state.terminated.exitCode}`;
      else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const readyCond = (st.conditions ?? []).find((c: Json) => c.type === 'Ready');
      reason = readyCond?.status === 'True' ? 'Running' : 'NotReady';
    }
  }
  if (o.metadata.deletionTimestamp && st.reason === 'NodeLost') reason = 'Unknown';
  else if (o.metadata.deletionTimestamp && st.phase !== 'Succeeded' && st.phase !== 'Failed') reason = 'Terminating';
  const restartText = lastRestart !== undefined && restarts > 0 ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
  return { ready: `${ready}/${total}`, status: reason, restarts: restartText };
}

const servicePorts = (s: Json) => {
  const ports: Json[] = s?.ports ?? [];
  if (!ports.length) return '<none>';
  return ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
};

const selectorText = (sel: Record<string, string> | undefined) =>
  sel && Object.keys(sel).length
    ? Object.entries(sel)
        .map(([k, v]) => `${k}=${v}`)
        .sort()
        .join(',')
    : '<none>';

const ROLE_PREFIX = 'node-role.kubernetes.io/';

/** A node's roles, as kubectl's findNodeRoles reads them from its labels. */
export function nodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX) && k.length > ROLE_PREFIX.length) roles.add(k.slice(ROLE_PREFIX.length));
    else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return [...roles].sort();
}

export const COLUMNS: Record<string, Columns> = {
  Pod: {
    headers: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    wide: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
    row(o, now) {
      const s = podStatus(o, now);
      return {
        cells: [o.metadata.name, s.ready, s.status, s.restarts, age(o.metadata.creationTimestamp, now)],
        wide: [o.status?.podIP || '<none>', o.spec?.nodeName || '<none>', o.status?.nominatedNodeName || '<none>', '<none>'],
      };
    },
  },
  StatefulSet: {
    headers: ['NAME', 'READY', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES'],
    row(o, now) {
      const cs: Json[] = o.spec?.template?.spec?.containers ?? [];
      return {
        cells: [o.metadata.name, `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`, age(o.metadata.creationTimestamp, now)],
        wide: [cs.map((c) => c.name).join(','), cs.map((c) => c.image).join(',')],
      };
    },
  },
  PersistentVolumeClaim: {
    headers: ['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE'],
    wide: ['VOLUMEMODE'],
    row(o, now) {
      const bound = !!o.spec?.volumeName;
      return {
        cells: [
          o.metadata.name,
          o.metadata.deletionTimestamp ? 'Terminating' : (o.status?.phase ?? ''),
          o.spec?.volumeName ?? '',
          bound ? (o.status?.capacity?.storage ?? '') : '',
          bound ? accessModes(o.status?.accessModes) : '',
          beta(o) ?? o.spec?.storageClassName ?? '',
          o.spec?.volumeAttributesClassName ?? '<unset>',
          age(o.metadata.creationTimestamp, now),
        ],
        wide: [o.spec?.volumeMode ?? '<unset>'],
      };
    },
  },
  PersistentVolume: {
    headers: ['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE'],
    wide: ['VOLUMEMODE'],
    row(o, now) {
      const ref = o.spec?.claimRef;
      return {
        cells: [
          o.metadata.name,
          o.spec?.capacity?.storage ?? '',
          accessModes(o.spec?.accessModes),
          o.spec?.persistentVolumeReclaimPolicy ?? '',
          o.metadata.deletionTimestamp ? 'Terminating' : (o.status?.phase ?? ''),
          ref ? `${ref.namespace}/${ref.name}` : '',
          beta(o) ?? o.spec?.storageClassName ?? '',
          o.spec?.volumeAttributesClassName ?? '<unset>',
          o.status?.reason ?? '',
          age(o.metadata.creationTimestamp, now),
        ],
        wide: [o.spec?.volumeMode ?? '<unset>'],
      };
    },
  },
  Service: {
    headers: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    wide: ['SELECTOR'],
    row(o, now) {
      const s = o.spec ?? {};
      const ext = s.type === 'LoadBalancer' ? '<pending>' : s.type === 'ExternalName' ? s.externalName : (s.externalIPs ?? []).join(',') || '<none>';
      return {
        cells: [o.metadata.name, s.type ?? 'ClusterIP', s.clusterIP ?? '<none>', ext, servicePorts(s), age(o.metadata.creationTimestamp, now)],
        wide: [selectorText(s.selector)],
      };
    },
  },
  StorageClass: {
    headers: ['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE'],
    wide: [],
    row(o, now) {
      const isDefault = o.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true';
      return {
        cells: [
          isDefault ? `${o.metadata.name} (default)` : o.metadata.name,
          o.provisioner ?? '',
          o.reclaimPolicy ?? 'Delete',
          o.volumeBindingMode ?? 'Immediate',
          String(o.allowVolumeExpansion ?? false),
          age(o.metadata.creationTimestamp, now),
        ],
        wide: [],
      };
    },
  },
  Namespace: {
    headers: ['NAME', 'STATUS', 'AGE'],
    wide: [],
    row(o, now) {
      return {
        cells: [
          o.metadata.name,
          o.metadata.deletionTimestamp ? 'Terminating' : (o.status?.phase ?? 'Active'),
          age(o.metadata.creationTimestamp, now),
        ],
        wide: [],
      };
    },
  },
  // printNode: the Ready condition's status, SchedulingDisabled when cordoned; roles from
  // node-role.kubernetes.io/* and kubernetes.io/role labels (findNodeRoles)
  Node: {
    headers: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
    wide: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
    row(o, now) {
      const addr = (t: string) => o.status?.addresses?.find((a: Json) => a.type === t)?.address ?? '<none>';
      const ready = o.status?.conditions?.find((c: Json) => c.type === 'Ready');
      const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
      if (o.spec?.unschedulable) status.push('SchedulingDisabled');
      const info = o.status?.nodeInfo ?? {};
      return {
        cells: [
          o.metadata.name,
          status.join(','),
          nodeRoles(o.metadata.labels).join(',') || '<none>',
          age(o.metadata.creationTimestamp, now),
          info.kubeletVersion ?? '',
        ],
        wide: [
          addr('InternalIP'),
          addr('ExternalIP'),
          info.osImage || '<unknown>',
          info.kernelVersion || '<unknown>',
          info.containerRuntimeVersion ?? '',
        ],
      };
    },
  },
  ControllerRevision: {
    headers: ['NAME', 'CONTROLLER', 'REVISION', 'AGE'],
    wide: [],
    row(o, now) {
      const owner = o.metadata.ownerReferences?.find((r) => r.controller);
      const group = owner?.apiVersion.includes('/') ? `.${owner.apiVersion.split('/')[0]}` : '';
      return {
        cells: [
          o.metadata.name,
          owner ? `${owner.kind.toLowerCase()}${group}/${owner.name}` : '<none>',
          String(o.revision ?? 0),
          age(o.metadata.creationTimestamp, now),
        ],
        wide: [],
      };
    },
  },
};

function endpointsText(o: KObject): string {
  const all: string[] = [];
  for (const sub of (o.subsets ?? []) as Json[]) {
    const ports: Json[] = sub.ports ?? [];
    for (const a of (sub.addresses ?? []) as Json[]) {
      if (!ports.length) all.push(a.ip);
      else for (const p of ports) all.push(`${a.ip}:${p.port}`);
    }
  }
  if (!all.length) return '<none>';
  return all.length > 3 ? `${all.slice(0, 3).join(',')} + ${all.length - 3} more...` : all.join(',');
}
COLUMNS.Event = {
  headers: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
  wide: [],
  row: (o, now) => ({
    cells: [
      age(o.lastTimestamp, now),
      o.type,
      o.reason,
      `${String(o.involvedObject?.kind).toLowerCase()}/${o.involvedObject?.name}`,
      String(o.message ?? '').trim(),
    ],
    wide: [],
  }),
};

COLUMNS.Endpoints = {
  headers: ['NAME', 'ENDPOINTS', 'AGE'],
  wide: [],
  row: (o, now) => ({ cells: [o.metadata.name, endpointsText(o), age(o.metadata.creationTimestamp, now)], wide: [] }),
};

/** listWithMoreString: the first three, then "+ N more...", `<unset>` when none. */
function firstThree(items: string[]): string {
  if (items.length > 3) return `${items.slice(0, 3).join(',')} + ${items.length - 3} more...`;
  return items.join(',') || '<unset>';
}

/** printers.go printEndpointSlice: formatDiscoveryPorts (the number, else the name, else `*`) and formatDiscoveryEndpoints (every address). */
COLUMNS.EndpointSlice = {
  headers: ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'],
  wide: [],
  row: (o, now) => ({
    cells: [
      o.metadata.name,
      String(o.addressType ?? ''),
      firstThree(((o.ports ?? []) as Json[]).map((p) => (p.port !== undefined && p.port !== null ? String(p.port) : (p.name ?? '*')))),
      firstThree(((o.endpoints ?? []) as Json[]).flatMap((e) => (e.addresses ?? []) as string[])),
      age(o.metadata.creationTimestamp, now),
    ],
    wide: [],
  }),
};

const count = (m: Record<string, unknown> | undefined) => Object.keys(m ?? {}).length;

COLUMNS.ConfigMap = {
  headers: ['NAME', 'DATA', 'AGE'],
  wide: [],
  row: (o, now) => ({ cells: [o.metadata.name, String(count(o.data) + count(o.binaryData)), age(o.metadata.creationTimestamp, now)], wide: [] }),
};

COLUMNS.Secret = {
  headers: ['NAME', 'TYPE', 'DATA', 'AGE'],
  wide: [],
  row: (o, now) => ({ cells: [o.metadata.name, String(o.type ?? ''), String(count(o.data)), age(o.metadata.creationTimestamp, now)], wide: [] }),
};

/** printers.go printPodDisruptionBudget: the spec's int-or-percent as given, N/A when unset. */
COLUMNS.PodDisruptionBudget = {
  headers: ['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE'],
  wide: [],
  row: (o, now) => ({
    cells: [
      o.metadata.name,
      o.spec?.minAvailable !== undefined ? String(o.spec.minAvailable) : 'N/A',
      o.spec?.maxUnavailable !== undefined ? String(o.spec.maxUnavailable) : 'N/A',
      String(o.status?.disruptionsAllowed ?? 0),
      age(o.metadata.creationTimestamp, now),
    ],
    wide: [],
  }),
};

/** printers.go printScale: what `get --subresource=scale` shows (ScaleREST's ConvertToTable uses the set's printers). */
COLUMNS.Scale = {
  headers: ['NAME', 'DESIRED', 'AVAILABLE', 'AGE'],
  wide: [],
  row: (o, now) => ({
    cells: [o.metadata.name, String(o.spec?.replicas ?? 0), String(o.status?.replicas ?? 0), age(o.metadata.creationTimestamp, now)],
    wide: [],
  }),
};

/** Kinds without a simulated printer show NAME and AGE. */
export const GENERIC: Columns = {
  headers: ['NAME', 'AGE'],
  wide: [],
  row: (o, now) => ({ cells: [o.metadata.name, age(o.metadata.creationTimestamp, now)], wide: [] }),
};

export const columnsFor = (kind: string): Columns => (Object.hasOwn(COLUMNS, kind) ? COLUMNS[kind] : GENERIC);

/** `-L KEY`: the column's header, the key's last segment upper-cased (`-L apps.kubernetes.io/pod-index` → POD-INDEX). */
export const labelColumnHeader = (key: string): string => key.split('/').pop()!.toUpperCase();

/** The value of label `key`, or empty: own labels only, so `-L __proto__` is just a missing label. */
export function labelColumnValue(o: KObject, key: string): string {
  const labels: unknown = o.metadata.labels;
  if (typeof labels !== 'object' || labels === null || !Object.hasOwn(labels, key)) return '';
  const v = (labels as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : '';
}
