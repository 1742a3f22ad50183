// Tab in `sts shell`: what `sts __complete` offers (completion.ts: commands, flags, types, names from
// the cluster), the shell's own words (ns, cd, exit), and files after -f, as readline's completer wants
// them: the candidates for the word under the cursor, and that word.
import { readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { candidates } from './completion.js';
import type { GlobalOpts } from './context.js';
import { splitWords, withoutPrefix } from './shell-line.js';

/** The shell's own commands (shell.ts runs them). */
export const BUILTINS = ['cd', 'exit', 'ns'];

/** Candidates for the last word of `line` (the text left of the cursor), and that word as typed. */
export async function completeLine(line: string, opts: GlobalOpts, cwd: string): Promise<[string[], string]> {
  if (line.trimStart().startsWith('!')) return [[], ''];
  const split = splitWords(line);
  if (split.pipe !== undefined) return [[], ''];
  const typed = split.between ? '' : line.slice(lastWordStart(line));
  const words = withoutPrefix(split.between ? [...split.words, ''] : split.words);
  const cur = words[words.length - 1];
  const prev = words[words.length - 2];
  let found: string[];
  if (prev === '-f' || prev === '--filename' || (prev === 'cd' && words.length === 2)) found = files(cwd, cur, prev === 'cd');
  else if (cur.startsWith('--filename=')) found = files(cwd, cur.slice('--filename='.length), false).map((f) => `--filename=${f}`);
  else if (prev === 'ns' && words.length === 2) found = await candidates(['get', 'namespaces', cur], opts);
  else {
    found = await candidates(words, opts);
    if (words.length === 1) found = [...BUILTINS.filter((b) => b.startsWith(cur)), ...found].sort();
  }
  if (typed !== cur) return [[], typed]; // a quoted or escaped word: leave it as typed
  // one candidate: finish the word as bash does (a space after it, unless more is to come)
  if (found.length === 1 && !/[=/]$/.test(found[0])) found = [`${found[0]} `];
  return [found, cur];
}

/** Where the word under the cursor starts (after the last blank). */
const lastWordStart = (line: string) => Math.max(line.lastIndexOf(' '), line.lastIndexOf('\t')) + 1;

/** Paths starting with `typed` (relative to `cwd`), directories with a trailing slash; dotfiles only when asked for. */
function files(cwd: string, typed: string, dirsOnly: boolean): string[] {
  const dir = typed.endsWith('/') ? typed : dirname(typed) === '.' && !typed.startsWith('./') ? '' : `${dirname(typed)}/`;
  const base = typed.slice(dir.length);
  try {
    return readdirSync(resolve(cwd, dir || '.'), { withFileTypes: true })
      .filter((e) => e.name.startsWith(base) && (base.startsWith('.') || !e.name.startsWith('.')))
      .filter((e) => !dirsOnly || e.isDirectory())
      .map((e) => `${dir}${e.name}${e.isDirectory() ? '/' : ''}`)
      .sort();
  } catch {
    return [];
  }
}
