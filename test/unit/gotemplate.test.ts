// Go's text/template as kubectl runs it: every case below was run through kubectl 1.33
// (`kubectl label --local -f pod.yaml zz=1 -o go-template-file=…`, offline) and its output recorded here.
import { describe, expect, it } from 'vitest';
import { goPrint, goTemplate, sprintf, TemplateError } from '../../src/print/gotemplate.js';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-0', labels: { app: 'nginx', tier: 'web', zz: '1' } },
  spec: {
    terminationGracePeriodSeconds: 10,
    nodeName: 'node-1',
    containers: [
      { name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.21', ports: [{ containerPort: 80, name: 'web' }] },
      { name: 'side', image: 'busybox:1.28', args: ['sleep', '3600'] },
    ],
  },
  data: { secret: 'aGVsbG8=' },
};

/** [template, kubectl's output] or [template, undefined, kubectl's error after its `error executing template "…": ` / `error parsing template …, `] */
const CASES: [string, string | undefined, string?][] = [
  ['{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}\n', 'registry.k8s.io/nginx-slim:0.21busybox:1.28\n'],
  ['{{.spec.nodeName}}\n', 'node-1\n'],
  ['{{.spec.terminationGracePeriodSeconds}}\n', '10\n'],
  ['{{.metadata.name}} {{.metadata.labels}}\n', 'web-0 map[app:nginx tier:web zz:1]\n'],
  ['{{range .spec.containers}}{{.name}}={{.image}}{{"\\n"}}{{end}}\n', 'nginx=registry.k8s.io/nginx-slim:0.21\nside=busybox:1.28\n\n'],
  ['{{len .spec.containers}}\n', '2\n'],
  ['{{index .metadata.labels "app"}}\n', 'nginx\n'],
  ['{{if eq .metadata.name "web-0"}}yes{{else}}no{{end}}\n', 'yes\n'],
  ['{{if eq .metadata.name "x"}}a{{else if eq .metadata.name "web-0"}}b{{else}}c{{end}}\n', 'b\n'],
  ['{{with .spec}}{{.nodeName}}{{end}}\n', 'node-1\n'],
  ['{{.spec.missing}}\n', '<no value>\n'],
  ['{{printf "%s-%d" .metadata.name 3}}\n', 'web-0-3\n'],
  [
    '{{.spec.containers}}\n',
    '[map[image:registry.k8s.io/nginx-slim:0.21 name:nginx ports:[map[containerPort:80 name:web]]] map[args:[sleep 3600] image:busybox:1.28 name:side]]\n',
  ],
  ['{{range $k, $v := .metadata.labels}}{{$k}}:{{$v}};{{end}}\n', 'app:nginx;tier:web;zz:1;\n'],
  ['{{- .metadata.name -}}   x\n', 'web-0x\n'],
  ['{{/* comment */}}c\n', 'c\n'],
  ['{{(index .spec.containers 1).args}}\n', '[sleep 3600]\n'],
  ['{{index .spec.containers 0 | printf "%v"}}\n', 'map[image:registry.k8s.io/nginx-slim:0.21 name:nginx ports:[map[containerPort:80 name:web]]]\n'],
  ['{{.data.secret | base64decode}}\n', 'hello\n'],
  ['{{exists . "spec" "nodeName"}} {{exists . "spec" "nope"}}\n', 'true false\n'],
  ['{{$n := .metadata.name}}{{$n}}\n', 'web-0\n'],
  ['{{range .spec.containers}}{{range .ports}}{{.containerPort}}{{end}}{{end}}\n', '80\n'],
  ['{{not .spec.missing}} {{and 1 0}} {{or 0 "x"}}\n', 'true 0 x\n'],
  ['{{len .metadata.name | printf "%03d"}}\n', '005\n'],
  ['{{range .nope}}x{{else}}empty{{end}}\n', 'empty\n'],
  [
    '{{.metadata.name.foo}}\n',
    undefined,
    'template: output:1:11: executing "output" at <.metadata.name.foo>: can\'t evaluate field foo in type interface {}',
  ],
  [
    '{{index .spec.containers 5}}\n',
    undefined,
    'template: output:1:2: executing "output" at <index .spec.containers 5>: error calling index: index out of range: 5',
  ],
  [
    '{{.spec.containers.name}}\n',
    undefined,
    'template: output:1:7: executing "output" at <.spec.containers.name>: can\'t evaluate field name in type interface {}',
  ],
  ['{{nofunc .x}}\n', undefined, 'template: output:1: function "nofunc" not defined'],
  ['{{.a\n', undefined, 'template: output:2: unclosed action started at output:1'],
];

describe('templates, as kubectl 1.33 printed them', () => {
  for (const [tpl, want, error] of CASES)
    it(JSON.stringify(tpl.trimEnd()), () => {
      if (want !== undefined) expect(goTemplate(tpl)(pod)).toBe(want);
      else {
        let got = '';
        try {
          goTemplate(tpl)(pod);
        } catch (e) {
          expect(e).toBeInstanceOf(TemplateError);
          got = (e as Error).message;
        }
        expect(got).toBe(error);
      }
    });
});

describe("fmt's printing", () => {
  it('integers stay integers, floats as Go prints them', () =>
    expect([goPrint(3), goPrint(2.5), goPrint(1e21), goPrint(null)]).toEqual(['3', '2.5', '1e+21', '<nil>']));
  it('maps sorted by key, slices with spaces', () => expect(goPrint({ b: [1, 'x'], a: true })).toBe('map[a:true b:[1 x]]'));
  it('printf verbs and widths', () => expect(sprintf('%s|%5d|%-4s|%q|%%|%v', ['a', 42, 'b', 'c', [1]])).toBe('a|   42|b   |"c"|%|[1]'));
  it('missing and extra arguments', () =>
    expect([sprintf('%s %s', ['a']), sprintf('%s', ['a', 'b'])]).toEqual(['a %!s(MISSING)', 'a%!(EXTRA string=b)']));
});
