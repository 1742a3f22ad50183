// `sts diff -f FILE`: kubectl's diff (pkg/cmd/diff): each object live, and as `apply` would leave it
// (a server-side dry run: the three-way merge, defaults, generation), written as YAML to files of two
// directories, LIVE-… and MERGED-…, compared with `diff -u -N` (GNU's algorithm and layout, built
// in) or $KUBECTL_EXTERNAL_DIFF. Exit 0: no differences; 1: differences; 2: an error.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../api/errors.js';
import { matches } from '../api/labels.js';
import type { Json, KObject } from '../api/types.js';
import { loadManifests } from '../manifest/load.js';
import { printYaml } from '../print/printers.js';
import { unifiedHunks } from '../print/unified-diff.js';
import { admit, createObject, LAST_APPLIED, mapKindName, threeWayMerge, updateObject } from '../apiserver/objects.js';
import { nsChoice, withCluster, type GlobalOpts } from './context.js';
import { err, io, manifestInput, out, setExitCode } from './output.js';
import { getObject, hasObject, parseLabelSelector } from './resources.js';
import type { Verb } from './verb.js';

export const diffVerb: Verb = {
  honours: ['filename', 'recursive', 'selector'],
  // sts keeps no managed fields, and processes objects one by one
  ignores: ['concurrency', 'field-manager', 'show-managed-fields'],
  run: ({ path, args, opts }) => runDiff(path, args, opts),
};

export interface DiffOpts extends GlobalOpts {
  filename?: string[];
  recursive?: boolean;
  selector?: string;
}

/** One object's two versions; `live` undefined when it does not exist yet (an empty LIVE file). */
interface Pair {
  file: string;
  live?: KObject;
  merged: KObject;
}

/** InfoObject.Name: group.version.Kind.namespace.name */
const fileName = (o: KObject) => `${o.apiVersion.replace('/', '.')}.${o.kind}.${o.metadata.namespace ?? ''}.${o.metadata.name}`;

/** The Masker: secret values become *** (with (before)/(after) where a value changed), so the diff shows which keys changed and nothing else. */
export function maskSecrets(live: Json | undefined, merged: Json): [Json | undefined, Json] {
  const from = live?.data ? { ...live.data } : undefined;
  const to = merged?.data ? { ...merged.data } : undefined;
  for (const k of Object.keys(from ?? {})) {
    if (to && k in to) {
      if (from![k] !== to[k]) {
        from![k] = '*** (before)';
        to[k] = '*** (after)';
        continue;
      }
      to[k] = '***';
    }
    from![k] = '***';
  }
  for (const k of Object.keys(to ?? {})) if (!from || !(k in from)) to![k] = '***';
  return [live && from ? { ...live, data: from } : live, to ? { ...merged, data: to } : merged];
}

/** A temp directory's name as os.MkdirTemp makes it, but the same for the same cluster instant. */
const tempDir = (prefix: string, seed: string) =>
  join(tmpdir(), `${prefix}-${parseInt(createHash('sha1').update(`${seed}/${prefix}`).digest('hex').slice(0, 8), 16)}`);

/** GNU diff's header time (the files' mtime), here the cluster's now. */
const headerTime = (ms: number) =>
  `${new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.(\d{3})Z$/, '.$1000000 +0000')}`;

async function runDiff(path: string, args: string[], opts: DiffOpts): Promise<void> {
  try {
    await diff(path, args, opts);
  } catch (e) {
    // CheckDiffErr: kubectl's message, and an exit code above 1 (1 means "differences")
    if (!(e instanceof CliError)) throw e;
    err(e.message);
    if (e.usageOf) err(`See 'sts ${e.usageOf} -h' for help and examples`);
    setExitCode(2);
  }
}

async function diff(path: string, args: string[], opts: DiffOpts): Promise<void> {
  if (args.length) throw new CliError(`error: Unexpected args: [${args.join(' ')}]`, path);
  const docs = await loadManifests(opts.filename ?? [], opts.recursive, manifestInput());
  const selector = parseLabelSelector(opts.selector);
  const { pairs, now, seed } = await withCluster(
    opts,
    (c) => {
      const pairs: Pair[] = [];
      for (const d of docs) {
        if (selector && !matches(selector, d.obj?.metadata?.labels)) continue;
        const where = mapKindName(d.obj, nsChoice(opts), d.source);
        const exists = hasObject(c, where.info, where.ns ?? '', where.name);
        const live = exists ? structuredClone(getObject(c, where.info, where.ns ?? '', where.name)) : undefined;
        let merged: KObject;
        if (!live) merged = createObject(c, admit(c, d.obj, nsChoice(opts), d.source));
        else {
          // the patch apply would send, without the new last-applied annotation (diff's GetModifiedConfiguration(annotate=false))
          const prev = live.metadata.annotations?.[LAST_APPLIED];
          const desired = admit(c, threeWayMerge(prev ? JSON.parse(prev) : {}, d.obj, structuredClone(live)), nsChoice(opts), d.source, 'patching');
          const current = getObject(c, where.info, where.ns ?? '', where.name);
          updateObject(c, current, desired);
          desired.metadata.resourceVersion = live.metadata.resourceVersion; // a dry run stores nothing
          merged = desired;
          if (live.metadata.deletionTimestamp) err(`Warning: Detected changes to resource ${where.name} which is currently being deleted.`);
        }
        pairs.push({ file: fileName(merged), live, merged: structuredClone(merged) });
      }
      return { pairs, now: c.now, seed: `${c.file.id}/${c.now}` };
    },
    false,
    true,
  );
  const files = new Map<string, { live: string; merged: string }>();
  for (const p of pairs) {
    const [live, merged] = p.merged.kind === 'Secret' && p.merged.apiVersion === 'v1' ? maskSecrets(p.live, p.merged) : [p.live, p.merged];
    files.set(p.file, { live: live ? await printYaml([live], true) : '', merged: await printYaml([merged], true) });
  }
  const liveDir = tempDir('LIVE', seed);
  const mergedDir = tempDir('MERGED', seed);
  const external = io().env.KUBECTL_EXTERNAL_DIFF;
  if (external) return externalDiff(external, files);
  let differs = false;
  for (const name of [...files.keys()].sort()) {
    const f = files.get(name)!;
    const hunks = unifiedHunks(f.live, f.merged);
    if (!hunks) continue;
    differs = true;
    const [a, b] = [`${liveDir}/${name}`, `${mergedDir}/${name}`];
    out(`diff -u -N ${a} ${b}\n--- ${a}\t${headerTime(now)}\n+++ ${b}\t${headerTime(now)}\n${hunks}`);
  }
  if (differs) setExitCode(1);
}

/** DiffProgram with $KUBECTL_EXTERNAL_DIFF: the program, its words that look like flags, the two directories. */
function externalDiff(command: string, files: Map<string, { live: string; merged: string }>): void {
  const [program, ...words] = command.split(' ');
  const flags = words.filter((w) => /^[a-zA-Z0-9-=]+$/.test(w));
  const from = mkdtempSync(join(tmpdir(), 'LIVE-'));
  const to = mkdtempSync(join(tmpdir(), 'MERGED-'));
  try {
    for (const [name, f] of files) {
      writeFileSync(join(from, name), f.live, { mode: 0o700 });
      writeFileSync(join(to, name), f.merged, { mode: 0o700 });
    }
    const r = spawnSync(program, [...flags, from, to], { stdio: 'inherit', env: io().env, cwd: io().cwd });
    if (r.error) throw new CliError(`error: failed to run "${program}": exec: "${program}": executable file not found in $PATH`);
    const code = r.status ?? 1;
    if (code > 1) throw new CliError(`error: failed to run "${program}": exit status ${code}`);
    if (code === 1) setExitCode(1);
  } finally {
    rmSync(from, { recursive: true, force: true });
    rmSync(to, { recursive: true, force: true });
  }
}
