// What sts knows of a few images' insides: the process their entrypoint leaves running as PID 1
// (what `ps` shows and `kill 1` stops), and the tools their probes run, with where the image keeps
// them (seeded into the pod's root, so `mv /usr/bin/mysql …` makes a probe naming it fail).
// Data only, so the pod filesystem (podfs.ts) and the programs can both read it.

export interface ImageInfo {
  /** PID 1's command line; absent: the container's command and args, or `sh` */
  main?: string;
  /** who PID 1 runs as */
  user?: string;
  /** the processes PID 1 starts (nginx's worker) */
  children?: { cmd: string; user: string }[];
  /** exit status on SIGTERM/SIGINT/SIGQUIT: 0 for servers that shut down cleanly (nginx, mysqld) */
  termExit?: number;
  /** `ps` as the image has it: busybox's applet, or procps */
  ps: 'busybox' | 'procps';
  /** tools the image's probes run: name → path in the image */
  tools?: Record<string, string>;
  /** files the image has that commands in it read: path → text */
  files?: Record<string, string>;
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

/** By the image's name without registry, path or tag (`registry.k8s.io/kubernetes-zookeeper:1.0` → `kubernetes-zookeeper`). */
export const IMAGES: Record<string, ImageInfo> = {
  nginx: {
    main: 'nginx: master process nginx -g daemon off;',
    children: [{ cmd: 'nginx: worker process', user: 'nginx' }],
    termExit: 0,
    ps: 'procps',
    files: {
      '/usr/share/nginx/html/index.html': NGINX_WELCOME,
      '/usr/share/nginx/html/50x.html':
        '<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n',
    },
  },
  httpd: {
    main: 'httpd -DFOREGROUND',
    children: [{ cmd: 'httpd -DFOREGROUND', user: 'www-data' }],
    ps: 'procps',
    files: { '/usr/local/apache2/htdocs/index.html': '<html><body><h1>It works!</h1></body></html>\n' },
  },
  busybox: { ps: 'busybox' },
  alpine: { ps: 'busybox' },
  mysql: {
    main: 'mysqld',
    user: 'mysql',
    termExit: 0,
    ps: 'procps',
    tools: { mysql: '/usr/bin/mysql', mysqladmin: '/usr/bin/mysqladmin' },
  },
  'kubernetes-zookeeper': {
    main: 'java -Dzookeeper.log.dir=/var/log/zookeeper -Dzookeeper.root.logger=INFO,CONSOLE -cp /usr/bin/../build/classes:/usr/bin/../share/zookeeper/* org.apache.zookeeper.server.quorum.QuorumPeerMain /usr/bin/../etc/zookeeper/zoo.cfg',
    user: 'zookeeper',
    ps: 'procps',
    tools: { 'zookeeper-ready': '/opt/zookeeper/bin/zookeeper-ready', 'zkOk.sh': '/opt/zookeeper/bin/zkOk.sh' },
  },
  zookeeper: {
    main: 'java -Dzookeeper.log.dir=/logs -cp /apache-zookeeper/lib/* org.apache.zookeeper.server.quorum.QuorumPeerMain /conf/zoo.cfg',
    user: 'zookeeper',
    ps: 'procps',
    tools: { 'zkOk.sh': '/apache-zookeeper/bin/zkOk.sh' },
  },
  cassandra: {
    main: 'java -Xloggc:/var/log/cassandra/gc.log -ea -Dcassandra.config=file:///etc/cassandra/cassandra.yaml org.apache.cassandra.service.CassandraDaemon',
    user: 'cassandra',
    ps: 'procps',
    tools: { 'ready-probe.sh': '/ready-probe.sh' },
  },
};

/** `docker.io/library/nginx:1.25@sha256:…` → `nginx` */
export const imageName = (image: string) => image.split('@')[0].split('/').pop()!.split(':')[0];

/** What sts knows of an image; nginx-alpine and the like count as nginx. */
export function imageInfo(image: string): ImageInfo | undefined {
  const name = imageName(image);
  return IMAGES[name] ?? (name.startsWith('nginx') ? IMAGES.nginx : undefined);
}

/** What a tool prints when it works (its status is 0). */
export const TOOL_OUTPUT: Record<string, (args: string[]) => string> = {
  mysql: (args) => (args.some((a) => /select\s+1/i.test(a)) ? '1\n1\n' : ''),
  mysqladmin: (args) => (args.includes('ping') ? 'mysqld is alive\n' : ''),
  'zookeeper-ready': () => 'imok',
  'zkOk.sh': () => 'imok',
  'ready-probe.sh': () => '',
};
