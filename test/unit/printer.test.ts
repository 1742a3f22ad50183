// printerFor, the one printer path (kubectl's PrintFlags.ToPrinter): each format over a few objects,
// whole texts compared; the write verbs' name printer with its operation, and kubectl's -o errors.
import { beforeAll, describe, expect, it } from 'vitest';
import type { KObject } from '../../src/api/types.js';
import { deletedRef, PrintError, preloadPrinters, printerFor } from '../../src/print/printer.js';

// the template printers load on demand, as get loads them for the outputs that need them
beforeAll(() => preloadPrinters({ output: 'jsonpath' }));

const CREATED = '2026-01-01T00:00:00Z';
const now = Date.parse(CREATED) + 90_000;
const meta = (name: string, namespace: string, labels?: Record<string, string>) => ({
  name,
  namespace,
  ...(labels && { labels }),
  uid: 'u',
  resourceVersion: '1',
  creationTimestamp: CREATED,
});
const configMap = (name: string, namespace: string, labels: Record<string, string>, data: Record<string, string>): KObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: meta(name, namespace, labels),
  data,
});
const web = configMap('web-config', 'default', { app: 'web' }, { a: '1', b: '2' });
const db = configMap('db-config', 'prod', { app: 'db', tier: 'back' }, { a: '1' });
const set: KObject = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: meta('web', 'default'),
  spec: { replicas: 2 },
  status: { replicas: 2, readyReplicas: 1 },
};

describe('get: tables', () => {
  it('one table per kind, ages at ctx.now', () => {
    expect(printerFor({}).print([web, db], { now })).toBe('NAME         DATA   AGE\nweb-config   2      90s\ndb-config    1      90s\n');
  });
  it('-A, -L (comma-separated keys) and --show-labels', () => {
    expect(printerFor({ allNamespaces: true, showLabels: true, labelColumns: ['app,tier'] }).print([web, db], { now })).toBe(
      'NAMESPACE   NAME         DATA   AGE   APP   TIER   LABELS\n' +
        'default     web-config   2      90s   web          app=web\n' +
        'prod        db-config    1      90s   db    back   app=db,tier=back\n',
    );
  });
  it('several kinds: kind/ prefixes, a blank line between tables, none under --no-headers', () => {
    expect(printerFor({}).print([web, set], { now })).toBe(
      'NAME                   DATA   AGE\nconfigmap/web-config   2      90s\n\nNAME                   READY   AGE\nstatefulset.apps/web   1/2     90s\n',
    );
    expect(printerFor({ noHeaders: true }).print([web, set], { now })).toBe('configmap/web-config   2     90s\nstatefulset.apps/web   1/2   90s\n');
  });
});

describe('get: other formats', () => {
  it('-o name, with --sort-by ordering the objects first', () => {
    expect(printerFor({ output: 'name', sortBy: '.metadata.name' }).print([web, db])).toBe('configmap/db-config\nconfigmap/web-config\n');
  });
  it('-o json of one named object; -o yaml of a List', () => {
    expect(printerFor({ output: 'json' }).print([set], { single: true })).toBe(
      '{\n    "apiVersion": "apps/v1",\n    "kind": "StatefulSet",\n    "metadata": {\n        "creationTimestamp": "2026-01-01T00:00:00Z",\n' +
        '        "name": "web",\n        "namespace": "default",\n        "resourceVersion": "1",\n        "uid": "u"\n    },\n' +
        '    "spec": {\n        "replicas": 2\n    },\n    "status": {\n        "readyReplicas": 1,\n        "replicas": 2\n    }\n}\n',
    );
    expect(printerFor({ output: 'yaml' }).print([db], { single: false })).toBe(
      'apiVersion: v1\nitems:\n- apiVersion: v1\n  data:\n    a: "1"\n  kind: ConfigMap\n  metadata:\n    creationTimestamp: "2026-01-01T00:00:00Z"\n' +
        '    labels:\n      app: db\n      tier: back\n    name: db-config\n    namespace: prod\n    resourceVersion: "1"\n    uid: u\n' +
        'kind: List\nmetadata:\n  resourceVersion: ""\n',
    );
  });
  it('-o jsonpath, and -o jsonpath-file through the CLI-given reader', () => {
    expect(printerFor({ output: 'jsonpath={.items[*].metadata.name}' }).print([web, db], { single: false })).toBe('web-config db-config');
    const readTemplate = (path: string) => `{.metadata.name} from ${path}`;
    expect(printerFor({ output: 'jsonpath-file=/t', readTemplate }).print([web], { single: true })).toBe('web-config from /t');
  });
  it('--template alone means -o go-template', () => {
    expect(printerFor({ template: '{{range .items}}{{.metadata.name}} {{end}}' }).print([web, db], { single: false })).toBe('web-config db-config ');
  });
  it("a Go template failing at run time: kubectl's debugging text for stdout, then the error", () => {
    const p = printerFor({ output: 'go-template={{index .x 1}}' });
    let e: unknown;
    try {
      p.print([set], { single: true });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(PrintError);
    const why = 'template: output:1:2: executing "output" at <index .x 1>: error calling index: index of untyped nil';
    expect((e as PrintError).message).toBe(`error: error executing template "{{index .x 1}}": ${why}`);
    expect((e as PrintError).stdout).toBe(
      `Error executing template: ${why}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{{index .x 1}}\n` +
        '\traw data was:\n\t\t{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"creationTimestamp":"2026-01-01T00:00:00Z","name":"web","namespace":"default","resourceVersion":"1","uid":"u"},"spec":{"replicas":2},"status":{"readyReplicas":1,"replicas":2}}\n' +
        '\tobject given to template engine was:\n\t\tmap[apiVersion:apps/v1 kind:StatefulSet metadata:map[creationTimestamp:2026-01-01T00:00:00Z name:web namespace:default resourceVersion:1 uid:u] spec:map[replicas:2] status:map[readyReplicas:1 replicas:2]]\n\n',
    );
  });
  it('-o custom-columns', () => {
    expect(printerFor({ output: 'custom-columns=NAME:.metadata.name,APP:.metadata.labels.app' }).print([web, db])).toBe(
      'NAME         APP\nweb-config   web\ndb-config    db\n',
    );
  });
});

describe('write verbs: the name printer with an operation', () => {
  it('kind/name operation, with the dry-run suffix', () => {
    expect(printerFor({ operation: 'scaled', dryRun: 'client' }).print([set])).toBe('statefulset.apps/web scaled (dry run)\n');
    expect(printerFor({ operation: 'labeled', dryRun: 'server' }).print([web, db])).toBe(
      'configmap/web-config labeled (server dry run)\nconfigmap/db-config labeled (server dry run)\n',
    );
    expect(printerFor({ operation: 'configured' }).print([web])).toBe('configmap/web-config configured\n');
  });
  it('-o name drops the operation; -o json prints each object alone', () => {
    expect(printerFor({ output: 'name', operation: 'scaled', dryRun: 'client' }).print([set])).toBe('statefulset.apps/web\n');
    expect(printerFor({ output: 'json', operation: 'created' }).print([web, web])).toBe(
      printerFor({ output: 'json' }).print([web], { single: true }).repeat(2),
    );
  });
  it("delete's own wording", () => {
    expect(
      printerFor({ deletion: true, operation: 'deleted', dryRun: 'client' }).print([deletedRef('Pod', 'web-0'), deletedRef('StatefulSet', 'web')]),
    ).toBe('pod "web-0" deleted (dry run)\nstatefulset.apps "web" deleted (dry run)\n');
    expect(printerFor({ deletion: true, output: 'name', operation: 'force deleted' }).print([deletedRef('Pod', 'web-0')])).toBe('pod/web-0\n');
  });
});

describe('get -w: the same table, widths remembered across events', () => {
  it('header with the initial list, then a row per event; widths only grow', () => {
    const w = printerFor({ watch: true, watchEvents: true });
    const longer = configMap('a-much-longer-config-name', 'default', {}, {});
    expect(
      w.print([web], { now, initial: true }) +
        w.print([longer], { now: now + 1000, eventType: 'MODIFIED' }) +
        w.print([web], { now: now + 2000, eventType: 'DELETED' }),
    ).toBe(
      'EVENT      NAME         DATA   AGE\nADDED      web-config   2      90s\nMODIFIED   a-much-longer-config-name   0      91s\nDELETED    web-config                  2      92s\n',
    );
  });
});

describe("invalid -o: kubectl's errors, thrown by printerFor", () => {
  const GET =
    'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';
  it.each([
    [{ output: 'foo' }, `error: unable to match a printer suitable for the output format "foo", allowed formats are: ${GET}`],
    [{ output: 'jsonpath' }, `error: unable to match a printer suitable for the output format "jsonpath", allowed formats are: ${GET}`],
    [
      { output: 'wide', operation: 'scaled' },
      'error: unable to match a printer suitable for the output format "wide", allowed formats are: json,name,yaml',
    ],
    [{ output: 'go-template' }, 'error: template format specified but no template given'],
    [{ output: 'go-template={{.x | nosuch}}' }, 'error: error parsing template {{.x | nosuch}}, template: output:1: function "nosuch" not defined'],
  ])('%o', (flags, message) => {
    expect(() => printerFor(flags)).toThrow(message);
  });
});
