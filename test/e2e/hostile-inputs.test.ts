// Hostile input through the real binary (issue 13): refused in kubectl's words, in well under a
// second, exit 1, the cluster file untouched — never "internal error", never a hang under the lock.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sts, webCluster } from '../helpers.js';

describe('hostile input', () => {
  let sts: Sts;
  let before: string;
  const file = (name: string, text: string) => {
    const path = join(sts.dir, name);
    writeFileSync(path, text);
    return path;
  };
  /** Run, and also say how long it took. */
  const timed = (args: string | string[]) => {
    const t = performance.now();
    const r = sts.run(args);
    return { ...r, ms: performance.now() - t };
  };
  beforeAll(() => {
    sts = webCluster();
    before = readFileSync(sts.state, 'utf8');
  });
  afterAll(() => sts.cleanup());
  const unchanged = () => expect(readFileSync(sts.state, 'utf8')).toBe(before);

  describe('JSONPath slices are checked as kubectl checks them, at once', () => {
    for (const [tpl, message] of [
      ['{.items[::0]}', 'step must be > 0'],
      ['{.items[::-1]}', 'step must be > 0'],
      ['{.items[0:99999999999]}', 'array index out of bounds: index 99999999998, length 2'],
    ])
      it(`-o jsonpath=${tpl}`, () => {
        const r = timed(['get', 'pods', '-o', `jsonpath=${tpl}`]);
        expect(r.code).toBe(1);
        expect(r.stdout).toBe('');
        // the engine's text; how get frames it is cli/get.ts's (kubectl: "error executing jsonpath …")
        expect(r.stderr).toContain(message);
        expect(r.ms).toBeLessThan(3000);
        unchanged();
      });
    it('a bound beyond int64 is not a number (a parse error)', () =>
      expect(sts.run(['get', 'pods', '-o', 'jsonpath={.items[0:99999999999999999999]}'])).toEqual({
        stdout: '',
        stderr: 'error: error parsing jsonpath {.items[0:99999999999999999999]}, array index 99999999999999999999 is not a number\n',
        code: 1,
      }));
    it('custom columns fail with the engine’s own message', () => {
      const r = sts.run(['get', 'pods', '-o', 'custom-columns=NAME:.metadata.name,C:.spec.containers[::0]']);
      expect({ stderr: r.stderr, code: r.code }).toEqual({ stderr: 'error: step must be > 0\n', code: 1 });
      const big = sts.run(['get', 'pods', '-o', 'custom-columns=NAME:.metadata.name,C:.spec.containers[0:99999999999]']);
      expect({ stderr: big.stderr, code: big.code }).toEqual({ stderr: 'error: array index out of bounds: index 99999999998, length 1\n', code: 1 });
    });
    it('another command is not kept waiting for the lock', async () => {
      const t = performance.now();
      const [slice, other] = await Promise.all([
        sts.spawn(['get', 'pods', '-o', 'jsonpath={.items[::-1]}']),
        sts.spawn(['get', 'sts', 'web', '-o', 'name']),
      ]);
      expect(slice.code).toBe(1);
      expect(other).toEqual({ stdout: 'statefulset.apps/web\n', stderr: '', code: 0 });
      expect(performance.now() - t).toBeLessThan(5000);
    });
  });

  it('a 9 × 9 YAML alias bomb is refused as the API server’s decoder refuses it', () => {
    const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: bomb}', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [prev, cur] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg', 'gh', 'hi'])
      lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    const bomb = file('bomb.yaml', `${lines.join('\n')}\n`);
    expect(Buffer.byteLength(readFileSync(bomb))).toBeLessThan(600);
    for (const verb of ['apply', 'create']) {
      const r = timed([verb, '-f', bomb]);
      expect({ stdout: r.stdout, stderr: r.stderr, code: r.code }).toEqual({
        stdout: '',
        stderr: `error: error parsing ${bomb}: error converting YAML to JSON: yaml: document contains excessive aliasing\n`,
        code: 1,
      });
      expect(r.ms).toBeLessThan(3000);
    }
    unchanged();
  });

  it('a $retainKeys that is not a list: the API server’s BadRequest', () => {
    expect(sts.run(['patch', 'sts', 'web', '-p', '{"spec":{"$retainKeys":"x"}}'])).toEqual({
      stdout: '',
      stderr: 'Error from server (BadRequest): invalid patch format of retainKeys\n',
      code: 1,
    });
    expect(sts.run(['patch', 'sts', 'web', '-p', '{"spec":{"template":{"spec":{"$retainKeys":5}}}}']).stderr).toBe(
      'Error from server (BadRequest): invalid patch format of retainKeys\n',
    );
    unchanged();
  });

  it('metadata that is a string: the decoder’s type error', () => {
    const m = file('meta.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: "1Gi"\n');
    expect(sts.run(['create', '-f', m])).toEqual({
      stdout: '',
      stderr: `Error from server (BadRequest): error when creating "${m}": ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal string into Go struct field ConfigMap.metadata of type v1.ObjectMeta\n`,
      code: 1,
    });
    unchanged();
  });

  it('top-level constructor, prototype and __proto__ are unknown fields, refused and never stored', () => {
    const m = file(
      'proto.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: proto\n__proto__:\n  polluted: yes\nconstructor: 1\nprototype: 2\n',
    );
    const refusal = `Error from server (BadRequest): error when creating "${m}": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "__proto__", unknown field "constructor", unknown field "prototype"\n`;
    expect(sts.run(['create', '-f', m])).toEqual({ stdout: '', stderr: refusal, code: 1 });
    expect(sts.run(['apply', '-f', m])).toEqual({ stdout: '', stderr: refusal, code: 1 });
    expect(sts.run('get configmap proto')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): configmaps "proto" not found\n', code: 1 });
    unchanged();
  });

  it('clock advance beyond what a Go duration holds is refused', () => {
    expect(sts.run('clock advance 10000000000000000h')).toEqual({
      stdout: '',
      stderr: 'error: invalid duration "10000000000000000h": time: invalid duration "10000000000000000h" (longer than 2562047h47m16.854775807s)\n',
      code: 1,
    });
    unchanged();
  });

  it('explain: names on Object.prototype are fields that do not exist', () => {
    for (const f of ['constructor', '__proto__', 'toString'])
      expect(sts.run(`explain pod.${f}`)).toEqual({ stdout: '', stderr: `error: field "${f}" does not exist\n`, code: 1 });
    expect(sts.run('explain pod.spec.containers.hasOwnProperty').stderr).toBe('error: field "hasOwnProperty" does not exist\n');
  });
});
