// A container's view of files: its mounts (claims → their volume's directory, emptyDir → the
// pod's own directory) over a root of its own that goes with the pod. Container paths are
// normalized before they are mapped, and every host path is checked to stay inside its mount, so
// no `..` or symlink leads out.
import { existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';

export interface Mount {
  /** container path, normalized (`/data`) */
  path: string;
  host: string;
  readOnly: boolean;
  /** what `df` shows as its size, and where it comes from */
  size?: string;
  source: string;
}

export class FsError extends Error {
  constructor(readonly reason: 'ENOENT' | 'EROFS' | 'EACCES') {
    super(reason);
  }
}

export const REASON_TEXT: Record<FsError['reason'], string> = {
  ENOENT: 'No such file or directory',
  EROFS: 'Read-only file system',
  EACCES: 'Permission denied',
};

export class PodFs {
  /** longest container path first, so /usr/share/nginx/html wins over / */
  readonly mounts: Mount[];

  constructor(mounts: Mount[]) {
    this.mounts = [...mounts].sort((a, b) => b.path.length - a.path.length);
  }

  /** Normalize a container path against the working directory. */
  static abs(path: string, cwd: string): string {
    const p = posix.normalize(path.startsWith('/') ? path : posix.join(cwd, path));
    return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
  }

  mountOf(abs: string): Mount {
    return this.mounts.find((m) => m.path === '/' || abs === m.path || abs.startsWith(`${m.path}/`))!;
  }

  /** The host path for a container path, refusing anything that would leave its mount. */
  resolve(abs: string, forWrite = false): { host: string; mount: Mount } {
    const mount = this.mountOf(abs);
    if (forWrite && mount.readOnly) throw new FsError('EROFS');
    const rel = mount.path === '/' ? abs.slice(1) : abs.slice(mount.path.length + 1);
    const host = rel ? join(mount.host, ...rel.split('/')) : mount.host;
    this.checkInside(mount, host);
    return { host, mount };
  }

  /** Follow symlinks on the existing part of the path: it must stay under the mount's directory. */
  private checkInside(mount: Mount, host: string): void {
    let existing = host;
    while (!existsSync(existing) && existing !== mount.host && existing.length > mount.host.length) existing = dirname(existing);
    if (!existsSync(existing)) return;
    const real = realpathSync(existing);
    const root = realpathSync(mount.host);
    const rel = relative(root, real);
    if (rel.startsWith('..') || rel.split(sep)[0] === '..') throw new FsError('EACCES');
  }
}

/** Lay down a few files an image would have, once per pod root (nginx and httpd get their pages). */
export function seedRoot(root: string, images: string[], hostname: string, hostsLine: string): void {
  const marker = join(root, '.sts-seeded');
  if (existsSync(marker)) return;
  for (const d of ['bin', 'dev', 'etc', 'home', 'proc', 'root', 'tmp', 'usr', 'var']) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'etc', 'hostname'), `${hostname}\n`);
  writeFileSync(join(root, 'etc', 'hosts'), `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n${hostsLine}\n`);
  for (const image of images) {
    const name = image.split('@')[0].split('/').pop()!.split(':')[0];
    if (name.startsWith('nginx')) {
      const html = join(root, 'usr', 'share', 'nginx', 'html');
      mkdirSync(html, { recursive: true });
      writeFileSync(join(html, 'index.html'), NGINX_WELCOME);
      writeFileSync(join(html, '50x.html'), '<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n');
    }
    if (name === 'httpd') {
      const docs = join(root, 'usr', 'local', 'apache2', 'htdocs');
      mkdirSync(docs, { recursive: true });
      writeFileSync(join(docs, 'index.html'), '<html><body><h1>It works!</h1></body></html>\n');
    }
  }
  writeFileSync(marker, '');
}

const NGINX_WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>
</body>
</html>
`;
