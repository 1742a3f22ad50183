// `sts fault`: make things go wrong on purpose. Images matching a pattern fail to pull.
import { CliError } from '../api/errors.js';
import { table } from '../print/tabwriter.js';
import { withCluster, type GlobalOpts } from './context.js';
import { err, out } from './output.js';

export async function faultImage(pattern: string | undefined, opts: GlobalOpts & { clear?: boolean }): Promise<void> {
  if (!pattern && !opts.clear) throw new CliError('error: give an image pattern (e.g. nginx:bad*), or --clear', 'fault image');
  await withCluster(opts, (c) => {
    const images = c.file.faults.images;
    if (opts.clear) {
      const gone = pattern ? images.filter((p) => p === pattern) : [...images];
      if (pattern && !gone.length) throw new CliError(`error: no image fault "${pattern}"`);
      c.file.faults.images = pattern ? images.filter((p) => p !== pattern) : [];
      c.changed = true;
      out(gone.length ? gone.map((p) => `image fault "${p}" cleared`).join('\n') : 'no image faults to clear');
      return;
    }
    if (!images.includes(pattern!)) images.push(pattern!);
    c.changed = true;
    out(`image fault "${pattern}" set: images matching it fail to pull (ErrImagePull, then ImagePullBackOff)`);
  });
}

export async function faultList(opts: GlobalOpts): Promise<void> {
  await withCluster(opts, (c) => {
    const rows = c.file.faults.images.map((p) => ['image', p, 'fails to pull']);
    if (!rows.length) err('No faults.');
    else out(table([['FAULT', 'TARGET', 'EFFECT'], ...rows]));
  });
}
