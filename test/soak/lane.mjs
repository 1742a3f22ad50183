// A lane: one cluster file of the soak's own, driven only through `sts` — state is read with
// `get … -o json` and `clock`, never by parsing the file (its layout may change); the file's bytes
// are only hashed (a failing command must leave them as they were) and copied whole.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, runSts, stsEnv } from './proc.mjs';

export class SetupError extends Error {}

let kindsCache;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Lock files and the lock's queue, whatever their exact names: anything with `.lock` in it. */
export const isLockName = (name) => name.includes('.lock');
export const isTmpName = (name) => name.endsWith('.tmp');

export class Lane {
  constructor(root, name, extraEnv = {}) {
    this.root = root;
    this.dir = join(root, name);
    this.stateDir = join(this.dir, 'state');
    this.state = join(this.stateDir, 'cluster.json');
    mkdirSync(this.stateDir, { recursive: true });
    this.env = { ...stsEnv(root, this.state), ...extraEnv };
  }

  run(argv, opts = {}) {
    return runSts(this.env, argv, opts);
  }

  async ok(argv, opts = {}) {
    const r = await this.run(argv, opts);
    if (r.code !== 0 || r.timedOut) throw new SetupError(`sts ${argv.join(' ')} failed (${r.code}${r.signal ? ` ${r.signal}` : ''}):\n${r.stderr}`);
    return r;
  }

  /** A fresh manual-clock cluster with the tutorial's web set settled (web-0, web-1 Ready). */
  async setupWeb() {
    rmSync(this.stateDir, { recursive: true, force: true });
    mkdirSync(this.stateDir, { recursive: true });
    await this.ok(['cluster', 'reset', '--clock', 'manual']);
    await this.ok(['apply', '-f', join(FIXTURES, 'web', 'web.yaml')]);
    await this.ok(['clock', 'settle']);
  }

  async kinds() {
    if (!kindsCache) {
      const r = await this.ok(['api-resources', '-o', 'name']);
      kindsCache = r.stdout.trim().split('\n').filter(Boolean).join(',');
    }
    return kindsCache;
  }

  /** Everything the API shows plus the clock, normalized (random uids, this lane's paths) and sorted. */
  async dump() {
    const [g, c] = await Promise.all([this.run(['get', await this.kinds(), '-A', '-o', 'json']), this.run(['clock'])]);
    if (g.code !== 0 || c.code !== 0) return { ok: false, result: g.code !== 0 ? g : c };
    let list;
    try {
      list = JSON.parse(g.stdout);
    } catch (e) {
      return { ok: false, result: { ...g, stderr: `${g.stderr}\n(get -o json printed no JSON: ${e.message})` } };
    }
    const items = (list.items ?? []).map((it) => {
      const key = `${it.kind}/${it.metadata?.namespace ?? ''}/${String(it.metadata?.name ?? '').replace(UUID, 'U')}`;
      const text = JSON.stringify(it).replace(UUID, 'U').split(this.dir).join('<lane>');
      return { key, text };
    });
    items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
    const now = /now:\s*(\S+)/.exec(c.stdout)?.[1] ?? c.stdout.trim();
    return { ok: true, now, items, results: [g, c] };
  }

  /** sha256 of the files of the cluster (beside the state file; not locks, temp files or the data directory). */
  hash() {
    const h = createHash('sha256');
    for (const name of readdirSync(this.stateDir).sort()) {
      if (isLockName(name) || isTmpName(name)) continue;
      const p = join(this.stateDir, name);
      const st = lstatSync(p);
      if (!st.isFile()) continue;
      h.update(name).update('\0').update(readFileSync(p)).update('\0');
    }
    return h.digest('hex');
  }

  /** `*.tmp` files anywhere under the state directory, and — with no sts running — locks: anything
   *  beside the state file with `.lock` in its name, except an empty directory (a waiting queue's). */
  leftovers() {
    const tmp = [];
    const walk = (d) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (isTmpName(e.name)) tmp.push(p);
        if (e.isDirectory()) walk(p);
      }
    };
    walk(this.stateDir);
    const locks = [];
    for (const e of readdirSync(this.stateDir, { withFileTypes: true })) {
      if (!isLockName(e.name)) continue;
      const p = join(this.stateDir, e.name);
      if (e.isDirectory()) locks.push(...readdirSync(p).map((x) => join(p, x)));
      else locks.push(p);
    }
    return { tmp, locks };
  }

  /** Copy the whole cluster (file and data) to DIR, or bring it back from there. */
  saveTo(dir) {
    rmSync(dir, { recursive: true, force: true });
    cpSync(this.stateDir, dir, { recursive: true, verbatimSymlinks: true });
  }

  restoreFrom(dir) {
    rmSync(this.stateDir, { recursive: true, force: true });
    cpSync(dir, this.stateDir, { recursive: true, verbatimSymlinks: true });
  }

  exists() {
    return existsSync(this.state);
  }
}

/** Same state? Both dumps must have worked; the clock and every item must agree. */
export function sameState(a, b) {
  if (!a.ok || !b.ok || a.now !== b.now || a.items.length !== b.items.length) return false;
  return a.items.every((x, i) => x.text === b.items[i].text);
}

/** A few words on how two dumps differ, for the failure list. */
export function stateDiff(a, b) {
  if (!a.ok || !b.ok) return 'a dump failed';
  const parts = [];
  if (a.now !== b.now) parts.push(`clock ${a.now} vs ${b.now}`);
  const ma = new Map(a.items.map((x) => [x.key, x.text]));
  const mb = new Map(b.items.map((x) => [x.key, x.text]));
  for (const [k, v] of ma) {
    if (!mb.has(k)) parts.push(`only in first: ${k}`);
    else if (mb.get(k) !== v) parts.push(`differs: ${k} (${firstDifference(v, mb.get(k))})`);
  }
  for (const k of mb.keys()) if (!ma.has(k)) parts.push(`only in second: ${k}`);
  return parts.slice(0, 4).join('; ') + (parts.length > 4 ? `; … ${parts.length - 4} more` : '');
}

function firstDifference(x, y) {
  let i = 0;
  while (i < x.length && x[i] === y[i]) i++;
  return `…${x.slice(Math.max(0, i - 40), i + 30)}… vs …${y.slice(Math.max(0, i - 40), i + 30)}…`;
}
