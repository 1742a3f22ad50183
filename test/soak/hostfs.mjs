// The host side of exec probes: snapshots of directory trees (type, mode, size, content, link
// target) to prove that nothing outside a pod's own directories changed.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** path → signature for everything under DIR, skipping SKIP(path) subtrees. */
export function snapshot(dir, skip = () => false) {
  const out = new Map();
  const walk = (p) => {
    if (skip(p)) return;
    let st;
    try {
      st = lstatSync(p);
    } catch {
      return;
    }
    let sig = `${st.mode.toString(8)}`;
    if (st.isSymbolicLink()) sig += ` -> ${readlinkSync(p)}`;
    else if (st.isFile()) sig += ` ${st.size} ${createHash('sha1').update(readFileSync(p)).digest('hex')}`;
    out.set(p, sig);
    if (st.isDirectory()) for (const name of readdirSync(p).sort()) walk(join(p, name));
  };
  walk(dir);
  return out;
}

/** What changed between two snapshots, as short lines relative to BASE. */
export function changes(before, after, base) {
  const rel = (p) => relative(base, p) || '.';
  const out = [];
  for (const [p, sig] of before) {
    if (!after.has(p)) out.push(`removed ${rel(p)}`);
    else if (after.get(p) !== sig) out.push(`changed ${rel(p)}`);
  }
  for (const p of after.keys()) if (!before.has(p)) out.push(`created ${rel(p)}`);
  return out;
}

export const isUnder = (p, dir) => p === dir || p.startsWith(dir + sep);
