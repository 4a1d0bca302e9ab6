#!/usr/bin/env bash
# A stand-in for the chart's postgres:17.6-bookworm (Docker Hub is unreachable here): Debian
# bookworm's postgresql-15 on a debootstrap minbase root, user postgres with uid/gid 999 as in
# the official image, and an entrypoint honouring the variables the chart sets. Honestly
# tagged: <repo>:<postgres version>-bookworm-standin. Prints the tag.
#   bash build.sh <repository>     (DOCKER, DEBIAN_MIRROR from the environment)
set -euo pipefail
repo=$1
here="$(cd "$(dirname "$0")" && pwd)"
DOCKER=${DOCKER:-docker}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
# Rebuilt only when this recipe changes (the image carries its hash as a label).
recipe=$(cat "$0" "$here/docker-entrypoint.sh" | sha256sum | cut -c1-16)
existing=$("$DOCKER" images --filter "label=todo.recipe=$recipe" --format '{{.Repository}}:{{.Tag}}' "$repo" | head -1)
if [ -n "$existing" ]; then
  echo "$existing"
  exit 0
fi
work=$(mktemp -d)
trap 'umount "$work/rootfs/proc" 2>/dev/null || true; rm -rf "$work"' EXIT
rootfs=$work/rootfs

debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 ||
  { tail -20 "$work/debootstrap.log" >&2; exit 1; }
# The official image's ids, before the package would pick its own.
chroot "$rootfs" groupadd -r -g 999 postgres
chroot "$rootfs" useradd -r -u 999 -g postgres -d /var/lib/postgresql -s /bin/bash postgres
mkdir -p "$rootfs/etc/postgresql-common"
echo 'create_main_cluster = false' >"$rootfs/etc/postgresql-common/createcluster.conf"
printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d" && chmod +x "$rootfs/usr/sbin/policy-rc.d"
mount -t proc proc "$rootfs/proc"
chroot "$rootfs" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  postgresql-15 >"$work/apt.log" 2>&1 || { tail -20 "$work/apt.log" >&2; exit 1; }
version=$(chroot "$rootfs" dpkg-query -W -f '${Version}' postgresql-15 | sed 's/-.*//; s/+.*//')
umount "$rootfs/proc"
rm -f "$rootfs/usr/sbin/policy-rc.d"
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* \
  "$rootfs"/var/cache/apt/* "$rootfs"/var/log/*
install -m 0755 "$here/docker-entrypoint.sh" "$rootfs/usr/local/bin/docker-entrypoint.sh"
mkdir -p "$rootfs/var/lib/postgresql/data" "$rootfs/var/run/postgresql"
chown -R 999:999 "$rootfs/var/lib/postgresql" "$rootfs/var/run/postgresql"

tag="$repo:$version-bookworm-standin"
# docker import cannot set STOPSIGNAL: import the root, then one Dockerfile step on top.
tar -C "$rootfs" -c . | "$DOCKER" import - "$repo:rootfs-$version" >/dev/null
cat >"$work/Dockerfile" <<DOCKERFILE
FROM $repo:rootfs-$version
LABEL todo.recipe=$recipe
ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
ENV PGDATA=/var/lib/postgresql/data
USER 999:999
EXPOSE 5432
# The official image's: postgres shuts down fast on SIGINT.
STOPSIGNAL SIGINT
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
DOCKERFILE
DOCKER_BUILDKIT=1 "$DOCKER" build -q --network none -t "$tag" "$work" >/dev/null
"$DOCKER" rmi "$repo:rootfs-$version" >/dev/null
echo "$tag"
