// main(argv, io): one invocation's streams, environment and directory, nothing of the process's.
// Files a command names (-f, --from-file, --patch-file, -o jsonpath-file=, cp) are found in the
// invocation's cwd, and the cluster file is the invocation's STS_STATE.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type Io } from '../../src/cli/main.js';
import { ROOT } from '../helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sts-main-io-'));
  mkdirSync(join(dir, 'work'));
  writeFileSync(join(dir, 'work', 'web.yaml'), readFileSync(join(ROOT, 'fixtures/web/web.yaml')));
  writeFileSync(join(dir, 'work', 'motd.txt'), 'hello\n');
  writeFileSync(join(dir, 'work', 'patch.json'), '{"metadata":{"labels":{"tier":"web"}}}');
  writeFileSync(join(dir, 'work', 'names.jsonpath'), '{.metadata.name}/{.metadata.labels.tier}');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run `sts ARGS` in `work/` (not the test process's directory), on the cluster `state.json` there. */
async function sts(args: string, stdin = ''): Promise<{ stdout: string; stderr: string; code: number }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (s: string) => void (stdout += s) },
    stderr: { write: (s: string) => void (stderr += s) },
    stdin: Readable.from([stdin]),
    env: { STS_STATE: 'state.json', NO_COLOR: '1' },
    cwd: join(dir, 'work'),
  };
  const code = await main(args.split(' '), io);
  return { stdout, stderr, code };
}

describe('main(argv, io)', () => {
  it('a relative STS_STATE and every file a command names are the invocation directory’s', async () => {
    expect(await sts('cluster reset --clock manual')).toMatchObject({ code: 0 });
    expect(await sts('apply -f web.yaml')).toMatchObject({ code: 0 });
    const docs = join(dir, 'work', 'state.json.data', 'docs');
    const defaultNs: string = JSON.parse(readFileSync(join(dir, 'work', 'state.json'), 'utf8')).docs.default.file;
    expect(readFileSync(join(docs, defaultNs), 'utf8')).toContain('"web"');
    expect(await sts('create configmap motd --from-file=motd.txt')).toEqual({ stdout: 'configmap/motd created\n', stderr: '', code: 0 });
    expect(await sts('patch configmap motd --patch-file=patch.json')).toEqual({ stdout: 'configmap/motd patched\n', stderr: '', code: 0 });
    expect(await sts('get configmap motd -o jsonpath-file=names.jsonpath')).toEqual({ stdout: 'motd/web', stderr: '', code: 0 });
    expect(await sts('get configmap motd -o jsonpath={.data.motd\\.txt}')).toEqual({ stdout: 'hello\n', stderr: '', code: 0 });
  });

  it('stdin, exit codes and errors are the invocation’s', async () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: piped\n';
    expect(await sts('apply -f -', cm)).toEqual({ stdout: 'configmap/piped created\n', stderr: '', code: 0 });
    expect(await sts('get configmap nope')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): configmaps "nope" not found\n', code: 1 });
    expect(await sts('create configmap other --from-file=missing.txt')).toMatchObject({ code: 1, stdout: '' });
  });
});
