// `sts tour [NAME]`: guided lessons (tour-lessons*.ts) run on a scratch cluster in a temp dir, removed after.
// Each step shows its command, runs it in this process (main is re-entrant), shows what it printed, then
// says what the controller did and why. Enter goes on; `--yes` runs a lesson through, for a demo or a test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { CliError } from '../api/errors.js';
import { save } from '../store/file.js';
import { newClusterFile, rootCaConfigMap, rootCaPem } from '../store/schema.js';
import { main } from './main.js';
import { io, out, setExitCode, write, type Io, type OutStream } from './output.js';
import { LESSONS, lessonNamed } from './tour-lessons-rollout.js';
import type { Lesson, TourStep } from './tour-lessons.js';
import { flag, type Invocation, type Verb } from './verb.js';

export const tourVerb: Verb = {
  flags: [
    flag('--yes', 'bool', 'false', 'Run the lesson through without waiting for Enter (a demo, a test).'),
    flag('--list', 'bool', 'false', 'List the lessons and exit.'),
  ],
  help: {
    short: 'Guided lessons on a scratch cluster: ordered pods, stable names, claims, updates, drains',
    long: [
      'Guided lessons on a scratch cluster: each step shows a command, runs it, shows its output and says',
      'what the StatefulSet controller did and which rule made it. Commands are shown with `sts` where you',
      'would type `kubectl`, so each one can be typed again as it is. The scratch cluster lives in a temp',
      'directory on a manual clock (the same output every time) and is removed after; your own cluster',
      'file is used only when --state names it.',
      '',
      'Enter goes on to the next step and q quits. Without a terminal each line of input is an Enter, and',
      'at the end of the input the rest runs through, as with --yes (so `sts tour < /dev/null` is a demo).',
      'With no NAME the lessons are listed and the first one runs, unless you type the name of another.',
    ].join('\n'),
    usage: 'sts tour [NAME] [--yes] [--list]',
    examples: [
      '  # Start with the first lesson',
      '  sts tour',
      '',
      '  # Run the rolling-update lesson without stopping',
      '  sts tour rolling-update --yes',
    ].join('\n'),
  },
  run: (inv) => tour(inv),
};

/** Explanations are wrapped to this width: a transcript reads the same on any terminal. */
const WIDTH = 80;
/** When the scratch cluster's clock starts, and its id (volume names derive from it): every run prints the same. */
const SCRATCH_EPOCH = Date.parse('2025-06-02T09:00:00Z');
const SCRATCH_ID = '5157a7e0700a0001';

async function tour({ args, opts, changed }: Invocation): Promise<void> {
  if (args.length > 1) throw new CliError('error: tour takes at most one lesson name', 'tour');
  if (opts.list) return out(lessonList());
  const named = args[0] === undefined ? undefined : lessonNamed(args[0]);
  if (args[0] !== undefined && !named)
    throw new CliError(`error: there is no lesson "${args[0]}"; the lessons are ${LESSONS.map((l) => l.name).join(', ')} (sts tour --list)`);
  const outer = io();
  const keys = opts.yes ? runThrough : keyboard(outer);
  try {
    const lesson = named ?? (await choose(keys));
    if (!lesson) return;
    // --state given on this command line is the user asking for their own cluster; STS_STATE is not
    const own = changed.has('state') ? (opts.state as string) : undefined;
    await runLesson(lesson, outer, keys, own);
  } finally {
    keys.close();
  }
}

/** `sts tour --list`, and the start of `sts tour`. */
function lessonList(): string {
  const width = Math.max(...LESSONS.map((l) => l.name.length));
  return ['Lessons (sts tour NAME):', ...LESSONS.map((l) => `  ${l.name.padEnd(width)}   ${l.title}`)].join('\n');
}

/** With no NAME: the list, then the first lesson, or the one the user names. */
async function choose(keys: Keys): Promise<Lesson | undefined> {
  out(lessonList());
  blank();
  for (;;) {
    const answer = await keys.next(`Enter starts ${LESSONS[0].name}; or type a lesson's name; q quits: `);
    if (answer === undefined) return undefined;
    if (!answer) return LESSONS[0];
    const lesson = lessonNamed(answer);
    if (lesson) return lesson;
    keys.note(`There is no lesson "${answer}".`);
  }
}

async function runLesson(lesson: Lesson, outer: Io, keys: Keys, own: string | undefined): Promise<void> {
  const scratch = own ? undefined : mkdtempSync(join(tmpdir(), 'sts-tour-'));
  // the scratch cluster goes however the tour ends: a closed terminal (SIGHUP) or a kill (SIGTERM) too
  const remove = () => scratch && rmSync(scratch, { recursive: true, force: true });
  const killed = (signal: NodeJS.Signals) => {
    remove();
    process.exit(signal === 'SIGHUP' ? 129 : 143);
  };
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP'];
  if (scratch) for (const sig of signals) process.once(sig, killed);
  try {
    const state = own ?? scratchCluster(scratch!);
    const env = { ...outer.env, STS_STATE: state };
    const number = LESSONS.indexOf(lesson) + 1;
    out(`Lesson ${number} of ${LESSONS.length}: ${lesson.name} - ${lesson.title}`);
    blank();
    out(paragraph(lesson.intro, ''));
    blank();
    out(
      paragraph(
        own
          ? `On your own cluster (${own}), as --state asked: what is already there may change what you see. Commands show sts where you would type kubectl.`
          : 'On a scratch cluster with a manual clock, removed at the end. Commands show sts where you would type kubectl.',
        '',
      ),
    );
    for (const [i, step] of lesson.steps.entries()) {
      blank();
      if (!(await runStep(step, outer, env))) {
        setExitCode(1);
        return;
      }
      if (i < lesson.steps.length - 1 && (await keys.next(`[step ${i + 1} of ${lesson.steps.length}] Enter goes on, q quits: `)) === undefined) {
        blank();
        out(`Tour stopped. ${again(lesson)}`);
        return;
      }
    }
    blank();
    out(whatNext(lesson));
  } finally {
    remove();
    for (const sig of signals) process.off(sig, killed);
  }
}

/** Show the command, run it, show what it printed (stdout and stderr, in order, as a terminal shows them), explain. */
async function runStep(step: TourStep, outer: Io, env: Record<string, string | undefined>): Promise<boolean> {
  out(`$ ${step.command}`);
  const shown = new Transcript(outer.stdout);
  const code = await main(words(step.command).slice(1), { stdout: shown, stderr: shown, stdin: Readable.from([]), env, cwd: outer.cwd });
  if (!shown.atLineStart) write('\n');
  if ((code !== 0) !== !!step.fails) {
    const what = step.fails ? 'was meant to fail, and succeeded' : `failed (exit ${code})`;
    outer.stderr.write(`error: tour step \`${step.command}\` ${what}; the lesson stops here\n`);
    return false;
  }
  blank();
  out(paragraph(step.explain, '# '));
  return true;
}

/** The end of a lesson: the next one, the list, and the same commands outside the tour. */
function whatNext(lesson: Lesson): string {
  const next = LESSONS[LESSONS.indexOf(lesson) + 1];
  const rows = [...(next ? [[`sts tour ${next.name}`, `the next lesson: ${next.title}`]] : []), ['sts tour --list', 'every lesson']];
  const width = Math.max(...rows.map(([c]) => c.length));
  return [
    `What next (${lesson.name} is done):`,
    ...rows.map(([c, what]) => `  ${c.padEnd(width)}   ${what}`),
    paragraph(
      'Outside the tour the same commands work on your own cluster (~/.sts/cluster.json, made on first use), whose clock follows real time; `sts clock advance` and `sts clock settle` still move it on.',
      '  ',
    ),
  ].join('\n');
}

const blank = () => write('\n');

const again = (lesson: Lesson) => `\`sts tour ${lesson.name}\` starts this lesson again; \`sts tour --list\` shows them all.`;

/** A new cluster in DIR on a manual clock, the same in every run: a fixed start and id. */
function scratchCluster(dir: string): string {
  const file = newClusterFile('manual', SCRATCH_EPOCH);
  file.id = SCRATCH_ID;
  // the root CA each namespace publishes derives from the id
  file.objects.ConfigMap = (file.objects.ConfigMap ?? []).map((cm) => {
    const { namespace, uid, resourceVersion, creationTimestamp } = cm.metadata;
    return rootCaConfigMap(namespace!, rootCaPem(SCRATCH_ID), {
      uid: uid!,
      resourceVersion: resourceVersion!,
      creationTimestamp: creationTimestamp!,
    });
  });
  const path = join(dir, 'cluster.json');
  save(path, file);
  return path;
}

/** Words of a lesson's command line: spaces separate, '…' and "…" quote (\ escapes in "…"). */
function words(line: string): string[] {
  const result: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === ' ') {
      if (word !== undefined) result.push(word);
      word = undefined;
    } else if (ch === "'" || ch === '"') {
      const end = line.indexOf(ch, i + 1);
      if (end < 0) throw new Error(`unclosed quote in tour command: ${line}`);
      const inner = line.slice(i + 1, end);
      word = (word ?? '') + (ch === '"' ? inner.replace(/\\(["\\$`])/g, '$1') : inner);
      i = end;
    } else word = (word ?? '') + ch;
  }
  if (word !== undefined) result.push(word);
  return result;
}

/** TEXT wrapped at WIDTH, each line starting with PREFIX. */
function paragraph(text: string, prefix: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && prefix.length + line.length + 1 + word.length > WIDTH) {
      lines.push(prefix + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(prefix + line);
  return lines.join('\n');
}

/** A step's output passed straight to the tour's stdout, remembering whether it ended a line. */
class Transcript implements OutStream {
  atLineStart = true;
  readonly isTTY = false;
  constructor(private readonly to: OutStream) {}
  write(s: string): boolean {
    if (!s) return true;
    this.atLineStart = s.endsWith('\n');
    return this.to.write(s) !== false;
  }
}

/** Between steps: the answer typed ('' for Enter), or undefined to quit. */
interface Keys {
  next(prompt: string): Promise<string | undefined>;
  note(line: string): void;
  close(): void;
}

/** --yes: never waits. */
const runThrough: Keys = { next: async () => '', note: () => {}, close: () => {} };

/**
 * Enter and q from stdin, prompts on stderr (so stdout stays the transcript). On a terminal, Ctrl-C
 * quits too (and the scratch cluster is still removed). When the input ends, the rest runs through.
 */
function keyboard(streams: Io): Keys {
  const terminal = !!(streams.stdin.isTTY && streams.stderr.isTTY);
  const rl = createInterface({ input: streams.stdin, ...(terminal ? { output: streams.stderr as NodeJS.WritableStream, terminal } : { terminal }) });
  const lines: string[] = [];
  let waiting: ((line: string | undefined) => void) | undefined;
  let ended = false;
  let quit = false;
  const give = (line: string | undefined) => {
    if (waiting) {
      const w = waiting;
      waiting = undefined;
      w(line);
    } else if (line !== undefined) lines.push(line);
  };
  rl.on('line', (line) => give(line));
  rl.on('close', () => {
    ended = true;
    give(undefined);
  });
  rl.on('SIGINT', () => {
    quit = true;
    give('q');
  });
  return {
    async next(prompt) {
      if (quit) return undefined;
      if (ended && !lines.length) return '';
      streams.stderr.write(prompt);
      const line = lines.length ? lines.shift() : await new Promise<string | undefined>((resolve) => (waiting = resolve));
      if (!terminal || line === undefined || quit) streams.stderr.write('\n');
      const answer = (line ?? '').trim();
      return /^q(uit)?$/i.test(answer) ? undefined : answer;
    },
    note: (line) => streams.stderr.write(`${line}\n`),
    close: () => rl.close(),
  };
}
