// What a command run in a container sees: its files (mounts, the kubelet-written volumes filled in),
// environment (env, envFrom, the downward API), names and network.
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import type { Container as ContainerSpec, Json, KObject, PodRecord } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { ensureDir, ensureVolumeDir, podDir } from '../store/data-dirs.js';
import { podObject } from '../apiserver/pod-object.js';
import { containerEnv, type EnvVar } from './env.js';
import { makeDirs, type Mount, PodFs, seedRoot } from './podfs.js';
import { CONFIG_SYNC_DELAY_MS, fakeToken, projectVolume, writeProjection } from './volumes.js';

export interface Container {
  c: Cluster;
  statePath: string;
  pod: KObject;
  record: PodRecord;
  container: ContainerSpec;
  fs: PodFs;
  env: Record<string, string>;
  hostname: string;
  /** <pod>.<subdomain>.<ns>.svc.cluster.local when a headless service names the subdomain */
  fqdn: string;
}

/** Volumes formatted like a disk show lost+found; host paths and the hostpath provisioner do not. */
function formatted(pv: KObject): boolean {
  const by = pv.metadata.annotations?.['pv.kubernetes.io/provisioned-by'];
  if (by) return !/hostpath|local-path|nfs/i.test(by);
  return !(pv.spec?.hostPath || pv.spec?.nfs || pv.spec?.local);
}

/** When a ConfigMap's or Secret's data last changed (`Kind/ns/name` → ms), as the API layer notes it. */
const changedAt = (c: Cluster, ns: string, source: string) => {
  const [kind, name] = source.split('/');
  return c.file.dataChangedAt?.[`${kind}/${ns}/${name}`] ?? 0;
};

/** Fill a configMap/secret/downwardAPI/projected volume's directory, or bring it up to date once
 *  the kubelet's sync would have (CONFIG_SYNC_DELAY_MS after the source's last change). */
function populate(c: Cluster, pod: KObject, record: PodRecord, v: Json, host: string): void {
  const ns = pod.metadata.namespace!;
  const projection = projectVolume(v, {
    pod,
    lookup: (kind, name) => c.get(kind, ns, name),
    token: (aud, exp) => fakeToken(pod, record.runningSince ?? record.scheduledAt ?? record.createdAt, aud, exp),
  });
  if (!projection) return;
  const synced = projection.sources.every((s) => c.now >= changedAt(c, ns, s) + CONFIG_SYNC_DELAY_MS);
  writeProjection(host, projection.files, c.now, synced);
}

/** A subPath mount's host path: inside the volume for claims and emptyDir (made as a directory when
 *  missing, as the kubelet does); for projected kinds a copy taken when first mounted, which never
 *  updates (kubelet bind-mounts the file it resolved). Undefined when the path is not a safe one. */
function subPathHost(own: string, v: Json, volHost: string, sub: string, ctr: ContainerSpec, idx: number): string | undefined {
  if (!sub.split('/').every((x) => x && x !== '..') || sub.startsWith('/')) return undefined;
  const projected = !!(v.configMap || v.secret || v.downwardAPI || v.projected);
  if (!projected) {
    const target = join(volHost, ...sub.split('/'));
    if (!makeDirs(volHost, posix.dirname(sub))) return undefined;
    const st = lstatOrNone(target);
    if (st?.isSymbolicLink()) return undefined;
    if (!st) makeDirs(volHost, sub);
    return target;
  }
  const copy = join(own, 'volume-subpaths', v.name, ctr.name, String(idx));
  if (!existsSync(copy)) {
    ensureDir(dirname(copy));
    const from = join(volHost, ...sub.split('/'));
    if (existsSync(from)) cpSync(realpathSync(from), copy, { recursive: true, dereference: true });
    else mkdirSync(copy);
  }
  return copy;
}

const lstatOrNone = (p: string) => {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
};

/** The directory of the pod's writable layer, one per start of its containers (they share one
 *  here): a restart gets a new one, and the old one goes once the restart is saved (cli/context.ts). */
export const rootfsName = (restarts: number | undefined) => (restarts ? `rootfs-${restarts}` : 'rootfs');

function mounts(c: Cluster, statePath: string, pod: KObject, record: PodRecord, ctr: ContainerSpec): Mount[] {
  const own = podDir(statePath, pod.metadata.uid);
  const root = join(own, rootfsName(record.restarts));
  ensureDir(root);
  const out: Mount[] = [{ path: '/', host: root, readOnly: false, source: 'overlay' }];
  const volumes: Json[] = pod.spec?.volumes ?? [];
  const populated = new Set<string>();
  (ctr.volumeMounts ?? []).forEach((vm, idx) => {
    const v = volumes.find((x) => x.name === vm.name);
    if (!v) return;
    const path = PodFs.abs(vm.mountPath, '/');
    let mount: Mount | undefined;
    if (v.persistentVolumeClaim) {
      const pvc = c.get('PersistentVolumeClaim', pod.metadata.namespace, v.persistentVolumeClaim.claimName);
      const pv = pvc?.spec?.volumeName ? c.get('PersistentVolume', undefined, pvc.spec.volumeName) : undefined;
      if (!pv) return;
      mount = {
        path,
        host: ensureVolumeDir(statePath, pv.metadata.name, formatted(pv)),
        readOnly: !!(vm.readOnly || v.persistentVolumeClaim.readOnly),
        size: pvc?.status?.capacity?.storage ?? pv.spec?.capacity?.storage,
        source: `/dev/${pv.metadata.name.slice(0, 12)}`,
      };
    } else {
      // emptyDir and the kubelet-written kinds: the pod's own directory per volume
      const host = join(own, 'volumes', vm.name);
      ensureDir(host);
      if (!populated.has(vm.name)) populate(c, pod, record, v, host);
      populated.add(vm.name);
      const written = !!(v.configMap || v.secret || v.downwardAPI || v.projected);
      mount = { path, host, readOnly: !!vm.readOnly || written, source: 'tmpfs' };
    }
    if (vm.subPath) {
      const host = subPathHost(own, v, mount.host, vm.subPath, ctr, idx);
      if (!host) return;
      mount = { ...mount, host };
    }
    out.push(mount);
  });
  return out;
}

/** The environment is made when the container starts and kept until it restarts (the kubelet
 *  resolves it once per start): resolved at the first exec after a start, then read back. */
function startEnv(statePath: string, pod: KObject, record: PodRecord, ctr: ContainerSpec, resolve: () => EnvVar[]): EnvVar[] {
  const file = join(podDir(statePath, pod.metadata.uid), 'env', `${ctr.name}-${record.restarts ?? 0}.json`);
  try {
    const kept: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (Array.isArray(kept) && kept.every((e) => typeof e?.name === 'string' && typeof e?.value === 'string')) return kept as EnvVar[];
  } catch {
    /* not started yet, or unreadable: resolve now */
  }
  const vars = resolve();
  ensureDir(dirname(file));
  writeFileSync(file, JSON.stringify(vars), { mode: 0o600 });
  return vars;
}

export function openContainer(c: Cluster, statePath: string, record: PodRecord, ctr: ContainerSpec): Container {
  const pod = podObject(c, record);
  const ns = pod.metadata.namespace!;
  const hostname = pod.spec?.hostname ?? pod.metadata.name;
  const sub = pod.spec?.subdomain;
  const headless = sub ? c.get('Service', ns, sub)?.spec?.clusterIP === 'None' : false;
  const fqdn = headless ? `${hostname}.${sub}.${ns}.svc.cluster.local` : hostname;
  const volumes = mounts(c, statePath, pod, record, ctr);
  // the runtime makes each mount point in the root, as runc does before mounting
  for (const m of volumes) if (m.path !== '/') makeDirs(volumes[0].host, statSync(m.host).isDirectory() ? m.path : posix.dirname(m.path));
  const fsys = new PodFs(volumes);
  seedRoot(fsys.mounts[fsys.mounts.length - 1].host, [ctr.image], hostname, `${record.ip ?? ''}\t${fqdn}\t${hostname}`);
  // no prototype: a variable named __proto__ or constructor is just unset
  const env: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOSTNAME: hostname,
    HOME: '/root',
    KUBERNETES_SERVICE_HOST: '10.96.0.1',
    KUBERNETES_SERVICE_PORT: '443',
    KUBERNETES_SERVICE_PORT_HTTPS: '443',
    KUBERNETES_PORT: 'tcp://10.96.0.1:443',
  });
  // $(VAR) sees the service variables and what envFrom and env defined before it, not the image's
  const services = Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('KUBERNETES_')));
  for (const e of startEnv(statePath, pod, record, ctr, () => containerEnv(pod, ctr, (kind, name) => c.get(kind, ns, name), services)))
    env[e.name] = e.value;
  return { c, statePath, pod, record, container: ctr, fs: fsys, env, hostname, fqdn };
}
