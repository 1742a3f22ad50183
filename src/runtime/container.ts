// What a command run in a container sees: its files (mounts), environment, names and network.
import { join } from 'node:path';
import type { Container as ContainerSpec, Json, KObject, PodRecord } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { ensureDir, ensureVolumeDir, podDir } from '../store/data-dirs.js';
import { podObject } from '../apiserver/pod-object.js';
import { makeDirs, type Mount, PodFs, seedRoot } from './podfs.js';

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

function mounts(c: Cluster, statePath: string, pod: KObject, ctr: ContainerSpec): Mount[] {
  const own = podDir(statePath, pod.metadata.uid);
  const root = join(own, 'rootfs');
  ensureDir(root);
  const out: Mount[] = [{ path: '/', host: root, readOnly: false, source: 'overlay' }];
  const volumes: Json[] = pod.spec?.volumes ?? [];
  for (const vm of ctr.volumeMounts ?? []) {
    const v = volumes.find((x) => x.name === vm.name);
    if (!v) continue;
    const path = PodFs.abs(vm.mountPath, '/');
    if (v.persistentVolumeClaim) {
      const pvc = c.get('PersistentVolumeClaim', pod.metadata.namespace, v.persistentVolumeClaim.claimName);
      const pv = pvc?.spec?.volumeName ? c.get('PersistentVolume', undefined, pvc.spec.volumeName) : undefined;
      if (!pv) continue;
      out.push({
        path,
        host: ensureVolumeDir(statePath, pv.metadata.name, formatted(pv)),
        readOnly: !!(vm.readOnly || v.persistentVolumeClaim.readOnly),
        size: pvc?.status?.capacity?.storage ?? pv.spec?.capacity?.storage,
        source: `/dev/${pv.metadata.name.slice(0, 12)}`,
      });
    } else {
      // emptyDir and the rest: the pod's own directory per volume (configMap/secret: read-only, empty)
      const host = join(own, 'volumes', vm.name);
      ensureDir(host);
      out.push({ path, host, readOnly: !!vm.readOnly || !!(v.configMap || v.secret || v.downwardAPI || v.projected), source: 'tmpfs' });
    }
  }
  return out;
}

export function openContainer(c: Cluster, statePath: string, record: PodRecord, ctr: ContainerSpec): Container {
  const pod = podObject(c, record);
  const ns = pod.metadata.namespace!;
  const hostname = pod.spec?.hostname ?? pod.metadata.name;
  const sub = pod.spec?.subdomain;
  const headless = sub ? c.get('Service', ns, sub)?.spec?.clusterIP === 'None' : false;
  const fqdn = headless ? `${hostname}.${sub}.${ns}.svc.cluster.local` : hostname;
  const volumes = mounts(c, statePath, pod, ctr);
  // the runtime makes each mount point in the root, as runc does before mounting
  for (const m of volumes) if (m.path !== '/') makeDirs(volumes[0].host, m.path);
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
  for (const e of ctr.env ?? []) if (e?.name) env[e.name] = e.value ?? '';
  return { c, statePath, pod, record, container: ctr, fs: fsys, env, hostname, fqdn };
}
