// Query parameters of exec, attach and log as the API server decodes them (runtime.ParameterCodec over
// PodExecOptions, PodAttachOptions, PodLogOptions: strconv's ParseBool and ParseInt), and the
// container a subresource defaults to (the pod registry's validateContainer).
import type { Container as ContainerSpec, Json } from '../api/types.js';
import { badRequest } from './status.js';

/** strconv.ParseBool: absent is false; anything else it does not know is a 400. */
export function goBool(q: URLSearchParams, key: string): boolean {
  const v = q.get(key);
  if (v === null || v === '') return false;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  throw badRequest(`strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`);
}

/** strconv.ParseInt: absent is undefined. */
export function goInt(q: URLSearchParams, key: string): number | undefined {
  const v = q.get(key);
  if (v === null || v === '') return undefined;
  if (!/^[+-]?\d+$/.test(v)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: value out of range`);
  return n;
}

/** validateContainer: the container named (it must be the pod's), else the only one, else a 400 naming them all. */
export function podContainer(spec: Json, podName: string, want: string | null): ContainerSpec {
  const containers: ContainerSpec[] = spec?.containers ?? [];
  const all: ContainerSpec[] = [...(spec?.initContainers ?? []), ...containers];
  if (want) {
    const ctr = all.find((x) => x.name === want);
    if (!ctr) throw badRequest(`container ${want} is not valid for pod ${podName}`);
    return ctr;
  }
  if (containers.length === 1) return containers[0];
  if (!containers.length) throw badRequest(`a container name must be specified for pod ${podName}`);
  throw badRequest(`a container name must be specified for pod ${podName}, choose one of: [${all.map((x) => x.name).join(' ')}]`);
}
