#!/usr/bin/env bash
# Installs squawk, the PostgreSQL migration linter bench/run-lint-bench.sh
# compares Strata's lint with, into CACHE_DIR (default build/lint-bench/squawk)
# with `npm ci` from bench/squawk/package-lock.json. The lockfile pins
# @squawk-cli/linux-x64, the package holding squawk's native binary, rather than
# squawk-cli: that one is only a node launcher whose optional dependencies list
# every platform, and a lockfile made where only one of them can be installed
# fails `npm ci`. Nothing is downloaded outside the npm registry. A stamp holding the lockfile's SHA-256
# skips the install when nothing changed. Prints the path of the squawk
# executable on success; exit status non-zero when npm is missing or the
# install fails.
#
# Usage: bench/lint-bench-setup.sh [CACHE_DIR]
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/bench/squawk"
cache="${1:-$root/build/lint-bench/squawk}"  # run-lint-bench.sh passes BUILD/lint-bench/squawk
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
    echo "lint-bench-setup: node and npm are needed (scripts/install-deps.sh installs them)" >&2
    exit 1
fi
mkdir -p "$cache"
exec 9>"$cache/.setup.lock"
flock 9

want="$(cat "$src/package.json" "$src/package-lock.json" | sha256sum | cut -d' ' -f1)"
bin="$cache/node_modules/@squawk-cli/linux-x64/bin/squawk"
if ! { [ -f "$cache/.stamp" ] && [ "$(cat "$cache/.stamp")" = "$want" ] && [ -x "$bin" ]; }; then
    rm -rf "$cache/node_modules" "$cache/.stamp"
    cp "$src/package.json" "$src/package-lock.json" "$cache/"
    echo "lint-bench-setup: npm ci for squawk in $cache" >&2
    (cd "$cache" && npm ci --no-audit --no-fund --loglevel=error) >&2
    echo "$want" >"$cache/.stamp"
fi
if ! "$bin" --version >/dev/null 2>&1; then
    echo "lint-bench-setup: $bin does not run (the lockfile pins the linux-x64 binary; this is $(uname -s)-$(uname -m))" >&2
    exit 1
fi
echo "$bin"
