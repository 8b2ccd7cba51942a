#!/usr/bin/env bash
# Installs the TypeORM CLI versions the compatibility tests run against
# (tests/typeorm/compat/<version>/package-lock.json) into CACHE_DIR/<version>
# with `npm ci`, once per lockfile: a stamp holding the lockfile's SHA-256 skips
# the install when nothing changed. Exit status non-zero when npm is missing or
# an install fails; the tests then fail (in CI) or skip (elsewhere) with this
# script's output. The node and npm on PATH are used: TypeORM 1.x needs a newer
# Node than Debian 12's, which scripts/node-setup.sh provides (the tests put it
# first on PATH); an older node is refused here with a message rather than
# failing later inside TypeORM with ERR_REQUIRE_ESM.
#
# Usage: scripts/typeorm-compat-setup.sh CACHE_DIR [VERSION...]   (default: every version folder)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
compat="$root/tests/typeorm/compat"
if [ $# -lt 1 ]; then
    echo "usage: $0 CACHE_DIR [VERSION...]" >&2
    exit 2
fi
cache="$1"
shift
versions=("$@")
if [ ${#versions[@]} -eq 0 ]; then
    for d in "$compat"/v*/; do versions+=("$(basename "$d")"); done
fi
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
    echo "typeorm-compat-setup: node and npm are needed (scripts/install-deps.sh installs them)" >&2
    exit 1
fi
"$root/scripts/node-setup.sh" --check

mkdir -p "$cache"
# Two test processes may set up at once (ctest --parallel): one lock for the cache.
exec 9>"$cache/.setup.lock"
flock 9

for v in "${versions[@]}"; do
    src="$compat/$v"
    if [ ! -f "$src/package-lock.json" ]; then
        echo "typeorm-compat-setup: no $src/package-lock.json" >&2
        exit 1
    fi
    dest="$cache/$v"
    want="$(cat "$src/package.json" "$src/package-lock.json" | sha256sum | cut -d' ' -f1)"
    if [ -f "$dest/.stamp" ] && [ "$(cat "$dest/.stamp")" = "$want" ] && [ -d "$dest/node_modules/typeorm" ]; then
        continue
    fi
    # shellcheck source=scripts/npm-registry.sh
    source "$root/scripts/npm-registry.sh"
    if ! npm_registry_reachable "$cache"; then
        echo "typeorm-compat-setup: cannot install TypeORM $v for the compatibility tests" >&2
        exit 1
    fi
    rm -rf "$dest"
    mkdir -p "$dest"
    cp "$src/package.json" "$src/package-lock.json" "$dest/"
    echo "typeorm-compat-setup: npm ci for $v in $dest"
    (cd "$dest" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$dest/.stamp"
done
