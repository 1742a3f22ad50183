// `sts cluster reset` (a fresh cluster in the file), `sts cluster stages` (lifecycle durations) and
// `sts cluster features` (feature gates).
import { CliError } from '../api/errors.js';
import { FEATURE_GATES, featureEnabled } from '../api/features.js';
import { STAGE_DEFAULTS, STAGE_HELP } from '../controller/stages.js';
import { table } from '../print/tabwriter.js';
import { parseDuration } from '../controller/clock.js';
import { dataDir, removeDir } from '../store/data-dirs.js';
import { save, statePath } from '../store/file.js';
import { newClusterFile } from '../store/schema.js';
import { lockCluster, withCluster, type GlobalOpts } from './context.js';
import { out } from './output.js';
import { flag, type Verb } from './verb.js';

export const resetVerb: Verb = {
  flags: [flag('--clock', 'string', 'real', 'The clock of the new cluster: real or manual.')],
  help: { usage: 'sts cluster reset [--clock=real|manual]' },
  run: ({ opts }) => reset(opts),
};
export const stagesVerb: Verb = {
  help: { usage: 'sts cluster stages [STAGE=DURATION|STAGE=default ...]' },
  run: ({ args, opts }) => stages(args, opts),
};
export const featuresVerb: Verb = { help: { usage: 'sts cluster features [GATE=true|false ...]' }, run: ({ args, opts }) => features(args, opts) };

export async function reset(opts: GlobalOpts & { clock?: string }): Promise<void> {
  const mode = opts.clock ?? 'real';
  if (mode !== 'real' && mode !== 'manual') throw new CliError(`error: invalid --clock "${mode}": must be "real" or "manual"`);
  const path = statePath(opts.state);
  const release = lockCluster(path);
  try {
    // The old file is not read: reset is also the way out of a corrupt one.
    const file = newClusterFile(mode);
    save(path, file);
    removeDir(dataDir(path));
    out(`cluster reset: ${path} (${mode} clock, now ${new Date(file.clock.now).toISOString().replace('.000Z', 'Z')})`);
  } finally {
    release();
  }
}

export async function stages(assignments: string[], opts: GlobalOpts): Promise<void> {
  const updates: [string, number | undefined][] = assignments.map((a) => {
    const [name, value] = a.split('=');
    if (!Object.hasOwn(STAGE_DEFAULTS, name))
      throw new CliError(`error: unknown stage "${name}"; stages are: ${Object.keys(STAGE_DEFAULTS).join(', ')}`);
    if (value === undefined) throw new CliError(`error: expected STAGE=DURATION (e.g. start=5s), got "${a}"`);
    if (value === '' || value === 'default') return [name, undefined];
    const ms = parseDuration(value);
    if (ms === undefined) throw new CliError(`error: invalid duration "${value}" for stage ${name}`);
    return [name, ms / 1000];
  });
  const Table = (await import('cli-table3')).default; // loaded before the lock is taken
  await withCluster(opts, (c) => {
    for (const [name, s] of updates) {
      if (s === undefined) delete c.file.stages[name];
      else c.file.stages[name] = s;
      c.changed = true;
    }
    const t = new Table({
      head: ['STAGE', 'SECONDS', 'SOURCE', 'MEANING'],
      chars: {
        top: '',
        'top-mid': '',
        'top-left': '',
        'top-right': '',
        bottom: '',
        'bottom-mid': '',
        'bottom-left': '',
        'bottom-right': '',
        left: '',
        'left-mid': '',
        mid: '',
        'mid-mid': '',
        right: '',
        'right-mid': '',
        middle: '   ',
      },
      style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    });
    for (const name of Object.keys(STAGE_DEFAULTS)) {
      const own = c.file.stages[name];
      t.push([name, String(own ?? STAGE_DEFAULTS[name]), own === undefined ? 'default' : 'cluster', STAGE_HELP[name]]);
    }
    out(
      t
        .toString()
        .split('\n')
        .map((l: string) => l.trimEnd())
        .join('\n'),
    );
  });
}

export async function features(assignments: string[], opts: GlobalOpts): Promise<void> {
  const updates = assignments.map((a) => {
    const [name, value] = a.split('=');
    if (!Object.hasOwn(FEATURE_GATES, name))
      throw new CliError(`error: unknown feature gate "${name}"; known: ${Object.keys(FEATURE_GATES).join(', ')}`);
    if (value !== 'true' && value !== 'false') throw new CliError(`error: expected GATE=true|false, got "${a}"`);
    return [name, value === 'true'] as const;
  });
  await withCluster(opts, (c) => {
    for (const [name, on] of updates) {
      if (on === FEATURE_GATES[name].default) delete c.file.features[name];
      else c.file.features[name] = on;
      c.changed = true;
    }
    const rows = Object.entries(FEATURE_GATES).map(([name, g]) => [name, String(featureEnabled(c.file.features, name)), g.help]);
    out(table([['GATE', 'ENABLED', 'MEANING'], ...rows]));
  });
}
