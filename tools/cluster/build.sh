#!/usr/bin/env bash
# Builds the test cluster's binaries (from the Go modules pinned in this folder) and its
# FROM-scratch images, once per cache key. The key hashes every go.mod/go.sum here, this
# script, the image sources and the Go version: a warm run builds nothing and prints the dir.
#
#   bash tools/cluster/build.sh          # prints the cache dir (bin/, images/, versions.json)
#   TODO_CLUSTER_CACHE=/path bash ...    # cache root (default ~/.cache/todo-cluster)
#
# Each Go module builds apart: one module graph for Kubernetes and all add-ons would let the
# add-ons' requirements move Kubernetes' dependency versions (minimal version selection).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

K8S_VERSION=v1.34.4
DOCKER="${DOCKER:-docker}"
cache_root="${TODO_CLUSTER_CACHE:-$HOME/.cache/todo-cluster}"

key=$(
  {
    go version
    for f in $(find . -name go.mod -o -name go.sum -o -path './images/*' -type f | LC_ALL=C sort); do
      printf '%s ' "$f"
      sha256sum <"$f"
    done
    sha256sum <build.sh
  } | sha256sum | cut -c1-16
)
out="$cache_root/$key"
if [ -n "${CLUSTER_CACHE_ONLY:-}" ]; then # where the binaries are (or would be); builds nothing
  echo "$out"
  exit 0
fi
if [ -f "$out/complete" ]; then
  echo "$out"
  exit 0
fi

log() { printf '[cluster build %s] %s\n' "$(date +%T)" "$*" >&2; }
work="$out.partial"
mkdir -p "$work/bin" "$work/images"
times="$work/build-times.txt"
: >"$times"

# Versions come from the pinned modules, not from this script: go.mod is the single source.
modver() { (cd "$1" && go list -m -f '{{.Version}}' "$2"); }

# go build with the flags every part shares; $1 = module dir, $2.. = go build args.
gobuild() {
  local dir=$1 name=$2
  shift 2
  local start=$SECONDS
  log "building $name"
  (cd "$dir" && CGO_ENABLED=0 go build -p "${CLUSTER_BUILD_PARALLEL:-2}" -trimpath "$@")
  echo "$name $((SECONDS - start))s" >>"$times"
}

ld_k8s="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ld_k8s="$ld_k8s -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=34 -X $p.gitTreeState=clean"
done
[ "$(modver . k8s.io/kubernetes)" = "$K8S_VERSION" ] || {
  echo "tools/cluster/go.mod pins k8s.io/kubernetes $(modver . k8s.io/kubernetes), build.sh expects $K8S_VERSION" >&2
  exit 1
}
gobuild . kubernetes -tags selinux,notest,grpcnotrace -ldflags "$ld_k8s" -o "$work/bin/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubelet k8s.io/kubernetes/cmd/kube-proxy

crictl_v=$(modver crictl sigs.k8s.io/cri-tools)
router_v=$(modver kube-router github.com/cloudnativelabs/kube-router/v2)
lpp_v=$(modver local-path github.com/rancher/local-path-provisioner)
coredns_v=$(modver coredns github.com/coredns/coredns)
etcd_v=$(modver etcd go.etcd.io/etcd/server/v3)

# etcd's main package is its server module's root.
gobuild etcd etcd -ldflags "-s -w" -o "$work/bin/etcd" go.etcd.io/etcd/server/v3
gobuild crictl crictl -ldflags "-s -w -X sigs.k8s.io/cri-tools/pkg/version.Version=$crictl_v" \
  -o "$work/bin/crictl" sigs.k8s.io/cri-tools/cmd/crictl
gobuild kube-router kube-router \
  -ldflags "-s -w -X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version=$router_v" \
  -o "$work/bin/kube-router" github.com/cloudnativelabs/kube-router/v2/cmd/kube-router
gobuild local-path local-path-provisioner -ldflags "-s -w -X main.VERSION=$lpp_v" \
  -o "$work/bin/local-path-provisioner" github.com/rancher/local-path-provisioner
gobuild coredns coredns -ldflags "-s -w" -o "$work/bin/coredns" github.com/coredns/coredns

# Images, FROM scratch (no registry reachable). Tags say they are local builds.
busybox_v=$(dpkg-query -W -f '${Version}' busybox-static | sed 's/^[0-9]*://; s/-.*//')
image() { # $1 = name:tag, $2 = image source dir, $3.. = files to copy into the context
  local tag=$1 src=$2 ctx
  shift 2
  ctx=$(mktemp -d)
  cp "$src/Dockerfile" "$ctx/"
  for f in "$@"; do cp -a "$f" "$ctx/"; done
  DOCKER_BUILDKIT=1 "$DOCKER" build -q --network host -t "$tag" "$ctx" >/dev/null
  "$DOCKER" save -o "$work/images/$(echo "${tag%%:*}" | tr / _).tar" "$tag"
  rm -rf "$ctx"
  log "image $tag"
}
pause_dir=$(mktemp -d)
gcc -static -Os -o "$pause_dir/pause" images/pause/pause.c
strip "$pause_dir/pause"
image todo-ci.local/pause:3.10 images/pause "$pause_dir/pause"
rm -rf "$pause_dir"
image "todo-ci.local/coredns:$coredns_v" images/coredns "$work/bin/coredns"
image "todo-ci.local/local-path-provisioner:$lpp_v" images/local-path "$work/bin/local-path-provisioner"
rootfs=$(mktemp -d)/rootfs
mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/etc"
cp /bin/busybox "$rootfs/bin/busybox"
for applet in $(/bin/busybox --list); do
  [ "$applet" = busybox ] || ln -s busybox "$rootfs/bin/$applet"
done
echo 'nobody:x:65534:65534:nobody:/:/bin/false' >"$rootfs/etc/passwd"
chmod 1777 "$rootfs/tmp"
image "todo-ci.local/busybox:$busybox_v" images/busybox "$rootfs"
rm -rf "$(dirname "$rootfs")"

postgres_tag=$(DOCKER="$DOCKER" bash images/postgres/build.sh todo-ci.local/postgres)
"$DOCKER" save -o "$work/images/todo-ci.local_postgres.tar" "$postgres_tag"
log "image $postgres_tag"

cat >"$work/versions.json" <<EOF
{
  "kubernetes": "$K8S_VERSION",
  "etcd": "$etcd_v",
  "coredns": "$coredns_v",
  "localPathProvisioner": "$lpp_v",
  "crictl": "$crictl_v",
  "kubeRouter": "$router_v",
  "busybox": "$busybox_v",
  "pause": "3.10",
  "postgresStandIn": "${postgres_tag##*:}",
  "images": {
    "pause": "todo-ci.local/pause:3.10",
    "coredns": "todo-ci.local/coredns:$coredns_v",
    "localPathProvisioner": "todo-ci.local/local-path-provisioner:$lpp_v",
    "busybox": "todo-ci.local/busybox:$busybox_v",
    "postgres": "$postgres_tag"
  }
}
EOF
touch "$work/complete"
rm -rf "$out"
mv "$work" "$out"
log "done: $(tr '\n' ' ' <"$out/build-times.txt")"
echo "$out"
