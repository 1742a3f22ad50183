// What `get` prints: objects in order, some given and some made only as they are printed (a list of
// 100,000 pods is built one object at a time while it is written, never all at once; kubectl's
// resource.Result visits its items one by one the same way), and long output cut into chunks.
import type { KObject } from '../api/types.js';

/** Consecutive objects of one kind: `at(i)` gives the ith (made afresh each time for a made run). */
export interface Run {
  readonly kind: string;
  readonly length: number;
  at(i: number): KObject;
}

export class ObjectList implements Iterable<KObject> {
  private readonly parts: Run[] = [];
  private count = 0;

  get length(): number {
    return this.count;
  }

  /** An object already made. */
  push(obj: KObject): void {
    const last = this.parts[this.parts.length - 1];
    if (last instanceof Given && last.kind === obj.kind) last.objs.push(obj);
    else this.parts.push(new Given(obj.kind, [obj]));
    this.count++;
  }

  /** `length` objects of a kind, made by `make(i)` when printed. */
  pushMade(kind: string, length: number, make: (i: number) => KObject): void {
    if (!length) return;
    this.parts.push({ kind, length, at: make });
    this.count += length;
  }

  *[Symbol.iterator](): Iterator<KObject> {
    for (const run of this.parts) for (let i = 0; i < run.length; i++) yield run.at(i);
  }

  toArray(): KObject[] {
    return [...this];
  }

  /** The runs, those of one kind next to each other merged: one table each (kubectl prints a header
   *  whenever the kind changes). */
  byKind(): Run[] {
    const groups: Run[][] = [];
    for (const run of this.parts) {
      const last = groups[groups.length - 1];
      if (last?.[0].kind === run.kind) last.push(run);
      else groups.push([run]);
    }
    return groups.map((runs) => (runs.length === 1 ? runs[0] : joined(runs)));
  }
}

class Given implements Run {
  constructor(
    readonly kind: string,
    readonly objs: KObject[],
  ) {}
  get length(): number {
    return this.objs.length;
  }
  at(i: number): KObject {
    return this.objs[i];
  }
}

/** Runs of one kind read as one. */
function joined(runs: Run[]): Run {
  const starts: number[] = [];
  let length = 0;
  for (const r of runs) {
    starts.push(length);
    length += r.length;
  }
  return {
    kind: runs[0].kind,
    length,
    at(i) {
      let k = runs.length - 1;
      while (starts[k] > i) k--;
      return runs[k].at(i - starts[k]);
    },
  };
}

/** How much text is gathered into a chunk: big enough for few writes, small enough that a long
 *  list's output is never held whole. */
export const CHUNK = 64 * 1024;

/** Pieces of text (lines, items) gathered into chunks of about CHUNK characters, as they are read. */
export function* inChunks(pieces: Iterable<string>): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  for (const s of pieces) {
    parts.push(s);
    size += s.length;
    if (size >= CHUNK) {
      yield parts.join('');
      parts = [];
      size = 0;
    }
  }
  if (size) yield parts.join('');
}
