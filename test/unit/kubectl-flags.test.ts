// The generated kubectl v1.33 command tree (scripts/gen-kubectl-commands.mjs): flag types, defaults,
// NoOptDefVals, hidden/deprecated flags and help texts.
import { describe, expect, it } from 'vitest';
import { FlagSet, type FlagDef } from '../../src/cli/flags.js';
import { GLOBAL_FLAGS, KUBECTL_FLAGS as TABLES } from '../../src/cli/kubectl/flags.generated.js';
import { KUBECTL_HELP } from '../../src/cli/kubectl/help.generated.js';

/** The tables as the commands read them (cli/dispatch.ts kubectlFlags), every command's at once. */
const KUBECTL_FLAGS: Record<string, FlagDef[]> = Object.fromEntries(Object.entries(TABLES).map(([k, table]) => [k, table()]));

const flag = (cmd: string, name: string): FlagDef => {
  const list = cmd === 'GLOBAL' ? GLOBAL_FLAGS : KUBECTL_FLAGS[cmd];
  expect(list, `command ${cmd}`).toBeDefined();
  const f = list.find((x) => x.name === name);
  expect(f, `${cmd} --${name}`).toBeDefined();
  return f!;
};

/** a command's flags plus the global ones, as sts parses them */
const flagSet = (cmd: string) => new FlagSet([...GLOBAL_FLAGS, ...KUBECTL_FLAGS[cmd]]);

describe('command tree', () => {
  it('has every command and subcommand, groups included', () => {
    for (const k of [
      'get',
      'create',
      'apply',
      'delete',
      'describe',
      'edit',
      'exec',
      'logs',
      'patch',
      'label',
      'annotate',
      'scale',
      'rollout',
      'rollout status',
      'rollout history',
      'rollout undo',
      'rollout restart',
      'rollout pause',
      'rollout resume',
      'set',
      'set image',
      'wait',
      'run',
      'replace',
      'diff',
      'cp',
      'port-forward',
      'events',
      'explain',
      'version',
      'config',
      'config set-context',
      'config use-context',
      'config view',
      'config current-context',
      'config get-contexts',
      'cluster-info',
      'cluster-info dump',
      'api-versions',
      'api-resources',
      'auth',
      'auth can-i',
      'create configmap',
      'create secret',
      'create secret generic',
      'create secret tls',
      'create service clusterip',
      'cordon',
      'uncordon',
      'drain',
      'top',
      'top pod',
      'top node',
      'options',
      'help',
    ])
      expect(KUBECTL_FLAGS, k).toHaveProperty([k]);
    expect(Object.keys(KUBECTL_FLAGS).length).toBeGreaterThanOrEqual(100);
    expect('' in KUBECTL_FLAGS).toBe(false);
  });

  it('has help for exactly the flag keys, plus the root', () => {
    expect(Object.keys(KUBECTL_HELP).sort()).toEqual(['', ...Object.keys(KUBECTL_FLAGS)].sort());
  });

  it('lists every subcommand under its parent, and every command in its parent', () => {
    for (const [key, h] of Object.entries(KUBECTL_HELP)) {
      for (const s of h.subcommands ?? []) expect(KUBECTL_HELP, `${key} → ${s}`).toHaveProperty([key ? `${key} ${s}` : s]);
      if (key === '' || key === 'options' || key === 'help') continue;
      const parent = key.includes(' ') ? key.slice(0, key.lastIndexOf(' ')) : '';
      expect(KUBECTL_HELP[parent].subcommands, key).toContain(key.slice(key.lastIndexOf(' ') + 1));
    }
    expect(KUBECTL_HELP.rollout.subcommands).toEqual(['history', 'pause', 'restart', 'resume', 'status', 'undo']);
    expect(KUBECTL_HELP[''].subcommands?.slice(0, 4)).toEqual(['create', 'expose', 'run', 'set']);
  });
});

describe('flags', () => {
  it('types get', () => {
    expect(flag('get', 'output')).toMatchObject({ shorthand: 'o', type: 'string', default: '' });
    expect(flag('get', 'watch')).toMatchObject({ shorthand: 'w', type: 'bool', default: 'false' });
    expect(flag('get', 'label-columns')).toMatchObject({ shorthand: 'L', type: 'stringSlice', default: '[]' });
    expect(flag('get', 'filename')).toMatchObject({ shorthand: 'f', type: 'stringSlice', default: '[]' });
    expect(flag('get', 'chunk-size')).toMatchObject({ type: 'int', default: '500' });
    expect(flag('get', 'server-print')).toMatchObject({ type: 'bool', default: 'true' });
    expect(flag('get', 'selector')).toMatchObject({ shorthand: 'l', type: 'string' });
  });

  it('tells StringArray from StringSlice', () => {
    expect(flag('create configmap', 'from-literal').type).toBe('stringArray');
    expect(flag('create secret generic', 'from-literal').type).toBe('stringArray');
    expect(flag('create configmap', 'from-file').type).toBe('stringSlice');
    expect(flag('create configmap', 'from-env-file').type).toBe('stringSlice');
    expect(flag('run', 'env').type).toBe('stringArray');
    expect(flag('run', 'annotations').type).toBe('stringArray');
    expect(flag('set env', 'env')).toMatchObject({ shorthand: 'e', type: 'stringArray' });
    expect(flag('apply', 'prune-allowlist').type).toBe('stringArray');
    expect(flag('GLOBAL', 'as-group').type).toBe('stringArray');
    expect(flag('port-forward', 'address')).toMatchObject({ type: 'stringSlice', default: '[localhost]' });
  });

  it('has the NoOptDefVals', () => {
    expect(flag('delete', 'cascade')).toMatchObject({ type: 'string', default: 'background', noOptDefault: 'background' });
    for (const cmd of ['apply', 'create', 'delete', 'scale', 'patch', 'label', 'annotate', 'set image', 'rollout undo', 'drain'])
      expect(flag(cmd, 'dry-run'), cmd).toMatchObject({ type: 'string', default: 'none', noOptDefault: 'unchanged' });
    for (const cmd of ['apply', 'create', 'replace', 'edit'])
      expect(flag(cmd, 'validate'), cmd).toMatchObject({ default: 'strict', noOptDefault: 'strict' });
    expect(flag('config view', 'merge')).toMatchObject({ type: 'bool', default: 'true', noOptDefault: 'true' });
    // no other string-like flag takes no value
    for (const [cmd, list] of Object.entries(KUBECTL_FLAGS))
      for (const f of list)
        if (f.noOptDefault !== undefined && f.type !== 'bool') expect(['dry-run', 'validate', 'cascade'], `${cmd} --${f.name}`).toContain(f.name);
  });

  it('tells int, duration and numeric-looking strings apart', () => {
    expect(flag('scale', 'replicas')).toMatchObject({ type: 'int', default: '0' });
    expect(flag('scale', 'current-replicas')).toMatchObject({ type: 'int', default: '-1' });
    expect(flag('delete', 'grace-period')).toMatchObject({ type: 'int', default: '-1' });
    expect(flag('logs', 'tail')).toMatchObject({ type: 'int', default: '-1' });
    expect(flag('wait', 'timeout')).toMatchObject({ type: 'duration', default: '30s' });
    expect(flag('rollout status', 'timeout')).toMatchObject({ type: 'duration', default: '0s' });
    expect(flag('rollout status', 'watch')).toMatchObject({ shorthand: 'w', type: 'bool', default: 'true' });
    expect(flag('rollout status', 'revision')).toMatchObject({ type: 'int', default: '0' });
    expect(flag('logs', 'since')).toMatchObject({ type: 'duration', default: '0s' });
    expect(flag('exec', 'pod-running-timeout')).toMatchObject({ type: 'duration', default: '1m0s' });
    expect(flag('GLOBAL', 'request-timeout')).toMatchObject({ type: 'string', default: '0' });
  });

  it('has the global flags', () => {
    expect(flag('GLOBAL', 'namespace')).toMatchObject({ shorthand: 'n', type: 'string', default: '' });
    expect(flag('GLOBAL', 'kubeconfig')).toMatchObject({ type: 'string', default: '' });
    expect(flag('GLOBAL', 'v')).toMatchObject({ shorthand: 'v', type: 'int', default: '0' });
    expect(flag('GLOBAL', 'context').type).toBe('string');
    expect(flag('GLOBAL', 'log-flush-frequency')).toMatchObject({ type: 'duration', default: '5s' });
    expect(flag('GLOBAL', 'cache-dir').default).toBe('$HOME/.kube/cache');
  });

  it('has --record, deprecated and hidden, where kubectl accepts it', () => {
    for (const cmd of ['scale', 'apply', 'create', 'edit', 'patch', 'label', 'annotate', 'set image', 'run'])
      expect(flag(cmd, 'record'), cmd).toMatchObject({
        type: 'bool',
        default: 'false',
        deprecated: '--record will be removed in the future',
        hidden: true,
      });
    for (const cmd of ['get', 'delete', 'replace', 'rollout undo', 'create configmap'])
      expect(
        KUBECTL_FLAGS[cmd].some((f) => f.name === 'record'),
        cmd,
      ).toBe(false);
  });

  it('is well formed', () => {
    const lists: [string, FlagDef[]][] = [['GLOBAL', GLOBAL_FLAGS], ...Object.entries(KUBECTL_FLAGS)];
    for (const [cmd, list] of lists) {
      const names = list.map((f) => f.name);
      expect(new Set(names).size, `${cmd}: a flag twice`).toBe(names.length);
      const shorts = list.filter((f) => f.shorthand).map((f) => f.shorthand);
      expect(new Set(shorts).size, `${cmd}: a shorthand twice`).toBe(shorts.length);
      expect(names, cmd).not.toContain('help');
      expect([...names].sort(), `${cmd}: pflag's order`).toEqual(names);
      for (const f of list) {
        const what = `${cmd} --${f.name}`;
        expect(f, what).not.toHaveProperty('support');
        expect(f.usage, what).not.toMatch(/\n/);
        if (f.shorthand !== undefined) expect(f.shorthand, what).toMatch(/^.$/);
        if (f.type === 'bool') expect(['true', 'false'], what).toContain(f.default);
        if (f.type === 'int') expect(f.default, what).toMatch(/^-?\d+$/);
        if (f.type === 'duration') expect(f.default, what).toMatch(/^(\d+(h|m|s|ms))+$/);
        if (f.type === 'stringSlice' || f.type === 'stringArray') expect(f.default, what).toMatch(/^(\[.*\])?$/);
        if (f.deprecated !== undefined) expect(f.hidden, what).toBe(true);
      }
    }
  });

  it('parses the way pflag does with these definitions', () => {
    const cm = flagSet('create configmap').parse(['x', '--from-literal=a=1,b=2', '--from-file', 'k=a,b', '--dry-run', '-n', 'ns']);
    expect(cm.values.get('from-literal')).toEqual(['a=1,b=2']);
    expect(cm.values.get('from-file')).toEqual(['k=a', 'b']);
    expect(cm.values.get('dry-run')).toBe('unchanged');
    expect(cm.values.get('namespace')).toBe('ns');
    expect(cm.args).toEqual(['x']);

    const del = flagSet('delete').parse(['sts', 'web', '--cascade', '--grace-period=0']);
    expect(del.values.get('cascade')).toBe('background');
    expect(del.values.get('grace-period')).toBe(0);
    expect(del.args).toEqual(['sts', 'web']);

    const scale = flagSet('scale').parse(['sts/web', '--replicas', '3', '--record']);
    expect(scale.values.get('replicas')).toBe(3);
    expect(scale.warnings).toEqual(['Flag --record has been deprecated, --record will be removed in the future']);

    expect(() => flagSet('scale').parse(['--replicas=three'])).toThrow(/strconv\.ParseInt/);
    expect(() => flagSet('wait').parse(['--timeout=5'])).toThrow(/missing unit/);
    expect(flagSet('get').parse(['-owide', '-w']).values.get('output')).toBe('wide');
  });
});

describe('help texts', () => {
  it('splits a command help into its parts', () => {
    const get = KUBECTL_HELP.get;
    expect(get.short).toBe('Display one or many resources');
    expect(get.long).toMatch(/^Display one or many resources\.\n\n Prints a table/);
    expect(get.long).toContain('Use "sts api-resources" for a complete list of supported resources.');
    expect(get.examples).toMatch(/^  # List all pods in ps output format\n  sts get pods\n  \n/);
    expect(get.usage).toMatch(/^sts get \[\(-o\|--output=\)json\|yaml\|.*\[flags\] \[options\]$/);
    expect(KUBECTL_HELP['rollout status'].short).toBe('Show the status of the rollout');
    expect(KUBECTL_HELP['create secret'].examples).toBe('');
    expect(KUBECTL_HELP['create configmap'].aliases).toEqual(['cm']);
  });

  it('captures the root help with its command groups', () => {
    const root = KUBECTL_HELP[''];
    expect(root.long).toMatch(
      /^sts controls the Kubernetes cluster manager\.\n\n Find more information at: https:\/\/kubernetes\.io\/docs\/reference\/kubectl\/\n\nBasic Commands \(Beginner\):\n  create {10}Create/,
    );
    expect(root.long).toContain('\n\nDeploy Commands:\n  rollout         Manage the rollout of a resource\n');
    expect(root.usage).toBe('sts [flags] [options]');
  });

  it('replaces kubectl with sts as a word only', () => {
    for (const [key, h] of Object.entries(KUBECTL_HELP))
      for (const text of [h.long, h.examples, h.usage])
        for (const m of text.matchAll(/\bkubectl\b/g)) {
          const around = text.slice(Math.max(0, m.index - 60), m.index + 20);
          const inUrl = /:\/\/\S*$/.test(text.slice(0, m.index));
          const compound = /^kubectl(\.kubernetes\.io|-)/.test(text.slice(m.index));
          expect(inUrl || compound, `${key}: ${around}`).toBe(true);
        }
    expect(KUBECTL_HELP.attach.examples).toContain("'kubectl.kubernetes.io/default-container' annotation");
    expect(KUBECTL_HELP['rollout status'].usage).toMatch(/^sts rollout status /);
  });
});
