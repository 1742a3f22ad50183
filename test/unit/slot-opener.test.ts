// Slots opened ahead of a save's writes (src/store/docs.ts, SlotOpener): what is written goes into the
// slot emptied first, and what is not leaves the disk as it was (a slot it made is removed, one that
// was there keeps its bytes).
import { closeSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SlotOpener } from '../../src/store/docs.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const fresh = () => (dir = mkdtempSync(join(tmpdir(), 'sts-slots-')));

describe('SlotOpener', () => {
  it('hands out a new slot, made private', async () => {
    const d = join(fresh(), 'docs');
    const ahead = new SlotOpener(d);
    ahead.open('namespace-a.a.json', 0o600);
    const fd = await ahead.take('namespace-a.a.json');
    expect(fd).toBeTypeOf('number');
    writeSync(fd!, 'new');
    closeSync(fd!);
    await ahead.release();
    expect(readFileSync(join(d, 'namespace-a.a.json'), 'utf8')).toBe('new');
    expect(statSync(join(d, 'namespace-a.a.json')).mode & 0o777).toBe(0o600);
  });

  it('empties a slot that was there only when it is taken for writing', async () => {
    const d = fresh();
    writeFileSync(join(d, 'x.b.json'), 'old old old');
    const ahead = new SlotOpener(d);
    ahead.open('x.b.json', 0o600);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(readFileSync(join(d, 'x.b.json'), 'utf8')).toBe('old old old');
    const fd = await ahead.take('x.b.json');
    writeSync(fd!, 'new');
    closeSync(fd!);
    expect(readFileSync(join(d, 'x.b.json'), 'utf8')).toBe('new');
  });

  it('leaves the disk as it was for slots not taken', async () => {
    const d = fresh();
    writeFileSync(join(d, 'kept.b.json'), 'spare bytes');
    const ahead = new SlotOpener(d);
    ahead.open('kept.b.json', 0o600);
    ahead.open('made.a.json', 0o600);
    await ahead.release();
    expect(readFileSync(join(d, 'kept.b.json'), 'utf8')).toBe('spare bytes');
    expect(existsSync(join(d, 'made.a.json'))).toBe(false);
  });

  it('hands out nothing it could not open (the writer opens it itself and meets the error)', async () => {
    const d = fresh();
    const ahead = new SlotOpener(join(d, 'missing', 'deeper'));
    writeFileSync(join(d, 'missing'), 'a file where a directory should be');
    ahead.open('y.a.json', 0o600);
    expect(await ahead.take('y.a.json')).toBeUndefined();
    expect(await ahead.take('never-opened.a.json')).toBeUndefined();
    await ahead.release();
  });
});
