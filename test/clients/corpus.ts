// Command lines kubectl accepts (and some it rejects), as a shell hands them to it: split into
// argv, quotes removed. Each line is written below as the shell text (`shell`), and split here by
// a small POSIX-shell word splitter; oracle.test.ts checks every split against bash itself.
//
// Sources:
//   docs:<page>   the kubectl commands on the Kubernetes docs' StatefulSet pages (kubernetes/website,
//                 content/en/docs/tutorials/stateful-application/ and tasks/run-application/), with
//                 `$(...)`, shell variables and `<placeholders>` replaced by plausible literals, pipes
//                 and loops dropped (the kubectl part kept), and https://k8s.io/examples/... URLs
//                 replaced by the local file of the same name (no network here).
//   help:<verb>   the examples of `kubectl <verb> --help` (kubectl 1.33); absolute paths made
//                 relative and placeholders filled in so the files exist.
//   script:kubectl-habits   lines of test/scripts/kubectl-habits.sh.
//   odd           unusual but valid spellings, and lines kubectl rejects.
//
// FILES holds every file the lines name; a run writes them into its working directory first.
// `{{SERVER}}` in a file stands for the API server URL (only in my-kubeconfig).

export interface CorpusLine {
  argv: string[];
  source: string;
  stdin?: string;
  /** the line as typed in a shell (without the stdin part) */
  shell: string;
}

/** split shell text into words as bash would (no expansions: `$`, backticks, pipes, redirections
 * and `;` outside quotes are refused; globs are taken literally, as bash does when nothing matches) */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`shellWords: ${why} at ${i} in: ${text}`);
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      if (text[i + 1] === '\n') {
        i += 2;
        continue;
      }
      if (i + 1 >= text.length) fail('trailing backslash');
      cur += text[i + 1];
      inWord = true;
      i += 2;
    } else if (c === "'") {
      const j = text.indexOf("'", i + 1);
      if (j < 0) fail('unterminated single quote');
      cur += text.slice(i + 1, j);
      inWord = true;
      i = j + 1;
    } else if (c === '$' && text[i + 1] === "'") {
      // ANSI-C quoting
      i += 2;
      const esc: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', e: '\x1b' };
      for (;;) {
        if (i >= text.length) fail("unterminated $'");
        const d = text[i];
        if (d === "'") break;
        if (d === '\\') {
          const e = text[i + 1];
          if (!(e in esc)) fail(`unsupported escape \\${e}`);
          cur += esc[e];
          i += 2;
        } else {
          cur += d;
          i++;
        }
      }
      i++;
      inWord = true;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= text.length) fail('unterminated double quote');
        const d = text[i];
        if (d === '"') break;
        if (d === '$' || d === '`') fail('expansion inside double quotes');
        if (d === '\\' && '$`"\\\n'.includes(text[i + 1])) {
          if (text[i + 1] !== '\n') cur += text[i + 1];
          i += 2;
        } else {
          cur += d;
          i++;
        }
      }
      i++;
      inWord = true;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      i++;
    } else if ('|&;<>()`$'.includes(c)) {
      fail(`unsupported shell syntax ${JSON.stringify(c)}`);
    } else if (c === '#' && !inWord) {
      break;
    } else if (c === '~' && !inWord) {
      fail('tilde expansion');
    } else {
      cur += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

const lines: CorpusLine[] = [];

/** add a line given as shell text starting with `kubectl` */
function k(source: string, shell: string, stdin?: string): void {
  const words = shellWords(shell);
  if (words[0] !== 'kubectl') throw new Error(`corpus: not a kubectl line: ${shell}`);
  lines.push({ argv: words.slice(1), source, ...(stdin !== undefined ? { stdin } : {}), shell });
}
function each(source: string, shells: string[]): void {
  for (const s of shells) k(source, s);
}

// ---------------------------------------------------------------------------------------------
// The Kubernetes docs' StatefulSet pages.

each('docs:statefulset-basics', [
  'kubectl get pods --watch -l app=nginx',
  'kubectl apply -f web.yaml',
  'kubectl get service nginx',
  'kubectl get statefulset web',
  'kubectl get pods -l app=nginx',
  `kubectl exec "web-0" -- sh -c 'hostname'`,
  `kubectl exec web-1 -- sh -c 'hostname'`,
  'kubectl run -i --tty --image busybox:1.28 dns-test --restart=Never --rm',
  'kubectl get pod --watch -l app=nginx',
  'kubectl delete pod -l app=nginx',
  'kubectl get pvc -l app=nginx',
  `kubectl exec "web-0" -- sh -c 'echo "$(hostname)" > /usr/share/nginx/html/index.html'`,
  'kubectl exec -i -t "web-1" -- curl http://localhost/',
  'kubectl exec web-0 -- chmod 755 /usr/share/nginx/html',
  'kubectl scale sts web --replicas=5',
  `kubectl patch sts web -p '{"spec":{"replicas":3}}'`,
  `kubectl patch statefulset web --type='json' -p='[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"registry.k8s.io/nginx-slim:0.24"}]'`,
  'kubectl get pod -l app=nginx --watch',
  `kubectl get pod "web-0" --template '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}'`,
  'kubectl rollout status sts/web',
  `kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":3}}}}'`,
  `kubectl patch statefulset web --type='json' -p='[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"registry.k8s.io/nginx-slim:0.21"}]'`,
  'kubectl delete pod web-2',
  `kubectl get pod web-2 --template '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}'`,
  `kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}}}'`,
  'kubectl delete pod web-1',
  `kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}}}}'`,
  `kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"OnDelete"}}}'`,
  'kubectl delete statefulset web --cascade=orphan',
  'kubectl delete pod web-0',
  'kubectl delete statefulset web',
  'kubectl delete service nginx',
  'kubectl apply -f web-parallel.yaml',
  'kubectl scale statefulset/web --replicas=5',
  'kubectl delete sts web',
  'kubectl delete svc nginx',
  'kubectl get pvc',
  'kubectl get pv',
  'kubectl delete pvc www-web-0 www-web-1 www-web-2 www-web-3 www-web-4',
  // the page's earlier wording
  'kubectl get pods -w -l app=nginx',
  'kubectl get pod -w -l app=nginx',
  'kubectl run -i --tty --image busybox:1.28 dns-test --restart=Never --rm /bin/sh',
  'kubectl exec -it web-0 -- curl localhost',
]);

each('docs:cassandra', [
  'kubectl apply -f cassandra-service.yaml',
  'kubectl get svc cassandra',
  'kubectl apply -f cassandra-statefulset.yaml',
  'kubectl get statefulset cassandra',
  'kubectl get pods -l="app=cassandra"',
  'kubectl exec -it cassandra-0 -- nodetool status',
  'kubectl edit statefulset cassandra',
  `kubectl get po cassandra-0 -o=jsonpath='{.spec.terminationGracePeriodSeconds}'`,
  'kubectl delete statefulset -l app=cassandra',
  'kubectl delete pvc -l app=cassandra',
  'kubectl delete service -l app=cassandra',
]);

each('docs:zookeeper', [
  'kubectl apply -f zookeeper.yaml',
  'kubectl get pods -w -l app=zk',
  'kubectl exec zk-0 -- hostname',
  'kubectl exec zk-1 -- cat /var/lib/zookeeper/data/myid',
  'kubectl exec zk-2 -- hostname -f',
  'kubectl exec zk-0 -- cat /opt/zookeeper/conf/zoo.cfg',
  'kubectl exec zk-0 -- zkCli.sh create /hello world',
  'kubectl exec zk-1 -- zkCli.sh get /hello',
  'kubectl delete statefulset zk',
  'kubectl exec zk-2 zkCli.sh get /hello', // as the page still has it: no `--`
  'kubectl get pvc -l app=zk',
  'kubectl get sts zk -o yaml',
  'kubectl exec zk-0 cat /usr/etc/zookeeper/log4j.properties', // likewise
  'kubectl logs zk-0 --tail 20',
  'kubectl exec zk-0 -- ps -elf',
  'kubectl exec -ti zk-0 -- ls -ld /var/lib/zookeeper/data',
  `kubectl patch sts zk --type='json' -p='[{"op": "replace", "path": "/spec/template/spec/containers/0/resources/requests/cpu", "value":"0.3"}]'`,
  'kubectl rollout status sts/zk',
  'kubectl rollout history sts/zk',
  'kubectl rollout undo sts/zk',
  'kubectl exec zk-0 -- ps -ef',
  'kubectl get pod -w -l app=zk',
  'kubectl exec zk-0 -- pkill java',
  'kubectl exec zk-0 -- rm /opt/zookeeper/bin/zookeeper-ready',
  'kubectl get pod zk-0 --template {{.spec.nodeName}}',
  'kubectl get nodes',
  'kubectl cordon kubernetes-node-a5aq',
  'kubectl get pdb zk-pdb',
  'kubectl drain kubernetes-node-pb41 --ignore-daemonsets --force --delete-emptydir-data',
  'kubectl exec zk-0 -- zkCli.sh get /hello',
  'kubectl uncordon kubernetes-node-pb41',
  'kubectl uncordon kubernetes-node-ixsl',
  // the page's earlier wording
  'kubectl exec zk-0 zkCli.sh create /hello world',
  'kubectl drain kubernetes-node-i4c4 --ignore-daemonsets --force --delete-local-data',
]);

const MYSQL_HEREDOC = [
  'CREATE DATABASE test;',
  'CREATE TABLE test.messages (message VARCHAR(250));',
  "INSERT INTO test.messages VALUES ('hello');",
  '',
].join('\n');

each('docs:mysql', [
  'kubectl apply -f mysql-configmap.yaml',
  'kubectl apply -f mysql-services.yaml',
  'kubectl apply -f mysql-statefulset.yaml',
  'kubectl get pods -l app=mysql --watch',
]);
k('docs:mysql', 'kubectl run mysql-client --image=mysql:5.7 -i --rm --restart=Never --\\\n  mysql -h mysql-0.mysql', MYSQL_HEREDOC);
each('docs:mysql', [
  'kubectl run mysql-client --image=mysql:5.7 -i -t --rm --restart=Never --\\\n  mysql -h mysql-read -e "SELECT * FROM test.messages"',
  `kubectl run mysql-client-loop --image=mysql:5.7 -i -t --rm --restart=Never --\\\n  bash -ic "while sleep 1; do mysql -h mysql-read -e 'SELECT @@server_id,NOW()'; done"`,
  'kubectl exec mysql-2 -c mysql -- mv /usr/bin/mysql /usr/bin/mysql.off',
  'kubectl get pod mysql-2',
  'kubectl exec mysql-2 -c mysql -- mv /usr/bin/mysql.off /usr/bin/mysql',
  'kubectl delete pod mysql-2',
  'kubectl get pod mysql-2 -o wide',
  'kubectl drain kubernetes-node-9l2t --force --delete-local-data --ignore-daemonsets',
  'kubectl get pod mysql-2 -o wide --watch',
  'kubectl uncordon kubernetes-node-9l2t',
  'kubectl scale statefulset mysql  --replicas=5',
  'kubectl run mysql-client --image=mysql:5.7 -i -t --rm --restart=Never --\\\n  mysql -h mysql-3.mysql -e "SELECT * FROM test.messages"',
  'kubectl scale statefulset mysql --replicas=3',
  'kubectl get pvc -l app=mysql',
  'kubectl delete pvc data-mysql-3',
  'kubectl delete pvc data-mysql-4',
  'kubectl delete pod mysql-client-loop --now',
  'kubectl delete statefulset mysql',
  'kubectl get pods -l app=mysql',
  'kubectl delete configmap,service,pvc -l app=mysql',
]);

each('docs:scale-statefulset', [
  'kubectl version',
  'kubectl get statefulsets web',
  'kubectl scale statefulsets web --replicas=5',
  'kubectl apply -f web.yaml',
  'kubectl edit statefulsets web',
  `kubectl patch statefulsets web -p '{"spec":{"replicas":5}}'`,
]);

each('docs:delete-statefulset', [
  'kubectl delete -f web.yaml',
  'kubectl delete statefulsets web',
  'kubectl delete service nginx',
  'kubectl delete -f web.yaml --cascade=orphan',
  'kubectl delete pods -l app.kubernetes.io/name=MyApp',
  `kubectl get pods web-0 --template '{{.spec.terminationGracePeriodSeconds}}'`,
  'kubectl delete statefulset -l app.kubernetes.io/name=MyApp',
  'kubectl delete pvc -l app.kubernetes.io/name=MyApp',
]);

each('docs:force-delete-pods', [
  'kubectl delete pods web-0',
  'kubectl delete pods web-0 --grace-period=0 --force',
  'kubectl delete pods web-0 --grace-period=0',
  `kubectl patch pod web-0 -p '{"metadata":{"finalizers":null}}'`,
]);

// ---------------------------------------------------------------------------------------------
// `kubectl <verb> --help` examples (kubectl 1.33).

each('help:get', [
  'kubectl get pods',
  'kubectl get pods -o wide',
  'kubectl get replicationcontroller web',
  'kubectl get deployments.v1.apps -o json',
  'kubectl get -o json pod web-pod-13je7',
  'kubectl get -f pod.yaml -o json',
  'kubectl get -k dir/',
  'kubectl get -o template pod/web-pod-13je7 --template={{.status.phase}}',
  'kubectl get pod test-pod -o custom-columns=CONTAINER:.spec.containers[0].name,IMAGE:.spec.containers[0].image',
  'kubectl get rc,services',
  'kubectl get rc/web service/frontend pods/web-pod-13je7',
  'kubectl get pod web-pod-13je7 --subresource status',
  'kubectl get deployments.apps --namespace backend',
  'kubectl get pods --all-namespaces',
]);
each('help:create', ['kubectl create -f ./pod.json', 'kubectl create -f registry.yaml --edit -o json']);
k('help:create', 'kubectl create -f -', FILE_POD_JSON());
each('help:create configmap', [
  'kubectl create configmap my-config --from-file=path/to/bar',
  'kubectl create configmap my-config --from-file=key1=path/to/bar/file1.txt --from-file=key2=path/to/bar/file2.txt',
  'kubectl create configmap my-config --from-literal=key1=config1 --from-literal=key2=config2',
  'kubectl create configmap my-config --from-env-file=path/to/foo.env --from-env-file=path/to/bar.env',
]);
each('help:create secret generic', [
  'kubectl create secret generic my-secret --from-file=path/to/bar',
  'kubectl create secret generic my-secret --from-file=ssh-privatekey=path/to/id_rsa --from-file=ssh-publickey=path/to/id_rsa.pub',
  'kubectl create secret generic my-secret --from-literal=key1=supersecret --from-literal=key2=topsecret',
  'kubectl create secret generic my-secret --from-file=ssh-privatekey=path/to/id_rsa --from-literal=passphrase=topsecret',
  'kubectl create secret generic my-secret --from-env-file=path/to/foo.env --from-env-file=path/to/bar.env',
]);
each('help:create service clusterip', [
  'kubectl create service clusterip my-cs --tcp=5678:8080',
  'kubectl create service clusterip my-cs --clusterip="None"',
]);
each('help:create namespace', ['kubectl create namespace my-namespace']);
each('help:apply', [
  'kubectl apply -f ./pod.json',
  'kubectl apply -k dir/',
  `kubectl apply -f '*.json'`,
  'kubectl apply --prune -f manifest.yaml -l app=nginx',
  'kubectl apply --prune -f manifest.yaml --all --prune-allowlist=core/v1/ConfigMap',
]);
k('help:apply', 'kubectl apply -f -', FILE_POD_JSON());
each('help:delete', [
  'kubectl delete -f ./pod.json',
  'kubectl delete -k dir',
  `kubectl delete -f '*.json'`,
  'kubectl delete pod,service baz foo',
  'kubectl delete pods,services -l name=myLabel',
  'kubectl delete pod foo --now',
  'kubectl delete pod foo --force',
  'kubectl delete pods --all',
  'kubectl delete pods --all --interactive',
]);
k('help:delete', 'kubectl delete -f -', FILE_POD_JSON());
each('help:describe', [
  'kubectl describe nodes kubernetes-node-emt8.c.myproject.internal',
  'kubectl describe pods/nginx',
  'kubectl describe -f pod.json',
  'kubectl describe pods',
  'kubectl describe pods -l name=myLabel',
  'kubectl describe pods frontend',
]);
each('help:edit', [
  'kubectl edit svc/registry',
  'kubectl edit job.v1.batch/myjob -o json',
  'kubectl edit deployment/mydeployment -o yaml --save-config',
  `kubectl edit deployment mydeployment --subresource='status'`,
]);
each('help:exec', [
  'kubectl exec mypod -- date',
  'kubectl exec mypod -c ruby-container -- date',
  'kubectl exec mypod -c ruby-container -i -t -- bash -il',
  'kubectl exec mypod -i -t -- ls -t /usr',
  'kubectl exec deploy/mydeployment -- date',
  'kubectl exec svc/myservice -- date',
]);
k('help:exec', 'kubectl exec -i -n demo web-0 -- tar xf - -C /tmp/bar', 'not really a tar stream\n');
k('help:exec', 'kubectl exec -n demo web-0 -- tar cf - /tmp/foo');
each('help:logs', [
  'kubectl logs nginx',
  'kubectl logs nginx --prefix',
  'kubectl logs nginx --limit-bytes=500',
  'kubectl logs nginx --pod-running-timeout=20s',
  'kubectl logs nginx --all-containers=true',
  'kubectl logs deployment/nginx --all-pods=true',
  'kubectl logs -l app=nginx --all-containers=true',
  'kubectl logs -l app=nginx --max-log-requests=10',
  'kubectl logs -p -c ruby web-1',
  'kubectl logs nginx -f --ignore-errors=true',
  'kubectl logs -f -c ruby web-1',
  'kubectl logs -f -l app=nginx --all-containers=true',
  'kubectl logs --tail=20 nginx',
  'kubectl logs --since=1h nginx',
  'kubectl logs nginx --since-time=2024-08-30T06:00:00Z --timestamps=true',
  'kubectl logs --insecure-skip-tls-verify-backend nginx',
  'kubectl logs job/hello',
  'kubectl logs deployment/nginx -c nginx-1',
]);
each('help:patch', [
  `kubectl patch node k8s-node-1 -p '{"spec":{"unschedulable":true}}'`,
  `kubectl patch node k8s-node-1 -p $'spec:\\n unschedulable: true'`,
  `kubectl patch -f node.json -p '{"spec":{"unschedulable":true}}'`,
  `kubectl patch pod valid-pod -p '{"spec":{"containers":[{"name":"kubernetes-serve-hostname","image":"new image"}]}}'`,
  `kubectl patch pod valid-pod --type='json' -p='[{"op": "replace", "path": "/spec/containers/0/image", "value":"new image"}]'`,
  `kubectl patch deployment nginx-deployment --subresource='scale' --type='merge' -p '{"spec":{"replicas":2}}'`,
]);
each('help:label', [
  'kubectl label pods foo unhealthy=true',
  'kubectl label --overwrite pods foo status=unhealthy',
  'kubectl label pods --all status=unhealthy',
  'kubectl label -f pod.json status=unhealthy',
  'kubectl label pods foo status=unhealthy --resource-version=1',
  'kubectl label pods foo bar-',
]);
each('help:annotate', [
  `kubectl annotate pods foo description='my frontend'`,
  `kubectl annotate -f pod.json description='my frontend'`,
  `kubectl annotate --overwrite pods foo description='my frontend running nginx'`,
  `kubectl annotate pods --all description='my frontend running nginx'`,
  `kubectl annotate pods foo description='my frontend running nginx' --resource-version=1`,
  'kubectl annotate pods foo description-',
]);
each('help:scale', [
  'kubectl scale --replicas=3 rs/foo',
  'kubectl scale --replicas=3 -f foo.yaml',
  'kubectl scale --current-replicas=2 --replicas=3 deployment/mysql',
  'kubectl scale --replicas=5 rc/example1 rc/example2 rc/example3',
  'kubectl scale --replicas=3 statefulset/web',
]);
each('help:rollout status', ['kubectl rollout status deployment/nginx']);
each('help:rollout history', ['kubectl rollout history deployment/abc', 'kubectl rollout history daemonset/abc --revision=3']);
each('help:rollout undo', [
  'kubectl rollout undo deployment/abc',
  'kubectl rollout undo daemonset/abc --to-revision=3',
  'kubectl rollout undo --dry-run=server deployment/abc',
]);
each('help:rollout restart', [
  'kubectl rollout restart deployment -n test-namespace',
  'kubectl rollout restart deployment/nginx',
  'kubectl rollout restart daemonset/abc',
  'kubectl rollout restart deployment --selector=app=nginx',
]);
each('help:rollout pause', ['kubectl rollout pause deployment/nginx']);
each('help:rollout resume', ['kubectl rollout resume deployment/nginx']);
each('help:set image', [
  'kubectl set image deployment/nginx busybox=busybox nginx=nginx:1.9.1',
  'kubectl set image deployments,rc nginx=nginx:1.9.1 --all',
  'kubectl set image daemonset abc *=nginx:1.9.1',
  'kubectl set image -f path/to/file.yaml nginx=nginx:1.9.1 --local -o yaml',
]);
each('help:wait', [
  'kubectl wait --for=condition=Ready pod/busybox1',
  'kubectl wait --for=condition=Ready=false pod/busybox1',
  `kubectl wait --for=jsonpath='{.status.phase}'=Running pod/busybox1`,
  `kubectl wait --for='jsonpath={.status.conditions[?(@.type=="Ready")].status}=True' pod/busybox1`,
  `kubectl wait --for=jsonpath='{.status.loadBalancer.ingress}' service/loadbalancer`,
  'kubectl create secret generic busybox1',
  'kubectl wait --for=create secret/busybox1 --timeout=30s',
  'kubectl delete pod/busybox1',
  'kubectl wait --for=delete pod/busybox1 --timeout=60s',
]);
each('help:run', [
  'kubectl run nginx --image=nginx',
  'kubectl run hazelcast --image=hazelcast/hazelcast --port=5701',
  'kubectl run hazelcast --image=hazelcast/hazelcast --env="DNS_DOMAIN=cluster" --env="POD_NAMESPACE=default"',
  'kubectl run hazelcast --image=hazelcast/hazelcast --labels="app=hazelcast,env=prod"',
  'kubectl run nginx --image=nginx --dry-run=client',
  `kubectl run nginx --image=nginx --overrides='{ "apiVersion": "v1", "spec": { ... } }'`,
  'kubectl run -i -t busybox --image=busybox --restart=Never',
  'kubectl run nginx --image=nginx -- arg1 arg2 arg3',
  'kubectl run nginx --image=nginx --command -- sleep 3600',
]);
each('help:replace', ['kubectl replace -f ./pod.json', 'kubectl replace --force -f ./pod.json', 'kubectl get pod mypod -o yaml']);
k('help:replace', 'kubectl replace -f -', FILE_POD_JSON());
each('help:diff', ['kubectl diff -f pod.json']);
k('help:diff', 'kubectl diff -f -', FILE_SERVICE_YAML());
each('help:cp', [
  'kubectl cp foo_dir web-0:/tmp/bar_dir',
  'kubectl cp foo web-0:/tmp/bar -c nginx',
  'kubectl cp foo demo/web-0:/tmp/bar',
  'kubectl cp demo/web-0:/tmp/foo bar',
]);
each('help:port-forward', [
  'kubectl port-forward pod/mypod 5000 6000',
  'kubectl port-forward deployment/mydeployment 5000 6000',
  'kubectl port-forward service/myservice 8443:https',
  'kubectl port-forward pod/mypod 8888:5000',
  'kubectl port-forward --address 0.0.0.0 pod/mypod 8888:5000',
  'kubectl port-forward --address localhost,10.19.21.23 pod/mypod 8888:5000',
  'kubectl port-forward pod/mypod :5000',
]);
each('help:events', [
  'kubectl events',
  'kubectl events --all-namespaces',
  'kubectl events --for pod/web-pod-13je7 --watch',
  'kubectl events -oyaml',
  'kubectl events --types=Warning,Normal',
]);
each('help:config', [
  'kubectl config current-context',
  'kubectl config view',
  'kubectl config view --raw',
  `kubectl config view -o jsonpath='{.users[?(@.name == "e2e")].user.password}'`,
  'kubectl config get-contexts',
  'kubectl config get-contexts my-context',
  'kubectl config use-context minikube',
  'kubectl config set-context gce --user=cluster-admin',
]);
each('help:cluster-info', ['kubectl cluster-info']);
each('help:api-versions', ['kubectl api-versions']);
each('help:api-resources', [
  'kubectl api-resources',
  'kubectl api-resources -o wide',
  'kubectl api-resources --sort-by=name',
  'kubectl api-resources --namespaced=true',
  'kubectl api-resources --namespaced=false',
  'kubectl api-resources --api-group=rbac.authorization.k8s.io',
]);
each('help:auth can-i', [
  'kubectl auth can-i create pods --all-namespaces',
  'kubectl auth can-i list deployments.apps',
  'kubectl auth can-i list pods --as=system:serviceaccount:dev:foo -n prod',
  `kubectl auth can-i '*' '*'`,
  'kubectl auth can-i list jobs.batch/bar -n foo',
  'kubectl auth can-i get pods --subresource=log',
  'kubectl auth can-i get /logs/',
  'kubectl auth can-i approve certificates.k8s.io',
  'kubectl auth can-i --list --namespace=foo',
]);
each('help:version', ['kubectl version']);
each('help:explain', [
  'kubectl explain pods',
  'kubectl explain pods --recursive',
  'kubectl explain deployments --api-version=apps/v1',
  'kubectl explain pods.spec.containers',
  'kubectl explain deployment --output=plaintext-openapiv2',
]);
each('help:cordon', ['kubectl cordon foo']);
each('help:uncordon', ['kubectl uncordon foo']);
each('help:drain', ['kubectl drain foo --force', 'kubectl drain foo --grace-period=900']);

// ---------------------------------------------------------------------------------------------
// test/scripts/kubectl-habits.sh (the loop variables filled in)

each('script:kubectl-habits', [
  'kubectl apply -f fixtures/web/web.yaml',
  'kubectl rollout status statefulset/web --timeout=2m',
  `kubectl get pods -l app=nginx -o jsonpath='{.items[*].metadata.name}'`,
  `kubectl exec web-0 -- sh -c 'echo "$(hostname)" > /usr/share/nginx/html/index.html'`,
  'kubectl exec web-0 -- curl -s "http://web-1.nginx"',
  `kubectl get sts web -o jsonpath='{.status.readyReplicas}'`,
  'kubectl get pod nope',
  'kubectl scale sts web --replicas=3',
  `kubectl wait --for=jsonpath='{.status.readyReplicas}'=3 sts/web --timeout=60s`,
  'kubectl get pods -o custom-columns=NAME:.metadata.name,PHASE:.status.phase --no-headers',
  'kubectl get pvc -o name',
  'kubectl delete sts web --wait',
]);

// ---------------------------------------------------------------------------------------------
// Odd but valid spellings.

each('odd', [
  // output
  'kubectl get pods -o=yaml',
  'kubectl get pods -oyaml',
  'kubectl get pods -o yaml',
  'kubectl get pods --output=yaml',
  'kubectl get pods --output yaml',
  'kubectl get pods -ojson',
  'kubectl get pods -o=jsonpath={.items[*].metadata.name}',
  `kubectl get pods -o 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}'`,
  'kubectl get pods -o=name',
  'kubectl get pods -o wide --no-headers',
  'kubectl get pods --sort-by=.metadata.name',
  'kubectl get pods -o custom-columns=NAME:.metadata.name',
  // namespace
  'kubectl get pods -n=default',
  'kubectl get pods -ndefault',
  'kubectl get pods --namespace default',
  'kubectl get pods --namespace=kube-system',
  'kubectl -n kube-system get pods',
  'kubectl get -n kube-system pods',
  'kubectl get pods -n kube-system',
  'kubectl get pod -n kube-system web-0',
  'kubectl get pod web-0 -n kube-system',
  'kubectl --namespace=foo --namespace=bar get pods',
  'kubectl get pods -A',
  'kubectl get pods --all-namespaces=true',
  'kubectl get pods --all_namespaces',
  // selectors
  'kubectl get pods -l=app=cassandra',
  'kubectl get pods -lapp=nginx',
  'kubectl get pods --selector=app=nginx',
  'kubectl get pods --selector app=nginx,tier!=db',
  `kubectl get pods -l 'environment in (production, qa)'`,
  'kubectl get pods --field-selector status.phase=Running',
  'kubectl get pods --field-selector=metadata.name=web-0 -l app=nginx',
  // booleans
  'kubectl get pods --watch=false',
  'kubectl get pods -w=false',
  'kubectl get pods -A=false',
  'kubectl get pods --show-labels=1',
  'kubectl get pods --show-labels=T',
  'kubectl get pods --show-labels=true',
  'kubectl get pods -wl app=nginx',
  'kubectl get pods -Aw',
  'kubectl get pods --watch-only',
  // files, containers, tty
  `kubectl patch sts web --type=json -p='[{"op":"replace","path":"/spec/replicas","value":3}]'`,
  'kubectl apply -f=web.yaml',
  'kubectl apply --filename=web.yaml',
  'kubectl logs web-0 -c=nginx',
  'kubectl exec web-0 -c=nginx -- ls',
  'kubectl exec -it web-0 -- sh',
  'kubectl exec -ti web-0 -- sh',
  'kubectl exec web-0 -it -- sh',
  // global flags
  'kubectl --kubeconfig my-kubeconfig get pods',
  'kubectl get pods --kubeconfig=my-kubeconfig',
  'kubectl --context x get pods',
  'kubectl get pods --context x',
  'kubectl --cluster x get pods',
  'kubectl --user x get pods',
  'kubectl -s http://127.0.0.1:1 get pods',
  'kubectl --server=http://127.0.0.1:1 get pods',
  'kubectl --token t get pods',
  'kubectl --as u get pods',
  'kubectl get pods --as=u --as-group=g1 --as-group=g2',
  'kubectl --insecure-skip-tls-verify get pods',
  'kubectl --cache-dir ./kube-cache get pods',
  'kubectl -v 6 get pods',
  'kubectl --v=6 get pods',
  'kubectl get pods -v=6',
  'kubectl get pods --request-timeout=5s',
  'kubectl delete pod web-0 --request-timeout=5s',
  'kubectl scale sts web --replicas=3 --request-timeout=5s',
  'kubectl logs web-0 --request-timeout=5s',
  'kubectl --request-timeout=5s rollout status sts/web',
  'kubectl get pods --request-timeout=5',
  // --record (deprecated, still accepted)
  'kubectl scale sts web --replicas=3 --record',
  'kubectl apply -f web.yaml --record',
  `kubectl patch sts web -p '{"spec":{"replicas":3}}' --record`,
  'kubectl set image sts/web nginx=nginx:1.27 --record',
  // delete
  'kubectl delete sts web --cascade',
  'kubectl delete sts web --cascade=orphan',
  'kubectl delete sts web --cascade=foreground',
  'kubectl delete sts web --cascade=background',
  'kubectl delete sts web --cascade=false',
  'kubectl delete sts web --cascade=true',
  'kubectl delete pod web-0 --wait=false',
  'kubectl delete pod web-0 --grace-period=-1',
  'kubectl delete pod web-0 --now --force',
  'kubectl delete pods --all --namespace=demo',
  'kubectl get pod web-0 --ignore-not-found',
  'kubectl delete pod web-0 --ignore-not-found',
  // workloads as targets
  'kubectl exec sts/web -- ls',
  'kubectl exec statefulset/web -c nginx -- ls',
  'kubectl logs sts/web',
  'kubectl logs -l app=nginx',
  'kubectl logs -l app=nginx --prefix --all-containers',
  'kubectl logs web-0 --tail=-1',
  // resource spellings
  'kubectl get statefulset.v1.apps/web',
  'kubectl get statefulsets.v1.apps',
  'kubectl get sts.apps',
  'kubectl get statefulsets.apps web',
  'kubectl get STS',
  'kubectl get Pods',
  'kubectl get po,svc',
  'kubectl get pods/web-0',
  'kubectl get sts/web pods/web-0',
  'kubectl get all',
  'kubectl get sts web -o jsonpath={.spec.replicas}',
  'kubectl describe sts web',
  'kubectl describe pod web-0',
  'kubectl get events --field-selector involvedObject.name=web-0',
  'kubectl get ev',
  'kubectl get pdb,sc,hpa,cj,ing,netpol,crd',
  'kubectl get endpointslices.discovery.k8s.io',
  'kubectl get leases -n kube-node-lease',
  'kubectl get controllerrevisions -l app=nginx',
  // dry runs
  'kubectl create -f web.yaml --dry-run=client -o yaml',
  'kubectl create -f web.yaml --dry-run=server',
  'kubectl create -f web.yaml --dry-run',
  'kubectl apply -f web.yaml --dry-run=server',
  'kubectl delete sts web --dry-run=server',
  'kubectl scale sts web --replicas=2 --dry-run=server',
  'kubectl create -f web.yaml --dry_run=client',
  'kubectl apply -f web.yaml --server-side',
  'kubectl apply -f web.yaml --validate=false',
  // where flags go; `--`
  'kubectl get pod web-0 -o wide web-1',
  'kubectl get pod web-0 web-1 -o wide',
  'kubectl get -- pods',
  'kubectl get pods -- web-0',
  'kubectl exec web-0 -- ls -l -- -n',
  'kubectl logs -- web-0',
  // repeated flags
  'kubectl get pods -o yaml -o json',
  'kubectl get pods -l a=b -l c=d',
  'kubectl get pods -L a -L b',
  'kubectl get pods -L a,b',
  'kubectl apply -f a.yaml -f b.yaml',
  'kubectl apply -f a.yaml,b.yaml',
  // rollout / wait / scale
  'kubectl rollout status sts/web --timeout=2m',
  'kubectl rollout status statefulset web',
  'kubectl rollout status sts/web -w=false',
  'kubectl rollout history statefulset/web --revision=2',
  'kubectl rollout undo sts/web --to-revision=1',
  'kubectl rollout restart sts/web',
  'kubectl wait --for=condition=Ready pod -l app=nginx --timeout=60s',
  'kubectl wait --for=delete pod/web-0 --timeout=30s',
  'kubectl scale --replicas=0 sts web',
  'kubectl scale sts web --replicas 2',
  'kubectl scale sts/web sts/db --replicas=1',
  // help and versions
  'kubectl get --help',
  'kubectl get -h',
  'kubectl help get',
  'kubectl version --client',
  'kubectl version --client -o json',
  'kubectl options',
]);

// Lines kubectl rejects.
each('odd', [
  'kubectl get pods -Z',
  'kubectl get pods --bogus',
  'kubectl get pods -o',
  'kubectl get pods -o badformat',
  'kubectl scale sts web --replicas=x',
  'kubectl scale sts web',
  'kubectl scale sts web --replicas=-1',
  'kubectl get pods -w=maybe',
  'kubectl get pods --show-labels=yes',
  'kubectl get pods ---x',
  'kubectl get pods --=x',
  'kubectl gett pods',
  'kubectl foo',
  'kubectl rollout foo sts/web',
  'kubectl config foo',
  'kubectl get pods --namespace',
  'kubectl get pods -l',
  'kubectl delete --grace-period=abc pod x',
  'kubectl wait --timeout=30 pod/x --for=delete',
  'kubectl logs web-0 --tail=x',
  'kubectl get',
  'kubectl delete pod',
  'kubectl exec web-0',
  'kubectl exec web-0 ls',
  'kubectl logs',
  'kubectl scale --replicas=3',
  'kubectl get pods --cascade=orphan',
  'kubectl delete sts web --cascade=sideways',
  'kubectl apply',
  'kubectl apply -f missing.yaml',
  'kubectl create -f web.yaml --dry-run=maybe',
  'kubectl rollout status',
  'kubectl get pods --request-timeout=abc',
  'kubectl -v x get pods',
  'kubectl get pods --all-namespaces --namespace=foo web-0',
  'kubectl get pods --namespace=',
]);

/** duplicates dropped (same argv and stdin), first source kept */
export const CORPUS: CorpusLine[] = (() => {
  const seen = new Set<string>();
  return lines.filter((l) => {
    const key = JSON.stringify([l.argv, l.stdin ?? null]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
})();

// ---------------------------------------------------------------------------------------------
// Files the lines name.

function FILE_POD_JSON(): string {
  return `${JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'valid-pod', labels: { name: 'valid-pod' } },
      spec: { containers: [{ name: 'kubernetes-serve-hostname', image: 'registry.k8s.io/serve_hostname', ports: [{ containerPort: 9376 }] }] },
    },
    null,
    2,
  )}\n`;
}

function FILE_SERVICE_YAML(): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: frontend
  labels:
    app: guestbook
spec:
  selector:
    app: guestbook
  ports:
  - port: 80
`;
}

const WEB_YAML = `apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: "nginx"
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.21
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
`;

const configMap = (name: string, labels = ''): string => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
${labels}data:
  key: value
`;

export const FILES: Record<string, string> = {
  'web.yaml': WEB_YAML,
  'web-parallel.yaml': WEB_YAML.replace('  serviceName: "nginx"\n', '  serviceName: "nginx"\n  podManagementPolicy: "Parallel"\n'),
  'fixtures/web/web.yaml': WEB_YAML,
  'dir/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- web.yaml\n',
  'dir/web.yaml': WEB_YAML,
  'a.yaml': configMap('a'),
  'b.yaml': configMap('b'),
  'manifest.yaml': configMap('manifest', '  labels:\n    app: nginx\n'),
  'pod.json': FILE_POD_JSON(),
  'pod.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: web-pod-13je7
  labels:
    app: web
spec:
  containers:
  - name: web
    image: nginx:1.27
`,
  'node.json': `${JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'k8s-node-1' } }, null, 2)}\n`,
  'registry.yaml': `apiVersion: v1
kind: Service
metadata:
  name: registry
  labels:
    app: registry
spec:
  selector:
    app: registry
  ports:
  - port: 5000
`,
  'service.yaml': FILE_SERVICE_YAML(),
  'foo.yaml': `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: foo
spec:
  replicas: 1
  selector:
    matchLabels:
      app: foo
  template:
    metadata:
      labels:
        app: foo
    spec:
      containers:
      - name: foo
        image: nginx:1.27
`,
  'path/to/file.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  replicas: 1
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`,
  'path/to/bar/file1.txt': 'one\n',
  'path/to/bar/file2.txt': 'two\n',
  'path/to/foo.env': 'FOO=1\nCOLOR=blue\n',
  'path/to/bar.env': 'BAR=2\n',
  'path/to/id_rsa': 'not a real key\n',
  'path/to/id_rsa.pub': 'ssh-ed25519 AAAA not-a-real-key\n',
  foo: 'a file to copy\n',
  'foo_dir/hello.txt': 'hello\n',
  'my-kubeconfig': `apiVersion: v1
kind: Config
clusters:
- name: mine
  cluster:
    server: {{SERVER}}
users:
- name: mine
  user: {}
contexts:
- name: mine
  context:
    cluster: mine
    user: mine
current-context: mine
`,
  'cassandra-service.yaml': `apiVersion: v1
kind: Service
metadata:
  labels:
    app: cassandra
  name: cassandra
spec:
  clusterIP: None
  ports:
  - port: 9042
  selector:
    app: cassandra
`,
  'cassandra-statefulset.yaml': `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: cassandra
  labels:
    app: cassandra
spec:
  serviceName: cassandra
  replicas: 3
  selector:
    matchLabels:
      app: cassandra
  template:
    metadata:
      labels:
        app: cassandra
    spec:
      terminationGracePeriodSeconds: 500
      containers:
      - name: cassandra
        image: gcr.io/google-samples/cassandra:v13
        ports:
        - containerPort: 7000
          name: intra-node
        - containerPort: 9042
          name: cql
        env:
        - name: CASSANDRA_SEEDS
          value: "cassandra-0.cassandra.default.svc.cluster.local"
        - name: CASSANDRA_CLUSTER_NAME
          value: "K8Demo"
        volumeMounts:
        - name: cassandra-data
          mountPath: /cassandra_data
  volumeClaimTemplates:
  - metadata:
      name: cassandra-data
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
`,
  'mysql-configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: mysql
  labels:
    app: mysql
data:
  primary.cnf: |
    [mysqld]
    log-bin
  replica.cnf: |
    [mysqld]
    super-read-only
`,
  'mysql-services.yaml': `apiVersion: v1
kind: Service
metadata:
  name: mysql
  labels:
    app: mysql
spec:
  ports:
  - name: mysql
    port: 3306
  clusterIP: None
  selector:
    app: mysql
---
apiVersion: v1
kind: Service
metadata:
  name: mysql-read
  labels:
    app: mysql
spec:
  ports:
  - name: mysql
    port: 3306
  selector:
    app: mysql
`,
  'mysql-statefulset.yaml': `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: mysql
spec:
  selector:
    matchLabels:
      app: mysql
  serviceName: mysql
  replicas: 3
  template:
    metadata:
      labels:
        app: mysql
    spec:
      containers:
      - name: mysql
        image: mysql:5.7
        env:
        - name: MYSQL_ALLOW_EMPTY_PASSWORD
          value: "1"
        ports:
        - name: mysql
          containerPort: 3306
        volumeMounts:
        - name: data
          mountPath: /var/lib/mysql
          subPath: mysql
      - name: xtrabackup
        image: gcr.io/google-samples/xtrabackup:1.0
        ports:
        - name: xtrabackup
          containerPort: 3307
        volumeMounts:
        - name: data
          mountPath: /var/lib/mysql
          subPath: mysql
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 10Gi
`,
  'zookeeper.yaml': `apiVersion: v1
kind: Service
metadata:
  name: zk-hs
  labels:
    app: zk
spec:
  ports:
  - port: 2888
    name: server
  - port: 3888
    name: leader-election
  clusterIP: None
  selector:
    app: zk
---
apiVersion: v1
kind: Service
metadata:
  name: zk-cs
  labels:
    app: zk
spec:
  ports:
  - port: 2181
    name: client
  selector:
    app: zk
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: zk-pdb
spec:
  selector:
    matchLabels:
      app: zk
  maxUnavailable: 1
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: zk
spec:
  selector:
    matchLabels:
      app: zk
  serviceName: zk-hs
  replicas: 3
  updateStrategy:
    type: RollingUpdate
  podManagementPolicy: OrderedReady
  template:
    metadata:
      labels:
        app: zk
    spec:
      containers:
      - name: kubernetes-zookeeper
        image: registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10
        resources:
          requests:
            memory: "1Gi"
            cpu: "0.5"
        ports:
        - containerPort: 2181
          name: client
        - containerPort: 2888
          name: server
        - containerPort: 3888
          name: leader-election
        command: ["sh", "-c", "start-zookeeper --servers=3 --data_dir=/var/lib/zookeeper/data"]
        volumeMounts:
        - name: datadir
          mountPath: /var/lib/zookeeper
      securityContext:
        runAsUser: 1000
        fsGroup: 1000
  volumeClaimTemplates:
  - metadata:
      name: datadir
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 10Gi
`,
};
