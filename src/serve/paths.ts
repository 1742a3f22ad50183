// Where a request goes: the API server's URL layout (/api/v1/…, /apis/{group}/{version}/…), read into
// the resource it names. A path sts does not serve is undefined (the router answers 404).
import { KINDS, type KindInfo } from '../api/kinds.js';
import type { ResourceTarget } from './types.js';

const byPath = new Map<string, KindInfo>(KINDS.map((k) => [`${k.group}/${k.version}/${k.plural}`, k]));

/** The kind a group, version and plural name (only the version sts serves: the preferred one). */
export const kindAt = (group: string, version: string, plural: string): KindInfo | undefined => byPath.get(`${group}/${version}/${plural}`);

/**
 * `/api/v1/namespaces/default/pods/web-0/log` → { Pod, ns default, name web-0, sub log }.
 * `/api/v1/namespaces/default` is the Namespace object itself; `/api/v1/pods` lists across namespaces.
 */
export function resourceTarget(path: string): ResourceTarget | undefined {
  const parts = path.split('/').filter(Boolean);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) [group, version, rest] = ['', parts[1], parts.slice(2)];
  else if (parts[0] === 'apis' && parts.length >= 4) [group, version, rest] = [parts[1], parts[2], parts.slice(3)];
  else return undefined;
  let ns: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    ns = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, sub, ...more] = rest;
  if (more.length) return undefined;
  const info = kindAt(group, version, plural);
  if (!info) return undefined;
  if (ns !== undefined && !info.namespaced) return undefined;
  if (name === '') return undefined;
  return { info, ns, name, sub };
}

/** Group-versions served, core first: what discovery lists. */
export function groupVersions(): { group: string; version: string; kinds: KindInfo[] }[] {
  const out = new Map<string, { group: string; version: string; kinds: KindInfo[] }>();
  for (const k of KINDS) {
    const key = `${k.group}/${k.version}`;
    if (!out.has(key)) out.set(key, { group: k.group, version: k.version, kinds: [] });
    out.get(key)!.kinds.push(k);
  }
  return [...out.values()];
}
