// `sts set image sts/web nginx=nginx:1.25`: change container images in a pod template.
import { CliError } from '../api/errors.js';
import type { Json } from '../api/types.js';
import { nameOf } from '../print/printers.js';
import { writeBack } from '../store/apiserver.js';
import { namespaceOf, withCluster, type GlobalOpts } from './context.js';
import { Failures, out } from './output.js';
import { getObject, namedTargets } from './resources.js';
import type { Verb } from './verb.js';

export const setImageVerb: Verb = {
  run: ({ args, opts }) => setImage(args, opts),
};

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

export async function setImage(args: string[], opts: GlobalOpts): Promise<void> {
  const { resources, images } = split(args);
  const targets = namedTargets(resources, 'set image');
  const failures = new Failures();
  await withCluster(opts, (c) => {
    const ns = namespaceOf(opts);
    for (const t of targets)
      failures.try(() => {
        const current = getObject(c, t.info, ns, t.name);
        const next = structuredClone(current);
        const spec = templateSpec(next);
        if (!spec) throw new CliError(`error: ${nameOf(current)} has no pod template`);
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
        if (writeBack(c, current, next, 'set image')) out(`${nameOf(current)} image updated`);
      });
  });
  failures.report();
}
