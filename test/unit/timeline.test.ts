// `sts timeline`'s pure parts: a pod's phase history as the store keeps it (store/history.ts), the
// rows built from histories (print/timeline-model.ts), and the text and SVG drawn from them.
import { describe, expect, it } from 'vitest';
import type { PodRecord } from '../../src/api/types.js';
import { decodeHistory, FinishedPods, FINISHED_KEPT, HISTORY_KEPT, recordPhase } from '../../src/store/history.js';
import { buildTimeline, type Timeline } from '../../src/print/timeline-model.js';
import { cells, scaleFor, shortDuration, timelineText } from '../../src/print/timeline.js';
import { timelineHtml, timelineSvg } from '../../src/print/timeline-svg.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const s = (n: number) => T0 + n * 1000;
const pod = (extra: Partial<PodRecord> = {}): PodRecord => ({
  ns: 'default',
  name: 'web-0',
  uid: 'u0',
  createdAt: T0,
  stage: 'Pending',
  stageSince: T0,
  resourceVersion: 1,
  ...extra,
});
const time = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

describe('a pod history (store/history.ts)', () => {
  it('a new Pending pod records nothing; each phase change is a letter and the seconds since the last', () => {
    const p = pod();
    recordPhase(p, T0);
    expect(p.history).toBeUndefined();
    Object.assign(p, { stage: 'ContainerCreating', stageSince: s(1) });
    recordPhase(p, s(1));
    Object.assign(p, { stage: 'Ready', stageSince: s(3) });
    recordPhase(p, s(3));
    recordPhase(p, s(3)); // a change that is not a phase change adds nothing
    expect(p.history).toBe('C1Y2');
    expect(decodeHistory(p.history, T0)).toEqual({
      truncated: false,
      entries: [
        { code: 'C', at: s(1) },
        { code: 'Y', at: s(3) },
      ],
    });
  });

  it('records an exit (X) once, deletion as Terminating, and sub-second times', () => {
    const p = pod({ stage: 'Running', stageSince: s(2.5), history: 'C1' });
    recordPhase(p, s(2.5));
    p.lastExitAt = s(10);
    p.stageSince = s(10);
    recordPhase(p, s(10));
    recordPhase(p, s(10));
    p.deletingSince = s(12);
    recordPhase(p, s(12));
    expect(p.history).toBe('C1R1.5X7.5T2');
  });

  it(`keeps the last ${HISTORY_KEPT} entries, marked truncated, times still right`, () => {
    const p = pod({ stage: 'Running', stageSince: s(1) });
    for (let i = 1; i <= 20; i++) {
      p.stage = i % 2 ? 'Running' : 'Ready';
      p.stageSince = s(i);
      recordPhase(p, s(i));
    }
    const h = decodeHistory(p.history, T0);
    expect(h.truncated).toBe(true);
    expect(h.entries).toHaveLength(HISTORY_KEPT);
    expect(h.entries.at(-1)).toEqual({ code: 'Y', at: s(20) });
    expect(h.entries[0]).toEqual({ code: 'R', at: s(20 - HISTORY_KEPT + 1) });
  });

  it(`a namespace keeps the last ${FINISHED_KEPT} gone pods, times from its document's t0`, () => {
    const gone = new FinishedPods();
    for (let i = 0; i < FINISHED_KEPT + 5; i++) gone.add('ns', { name: `p-${i}`, uid: `u${i}`, createdAt: s(i), goneAt: s(i + 1) });
    const stored = gone.stored('ns', s(10))!;
    expect(stored).toHaveLength(FINISHED_KEPT);
    expect(stored[0]).toEqual({ n: 'p-5', uid: 'u5', c: -5000, g: -4000 });
    const again = new FinishedPods();
    again.read('ns', stored, s(10));
    expect(again.of('ns')[0]).toEqual({ name: 'p-5', uid: 'u5', createdAt: s(5), goneAt: s(6) });
  });
});

/** web-0 replaced by a new revision at 20s; web-1 crashes once; its claim bound at 1s. */
function scenario(): Timeline {
  return buildTimeline({
    now: s(40),
    pods: [
      { name: 'web-0', uid: 'a', createdAt: s(0), revision: 'web-1111', history: 'C1Y2T17', goneAt: s(22) },
      { name: 'web-0', uid: 'b', createdAt: s(22), revision: 'web-2222', history: 'C1Y2' },
      { name: 'web-1', uid: 'c', createdAt: s(4), revision: 'web-1111', history: 'C1Y2X20R' },
    ],
    claims: [{ name: 'www-web-0', createdAt: s(0), boundAt: s(1) }],
    warnings: [{ uid: 'c', reason: 'BackOff', msg: 'Back-off restarting failed container', first: s(33), last: s(33), count: 1 }],
  });
}

describe('the rows (print/timeline-model.ts)', () => {
  it('one row per pod name, incarnations in turn, a revision marker where the revision changes', () => {
    const t = scenario();
    expect(t.start).toBe(s(0));
    expect(t.rows.map((r) => r.label)).toEqual(['pod/web-0', 'pod/web-1', 'pvc/www-web-0']);
    expect(t.rows[0].segments).toEqual([
      { phase: 'Pending', from: s(0), to: s(1) },
      { phase: 'ContainerCreating', from: s(1), to: s(3) },
      { phase: 'Ready', from: s(3), to: s(20) },
      { phase: 'Terminating', from: s(20), to: s(22) },
      { phase: 'Pending', from: s(22), to: s(23) },
      { phase: 'ContainerCreating', from: s(23), to: s(25) },
      { phase: 'Ready', from: s(25), to: s(40) },
    ]);
    expect(t.rows[0].markers).toEqual([{ kind: 'revision', at: s(22), text: 'revision web-2222 (was web-1111)' }]);
    expect(t.rows[1].markers.map((m) => m.kind)).toEqual(['restart', 'warning']);
    expect(t.rows[2].segments.map((x) => x.phase)).toEqual(['Pending', 'Bound']);
  });

  it('--since starts the picture that long before now', () => {
    expect(buildTimeline({ now: s(40), since: 10_000, pods: [], claims: [], warnings: [] }).start).toBe(s(30));
  });
});

describe('drawing (print/timeline.ts, timeline-svg.ts)', () => {
  it('picks the smallest step that fits, and says durations briefly', () => {
    expect(scaleFor(40_000, 60)).toEqual({ step: 1000, columns: 40 });
    expect(scaleFor(40_000, 30)).toEqual({ step: 2000, columns: 20 });
    expect(scaleFor(3_600_000, 100)).toEqual({ step: 60_000, columns: 60 });
    expect([0, 500, 90_000, 3_600_000, 5_430_000].map(shortDuration)).toEqual(['0s', '500ms', '1m30s', '1h', '1h30m30s']);
  });

  it('a column shows the phase that filled most of it; markers over it', () => {
    const [row] = cells(scenario(), 2000, 20);
    expect(row.phases.slice(0, 3)).toEqual(['ContainerCreating', 'Ready', 'Ready']); // ties: the later phase
    expect(row.marks[11]).toBe('revision');
  });

  it('plain text when piped: fitted to the width, a legend, the markers listed', () => {
    expect(timelineText(scenario(), { width: 60, fancy: false, time })).toBe(
      [
        '2026-01-01T00:00:00Z to 2026-01-01T00:00:40Z (40s), one column = 1s',
        '',
        'NAME           0s        10s       20s       30s',
        'pod/web-0      .::=================~~^::===============',
        'pod/web-1          .::====================*-----!------',
        'pvc/www-web-0  .#######################################',
        '',
        '. Pending   : ContainerCreating   - Running (not ready)   = Ready   # Bound   ~ Terminating   ^ new revision   * restart   ! Warning event',
        '',
        '22s  pod/web-0  ^ revision web-2222 (was web-1111)',
        '27s  pod/web-1  * container exited, restarted',
        '33s  pod/web-1  ! BackOff: Back-off restarting failed container',
        '',
      ].join('\n'),
    );
  });

  it('Unicode blocks on a terminal', () => {
    const text = timelineText(scenario(), { width: 60, fancy: true, time });
    expect(text).toContain('█');
    expect(text).toContain('◆');
    expect(text).toContain('↺');
  });

  it('SVG and HTML: a rectangle per segment, a shape per marker, standalone', () => {
    const svg = timelineSvg(scenario(), time);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<rect class="(\w+)"/g)).toHaveLength(7 + 4 + 2);
    expect(svg).toContain('class="marker revision"');
    expect(svg).toContain('<title>22s revision web-2222 (was web-1111)</title>');
    const html = timelineHtml(scenario(), time);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<td>33s</td><td>pod/web-1</td><td>Warning event</td><td>BackOff: Back-off restarting failed container</td>');
  });
});
