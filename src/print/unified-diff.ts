// `diff -u` of two texts, as GNU diff computes and prints it (the default program behind `kubectl
// diff`): io.c's find_identical_ends (keeping `context` lines of each end for shifting),
// analyze.c's discard_confusing_lines and shift_boundaries, gnulib diffseq.h's compareseq, and
// context.c's unified hunks (changes closer than 2*context+1 lines share a hunk).

const CONTEXT = 3;

interface Side {
  lines: string[];
  /** the text lacks a final newline (its last line gets GNU's `\ No newline at end of file`) */
  noEol: boolean;
}

function split(text: string): Side {
  if (!text) return { lines: [], noEol: false };
  const noEol = !text.endsWith('\n');
  const lines = (noEol ? text : text.slice(0, -1)).split('\n');
  return { lines, noEol };
}

/** Which lines of each side are deleted / inserted (GNU's changed flags). */
export function changedLines(a: string[], b: string[]): [boolean[], boolean[]] {
  const changed: [boolean[], boolean[]] = [a.map(() => false), b.map(() => false)];
  // find_identical_ends: the common prefix and suffix are not analysed, except `CONTEXT` lines of
  // each, which shift_boundaries may still move changes into.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const lo = pre - Math.min(pre, CONTEXT);
  const hiA = a.length - suf + Math.min(suf, CONTEXT);
  const hiB = b.length - suf + Math.min(suf, CONTEXT);
  const region = [a.slice(lo, hiA), b.slice(lo, hiB)];
  // equivalence classes (from 1, as io.c numbers them)
  const classes = new Map<string, number>();
  const equivs = region.map((ls) => ls.map((l) => classes.get(l) ?? (classes.set(l, classes.size + 1), classes.size)));
  const flags = region.map((ls) => new Array<boolean>(ls.length + 2).fill(false)); // with a false sentinel at each end
  const flag = (f: number, i: number) => flags[f][i + 1];
  const set = (f: number, i: number, v: boolean) => (flags[f][i + 1] = v);

  // discard_confusing_lines: lines without a match on the other side are changes outright
  const realIndexes: number[][] = [[], []];
  const undiscarded: number[][] = [[], []];
  const discards = discardConfusing(equivs);
  for (let f = 0; f < 2; f++)
    equivs[f].forEach((e, i) => {
      if (discards[f][i]) set(f, i, true);
      else {
        undiscarded[f].push(e);
        realIndexes[f].push(i);
      }
    });

  compareseq(
    undiscarded[0],
    undiscarded[1],
    (x) => set(0, realIndexes[0][x], true),
    (y) => set(1, realIndexes[1][y], true),
  );
  for (let f = 0; f < 2; f++) shiftBoundaries(equivs[f], f, flag, set, equivs[1 - f].length);
  for (let f = 0; f < 2; f++) equivs[f].forEach((_, i) => (changed[f][lo + i] = flag(f, i)));
  return changed;
}

/** analyze.c discard_confusing_lines: 1 = discard, computed per side against the other's counts. */
function discardConfusing(equivs: number[][]): boolean[][] {
  const counts = equivs.map((es) => {
    const m = new Map<number, number>();
    for (const e of es) m.set(e, (m.get(e) ?? 0) + 1);
    return m;
  });
  return equivs.map((es, f) => {
    const end = es.length;
    const other = counts[1 - f];
    let many = 5;
    let tem = Math.floor(end / 64);
    while ((tem >>= 2) > 0) many *= 2;
    const d = es.map((e) => {
      const n = other.get(e) ?? 0;
      return n === 0 ? 1 : n > many ? 2 : 0;
    });
    for (let i = 0; i < end; i++) {
      if (d[i] === 2) d[i] = 0;
      else if (d[i] !== 0) {
        let j = i;
        let provisional = 0;
        for (; j < end; j++) {
          if (d[j] === 0) break;
          if (d[j] === 2) provisional++;
        }
        while (j > i && d[j - 1] === 2) {
          d[--j] = 0;
          provisional--;
        }
        const length = j - i;
        if (provisional * 4 > length) {
          while (j > i) if (d[--j] === 2) d[j] = 0;
        } else {
          let minimum = 1;
          let t = Math.floor(length / 4);
          while ((t >>= 2) > 0) minimum *= 2;
          minimum++;
          let consec = 0;
          for (j = 0; j < length; j++)
            if (d[i + j] !== 2) consec = 0;
            else if (minimum === ++consec) j -= consec;
            else if (minimum < consec) d[i + j] = 0;
          consec = 0;
          for (j = 0; j < length; j++) {
            if (j >= 8 && d[i + j] === 1) break;
            if (d[i + j] === 2) {
              consec = 0;
              d[i + j] = 0;
            } else if (d[i + j] === 0) consec = 0;
            else consec++;
            if (consec === 3) break;
          }
          i += length - 1;
          consec = 0;
          for (j = 0; j < length; j++) {
            if (j >= 8 && d[i - j] === 1) break;
            if (d[i - j] === 2) {
              consec = 0;
              d[i - j] = 0;
            } else if (d[i - j] === 0) consec = 0;
            else consec++;
            if (consec === 3) break;
          }
        }
      }
    }
    return d.map((x) => x !== 0);
  });
}

/** diffseq.h compareseq/diag (minimal: the inputs here are small), recording deletions and insertions. */
function compareseq(xv: number[], yv: number[], noteDelete: (x: number) => void, noteInsert: (y: number) => void): void {
  const fd = new Map<number, number>();
  const bd = new Map<number, number>();
  const diag = (xoff: number, xlim: number, yoff: number, ylim: number): [number, number] => {
    const dmin = xoff - ylim;
    const dmax = xlim - yoff;
    const fmid = xoff - yoff;
    const bmid = xlim - ylim;
    let fmin = fmid;
    let fmax = fmid;
    let bmin = bmid;
    let bmax = bmid;
    const odd = ((fmid - bmid) & 1) !== 0;
    fd.set(fmid, xoff);
    bd.set(bmid, xlim);
    for (;;) {
      if (fmin > dmin) fd.set(--fmin - 1, -1);
      else ++fmin;
      if (fmax < dmax) fd.set(++fmax + 1, -1);
      else --fmax;
      for (let d = fmax; d >= fmin; d -= 2) {
        const tlo = fd.get(d - 1)!;
        const thi = fd.get(d + 1)!;
        let x = tlo < thi ? thi : tlo + 1;
        let y = x - d;
        while (x < xlim && y < ylim && xv[x] === yv[y]) {
          x++;
          y++;
        }
        fd.set(d, x);
        if (odd && bmin <= d && d <= bmax && bd.get(d)! <= x) return [x, y];
      }
      if (bmin > dmin) bd.set(--bmin - 1, Number.MAX_SAFE_INTEGER);
      else ++bmin;
      if (bmax < dmax) bd.set(++bmax + 1, Number.MAX_SAFE_INTEGER);
      else --bmax;
      for (let d = bmax; d >= bmin; d -= 2) {
        const tlo = bd.get(d - 1)!;
        const thi = bd.get(d + 1)!;
        let x = tlo < thi ? tlo : thi - 1;
        let y = x - d;
        while (xoff < x && yoff < y && xv[x - 1] === yv[y - 1]) {
          x--;
          y--;
        }
        bd.set(d, x);
        if (!odd && fmin <= d && d <= fmax && x <= fd.get(d)!) return [x, y];
      }
    }
  };
  const seq = (xoff: number, xlim: number, yoff: number, ylim: number): void => {
    while (xoff < xlim && yoff < ylim && xv[xoff] === yv[yoff]) {
      xoff++;
      yoff++;
    }
    while (xoff < xlim && yoff < ylim && xv[xlim - 1] === yv[ylim - 1]) {
      xlim--;
      ylim--;
    }
    if (xoff === xlim) while (yoff < ylim) noteInsert(yoff++);
    else if (yoff === ylim) while (xoff < xlim) noteDelete(xoff++);
    else {
      const [xmid, ymid] = diag(xoff, xlim, yoff, ylim);
      seq(xoff, xmid, yoff, ymid);
      seq(xmid, xlim, ymid, ylim);
    }
  };
  seq(0, xv.length, 0, yv.length);
}

/** analyze.c shift_boundaries: slide each run of changes to merge with others, else as far down as it goes, then back to line up with the other side's changes. */
function shiftBoundaries(
  equivs: number[],
  f: number,
  flag: (f: number, i: number) => boolean,
  set: (f: number, i: number, v: boolean) => void,
  otherLength: number,
): void {
  const changed = (i: number) => flag(f, i);
  const other = (j: number) => j >= -1 && j <= otherLength && flag(1 - f, j);
  let i = 0;
  let j = 0;
  const iEnd = equivs.length;
  for (;;) {
    while (i < iEnd && !changed(i)) {
      while (other(j++));
      i++;
    }
    if (i === iEnd) break;
    let start = i;
    while (changed(++i));
    while (other(j)) j++;
    let runlength: number;
    let corresponding: number;
    do {
      runlength = i - start;
      while (start && equivs[start - 1] === equivs[i - 1]) {
        set(f, --start, true);
        set(f, --i, false);
        while (changed(start - 1)) start--;
        while (other(--j));
      }
      corresponding = other(j - 1) ? i : iEnd;
      while (i !== iEnd && equivs[start] === equivs[i]) {
        set(f, start++, false);
        set(f, i++, true);
        while (changed(i)) i++;
        while (other(++j)) corresponding = i;
      }
    } while (runlength !== i - start);
    while (corresponding < i) {
      set(f, --start, true);
      set(f, --i, false);
      while (other(--j));
    }
  }
}

/** GNU's unified range: `start,count`, just `start` for one line, `before,0` for none. */
function range(first: number, count: number): string {
  if (count === 0) return `${first},0`;
  if (count === 1) return String(first + 1);
  return `${first + 1},${count}`;
}

/** The hunks of `diff -u` (without the ---/+++ header); '' when the texts are the same. */
export function unifiedHunks(fromText: string, toText: string): string {
  const a = split(fromText);
  const b = split(toText);
  // a last line without its newline is not the same line as one with it
  const keys = (side: Side) => side.lines.map((l, i) => (side.noEol && i === side.lines.length - 1 ? `${l}\u0000` : l));
  const [ca, cb] = changedLines(keys(a), keys(b));
  // the edit script: runs of changes, with their positions in both files
  const changes: { l0: number; l1: number; del: number; ins: number }[] = [];
  let i0 = 0;
  let i1 = 0;
  while (i0 < a.lines.length || i1 < b.lines.length) {
    if (ca[i0] || cb[i1]) {
      const l0 = i0;
      const l1 = i1;
      while (ca[i0]) i0++;
      while (cb[i1]) i1++;
      changes.push({ l0, l1, del: i0 - l0, ins: i1 - l1 });
    }
    i0++;
    i1++;
  }
  const out: string[] = [];
  const line = (side: Side, idx: number, mark: string) => {
    out.push(`${mark}${side.lines[idx]}`);
    if (side.noEol && idx === side.lines.length - 1) out.push('\\ No newline at end of file');
  };
  for (let h = 0; h < changes.length;) {
    let e = h;
    while (e + 1 < changes.length && changes[e + 1].l0 - (changes[e].l0 + changes[e].del) < 2 * CONTEXT + 1) e++;
    const first0 = Math.max(0, changes[h].l0 - CONTEXT);
    const first1 = Math.max(0, changes[h].l1 - CONTEXT);
    const last0 = Math.min(a.lines.length, changes[e].l0 + changes[e].del + CONTEXT);
    const last1 = Math.min(b.lines.length, changes[e].l1 + changes[e].ins + CONTEXT);
    out.push(`@@ -${range(first0, last0 - first0)} +${range(first1, last1 - first1)} @@`);
    let p0 = first0;
    for (let k = h; k <= e; k++) {
      const c = changes[k];
      for (; p0 < c.l0; p0++) line(a, p0, ' ');
      for (let x = 0; x < c.del; x++) line(a, c.l0 + x, '-');
      for (let x = 0; x < c.ins; x++) line(b, c.l1 + x, '+');
      p0 = c.l0 + c.del;
    }
    for (; p0 < last0; p0++) line(a, p0, ' ');
    h = e + 1;
  }
  return out.length ? `${out.join('\n')}\n` : '';
}
