// The watch journal's file format: one batch per command, one change per line; the reader keeps a
// line still being written for later and skips the remains of a torn write.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KObject } from '../../src/api/types.js';
import { appendBatch, batchText, parseJournal, registerWatcher, watcherFiles, type WatchLine } from '../../src/apiserver/watch-journal.js';

const pod = (name: string): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' } });
const change = (name: string, t = 0, type: WatchLine['type'] = 'MODIFIED'): WatchLine => ({ t, type, obj: pod(name) });
const bytes = (s: string) => Buffer.from(s);

describe('batchText', () => {
  it('one line per change, each ending in a newline', () => {
    expect(batchText([change('web-0'), change('web-1', 1000, 'ADDED')])).toBe(
      '{"t":0,"type":"MODIFIED","obj":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-0","namespace":"default"}}}\n' +
        '{"t":1000,"type":"ADDED","obj":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","namespace":"default"}}}\n',
    );
  });
  it('nothing for no changes', () => {
    expect(batchText([])).toBe('');
  });
});

describe('parseJournal', () => {
  it('reads whole lines', () => {
    expect(parseJournal(bytes(batchText([change('a'), change('b')])))).toEqual({ lines: [change('a'), change('b')], rest: bytes('') });
  });
  it('keeps a trailing line without its newline for the next read', () => {
    const text = batchText([change('a'), change('b')]);
    const cut = text.length - 10;
    const first = parseJournal(bytes(text.slice(0, cut)));
    expect(first).toEqual({ lines: [change('a')], rest: bytes(text.slice(text.indexOf('\n') + 1, cut)) });
    expect(parseJournal(Buffer.concat([first.rest, bytes(text.slice(cut))]))).toEqual({ lines: [change('b')], rest: bytes('') });
  });
  it('a read that ends inside a character is whole once the rest comes', () => {
    const text = bytes(batchText([change('é')]));
    const cut = text.indexOf(bytes('é')) + 1;
    const first = parseJournal(text.subarray(0, cut));
    expect(first.lines).toEqual([]);
    expect(parseJournal(Buffer.concat([first.rest, text.subarray(cut)])).lines).toEqual([change('é')]);
  });
  it('skips the remains of a torn write (cut off by the next batch starting on a new line)', () => {
    const torn = batchText([change('a')]).slice(0, 30);
    expect(parseJournal(bytes(`${torn}\n${batchText([change('b')])}`)).lines).toEqual([change('b')]);
  });
  it('skips lines that are JSON but no change', () => {
    expect(
      parseJournal(bytes('{}\n[1]\n"x"\nnull\n{"t":"0","type":"ADDED","obj":{"metadata":{}}}\n{"t":0,"type":"GONE","obj":{"metadata":{}}}\n')).lines,
    ).toEqual([]);
  });
});

describe('appendBatch', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sts-journal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends the batch after what is there', () => {
    const file = join(dir, '1.jsonl');
    writeFileSync(file, '');
    appendBatch(file, batchText([change('a')]));
    appendBatch(file, batchText([change('b'), change('c')]));
    expect(readFileSync(file, 'utf8')).toBe(batchText([change('a'), change('b'), change('c')]));
  });
  it('after a torn write, starts on a line of its own: the reader gets the new batch whole', () => {
    const file = join(dir, '1.jsonl');
    const torn = batchText([change('a')]).slice(0, 30);
    writeFileSync(file, batchText([change('x')]) + torn);
    appendBatch(file, batchText([change('b')]));
    expect(readFileSync(file, 'utf8')).toBe(`${batchText([change('x')])}${torn}\n${batchText([change('b')])}`);
    expect(parseJournal(readFileSync(file)).lines).toEqual([change('x'), change('b')]);
  });
  it('does not bring back the journal of a watcher that went away', () => {
    expect(() => appendBatch(join(dir, 'gone.jsonl'), batchText([change('a')]))).toThrow(/ENOENT/);
    expect(() => readFileSync(join(dir, 'gone.jsonl'))).toThrow(/ENOENT/);
  });
});

describe('registerWatcher', () => {
  it('one journal per watch, even in one process; close removes it and its handlers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sts-watchers-'));
    const state = join(dir, 'cluster.json');
    const listeners = () => ['exit', 'SIGINT', 'SIGTERM'].map((e) => process.listenerCount(e));
    const before = listeners();
    const a = registerWatcher(state);
    const b = registerWatcher(state);
    expect(a.file).not.toBe(b.file);
    expect(watcherFiles(state).sort()).toEqual([a.file, b.file].sort());
    a.close();
    b.close();
    expect([existsSync(a.file), existsSync(b.file), watcherFiles(state)]).toEqual([false, false, []]);
    expect(listeners()).toEqual(before);
    rmSync(dir, { recursive: true, force: true });
  });
});
