// The cluster as documents: the root file (the path the user names: the clock, counters, settings,
// cluster-scoped objects and an index of documents) and, in <file>.data/docs/, each namespace's
// document (its objects, its pods, when its claims were bound; a volume bound to a claim goes with
// the claim), packed with others' in one of a few packs (store/doc-packs.ts), and one of events. A
// command reads the root and only the documents it touches: a StatefulSet in one namespace is worked
// on without parsing the other 999.
//
// A file has two names, two slots (`pack-07.a.json`, `pack-07.b.json`): a save writes each changed
// file into the slot its current one does not use, fsyncs them, then replaces the root (temp, fsync,
// rename): the root's rename is the commit. Until then the old root names the old files; after it,
// each old one is emptied, the spare its pack's next save writes into. Rewriting a file rather than
// making a new one spares the file system an inode each time: on ext4 without a journal, creating a
// file scans past every inode freed in the last 30 seconds (5 minutes while their blocks are dirty).
// A writer killed mid-save leaves slots no root names; the next writer to take the lock over empties
// them (or removes any other file).
import {
  closeSync,
  constants,
  existsSync,
  fsync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  truncate,
  truncateSync,
  unlink,
  unlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../api/errors.js';
import { dataDir, ensureDir } from './data-dirs.js';
import { isPack, memberProblem, packMembers } from './doc-packs.js';
import { docShapeProblem, eventsShapeProblem, type EventRecord, type NsDoc } from './schema.js';

export type { DocEntry, NsDoc } from './schema.js';

/**
 * What a save compares each loaded document's new text with, so that it rewrites only the packs in
 * which one changed: the text as read or saved, kept whole. (Texts were hashed past 1 MB to hold
 * less; a pack's members are slices of the pack's text, which stays in memory while any is kept, so
 * that saved little, and hashing 30 MB of claims' documents was a twentieth of `get pvc -A`.)
 */
export class DocTexts {
  private readonly texts = new Map<string, string>();

  remember(ns: string, text: string): void {
    this.texts.set(ns, text);
  }

  /** Remember the texts a save wrote (`sts serve` saves the same cluster again and again). */
  rememberSaved(texts: ReadonlyMap<string, string>): void {
    for (const [ns, text] of texts) this.texts.set(ns, text);
  }

  /** Whether TEXT is the namespace's document as last remembered. */
  same(ns: string, text: string): boolean {
    return this.texts.get(ns) === text;
  }
}

export const docsDir = (statePath: string) => join(dataDir(statePath), 'docs');
/** The name a pack (`stem`) is written under next: the slot its current file (`current`) is not in. */
export const packDocName = (stem: string, current: string | undefined) => nextSlot(stem, current);
/** The same for the events' document. */
export const eventsDocName = (current: string | undefined) => nextSlot('events', current);

const nextSlot = (stem: string, current: string | undefined) => `${stem}.${current === `${stem}.a.json` ? 'b' : 'a'}.json`;

/** The other slot of a document's name (`x.a.json` ⇄ `x.b.json`); undefined for a name without slots
 *  (documents written before slots were numbered by the save's generation). */
export function otherSlot(name: string): string | undefined {
  if (name.endsWith('.a.json')) return `${name.slice(0, -7)}.b.json`;
  if (name.endsWith('.b.json')) return `${name.slice(0, -7)}.a.json`;
  return undefined;
}

const corrupt = (path: string, why: string) =>
  new CliError(`error: cluster file "${path}" is corrupt (${why}); sts left it untouched. Move it away, or start over with 'sts cluster reset'`);

/** A document's text, and (unless `parse` is false) its JSON. */
function readJson(statePath: string, name: string, parse = true): { data: unknown; text: string } {
  const path = join(docsDir(statePath), name);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw corrupt(statePath, `its document ${name} is missing`);
    throw new CliError(`error: cannot read cluster file "${path}": ${(e as Error).message}`);
  }
  if (!parse) return { data: undefined, text };
  try {
    return { data: JSON.parse(text), text };
  } catch (e) {
    throw corrupt(path, (e as Error).message);
  }
}

/** Check a namespace's document as read. */
function checkedDoc(path: string, doc: NsDoc, ns?: string): NsDoc {
  const problem = docShapeProblem(doc) ?? (ns === undefined ? undefined : memberProblem(ns, doc)) ?? orphanClaims(doc);
  if (problem) throw corrupt(path, problem);
  return doc;
}

/** Derived claims are rebuilt from their set: it must be there. */
function orphanClaims(doc: NsDoc): string | undefined {
  for (const set of Object.keys(doc.claims ?? {}))
    if (!doc.objects.StatefulSet?.some((s) => s.metadata.name === set)) return `claims.${set} names a StatefulSet it does not have`;
  return undefined;
}

/**
 * Reads a root's namespace documents: a pack's file once (its members split, not parsed), a member
 * parsed when its namespace is asked for. A file written before packs holds one namespace.
 */
export class DocReader {
  private readonly packs = new Map<string, Map<string, string>>();
  constructor(private readonly statePath: string) {}

  /** A namespace's document, checked, and its text (which a save compares with). */
  readNs(file: string, ns: string): { doc: NsDoc; text: string } {
    const path = join(docsDir(this.statePath), file);
    if (!isPack(file)) {
      const { data, text } = readJson(this.statePath, file);
      return { doc: checkedDoc(path, data as NsDoc), text };
    }
    const members = this.pack(file);
    const text = this.member(file, members, ns);
    members.delete(ns); // in memory from now on: a save writes it from there
    let doc: NsDoc;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw corrupt(path, `namespace ${ns}: ${(e as Error).message}`);
    }
    return { doc: checkedDoc(path, doc, ns), text };
  }

  /** The text of a namespace's document that was not read: a save that rewrites its pack copies it. */
  text(file: string, ns: string): string {
    return isPack(file) ? this.member(file, this.pack(file), ns) : readJson(this.statePath, file, false).text;
  }

  /** Forget the packs read: a save rewrote them (and a pack's slots are written turn about). */
  forget(): void {
    this.packs.clear();
  }

  private pack(file: string): Map<string, string> {
    let members = this.packs.get(file);
    if (!members) {
      const read = packMembers(readJson(this.statePath, file, false).text);
      if (typeof read === 'string') throw corrupt(join(docsDir(this.statePath), file), read);
      this.packs.set(file, (members = read));
    }
    return members;
  }

  private member(file: string, members: Map<string, string>, ns: string): string {
    const text = members.get(ns);
    if (text === undefined) throw corrupt(join(docsDir(this.statePath), file), `it has no document of namespace ${ns}`);
    return text;
  }
}

/** Read and check the events' document. */
export function readEventsDoc(statePath: string, name: string): EventRecord[] {
  const doc = readJson(statePath, name).data as { events: EventRecord[] };
  const problem = eventsShapeProblem(doc);
  if (problem) throw corrupt(join(docsDir(statePath), name), problem);
  return doc.events;
}

/** The writes a save makes; tests replace them to play a full disk or a failing device. */
export interface SaveIo {
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
}

/** write(2) may write less than asked (a disk filling up): go on until all is written or it fails. */
export function writeAll(io: SaveIo, fd: number, buf: Buffer): void {
  for (let at = 0; at < buf.length;) {
    const n = io.writeSync(fd, buf, at, buf.length - at);
    if (!(n > 0)) throw Object.assign(new Error('EIO: input/output error, write'), { code: 'EIO' });
    at += n;
  }
}

/** Open a slot for writing: the spare of an earlier save (no root names it) emptied, or a new file; never
 *  through a symlink. */
const SLOT_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;

/** A private file with exactly this content, still open (its fd): fsync it, then close it. */
function writeSlot(io: SaveIo, path: string, text: string, mode: number): number {
  const fd = openSync(path, SLOT_FLAGS, mode);
  try {
    writeAll(io, fd, Buffer.from(text));
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  return fd;
}

/** What a save writes besides the root: documents by file name, and the files the new root no
 *  longer names (removed once it is committed). */
export interface DocWrites {
  write: Map<string, string>;
  superseded: string[];
}

/**
 * Write the documents (before the root that names them), and have them on disk when this resolves:
 * written one by one, then fsynced together (a big save changes a thousand documents, and the disk
 * syncs several at once far faster than one after another). On failure remove what was written.
 */
export async function writeDocs(statePath: string, docs: DocWrites, io: SaveIo, mode: number): Promise<void> {
  if (!docs.write.size) return;
  const dir = docsDir(statePath);
  ensureDir(dir);
  const written: string[] = [];
  const open: number[] = [];
  try {
    for (const [name, text] of docs.write) {
      written.push(name);
      open.push(writeSlot(io, join(dir, name), text, mode));
    }
    await Promise.all(open.map((fd) => syncFd(io, fd)));
    fsyncDir(dir);
  } catch (e) {
    for (const name of written) removeQuietly(join(dir, name));
    throw e;
  } finally {
    for (const fd of open) closeSync(fd);
  }
}

/** fsync on the thread pool (several at once), or the test's own fsyncSync when it gives one. */
const syncFd = (io: SaveIo, fd: number) =>
  io.fsyncSync !== fsyncSync
    ? Promise.resolve(io.fsyncSync(fd))
    : new Promise<void>((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));

/**
 * After the commit: the documents the old root named and the new one does not. One whose other slot
 * was just written is emptied, the spare for next time; any other (its namespace gone, with its
 * spare; a name from before slots) is removed. Several at once, on the thread pool; one left over goes at a later sweep.
 */
export async function retireSuperseded(statePath: string, names: string[], written: ReadonlyMap<string, string>): Promise<void> {
  const dir = docsDir(statePath);
  await Promise.all(
    names.map((name) => {
      const other = otherSlot(name);
      const path = join(dir, name);
      if (other !== undefined && written.has(other)) return new Promise<void>((resolve) => truncate(path, 0, () => resolve()));
      // gone for good (its namespace deleted): its spare goes with it
      return removeFiles([path, ...(other === undefined ? [] : [join(dir, other)])]);
    }),
  );
}

/** Remove documents written by a save that failed before its commit (no root names them). */
export async function removeWritten(statePath: string, names: string[]): Promise<void> {
  await removeFiles(names.map((name) => join(docsDir(statePath), name)));
}

/** Unlink files on the thread pool, several at once; one that is not there is not an error. */
const removeFiles = (paths: string[]) =>
  Promise.all(paths.map((p) => new Promise<void>((resolve) => unlink(p, () => resolve())))).then(() => undefined);

/** Tidy what no root names (left by a writer killed mid-save); the lock is ours. The other slot of a
 *  named document is its spare: emptied, kept. Anything else is removed. */
export function sweepDocs(statePath: string, named: Set<string>): void {
  const dir = docsDir(statePath);
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (named.has(name)) continue;
    const other = otherSlot(name);
    if (other !== undefined && named.has(other)) emptyQuietly(join(dir, name));
    else removeQuietly(join(dir, name));
  }
}

/**
 * What `cluster reset` leaves of the documents: their slots emptied, spares for the new cluster's
 * first saves (its packs are named as the old one's were), anything else removed. Making those
 * files anew cost an inode each, up to half a millisecond apiece on ext4 without a journal after
 * the removal of others.
 */
export function spareDocs(statePath: string): void {
  const dir = docsDir(statePath);
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    // a pack's or the events' slot; a file per namespace from before packs is never written again
    if (otherSlot(name) !== undefined && (isPack(name) || name.startsWith('events.'))) emptyQuietly(join(dir, name));
    else removeQuietly(join(dir, name));
  }
}

function emptyQuietly(path: string): void {
  try {
    if (statSync(path).size > 0) truncateSync(path, 0);
  } catch {
    /* gone, or left for the next sweep */
  }
}

export function fsyncDir(dir: string): void {
  try {
    const dfd = openSync(dir, 'r');
    fsyncSync(dfd);
    closeSync(dfd);
  } catch {
    /* directories cannot be fsynced everywhere */
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone, or left for the next sweep */
  }
}
