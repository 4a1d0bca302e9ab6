#!/usr/bin/env bash
# CI stage: the real single-node cluster (docs/test-cluster.md). Builds or reuses the upstream
# binaries, brings the cluster up, runs `pnpm run e2e:cluster` (every promise of the deploy as
# checks; it runs `pnpm turbo deploy` and `pnpm turbo smoke-test` itself, as a user does), then
# `pnpm run e2e:ai-ops`, prints what runs, and always brings the cluster down.
# TODO_E2E_CLUSTER=0 runs only `pnpm turbo deploy` + `pnpm turbo smoke-test` instead of
# e2e:cluster (the quick path: about 1.5 minutes for those two instead of 7.5-14).
# Expects: root on Linux, DOCKER/NODE_IMAGE/DOCKER_BUILD_NETWORK set and the base image built
# (as .ci/run does), Helm from scripts/ci/helm.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."

t0=$SECONDS
stage() { printf '\n-- %s (%ss)\n' "$*" "$((SECONDS - t0))"; }
export HELM="${HELM:-$PWD/.tools/helm4/helm}"
export KUBECTL="${KUBECTL:-$( [ -x .tools/helm4/kubectl ] && echo "$PWD/.tools/helm4/kubectl" || command -v kubectl)}"
export KUBECONFIG="$PWD/.cluster/kubeconfig"

down() {
  rc=$?
  stage "cluster down"
  pnpm run --silent cluster down || rc=1
  # What the node left behind, if anything: must be nothing (another slot's cluster would show too).
  ps -eo pid,args | grep -E '/(kube-[a-z-]+|kubelet|etcd|coredns|local-path-provisioner|containerd-shim-runc-v2)( |$)|containerd --config /var/lib/todo-ci/' | grep -v grep || true
  printf '\ncluster stage: %ss (rc %s)\n' "$((SECONDS - t0))" "$rc"
  exit "$rc"
}
trap down EXIT

stage "build or reuse the cluster binaries (tools/cluster/build.sh)"
bash tools/cluster/build.sh >/dev/null
stage "cluster up"
pnpm run --silent cluster up
e2e_rc=0
if [ "${TODO_E2E_CLUSTER:-1}" != 0 ]; then
  # Every promise of the deploy as checks (README, docs/deploy.md); it brings nothing up or
  # down itself here (the cluster is running), and leaves the app deployed for e2e:ai-ops.
  stage "pnpm run e2e:cluster (every promise of the deploy, checked on the cluster)"
  e0=$SECONDS
  pnpm run --silent e2e:cluster || e2e_rc=$?
  echo "e2e:cluster took $((SECONDS - e0))s (rc $e2e_rc)"
else
  stage "pnpm turbo deploy"
  d0=$SECONDS
  pnpm turbo deploy
  echo "deploy took $((SECONDS - d0))s"
  stage "pnpm turbo smoke-test (turbo runs deploy again first: a no-change redeploy)"
  s0=$SECONDS
  pnpm turbo smoke-test
  echo "smoke-test took $((SECONDS - s0))s"
fi
# Last: it applies the AI-ops guardrails (RBAC, admission policies) to the app namespaces.
stage "pnpm run e2e:ai-ops (guardrails on the real cluster; the API server as third judge)"
a0=$SECONDS
pnpm run --silent e2e:ai-ops || e2e_rc=1
echo "e2e:ai-ops took $((SECONDS - a0))s"
stage "what runs"
"$KUBECTL" get pods -A -o wide
"$HELM" list -A
exit "$e2e_rc"
