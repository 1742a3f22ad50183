// Discovery: what the server offers, from the kinds sts knows (api/kinds.ts). kubectl asks for the
// aggregated form first (one answer for every group, apidiscovery.k8s.io/v2) and falls back to the
// legacy documents (/api, /apis, /api/v1, /apis/{group}/{version}); both are served.
import type { KindInfo } from '../api/kinds.js';
import { hasSubresource } from '../apiserver/scale.js';
import { groupVersions } from './paths.js';

export const AGGREGATED_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** Subresources and their verbs, as a 1.33 server lists them for the kinds sts simulates. */
function subresources(k: KindInfo): { name: string; kind: string; group: string; version: string; verbs: string[] }[] {
  const self = { kind: k.kind, group: k.group, version: k.version };
  const out: { name: string; kind: string; group: string; version: string; verbs: string[] }[] = [];
  if (hasSubresource(k, 'scale')) out.push({ name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] });
  if (hasSubresource(k, 'status')) out.push({ name: 'status', ...self, verbs: ['get', 'patch', 'update'] });
  if (k.kind === 'Pod')
    out.push(
      { name: 'attach', kind: 'PodAttachOptions', group: '', version: 'v1', verbs: ['create', 'get'] },
      { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
      { name: 'exec', kind: 'PodExecOptions', group: '', version: 'v1', verbs: ['create', 'get'] },
      { name: 'log', kind: 'Pod', group: '', version: 'v1', verbs: ['get'] },
    );
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

const verbsOf = (k: KindInfo) => (k.kind === 'Namespace' || k.kind === 'Node' ? VERBS.filter((v) => v !== 'deletecollection') : VERBS);

function aggregatedGroup(group: string) {
  return {
    metadata: { name: group, creationTimestamp: null },
    versions: groupVersions()
      .filter((gv) => gv.group === group)
      .map((gv) => ({
        version: gv.version,
        freshness: 'Current',
        resources: gv.kinds.map((k) => ({
          resource: k.plural,
          responseKind: { group: k.group, version: k.version, kind: k.kind },
          scope: k.namespaced ? 'Namespaced' : 'Cluster',
          singularResource: k.singular,
          verbs: verbsOf(k),
          ...(k.short.length ? { shortNames: k.short } : {}),
          ...(k.all ? { categories: ['all'] } : {}),
          ...(subresources(k).length
            ? {
                subresources: subresources(k).map((s) => ({
                  subresource: s.name,
                  responseKind: { group: s.group, version: s.version, kind: s.kind },
                  verbs: s.verbs,
                })),
              }
            : {}),
        })),
      })),
  };
}

/** GET /api or /apis with the aggregated Accept: every group of that half in one document. */
export function aggregatedDiscovery(core: boolean): object {
  const groups = [...new Set(groupVersions().map((gv) => gv.group))].filter((g) => (g === '') === core);
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items: groups.map(aggregatedGroup) };
}

/** GET /api (legacy). */
export const apiVersions = (address: string): object => ({
  kind: 'APIVersions',
  versions: ['v1'],
  serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: address }],
});

/** GET /apis (legacy): the named groups only (kubectl adds the core group itself). */
export function apiGroupList(): object {
  const groups = [...new Set(groupVersions().map((gv) => gv.group))].filter(Boolean);
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups.map((name) => {
      const versions = groupVersions()
        .filter((gv) => gv.group === name)
        .map((gv) => ({ groupVersion: `${name}/${gv.version}`, version: gv.version }));
      return { name, versions, preferredVersion: versions[0] };
    }),
  };
}

/** GET /apis/{group} (legacy): one group. */
export function apiGroup(group: string): object | undefined {
  const g = (apiGroupList() as { groups: { name: string }[] }).groups.find((x) => x.name === group);
  return g && { kind: 'APIGroup', apiVersion: 'v1', ...g };
}

/** GET /api/v1 or /apis/{group}/{version} (legacy): the resources of one group-version. */
export function apiResourceList(group: string, version: string): object | undefined {
  const gv = groupVersions().find((x) => x.group === group && x.version === version);
  if (!gv) return undefined;
  const resources: object[] = [];
  for (const k of gv.kinds) {
    resources.push({
      name: k.plural,
      singularName: k.singular,
      namespaced: k.namespaced,
      kind: k.kind,
      verbs: verbsOf(k),
      ...(k.short.length ? { shortNames: k.short } : {}),
      ...(k.all ? { categories: ['all'] } : {}),
    });
    for (const s of subresources(k))
      resources.push({
        name: `${k.plural}/${s.name}`,
        singularName: '',
        namespaced: k.namespaced,
        ...(s.group !== k.group || s.version !== k.version ? { group: s.group, version: s.version } : {}),
        kind: s.kind,
        verbs: s.verbs,
      });
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}
