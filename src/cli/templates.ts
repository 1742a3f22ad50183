// The template of `-o FORMAT=TEMPLATE` (read from the file for the `-file` formats) and JSONPath
// printing with kubectl's errors, for every verb that prints with templates (get, config view).
import { readFileSync } from 'node:fs';
import { CliError } from '../api/errors.js';
import type { Json } from '../api/types.js';
import { jsonpath, jsonpathAsJson, JsonPathError, jsonPathPrinterError } from '../print/jsonpath.js';

/** The text after `-o FORMAT=`; for `jsonpath-file=F`, `custom-columns-file=F`, … the file's text. */
export function templateOf(output: string): string {
  const [format, ...rest] = output.split('=');
  const value = rest.join('=');
  if (!format.endsWith('-file') && format !== 'templatefile') return value;
  try {
    return readFileSync(value, 'utf8');
  } catch {
    throw new CliError(`error: error reading template ${value}, open ${value}: no such file or directory`);
  }
}

/** `-o jsonpath=TPL` (or, `asJson`, `-o jsonpath-as-json=TPL`), failing as kubectl's JSONPathPrinter does. */
export function printJsonPath(tpl: string, data: unknown, asJson = false): string {
  try {
    return asJson ? jsonpathAsJson(tpl, data as Json) : jsonpath(tpl, data);
  } catch (e) {
    if (e instanceof JsonPathError) throw new CliError(jsonPathPrinterError(tpl, e, data as Json));
    throw e;
  }
}
