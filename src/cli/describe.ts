// `sts describe`: fetch, then the kind's describer; a name that matches nothing exactly describes
// every object whose name starts with it, as kubectl does.
import { CliError } from '../api/errors.js';
import { kindInfo } from '../api/kinds.js';
import type { KObject } from '../api/types.js';
import { claimUsers } from '../controller/volumes.js';
import {
  describeClaim,
  describeConfigMap,
  describeGeneric,
  describePod,
  describeSecret,
  describeStatefulSet,
  describeStorageClass,
  describeVolume,
} from '../print/describe.js';
import { describePodDisruptionBudget } from '../print/describe-pdb.js';
import { describeEndpointSlice, describeService } from '../print/describe-service.js';
import type { Cluster } from '../store/cluster.js';
import { describeNode } from '../print/describe-node.js';
import { podObject } from '../apiserver/pod-object.js';
import { namespaceOf, withCluster, type GlobalOpts } from './context.js';
import { err, Failures, out } from './output.js';
import type { Verb } from './verb.js';
import { getObject, listObjects, parseLabelSelector, requestsFor } from './resources.js';

export interface DescribeOpts extends GlobalOpts {
  filename?: string[];
  recursive?: boolean;
  selector?: string;
  allNamespaces?: boolean;
}

const serviceSlices = (c: Cluster, svc: KObject) =>
  listObjects(c, kindInfo('EndpointSlice')!, svc.metadata.namespace, [{ key: 'kubernetes.io/service-name', op: 'in', values: [svc.metadata.name] }]);

function describeOne(c: Cluster, o: KObject): string {
  const evs = c.eventsFor(o.metadata.uid);
  switch (o.kind) {
    case 'Pod': {
      const node = o.spec?.nodeName ? c.get('Node', undefined, o.spec.nodeName) : undefined;
      const ip = node?.status?.addresses?.find((a: { type: string }) => a.type === 'InternalIP')?.address;
      return describePod(o, evs, ip, c.now);
    }
    case 'StatefulSet': {
      const pods = [...c.podsOf(o.metadata.namespace!, o.metadata.name).values()].map((p) => podObject(c, p));
      return describeStatefulSet(o, pods, evs, c.now);
    }
    case 'PersistentVolumeClaim':
      return describeClaim(o, claimUsers(c, o), evs, c.now);
    case 'PersistentVolume':
      return describeVolume(o, evs, c.now);
    case 'StorageClass':
      return describeStorageClass(o, evs, c.now);
    case 'Service':
      // kubectl lists the service's EndpointSlices by their kubernetes.io/service-name label
      return describeService(o, serviceSlices(c, o), evs, c.now);
    case 'EndpointSlice':
      return describeEndpointSlice(o, evs, c.now);
    case 'ConfigMap':
      return describeConfigMap(o, evs, c.now);
    case 'Secret':
      return describeSecret(o);
    case 'Node': {
      const name = o.metadata.name;
      const pods = c
        .pods()
        .filter((p) => p.node === name)
        .map((p) => podObject(c, p));
      // the kubelet renews its Lease while it runs; a down node's stopped when it went down
      const renew = c.file.faults.nodes?.[name] ?? c.now;
      return describeNode(o, pods, evs, { holder: name, renewTime: renew }, c.now);
    }
    case 'PodDisruptionBudget':
      return describePodDisruptionBudget(o, evs, c.now);
    default:
      return describeGeneric(o, evs, c.now);
  }
}

export const describeVerb: Verb = {
  honours: ['all-namespaces', 'filename', 'recursive', 'selector'],
  ignores: ['chunk-size'],
  run: ({ args, opts }) => describe(args, opts),
};

export async function describe(args: string[], opts: DescribeOpts): Promise<void> {
  if (!args.length && !opts.filename)
    throw new CliError(
      'You must specify the type of resource to describe. Use "sts api-resources" for a complete list of supported resources.',
      'describe',
    );
  const reqs = await requestsFor(args, opts);
  const selector = parseLabelSelector(opts.selector);
  const failures = new Failures();
  await withCluster(opts, (c) => {
    const ns = opts.allNamespaces ? undefined : namespaceOf(opts);
    // kubectl separates described objects by two blank lines; objects found by name prefix are
    // each followed by one.
    const texts: string[] = [];
    for (const r of reqs) {
      if (!r.names) {
        const objs = listObjects(c, r.info, ns, selector);
        if (!objs.length) err(ns === undefined || !r.info.namespaced ? 'No resources found' : `No resources found in ${ns} namespace.`);
        for (const o of objs) texts.push(describeOne(c, o));
        continue;
      }
      for (const name of r.names)
        failures.try(() => {
          try {
            texts.push(describeOne(c, getObject(c, r.info, r.ns ?? ns ?? namespaceOf(opts), name)));
          } catch (e) {
            const matches = listObjects(c, r.info, ns).filter((o) => o.metadata.name.startsWith(name));
            if (!matches.length) throw e;
            for (const o of matches) out(`${describeOne(c, o)}\n`);
          }
        });
    }
    out(texts.join('\n\n'));
  });
  failures.report();
}
