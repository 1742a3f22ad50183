// `sts set image sts/web nginx=nginx:1.25`: change container images in a pod template.
import { CliError, noResources } from '../api/errors.js';
import type { Json } from '../api/types.js';
import { nameOf } from '../print/printers.js';
import { writeBack } from '../apiserver/objects.js';
import { namespaceOf, withCluster, type GlobalOpts } from './context.js';
import { Failures, manifestInput, out } from './output.js';
import { getObject, parseLabelSelector, requestsFor, targetObjects } from './resources.js';
import { parseDryRun } from './dry-run.js';
import { printerFor } from '../print/printer.js';
import { kindInfo } from '../api/kinds.js';
import type { KObject } from '../api/types.js';
import type { Verb } from './verb.js';

/** Split `sts/web nginx=img other=img2` into resources and container=image pairs. */
function split(args: string[]): { resources: string[]; images: Map<string, string> } {
  const resources: string[] = [];
  const images = new Map<string, string>();
  for (const a of args) {
    const i = a.indexOf('=');
    if (i < 0) {
      if (images.size) throw new CliError(`error: all resources must be specified before image changes: ${a}`, 'set image');
      resources.push(a);
    } else {
      const [name, image] = [a.slice(0, i), a.slice(i + 1)];
      if (!name || !image) throw new CliError(`error: invalid image argument "${a}": must be container_name=image`, 'set image');
      images.set(name, image);
    }
  }
  if (!images.size) throw new CliError('error: at least one image update is required', 'set image');
  if (images.size > 1 && images.has('*'))
    throw new CliError('error: all containers are already specified by *, but saw more than one container_name=container_image pairs', 'set image');
  return { resources, images };
}

function templateSpec(obj: Json): Json | undefined {
  return obj.kind === 'Pod' ? obj.spec : obj.spec?.template?.spec;
}

export const setImageVerb: Verb = {
  honours: ['all', 'dry-run', 'filename', 'local', 'output', 'recursive', 'selector'],
  run: ({ args, opts }) => setImage(args, opts),
};

interface SetImageOpts extends GlobalOpts {
  all?: boolean;
  dryRun?: string;
  filename?: string[];
  local?: boolean;
  output?: string;
  recursive?: boolean;
  selector?: string;
}

/** Point the named containers (or `*`) of a pod template at new images; the missing names, as errors. */
function setImages(obj: Json, images: Map<string, string>, failures: Failures): Json {
  const next = structuredClone(obj);
  const spec = templateSpec(next);
  if (!spec)
    throw new CliError(
      `error: ${nameOf(obj)} the object is not a pod or does not have a pod template: *${kindInfo(obj.kind)?.version ?? 'v1'}.${obj.kind}`,
    );
  for (const [name, image] of images) {
    let found = false;
    for (const list of [spec.initContainers ?? [], spec.containers ?? []])
      for (const ctr of list)
        if (name === '*' || ctr.name === name) {
          ctr.image = image;
          found = true;
        }
    if (!found) failures.add(new CliError(`error: unable to find container named "${name}"`));
  }
  return next;
}

export async function setImage(args: string[], opts: SetImageOpts): Promise<void> {
  const { resources, images } = split(args);
  const dryRun = parseDryRun(opts.dryRun);
  const printer = printerFor({ output: opts.output, operation: 'image updated', dryRun });
  const reqs = await requestsFor(resources, opts);
  if (!reqs.length) throw noResources();
  const selector = parseLabelSelector(opts.selector);
  const failures = new Failures();
  if (opts.local) {
    // --local: the objects of -f, changed and printed; the cluster is not consulted
    if (!opts.filename?.length)
      throw new CliError(
        "error: you must specify resources by --filename when --local is set.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'",
      );
    const { loadManifests } = await import('../manifest/load.js');
    for (const d of await loadManifests(opts.filename, opts.recursive, manifestInput())) {
      const next = failures.try(() => setImages(d.obj, images, failures));
      if (next) out(printer.print([next as KObject]));
    }
    return failures.report();
  }
  const updated: KObject[] = [];
  await withCluster(
    opts,
    async (c) => {
      const ns = namespaceOf(opts);
      for (const { obj: current } of targetObjects(c, reqs, ns, { selector, all: opts.all }, failures, 'set image'))
        failures.try(() => {
          const next = setImages(current, images, failures);
          if (writeBack(c, current, next, 'set image'))
            updated.push(getObject(c, kindInfo(current.kind)!, current.metadata.namespace ?? ns, current.metadata.name));
        });
      out(printer.print(updated));
    },
    false,
    dryRun !== 'none',
  );
  failures.report();
}
