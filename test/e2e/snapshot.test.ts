// `sts snapshot`: save, list, restore and delete; a restore brings back the objects, the pods and
// what was written in volumes; a restore killed at any step leaves the old cluster or the new one
// whole (the next command finishes it); errors in kubectl's words, the state unchanged.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, normalizeUids, Sts } from '../helpers.js';

const PAGE = '/usr/share/nginx/html/index.html';
/** A pid no process has any more. */
const dead = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('snapshot', () => {
  let sts: Sts;
  let before: string;
  beforeAll(() => {
    sts = new Sts('manual');
    sts.ok('apply -f fixtures/web/web.yaml');
    sts.ok('clock settle');
    sts.ok(['exec', 'web-0', '--', 'sh', '-c', `echo before > ${PAGE}`]);
    before = sts.ok('get all,pvc');
    expect(sts.ok('snapshot save base')).toBe('snapshot "base" saved\n');
  });
  afterAll(() => sts.cleanup());

  /** Change everything a restore must undo: objects, pods, a claim, the volume's contents, the clock. */
  const change = () => {
    sts.ok(['exec', 'web-0', '--', 'sh', '-c', `echo after > ${PAGE}`]);
    sts.ok('scale sts web --replicas=3');
    sts.ok('create namespace other');
    sts.ok('clock advance 1m');
    expect(sts.ok('get all,pvc')).not.toBe(before);
  };
  const expectBase = () => {
    expect(sts.ok('get all,pvc')).toBe(before);
    expect(sts.ok(['exec', 'web-0', '--', 'cat', PAGE])).toBe('before\n');
    expect(sts.ok('get ns other --ignore-not-found')).toBe('');
  };

  it('restores the objects, the pods, the clock and the volume data', () => {
    change();
    expect(sts.ok('snapshot restore base')).toMatch(/^snapshot "base" restored \(cluster time \d{4}-\d\d-\d\dT[\d:]+Z\)\n$/);
    expectBase();
    // the restored cluster goes on living: a change and its save, as usual
    sts.ok('scale sts web --replicas=1');
    sts.ok('clock settle');
    expect(normalizeUids(sts.ok('get pods'))).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE\nweb-0 +1\/1 +Running +0 +\S+\n$/);
  });

  it('never hands a resourceVersion out twice, and ends the watches of the cluster it replaced', async () => {
    sts.ok('snapshot save rv');
    sts.ok('scale sts web --replicas=3');
    sts.ok('clock advance 30s');
    const newest = Math.max(
      ...JSON.parse(sts.ok('get pods -o json')).items.map((p: { metadata: { resourceVersion: string } }) => Number(p.metadata.resourceVersion)),
    );
    const watch = sts.start(['get', 'pods', '-w']);
    await watch.registered();
    sts.ok('snapshot restore rv');
    const ended = await watch.done;
    expect([ended.code, ended.stderr]).toEqual([
      1,
      'error: the cluster was restored from a snapshot: what this watch showed no longer holds (watch again)\n',
    ]);
    sts.ok('label pod web-0 after=restore');
    expect(Number(sts.ok(['get', 'pod', 'web-0', '-o', 'jsonpath={.metadata.resourceVersion}']))).toBeGreaterThan(newest);
    sts.ok('snapshot restore base');
    sts.ok('snapshot delete rv');
  });

  it('lists snapshots and deletes them', () => {
    sts.ok('snapshot save second');
    const list = sts.ok('snapshot list').split('\n');
    expect(list[0]).toMatch(/^NAME +CREATED +CLUSTER TIME +SIZE$/);
    expect(list[1]).toMatch(/^base +\S+ ago +\d{4}-[\d-]+T[\d:]+Z \(manual\) +[\d.]+Ki$/);
    expect(list[2]).toMatch(/^second +/);
    expect(sts.ok('snapshot delete second')).toBe('snapshot "second" deleted\n');
    expect(sts.ok('snapshot list').split('\n')).toHaveLength(3);
    expect(readdirSync(`${sts.state}.snapshots`)).toEqual(['base']);
  });

  it("errors in kubectl's words, exit 1, the cluster unchanged", () => {
    const now = sts.ok('get all,pvc');
    expect(sts.run('snapshot restore nope')).toEqual({ code: 1, stdout: '', stderr: 'error: snapshot "nope" not found\n' });
    expect(sts.run('snapshot delete nope')).toEqual({ code: 1, stdout: '', stderr: 'error: snapshot "nope" not found\n' });
    expect(sts.run('snapshot save base')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: snapshot "base" already exists (delete it first: sts snapshot delete base)\n',
    });
    expect(sts.run('snapshot save ../x').stderr).toMatch(/^error: invalid snapshot name "\.\.\/x"/);
    expect(sts.run('snapshot save').stderr).toMatch(/^error: snapshot save takes one NAME/);
    expect(sts.ok('get all,pvc')).toBe(now);
    expect(existsSync(`${sts.state}.restore`)).toBe(false);
  });

  it('a restore killed before its decision is thrown away by the next command', () => {
    const now = sts.ok('get all,pvc');
    // what a restore leaves when killed while copying: a part of the copy, no COMMIT mark, its lock
    mkdirSync(`${sts.state}.restore/volumes`, { recursive: true });
    writeFileSync(`${sts.state}.restore/root.json`, '{"schema":2,"id":"half a fi');
    symlinkSync(`${dead()} sts snapshot restore base`, `${sts.state}.lock`);
    expect(sts.ok('get all,pvc')).toBe(now);
    expect(existsSync(`${sts.state}.restore`)).toBe(false);
  });

  // the switch is 7 renames (volumes, pods' files, documents: the live one aside, the copy in; then the root)
  for (const step of ['0', '1', '2', '3', '4', '5', '6', '7', '8'])
    it(`a restore killed after step ${step} of its switch is finished by the next command`, async () => {
      change();
      const r = await sts.start(['snapshot', 'restore', 'base'], { STS_TEST_CRASH_IN_RESTORE: step }).done;
      if (step === '8')
        expect(r).toMatchObject({ code: 0, stderr: '' }); // no step 8: it is done
      else expect([r.code, r.stdout]).toEqual([-1, '']);
      expectBase();
      expect(existsSync(`${sts.state}.restore`)).toBe(false);
      expect(lines(...readdirSync(`${sts.state}.data`).sort())).toBe(lines('docs', 'pods', 'volumes'));
    });
});
