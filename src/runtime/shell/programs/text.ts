// The text commands: wc, head, tail, sort and GNU grep, reading files or their input, within the
// exec's budget (limits.ts) and, for grep, on the linear-time pattern engine of regex.ts.
import { reasonText } from '../../podfs.js';
import { compilePatterns, type Pattern, RegexError, RegexUnsupported } from '../../regex.js';
import type { Io, Program, ShellContext } from '../program.js';
import { cat } from './files.js';

/** wc, head, tail and sort: the lines of the files named, or of the input. */
const byLine: Program = (sh, args, stdin, prog) => {
  const files = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '-n');
  let input = stdin;
  if (files.length) {
    const r = cat(sh, files, '');
    if (r.code) return r;
    input = r.out;
  }
  const lines = input.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const count = args.includes('-n') ? args[args.indexOf('-n') + 1] : args.find((a) => /^-\d+$/.test(a))?.slice(1);
  const n = Number(count) || 10;
  switch (prog) {
    case 'wc': {
      const l = lines.length;
      const w = input.split(/\s+/).filter(Boolean).length;
      const c = Buffer.byteLength(input);
      if (args.includes('-l')) return { out: `${l}\n`, err: '', code: 0 };
      if (args.includes('-w')) return { out: `${w}\n`, err: '', code: 0 };
      if (args.includes('-c')) return { out: `${c}\n`, err: '', code: 0 };
      return { out: `${String(l).padStart(7)} ${String(w).padStart(7)} ${String(c).padStart(7)}\n`, err: '', code: 0 };
    }
    case 'head':
      return {
        out: lines
          .slice(0, n)
          .map((x) => `${x}\n`)
          .join(''),
        err: '',
        code: 0,
      };
    case 'tail':
      return {
        out: lines
          .slice(-n)
          .map((x) => `${x}\n`)
          .join(''),
        err: '',
        code: 0,
      };
    default:
      return {
        out: [...lines]
          .sort()
          .map((x) => `${x}\n`)
          .join(''),
        err: '',
        code: 0,
      };
  }
};

/**
 * GNU grep: basic (default), extended (-E) or fixed (-F) patterns, any of several (-e, or lines
 * of one); -i -v -c -l -q -n -x -w -h -H -s. Patterns run on the linear-time engine in regex.ts,
 * checked against the exec's deadline as they go.
 */
function grep(sh: ShellContext, args: string[], stdin: string): Io {
  const usage = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";
  const LONG: Record<string, string> = {
    '--extended-regexp': 'E',
    '--fixed-strings': 'F',
    '--basic-regexp': 'G',
    '--ignore-case': 'i',
    '--invert-match': 'v',
    '--count': 'c',
    '--files-with-matches': 'l',
    '--quiet': 'q',
    '--silent': 'q',
    '--line-number': 'n',
    '--line-regexp': 'x',
    '--word-regexp': 'w',
    '--no-filename': 'h',
    '--with-filename': 'H',
    '--no-messages': 's',
  };
  const opts = new Set<string>();
  const patterns: string[] = [];
  const operandsLeft: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      operandsLeft.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const [name, value] = a.split(/=(.*)/s);
      if (name === '--regexp') {
        const v = value ?? args[++i];
        if (v === undefined) return { out: '', err: `grep: option '--regexp' requires an argument\n${usage}`, code: 2 };
        patterns.push(v);
      } else if (Object.hasOwn(LONG, name)) opts.add(LONG[name]);
      else return { out: '', err: `grep: unrecognized option '${a}'\n${usage}`, code: 2 };
      continue;
    }
    if (!a.startsWith('-') || a === '-') {
      operandsLeft.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const f = a[j];
      if (f === 'e') {
        const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
        if (v === undefined) return { out: '', err: `grep: option requires an argument -- 'e'\n${usage}`, code: 2 };
        patterns.push(v);
        break;
      }
      if ('oABCrRLmabfTZzU'.includes(f)) return { out: '', err: `grep: -${f} is not supported in sts's pods\n`, code: 2 };
      if (!'EFGivyclqnxwhHs'.includes(f)) return { out: '', err: `grep: invalid option -- '${f}'\n${usage}`, code: 2 };
      opts.add(f === 'y' ? 'i' : f);
    }
  }
  if (!patterns.length) {
    if (!operandsLeft.length) return { out: '', err: usage, code: 2 };
    patterns.push(operandsLeft.shift()!);
  }
  let pattern: Pattern;
  try {
    pattern = compilePatterns(
      patterns.flatMap((p) => p.split('\n')),
      {
        extended: opts.has('E'),
        fixed: opts.has('F'),
        icase: opts.has('i'),
        whole: opts.has('x') ? 'line' : opts.has('w') ? 'word' : undefined,
      },
    );
  } catch (e) {
    if (e instanceof RegexError || e instanceof RegexUnsupported) return { out: '', err: `grep: ${e.message}\n`, code: 2 };
    throw e;
  }
  const files = operandsLeft.length ? operandsLeft : ['-'];
  const named = opts.has('H') || (files.length > 1 && !opts.has('h'));
  const tick = () => sh.budget.check();
  let out = '';
  let err = '';
  let matched = false;
  for (const f of files) {
    let input: string;
    try {
      input = f === '-' ? stdin : sh.readText(f);
    } catch (e) {
      if (!opts.has('s')) err += `grep: ${f}: ${reasonText(e)}\n`;
      else reasonText(e);
      continue;
    }
    const label = f === '-' ? '(standard input)' : f;
    const lines = input.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    let count = 0;
    for (let n = 0; n < lines.length; n++) {
      if (pattern.test(lines[n], tick) === opts.has('v')) continue;
      count++;
      matched = true;
      if (opts.has('q')) return { out: '', err: '', code: 0 };
      if (opts.has('l')) break;
      if (!opts.has('c')) out = sh.budget.bound(`${out}${named ? `${label}:` : ''}${opts.has('n') ? `${n + 1}:` : ''}${lines[n]}\n`);
    }
    if (opts.has('c')) out += `${named ? `${label}:` : ''}${count}\n`;
    else if (opts.has('l') && count) out += `${label}\n`;
  }
  return { out, err, code: err ? 2 : matched ? 0 : 1 };
}

export const text: Record<string, Program> = {
  wc: byLine,
  head: byLine,
  tail: byLine,
  sort: byLine,
  grep,
};
