// `sts edit TYPE NAME`: the object as YAML in $EDITOR; on save, the change is applied like
// kubectl's (a merge patch against the latest object). An invalid change reopens the editor with
// the reason on top; saving it unchanged gives up and keeps the file, as kubectl does.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadYamlStream } from '../manifest/load.js';
import { CliError } from '../api/errors.js';
import { qualifiedPlural, type KindInfo } from '../api/kinds.js';
import { createMergePatch, jsonMerge } from '../api/patch.js';
import type { Json } from '../api/types.js';
import { printYaml } from '../print/printers.js';
import { printerFor } from '../print/printer.js';
import { writeBack } from '../apiserver/objects.js';
import { namespaceOf, withCluster, type GlobalOpts } from './context.js';
import { err, io, out } from './output.js';
import type { Verb } from './verb.js';
import { getObject, namedTargets } from './resources.js';

const HEADER = [
  "# Please edit the object below. Lines beginning with a '#' will be ignored,",
  '# and an empty file will abort the edit. If an error occurs while saving this file will be',
  '# reopened with the relevant failures.',
  '#',
];

const stripComments = (s: string) =>
  s
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join('\n')
    .trim();

function launch(file: string): void {
  const { env } = io();
  const editor = env.KUBE_EDITOR || env.EDITOR || env.VISUAL || 'vi';
  const r = spawnSync(`${editor} "${file}"`, { shell: true, stdio: 'inherit', env, cwd: io().cwd });
  if (r.status !== 0) throw new CliError(`error: there was a problem with the editor "${editor}"`);
}

export const editVerb: Verb = {
  run: ({ args, opts }) => edit(args, opts),
};

export async function edit(args: string[], opts: GlobalOpts): Promise<void> {
  const targets = namedTargets(args, 'edit');
  if (targets.length !== 1) throw new CliError('error: sts edit takes exactly one resource', 'edit');
  const { info, name } = targets[0];
  // The editor may stay open for a while: the cluster is not locked meanwhile.
  const original = await withCluster(opts, (c) => getObject(c, info, namespaceOf(opts), name));
  const ns = namespaceOf(opts);
  const originalYaml = await printYaml([original], true);
  const dir = mkdtempSync(join(tmpdir(), 'sts-edit-'));
  const file = join(dir, `${info.singular}-${name}.yaml`);
  let body = originalYaml;
  let errorLines: string[] = [];
  let previous: string | undefined;
  for (;;) {
    writeFileSync(file, [...HEADER, ...errorLines, body].join('\n'));
    launch(file);
    const edited = readFileSync(file, 'utf8');
    const stripped = stripComments(edited);
    if (previous !== undefined && stripped === previous) {
      err(`A copy of your changes has been stored to "${file}"`);
      throw new CliError('error: Edit cancelled, no valid changes were saved.');
    }
    if (stripped === stripComments(originalYaml)) {
      rmSync(dir, { recursive: true, force: true });
      err('Edit cancelled, no changes made.');
      return;
    }
    if (!stripped) {
      rmSync(dir, { recursive: true, force: true });
      err('Edit cancelled, saved file was empty.');
      return;
    }
    const problem = await tryApply(opts, info, ns, name, original, stripped);
    if (problem === undefined) {
      rmSync(dir, { recursive: true, force: true });
      return;
    }
    err(`error: ${qualifiedPlural(info)} "${name}" is invalid`);
    errorLines = [`# ${qualifiedPlural(info)} "${name}" was not valid:`, ...problem.split('\n').map((l) => `# ${l}`), '#'];
    body = stripped + '\n';
    previous = stripped;
  }
}

/** Apply the edit; the error text when it is refused. */
async function tryApply(opts: GlobalOpts, info: KindInfo, ns: string, name: string, original: Json, edited: string): Promise<string | undefined> {
  const yaml = (await import('js-yaml')).default;
  let obj: Json;
  try {
    obj = loadYamlStream(yaml, edited)[0] ?? null;
  } catch (e) {
    const x = e as { reason?: string; mark?: { line: number }; message: string };
    return `error parsing edited object: yaml: ${x.mark ? `line ${x.mark.line + 1}: ` : ''}${x.reason ?? x.message}`;
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return 'the edited file is not an object';
  if (obj.kind !== original.kind || obj.metadata?.name !== original.metadata.name)
    return `* metadata.name or kind: the edited object must stay ${info.kind} "${name}"`;
  try {
    await withCluster(opts, (c) => {
      const current = getObject(c, info, ns, name);
      const next = jsonMerge(current, createMergePatch(original, obj));
      writeBack(c, current, next, 'edit');
      out(printerFor({ operation: 'edited' }).print([current]));
    });
    return undefined;
  } catch (e) {
    if (e instanceof CliError) return e.message.replace(/^The \S+ "[^"]*" is invalid: \n?/, '').replace(/^(?!\* )/gm, '* ');
    throw e;
  }
}
