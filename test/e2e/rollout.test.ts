// Rolling updates, partitions, OnDelete, revisions, undo, and every way to change a set.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lines, podNames, Sts } from '../helpers.js';

/** image of each pod, in ordinal order */
const images = (sts: Sts) =>
  JSON.parse(sts.ok('get pods -o json')).items.map((p: { spec: { containers: { image: string }[] } }) => p.spec.containers[0].image);
const status = (sts: Sts) => JSON.parse(sts.ok('get sts web -o json')).status;
const OLD = 'registry.k8s.io/nginx-slim:0.21';
const NEW = 'registry.k8s.io/nginx-slim:0.24';

let sts: Sts;
beforeEach(() => {
  sts = new Sts();
  sts.ok('apply -f fixtures/web/web.yaml');
  sts.ok('scale sts web --replicas=3 --wait');
});
afterEach(() => sts.cleanup());

describe('RollingUpdate', () => {
  it('replaces web-2, then web-1, then web-0, each after the previous is Ready', () => {
    expect(sts.ok(`set image sts/web nginx=${NEW}`)).toBe('statefulset.apps/web image updated\n');
    expect(sts.ok('get pods --no-headers').split('\n')[2]).toMatch(/^web-2 +1\/1 +Terminating/);
    const seen: string[] = [];
    const terminating: string[] = [];
    for (let i = 0; i < 16; i++) {
      seen.push(
        images(sts)
          .map((x: string) => (x === NEW ? 'N' : 'o'))
          .join(''),
      );
      terminating.push(
        ...sts
          .ok('get pods --no-headers')
          .split('\n')
          .filter((l) => l.includes('Terminating'))
          .map((l) => l.split(' ')[0]),
      );
      sts.ok('clock advance 1s');
    }
    // a replaced pod is recreated the moment the old one is gone (2s), then takes 3s to be Ready
    expect(seen).toEqual(['ooo', 'ooo', 'ooN', 'ooN', 'ooN', 'ooN', 'ooN', 'oNN', 'oNN', 'oNN', 'oNN', 'oNN', 'NNN', 'NNN', 'NNN', 'NNN']);
    expect(terminating.filter((n, i, a) => n !== a[i - 1])).toEqual(['web-2', 'web-1', 'web-0']);
    expect(status(sts)).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3 });
    expect(status(sts).currentRevision).toBe(status(sts).updateRevision);
    expect(sts.ok(`set image sts/web nginx=${NEW}`)).toBe('');
  });

  it('rollout status prints each step and ends when complete', () => {
    sts.ok(`set image statefulset/web nginx=${NEW}`);
    expect(sts.ok('rollout status sts/web')).toBe(
      lines(
        'Waiting for partitioned roll out to finish: 0 out of 3 new pods have been updated...',
        'Waiting for 1 pods to be ready...',
        'Waiting for partitioned roll out to finish: 1 out of 3 new pods have been updated...',
        'Waiting for 1 pods to be ready...',
        'Waiting for partitioned roll out to finish: 2 out of 3 new pods have been updated...',
        'Waiting for 1 pods to be ready...',
        'partitioned roll out complete: 3 new pods have been updated...',
      ),
    );
    expect(sts.ok('rollout status sts/web --watch=false')).toBe('partitioned roll out complete: 3 new pods have been updated...\n');
  });

  it('partition 2 updates only web-2; lowering it continues the roll-out', () => {
    expect(sts.ok(['patch', 'sts', 'web', '-p', '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}}}'])).toBe(
      'statefulset.apps/web patched\n',
    );
    sts.ok(`set image sts/web nginx=${NEW}`);
    expect(sts.ok('rollout status sts/web')).toMatch(/partitioned roll out complete: 1 new pods have been updated\.\.\.\n$/);
    expect(images(sts)).toEqual([OLD, OLD, NEW]);
    expect(status(sts)).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 2, updatedReplicas: 1 });
    expect(status(sts).currentRevision).not.toBe(status(sts).updateRevision);
    // A deleted pod below the partition comes back on the old template.
    sts.ok('delete pod web-0');
    sts.ok('clock settle');
    expect(images(sts)).toEqual([OLD, OLD, NEW]);
    sts.ok(['patch', 'sts/web', '--type', 'merge', '-p', '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}']);
    sts.ok('rollout status sts/web');
    expect(images(sts)).toEqual([NEW, NEW, NEW]);
    expect(status(sts)).toMatchObject({ currentReplicas: 3, updatedReplicas: 3 });
  });

  it('an image that fails to pull stops the roll-out at the first replaced pod; undo alone does not recover it', () => {
    expect(sts.ok(['fault', 'image', 'nginx:bad*'])).toMatch(/^image fault "nginx:bad\*" set/);
    sts.ok('set image sts/web nginx=nginx:bad-1');
    const r = sts.run('rollout status sts/web --timeout=1m');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      lines('Waiting for partitioned roll out to finish: 0 out of 3 new pods have been updated...', 'Waiting for 1 pods to be ready...'),
    );
    expect(r.stderr).toBe('error: timed out waiting for the condition\n');
    expect(
      sts
        .ok('get pods --no-headers')
        .split('\n')
        .slice(0, 3)
        .map((l) => l.split(/ +/)[2]),
    ).toEqual(['Running', 'Running', 'ImagePullBackOff']);
    const d = sts.ok('describe pod web-2');
    expect(d).toMatch(/Warning {2}Failed +\S+ \(x\d over \S+\) +kubelet +Error: ErrImagePull\n/);
    expect(d).toContain('    State:          Waiting\n      Reason:       ImagePullBackOff\n');
    // The controller waits for web-2 to be Ready, even after the template is reverted (upstream's rule):
    const undo = sts.run('rollout undo sts/web');
    expect(undo.stdout).toBe('statefulset.apps/web rolled back\n');
    expect(undo.stderr).toBe(''); // kubectl 1.33 does not warn about last-applied-configuration (1.34 does)
    expect(sts.run('rollout status sts/web --timeout=2m').code).toBe(1);
    expect(images(sts)).toEqual([OLD, OLD, 'nginx:bad-1']);
    // Deleting the broken pod lets it come back from the reverted template.
    sts.ok('delete pod web-2');
    expect(sts.ok('rollout status sts/web')).toMatch(/partitioned roll out complete: 3 new pods have been updated\.\.\.\n$/);
    expect(images(sts)).toEqual([OLD, OLD, OLD]);
    expect(sts.ok('fault list')).toBe(lines('FAULT   TARGET       EFFECT', 'image   nginx:bad*   fails to pull'));
    expect(sts.ok('fault image --clear')).toBe('image fault "nginx:bad*" cleared\n');
    expect(sts.run('fault list').stderr).toBe('No faults.\n');
  });
});

describe('OnDelete', () => {
  it('rollout status without --timeout moves a manual clock an hour at most, then says the roll-out is stuck', () => {
    sts.ok(['fault', 'image', 'nginx:bad*']);
    sts.ok('set image sts/web nginx=nginx:bad-1');
    const before = Date.parse(sts.ok('clock').split('now:  ')[1].trim());
    const stuck = sts.run('rollout status sts/web');
    const after = sts.ok('clock').split('now:  ')[1].trim();
    expect(Date.parse(after) - before).toBe(3_600_000);
    expect(stuck).toEqual({
      stdout: lines('Waiting for partitioned roll out to finish: 0 out of 3 new pods have been updated...', 'Waiting for 1 pods to be ready...'),
      stderr: `error: the rollout has not finished after 1h0m0s of the cluster's time (now ${after}); see 'sts why sts/web' (or give --timeout)\n`,
      code: 1,
    });
  });
  it("the Basics page's patch without rollingUpdate: null is refused, the value printed as the API server prints it", () => {
    expect(sts.run(['patch', 'statefulset', 'web', '-p', '{"spec":{"updateStrategy":{"type":"OnDelete"}}}'])).toEqual({
      stdout: '',
      stderr:
        'The StatefulSet "web" is invalid: spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:0, MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy \'RollingUpdate\'\n',
      code: 1,
    });
  });

  it('replaces nothing until a pod is deleted; the new pod gets the update revision', () => {
    sts.ok(['patch', 'sts', 'web', '-p', '{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}']);
    sts.ok(`set image sts/web nginx=${NEW}`);
    sts.ok('clock advance 1m');
    expect(images(sts)).toEqual([OLD, OLD, OLD]);
    expect(status(sts)).toMatchObject({ currentReplicas: 3, updatedReplicas: 0 });
    sts.ok('delete pod web-1');
    sts.ok('clock settle');
    expect(images(sts)).toEqual([OLD, NEW, OLD]);
    expect(status(sts)).toMatchObject({ currentReplicas: 2, updatedReplicas: 1 });
    expect(sts.run('rollout status sts/web').stderr).toBe('error: rollout status is only available for RollingUpdate strategy type\n');
  });
});

describe('revisions, history and undo', () => {
  it('a revision per template; history; undo to a revision renumbers it', () => {
    sts.ok(`set image sts/web nginx=${NEW}`);
    sts.ok('rollout status sts/web');
    sts.ok('set image sts/web nginx=nginx:1.27');
    sts.ok('rollout status sts/web');
    expect(sts.ok('rollout history sts/web')).toBe(
      'statefulset.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n3         <none>\n\n',
    );
    expect(sts.ok('rollout history statefulset/web --revision=2')).toBe(
      [
        'statefulset.apps/web with revision #2',
        'Pod Template:',
        '  Labels:\tapp=nginx',
        '  Containers:',
        '   nginx:',
        `    Image:\t${NEW}`,
        '    Port:\t80/TCP',
        '    Host Port:\t0/TCP',
        '    Environment:\t<none>',
        '    Mounts:',
        '      /usr/share/nginx/html from www (rw)',
        '  Volumes:\t<none>',
        '  Node-Selectors:\t<none>',
        '  Tolerations:\t<none>',
        '',
        '',
      ].join('\n'),
    );
    expect(sts.ok('rollout undo sts/web --to-revision=1')).toBe('statefulset.apps/web rolled back\n');
    sts.ok('rollout status sts/web');
    expect(images(sts)).toEqual([OLD, OLD, OLD]);
    expect(sts.ok('rollout history sts/web')).toContain('REVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n4         <none>\n');
    const revs = sts.ok('get controllerrevisions --no-headers').trim().split('\n');
    expect(revs).toHaveLength(3);
    expect(sts.ok('rollout undo sts/web --to-revision=4')).toBe(
      'statefulset.apps/web skipped rollback (current template already matches revision 4)\n',
    );
    expect(sts.run('rollout undo sts/web --to-revision=9').stderr).toBe('error: unable to find specified revision 9 in history\n');
    expect(sts.run('rollout history sts/web --revision=9').stderr).toBe('error: unable to find the specified revision\n');
  });

  it('revisionHistoryLimit trims old revisions; undo with one revision has nowhere to go', () => {
    expect(sts.run('rollout undo sts/web').stderr).toBe('error: no last revision to roll back to\n');
    sts.ok(['patch', 'sts', 'web', '--type', 'merge', '-p', '{"spec":{"revisionHistoryLimit":1}}']);
    for (const tag of ['1.1', '1.2', '1.3', '1.4']) {
      sts.ok(`set image sts/web nginx=nginx:${tag}`);
      sts.ok('rollout status sts/web');
    }
    // live: the current and update revision (the same) plus 1 kept from history
    expect(sts.ok('get controllerrevisions --no-headers').trim().split('\n')).toHaveLength(2);
  });

  it('rollout restart makes a new revision and replaces every pod', () => {
    const before = status(sts).updateRevision;
    expect(sts.ok('rollout restart sts/web --wait')).toBe('statefulset.apps/web restarted\n');
    const tpl = JSON.parse(sts.ok('get sts web -o json')).spec.template;
    expect(tpl.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(status(sts).updateRevision).not.toBe(before);
    expect(status(sts)).toMatchObject({ updatedReplicas: 3, readyReplicas: 3 });
  });

  it('pause and resume are refused for StatefulSets, as kubectl does', () => {
    expect(sts.run('rollout pause sts/web')).toEqual({ stdout: '', stderr: 'error: statefulsets.apps "web" pausing is not supported\n', code: 1 });
    expect(sts.run('rollout resume sts/web').stderr).toBe('error: statefulsets.apps "web" resuming is not supported\n');
  });
});

describe('ways to change a set', () => {
  it('patch: strategic merges containers by name, merge replaces lists, json patches paths', () => {
    sts.ok(['patch', 'sts', 'web', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","env":[{"name":"A","value":"1"}]}]}}}}']);
    let c = JSON.parse(sts.ok('get sts web -o json')).spec.template.spec.containers;
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ name: 'nginx', image: OLD, env: [{ name: 'A', value: '1' }] });
    expect(c[0].volumeMounts).toEqual([{ mountPath: '/usr/share/nginx/html', name: 'www' }]);
    sts.ok(['patch', 'sts', 'web', '--type', 'json', '-p', `[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"${NEW}"}]`]);
    c = JSON.parse(sts.ok('get sts web -o json')).spec.template.spec.containers;
    expect(c[0].image).toBe(NEW);
    expect(sts.ok(['patch', 'sts', 'web', '-p', '{"spec":{"replicas":3}}'])).toBe('statefulset.apps/web patched (no change)\n');
    // the seed 004 habit: scale by patch
    expect(sts.ok(['patch', 'sts', 'web', '-p', '{"spec":{"replicas":2}}'])).toBe('statefulset.apps/web patched\n');
    sts.ok('clock settle');
    expect(podNames(sts)).toEqual(['pod/web-0', 'pod/web-1']);
  });

  it('refused changes: immutable fields, bad patches, unknown containers; nothing is written', () => {
    const before = readFileSync(sts.state, 'utf8');
    const forbidden =
      "The StatefulSet \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden\n";
    expect(sts.run(['patch', 'sts', 'web', '-p', '{"spec":{"serviceName":"x"}}']).stderr).toBe(forbidden);
    expect(sts.run(['patch', 'sts', 'web', '-p', '{"spec":{"podManagementPolicy":"Parallel"}}']).stderr).toBe(forbidden);
    expect(sts.run(['patch', 'sts', 'web', '-p', '{"spec":{"selector":{"matchLabels":{"app":"x"}}}}']).stderr).toMatch(
      /^The StatefulSet "web" is invalid: /,
    );
    expect(sts.run(['patch', 'sts', 'web', '-p', '{"spec":{"replicas":-1}}']).stderr).toBe(
      'The StatefulSet "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n',
    );
    expect(sts.run(['patch', 'sts', 'web', '-p', '{"spec":']).stderr).toMatch(/^error: unable to parse "\{"spec":": /);
    expect(sts.run(['patch', 'sts', 'web', '--type', 'weird', '-p', '{}']).stderr).toBe(
      'error: --type must be one of [json merge strategic], not "weird"\nSee \'sts patch -h\' for help and examples\n',
    );
    expect(sts.run('patch sts web').stderr).toMatch(/^error: must specify --patch or --patch-file containing the contents of the patch\n/);
    expect(sts.run('set image sts/web nope=nginx').stderr).toBe('error: unable to find container named "nope"\n');
    expect(sts.run(['patch', 'sts', 'web', '--type', 'json', '-p', '[{"op":"remove","path":"/spec/nothing"}]']).stderr).toBe(
      'Error from server (UnprocessableEntity): jsonpatch remove operation does not apply: doc is missing path: "/spec/nothing": missing value\n',
    );
    expect(readFileSync(sts.state, 'utf8')).toBe(before);
  });

  it('edit: saved changes apply; an invalid change is reopened, then cancelled and kept', () => {
    const editor = join(sts.dir, 'editor.sh');
    writeFileSync(editor, `#!/bin/sh\nsed -i 's/replicas: 3/replicas: 4/' "$1"\n`, { mode: 0o755 });
    const ok = spawnEdit(sts, editor);
    expect(ok.stdout).toBe('statefulset.apps/web edited\n');
    expect(JSON.parse(sts.ok('get sts web -o json')).spec.replicas).toBe(4);

    writeFileSync(editor, `#!/bin/sh\nsed -i 's/serviceName: nginx/serviceName: other/' "$1"\n`, { mode: 0o755 });
    const bad = spawnEdit(sts, editor);
    expect(bad.code).toBe(1);
    const [first, copy, last] = bad.stderr.trim().split('\n');
    expect(first).toBe('error: statefulsets.apps "web" is invalid');
    expect(copy).toMatch(/^A copy of your changes has been stored to "(.+\.yaml)"$/);
    expect(last).toBe('error: Edit cancelled, no valid changes were saved.');
    const kept = /"(.+)"/.exec(copy)![1];
    expect(existsSync(kept)).toBe(true);
    expect(readFileSync(kept, 'utf8')).toContain('# statefulsets.apps "web" was not valid:\n# * spec: Forbidden: updates to statefulset spec');
    expect(readFileSync(kept, 'utf8')).toContain('serviceName: other');

    writeFileSync(editor, '#!/bin/sh\ntrue\n', { mode: 0o755 });
    expect(spawnEdit(sts, editor)).toEqual({ stdout: '', stderr: 'Edit cancelled, no changes made.\n', code: 0 });
  });
});

function spawnEdit(s: Sts, editor: string) {
  const prev = process.env.EDITOR;
  process.env.EDITOR = editor;
  try {
    return s.run('edit sts web');
  } finally {
    if (prev === undefined) delete process.env.EDITOR;
    else process.env.EDITOR = prev;
  }
}

describe('MaxUnavailableStatefulSet', () => {
  it('off (the default): maxUnavailable is dropped; on: several pods are replaced at once', () => {
    const withMax = readFileSync('fixtures/web/web-parallel.yaml', 'utf8').replace(
      '  replicas: 3',
      '  replicas: 4\n  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: 2',
    );
    sts.ok('delete sts web');
    sts.ok('clock settle');
    sts.ok('apply -f -', withMax);
    expect(JSON.parse(sts.ok('get sts web -o json')).spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    sts.ok('delete sts web');
    sts.ok('clock settle');
    expect(sts.ok('cluster features MaxUnavailableStatefulSet=true')).toMatch(/MaxUnavailableStatefulSet +true/);
    sts.ok('apply -f -', withMax);
    expect(JSON.parse(sts.ok('get sts web -o json')).spec.updateStrategy.rollingUpdate).toEqual({ partition: 0, maxUnavailable: 2 });
    sts.ok('clock settle');
    sts.ok(`set image sts/web nginx=${NEW}`);
    expect(sts.ok('get pods --no-headers').match(/Terminating/g)).toHaveLength(2);
    sts.ok('rollout status sts/web');
    expect(images(sts)).toEqual([NEW, NEW, NEW, NEW]);
    expect(
      sts.run(['patch', 'sts', 'web', '--type', 'merge', '-p', '{"spec":{"updateStrategy":{"rollingUpdate":{"maxUnavailable":0}}}}']).stderr,
    ).toBe('The StatefulSet "web" is invalid: spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0\n');
  });
});
