// `sts tour`: the lessons run end to end with --yes on their scratch cluster (a temp dir on a manual clock,
// removed after), whole outputs compared; steps meant to fail do fail; the user's own cluster file is
// untouched unless --state names it; Enter, q and the end of input between steps.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LESSONS } from '../../src/cli/tour-lessons-rollout.js';
import { BIN, lines, ROOT, Running, Sts, until } from '../helpers.js';

/** A lesson's transcript cut at its commands: the output and explanation of each step, by command. */
function steps(transcript: string): string[] {
  return transcript.split(/^\$ /m).slice(1);
}

describe('sts tour', () => {
  let sts: Sts;
  beforeAll(() => {
    sts = new Sts('manual');
    sts.ok(['create', 'configmap', 'mine', '--from-literal=a=b']);
  });
  afterAll(() => sts.cleanup());

  it('--list lists the lessons', () => {
    expect(sts.run('tour --list')).toEqual({
      stdout: lines(
        'Lessons (sts tour NAME):',
        '  basics           Ordered creation, stable names, claims that outlive pods',
        '  scaling          Scaling up and down: OrderedReady and Parallel',
        '  rolling-update   Rolling updates, and staging them with a partition',
        '  ondelete         OnDelete: you choose when each pod is updated',
        '  failed-rollout   A failed roll-out and its recovery',
        '  drain            Draining nodes under a PodDisruptionBudget',
      ),
      stderr: '',
      code: 0,
    });
  });

  it('basics --yes: the whole lesson, the same in every run', () => {
    const r = sts.run('tour basics --yes');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      lines(
        'Lesson 1 of 6: basics - Ordered creation, stable names, claims that outlive pods',
        '',
        'How a StatefulSet creates its pods, names them, gives each its own volume, and',
        'keeps that volume when the pod goes: the walk-through of the article sts grew',
        'from, on the manifest of the Kubernetes tutorial StatefulSet Basics.',
        '',
        'On a scratch cluster with a manual clock, removed at the end. Commands show sts',
        'where you would type kubectl.',
        '',
        '$ sts apply -f https://k8s.io/examples/application/web/web.yaml',
        'service/nginx created',
        'statefulset.apps/web created',
        '',
        '# The manifest holds a headless Service nginx (clusterIP: None) and a',
        '# StatefulSet web with 2 replicas and a volumeClaimTemplate www. Like kubectl,',
        '# sts returns at once; the controllers do the rest as time passes.',
        '',
        '$ sts get pods',
        'NAME    READY   STATUS    RESTARTS   AGE',
        'web-0   0/1     Pending   0          0s',
        '',
        '# Only web-0 exists. OrderedReady (the default podManagementPolicy): the',
        '# controller creates pods one at a time in ordinal order, web-1 only once web-0',
        '# is Running and Ready. web-0 is Pending until its claim www-web-0 is bound to a',
        '# volume.',
        '',
        '$ sts clock advance 4s',
        'clock advanced 4s: now 2025-06-02T09:00:04Z',
        '',
        '# The simulated cluster has its own clock; on the tour it is a manual one, so',
        '# time passes only when told and every run shows the same. In these 4 seconds',
        '# the claim was bound (1s), web-0 was scheduled (1s) and its container started',
        '# (2s).',
        '',
        '$ sts get pods',
        'NAME    READY   STATUS    RESTARTS   AGE',
        'web-0   1/1     Running   0          4s',
        'web-1   0/1     Pending   0          0s',
        '',
        '# web-0 is Running and Ready, so the controller has created web-1. Each pod is',
        '# named after its set and its ordinal (web-0, web-1, ...) and keeps that name',
        '# for life.',
        '',
        '$ sts clock advance 4s',
        'clock advanced 4s: now 2025-06-02T09:00:08Z',
        '',
        '# web-1 goes through the same stages: its claim, a node, its container.',
        '',
        '$ sts get pods -o wide',
        'NAME    READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES',
        'web-0   1/1     Running   0          8s    10.244.1.2   node-1   <none>           <none>',
        'web-1   1/1     Running   0          4s    10.244.3.2   node-3   <none>           <none>',
        '',
        '# Both pods are Running, each on a node the scheduler chose, each with its own',
        '# IP. The IP changes when a pod is created again; the name does not.',
        '',
        '$ sts get pvc',
        'NAME        STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE',
        'www-web-0   Bound    pvc-c0fc910c-3b60-4e43-aac6-b1817ee1aa1d   1Gi        RWO            standard       <unset>                 8s',
        'www-web-1   Bound    pvc-838d502c-9807-4a5a-a43d-1bcf5ee2d7fc   1Gi        RWO            standard       <unset>                 4s',
        '',
        '# volumeClaimTemplates: for each ordinal the controller creates a claim named',
        '# TEMPLATE-SET-ORDINAL (www-web-0, www-web-1) before the pod that mounts it. The',
        '# default StorageClass standard provisioned a volume for each.',
        '',
        '$ sts exec web-0 -- hostname',
        'web-0',
        '',
        "# Stable network identity: a StatefulSet pod's hostname is its name.",
        '',
        '$ sts exec web-1 -- nslookup web-0.nginx',
        'Server:\t\t10.96.0.10',
        'Address:\t10.96.0.10#53',
        '',
        'Name:\tweb-0.nginx.default.svc.cluster.local',
        'Address: 10.244.1.2',
        '',
        '',
        '# The headless Service nginx gives every pod a DNS name,',
        "# POD.SERVICE.NAMESPACE.svc.cluster.local, that resolves to the pod's current",
        '# IP. Peers find web-0 by name, whichever node it runs on.',
        '',
        '$ sts exec web-1 -- sh -c \'echo "hello from web-1" > /usr/share/nginx/html/index.html\'',
        '',
        '# exec runs a command in the pod; this one prints nothing. /usr/share/nginx/html',
        "# is where web-1's claim www-web-1 is mounted, so the page is written to web-1's",
        '# volume, not to its container.',
        '',
        '$ sts exec web-0 -- curl -s http://web-1.nginx',
        'hello from web-1',
        '',
        "# web-0 asks web-1's nginx by its DNS name and gets the page web-1 serves from",
        '# its volume.',
        '',
        '$ sts delete pod web-1',
        'pod "web-1" deleted',
        '',
        '# Deleting a pod only marks it: it is Terminating for its grace period (2',
        '# seconds in the simulation) while its container stops. The StatefulSet still',
        '# wants 2 replicas.',
        '',
        '$ sts clock advance 6s',
        'clock advanced 6s: now 2025-06-02T09:00:14Z',
        '',
        '# 2 seconds for web-1 to terminate, 4 for its replacement to be scheduled and',
        '# started.',
        '',
        '$ sts get pods',
        'NAME    READY   STATUS    RESTARTS   AGE',
        'web-0   1/1     Running   0          14s',
        'web-1   1/1     Running   0          4s',
        '',
        '# web-1 is back, 4 seconds old, with the same name: the controller found ordinal',
        '# 1 missing and created it again from the template. A StatefulSet replaces a pod',
        '# with one of the same identity, never with a new random name.',
        '',
        '$ sts get pvc',
        'NAME        STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE',
        'www-web-0   Bound    pvc-c0fc910c-3b60-4e43-aac6-b1817ee1aa1d   1Gi        RWO            standard       <unset>                 14s',
        'www-web-1   Bound    pvc-838d502c-9807-4a5a-a43d-1bcf5ee2d7fc   1Gi        RWO            standard       <unset>                 10s',
        '',
        '# The claims are older than the new web-1, and www-web-1 is bound to the same',
        '# volume as before: the new pod mounted the claim of its ordinal. Claims made',
        '# from volumeClaimTemplates outlive their pods.',
        '',
        '$ sts exec web-1 -- cat /usr/share/nginx/html/index.html',
        'hello from web-1',
        '',
        "# The page survived the pod: it was on the claim's volume, and the claim follows",
        '# the name.',
        '',
        '$ sts delete statefulset web',
        'statefulset.apps "web" deleted',
        '',
        '# Deleting the StatefulSet deletes its pods (they terminate in the background,',
        "# as kubectl's default cascade does).",
        '',
        '$ sts get pvc',
        'NAME        STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE',
        'www-web-0   Bound    pvc-c0fc910c-3b60-4e43-aac6-b1817ee1aa1d   1Gi        RWO            standard       <unset>                 14s',
        'www-web-1   Bound    pvc-838d502c-9807-4a5a-a43d-1bcf5ee2d7fc   1Gi        RWO            standard       <unset>                 10s',
        '',
        '# The claims are still here: persistentVolumeClaimRetentionPolicy whenDeleted is',
        '# Retain by default, so data is never deleted with the set. Creating web again',
        '# would give each new pod its old volume.',
        '',
        'What next (basics is done):',
        '  sts tour scaling   the next lesson: Scaling up and down: OrderedReady and Parallel',
        '  sts tour --list    every lesson',
        '  Outside the tour the same commands work on your own cluster',
        '  (~/.sts/cluster.json, made on first use), whose clock follows real time; `sts',
        '  clock advance` and `sts clock settle` still move it on.',
      ),
    );
  });

  for (const lesson of LESSONS)
    it(`${lesson.name} --yes runs to the end; the steps meant to fail fail, no other does`, () => {
      const r = sts.run(['tour', lesson.name, '--yes']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const shown = steps(r.stdout);
      expect(shown.map((s) => s.split('\n')[0])).toEqual(lesson.steps.map((s) => s.command.trim()));
      for (const [i, step] of lesson.steps.entries()) {
        const output = shown[i].split('\n').slice(1).join('\n');
        if (step.fails) expect(output, step.command).toMatch(/^error: /m);
        else expect(output, step.command).not.toMatch(/^error: /m);
      }
      expect(r.stdout).toContain(`What next (${lesson.name} is done):`);
    });

  it("leaves the user's cluster file alone, and removes its scratch cluster", () => {
    const before = readFileSync(sts.state, 'utf8');
    const tmp = mkdtempSync(join(tmpdir(), 'sts-tour-test-'));
    try {
      // the real binary, so its temp dir is this one
      const r = spawnSync(process.execPath, [BIN, 'tour', 'basics', '--yes'], { cwd: ROOT, env: { ...sts.env(), TMPDIR: tmp }, encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(sts.ok('tour basics --yes'));
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    expect(readFileSync(sts.state, 'utf8')).toBe(before);
    expect(sts.ok('get statefulsets,configmap -o name')).toBe(lines('configmap/kube-root-ca.crt', 'configmap/mine'));
  });

  it('removes its scratch cluster when killed between steps (SIGTERM, as a closed terminal sends SIGHUP)', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'sts-tour-test-'));
    try {
      const child = spawn(process.execPath, [BIN, 'tour', 'basics'], { cwd: ROOT, env: { ...sts.env(), TMPDIR: tmp } });
      const tour = new Running(child, sts.state); // its stdin stays open: it waits at the first step's prompt
      await tour.output((o) => o.includes('$ sts apply'));
      await until(() => readdirSync(tmp).length === 1, 'the scratch cluster');
      const r = await tour.stop('SIGTERM');
      expect(r.code).toBe(143);
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('--state FILE runs the lesson on that cluster', () => {
    const own = new Sts('manual');
    try {
      expect(own.run(['tour', 'basics', '--yes', '--state', own.state]).code).toBe(0);
      expect(own.ok('get pvc -o name')).toBe(lines('persistentvolumeclaim/www-web-0', 'persistentvolumeclaim/www-web-1'));
    } finally {
      own.cleanup();
    }
  });

  it('waits between steps: each line of input is an Enter, q quits; prompts go to stderr', () => {
    const r = sts.run('tour basics', '\n\nq\n');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      lines('[step 1 of 18] Enter goes on, q quits: ', '[step 2 of 18] Enter goes on, q quits: ', '[step 3 of 18] Enter goes on, q quits: '),
    );
    expect(steps(r.stdout).map((s) => s.split('\n')[0])).toEqual([
      'sts apply -f https://k8s.io/examples/application/web/web.yaml',
      'sts get pods',
      'sts clock advance 4s',
    ]);
    expect(r.stdout.endsWith('\nTour stopped. `sts tour basics` starts this lesson again; `sts tour --list` shows them all.\n')).toBe(true);
  });

  it('with no name: the list, then the lesson typed (or the first); at the end of input the rest runs through', () => {
    const r = sts.run('tour', 'ondelete\n');
    expect(r.code).toBe(0);
    // the input ends after the name: no more prompts once the end is seen
    expect(r.stderr).toMatch(/^Enter starts basics; or type a lesson's name; q quits: \n/);
    expect(r.stdout).toMatch(/^Lessons \(sts tour NAME\):\n(  .*\n){6}\nLesson 4 of 6: ondelete - /);
    expect(r.stdout).toContain('What next (ondelete is done):');
    expect(sts.run('tour', '').stdout).toContain('What next (basics is done):');
  });

  it('refuses an unknown lesson and extra arguments', () => {
    expect(sts.run('tour nope')).toEqual({
      stdout: '',
      stderr: lines(
        'error: there is no lesson "nope"; the lessons are basics, scaling, rolling-update, ondelete, failed-rollout, drain (sts tour --list)',
      ),
      code: 1,
    });
    expect(sts.run('tour basics scaling')).toEqual({
      stdout: '',
      stderr: lines('error: tour takes at most one lesson name', "See 'sts tour -h' for help and examples"),
      code: 1,
    });
  });
});
