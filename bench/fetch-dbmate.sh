#!/usr/bin/env bash
# Provides dbmate, the peer bench/run-migrations-bench.sh measures Strata
# against (a Go migration runner that reads the same `-- migrate:up` /
# `-- migrate:down` files, one transaction per migration).
#
#   bench/fetch-dbmate.sh DIR
#       Afterwards DIR/dbmate is dbmate $version: fetched with `npm pack` from
#       the registry npm is configured with (the @dbmate/linux-x64 package is
#       the release binary the `dbmate` npm package installs), checked against
#       the integrity pinned here and unpacked into DIR. Nothing else changes.
#       Prints the path on success; exits 1 with npm's reason when it cannot.
#
# dbmate is MIT-licensed; it is a benchmark tool only, never installed or packaged.
set -euo pipefail

version=2.36.0
integrity=sha512-LdLpgyuluwJ93rWcvJjdlsjJ8rBeeAH52h3dSk0zAMaLrQn49dup1/o2tFpG1jM9f767HkuXdBrrjy6ZwG9BSg==

[ $# -eq 1 ] || {
    echo "usage: bench/fetch-dbmate.sh DIR" >&2
    exit 2
}
dir=$1
if [ -x "$dir/dbmate" ] && [ "$("$dir/dbmate" --version 2>/dev/null)" = "dbmate version $version" ]; then
    echo "$dir/dbmate"
    exit 0
fi
case "$(uname -m)" in
x86_64) ;;
*)
    echo "fetch-dbmate: only x86_64 is pinned here (the registry has no arm64 build of $version)" >&2
    exit 1
    ;;
esac
command -v npm >/dev/null || {
    echo "fetch-dbmate: npm is needed to fetch dbmate (apt-get install npm)" >&2
    exit 1
}
# shellcheck source=scripts/npm-registry.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/npm-registry.sh"
mkdir -p "$dir"
npm_registry_reachable "$dir" || exit 1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@dbmate/linux-x64@$version" >pack.out 2>pack.err) || {
    echo "fetch-dbmate: npm pack @dbmate/linux-x64@$version failed:" >&2
    cat "$work/pack.err" >&2
    exit 1
}
tarball="$work/$(tail -n 1 "$work/pack.out")"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$integrity" ]; then
    echo "fetch-dbmate: $tarball has integrity $actual, expected $integrity" >&2
    exit 1
fi
tar -xzf "$tarball" -C "$work"
install -m 0755 "$work/package/bin/dbmate" "$dir/dbmate"
echo "$dir/dbmate"
