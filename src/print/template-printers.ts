// The printers that take a template: JSONPath, Go templates, custom columns, and --sort-by's order
// (kubectl's printers.JSONPathPrinter, GoTemplatePrinter, CustomColumnsPrinter and get's SortingPrinter).
import { CliError } from '../api/errors.js';
import { PrintError } from './print-error.js';
import { goJsonEscape } from '../api/go-json.js';
import type { Json, KObject } from '../api/types.js';
import { goPrint, goTemplate, TemplateError } from './gotemplate.js';
import { formatValue, jsonpath, jsonpathAsJson, JsonPathError, jsonPathPrinterError, select } from './jsonpath.js';
import { sortKeys } from './printers.js';
import { table } from './tabwriter.js';

/** `-o jsonpath=TPL` (or, `asJson`, `-o jsonpath-as-json=TPL`), failing as kubectl's JSONPathPrinter does. */
export function printJsonPath(tpl: string, data: unknown, asJson = false): string {
  try {
    return asJson ? jsonpathAsJson(tpl, data as Json) : jsonpath(tpl, data);
  } catch (e) {
    if (e instanceof JsonPathError) throw new CliError(jsonPathPrinterError(tpl, e, data as Json));
    throw e;
  }
}

/** A Go template, parsed now (a parse error is the verb's error before it fetches anything). */
export function goTemplatePrinter(src: string): (data: unknown) => string {
  let run: (data: unknown) => string;
  try {
    run = goTemplate(src);
  } catch (e) {
    if (e instanceof TemplateError) throw new CliError(`error: error parsing template ${src}, ${e.message}`);
    throw e;
  }
  return (data) => {
    try {
      return run(data);
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      throw new PrintError(
        `error: error executing template ${JSON.stringify(src)}: ${e.message}`,
        `Error executing template: ${e.message}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t${src}\n` +
          `\traw data was:\n\t\t${goJsonEscape(JSON.stringify(sortKeys(data as KObject)))}\n\tobject given to template engine was:\n\t\t${goPrint(data)}\n\n`,
      );
    }
  };
}

/** -o custom-columns=HEADER:PATH,… (or a file: headers on the first line, paths on the second). */
export function printCustomColumns(spec: string, fromFile: boolean, objs: KObject[], headers: boolean): string {
  let cols: [string, string][];
  if (fromFile) {
    const [h = '', p = ''] = spec.split('\n').filter((l) => l.trim());
    const hs = h.trim().split(/\s+/);
    const ps = p.trim().split(/\s+/);
    if (hs.length !== ps.length) throw new CliError(`error: expected ${hs.length} columns, saw ${ps.length}`);
    cols = hs.map((x, i) => [x, ps[i]]);
  } else
    cols = spec.split(',').map((part) => {
      const i = part.indexOf(':');
      if (i < 0) throw new CliError(`error: unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
      return [part.slice(0, i), part.slice(i + 1)];
    });
  const rows = objs.map((o) =>
    cols.map(([, path]) => {
      let vals: unknown[];
      try {
        vals = select(path.startsWith('.') || path.startsWith('{') ? path : `.${path}`, o);
      } catch (e) {
        if (e instanceof JsonPathError) throw new CliError(`error: ${e.message}`);
        throw e;
      }
      return vals.length ? vals.map(formatValue).join(',') : '<none>';
    }),
  );
  return table(headers ? [cols.map(([h]) => h), ...rows] : rows);
}

/** --sort-by=JSONPATH: numbers numerically, the rest as text; objects without the field first. */
export function sortBy(objs: KObject[], path: string): KObject[] {
  return sortOrder({ length: objs.length, at: (i) => objs[i] }, path).map((i) => objs[i]);
}

/** sortBy's order, as the indices of the objects in it: each object is asked for its key once, and
 *  need not be kept (a made list makes them again to print them). Stable, as sortBy is. */
export function sortOrder(objs: { length: number; at(i: number): KObject }, path: string): number[] {
  const keys: unknown[] = [];
  try {
    for (let i = 0; i < objs.length; i++) keys.push(select(path, objs.at(i))[0]);
  } catch (e) {
    if (e instanceof JsonPathError) throw new CliError(`error: couldn't find any field with path "${path}" in the list of objects`);
    throw e;
  }
  return keys
    .map((_, i) => i)
    .sort((i, j) => {
      const a = keys[i];
      const b = keys[j];
      if (a === undefined) return b === undefined ? 0 : -1;
      if (b === undefined) return 1;
      if (typeof a === 'number' && typeof b === 'number') return a - b;
      return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
    });
}
