// The shell's parser: script text to lists of pipelines of simple commands (words, redirections),
// pure (no files, no variables: those are the interpreter's, in interpret.ts), with dash's messages.

export type VarOp = '-' | ':-' | '+' | ':+';
/** A piece of a word; a word with any quoted piece is neither split nor globbed when expanded. */
export type Part =
  | { kind: 'lit'; text: string; quoted: boolean }
  | { kind: 'var'; name: string; quoted: boolean; op?: VarOp; word?: string }
  | { kind: 'cmd'; script: string; quoted: boolean };
export type Word = Part[];
/** `2>&1` has no target; the others have one word. */
export type Redirect = { op: '>' | '>>' | '<' | '2>' | '2>&1' | '2>>'; target?: Word };
export interface Command {
  words: Word[];
  redirects: Redirect[];
}
export type Pipeline = Command[];
/** Each pipeline with what ends it, which decides whether the next one runs. */
export type List = { pipeline: Pipeline; then: ';' | '&&' | '||' }[];

/** A script dash would refuse; the message is dash's, shown after `sh: 1: `. */
export class ShellSyntaxError extends Error {}

/** a parameter name after `$` (sticky: read where the scan is) */
const NAME = /[A-Za-z_][A-Za-z0-9_]*|[?$#0-9]/y;

/** A script's lists of pipelines, in order; throws ShellSyntaxError as dash would stop. */
export function parse(src: string): List {
  let i = 0;
  const list: List = [];
  let pipeline: Pipeline = [];
  let cmd: Command = { words: [], redirects: [] };
  let pendingRedirect: Redirect | undefined;

  const endCommand = () => {
    if (pendingRedirect) throw new ShellSyntaxError('Syntax error: newline unexpected');
    if (cmd.words.length || cmd.redirects.length) pipeline.push(cmd);
    cmd = { words: [], redirects: [] };
  };
  const endPipeline = (then: ';' | '&&' | '||') => {
    endCommand();
    if (pipeline.length) list.push({ pipeline, then });
    else if (then !== ';') throw new ShellSyntaxError(`Syntax error: "${then}" unexpected`);
    pipeline = [];
  };

  const readSub = (): string => {
    // after "$(": up to the matching ")"
    let depth = 1;
    const start = i;
    while (i < src.length) {
      const ch = src[i];
      if (ch === "'") {
        i = src.indexOf("'", i + 1);
        if (i < 0) throw new ShellSyntaxError('Syntax error: Unterminated quoted string');
      } else if (ch === '(') depth++;
      else if (ch === ')' && --depth === 0) {
        i++;
        return src.slice(start, i - 1);
      }
      i++;
    }
    throw new ShellSyntaxError('Syntax error: end of file unexpected (expecting ")")');
  };
  const readVar = (quoted: boolean): Part => {
    // after "$"
    if (src[i] === '(') {
      i++;
      return { kind: 'cmd', script: readSub(), quoted };
    }
    if (src[i] === '{') {
      const end = src.indexOf('}', i);
      if (end < 0) throw new ShellSyntaxError('Syntax error: Missing }');
      // ${NAME}, and ${NAME-WORD} ${NAME:-WORD} ${NAME+WORD} ${NAME:+WORD} with a literal WORD
      const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#])(?:(:?[-+])(.*))?$/s.exec(src.slice(i + 1, end));
      if (!m) throw new ShellSyntaxError('Bad substitution');
      i = end + 1;
      return { kind: 'var', name: m[1], quoted, ...(m[2] ? { op: m[2] as VarOp, word: m[3] } : {}) };
    }
    NAME.lastIndex = i;
    const m = NAME.exec(src);
    if (!m) return { kind: 'lit', text: '$', quoted };
    i += m[0].length;
    return { kind: 'var', name: m[0], quoted };
  };

  const readWord = (): Word => {
    const parts: Word = [];
    let lit = '';
    const flush = (quoted: boolean) => {
      if (lit) parts.push({ kind: 'lit', text: lit, quoted });
      lit = '';
    };
    // dash's blanks are space, tab and newline only: \r, \v or a BOM are part of a word
    while (i < src.length && !/[ \t\n;&|<>()]/.test(src[i])) {
      const ch = src[i];
      if (ch === "'") {
        flush(false);
        const end = src.indexOf("'", i + 1);
        if (end < 0) throw new ShellSyntaxError('Syntax error: Unterminated quoted string');
        parts.push({ kind: 'lit', text: src.slice(i + 1, end), quoted: true });
        i = end + 1;
      } else if (ch === '"') {
        flush(false);
        i++;
        let q = '';
        const qflush = () => {
          parts.push({ kind: 'lit', text: q, quoted: true });
          q = '';
        };
        for (;;) {
          if (i >= src.length) throw new ShellSyntaxError('Syntax error: Unterminated quoted string');
          const c = src[i];
          if (c === '"') {
            i++;
            break;
          }
          if (c === '\\' && i + 1 < src.length && '"\\$`'.includes(src[i + 1])) {
            q += src[i + 1];
            i += 2;
          } else if (c === '$') {
            i++;
            qflush();
            parts.push(readVar(true));
          } else {
            q += c;
            i++;
          }
        }
        qflush();
      } else if (ch === '\\') {
        lit += src[i + 1] ?? '';
        i += 2;
      } else if (ch === '$') {
        flush(false);
        i++;
        parts.push(readVar(false));
      } else {
        lit += ch;
        i++;
      }
    }
    flush(false);
    return parts;
  };

  while (i < src.length) {
    const ch = src[i];
    if (ch === ' ' || ch === '\t') {
      i++;
    } else if (ch === '\n' || ch === ';') {
      i++;
      endPipeline(';');
    } else if (ch === '#' && (i === 0 || /[ \t\n]/.test(src[i - 1]))) {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (src.startsWith('&&', i)) {
      i += 2;
      endPipeline('&&');
    } else if (src.startsWith('||', i)) {
      i += 2;
      endPipeline('||');
    } else if (ch === '|') {
      i++;
      endCommand();
      if (!pipeline.length) throw new ShellSyntaxError('Syntax error: "|" unexpected');
    } else if (ch === '&') {
      i++; // background jobs: run in the foreground
      endPipeline(';');
    } else if (src.startsWith('2>&1', i)) {
      i += 4;
      cmd.redirects.push({ op: '2>&1' });
    } else if (src.startsWith('2>>', i) || src.startsWith('2>', i) || src.startsWith('>>', i) || ch === '>' || ch === '<') {
      const op = (['2>>', '2>', '>>', '>', '<'] as const).find((o) => src.startsWith(o, i))!;
      i += op.length;
      pendingRedirect = { op };
      cmd.redirects.push(pendingRedirect);
      while (src[i] === ' ') i++;
      const w = readWord();
      if (!w.length) throw new ShellSyntaxError('Syntax error: newline unexpected');
      pendingRedirect.target = w;
      pendingRedirect = undefined;
    } else if (ch === '(' || ch === ')') {
      throw new ShellSyntaxError(`Syntax error: "${ch}" unexpected`);
    } else {
      cmd.words.push(readWord());
    }
  }
  endPipeline(';');
  return list;
}
