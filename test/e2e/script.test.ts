// A shell script written against kubectl conventions runs unchanged with sts.
import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { BIN, lines, ROOT, Sts } from '../helpers.js';

it('test/scripts/kubectl-habits.sh runs with `kubectl` being sts', () => {
  const sts = new Sts();
  const shim = join(sts.dir, 'kubectl');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(shim, 0o755);
  const r = spawnSync('bash', ['test/scripts/kubectl-habits.sh'], {
    cwd: ROOT,
    env: { ...process.env, PATH: `${sts.dir}:${process.env.PATH}`, STS_STATE: sts.state, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^service\/nginx created\nstatefulset\.apps\/web created\n/);
  expect(r.stdout).toContain('partitioned roll out complete: 2 new pods have been updated...\n');
  expect(r.stdout).toContain(
    lines('statefulset.apps/web scaled', 'statefulset.apps/web condition met', 'web-0=Running', 'web-1=Running', 'web-2=Running', '3'),
  );
  expect(r.stdout).toMatch(/statefulset\.apps "web" deleted\ndone\n$/);
  sts.cleanup();
});
