// `sts explain TYPE[.field.path]`: kubectl's layout (GROUP/KIND/VERSION, FIELD, DESCRIPTION, FIELDS).
import { CliError } from '../api/errors.js';
import { EXPLAIN, type FieldDoc } from '../api/explain-docs.js';
import { resolveResource } from '../api/kinds.js';
import { out } from './output.js';

/** Wrap at 80 columns with the given indent, as kubectl does. */
function wrap(text: string, indent: string): string {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      if (line && indent.length + line.length + 1 + word.length > 80) {
        lines.push(indent + line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line ? indent + line : '');
  }
  return lines.join('\n');
}

import type { Verb } from './verb.js';

export const explainVerb: Verb = {
  honours: ['recursive'],
  // sts knows one version of each kind; --output=plaintext is the only format it prints
  ignores: ['api-version', 'output'],
  run: async ({ args, opts }) => {
    if (args.length > 1) throw new CliError(`error: We accept only this format: explain RESOURCE`, 'explain');
    return explain(args[0], { recursive: opts.recursive });
  },
};

export async function explain(path: string | undefined, opts: { recursive?: boolean }): Promise<void> {
  if (!path)
    throw new CliError(
      'error: You must specify the type of resource to explain. Use "sts api-resources" for a complete list of supported resources.',
      'explain',
    );
  const [type, ...fields] = path.split('.');
  const info = resolveResource(type);
  if (!info) throw new CliError(`error: the server doesn't have a resource type "${type}"`);
  let doc: FieldDoc | undefined = Object.hasOwn(EXPLAIN, info.kind) ? EXPLAIN[info.kind] : undefined;
  if (!doc) throw new CliError(`error: sts has no field documentation for ${info.kind}; it has: ${Object.keys(EXPLAIN).join(', ')}`);
  for (const f of fields) {
    // own fields only: `constructor` and `__proto__` are field names like any other here
    doc = doc.fields && Object.hasOwn(doc.fields, f) ? doc.fields[f] : undefined;
    if (!doc) throw new CliError(`error: field "${f}" does not exist`);
  }
  const head = [
    ...(info.group ? [`GROUP:      ${info.group}`] : []),
    `KIND:       ${info.kind}`,
    `VERSION:    ${info.version}`,
    '',
    ...(fields.length ? [`FIELD: ${fields[fields.length - 1]} <${doc.type}>`, '', ''] : []),
    'DESCRIPTION:',
    wrap(doc.doc, '    '),
    '    ',
  ];
  const body: string[] = [];
  if (doc.fields) {
    body.push('FIELDS:');
    const walk = (fs: Record<string, FieldDoc>, depth: number) => {
      for (const [name, fd] of Object.entries(fs).sort(([a], [b]) => (a < b ? -1 : 1))) {
        const pad = '  '.repeat(depth + 1);
        if (opts.recursive) {
          body.push(`${pad}${name}\t<${fd.type}>${fd.required ? ' -required-' : ''}`);
          if (fd.fields) walk(fd.fields, depth + 1);
        } else {
          body.push(`${pad}${name}\t<${fd.type}>${fd.required ? ' -required-' : ''}`, wrap(fd.doc, `${pad}  `), '');
        }
      }
    };
    walk(doc.fields, 0);
  }
  out([...head, ...body].join('\n').replace(/\n+$/, '\n\n'));
}
