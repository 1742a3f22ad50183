// The parts of `describe pod` (and of a template's describe) that show what a container gets:
// environment, mounts, volumes — kubectl's describeContainerEnvVars, describeContainerVolumes and
// describeVolumes (pkg/describe/describe.go).
import type { Json } from '../api/types.js';
import { resourceValue } from '../runtime/env.js';

interface Writer {
  add(indent: number, text: string): void;
}

export function envLines(l: Writer, indent: number, c: Json): void {
  const from: Json[] = c.envFrom ?? [];
  if (from.length) {
    l.add(indent, 'Environment Variables from:');
    for (const f of from) {
      const ref = f.configMapRef ?? f.secretRef ?? {};
      const kind = f.configMapRef ? 'ConfigMap' : 'Secret';
      const prefix = f.prefix ? ` with prefix '${f.prefix}'` : '';
      l.add(indent + 1, `${ref.name ?? ''}\t${kind}${prefix}\tOptional: ${ref.optional === true}`);
    }
  }
  const e: Json[] = c.env ?? [];
  if (!e.length) {
    l.add(indent, 'Environment:\t<none>');
    return;
  }
  l.add(indent, 'Environment:');
  for (const v of e) {
    const vf = v.valueFrom;
    let text: string;
    if (!vf) text = v.value ?? '';
    else if (vf.fieldRef) text = ` (${vf.fieldRef.apiVersion ?? 'v1'}:${vf.fieldRef.fieldPath})`;
    else if (vf.resourceFieldRef) text = `${resourceValue(c, vf.resourceFieldRef, {}) ?? ''} (${vf.resourceFieldRef.resource})`;
    else if (vf.secretKeyRef)
      text = `<set to the key '${vf.secretKeyRef.key}' in secret '${vf.secretKeyRef.name}'>\tOptional: ${vf.secretKeyRef.optional === true}`;
    else if (vf.configMapKeyRef)
      text = `<set to the key '${vf.configMapKeyRef.key}' of config map '${vf.configMapKeyRef.name}'>\tOptional: ${vf.configMapKeyRef.optional === true}`;
    else text = '';
    l.add(indent + 1, `${v.name}:\t${text}`);
  }
}

export function mountLines(l: Writer, indent: number, c: Json): void {
  const ms: Json[] = [...(c.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : 1));
  if (!ms.length) {
    l.add(indent, 'Mounts:\t<none>');
    return;
  }
  l.add(indent, 'Mounts:');
  for (const m of ms) {
    const flags = [m.readOnly ? 'ro' : 'rw', ...(m.subPath ? [`path="${m.subPath}"`] : [])];
    l.add(indent + 1, `${m.mountPath} from ${m.name} (${flags.join(',')})`);
  }
}

function projectedLines(l: Writer, i: number, p: Json): void {
  l.add(i, 'Type:\tProjected (a volume that contains injected data from multiple sources)');
  for (const s of (p.sources ?? []) as Json[]) {
    if (s.secret) {
      l.add(i, `SecretName:\t${s.secret.name}`);
      l.add(i, `Optional:\t${s.secret.optional ?? false}`);
    } else if (s.downwardAPI) l.add(i, 'DownwardAPI:\ttrue');
    else if (s.configMap) {
      l.add(i, `ConfigMapName:\t${s.configMap.name}`);
      l.add(i, `Optional:\t${s.configMap.optional ?? false}`);
    } else if (s.serviceAccountToken) l.add(i, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 3600}`);
  }
}

export function volumeLines(l: Writer, indent: number, vols: Json[] | undefined): void {
  if (!vols?.length) {
    l.add(indent, 'Volumes:\t<none>');
    return;
  }
  l.add(indent, 'Volumes:');
  for (const v of vols) {
    l.add(indent + 1, `${v.name}:`);
    const i = indent + 2;
    if (v.persistentVolumeClaim) {
      l.add(i, 'Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)');
      l.add(i, `ClaimName:\t${v.persistentVolumeClaim.claimName}`);
      l.add(i, `ReadOnly:\t${v.persistentVolumeClaim.readOnly ?? false}`);
    } else if (v.emptyDir) {
      l.add(i, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)");
      l.add(i, `Medium:\t${v.emptyDir.medium ?? ''}`);
      l.add(i, `SizeLimit:\t${v.emptyDir.sizeLimit ?? '<unset>'}`);
    } else if (v.configMap) {
      l.add(i, 'Type:\tConfigMap (a volume populated by a ConfigMap)');
      l.add(i, `Name:\t${v.configMap.name}`);
      l.add(i, `Optional:\t${v.configMap.optional ?? false}`);
    } else if (v.secret) {
      l.add(i, 'Type:\tSecret (a volume populated by a Secret)');
      l.add(i, `SecretName:\t${v.secret.secretName}`);
      l.add(i, `Optional:\t${v.secret.optional ?? false}`);
    } else if (v.downwardAPI) {
      l.add(i, 'Type:\tDownwardAPI (a volume populated by information about the pod)');
      l.add(i, 'Items:');
      for (const it of (v.downwardAPI.items ?? []) as Json[])
        l.add(i + 1, `${it.fieldRef ? it.fieldRef.fieldPath : (it.resourceFieldRef?.resource ?? '')} -> ${it.path}`);
    } else if (v.projected) projectedLines(l, i, v.projected);
    else if (v.hostPath) {
      l.add(i, 'Type:\tHostPath (bare host directory volume)');
      l.add(i, `Path:\t${v.hostPath.path}`);
      l.add(i, `HostPathType:\t${v.hostPath.type ?? ''}`);
    } else {
      const kind = Object.keys(v).find((k) => k !== 'name') ?? 'unknown';
      l.add(i, `Type:\t${kind}`);
    }
  }
}
