// Services as a 1.33 API server stores them (SetDefaults_Service, the REST storage's initIPFamilyFields),
// kubectl's describeService / formatEndpointSlices / describeEndpointSliceV1, and the EndpointSlice row.
import { describe, expect, it } from 'vitest';
import { applyDefaults, defaultServiceIPFamilies, keepServiceAllocations } from '../../src/api/defaults.js';
import type { Json, KObject } from '../../src/api/types.js';
import { columnsFor } from '../../src/print/columns.js';
import { describeEndpointSlice, describeService, formatEndpointSlices } from '../../src/print/describe-service.js';

const service = (spec: Json, name = 's'): KObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec });
/** The decoding's defaults, then the storage's IP families (the cluster IP is the caller's to allocate). */
const created = (spec: Json): Json => {
  const o = service(spec);
  applyDefaults(o);
  defaultServiceIPFamilies(o.spec);
  return o.spec;
};

describe('SetDefaults_Service', () => {
  it('a ClusterIP service: type, session affinity, port protocol and target port, internal traffic policy', () => {
    expect(created({ selector: { app: 'a' }, ports: [{ port: 80 }] })).toEqual({
      selector: { app: 'a' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      sessionAffinity: 'None',
      type: 'ClusterIP',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
  });

  it('a target port of 0 or "" is the port; a named one stays', () => {
    const spec = created({
      ports: [
        { port: 80, targetPort: 0 },
        { port: 81, targetPort: '' },
        { port: 82, targetPort: 'http' },
      ],
      clusterIP: '10.96.0.5',
    });
    expect(spec.ports.map((p: Json) => p.targetPort)).toEqual([80, 81, 'http']);
  });

  it('ClientIP affinity gets the 10800s timeout; None drops a config', () => {
    expect(created({ sessionAffinity: 'ClientIP', clusterIP: '10.96.0.5' }).sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
    expect(created({ sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } }, clusterIP: '10.96.0.5' }).sessionAffinityConfig).toBeUndefined();
  });

  it('externally accessible (NodePort, LoadBalancer, external IPs): externalTrafficPolicy Cluster; LoadBalancer allocates node ports', () => {
    expect(created({ type: 'NodePort', clusterIP: '10.96.0.5' }).externalTrafficPolicy).toBe('Cluster');
    expect(created({ externalIPs: ['192.0.2.1'], clusterIP: '10.96.0.5' }).externalTrafficPolicy).toBe('Cluster');
    expect(created({ clusterIP: '10.96.0.5' }).externalTrafficPolicy).toBeUndefined();
    const lb = created({ type: 'LoadBalancer', clusterIP: '10.96.0.5' });
    expect([lb.externalTrafficPolicy, lb.internalTrafficPolicy, lb.allocateLoadBalancerNodePorts]).toEqual(['Cluster', 'Cluster', true]);
  });
});

describe('initIPFamilyFields on a single-stack IPv4 cluster', () => {
  it('a given cluster IP fills clusterIPs; its family is IPv4', () => {
    const spec = created({ clusterIP: '10.96.0.7', selector: { app: 'a' } });
    expect([spec.clusterIPs, spec.ipFamilies, spec.ipFamilyPolicy]).toEqual([['10.96.0.7'], ['IPv4'], 'SingleStack']);
  });

  it('headless with a selector: clusterIPs [None], SingleStack, IPv4', () => {
    const spec = created({ clusterIP: 'None', selector: { app: 'nginx' } });
    expect([spec.clusterIPs, spec.ipFamilies, spec.ipFamilyPolicy]).toEqual([['None'], ['IPv4'], 'SingleStack']);
  });

  it('headless without a selector: RequireDualStack and both families (the one exception single-stack clusters allow)', () => {
    const spec = created({ clusterIP: 'None' });
    expect([spec.clusterIPs, spec.ipFamilies, spec.ipFamilyPolicy]).toEqual([['None'], ['IPv4', 'IPv6'], 'RequireDualStack']);
    expect(created({ clusterIP: 'None', ipFamilyPolicy: 'SingleStack' }).ipFamilies).toEqual(['IPv4']);
  });

  it('ExternalName: no policy, families, cluster IPs or internal traffic policy', () => {
    expect(created({ type: 'ExternalName', externalName: 'example.com' })).toEqual({
      type: 'ExternalName',
      externalName: 'example.com',
      sessionAffinity: 'None',
    });
  });

  it('an update that leaves them out keeps the cluster IPs and the policy (patchAllocatedValues)', () => {
    const current = created({ clusterIP: '10.96.0.7', selector: { app: 'a' } });
    const desired = service({ selector: { app: 'a' } });
    applyDefaults(desired);
    keepServiceAllocations(current, desired.spec);
    expect(desired.spec).toEqual(current);
  });
});

const slice = (endpoints: Json[] | null, ports?: Json[]): KObject => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: 'nginx-abcde', namespace: 'default', labels: { 'kubernetes.io/service-name': 'nginx' } },
  addressType: 'IPv4',
  endpoints,
  ...(ports ? { ports } : {}),
});
const endpoint = (ip: string, ready = true, pod = `p-${ip.split('.').pop()}`): Json => ({
  addresses: [ip],
  conditions: { ready, serving: ready, terminating: false },
  nodeName: 'node-1',
  targetRef: { kind: 'Pod', name: pod, namespace: 'default' },
});

describe('formatEndpointSlices', () => {
  it('no slices: <none>; a placeholder (no ports): empty', () => {
    expect(formatEndpointSlices([], 'web')).toBe('<none>');
    expect(formatEndpointSlices([slice(null)], 'web')).toBe('');
  });

  it('the ready endpoints of the port of that name, three and "+ N more..."', () => {
    const eps = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'].map((ip) => endpoint(ip));
    expect(formatEndpointSlices([slice(eps.slice(0, 2), [{ name: 'web', port: 80 }])], 'web')).toBe('10.0.0.1:80,10.0.0.2:80');
    expect(formatEndpointSlices([slice(eps, [{ name: 'web', port: 80 }])], 'web')).toBe('10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...');
    expect(formatEndpointSlices([slice([endpoint('10.0.0.1', false), eps[1]], [{ name: 'web', port: 80 }])], 'web')).toBe('10.0.0.2:80');
    expect(formatEndpointSlices([slice(eps, [{ name: 'other', port: 80 }])], 'web')).toBe('');
  });
});

describe('describeService', () => {
  it('prints what the object holds: no policy or internal traffic lines when unset, families and IPs <none>', () => {
    const svc = service(
      { clusterIP: 'None', ports: [{ name: 'web', port: 80, protocol: 'TCP', targetPort: 80 }], sessionAffinity: 'None', type: 'ClusterIP' },
      'nginx',
    );
    svc.metadata.labels = { app: 'nginx' };
    expect(describeService(svc, [], [], 0)).toBe(
      [
        'Name:              nginx',
        'Namespace:         default',
        'Labels:            app=nginx',
        'Annotations:       <none>',
        'Selector:          <none>',
        'Type:              ClusterIP',
        'IP Families:       <none>',
        'IP:                None',
        'IPs:               <none>',
        'Port:              web  80/TCP',
        'TargetPort:        80/TCP',
        'Endpoints:         <none>',
        'Session Affinity:  None',
        'Events:            <none>',
        '',
      ].join('\n'),
    );
  });

  it('a defaulted headless service with two ready pods, as kubectl prints it from its EndpointSlice', () => {
    const svc = service({ clusterIP: 'None', selector: { app: 'nginx' }, ports: [{ name: 'web', port: 80 }] }, 'nginx');
    svc.metadata.labels = { app: 'nginx' };
    applyDefaults(svc);
    defaultServiceIPFamilies(svc.spec);
    expect(describeService(svc, [slice([endpoint('10.244.1.2'), endpoint('10.244.3.2')], [{ name: 'web', port: 80, protocol: 'TCP' }])], [], 0)).toBe(
      [
        'Name:                     nginx',
        'Namespace:                default',
        'Labels:                   app=nginx',
        'Annotations:              <none>',
        'Selector:                 app=nginx',
        'Type:                     ClusterIP',
        'IP Family Policy:         SingleStack',
        'IP Families:              IPv4',
        'IP:                       None',
        'IPs:                      None',
        'Port:                     web  80/TCP',
        'TargetPort:               80/TCP',
        'Endpoints:                10.244.1.2:80,10.244.3.2:80',
        'Session Affinity:         None',
        'Internal Traffic Policy:  Cluster',
        'Events:                   <none>',
        '',
      ].join('\n'),
    );
  });
});

describe('EndpointSlice', () => {
  it('describeEndpointSliceV1: ports table, each endpoint with its conditions, hostname, target, node and zone', () => {
    const s = slice([{ ...endpoint('10.244.1.2', true, 'web-0'), hostname: 'web-0' }], [{ name: 'web', port: 80, protocol: 'TCP' }]);
    expect(describeEndpointSlice(s, [], 0)).toBe(
      [
        'Name:         nginx-abcde',
        'Namespace:    default',
        'Labels:       kubernetes.io/service-name=nginx',
        'Annotations:  <none>',
        'AddressType:  IPv4',
        'Ports:',
        '  Name  Port  Protocol',
        '  ----  ----  --------',
        '  web   80    TCP',
        'Endpoints:',
        '  - Addresses:  10.244.1.2',
        '    Conditions:',
        '      Ready:    true',
        '    Hostname:   web-0',
        '    TargetRef:  Pod/web-0',
        '    NodeName:   node-1',
        '    Zone:       <unset>',
        'Events:         <none>',
        '',
      ].join('\n'),
    );
    expect(describeEndpointSlice(slice(null), [], 0)).toBe(
      [
        'Name:         nginx-abcde',
        'Namespace:    default',
        'Labels:       kubernetes.io/service-name=nginx',
        'Annotations:  <none>',
        'AddressType:  IPv4',
        'Ports: <unset>',
        'Endpoints: <none>',
        'Events:  <none>',
        '',
      ].join('\n'),
    );
  });

  it('printEndpointSlice: ports by number (name, else *), every address, three and "+ N more...", <unset> when none', () => {
    const row = (o: KObject) => columnsFor('EndpointSlice').row(o, 0).cells.slice(0, 4);
    expect(columnsFor('EndpointSlice').headers).toEqual(['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE']);
    expect(row(slice(null))).toEqual(['nginx-abcde', 'IPv4', '<unset>', '<unset>']);
    const eps = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'].map((ip) => endpoint(ip));
    const ports = [{ port: 80 }, { name: 'metrics' }, {}, { port: 9 }];
    expect(row(slice(eps, ports))).toEqual(['nginx-abcde', 'IPv4', '80,metrics,* + 1 more...', '10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...']);
  });
});
