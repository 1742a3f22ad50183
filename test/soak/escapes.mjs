// Figure 4, exec escapes: probes that try to leave a pod's roots — `..`, absolute host paths,
// symlinks planted from outside in the volume directory (to directories, files, other pods'
// volumes, the host's /etc, dangling, chained, relative), moving and removing mount points,
// writes to read-only mounts, `sts cp` both ways, the web server — each checked on the host: no
// file outside the pod's own directories changed (nor the claim's directory for read-only probes),
// no host secret appears in any output or copied file, every mount's directory is still there.
// The pod's directories are found by writing markers from inside, not from the file layout.
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { Lane, SetupError } from './lane.mjs';
import { changes, isUnder, snapshot } from './hostfs.mjs';
import { internalError, stackTrace } from './findings.mjs';

const ESC_YAML = `apiVersion: v1
kind: Service
metadata:
  name: esc
spec:
  clusterIP: None
  selector:
    app: esc
  ports:
  - port: 80
    name: web
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: esc-cm
data:
  k: v
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: esc
spec:
  serviceName: esc
  replicas: 2
  selector:
    matchLabels:
      app: esc
  template:
    metadata:
      labels:
        app: esc
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        volumeMounts:
        - name: data
          mountPath: /data
        - name: data
          mountPath: /ro
          readOnly: true
        - name: data
          mountPath: /usr/share/nginx/html
        - name: scratch
          mountPath: /scratch
        - name: cfg
          mountPath: /config
        - name: small
          mountPath: /small
      volumes:
      - name: scratch
        emptyDir: {}
      - name: cfg
        configMap:
          name: esc-cm
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
  - metadata:
      name: small
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Mi
`;

/** The probes. `sh`: a script run by `exec esc-0 -- sh -c`; `cp`: arguments of `sts cp`; `ro`:
 *  the claim's directory must not change either; `keep`: marker files that must survive. */
function probes(H) {
  const sh = (name, script, more = {}) => ({ name, sh: script, ...more });
  const out = H.outside;
  return [
    // reading through planted links and `..`
    sh('cat a link to a host file', 'cat /data/planted-file'),
    sh('cat through a link to a host directory', 'cat /data/planted-dir/secret'),
    sh('cat through a relative link', 'cat /data/planted-rel/secret'),
    sh('ls a linked host directory', 'ls -la /data/planted-dir/'),
    sh('cat through a chain of links', 'cat /data/chain1/secret'),
    sh("cat another pod's volume through a link", 'cat /data/other-pod/secret'),
    sh("cat the host's /etc through a link", 'cat /data/to-etc/passwd'),
    sh("cat the host's root through a link", 'cat /data/to-root/etc/passwd'),
    sh('cat /etc/passwd with ..', 'cat /../../../../../../etc/passwd; cat /data/../../../../../etc/passwd; cat //..//..//etc/passwd'),
    sh('cat a host path with ..', `cat ../../../../../../../../..${out}/secret; cd /data; cat ../../../../../../../..${out}/secret`),
    sh('cat an absolute host path', `cat ${out}/secret; ls ${out}`),
    sh('cd through a link, then read', 'cd /data/planted-dir && cat secret; cd /data; cd planted-rel; ls; pwd'),
    sh('grep -r over planted links', 'grep -r SOAK /data; grep -r SOAK /'),
    sh('cp a linked file into the pod', 'cp /data/planted-file /tmp/copied; cat /tmp/copied'),
    sh('cp -r a linked directory into the pod', 'cp -r /data/planted-dir /tmp/copied-dir; ls /tmp/copied-dir; cat /tmp/copied-dir/secret'),
    sh('head, tail, wc, sort a linked file', 'head /data/planted-file; tail /data/planted-file; wc /data/planted-file; sort /data/planted-file'),
    sh('read through links planted in the emptyDir and the root', 'cat /scratch/scratch-out/secret; cat /tmp/root-out/secret; cat /etc/passwd-link'),
    sh('read through the read-only view of the claim', 'cat /ro/planted-file; ls /ro/planted-dir'),
    sh('run a linked file as a script', 'sh < /data/planted-file; sh /data/planted-file'),
    sh(
      'test for host files',
      `test -e /data/planted-dir/secret && echo EXISTS-OUT; test -e ${out}/secret && echo EXISTS-OUT; [ -f /data/to-etc/passwd ] && echo EXISTS-OUT`,
    ),
    sh(
      'the web server: links and ..',
      'curl -s http://localhost/planted-file; curl -s http://localhost/planted-dir/secret; curl -s http://localhost/../../../../outside/secret; curl -s http://localhost/%2e%2e/%2e%2e/%2e%2e/etc/passwd; wget -qO- http://localhost/planted-rel/secret; curl -s http://localhost/to-etc/passwd',
    ),
    // writing through links
    sh('write through a dangling link', 'echo pwn > /data/dangling'),
    sh('append through a dangling link', 'echo pwn >> /data/dangling'),
    sh('touch a dangling link', 'touch /data/dangling'),
    sh('mkdir at a dangling link', 'mkdir /data/dangling-dir; mkdir -p /data/dangling-dir/sub'),
    sh('write through a relative dangling link', 'echo pwn > /data/dangling-rel'),
    sh('cp onto a dangling link', 'cp /etc/hostname /data/dangling'),
    sh('mv onto a dangling link', 'echo x > /tmp/f; mv /tmp/f /data/dangling'),
    sh('write into a linked directory', 'echo pwn > /data/planted-dir/new; mkdir /data/planted-dir/newdir; touch /data/planted-dir/t'),
    sh('overwrite a linked host file', 'echo pwn > /data/planted-file'),
    sh('rm a host file through a link', 'rm /data/planted-dir/secret; rm -f /data/planted-rel/secret'),
    sh('rm -r a link to a directory', 'rm -r /data/planted-dir'),
    sh('rm -rf a link with a trailing slash', 'rm -rf /data/planted-dir/; rm -rf /data/planted-rel/'),
    sh('rm -rf everything in the claim', 'rm -rf /data/*; rm -rf /data/.soak-data'),
    sh('rmdir through a link', 'rmdir /data/planted-dir/sub'),
    sh('mv a host file out through a link', 'mv /data/planted-dir/secret /tmp/stolen; cat /tmp/stolen'),
    sh('mv a link, then write through it', 'mv /data/planted-file /tmp/moved-link; echo pwn > /tmp/moved-link'),
    sh('cp -r into a linked directory', 'cp -r /tmp /data/planted-dir/'),
    sh("write into another pod's volume", 'echo pwn > /data/other-pod/pwn'),
    sh('write through a chain of links', 'echo pwn > /data/chain1/pwn'),
    sh('write into the host /tmp with ..', `echo pwn > /../../../../../..${H.hostTmp}; echo pwn > /data/to-root${H.hostTmp}`),
    sh('write to an absolute host path', `echo pwn > ${out}/pwn2; mkdir -p ${out}/made`),
    sh('write through links in the emptyDir and the root', 'echo pwn > /scratch/scratch-out/pwn; echo pwn > /tmp/root-out/pwn'),
    sh('cd into a link, then write', 'cd /data/planted-dir; echo pwn > here; touch there'),
    sh('write to a self-referencing link', 'echo pwn > /data/self-loop; cat /data/self-loop'),
    // mount points
    sh('mv the claim away', 'mv /data /x', { keep: ['pv'] }),
    sh('mv the claim into scratch space', 'mv /data /tmp/x', { keep: ['pv'] }),
    sh('mv the web root (the same claim)', 'mv /usr/share/nginx/html /tmp/html', { keep: ['pv'] }),
    sh('mv the emptyDir away', 'mv /scratch /y', { keep: ['scratch'] }),
    sh('rm -rf the claim', 'rm -rf /data', { keep: [] }),
    sh('rm -r the emptyDir', 'rm -r /scratch', { keep: [] }),
    sh('rmdir the claim', 'rmdir /data; rmdir /scratch', { keep: ['pv', 'scratch'] }),
    sh('cp a file over the claim', 'cp /etc/hostname /data; cp -r /etc /data', { keep: ['pv'] }),
    sh('mv a file over the claim', 'echo x > /tmp/f; mv /tmp/f /data; echo y > /tmp/g; mv /tmp/g /scratch', { keep: ['pv', 'scratch'] }),
    sh('mv the root', 'mv / /x; rm -rf /', { keep: ['pv', 'scratch'] }),
    // read-only mounts
    sh('write to a read-only mount', 'echo x > /ro/f', { ro: true }),
    sh('touch on a read-only mount', 'touch /ro/f', { ro: true }),
    sh('mkdir on a read-only mount', 'mkdir /ro/d; mkdir -p /ro/d/e', { ro: true }),
    sh('rm on a read-only mount', 'rm /ro/.soak-data; rm -rf /ro/*', { ro: true }),
    sh('mv out of a read-only mount', 'mv /ro/.soak-data /tmp/', { ro: true }),
    sh('cp onto a read-only mount', 'cp /etc/hostname /ro/; cp -r /etc /ro/etc', { ro: true }),
    sh('append on a read-only mount', 'echo x >> /ro/.soak-data', { ro: true }),
    sh('mv into a read-only mount', 'echo x > /tmp/f; mv /tmp/f /ro/f', { ro: true }),
    sh('rm -rf a read-only mount', 'rm -rf /ro', { ro: true }),
    sh('mv a read-only mount', 'mv /ro /z', { ro: true }),
    sh('cd into a read-only mount, then write', 'cd /ro; touch f; echo x > g', { ro: true }),
    sh('write to a configMap volume', 'echo x > /config/f; rm -rf /config; mv /config /c2', { ro: true, keep: ['config'] }),
    // a claim of 1Mi: writes past it end in ENOSPC, and its directory stays within it
    sh(
      'fill a small claim by doubling a file',
      'echo xxxxxxxxxxxxxxx > /small/g; ' +
        Array.from({ length: 20 }, (_, i) => (i % 2 ? 'cat /small/h /small/h > /small/g' : 'cat /small/g /small/g > /small/h')).join('; '),
      { quota: true },
    ),
    sh(
      'fill a small claim with many files',
      'echo xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx > /tmp/s; ' +
        Array.from({ length: 13 }, () => 'cat /tmp/s /tmp/s > /tmp/t; cat /tmp/t > /tmp/s').join('; ') +
        '; ' +
        Array.from({ length: 6 }, (_, i) => `cp /tmp/s /small/f${i}`).join('; '),
      { quota: true },
    ),
    // sts cp, both ways
    { name: 'cp a linked file out of the pod', cp: ['esc-0:/data/planted-file', join(H.work, 'cp1')] },
    { name: 'cp a linked directory out of the pod', cp: ['esc-0:/data/planted-dir', join(H.work, 'cp2')] },
    { name: 'cp the whole claim out of the pod', cp: ['esc-0:/data', join(H.work, 'cp3')] },
    { name: 'cp .. out of the pod', cp: ['esc-0:/data/../../../../..', join(H.work, 'cp4')] },
    { name: 'cp onto a dangling link in the pod', cp: [join(H.work, 'local.txt'), 'esc-0:/data/dangling'] },
    { name: 'cp into a linked directory in the pod', cp: [join(H.work, 'local.txt'), 'esc-0:/data/planted-dir/x'] },
    { name: 'cp a directory into a linked directory', cp: [join(H.work, 'localdir'), 'esc-0:/data/planted-dir'] },
    { name: 'cp onto a read-only mount', cp: [join(H.work, 'local.txt'), 'esc-0:/ro/f'], ro: true },
    { name: 'cp to a path with ..', cp: [join(H.work, 'local.txt'), `esc-0:/data/../../../../../..${H.outside}/cp-pwn`] },
  ];
}

/** Every probe, spread over JOBS clusters of their own (each set up the same way). */
export async function escapes({ root, findings, log = () => {}, seed = 1, jobs = 1 }) {
  const parts = await Promise.all(
    Array.from({ length: jobs }, (_, l) => escapeLane({ root, name: `escapes-${l}`, findings, log, seed, pick: (i) => i % jobs === l })),
  );
  const sum = (k) => parts.reduce((a, x) => a + x[k], 0);
  log(`escapes: ${sum('probes')} probes, ${sum('escapes')} escapes`);
  return { probes: sum('probes'), escapes: sum('escapes'), errors: sum('errors'), overQuota: sum('overQuota') };
}

async function escapeLane({ root, name, findings, log, seed, pick }) {
  const lane = new Lane(root, name);
  await lane.ok(['cluster', 'reset', '--clock', 'manual']);
  await lane.ok(['apply', '-f', '-'], { input: ESC_YAML });
  await lane.ok(['clock', 'settle']);

  // the pods' directories, found from inside
  await lane.ok([
    'exec',
    'esc-0',
    '--',
    'sh',
    '-c',
    'echo MARK > /.soak-root; echo MARK > /data/.soak-data; echo MARK > /scratch/.soak-scratch; echo MARK > /small/.soak-small',
  ]);
  await lane.ok(['exec', 'esc-1', '--', 'sh', '-c', 'echo MARK > /.soak-root-1; echo MARK > /data/.soak-data-1']);
  const found = {};
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.name.startsWith('.soak-')) found[e.name] = dirname(p);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(lane.stateDir);
  for (const m of ['.soak-root', '.soak-data', '.soak-scratch', '.soak-data-1', '.soak-root-1', '.soak-small'])
    if (!found[m]) throw new SetupError(`escapes: cannot find the directory behind the marker ${m} under ${lane.stateDir}`);
  const D = {
    root: found['.soak-root'],
    pv: found['.soak-data'],
    scratch: found['.soak-scratch'],
    otherPv: found['.soak-data-1'],
    small: found['.soak-small'],
  };
  // the pod's own directory (its root, emptyDirs, logs): the nearest directory holding both its root
  // and its emptyDir, unless that also holds the other pod's files
  const common = (a, b) => {
    let c = a;
    while (!isUnder(b, c)) c = dirname(c);
    return c;
  };
  const own = common(D.root, D.scratch);
  D.own = isUnder(D.otherPv, own) || isUnder(found['.soak-root-1'], own) ? undefined : own;
  // the configMap volume: the pod's own directory for it, if it has one (read-only from inside)
  const config = existsSync(join(dirname(D.scratch), 'cfg')) ? join(dirname(D.scratch), 'cfg') : undefined;

  const secret = `SOAK-SECRET-${seed}-${process.pid}`;
  const H = {
    outside: join(lane.dir, 'outside'),
    work: join(lane.dir, 'work'),
    hostTmp: join('/tmp', `sts-soak-escape-${process.pid}-${name}`),
  };
  mkdirSync(join(H.outside, 'sub'), { recursive: true });
  writeFileSync(join(H.outside, 'secret'), `${secret}\n`);
  writeFileSync(join(H.outside, `${secret}-NAME`), '');
  writeFileSync(join(D.otherPv, 'secret'), `${secret}\n`);
  mkdirSync(join(H.work, 'localdir'), { recursive: true });
  writeFileSync(join(H.work, 'local.txt'), 'local\n');
  writeFileSync(join(H.work, 'localdir', 'f'), 'local\n');
  const plant = (dir, name, target) => symlinkSync(target, join(dir, name));
  plant(D.pv, 'planted-dir', H.outside);
  plant(D.pv, 'planted-file', join(H.outside, 'secret'));
  plant(D.pv, 'planted-rel', relative(D.pv, H.outside));
  plant(D.pv, 'dangling', join(H.outside, 'new-file'));
  plant(D.pv, 'dangling-dir', join(H.outside, 'new-dir'));
  plant(D.pv, 'dangling-rel', relative(D.pv, join(H.outside, 'new-rel')));
  plant(D.pv, 'chain1', 'chain2');
  plant(D.pv, 'chain2', H.outside);
  plant(D.pv, 'other-pod', D.otherPv);
  plant(D.pv, 'to-root', '/');
  plant(D.pv, 'to-etc', '/etc');
  plant(D.pv, 'self-loop', 'self-loop');
  plant(D.scratch, 'scratch-out', H.outside);
  mkdirSync(join(D.root, 'tmp'), { recursive: true });
  plant(join(D.root, 'tmp'), 'root-out', H.outside);
  mkdirSync(join(D.root, 'etc'), { recursive: true });
  plant(join(D.root, 'etc'), 'passwd-link', '/etc/passwd');

  const pristine = join(root, `${name}-pristine`);
  cpSync(lane.dir, pristine, { recursive: true, verbatimSymlinks: true });
  const restore = () => {
    rmSync(lane.dir, { recursive: true, force: true });
    cpSync(pristine, lane.dir, { recursive: true, verbatimSymlinks: true });
  };
  const hostPasswd = existsSync('/etc/passwd') ? readFileSync('/etc/passwd', 'utf8').split('\n')[0] : undefined;
  const leaks = (text) => text.includes(secret) || text.includes('EXISTS-OUT') || (!!hostPasswd && text.includes(hostPasswd));
  // the cluster file and its lock sit beside the data directory; exec is not judged on them here
  const stateFile = (p) => {
    if (dirname(p) !== lane.stateDir) return false;
    try {
      return lstatSync(p).isFile();
    } catch {
      return false;
    }
  };

  // the harness proves it can see an escape before it reports none
  {
    const allowed = [D.root, D.scratch, D.pv, D.small, H.work, ...(D.own ? [D.own] : [])];
    const skip = (p) => allowed.some((a) => isUnder(p, a)) || stateFile(p);
    const before = snapshot(lane.dir, skip);
    writeFileSync(join(H.outside, 'selftest'), 'x');
    const after = snapshot(lane.dir, skip);
    const self = await lane.run(['exec', 'esc-0', '--', 'sh', '-c', `echo ${secret} > /data/own; cat /data/own`]);
    if (!changes(before, after, lane.dir).length || !leaks(self.stdout))
      throw new SetupError('escapes: the harness cannot see a planted change or a leaked secret');
    restore();
  }

  const all = probes(H).filter((_, i) => pick(i));
  let escaped = 0;
  let errors = 0;
  let overQuota = 0;
  const QUOTA = 2 ** 20;
  const bytesUnder = (d) => [...snapshot(d).values()].reduce((sum, sig) => sum + (Number(sig.split(' ')[1]) || 0), 0);
  for (const p of all) {
    restore();
    const allowed = [D.root, D.scratch, D.small, H.work, ...(D.own ? [D.own] : []), ...(p.ro ? [] : [D.pv])];
    const skip = (x) => allowed.some((a) => isUnder(x, a)) || stateFile(x);
    const before = snapshot(lane.dir, skip);
    const pvBefore = snapshot(D.pv);
    const argv = p.sh !== undefined ? ['exec', 'esc-0', '--', 'sh', '-c', p.sh] : ['cp', ...p.cp];
    const r = await lane.run(argv, { timeoutMs: 10_000 });
    if (process.env.SOAK_DEBUG) log(`probe ${p.name}: exit ${r.code} ${r.ms.toFixed(0)} ms\n${r.stdout}${r.stderr}`);
    const what = [];
    const text = `${r.stdout}${r.stderr}`;
    if (leaks(text)) what.push('printed what is outside the pod');
    const changed = changes(before, snapshot(lane.dir, skip), lane.dir);
    if (changed.length) what.push(`changed on the host: ${changed.slice(0, 5).join(', ')}`);
    if (p.ro) {
      const pvChanged = changes(pvBefore, snapshot(D.pv), lane.dir);
      if (pvChanged.length && !changed.length) what.push(`changed the claim through a read-only mount: ${pvChanged.slice(0, 5).join(', ')}`);
    }
    if (existsSync(H.hostTmp)) {
      what.push(`created ${H.hostTmp}`);
      rmSync(H.hostTmp, { recursive: true, force: true });
    }
    for (const k of p.keep ?? ['pv', 'scratch']) {
      const dir = k === 'pv' ? D.pv : k === 'scratch' ? D.scratch : config;
      if (!dir) continue;
      if (!existsSync(dir) || !lstatSync(dir).isDirectory()) what.push(`the ${k} mount's directory is gone (${relative(lane.dir, dir)})`);
      else if (k !== 'config' && p.keep && !existsSync(join(dir, k === 'pv' ? '.soak-data' : '.soak-scratch')))
        what.push(`the ${k} mount's data left its directory`);
    }
    // files that `sts cp` wrote here: no host secret, no link that leads out of the destination
    if (p.cp && existsSync(H.work)) {
      const w = (d) => {
        for (const e of readdirSync(d, { withFileTypes: true })) {
          const q = join(d, e.name);
          if (e.isSymbolicLink()) {
            let real;
            try {
              real = realpathSync(q);
            } catch {
              real = '(dangling)';
            }
            if (!isUnder(real, H.work)) what.push(`cp made a link out of its destination: ${relative(lane.dir, q)} -> ${real}`);
          } else if (e.isDirectory()) w(q);
          else if (e.isFile() && leaks(readFileSync(q, 'utf8'))) what.push(`cp copied a host secret into ${relative(lane.dir, q)}`);
        }
      };
      w(H.work);
    }
    if (p.quota) {
      const used = bytesUnder(D.small);
      if (used > QUOTA || !/No space left on device/.test(r.stderr)) {
        overQuota++;
        findings.add('escapes', 'quota', {
          command: argv,
          text: p.name,
          detail: `${p.name}: the 1Mi claim holds ${used} bytes afterwards${/No space left on device/.test(r.stderr) ? '' : ', and no "No space left on device"'}`,
        });
      }
    }
    if (stackTrace(r.stderr) || internalError(text) || r.timedOut) {
      errors++;
      findings.add('escapes', 'probe error', {
        command: argv,
        text: r.stderr,
        detail: `${p.name}: exit ${r.code}${r.timedOut ? ' (timed out)' : ''}: ${r.stderr.trim().slice(0, 300)}`,
      });
    }
    if (what.length) {
      escaped++;
      findings.add('escapes', 'escape', { command: argv, text: `${p.name}`, detail: `${p.name}: ${what.join('; ')}` });
    }
  }
  restore();
  return { probes: all.length, escapes: escaped, errors, overQuota };
}
