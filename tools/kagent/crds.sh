#!/usr/bin/env bash
# kagent's CRDs at the pinned version, from kagent's own Go module through the Go module proxy
# (the module carries them under config/crd/bases). Prints the directory holding the YAML:
#   bash tools/kagent/crds.sh [VERSION]        (default: KAGENT_VERSION in packages/infra/src/ai-ops/kagent.ts)
# Cached outside the repository in ${KAGENT_CRD_CACHE:-~/.cache/todo-kagent}/<version>/crds.
# Exits 1 with the proxy's answer when the module cannot be downloaded.
set -euo pipefail
cd "$(dirname "$0")/../.."
version="${1:-$(sed -n "s/^export const KAGENT_VERSION = '\(.*\)';/\1/p" packages/infra/src/ai-ops/kagent.ts)}"
[ -n "$version" ] || { echo "error: no kagent version given or found in kagent.ts" >&2; exit 1; }
out="${KAGENT_CRD_CACHE:-$HOME/.cache/todo-kagent}/$version/crds"
if compgen -G "$out/*.yaml" >/dev/null; then echo "$out"; exit 0; fi
go="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The CRDs moved from the go module to go/api in later releases: try both.
for module in github.com/kagent-dev/kagent/go github.com/kagent-dev/kagent/go/api; do
  if (cd "$work" && GOFLAGS=-mod=mod "$go" mod download -json "$module@v$version") >"$work/dl.json" 2>"$work/err"; then
    dir="$(sed -n 's/^\t"Dir": "\(.*\)",$/\1/p' "$work/dl.json")"
    if [ -d "$dir/config/crd/bases" ]; then
      mkdir -p "$out"
      cp "$dir"/config/crd/bases/*.yaml "$out/"
      echo "$out"
      exit 0
    fi
    echo "$module@v$version has no config/crd/bases" >>"$work/why"
  else
    # -json reports the error in its output, not on stderr.
    { printf '  %s@v%s: ' "$module" "$version"; sed -n 's/^\t"Error": "\(.*\)"$/\1/p' "$work/dl.json" | head -c 300; sed -n '1,2p' "$work/err"; echo; } >>"$work/why"
  fi
done
echo "error: kagent $version CRDs not available from the Go module proxy ($("$go" env GOPROXY)):" >&2
cat "$work/why" >&2
exit 1
