#!/usr/bin/env bash
# A script written for kubectl, run unchanged against sts (the test puts a `kubectl` that runs
# sts first on PATH). It uses the habits scripts have: -o jsonpath, -o name, selectors,
# exit codes, wait, rollout status.
set -euo pipefail

kubectl apply -f fixtures/web/web.yaml
kubectl rollout status statefulset/web --timeout=2m

# every pod name, one per line
for pod in $(kubectl get pods -l app=nginx -o jsonpath='{.items[*].metadata.name}'); do
  kubectl exec "$pod" -- sh -c 'echo "$(hostname)" > /usr/share/nginx/html/index.html'
done

# each pod serves its own page
for i in 0 1; do
  page=$(kubectl exec web-0 -- curl -s "http://web-$i.nginx")
  [ "$page" = "web-$i" ] || { echo "web-$i served '$page'" >&2; exit 1; }
done

ready=$(kubectl get sts web -o jsonpath='{.status.readyReplicas}')
[ "$ready" = "2" ] || { echo "ready=$ready" >&2; exit 1; }

# a missing object fails with kubectl's message and exit code 1
if kubectl get pod nope >/dev/null 2>err.txt; then echo "expected failure" >&2; exit 1; fi
grep -q 'Error from server (NotFound): pods "nope" not found' err.txt
rm -f err.txt

kubectl scale sts web --replicas=3
kubectl wait --for=jsonpath='{.status.readyReplicas}'=3 sts/web --timeout=60s
kubectl get pods -o custom-columns=NAME:.metadata.name,PHASE:.status.phase --no-headers | awk '{print $1 "=" $2}'
kubectl get pvc -o name | wc -l | tr -d ' '
kubectl delete sts web --wait
echo done
