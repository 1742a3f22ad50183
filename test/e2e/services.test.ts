// Services as a 1.33 API server stores them (the defaults, the IP families, the cluster IPs) and the
// EndpointSlices the endpointslice controller keeps for them: get, -o yaml, describe, api-resources.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, Sts, webCluster } from '../helpers.js';

/** What differs from run to run: uids, times, the slice's five characters, pod IPs and nodes. */
const stable = (s: string) =>
  s
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uid>')
    .replace(/"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"/g, '<time>')
    .replace(/nginx-[b-z2-9]{5}\b/g, 'nginx-xxxxx')
    .replace(/10\.244\.\d+\.\d+/g, '10.244.N.N')
    .replace(/node-\d\b/g, 'node-N');

const MORE = `apiVersion: v1
kind: Service
metadata:
  name: ext
spec:
  type: ExternalName
  externalName: example.com
---
apiVersion: v1
kind: Service
metadata:
  name: bare
spec:
  clusterIP: None
  ports:
  - port: 9000
`;

describe('services and their EndpointSlices', () => {
  let sts: Sts;
  beforeAll(() => {
    sts = webCluster();
  });
  afterAll(() => sts.cleanup());

  it('get svc nginx -o yaml: the headless service with what the server defaults', () => {
    expect(stable(sts.ok('get svc nginx -o yaml'))).toBe(
      lines(
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  annotations:',
        '    kubectl.kubernetes.io/last-applied-configuration: |',
        '      {"apiVersion":"v1","kind":"Service","metadata":{"labels":{"app":"nginx"},"name":"nginx","namespace":"default"},"spec":{"clusterIP":"None","ports":[{"name":"web","port":80}],"selector":{"app":"nginx"}}}',
        '  creationTimestamp: <time>',
        '  labels:',
        '    app: nginx',
        '  name: nginx',
        '  namespace: default',
        '  resourceVersion: "1"',
        '  uid: <uid>',
        'spec:',
        '  clusterIP: None',
        '  clusterIPs:',
        '  - None',
        '  internalTrafficPolicy: Cluster',
        '  ipFamilies:',
        '  - IPv4',
        '  ipFamilyPolicy: SingleStack',
        '  ports:',
        '  - name: web',
        '    port: 80',
        '    protocol: TCP',
        '    targetPort: 80',
        '  selector:',
        '    app: nginx',
        '  sessionAffinity: None',
        '  type: ClusterIP',
        'status:',
        '  loadBalancer: {}',
      ),
    );
  });

  it('describe svc nginx: every line from the object, the endpoints from its slice', () => {
    expect(stable(sts.ok('describe svc nginx'))).toBe(
      lines(
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
        'Endpoints:                10.244.N.N:80,10.244.N.N:80',
        'Session Affinity:         None',
        'Internal Traffic Policy:  Cluster',
        'Events:                   <none>',
      ),
    );
  });

  it('get endpointslices: the API server’s own for kubernetes, the controller’s for nginx', () => {
    expect(stable(sts.ok('get endpointslices'))).toBe(
      lines(
        'NAME          ADDRESSTYPE   PORTS   ENDPOINTS               AGE',
        'kubernetes    IPv4          6443    172.18.0.2              8s',
        'nginx-xxxxx   IPv4          80      10.244.N.N,10.244.N.N   8s',
      ),
    );
    const name = sts.ok(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=nginx', '-o', 'name']);
    expect(stable(name)).toBe('endpointslice.discovery.k8s.io/nginx-xxxxx\n');
    // derived from the service: the same name on every read
    expect(sts.ok(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=nginx', '-o', 'name'])).toBe(name);
  });

  it('get endpointslice -o yaml: labels, owner, endpoints with conditions, hostname, node and target; the ports', () => {
    const name = sts.ok(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=nginx', '-o', 'name']).trim();
    const endpoint = (pod: string) => [
      '- addresses:',
      '  - 10.244.N.N',
      '  conditions:',
      '    ready: true',
      '    serving: true',
      '    terminating: false',
      `  hostname: ${pod}`,
      '  nodeName: node-N',
      '  targetRef:',
      '    kind: Pod',
      `    name: ${pod}`,
      '    namespace: default',
      '    uid: <uid>',
    ];
    expect(stable(sts.ok(['get', name, '-o', 'yaml']))).toBe(
      lines(
        'addressType: IPv4',
        'apiVersion: discovery.k8s.io/v1',
        'endpoints:',
        ...endpoint('web-0'),
        ...endpoint('web-1'),
        'kind: EndpointSlice',
        'metadata:',
        '  creationTimestamp: <time>',
        '  generateName: nginx-',
        '  generation: 1',
        '  labels:',
        '    app: nginx',
        '    endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io',
        '    kubernetes.io/service-name: nginx',
        '    service.kubernetes.io/headless: ""',
        '  name: nginx-xxxxx',
        '  namespace: default',
        '  ownerReferences:',
        '  - apiVersion: v1',
        '    blockOwnerDeletion: true',
        '    controller: true',
        '    kind: Service',
        '    name: nginx',
        '    uid: <uid>',
        '  resourceVersion: "1"',
        '  uid: <uid>',
        'ports:',
        '- name: web',
        '  port: 80',
        '  protocol: TCP',
      ),
    );
  });

  it('describe endpointslice kubernetes', () => {
    expect(sts.ok('describe endpointslice kubernetes')).toBe(
      lines(
        'Name:         kubernetes',
        'Namespace:    default',
        'Labels:       kubernetes.io/service-name=kubernetes',
        'Annotations:  <none>',
        'AddressType:  IPv4',
        'Ports:',
        '  Name   Port  Protocol',
        '  ----   ----  --------',
        '  https  6443  TCP',
        'Endpoints:',
        '  - Addresses:  172.18.0.2',
        '    Conditions:',
        '      Ready:   true',
        '    Hostname:  <unset>',
        '    NodeName:  <unset>',
        '    Zone:      <unset>',
        'Events:        <none>',
      ),
    );
  });

  it('a deleted pod stays in the slice, terminating and not ready, until it is gone; describe svc shows the ready one', () => {
    const copy = webCluster();
    try {
      copy.ok('delete pod web-0 --wait=false');
      const conditions = copy.ok([
        'get',
        'endpointslices',
        '-l',
        'kubernetes.io/service-name=nginx',
        '-o',
        'jsonpath={.items[0].endpoints[*].conditions}',
      ]);
      expect(conditions).toBe('{"ready":false,"serving":true,"terminating":true} {"ready":true,"serving":true,"terminating":false}');
      expect(stable(copy.ok('describe svc nginx')).split('\n')[12]).toBe('Endpoints:                10.244.N.N:80');
    } finally {
      copy.cleanup();
    }
  });

  it('api-resources and api-versions list discovery.k8s.io/v1 EndpointSlice', () => {
    expect(sts.ok('api-resources --api-group=discovery.k8s.io')).toBe(
      lines(
        'NAME             SHORTNAMES   APIVERSION            NAMESPACED   KIND',
        'endpointslices                discovery.k8s.io/v1   true         EndpointSlice',
      ),
    );
  });

  it('ExternalName: no IP fields; headless without a selector: RequireDualStack, both families, no slice', () => {
    sts.ok(['apply', '-f', '-'], MORE);
    expect(sts.ok(['get', 'svc', 'ext', 'bare', '-o', 'jsonpath={range .items[*]}{.spec}{"\\n"}{end}'])).toBe(
      lines(
        '{"externalName":"example.com","sessionAffinity":"None","type":"ExternalName"}',
        '{"clusterIP":"None","clusterIPs":["None"],"internalTrafficPolicy":"Cluster","ipFamilies":["IPv4","IPv6"],"ipFamilyPolicy":"RequireDualStack","ports":[{"port":9000,"protocol":"TCP","targetPort":9000}],"sessionAffinity":"None","type":"ClusterIP"}',
      ),
    );
    expect(sts.ok('describe svc ext')).toBe(
      lines(
        'Name:              ext',
        'Namespace:         default',
        'Labels:            <none>',
        'Annotations:       <none>',
        'Selector:          <none>',
        'Type:              ExternalName',
        'IP Families:       <none>',
        'IP:                ',
        'IPs:               <none>',
        'External Name:     example.com',
        'Session Affinity:  None',
        'Events:            <none>',
      ),
    );
    expect(sts.ok(['get', 'endpointslices', '-l', 'kubernetes.io/service-name in (ext,bare)'])).toBe('');
  });

  it('a cluster IP asked for is checked and kept from the allocator', () => {
    const svc = (name: string, ip: string) =>
      `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec:\n  clusterIP: ${ip}\n  ports: [{port: 80}]\n`;
    expect(sts.run(['apply', '-f', '-'], svc('fixed', '10.96.0.13'))).toEqual({ stdout: 'service/fixed created\n', stderr: '', code: 0 });
    expect(sts.run(['apply', '-f', '-'], svc('again', '10.96.0.13'))).toEqual({
      stdout: '',
      stderr:
        'The Service "again" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.13"}: failed to allocate IP 10.96.0.13: provided IP is already allocated\n',
      code: 1,
    });
    expect(sts.run(['apply', '-f', '-'], svc('far', '1.2.3.4')).stderr).toBe(
      'The Service "far" is invalid: spec.clusterIPs: Invalid value: []string{"1.2.3.4"}: failed to allocate IP 1.2.3.4: the provided IP (1.2.3.4) is not in the valid range. The range of valid IPs is 10.96.0.0/12\n',
    );
    expect(sts.run(['apply', '-f', '-'], svc('bad', 'garbage')).stderr).toBe(
      'The Service "bad" is invalid: spec.clusterIPs[0]: Invalid value: "garbage": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)\n',
    );
    // the allocator goes on past the address taken
    const ips = () => sts.ok(['get', 'svc', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.spec.clusterIP} {end}']);
    for (const name of ['auto1', 'auto2', 'auto3']) sts.ok(['create', 'service', 'clusterip', name, '--tcp=80']);
    const taken = ips()
      .trim()
      .split(' ')
      .map((kv) => kv.split('=')[1])
      .filter((ip) => ip && ip !== 'None');
    expect(taken, ips()).toContain('10.96.0.13');
    expect(new Set(taken).size, ips()).toBe(taken.length);
  });
});
