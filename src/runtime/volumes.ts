// What the kubelet's volume plugins put in configMap, secret, downwardAPI and projected volumes
// (pkg/volume/{configmap,secret,downwardapi,projected}), written with the atomic writer's layout
// (pkg/volume/util/atomic_writer.go): a timestamped directory holds the files, `..data` links to it,
// and each top-level name links into `..data`, so an update swaps one link.
import { createHash } from '../api/crypto.js';
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { Container, Json, KObject } from '../api/types.js';
import { fieldValue, resourceValue, sourceBytes, type SourceLookup } from './env.js';

/** The kubelet's default file mode for these volumes (0644). */
export const DEFAULT_MODE = 0o644;
/** How long a changed ConfigMap or Secret takes to reach mounted files: the kubelet's sync period
 *  (syncFrequency, 1 min) that re-runs the volume's SetUp; its watch-based cache adds next to nothing. */
export const CONFIG_SYNC_DELAY_MS = 60_000;
/** The projected service-account token's lifetime as the admission plugin asks for it (1 h + 7 s). */
export const TOKEN_EXPIRATION_SECONDS = 3607;

export interface ProjectedFile {
  /** relative path in the volume (`a/b.conf`) */
  path: string;
  data: Buffer;
  mode: number;
}

export interface Projection {
  files: ProjectedFile[];
  /** a source that is not there and not optional: the kubelet's FailedMount message for it */
  missing: string[];
  /** the ConfigMaps and Secrets read (`ConfigMap/name`), for the time of their last change */
  sources: string[];
}

export interface ProjectionContext {
  pod: KObject;
  lookup: SourceLookup;
  /** a fake token for the pod's service account (serviceAccountToken sources) */
  token: (audience: string | undefined, expirationSeconds: number) => string;
}

function keyedFiles(kind: 'ConfigMap' | 'Secret', src: Json, name: string, mode: number, ctx: ProjectionContext, out: Projection): void {
  out.sources.push(`${kind}/${name}`);
  const o = ctx.lookup(kind, name);
  const what = kind === 'ConfigMap' ? 'configmap' : 'secret';
  if (!o) {
    if (!src.optional) out.missing.push(`${what} "${name}" not found`);
    return;
  }
  const raw = (k: string) => sourceBytes(o, k);
  const items: Json[] | undefined = src.items;
  if (!items?.length) {
    const keys = [...Object.keys(o.data ?? {}), ...(kind === 'ConfigMap' ? Object.keys(o.binaryData ?? {}) : [])];
    for (const k of keys) out.files.push({ path: k, data: raw(k)!, mode });
    return;
  }
  for (const it of items) {
    const data = raw(it.key);
    if (data === undefined) {
      if (!src.optional) out.missing.push(`${what} references non-existent config key: ${it.key}`);
      continue;
    }
    out.files.push({ path: it.path, data, mode: it.mode ?? mode });
  }
}

function downwardFiles(items: Json[] | undefined, mode: number, ctx: ProjectionContext, out: Projection): void {
  for (const it of items ?? []) {
    let v: string | undefined;
    if (it.fieldRef) v = fieldValue(ctx.pod, it.fieldRef.fieldPath);
    else if (it.resourceFieldRef) {
      const ctr = ((ctx.pod.spec?.containers ?? []) as Container[]).find((c) => c.name === it.resourceFieldRef.containerName);
      v = resourceValue(ctr, it.resourceFieldRef);
    }
    if (v !== undefined) out.files.push({ path: it.path, data: Buffer.from(v), mode: it.mode ?? mode });
  }
}

/** The files a configMap, secret, downwardAPI or projected volume holds (undefined for other kinds). */
export function projectVolume(v: Json, ctx: ProjectionContext): Projection | undefined {
  const out: Projection = { files: [], missing: [], sources: [] };
  if (v.configMap) keyedFiles('ConfigMap', v.configMap, v.configMap.name, v.configMap.defaultMode ?? DEFAULT_MODE, ctx, out);
  else if (v.secret) keyedFiles('Secret', v.secret, v.secret.secretName, v.secret.defaultMode ?? DEFAULT_MODE, ctx, out);
  else if (v.downwardAPI) downwardFiles(v.downwardAPI.items, v.downwardAPI.defaultMode ?? DEFAULT_MODE, ctx, out);
  else if (v.projected) {
    const mode = v.projected.defaultMode ?? DEFAULT_MODE;
    for (const s of (v.projected.sources ?? []) as Json[]) {
      if (s.configMap) keyedFiles('ConfigMap', s.configMap, s.configMap.name, mode, ctx, out);
      else if (s.secret) keyedFiles('Secret', s.secret, s.secret.name, mode, ctx, out);
      else if (s.downwardAPI) downwardFiles(s.downwardAPI.items, mode, ctx, out);
      else if (s.serviceAccountToken)
        out.files.push({
          path: s.serviceAccountToken.path,
          data: Buffer.from(ctx.token(s.serviceAccountToken.audience, s.serviceAccountToken.expirationSeconds ?? TOKEN_EXPIRATION_SECONDS)),
          mode,
        });
    }
  } else return undefined;
  return out;
}

const b64url = (s: string | Buffer) => Buffer.from(s).toString('base64url');

/** A service-account token that looks like the API server's (a JWT; its signature is not one). */
export function fakeToken(pod: KObject, issuedAt: number, audience: string | undefined, expirationSeconds: number): string {
  const ns = pod.metadata.namespace!;
  const sa = pod.spec?.serviceAccountName ?? 'default';
  const iat = Math.floor(issuedAt / 1000);
  const header = { alg: 'RS256', kid: createHash('sha256').update(ns).digest('base64url').slice(0, 43) };
  const claims = {
    aud: [audience ?? 'https://kubernetes.default.svc.cluster.local'],
    exp: iat + expirationSeconds,
    iat,
    iss: 'https://kubernetes.default.svc.cluster.local',
    'kubernetes.io': {
      namespace: ns,
      node: { name: pod.spec?.nodeName ?? '' },
      pod: { name: pod.metadata.name, uid: pod.metadata.uid },
      serviceaccount: { name: sa },
      warnafter: iat + 3600,
    },
    nbf: iat,
    sub: `system:serviceaccount:${ns}:${sa}`,
  };
  const body = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  return `${body}.${b64url(createHash('sha512').update(body).digest())}${b64url(createHash('sha512').update(`${body}/2`).digest())}`;
}

// ----------------------------------------------------------------------- the atomic writer's layout

const DATA_LINK = '..data';

function lstatOr(host: string) {
  try {
    return lstatSync(host);
  } catch {
    return undefined;
  }
}

/** The files now in a volume written by writeProjection (its `..data` directory), or undefined. */
export function currentProjection(dir: string): ProjectedFile[] | undefined {
  const link = lstatOr(join(dir, DATA_LINK));
  if (!link?.isSymbolicLink()) return undefined;
  const ts = join(dir, readlinkSync(join(dir, DATA_LINK)));
  const out: ProjectedFile[] = [];
  const walk = (host: string, rel: string) => {
    for (const name of readdirSync(host).sort()) {
      const st = lstatSync(join(host, name));
      const path = rel ? `${rel}/${name}` : name;
      if (st.isDirectory()) walk(join(host, name), path);
      else if (st.isFile()) out.push({ path, data: readFileSync(join(host, name)), mode: st.mode & 0o7777 });
    }
  };
  walk(ts, '');
  return out;
}

const sameFiles = (a: ProjectedFile[], b: ProjectedFile[]) => {
  const key = (f: ProjectedFile[]) =>
    [...f]
      .sort((x, y) => (x.path < y.path ? -1 : 1))
      .map((x) => `${x.path}\0${x.mode}\0${x.data.toString('base64')}`)
      .join('\n');
  return key(a) === key(b);
};

/** `..2026_01_13_10_00_00.123456789`: the writer's timestamped directory (time.Now, then random digits). */
function stampName(now: number, files: ProjectedFile[]): string {
  const t = new Date(now).toISOString();
  const digits = BigInt(
    `0x${createHash('sha256')
      .update(JSON.stringify(files.map((f) => [f.path, f.data.toString('base64')])))
      .digest('hex')
      .slice(0, 12)}`,
  );
  return `..${t.slice(0, 4)}_${t.slice(5, 7)}_${t.slice(8, 10)}_${t.slice(11, 13)}_${t.slice(14, 16)}_${t.slice(17, 19)}.${String(digits % 1_000_000_000n).padStart(9, '0')}`;
}

/** Paths a volume may hold: relative, no `..` component (validation refuses them; be sure). */
const safePath = (p: string) => !!p && !p.startsWith('/') && p.split('/').every((c) => c && c !== '..' && c !== '.') && !p.startsWith('..');

/**
 * Write a projection into a volume directory unless it already holds exactly these files; with
 * `update` false a volume that was written once keeps what it has (the kubelet has not synced yet).
 * Returns whether anything was written.
 */
export function writeProjection(dir: string, files: ProjectedFile[], now: number, update = true): boolean {
  const current = currentProjection(dir);
  if (current && (!update || sameFiles(current, files))) return false;
  const valid = files.filter((f) => safePath(f.path));
  const stamp = stampName(now, valid);
  const ts = join(dir, stamp);
  rmSync(ts, { recursive: true, force: true });
  mkdirSync(ts, 0o755);
  for (const f of valid) {
    const parts = f.path.split('/');
    let d = ts;
    for (const p of parts.slice(0, -1)) {
      d = join(d, p);
      if (!lstatOr(d)) mkdirSync(d, 0o755);
    }
    const host = join(ts, ...parts);
    if (lstatOr(host)?.isDirectory()) continue;
    writeFileSync(host, f.data);
    chmodSync(host, f.mode & 0o7777);
  }
  // swap `..data` in one rename, then the top-level links, then drop the old directory
  const old = lstatOr(join(dir, DATA_LINK))?.isSymbolicLink() ? readlinkSync(join(dir, DATA_LINK)) : undefined;
  rmSync(join(dir, '..data_tmp'), { force: true });
  symlinkSync(stamp, join(dir, '..data_tmp'));
  renameSync(join(dir, '..data_tmp'), join(dir, DATA_LINK));
  const top = new Set(valid.map((f) => f.path.split('/')[0]));
  for (const name of readdirSync(dir)) {
    if (name.startsWith('..') || top.has(name)) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
  }
  for (const name of top) {
    if (lstatOr(join(dir, name))) continue;
    symlinkSync(posix.join(DATA_LINK, name), join(dir, name));
  }
  if (old && old !== stamp && old.startsWith('..') && !old.includes('/')) rmSync(join(dir, old), { recursive: true, force: true });
  chmodSync(dir, 0o777);
  return true;
}
