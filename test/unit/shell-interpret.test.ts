// The shell's interpreter (src/runtime/shell/interpret.ts) over a real PodFs on a temp directory:
// exit statuses, `$?`, `&&`/`||`/`;`, pipes, redirections to files, expansion, unknown commands,
// `exec` without a shell, and the registry of programs it looks names up in. Whole outputs compared.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Container } from '../../src/runtime/container.js';
import { PodFs } from '../../src/runtime/podfs.js';
import { Shell } from '../../src/runtime/shell.js';
import { PROGRAMS } from '../../src/runtime/shell/programs.js';

let dir: string;
let ctr: Container;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sts-interp-'));
  for (const d of ['root/tmp', 'root/etc', 'ro']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, 'root/etc/hosts'), 'a\nb b\nccc\n');
  const fs = new PodFs([
    { path: '/', host: join(dir, 'root'), readOnly: false, source: 'overlay' },
    { path: '/ro', host: join(dir, 'ro'), readOnly: true, source: '/dev/ro' },
  ]);
  const env = Object.assign(Object.create(null) as Record<string, string>, { HOSTNAME: 'web-0', X: 'a  b' });
  ctr = { fs, env, hostname: 'web-0', fqdn: 'web-0', record: {}, pod: { metadata: { namespace: 'default' } } } as unknown as Container;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sh = (script: string, stdin = '') => new Shell(ctr).script(script, stdin);
const hostFile = (p: string) => readFileSync(join(dir, 'root', p), 'utf8');

describe('statuses and lists', () => {
  it('the status is the last command run; $? is the one before', () => {
    expect(sh('false; echo $?; true; echo $?; false')).toEqual({ out: '1\n0\n', err: '', code: 1 });
  });

  it('&& and || short-circuit, left to right', () => {
    expect(sh('true && echo a || echo b; false && echo c || echo d; false || false && echo e; echo $?')).toEqual({
      out: 'a\nd\n1\n',
      err: '',
      code: 0,
    });
  });

  it('a skipped command leaves $? as it was', () => {
    expect(sh('false && true; echo $?')).toEqual({ out: '1\n', err: '', code: 0 });
  });

  it('exit stops the script with its status (modulo 256), or the last one', () => {
    expect(sh('echo a; exit 456; echo b')).toEqual({ out: 'a\n', err: '', code: 200 });
    expect(sh('false; exit; echo b')).toEqual({ out: '', err: '', code: 1 });
    expect(sh('exit x; echo b')).toEqual({ out: 'b\n', err: 'sh: 1: exit: Illegal number: x\n', code: 0 });
  });

  it('a child shell exits alone and keeps its cd to itself', () => {
    expect(sh('sh -c "cd /tmp; pwd; exit 4"; echo $?; pwd')).toEqual({ out: '/tmp\n4\n/\n', err: '', code: 0 });
  });

  it("an unknown command is 127 with dash's message, whatever its name", () => {
    expect(sh('nope; echo $?; constructor; /usr/bin/nope')).toEqual({
      out: '127\n',
      err: 'sh: 1: nope: not found\nsh: 1: constructor: not found\nsh: 1: /usr/bin/nope: not found\n',
      code: 127,
    });
  });

  it('a syntax error runs nothing and is status 2', () => {
    expect(sh('echo a; echo "b')).toEqual({ out: '', err: 'sh: 1: Syntax error: Unterminated quoted string\n', code: 2 });
  });
});

describe('pipes', () => {
  it("feeds each command's output to the next; the status is the last one's", () => {
    expect(sh('cat /etc/hosts | grep b | wc -l')).toEqual({ out: '1\n', err: '', code: 0 });
    expect(sh('echo x | false')).toEqual({ out: '', err: '', code: 1 });
    expect(sh('false | echo y')).toEqual({ out: 'y\n', err: '', code: 0 });
  });

  it('stderr of every stage is shown; stdin of the script goes to the first command', () => {
    expect(sh('cat /nope | cat', 'in\n')).toEqual({ out: '', err: 'cat: /nope: No such file or directory\n', code: 0 });
    expect(sh('cat | sort', 'b\na\n')).toEqual({ out: 'a\nb\n', err: '', code: 0 });
  });
});

describe('redirections', () => {
  it('> truncates, >> appends, < reads', () => {
    expect(sh('echo a > /tmp/f; echo b >> /tmp/f; echo c >> /tmp/f; cat < /tmp/f')).toEqual({ out: 'a\nb\nc\n', err: '', code: 0 });
    expect(sh('echo z > /tmp/f')).toEqual({ out: '', err: '', code: 0 });
    expect(hostFile('tmp/f')).toBe('z\n');
  });

  it('2> and 2>&1 in order, and /dev/null', () => {
    expect(sh('ls /nope 2> /tmp/e; echo $?; ls /nope 2>/dev/null; ls /nope > /tmp/o 2>&1; cat /tmp/e /tmp/o')).toEqual({
      out: "2\nls: cannot access '/nope': No such file or directory\nls: cannot access '/nope': No such file or directory\n",
      err: '',
      code: 0,
    });
  });

  it('creates the file before the command runs, even a command that fails', () => {
    expect(sh('nope > /tmp/made')).toEqual({ out: '', err: 'sh: 1: nope: not found\n', code: 127 });
    expect(hostFile('tmp/made')).toBe('');
  });

  it("fails with dash's messages and status 2, without running the command", () => {
    expect(sh('echo a > /nope/f; echo $?; cat < /nope; echo b > /etc; echo c > /ro/f')).toEqual({
      out: '2\n',
      err: 'sh: 1: cannot create /nope/f: Directory nonexistent\nsh: 1: cannot open /nope: No such file\nsh: 1: cannot create /etc: Is a directory\nsh: 1: cannot create /ro/f: Read-only file system\n',
      code: 2,
    });
  });
});

describe('expansion', () => {
  it('splits unquoted variables, keeps quoted ones, applies defaults', () => {
    expect(sh('echo $X "$X" \'$X\' ${Y:-d} ${X:+p}; printenv HOSTNAME')).toEqual({ out: 'a b a  b $X d p\nweb-0\n', err: '', code: 0 });
  });

  it('substitutes command output without trailing newlines; its stderr comes with the command', () => {
    expect(sh('echo "[$(echo a; echo)]" $(ls /nope)')).toEqual({
      out: '[a]\n',
      err: "ls: cannot access '/nope': No such file or directory\n",
      code: 0,
    });
  });

  it('globs in the last segment, sorted, or leaves the pattern when nothing matches', () => {
    expect(sh('echo /e* /t?p /zz* "/e*"; cd /etc; echo *')).toEqual({ out: '/etc /tmp /zz* /e*\nhosts\n', err: '', code: 0 });
  });
});

describe('exec without a shell', () => {
  it('runs a program by name or from a bin directory, unexpanded', () => {
    expect(new Shell(ctr).exec(['/bin/echo', '$X', '*'])).toEqual({ out: '$X *\n', err: '', code: 0 });
  });

  it('refuses what is not a program as the runtime does', () => {
    for (const argv of [['nope'], ['./echo'], ['constructor']])
      expect(new Shell(ctr).exec(argv)).toEqual({
        out: '',
        err: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv[0]}": executable file not found in $PATH: unknown\n`,
        code: 126,
      });
  });

  it('a shell reads its script from stdin when given no -c or file', () => {
    expect(new Shell(ctr).exec(['sh'], 'echo a; exit 3\n')).toEqual({ out: 'a\n', err: '', code: 3 });
    expect(new Shell(ctr).exec(['bash', '-c'])).toEqual({ out: '', err: 'bash: 0: -c requires an argument\n', code: 2 });
  });
});

describe('the registry', () => {
  it('holds every program once, by the names it answers to', () => {
    expect([...PROGRAMS.keys()].sort()).toEqual(
      [
        '[',
        'ash',
        'bash',
        'cat',
        'cd',
        'chmod',
        'cp',
        'curl',
        'date',
        'df',
        'echo',
        'env',
        'exit',
        'false',
        'getent',
        'grep',
        'head',
        'hostname',
        'id',
        'kill',
        'killall',
        'ls',
        'mkdir',
        'mv',
        'nslookup',
        'pkill',
        'printenv',
        'ps',
        'pwd',
        'ready-probe.sh',
        'rm',
        'rmdir',
        'sh',
        'sleep',
        'sort',
        'tail',
        'test',
        'touch',
        'true',
        'uname',
        'wc',
        'wget',
        'whoami',
        'zkOk.sh',
        'zookeeper-ready',
      ].sort(),
    );
  });
});
