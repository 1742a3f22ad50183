// The pods of one StatefulSet as decide() reads them (statefulset.ts): views by ordinal, with the
// ordinals it asks about (the first unhealthy, the condemned, the not yet updated) kept sorted and
// the status counts kept as pods come and go, so that a sync costs what changed rather than the
// set's size. Upstream's stateful_set_control.go walks every pod in each sync; we sync after every
// pod transition, so the walk would make a rollout of n pods cost n².
import type { StatefulSetStatus } from '../api/types.js';

export interface PodView {
  name: string;
  ord: number;
  rev: string;
  phase: 'Pending' | 'Running' | 'Failed' | 'Succeeded';
  ready: boolean;
  /** when the pod became Ready (ms) */
  readySince?: number;
  terminating: boolean;
  /** some of its claims do not exist (deleted under a Pending pod) */
  claimsMissing?: boolean;
}

export const isRunningAndReady = (p: PodView) => p.phase === 'Running' && p.ready;

/** Ready for minReadySeconds (never negative: validation says so, and the sorted search below relies on it). */
export function isAvailable(p: PodView, minReadySeconds: number, now: number): boolean {
  if (!p.ready) return false;
  return minReadySeconds === 0 || (p.readySince ?? now) + minReadySeconds * 1000 < now;
}

/**
 * A sorted set of distinct integers (ordinals), with the searches decide needs. The elements are
 * a[head..]: pods change in ordinal order (a Parallel set's hundred become Ready one after another),
 * so the lowest leaves most often, and moving the head costs nothing where a splice moved the rest.
 */
export class Ords {
  private a: number[] = [];
  private head = 0;

  get size(): number {
    return this.a.length - this.head;
  }
  /** The position in `a` of the first element ≥ x. */
  private lower(x: number): number {
    let lo = this.head;
    let hi = this.a.length;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (this.a[m] < x) lo = m + 1;
      else hi = m;
    }
    return lo;
  }
  has(x: number): boolean {
    const i = this.lower(x);
    return i < this.a.length && this.a[i] === x;
  }
  add(x: number): void {
    const a = this.a;
    const n = a.length;
    if (n === this.head || a[n - 1] < x) a.push(x);
    else if (this.head > 0 && x < a[this.head]) a[--this.head] = x;
    else {
      const i = this.lower(x);
      if (a[i] !== x) a.splice(i, 0, x);
    }
  }
  delete(x: number): void {
    const a = this.a;
    const i = this.lower(x);
    if (i >= a.length || a[i] !== x) return;
    if (i === this.head) {
      this.head++;
      if (this.head === a.length) this.a = [];
      else if (this.head < 32 || this.head * 2 < a.length) return;
      else this.a = a.slice(this.head); // mostly gone: let the dead go
      this.head = 0;
    } else if (i === a.length - 1) a.pop();
    else a.splice(i, 1);
  }
  /** The smallest element in [lo, hi]. */
  first(lo: number, hi: number): number | undefined {
    const i = this.lower(lo);
    return i < this.a.length && this.a[i] <= hi ? this.a[i] : undefined;
  }
  /** The largest element in [lo, hi]. */
  last(lo: number, hi: number): number | undefined {
    const i = this.lower(hi + 1) - 1;
    return i >= this.head && this.a[i] >= lo ? this.a[i] : undefined;
  }
  /** How many elements lie in [lo, hi]. */
  count(lo: number, hi: number): number {
    return Math.max(0, this.lower(hi + 1) - this.lower(lo));
  }
  /** The elements in [lo, hi], lowest first (a copy: the caller may change the set meanwhile). */
  between(lo: number, hi: number): number[] {
    return this.a.slice(this.lower(lo), Math.max(this.lower(lo), this.lower(hi + 1)));
  }
  /** The `k` highest elements in [lo, hi], highest first. */
  top(lo: number, hi: number, k: number): number[] {
    const out: number[] = [];
    for (let i = this.lower(hi + 1) - 1; i >= this.head && this.a[i] >= lo && out.length < k; i--) out.push(this.a[i]);
    return out;
  }
  /**
   * The smallest integer in [lo, hi] that is not an element. Along a run of consecutive elements
   * a[k] - k stays the same and it only grows after one, so the run's end is a binary search away.
   */
  firstMissing(lo: number, hi: number): number | undefined {
    if (lo > hi) return undefined;
    const a = this.a;
    const i = this.lower(lo);
    if (i >= a.length || a[i] !== lo) return lo;
    const base = a[i] - i;
    let l = i;
    let h = a.length - 1;
    while (l < h) {
      const m = (l + h + 1) >>> 1;
      if (a[m] - m === base) l = m;
      else h = m - 1;
    }
    return a[l] + 1 <= hi ? a[l] + 1 : undefined;
  }
  /** The largest integer in [lo, hi] that is not an element. */
  lastMissing(lo: number, hi: number): number | undefined {
    if (lo > hi) return undefined;
    const a = this.a;
    const k = this.lower(hi + 1) - 1;
    if (k < this.head || a[k] !== hi) return hi;
    const base = a[k] - k;
    let l = this.head;
    let h = k;
    while (l < h) {
      const m = (l + h) >>> 1;
      if (a[m] - m === base) h = m;
      else l = m + 1;
    }
    return a[l] - 1 >= lo ? a[l] - 1 : undefined;
  }
  /** The integers in [lo, hi] that are not elements, lowest first. */
  missing(lo: number, hi: number): number[] {
    const out: number[] = [];
    for (let g = this.firstMissing(lo, hi); g !== undefined; g = this.firstMissing(g + 1, hi)) out.push(g);
    return out;
  }
}

const add = (m: Map<string, number>, k: string, d: number) => {
  const n = (m.get(k) ?? 0) + d;
  if (n) m.set(k, n);
  else m.delete(k);
};

/** A set's pods, one per ordinal (the store keeps them so), indexed for decide(). */
export class SetPods {
  private views = new Map<number, PodView>();
  /** every ordinal that has a pod */
  readonly present = new Ords();
  /** not Running and Ready, or terminating: a monotonic sync stops at the first of these */
  readonly blocked = new Ords();
  /** not Ready, or terminating: unavailable whatever the time */
  readonly unready = new Ords();
  /** not terminating */
  readonly live = new Ords();
  /** Failed or Succeeded, or Pending with claims missing: a Parallel sync acts on each */
  readonly special = new Ords();
  /** Pending (whether claims are missing may change with the claims alone) */
  readonly pending = new Ords();
  /** not terminating, by revision */
  private liveByRev = new Map<string, Ords>();
  /** every pod, by revision */
  private byRev = new Map<string, number>();
  private runningReady = 0;
  /** Ready pods by when they became Ready (then by ordinal): who is not available yet, and when */
  private readyAt: number[] = [];
  private readyOrd: number[] = [];
  /** the ordered sets in the order of memberships()' bits */
  private readonly ordered = [this.present, this.blocked, this.unready, this.live, this.special, this.pending];

  /** Index a list of views (decide's unit tests, and the from-scratch check of the cache). */
  static of(pods: readonly PodView[]): SetPods {
    const s = new SetPods();
    for (const p of [...pods].filter((v) => v.ord >= 0).sort((a, b) => a.ord - b.ord)) {
      if (s.views.has(p.ord)) throw new Error(`two pods with ordinal ${p.ord}`);
      s.put(p);
    }
    return s;
  }

  get size(): number {
    return this.views.size;
  }
  get(ord: number): PodView | undefined {
    return this.views.get(ord);
  }
  /** Pods not terminating with this revision, as an ordered set. */
  liveWith(rev: string): Ords | undefined {
    return this.liveByRev.get(rev);
  }
  /** The revisions pods not terminating have, besides `rev`. */
  liveRevisionsBut(rev: string): Ords[] {
    return [...this.liveByRev].filter(([r]) => r !== rev).map(([, o]) => o);
  }
  /** The revisions any pod was made from. */
  revisions(): string[] {
    return [...this.byRev.keys()].filter((r) => r !== '');
  }

  /** Add or replace the pod of `p.ord` (ordinals below zero belong to no slot and are left out). */
  put(p: PodView): void {
    if (p.ord < 0) return;
    const old = this.views.get(p.ord);
    this.views.set(p.ord, p);
    this.reindex(p.ord, old, p);
  }
  remove(ord: number): void {
    const old = this.views.get(ord);
    if (!old) return;
    this.views.delete(ord);
    this.reindex(ord, old, undefined);
  }

  /** The ordered sets a view belongs to, as bits (the order of `sets()`). */
  private static memberships(p: PodView | undefined): number {
    if (!p) return 0;
    return (
      1 |
      (p.terminating || !isRunningAndReady(p) ? 2 : 0) |
      (p.terminating || !p.ready ? 4 : 0) |
      (!p.terminating ? 8 : 0) |
      (p.phase === 'Failed' || p.phase === 'Succeeded' || (p.phase === 'Pending' && p.claimsMissing) ? 16 : 0) |
      (p.phase === 'Pending' ? 32 : 0)
    );
  }

  /** Move ordinal `o` from what `old` said of it to what `p` says (only what differs is touched). */
  private reindex(o: number, old: PodView | undefined, p: PodView | undefined): void {
    const was = SetPods.memberships(old);
    const is = SetPods.memberships(p);
    if (was !== is) {
      const sets = this.ordered;
      for (let i = 0; i < sets.length; i++) {
        const bit = 1 << i;
        if (!((was ^ is) & bit)) continue;
        if (is & bit) sets[i].add(o);
        else sets[i].delete(o);
      }
    }
    const fromRev = old && !old.terminating ? old.rev : undefined;
    const toRev = p && !p.terminating ? p.rev : undefined;
    if (fromRev !== toRev) {
      if (fromRev !== undefined) {
        const s = this.liveByRev.get(fromRev)!;
        s.delete(o);
        if (!s.size) this.liveByRev.delete(fromRev);
      }
      if (toRev !== undefined) {
        let s = this.liveByRev.get(toRev);
        if (!s) this.liveByRev.set(toRev, (s = new Ords()));
        s.add(o);
      }
    }
    if (old?.rev !== p?.rev) {
      if (old) add(this.byRev, old.rev, -1);
      if (p) add(this.byRev, p.rev, 1);
    }
    this.runningReady += (p && isRunningAndReady(p) ? 1 : 0) - (old && isRunningAndReady(old) ? 1 : 0);
    const fromAt = old?.ready ? (old.readySince ?? Infinity) : undefined;
    const toAt = p?.ready ? (p.readySince ?? Infinity) : undefined;
    if (fromAt !== toAt) {
      if (fromAt !== undefined) this.placeReady(fromAt, o, false);
      if (toAt !== undefined) this.placeReady(toAt, o, true);
    }
  }

  private placeReady(at: number, ord: number, on: boolean): void {
    const t = this.readyAt;
    let lo = 0;
    let hi = t.length;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (t[m] < at || (t[m] === at && this.readyOrd[m] < ord)) lo = m + 1;
      else hi = m;
    }
    if (on && lo === t.length) {
      // the common case: pods become Ready in time order, and at one instant in ordinal order
      t.push(at);
      this.readyOrd.push(ord);
    } else if (on) {
      t.splice(lo, 0, at);
      this.readyOrd.splice(lo, 0, ord);
    } else if (t[lo] === at && this.readyOrd[lo] === ord) {
      t.splice(lo, 1);
      this.readyOrd.splice(lo, 1);
    }
  }

  /** The position in readyAt of the first Ready pod for which `from` holds (it holds from there on). */
  private firstReady(from: (p: PodView, at: number) => boolean): number {
    let lo = 0;
    let hi = this.readyAt.length;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (from(this.views.get(this.readyOrd[m])!, this.readyAt[m])) hi = m;
      else lo = m + 1;
    }
    return lo;
  }

  /** Pods that are Ready but not yet available at `now` (Ready for less than minReadySeconds). */
  notYetAvailable(minReadySeconds: number, now: number): PodView[] {
    if (minReadySeconds === 0) return [];
    const from = this.firstReady((p) => !isAvailable(p, minReadySeconds, now));
    return this.readyOrd.slice(from).map((o) => this.views.get(o)!);
  }

  /** The earliest time after `after` at which a Ready pod has been Ready for `minMs` and 1 ms more. */
  nextAvailableAt(minMs: number, after: number): number {
    const i = this.firstReady((_, at) => at + minMs + 1 > after);
    return i < this.readyAt.length && this.readyAt[i] !== Infinity ? this.readyAt[i] + minMs + 1 : Infinity;
  }

  /** The status counters (all pods are created ones; placeholders never count). */
  counts(
    revisions: { current: string; update: string },
    notYetAvailable: readonly PodView[],
  ): Pick<StatefulSetStatus, 'replicas' | 'readyReplicas' | 'currentReplicas' | 'updatedReplicas' | 'availableReplicas'> {
    return {
      replicas: this.views.size,
      readyReplicas: this.runningReady,
      currentReplicas: this.liveByRev.get(revisions.current)?.size ?? 0,
      updatedReplicas: this.liveByRev.get(revisions.update)?.size ?? 0,
      availableReplicas: this.runningReady - notYetAvailable.filter(isRunningAndReady).length,
    };
  }
}
