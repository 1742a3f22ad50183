// `sts shell`'s command lines, read as a POSIX shell reads words (quotes, backslashes) but only so far
// as sts needs: `!cmd` for the host, `CMD | host pipeline`, and the kubectl/sts prefix left out.
// Pure functions: the shell (shell.ts) and its completion (shell-complete.ts) share them.

export type ShellLine =
  { kind: 'empty' } | { kind: 'host'; command: string } | { kind: 'sts'; argv: string[]; pipeTo?: string } | { kind: 'error'; message: string };

/** The words of `text` up to its first unquoted `|` (`pipe`: where it is), and whether a quote is left open. */
export interface Words {
  words: string[];
  /** the quote still open at the end (`'` or `"`), for completion and the error of an unfinished line */
  open?: string;
  /** the index of the first unquoted `|`, if any */
  pipe?: number;
  /** whether the text ends between words (the next word to complete is empty) */
  between: boolean;
}

/** Cut `text` into words as sh does: blanks separate, '…' keeps everything, "…" keeps all but \" and \\,
 *  a backslash outside quotes keeps the next character. Stops at an unquoted `|`. */
export function splitWords(text: string): Words {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  const add = (s: string) => (word = (word ?? '') + s);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else add(ch);
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) add(text[++i]);
      else add(ch);
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      add('');
    } else if (ch === '\\' && i + 1 < text.length) add(text[++i]);
    else if (ch === '|') {
      if (word !== undefined) words.push(word);
      return { words, pipe: i, between: true };
    } else if (ch === ' ' || ch === '\t') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else add(ch);
  }
  const between = word === undefined;
  if (word !== undefined) words.push(word);
  return { words, ...(quote ? { open: quote } : {}), between };
}

/** A command without its `kubectl` or `sts` (the shell takes both, so lines can be pasted from docs). */
export function withoutPrefix(words: string[]): string[] {
  return words.length > 1 && (words[0] === 'kubectl' || words[0] === 'sts') ? words.slice(1) : words;
}

/** What one line of input asks for. A line starting with `#` is a comment. */
export function parseLine(line: string): ShellLine {
  const text = line.trim();
  if (!text || text.startsWith('#')) return { kind: 'empty' };
  if (text.startsWith('!')) {
    const command = text.slice(1).trim();
    return command ? { kind: 'host', command } : { kind: 'error', message: 'error: ! needs a command to run on the host (!ls)' };
  }
  const { words, open, pipe } = splitWords(text);
  if (open) return { kind: 'error', message: `error: unterminated ${open === '"' ? 'double' : 'single'} quote` };
  const argv = withoutPrefix(words);
  if (pipe !== undefined) {
    const pipeTo = text.slice(pipe + 1).trim();
    if (!pipeTo || !argv.length) return { kind: 'error', message: 'error: a pipe needs a command on each side (get pods -o name | grep web)' };
    return { kind: 'sts', argv, pipeTo };
  }
  return argv.length ? { kind: 'sts', argv } : { kind: 'empty' };
}
