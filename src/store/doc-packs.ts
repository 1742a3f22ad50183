// Namespaces' documents packed into at most PACKS files (`pack-07.a.json`): a new namespace goes to
// its name's pack, and stays in the pack its index entry names (store/split.ts). A file per namespace cost an inode per namespace and save: on ext4 without a
// journal making a file scans past every inode freed lately, and 1,000 namespaces made 1,000 files
// in a create and 1,000 more in the settle after it, 0.4–0.6 s each time. A pack is still plain
// JSON (namespace → document), a line per member, so that a command that reads one namespace parses
// only its line, and a save that changes one copies the others' lines as they were.
import type { NsDoc } from './schema.js';

/** How many packs the namespaces share: 1,000 namespaces of 100 pods make packs of ~400 KB. */
export const PACKS = 64;

/** The stem of a namespace's pack's file names (FNV-1a of its name). */
export function packStem(ns: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < ns.length; i++) h = Math.imul(h ^ ns.charCodeAt(i), 0x01000193);
  return `pack-${String((h >>> 0) % PACKS).padStart(2, '0')}`;
}

/** Whether a document's file is a pack (else one namespace's document, as written before packs). */
export const isPack = (file: string) => file.startsWith('pack-');
/** A slot's file's stem: `pack-07` of `pack-07.b.json`. */
export const slotStem = (file: string) => file.slice(0, -'.a.json'.length);

/** A pack's text: `{"ns1":{…},\n"ns2":{…}}` (members as given; a document's JSON has no newline). */
export function packText(members: [ns: string, doc: string][]): string {
  let text = '{';
  for (let i = 0; i < members.length; i++) text += `${i ? ',\n' : ''}${JSON.stringify(members[i][0])}:${members[i][1]}`;
  return `${text}}\n`;
}

/** A pack's members (namespace → its document's text), or why the text is no pack. */
export function packMembers(text: string): Map<string, string> | string {
  if (!text.startsWith('{"') || !text.endsWith('}\n')) return 'not a pack of namespaces';
  const members = new Map<string, string>();
  const body = text.slice(1, -2);
  for (let at = 0; at < body.length;) {
    const end = body.indexOf(',\n', at);
    const line = body.slice(at, end < 0 ? body.length : end);
    at = end < 0 ? body.length : end + 2;
    const key = line.indexOf('":{');
    let ns: unknown;
    try {
      ns = key > 0 ? JSON.parse(line.slice(0, key + 1)) : undefined;
    } catch {
      /* told below */
    }
    if (typeof ns !== 'string' || members.has(ns)) return `a line of it is no namespace's document: ${JSON.stringify(line.slice(0, 40))}`;
    members.set(ns, line.slice(key + 2));
  }
  return members;
}

/** A member's document says which namespace it is: a line moved between members is caught. */
export const memberProblem = (ns: string, doc: NsDoc) =>
  doc.namespace === ns ? undefined : `its member ${ns} says it is namespace ${doc.namespace}`;
