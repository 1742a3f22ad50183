// `sts patch TYPE NAME -p PATCH [--type strategic|merge|json]`.
import { readFileSync } from 'node:fs';
import { loadYamlStream } from '../manifest/load.js';
import { CliError } from '../api/errors.js';
import { jsonMerge, jsonPatch, PatchError, strategicMerge } from '../api/patch.js';
import type { Json } from '../api/types.js';
import { writeBack } from '../apiserver/objects.js';
import { checkSubresource, patchSubresource } from '../apiserver/scale.js';
import { namespaceOf, withCluster, type GlobalOpts } from './context.js';
import { Failures, localPath, out } from './output.js';
import { getObject, namedTargets, requestsFor } from './resources.js';
import { parseDryRun } from './dry-run.js';
import { toPrinter } from '../print/printer.js';
import type { Verb } from './verb.js';

export const patchVerb: Verb = {
  honours: ['dry-run', 'filename', 'output', 'patch', 'patch-file', 'recursive', 'subresource', 'type'],
  run: ({ args, opts }) => patch(args, opts),
};

export interface PatchOpts extends GlobalOpts {
  filename?: string[];
  recursive?: boolean;
  dryRun?: string;
  output?: string;
  patch?: string;
  patchFile?: string;
  type?: string;
  subresource?: string;
}

const TYPES = ['json', 'merge', 'strategic'];

async function parsePatch(text: string): Promise<Json> {
  try {
    return JSON.parse(text);
  } catch {
    const yaml = (await import('js-yaml')).default;
    try {
      // the API server's decoder bounds alias expansion; so does loadYamlStream
      return loadYamlStream(yaml, text)[0] ?? null;
    } catch (e) {
      const err = e as { reason?: string; mark?: { line: number }; message: string };
      throw new CliError(`error: unable to parse "${text}": yaml: ${err.mark ? `line ${err.mark.line + 1}: ` : ''}${err.reason ?? err.message}`);
    }
  }
}

export async function patch(args: string[], opts: PatchOpts): Promise<void> {
  const type = opts.type ?? 'strategic';
  if (!TYPES.includes(type)) throw new CliError(`error: --type must be one of [${TYPES.join(' ')}], not "${type}"`, 'patch');
  if (opts.patch === undefined && opts.patchFile === undefined)
    throw new CliError('error: must specify --patch or --patch-file containing the contents of the patch', 'patch');
  if (opts.patch !== undefined && opts.patchFile !== undefined)
    throw new CliError('error: cannot specify --patch and --patch-file together', 'patch');
  let text = opts.patch;
  if (opts.patchFile !== undefined) {
    try {
      text = readFileSync(localPath(opts.patchFile), 'utf8');
    } catch (e) {
      throw new CliError(`error: unable to read patch file: ${(e as Error).message}`);
    }
  }
  const body = await parsePatch(text!);
  if (type !== 'json' && (typeof body !== 'object' || body === null || Array.isArray(body)))
    throw new CliError(
      `error: unable to parse "${text}": json: cannot unmarshal ${Array.isArray(body) ? 'array' : typeof body} into Go value of type map[string]interface {}`,
    );
  const targets = namedTargets(await requestsFor(args, opts), 'patch');
  const sub = opts.subresource || undefined;
  const apply = (target: Json): Json => {
    try {
      return type === 'json' ? jsonPatch(target, body) : type === 'merge' ? jsonMerge(target, body) : strategicMerge(target, body);
    } catch (e) {
      if (e instanceof PatchError) throw new CliError(`Error from server (UnprocessableEntity): ${e.message}`);
      throw e;
    }
  };
  const dryRun = parseDryRun(opts.dryRun);
  const printer = toPrinter({ output: opts.output, dryRun });
  const failures = new Failures();
  const reports: [Json, string][] = [];
  await withCluster(
    opts,
    async (c) => {
      const ns = namespaceOf(opts);
      for (const t of targets)
        failures.try(() => {
          // the helper's WithSubresource: …/{name}/scale or …/status is what is read, patched and printed
          if (sub) checkSubresource(t.info, sub);
          const current = getObject(c, t.info, t.ns ?? ns, t.name);
          const { read, changed } = sub
            ? patchSubresource(c, t.info, current, sub, apply)
            : { changed: writeBack(c, current, apply(current)), read: getObject(c, t.info, t.ns ?? ns, t.name) };
          reports.push([read, changed ? 'patched' : 'patched (no change)']);
        });
      for (const [o, operation] of reports) out(printer(operation).print([o]));
    },
    false,
    dryRun !== 'none',
  );
  failures.report();
}
