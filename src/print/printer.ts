// printerFor: the one place an output format is chosen, for get, get -w and every write verb; kubectl's
// PrintFlags.ToPrinter (cli-runtime genericclioptions/print_flags.go) and NamePrinter{Operation}.
import { CliError } from '../api/errors.js';
import type { KObject } from '../api/types.js';
import { kindInfo, qualifiedSingular } from '../api/kinds.js';
import { inChunks, ObjectList } from './object-list.js';
import { jsonListOf, nameOf, printJson, printTable, printTypedJson, tableLayout, tableOf, yamlListOf, yamlText } from './printers.js';

export { PrintError } from './print-error.js';

/** JSONPath, Go templates, custom columns and --sort-by: loaded only for the outputs that use them
 *  (most commands print tables, names or YAML, and start faster without them). */
let templates: typeof import('./template-printers.js') | undefined;
const TEMPLATE_OUTPUT = /^(go-template|template|templatefile|jsonpath|custom-columns)/;

/** Load what printerFor(f) will need; call it before printerFor (the verb does, before fetching). */
export async function preloadPrinters(f: Pick<PrintFlags, 'output' | 'template' | 'sortBy'>): Promise<void> {
  if (f.sortBy || f.template !== undefined || TEMPLATE_OUTPUT.test(f.output ?? '')) templates ??= await import('./template-printers.js');
}

function tpl(): typeof import('./template-printers.js') {
  if (!templates) throw new Error('template printers used before preloadPrinters');
  return templates;
}

/** JSONPath over any data (config view -o jsonpath uses it too). */
export async function printJsonPath(template: string, data: unknown, asJson = false): Promise<string> {
  templates ??= await import('./template-printers.js');
  return templates.printJsonPath(template, data, asJson);
}

export type DryRun = 'none' | 'client' | 'server';

/** kubectl's PrintFlags formats (JSON/YAML, name, templates), in its error's (alphabetical) order. */
export const PRINT_FLAGS_OUTPUTS = [
  'go-template',
  'go-template-file',
  'json',
  'jsonpath',
  'jsonpath-as-json',
  'jsonpath-file',
  'name',
  'template',
  'templatefile',
  'yaml',
];

/** The formats `get` knows: kubectl get's, which add the table printer's custom columns and wide. */
const GET_OUTPUTS = [...PRINT_FLAGS_OUTPUTS, 'custom-columns', 'custom-columns-file', 'wide'].sort();
/** The formats of the write verbs (kubectl's PrintFlags without templates). */
const WRITE_OUTPUTS = ['json', 'name', 'yaml'];
const GO_TEMPLATE: Record<string, string> = {
  'go-template': 'go-template',
  template: 'go-template',
  'go-template-file': 'go-template-file',
  templatefile: 'go-template-file',
};
const NEEDS_TEMPLATE = ['jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'custom-columns', 'custom-columns-file'];

export interface PrintFlags {
  /** -o as given; undefined: a table (get), or the name and operation (write verbs) */
  output?: string;
  /** --template: the template of a template format given without one; alone it means -o go-template */
  template?: string;
  /** Reads template files (`-o jsonpath-file=F`, …): the CLI's part, as printing touches no disk. */
  readTemplate?: (path: string) => string;
  /** A write verb's `created`, `scaled`…: kubectl's NamePrintFlags.Operation; its -o is json|name|yaml. */
  operation?: string;
  dryRun?: DryRun;
  /** delete's own wording, `pod "web-0" deleted` (kubectl's DeleteOptions.PrintObj), for any -o but name. */
  deletion?: boolean;
  /** Objects kubectl builds itself (create configmap, …): JSON keys in Go struct order. */
  typed?: boolean;
  noHeaders?: boolean;
  showLabels?: boolean;
  /** -L, as given (each may hold several keys, comma-separated) */
  labelColumns?: string[];
  showKind?: boolean;
  sortBy?: string;
  /** -A: a NAMESPACE column for namespaced kinds */
  allNamespaces?: boolean;
  /** get -w: called once per event (or for the initial list); table widths only grow */
  watch?: boolean;
  /** --output-watch-events: the EVENT column */
  watchEvents?: boolean;
  /** --show-managed-fields: JSON and YAML keep metadata.managedFields (kubectl's OmitManagedFieldsPrinter drops them) */
  showManagedFields?: boolean;
}

/** kubectl's OmitManagedFieldsPrinter: what -o json|yaml print, without metadata.managedFields. */
function withoutManagedFields(o: KObject): KObject {
  if (!o.metadata?.managedFields) return o;
  const { managedFields: _m, ...metadata } = o.metadata;
  return { ...o, metadata } as KObject;
}

/** A list whose objects are made without managedFields as they are printed. */
function listWithoutManagedFields(list: ObjectList): ObjectList {
  const out = new ObjectList();
  for (const run of list.byKind()) out.pushMade(run.kind, run.length, (i) => withoutManagedFields(run.at(i)));
  return out;
}

export interface PrintContext {
  /** the time ages are measured at (for watch, the event's time); printing never reads the clock */
  now?: number;
  /** get named one object: templates and json/yaml see it rather than a List (default: one object given) */
  single?: boolean;
  /** get -w: the initial list, one flush with the header */
  initial?: boolean;
  /** get -w --output-watch-events: ADDED, MODIFIED, DELETED */
  eventType?: string;
  /** get asked for more than one kind (kubectl's multipleGVKsRequested): names read KIND/NAME even
   *  when only one kind came back */
  withKind?: boolean;
}

export type PrinterKind = 'table' | 'custom-columns' | 'name' | 'json' | 'yaml' | 'jsonpath' | 'go-template' | 'deletion';

/** kubectl's printers.ResourcePrinter: objects in, text out (ending in a newline unless empty). */
export interface ResourcePrinter {
  readonly kind: PrinterKind;
  print(objs: KObject[], ctx?: PrintContext): string;
  /** get's printing (printerFor's printers): print's text in chunks, made as they are read; for
   *  tables, names, JSON and YAML the list's objects are made one at a time, and the text is never
   *  one string (JSONPath, templates and custom columns see them all at once, as print does) */
  chunks?(list: ObjectList, ctx: PrintContext): Iterable<string>;
  /** only what a table row or a name shows is read (kind, name, namespace, labels, the columns):
   *  a summary of each object will do (apiserver's podSummary) */
  readonly rowsOnly?: boolean;
}

const unmatched = (o: string, allowed: readonly string[]) =>
  new CliError(`error: unable to match a printer suitable for the output format "${o}", allowed formats are: ${allowed.join(',')}`);

/** Is `o` one of `allowed` (with its `=TEMPLATE` where the format needs one)? */
export function checkOutput(o: string | undefined, allowed: readonly string[] = GET_OUTPUTS): void {
  if (o === undefined) return;
  const format = o.split('=')[0];
  if (!allowed.includes(format) || (NEEDS_TEMPLATE.includes(format) && !o.includes('='))) throw unmatched(o, allowed);
}

/** PrintFlags.Complete("%s (dry run)"): the operation as a dry run reports it. */
const withDryRun = (operation: string, d: DryRun | undefined) =>
  d === 'client' ? `${operation} (dry run)` : d === 'server' ? `${operation} (server dry run)` : operation;

/** A line as `out` writes one: a newline added, nothing for nothing. */
const line = (s: string) => (!s || s.endsWith('\n') ? s : `${s}\n`);

/** Consecutive objects of one kind: a table each, as kubectl get prints a new header when the kind changes. */
function byKind(objs: KObject[]): { kind: string; objs: KObject[] }[] {
  const groups: { kind: string; objs: KObject[] }[] = [];
  for (const o of objs) {
    const last = groups[groups.length - 1];
    if (last?.kind === o.kind) last.objs.push(o);
    else groups.push({ kind: o.kind, objs: [o] });
  }
  return groups;
}

/** The printer for these flags; an unknown or incomplete -o is kubectl's error, thrown now. */
export function printerFor(f: PrintFlags): ResourcePrinter {
  if (f.deletion) return deletionPrinter(f);
  if (f.operation !== undefined) return writePrinter(f);
  const output = f.output ?? (f.template !== undefined ? 'go-template' : undefined);
  checkOutput(output);
  const format = output?.split('=')[0];
  const template = output?.slice(format!.length + 1) ?? '';
  const read =
    f.readTemplate ??
    ((path: string) => {
      throw new CliError(`error: error reading template ${path}, open ${path}: no such file or directory`);
    });
  const fromFile = (fmt: string) => fmt.endsWith('-file') || fmt === 'templatefile';
  // a go template is parsed now, before anything is fetched (even for get -w, which then prints its
  // table); the other templates are read and parsed when printing, as they always were
  const runTemplate = format && GO_TEMPLATE[format] ? goTemplateOf(format, output!.includes('=') ? template : f.template, read) : undefined;
  if (f.watch) return watchPrinter(f);
  // get's sorting printer: --sort-by orders each kind's objects before any format sees them
  const sorted = (objs: KObject[]) => (f.sortBy ? byKind(objs).flatMap((g) => tpl().sortBy(g.objs, f.sortBy!)) : objs);
  const single = (objs: KObject[], ctx: PrintContext) => ctx.single ?? objs.length === 1;
  // what templates see: the object itself, or the List kubectl's get builds around several
  const dataOf = (objs: KObject[], ctx: PrintContext) =>
    single(objs, ctx) ? objs[0] : { apiVersion: 'v1', items: objs, kind: 'List', metadata: { resourceVersion: '' } };
  // the same for a list: the sort key of each object (made once for it), then the objects in order
  const sortedList = (list: ObjectList) => {
    if (!f.sortBy) return list;
    const sorted = new ObjectList();
    for (const run of list.byKind()) {
      const order = tpl().sortOrder(run, f.sortBy);
      sorted.pushMade(run.kind, order.length, (i) => run.at(order[i]));
    }
    return sorted;
  };
  /** `stream`: the format's text for a list, piece by piece (else print's, whole) */
  const printer = (
    kind: PrinterKind,
    print: (objs: KObject[], ctx: PrintContext) => string,
    stream?: (list: ObjectList, ctx: PrintContext) => Iterable<string>,
  ): ResourcePrinter => ({
    kind,
    print: (objs, ctx = {}) => print(sorted(objs), ctx),
    chunks: (list, ctx) =>
      // one object named (or one given): JSON and YAML print the object itself, not a List
      !stream || ((kind === 'json' || kind === 'yaml') && (ctx.single ?? list.length === 1))
        ? [print(sorted(list.toArray()), ctx)]
        : inChunks(stream(sortedList(list), ctx)),
    rowsOnly: (kind === 'table' || kind === 'name') && !f.sortBy,
  });
  if (runTemplate) return printer('go-template', (objs, ctx) => runTemplate(dataOf(objs, ctx)));
  const omit = (objs: KObject[]) => (f.showManagedFields ? objs : objs.map(withoutManagedFields));
  const omitList = (list: ObjectList) => (f.showManagedFields ? list : listWithoutManagedFields(list));
  switch (format) {
    case 'jsonpath':
    case 'jsonpath-file':
    case 'jsonpath-as-json':
      return printer('jsonpath', (objs, ctx) =>
        tpl().printJsonPath(fromFile(format) ? read(template) : template, dataOf(objs, ctx), format === 'jsonpath-as-json'),
      );
    case 'json':
      return printer(
        'json',
        (objs, ctx) => printJson(omit(objs), single(objs, ctx)),
        (list) => jsonListOf(omitList(list)),
      );
    case 'yaml':
      return printer(
        'yaml',
        (objs, ctx) => line(yamlText(omit(objs), single(objs, ctx))),
        (list) => yamlListOf(omitList(list), list.length),
      );
    case 'name':
      return printer(
        'name',
        (objs) => objs.map((o) => `${nameOf(o)}\n`).join(''),
        function* (list) {
          for (const o of list) yield `${nameOf(o)}\n`;
        },
      );
    case 'custom-columns':
    case 'custom-columns-file':
      return printer('custom-columns', (objs) =>
        line(tpl().printCustomColumns(fromFile(format) ? read(template) : template, fromFile(format), objs, !f.noHeaders)),
      );
  }
  const labelColumns = (f.labelColumns ?? []).flatMap((l) => l.split(',')).filter(Boolean);
  const tableOptions = (kinds: string[], ctx: PrintContext) => ({
    now: ctx.now ?? 0,
    wide: output === 'wide',
    showLabels: f.showLabels,
    noHeaders: f.noHeaders,
    withKind: f.showKind || ctx.withKind || new Set(kinds).size > 1,
    withNamespace: f.allNamespaces,
    labelColumns,
  });
  return printer(
    'table',
    (objs, ctx) => {
      const groups = byKind(objs);
      const opts = tableOptions(
        groups.map((g) => g.kind),
        ctx,
      );
      return groups.map((g) => printTable(g.kind, g.objs, opts)).join(f.noHeaders ? '' : '\n');
    },
    function* (list, ctx) {
      const groups = list.byKind();
      const opts = tableOptions(
        groups.map((g) => g.kind),
        ctx,
      );
      for (const [i, g] of groups.entries()) {
        if (i && !f.noHeaders) yield '\n';
        yield* tableOf(g, opts);
      }
    },
  );
}

/** kubectl's ToPrinter(operation) of the write verbs whose operation depends on the object: -o checked now. */
export function toPrinter(f: Omit<PrintFlags, 'operation'>): (operation: string) => ResourcePrinter {
  printerFor({ ...f, operation: '' });
  return (operation) => printerFor({ ...f, operation });
}

/** The write verbs' printer: `statefulset.apps/web scaled (dry run)`, or -o name|json|yaml, one object each. */
function writePrinter(f: PrintFlags): ResourcePrinter {
  const o = f.output;
  const shown = (obj: KObject) => (f.showManagedFields ? obj : withoutManagedFields(obj));
  if (o !== undefined && !WRITE_OUTPUTS.includes(o)) throw unmatched(o, WRITE_OUTPUTS);
  const each = (kind: PrinterKind, one: (obj: KObject) => string): ResourcePrinter => ({
    kind,
    print: (objs) => objs.map((obj) => line(one(obj))).join(''),
  });
  switch (o) {
    case 'json':
      return each('json', (obj) => (f.typed ? printTypedJson(obj) : printJson([shown(obj)], true)));
    case 'yaml':
      return each('yaml', (obj) => yamlText([shown(obj)], true));
    case 'name': // NamePrintFlags.ToPrinter: -o name drops the operation
      return each('name', nameOf);
    default:
      return each('name', (obj) => `${nameOf(obj)} ${withDryRun(f.operation!, f.dryRun)}`);
  }
}

/** delete's printer (DeleteOptions.PrintObj): `pod "web-0" deleted`, `kind/name` under -o name; -o is not checked. */
function deletionPrinter(f: PrintFlags): ResourcePrinter {
  const operation = withDryRun(f.operation ?? 'deleted', f.dryRun);
  const kindName = (obj: KObject) => {
    const info = kindInfo(obj.kind);
    return info ? qualifiedSingular(info) : obj.kind.toLowerCase();
  };
  return {
    kind: 'deletion',
    print: (objs) =>
      objs.map((obj) => (f.output === 'name' ? `${nameOf(obj)}\n` : `${kindName(obj)} "${obj.metadata.name}" ${operation}\n`)).join(''),
  };
}

/** What delete names by kind and name alone (kubectl's resource.Info): all its printer reads. */
export const deletedRef = (kind: string, name: string): KObject => ({ apiVersion: '', kind, metadata: { name } }) as unknown as KObject;

/** kubectl's template printer flags: `-o go-template=TPL`, `-o go-template --template TPL`, or `--template TPL` alone. */
function goTemplateOf(format: string, text: string | undefined, read: (path: string) => string): (data: unknown) => string {
  if (text === undefined || text === '') throw new CliError('error: template format specified but no template given');
  return tpl().goTemplatePrinter(GO_TEMPLATE[format] === 'go-template-file' ? read(text) : text);
}

/**
 * get -w's printer: one call per event. Only name, json and yaml (exactly so spelled) change the
 * table; templates and JSONPath were never offered in watches, and print the table as they always did.
 */
function watchPrinter(f: PrintFlags): ResourcePrinter {
  const each = (kind: PrinterKind, one: (obj: KObject) => string): ResourcePrinter => ({ kind, print: (objs) => objs.map(one).join('') });
  switch (f.output) {
    case 'name':
      return each('name', (obj) => `${nameOf(obj)}\n`);
    case 'json':
      return each('json', (obj) => printJson([obj], true));
    case 'yaml':
      return each('yaml', (obj) => `${yamlText([obj], true)}---\n`);
  }
  const widths = new WatchWidths();
  let layout: ReturnType<typeof tableLayout> | undefined;
  return {
    kind: 'table',
    print(objs, ctx = {}) {
      if (!objs.length) return '';
      // one kind per watch; --show-labels, -L and --show-kind were never honoured here, and still are not
      layout ??= tableLayout(objs[0].kind, { wide: f.output === 'wide', withNamespace: f.allNamespaces, watch: true });
      const header = f.noHeaders ? undefined : [...(f.watchEvents ? ['EVENT'] : []), ...layout.header];
      const rows = objs.map((obj) => [...(f.watchEvents ? [(ctx.eventType ?? 'ADDED').padEnd(8)] : []), ...layout!.row(obj, ctx.now ?? 0)]);
      return widths.print(header, rows, !!ctx.initial);
    },
  };
}

/**
 * kubectl's watch table: widths are remembered across flushes and only grow. The first flush is
 * the header with the initial list; after that every event is a flush of its own.
 */
class WatchWidths {
  private widths: number[] = [];
  private headed = false;
  private flush(rows: string[][]): string {
    for (const r of rows)
      r.forEach((cell, i) => {
        if (i < r.length - 1) this.widths[i] = Math.max(this.widths[i] ?? 6, cell.length + 3);
      });
    return rows.map((r) => r.map((cell, i) => (i < r.length - 1 ? cell.padEnd(this.widths[i]) : cell)).join('') + '\n').join('');
  }
  print(header: string[] | undefined, rows: string[][], initial: boolean): string {
    if (!rows.length) return '';
    if (!this.headed && header) {
      this.headed = true;
      return initial
        ? this.flush([header, ...rows])
        : this.flush([header, rows[0]]) +
            rows
              .slice(1)
              .map((r) => this.flush([r]))
              .join('');
    }
    this.headed = true;
    return initial ? this.flush(rows) : rows.map((r) => this.flush([r])).join('');
  }
}
