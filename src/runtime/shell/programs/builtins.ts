// The shell's own commands and the ones that describe the container: echo, true, false, exit,
// sleep, pwd, cd, test/[, sh/bash/ash, whoami, id, uname, date, hostname, env, printenv.
import { FsError, reasonText } from '../../podfs.js';
import { fail, type Io, ok, type Program } from '../program.js';

/** test and [ (without its closing `]`): the file, string and equality tests scripts use. */
const test: Program = (sh, args, _stdin, prog) => {
  if (prog === '[') args = args.slice(0, -1);
  const r = (b: boolean): Io => ({ out: '', err: '', code: b ? 0 : 1 });
  const stat = (p: string) => {
    try {
      return sh.entry(p).stat;
    } catch (e) {
      reasonText(e);
      return undefined;
    }
  };
  if (args.length === 2 && args[0] === '-e') return r(!!stat(args[1]));
  if (args.length === 2 && args[0] === '-f') return r(!!stat(args[1])?.isFile());
  if (args.length === 2 && args[0] === '-d') return r(!!stat(args[1])?.isDirectory());
  if (args.length === 2 && args[0] === '-z') return r(args[1] === '');
  if (args.length === 2 && args[0] === '-n') return r(args[1] !== '');
  if (args.length === 3 && args[1] === '=') return r(args[0] === args[2]);
  if (args.length === 3 && args[1] === '!=') return r(args[0] !== args[2]);
  if (args.length === 1) return r(args[0] !== '');
  return r(false);
};

/** A shell started by name runs in a child of this one: its `exit` and `cd` stay inside it. */
const shell: Program = (sh, args, stdin, prog) => {
  const s = sh.shellScript(prog, args, stdin);
  return 'src' in s ? sh.subshell(s.src, s.stdin) : s;
};

const env: Program = (sh, args, _stdin, prog) => {
  if (prog === 'printenv' && args.length) {
    const v = sh.variable(args[0]);
    return v === undefined || !/^[A-Za-z_]/.test(args[0]) ? { out: '', err: '', code: 1 } : ok(`${v}\n`);
  }
  return ok(
    Object.entries(sh.ctr.env)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
  );
};

export const builtins: Record<string, Program> = {
  echo: (sh, args) => {
    const noNl = args[0] === '-n';
    return ok(sh.budget.bound(args.slice(noNl ? 1 : 0).join(' ') + (noNl ? '' : '\n')));
  },
  true: () => ok(),
  false: () => ({ out: '', err: '', code: 1 }),
  exit: (sh, args) => {
    if (args[0] !== undefined && !/^\d+$/.test(args[0])) return fail(`sh: 1: exit: Illegal number: ${args[0]}\n`, 2);
    sh.exited = args[0] === undefined ? sh.lastCode : Number(args[0]) & 255;
    return { out: '', err: '', code: sh.exited };
  },
  sleep: () => ok(), // the cluster's clock does not move inside a command
  pwd: (sh) => ok(`${sh.cwd}\n`),
  cd: (sh, args) => {
    const target = sh.abs(args[0] ?? '/root');
    try {
      if (!sh.entry(target).stat?.isDirectory()) throw new FsError('ENOENT');
    } catch (e) {
      reasonText(e);
      return fail(`sh: 1: cd: can't cd to ${args[0] ?? '/root'}\n`, 2);
    }
    sh.cwd = target;
    return ok();
  },
  test,
  '[': test,
  sh: shell,
  bash: shell,
  ash: shell,
  whoami: () => ok('root\n'),
  id: () => ok('uid=0(root) gid=0(root) groups=0(root)\n'),
  uname: (sh, args) =>
    ok(
      args.includes('-a') ? `Linux ${sh.ctr.hostname} 6.1.0-sts #1 SMP x86_64 GNU/Linux\n` : args.includes('-n') ? `${sh.ctr.hostname}\n` : 'Linux\n',
    ),
  date: (sh) => ok(`${new Date(sh.ctr.c.now).toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5 UTC $4')}\n`),
  hostname: (sh, args) => {
    if (args.includes('-f') || args.includes('--fqdn')) return ok(`${sh.ctr.fqdn}\n`);
    if (args.includes('-i')) return ok(`${sh.ctr.record.ip ?? ''}\n`);
    return ok(`${sh.ctr.hostname}\n`);
  },
  env,
  printenv: env,
};
