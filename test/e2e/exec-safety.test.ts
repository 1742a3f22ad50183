// Nothing escapes exec (issue 13, findings 4, 5, 7 and exec's part of 11), through the real binary:
// links planted in a volume from outside, mount points, read-only mounts, the time budget that
// unlocks the cluster, nesting, patterns, quotas, and inputs that used to show JavaScript.
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, Sts, until } from '../helpers.js';

/** An nginx pod with a 64Ki claim on its document root, an emptyDir and a read-only emptyDir. */
const BOX = `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: box
spec:
  serviceName: box
  replicas: 1
  selector:
    matchLabels: {app: box}
  template:
    metadata:
      labels: {app: box}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        volumeMounts:
        - {name: www, mountPath: /usr/share/nginx/html}
        - {name: scratch, mountPath: /scratch}
        - {name: frozen, mountPath: /frozen, readOnly: true}
      volumes:
      - {name: scratch, emptyDir: {}}
      - {name: frozen, emptyDir: {}}
  volumeClaimTemplates:
  - metadata: {name: www}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 64Ki}}
`;
const HTML = '/usr/share/nginx/html';
const exit = (code: number) => `command terminated with exit code ${code}\n`;

let sts: Sts;
/** the claim's directory and the pod's own, on this machine */
let claim: string;
let pod: string;
/** a directory outside the cluster, with a secret in it */
let outside: string;

const sh = (script: string) => sts.run(['exec', 'box-0', '--', 'sh', '-c', script]);

beforeAll(() => {
  sts = new Sts();
  sts.ok('apply -f -', BOX);
  sts.ok('clock settle');
  sts.ok('exec box-0 -- true'); // the volume's directory is made when the pod first uses it
  const data = `${sts.state}.data`;
  claim = join(data, 'volumes', sts.ok(['get', 'pvc', 'www-box-0', '-o', 'jsonpath={.spec.volumeName}']));
  pod = join(data, 'pods', sts.ok(['get', 'pod', 'box-0', '-o', 'jsonpath={.metadata.uid}']));
  outside = mkdtempSync(join(tmpdir(), 'sts-outside-'));
  writeFileSync(join(outside, 'secret'), 'outside\n');
});
afterAll(() => {
  sts.cleanup();
  rmSync(outside, { recursive: true, force: true });
});

describe('links planted in a volume from outside (finding 4)', () => {
  beforeAll(() => {
    symlinkSync(join(outside, 'secret'), join(claim, 'link'));
    symlinkSync(join(outside, 'planted'), join(claim, 'dangle'));
    symlinkSync(outside, join(claim, 'dirlink'));
    symlinkSync('note', join(claim, 'inside'));
  });

  it('no way of writing goes through a link that leads out, existing or dangling; one inside the pod works', () => {
    const r = sh(
      [
        `cd ${HTML}`,
        'echo x > dangle',
        'echo x >> link',
        'touch dangle',
        'cp /etc/hostname dangle',
        'mkdir -p dangle/x',
        'touch dirlink/new',
        'wget -qO dangle localhost',
        'cat link dirlink/secret',
        'echo kept > inside',
        'cat note',
      ].join('; '),
    );
    expect(r.stdout).toBe('kept\n');
    expect(r.stderr).toBe(
      lines(
        `sh: 1: cannot create dangle: Permission denied`,
        `sh: 1: cannot create link: Permission denied`,
        "touch: cannot touch 'dangle': Permission denied",
        "cp: cannot create regular file 'dangle': Permission denied",
        "mkdir: cannot create directory 'dangle/x': Permission denied",
        "touch: cannot touch 'dirlink/new': Permission denied",
        "wget: can't open 'dangle': Permission denied",
        'cat: link: Permission denied',
        'cat: dirlink/secret: Permission denied',
      ),
    );
    expect(readdirSync(outside)).toEqual(['secret']);
    expect(readFileSync(join(outside, 'secret'), 'utf8')).toBe('outside\n');
    // the links themselves are there to see and remove
    expect(sts.ok(['exec', 'box-0', '--', 'ls', '-l', `${HTML}/dangle`])).toMatch(
      new RegExp(`^l.* ${HTML}/dangle -> ${join(outside, 'planted')}\n$`),
    );
  });

  it('nginx serves nothing through them, and no request path climbs out of its root', () => {
    const page = (status: string) =>
      `<html>\n<head><title>${status}</title></head>\n<body>\n<center><h1>${status}</h1></center>\n<hr><center>nginx/1.27</center>\n</body>\n</html>\n`;
    symlinkSync(join(outside, 'secret'), join(claim, 'index.html'));
    try {
      expect(sts.ok('exec box-0 -- curl -s localhost/')).toBe(page('403 Forbidden'));
    } finally {
      rmSync(join(claim, 'index.html'));
    }
    expect(sts.ok('exec box-0 -- curl -s localhost/link')).toBe(page('403 Forbidden'));
    expect(sts.ok('exec box-0 -- curl -s localhost/dirlink/secret')).toBe(page('403 Forbidden'));
    expect(sts.ok('exec box-0 -- curl -s localhost/%2e%2e/%2e%2e/%2e%2e/etc/hostname')).toBe(page('400 Bad Request'));
    expect(sts.ok('exec box-0 -- curl -s localhost/%zz')).toBe(page('400 Bad Request'));
  });

  it('cp neither reads nor writes through them: tar replaces a link it extracts over, and archives links as links', () => {
    const local = mkdtempSync(join(tmpdir(), 'sts-cp-'));
    try {
      writeFileSync(join(local, 'file'), 'local\n');
      expect(sts.run(['cp', join(local, 'file'), `box-0:${HTML}/dangle`])).toEqual({ stdout: '', stderr: '', code: 0 });
      expect(readdirSync(outside)).toEqual(['secret']);
      expect(sts.ok(['exec', 'box-0', '--', 'cat', `${HTML}/dangle`])).toBe('local\n');
      expect(sts.run(['cp', `box-0:${HTML}/link`, join(local, 'stolen')])).toMatchObject({ code: 0 });
      expect(readdirSync(local)).toEqual(['file']);
    } finally {
      rmSync(local, { recursive: true, force: true });
    }
  });
});

describe('mount points stay where they are (finding 5)', () => {
  beforeAll(() => {
    writeFileSync(join(claim, 'keep'), 'claim data\n');
    writeFileSync(join(pod, 'volumes', 'frozen', 'file'), 'frozen\n');
  });

  it('mv, rm and rmdir refuse a mount point or a tree that holds one; the data stays in the claim', () => {
    const r = sh(`mv ${HTML} /x; mv /usr /x; rm -rf ${HTML}; rm -rf /usr/share; rm -rf /; rmdir /scratch; mv /scratch /tmp/s; cat ${HTML}/keep`);
    expect(r.stdout).toBe('claim data\n');
    expect(r.stderr).toBe(
      lines(
        `mv: cannot move '${HTML}' to '/x': Device or resource busy`,
        "mv: cannot move '/usr' to '/x': Device or resource busy",
        `rm: cannot remove '${HTML}': Device or resource busy`,
        "rm: cannot remove '/usr/share': Device or resource busy",
        "rm: it is dangerous to operate recursively on '/'",
        'rm: use --no-preserve-root to override this failsafe',
        "rmdir: failed to remove '/scratch': Device or resource busy",
        "mv: cannot move '/scratch' to '/tmp/s': Device or resource busy",
      ),
    );
    expect(readFileSync(join(claim, 'keep'), 'utf8')).toBe('claim data\n');
    // copying onto a mount point's directory puts the file in it
    expect(sh(`cp /etc/hostname ${HTML} && cat ${HTML}/hostname`).stdout).toBe('box-0\n');
  });

  it('nothing is moved out of, removed from or written into a read-only mount', () => {
    expect(sh('mv /frozen/file /tmp/; rm /frozen/file; touch /frozen/x; echo x > /frozen/file; cat /frozen/file')).toEqual({
      stdout: 'frozen\n',
      stderr: lines(
        "mv: cannot move '/frozen/file' to '/tmp/file': Read-only file system",
        "rm: cannot remove '/frozen/file': Read-only file system",
        "touch: cannot touch '/frozen/x': Read-only file system",
        'sh: 1: cannot create /frozen/file: Read-only file system',
      ),
      code: 0,
    });
  });

  it('mv across volumes copies then removes, as mv does on EXDEV; within one it renames', () => {
    expect(sh(`mkdir -p /tmp/d/e && echo 1 > /tmp/d/e/x && mv /tmp/d ${HTML}/ && cat ${HTML}/d/e/x && ls /tmp`)).toMatchObject({
      stdout: '1\n',
      code: 0,
    });
    expect(readFileSync(join(claim, 'd', 'e', 'x'), 'utf8')).toBe('1\n');
    expect(sh(`mv ${HTML}/d/e/x /scratch/y && mv /scratch/y /scratch/z && cat /scratch/z && ls ${HTML}/d/e`)).toMatchObject({
      stdout: '1\n',
      code: 0,
    });
    expect(readdirSync(join(pod, 'volumes', 'scratch'))).toEqual(['z']);
  });
});

describe('limits while the cluster is locked (finding 7)', () => {
  it('a command past 4 s is stopped with exit 124, keeping its output, and the next command gets the lock', async () => {
    // ten levels of ten calls each: 10^10 shells, never deeper than eleven
    const levels = Array.from({ length: 10 }, (_, i) => `echo '${`sh < /l${i + 1}.sh; `.repeat(10)}' > /l${i}.sh`);
    expect(sh(`echo true > /l10.sh; ${levels.join('; ')}`).code).toBe(0);
    const start = Date.now();
    const slow = sts.spawn(['exec', 'box-0', '--', 'sh', '-c', 'echo started; sh < /l0.sh; echo never']);
    await until(() => sts.locked(), 'the exec to take the lock'); // then the next command waits
    const next = sts.spawn(['get', 'pods', '--no-headers']);
    const r = await slow;
    const elapsed = Date.now() - start;
    expect(r.stdout).toBe('started\n');
    expect(r.stderr).toBe(`sts: exec: time limit exceeded (4s): the command was stopped\n${exit(124)}`);
    expect(r.code).toBe(124);
    expect(elapsed).toBeGreaterThanOrEqual(4000);
    expect(elapsed).toBeLessThan(15000);
    expect((await next).stdout).toMatch(/^box-0 +1\/1 +Running/);
  });

  it('a script that runs itself, and 3,000 nested $( ), end with the recursion limit', () => {
    const limit = `sts: exec: recursion limit exceeded (100 nested shells or command substitutions)\n${exit(2)}`;
    expect(sh('echo "sh < /self.sh" > /self.sh; sh < /self.sh')).toEqual({ stdout: '', stderr: limit, code: 2 });
    expect(sh(`${'echo $('.repeat(3000)}echo deep${')'.repeat(3000)}`)).toEqual({ stdout: '', stderr: limit, code: 2 });
  });

  it('patterns that make a backtracking engine hang answer at once', () => {
    const start = Date.now();
    expect(sh(`echo ${'a'.repeat(60)}! | grep -E '^(a+)+$'; echo ${'a'.repeat(60)} | grep -cE '^(a|aa)+$'`)).toEqual({
      stdout: '1\n',
      stderr: '',
      code: 0,
    });
    expect(Date.now() - start).toBeLessThan(3000);
  });

  it("a claim holds no more than its size (64Ki): No space left on device, in each command's words", () => {
    const local = mkdtempSync(join(tmpdir(), 'sts-big-'));
    try {
      writeFileSync(join(local, 'big'), Buffer.alloc(100 * 1024, 'x'));
      expect(sts.run(['cp', join(local, 'big'), `box-0:${HTML}/big`])).toEqual({
        stdout: '',
        stderr: `tar: big: Cannot write: No space left on device\ntar: Exiting with failure status due to previous errors\n${exit(2)}`,
        code: 2,
      });
      expect(sts.run(['cp', join(local, 'big'), 'box-0:/tmp/big']).code).toBe(0);
      expect(sh(`cat /tmp/big > ${HTML}/big; cp /tmp/big ${HTML}/big2`)).toMatchObject({
        stderr: `sh: 1: cannot create ${HTML}/big: No space left on device\ncp: error writing '${HTML}/big2': No space left on device\n${exit(1)}`,
      });
    } finally {
      rmSync(local, { recursive: true, force: true });
    }
  });
});

describe('inputs that showed JavaScript or an internal error (finding 11, exec)', () => {
  it('variables named after Object.prototype are unset', () => {
    expect(sh('echo "[$__proto__][$constructor][${toString}][${valueOf}]"; printenv __proto__ || echo unset')).toEqual({
      stdout: '[][][][]\nunset\n',
      stderr: '',
      code: 0,
    });
  });

  it("grep: '(' is an ordinary character in a basic RE; an unmatched one in an extended RE is grep's error", () => {
    sh("echo 'f(x)' > /tmp/p");
    expect(sts.run(['exec', 'box-0', '--', 'grep', '(', '/tmp/p'])).toEqual({ stdout: 'f(x)\n', stderr: '', code: 0 });
    expect(sts.run(['exec', 'box-0', '--', 'grep', '-E', '(', '/tmp/p'])).toEqual({
      stdout: '',
      stderr: `grep: Unmatched ( or \\(\n${exit(2)}`,
      code: 2,
    });
  });
});
