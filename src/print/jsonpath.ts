// kubectl's JSONPath: k8s.io/client-go/util/jsonpath ported node for node — parser.go in
// jsonpath/parse.ts, jsonpath.go in jsonpath/evaluate.ts, value printing in jsonpath/format.ts;
// here the entry points (Parse + Execute + PrintResults, cli-runtime's JSONPathPrinter errors).
import type { Json } from '../api/types.js';
import { Evaluator } from './jsonpath/evaluate.js';
import { goQuote } from '../api/go-json.js';
import { goJson, goJsonIndent, goSyntax, scalarText } from './jsonpath/format.js';
import { parse } from './jsonpath/parse.js';
import { GoByte, GoFloat, isMap, JsonPathError, MAX_JSONPATH_OUTPUT } from './jsonpath/values.js';

export { goJson, goSyntax } from './jsonpath/format.js';
export { JsonPathError, MAX_JSONPATH_OUTPUT, MAX_JSONPATH_VALUES } from './jsonpath/values.js';

// ---- entry points -------------------------------------------------------------------------------

/** How custom columns and `wait --for=jsonpath` show a value: maps and lists as JSON, null as nothing. */
export function formatValue(v: Json): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Evaluate a whole template (kubectl's `-o jsonpath=…`): each node's values, joined by a space. */
export function jsonpath(template: string, data: Json): string {
  const root = parse(template);
  let out = '';
  // PrintResults: maps and lists as JSON, the rest as text, values of one node joined by a space
  for (const results of new Evaluator().findResults(data, root.nodes))
    results.forEach((r, i) => {
      out += (Array.isArray(r) || isMap(r) ? goJson(r) : scalarText(r)) + (i < results.length - 1 ? ' ' : '');
      if (out.length > MAX_JSONPATH_OUTPUT)
        throw new JsonPathError(`sts: the template prints more than ${MAX_JSONPATH_OUTPUT} characters; narrow it`, 'execute');
    });
  return out;
}

/** `-o jsonpath-as-json=TEMPLATE`: each node's values as one indented JSON list (EnableJSONOutput). */
export function jsonpathAsJson(template: string, data: Json): string {
  const root = parse(template);
  let out = '';
  for (const results of new Evaluator().findResults(data, root.nodes)) {
    const values = results.map((r) => (r instanceof GoFloat || r instanceof GoByte ? r.value : typeof r === 'bigint' ? Number(r) : (r ?? null)));
    out += `${goJsonIndent(values, '')}\n`;
    if (out.length > MAX_JSONPATH_OUTPUT)
      throw new JsonPathError(`sts: the template prints more than ${MAX_JSONPATH_OUTPUT} characters; narrow it`, 'execute');
  }
  return out;
}

/** The values one path selects (for --sort-by, custom columns, wait --for=jsonpath): `{.a.b}` or `.a.b`. */
export function select(path: string, data: Json): Json[] {
  const p = path.trim();
  const root = parse(p.startsWith('{') ? p : `{${p}}`);
  return new Evaluator().findResults(data, root.nodes).flat() as Json[];
}

/**
 * kubectl's message for a failed `-o jsonpath=TEMPLATE` (cli-runtime's JSONPathPrinter): a parse
 * error names the template; an execution error also prints the object it was given, as Go's %#v.
 */
export function jsonPathPrinterError(template: string, e: JsonPathError, data: Json): string {
  if (e.phase === 'parse') return `error: error parsing jsonpath ${template}, ${e.message}`;
  return (
    `error: error executing jsonpath ${goQuote(template)}: Error executing template: ${e.message}. Printing more information for debugging the template:\n` +
    `\ttemplate was:\n\t\t${template}\n` +
    `\tobject given to jsonpath engine was:\n\t\t${goSyntax(data)}\n\n\n`
  );
}
