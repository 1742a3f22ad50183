// Finding the command as cobra does (Find, stripFlags, argsMinusFirstX) and kubectl's usage errors.
import { describe, expect, it } from 'vitest';
import { parseCommandLine, suggestionsFor } from '../../src/cli/dispatch.js';

const found = async (...argv: string[]) => {
  const p = await parseCommandLine(argv);
  if (!p.ok) throw new Error(p.error);
  return { path: p.path, args: p.invocation.args, ns: p.invocation.opts.namespace };
};
const refused = async (...argv: string[]) => {
  const p = await parseCommandLine(argv);
  return p.ok ? 'accepted' : p.error;
};

describe('finding the command', () => {
  it('global flags before the verb, with their values', async () => {
    expect(await found('-n', 'kube-system', 'get', 'pods')).toEqual({ path: 'get', args: ['pods'], ns: 'kube-system' });
    expect(await found('--kubeconfig', 'K', 'get', 'pods')).toEqual({ path: 'get', args: ['pods'], ns: undefined });
  });
  it('subcommands, with flags between the words', async () => {
    expect(await found('rollout', '-n', 'x', 'status', 'sts/web')).toEqual({ path: 'rollout status', args: ['sts/web'], ns: 'x' });
  });
  it('an alias of a subcommand', async () => expect((await found('create', 'ns', 'demo')).path).toBe('create namespace'));
  it('a word equal to the verb later on stays an argument', async () =>
    expect(await found('get', 'get')).toEqual({ path: 'get', args: ['get'], ns: undefined }));
  it('-- ends the search: what follows is arguments', async () => expect((await found('exec', 'web-0', '--', 'get')).args).toEqual(['web-0', 'get']));
});

describe("kubectl's usage errors", () => {
  it('an unknown verb, with suggestions in kubectl order', async () =>
    expect(await refused('gett', 'pods')).toBe('error: unknown command "gett" for "sts"\n\nDid you mean this?\n\tset\n\tget'));
  it('an unknown verb without suggestions', async () => expect(await refused('zzzzzz')).toBe('error: unknown command "zzzzzz" for "sts"'));
  it('an unknown flag names the command in the hint', async () =>
    expect(await refused('rollout', 'status', '--bogus')).toBe("error: unknown flag: --bogus\nSee 'sts rollout status --help' for usage."));
  it('a missing required flag', async () => expect(await refused('scale', 'sts', 'web')).toBe('error: required flag(s) "replicas" not set'));
  it('a kubectl command sts does not simulate', async () => expect(await refused('top', 'pods')).toMatch(/^error: "sts top" is not simulated: /));
  it('a kubectl subcommand sts does not simulate', async () =>
    expect(await refused('create', 'deployment', 'x', '--image=nginx')).toMatch(/^error: "sts create deployment" is not simulated: /));
  it('a kubectl flag sts does not support', async () =>
    expect(await refused('get', 'pods', '--raw=/x')).toBe(
      'error: sts does not support the --raw flag of "get" (see the README: what is not simulated)',
    ));
  it('a bad --request-timeout', async () =>
    expect(await refused('get', 'pods', '--request-timeout=abc')).toBe(
      'error: Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)',
    ));
});

describe('suggestions (cobra: Levenshtein ≤ 2 or a prefix)', () => {
  it('finds near and prefixed names', () => expect(suggestionsFor('scal', ['get', 'scale', 'set'])).toEqual(['scale']));
  it('is case-insensitive', () => expect(suggestionsFor('GET', ['get'])).toEqual(['get']));
});

describe('opts', () => {
  it('camelCase keys; unset strings undefined; bools keep defaults', async () => {
    const p = await parseCommandLine(['get', 'pods', '--no-headers']);
    if (!p.ok) throw new Error(p.error);
    expect([p.invocation.opts.noHeaders, p.invocation.opts.output, p.invocation.opts.watch]).toEqual([true, undefined, false]);
  });
  it('rollout status watches by default (-w=true in kubectl)', async () => {
    const p = await parseCommandLine(['rollout', 'status', 'sts/web']);
    if (!p.ok) throw new Error(p.error);
    expect(p.invocation.opts.watch).toBe(true);
  });
});
