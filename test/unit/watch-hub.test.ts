// The server's watch log (src/serve/watch.ts): changes in resourceVersion order whatever order a commit
// wrote them in, a watch resumed from a version gets exactly what came after it, 410 once too old, and
// the journal started over under the lock without losing the log's place.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendBatch, batchText, type WatchLine } from '../../src/apiserver/watch-journal.js';
import { WatchHub } from '../../src/serve/watch.js';

const pod = (name: string, rv: number, type: WatchLine['type'] = 'MODIFIED'): WatchLine => ({
  t: 0,
  type,
  obj: { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', resourceVersion: String(rv) } } as WatchLine['obj'],
});

describe('WatchHub', () => {
  let dir: string;
  let hub: WatchHub;
  let file: string;
  const seen = (rv: string) => {
    const start = hub.startOf(rv);
    if (!start) return 'gone';
    const out: string[] = [];
    hub.subscribe(start, (e) => out.push(`${e.line.type} ${e.line.obj.metadata.name} ${e.line.obj.metadata.resourceVersion}`))();
    return out;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sts-hub-'));
    hub = new WatchHub(join(dir, 'cluster.json'));
    file = join(dir, 'cluster.json.watch', readdirSync(join(dir, 'cluster.json.watch'))[0]); // the hub's journal
  });
  afterEach(() => {
    hub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps changes in resourceVersion order and resumes exactly after a version', () => {
    hub.mark('10');
    appendBatch(file, batchText([pod('a', 13), pod('b', 11), pod('b', 12, 'DELETED')]));
    hub.drain();
    hub.mark('13');
    appendBatch(file, batchText([pod('c', 14, 'ADDED')]));
    hub.drain();
    expect(seen('10')).toEqual(['MODIFIED b 11', 'DELETED b 12', 'MODIFIED a 13', 'ADDED c 14']);
    expect(seen('11')).toEqual(['DELETED b 12', 'MODIFIED a 13', 'ADDED c 14']);
    expect(seen('13')).toEqual(['ADDED c 14']);
    expect(seen('14')).toEqual([]);
    expect(seen('9')).toBe('gone');
  });

  it('starts the journal over once long, and goes on where it was', () => {
    hub.mark('1');
    appendBatch(file, batchText([pod('a', 2)]));
    hub.drain();
    hub.compact(1);
    expect(statSync(file).size).toBe(0);
    appendBatch(file, batchText([pod('a', 3)]));
    hub.drain();
    expect(seen('1')).toEqual(['MODIFIED a 2', 'MODIFIED a 3']);
  });

  it('ends every watch when the cluster is replaced whole, and resumes from nothing before it', () => {
    hub.mark('1');
    appendBatch(file, batchText([pod('a', 2)]));
    hub.drain();
    let ended = 0;
    hub.subscribe(
      hub.startOf('1')!,
      () => undefined,
      () => ended++,
    );
    appendBatch(file, batchText([{ t: 0, type: 'RESET', obj: pod('', 0).obj }, pod('a', 3)]));
    hub.drain();
    expect(ended).toBe(1);
    expect(seen('1')).toBe('gone');
    hub.mark('3');
    expect(seen('2')).toBe('gone');
    expect(seen('3')).toEqual([]);
  });
});
