// The shell's limits (src/runtime/limits.ts) and the inputs that used to escape as JavaScript errors:
// a deadline that stops a command mid-way (a small budget here; 5 s in sts), nesting that ends
// cleanly, patterns that cannot backtrack (src/runtime/regex.ts), streams too big to hold, variables
// named after Object.prototype, and grep's own errors for bad patterns.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Container } from '../../src/runtime/container.js';
import { Budget, MAX_STREAM_CHARS, MEMORY_LIMIT_TEXT, NESTING_LIMIT_TEXT, TIME_LIMIT_TEXT } from '../../src/runtime/limits.js';
import { PodFs } from '../../src/runtime/podfs.js';
import { compilePatterns, globMatch, RegexError } from '../../src/runtime/regex.js';
import { Shell } from '../../src/runtime/shell.js';

let dir: string;
let ctr: Container;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sts-shell-'));
  for (const d of ['root/tmp', 'root/data', 'claim']) mkdirSync(join(dir, d), { recursive: true });
  const fs = new PodFs([
    { path: '/', host: join(dir, 'root'), readOnly: false, source: 'overlay' },
    { path: '/data', host: join(dir, 'claim'), readOnly: false, size: '64Ki', source: '/dev/pvc-1' },
  ]);
  const env = Object.assign(Object.create(null) as Record<string, string>, { HOSTNAME: 'web-0' });
  ctr = { fs, env, hostname: 'web-0', fqdn: 'web-0', record: {}, pod: { metadata: { namespace: 'default' } } } as unknown as Container;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sh = (script: string, budget?: Budget) => new Shell(ctr, budget).script(script);
const exec = (argv: string[], budget?: Budget) => new Shell(ctr, budget).exec(argv);
/** How long fn takes, in ms. */
const timed = <T>(fn: () => T): [T, number] => {
  const start = Date.now();
  const r = fn();
  return [r, Date.now() - start];
};

describe('time budget', () => {
  it('stops a command that would run for ever, keeping what it printed (exit 124)', () => {
    // ten levels of ten calls each: 10^10 shells, far past any deadline, never deep
    for (let i = 0; i < 10; i++) writeFileSync(join(dir, 'root', `l${i}.sh`), `sh < /l${i + 1}.sh\n`.repeat(10));
    writeFileSync(join(dir, 'root', 'l10.sh'), 'true\n');
    const [r, ms] = timed(() => sh('echo started; sh < /l0.sh; echo never', new Budget(300)));
    expect(r).toEqual({ out: 'started\n', err: TIME_LIMIT_TEXT, code: 124 });
    expect(ms).toBeLessThan(3000);
  });

  it('interrupts a long pattern search between steps', () => {
    writeFileSync(join(dir, 'root', 'big'), `${'a'.repeat(2_000_000)}\n`);
    const [r, ms] = timed(() => exec(['grep', '-E', '(a|b|c|.)*(a|b|c|.)*(a|b|c|.)*(a|b|c|.)*x{1,200}', '/big'], new Budget(300)));
    expect(r).toEqual({ out: '', err: TIME_LIMIT_TEXT, code: 124 });
    expect(ms).toBeLessThan(3000);
  });
});

describe('nesting', () => {
  it('a script that runs itself ends with the recursion limit, not a stack overflow', () => {
    writeFileSync(join(dir, 'root', 'self.sh'), 'sh < /self.sh\n');
    expect(sh('sh < /self.sh')).toEqual({ out: '', err: NESTING_LIMIT_TEXT, code: 2 });
  });

  it('3,000 nested $( ) end the same way', () => {
    const nested = (n: number) => `${'echo $('.repeat(n)}echo deep${')'.repeat(n)}`;
    expect(sh(nested(3000))).toEqual({ out: '', err: NESTING_LIMIT_TEXT, code: 2 });
    expect(sh(nested(50))).toEqual({ out: 'deep\n', err: '', code: 0 });
  });
});

describe('memory', () => {
  it(`a stream past ${MAX_STREAM_CHARS / 2 ** 20} MiB ends the command (exit 137) instead of failing inside V8`, () => {
    writeFileSync(join(dir, 'root', 'tmp', 'part'), Buffer.alloc(MAX_STREAM_CHARS / 4 + 1, 'a'));
    expect(sh('cat /tmp/part /tmp/part /tmp/part /tmp/part > /dev/null; echo after')).toEqual({ out: '', err: MEMORY_LIMIT_TEXT, code: 137 });
  });
});

describe('quota', () => {
  it("writes past a volume's size fail with ENOSPC, in each command's words", () => {
    expect(sh('echo 0123456789abcdef > /data/x')).toEqual({ out: '', err: '', code: 0 });
    // double the file until the 64Ki claim is full
    let last = { out: '', err: '', code: 0 };
    for (let i = 0; i < 12 && last.code === 0; i++) last = sh('cat /data/x /data/x > /data/y && cat /data/y > /data/x');
    expect(last).toMatchObject({ out: '', err: expect.stringMatching(/^sh: 1: cannot create \/data\/[xy]: No space left on device\n$/), code: 2 });
    expect(sh('touch /data/a /data/b /data/c /data/d /data/e /data/f /data/g /data/h /data/i').err).toMatch(
      /^touch: cannot touch '\/data\/\w': No space left on device\n/,
    );
    expect(sh('mkdir /data/dir').err).toBe("mkdir: cannot create directory '/data/dir': No space left on device\n");
    expect(sh('rm /data/y; mkdir /data/dir && echo made').out).toBe('made\n');
  });
});

describe('variables named after Object.prototype are unset', () => {
  it('$__proto__, $constructor, ${toString}… expand to nothing; printenv finds none of them', () => {
    expect(sh('echo "[$__proto__][$constructor][${toString}][${hasOwnProperty}][$valueOf][${__defineGetter__}]"')).toEqual({
      out: '[][][][][][]\n',
      err: '',
      code: 0,
    });
    expect(sh('echo ${constructor:-unset} ${HOSTNAME:+set}').out).toBe('unset set\n');
    expect(exec(['printenv', '__proto__'])).toEqual({ out: '', err: '', code: 1 });
    expect(exec(['printenv', 'constructor']).code).toBe(1);
    expect(sh('echo ${a b}')).toEqual({ out: '', err: 'sh: 1: Bad substitution\n', code: 2 });
  });
});

describe('grep', () => {
  const input = 'a(b\nplain\n(\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n';
  const grep = (...args: string[]) => new Shell(ctr).exec(['grep', ...args], input);

  it("bad patterns are grep's errors (exit 2), in regerror's words", () => {
    expect(grep('-E', '(')).toEqual({ out: '', err: 'grep: Unmatched ( or \\(\n', code: 2 });
    expect(grep('\\(')).toEqual({ out: '', err: 'grep: Unmatched ( or \\(\n', code: 2 });
    expect(grep('-E', 'a)')).toEqual({ out: '', err: 'grep: Unmatched ) or \\)\n', code: 2 });
    expect(grep('[a')).toEqual({ out: '', err: 'grep: Unmatched [, [^, [:, [., or [=\n', code: 2 });
    expect(grep('[[:nope:]]')).toEqual({ out: '', err: 'grep: Invalid character class name\n', code: 2 });
    expect(grep('a\\{1')).toEqual({ out: '', err: 'grep: Unmatched \\{\n', code: 2 });
    expect(grep('-E', 'a{2,1}')).toEqual({ out: '', err: 'grep: Invalid content of \\{\\}\n', code: 2 });
    expect(grep('[z-a]')).toEqual({ out: '', err: 'grep: Invalid range end\n', code: 2 });
    expect(grep('a\\')).toEqual({ out: '', err: 'grep: Trailing backslash\n', code: 2 });
    expect(grep('-E', '(a{1000}){1000}')).toEqual({ out: '', err: 'grep: Regular expression too big\n', code: 2 });
    expect(grep('\\(a\\)\\1')).toEqual({ out: '', err: 'grep: back-references are not supported\n', code: 2 });
  });

  it("'(' is an ordinary character in a basic RE, as in GNU and busybox grep", () => {
    expect(grep('(')).toEqual({ out: 'a(b\n(\n', err: '', code: 0 });
    expect(grep('-F', '(')).toEqual({ out: 'a(b\n(\n', err: '', code: 0 });
  });

  it('nested quantifiers that make backtracking engines hang answer at once', () => {
    const line = `${'a'.repeat(100_000)}b`;
    const [r, ms] = timed(() => new Shell(ctr).exec(['grep', '-cE', '^(a+)+$', '-'], `${line}\n${'a'.repeat(30)}\n`));
    expect(r).toEqual({ out: '1\n', err: '', code: 0 });
    expect(ms).toBeLessThan(2000);
  });

  it('options: -E -F -i -v -c -n -x -w -q -e, several files', () => {
    expect(grep('-E', 'a+b$')).toMatchObject({ out: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n' });
    expect(grep('-E', 'a.?b$')).toMatchObject({ out: 'a(b\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n' });
    expect(grep('a\\+b$').out).toBe(grep('-E', 'a+b$').out);
    expect(grep('-in', 'PLAIN')).toMatchObject({ out: '2:plain\n', code: 0 });
    expect(grep('-vc', 'a')).toMatchObject({ out: '1\n' });
    expect(grep('-x', '(')).toMatchObject({ out: '(\n' });
    expect(grep('-w', 'plai')).toMatchObject({ out: '', code: 1 });
    expect(grep('-q', 'plain')).toEqual({ out: '', err: '', code: 0 });
    expect(grep('-e', 'plain', '-e', '^(')).toMatchObject({ out: 'plain\n(\n' });
    writeFileSync(join(dir, 'root', 'f'), 'plain\n');
    expect(grep('plain', '/f', '-', '/nope')).toEqual({
      out: '/f:plain\n(standard input):plain\n',
      err: 'grep: /nope: No such file or directory\n',
      code: 2,
    });
  });
});

describe('the linear-time engine', () => {
  const matches = (re: string, text: string, extended = true) => compilePatterns([re], { extended }).test(text, () => {});
  it('POSIX classes, brackets, anchors, intervals, alternation and GNU escapes', () => {
    expect(matches('^[[:digit:]]{3}-[^a-z]$', '123-X')).toBe(true);
    expect(matches('^[[:digit:]]{3}-[^a-z]$', '123-x')).toBe(false);
    expect(matches('[]a]', ']')).toBe(true);
    expect(matches('^(cat|dog)s?$', 'dogs')).toBe(true);
    expect(matches('\\<web-[0-9]+\\>', 'pod web-12 up')).toBe(true);
    expect(matches('\\bweb\\B', 'webs')).toBe(true);
    expect(matches('a{2,3}', 'xaay')).toBe(true);
    expect(matches('^a{2,3}$', 'aaaa')).toBe(false);
    expect(matches('x*', '')).toBe(true);
    expect(matches('a|b*', 'zzz')).toBe(true);
    expect(matches('a.c', 'a\u00e9c')).toBe(true);
    expect(matches('^\\$1$', '$1', false)).toBe(true);
    expect(matches('a$b', 'a$b', false)).toBe(true);
    expect(compilePatterns(['HELLO'], { icase: true }).test('say hello', () => {})).toBe(true);
    expect(() => compilePatterns(['('], { extended: true })).toThrow(RegexError);
  });

  it('file name globs match without a regex', () => {
    expect(globMatch('*.html', 'index.html')).toBe(true);
    expect(globMatch('w?b-*', 'web-0')).toBe(true);
    expect(globMatch('*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(255))).toBe(false);
  });
});
