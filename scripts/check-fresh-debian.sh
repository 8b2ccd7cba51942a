#!/usr/bin/env bash
# DEVELOPER TOOL, not run by CI or the tests: needs root and debootstrap, and
# downloads a Debian 12 base system (about 300 MB with the build dependencies).
#
# Shows that the README's set-up works on a fresh Debian 12 with the TypeORM
# compatibility tests: in a clean bookworm root made by debootstrap, it clones
# the committed HEAD of this repository, runs scripts/install-deps.sh (which
# installs Debian's Node 18 there), builds strata-cli and
# strata_typeorm_compat_tests, and runs those tests with CI=true (a test that
# cannot run fails instead of skipping). The tests get their Node from
# scripts/node-setup.sh (Debian's 18 is too old for TypeORM 1.x).
#
#   sudo scripts/check-fresh-debian.sh [--root DIR] [--mirror URL] [--ref REF] [--ccache DIR]
#
#   --root DIR    the Debian root (default /tmp/strata-deb12root). Made with
#                 debootstrap when DIR/etc/debian_version is missing, else reused.
#   --mirror URL  the Debian mirror for debootstrap (default: debootstrap's own).
#   --ref REF     the commit to test (default HEAD). Giving the commit before
#                 scripts/node-setup.sh existed shows the failure it fixes.
#   --ccache DIR  share a ccache folder with the root (saves most of the build);
#                 the clone sits at this repository's own path inside the root so
#                 the compiler sees the same paths.
#
# /proc and /dev are bound into the root while it runs and unmounted afterwards;
# the root itself is kept for a re-run (remove it with rm -rf when done).
set -euo pipefail

root=/tmp/strata-deb12root
mirror=
ref=HEAD
ccache=
while [ $# -gt 0 ]; do
    case "$1" in
        --root) root="$2"; shift 2 ;;
        --mirror) mirror="$2"; shift 2 ;;
        --ref) ref="$2"; shift 2 ;;
        --ccache) ccache="$(cd "$2" && pwd)"; shift 2 ;;
        *) sed -n '2,25p' "$0" >&2; exit 2 ;;
    esac
done

if [ "$(id -u)" -ne 0 ]; then
    echo "$0: needs root (debootstrap, chroot, mount)" >&2
    exit 1
fi
if ! command -v debootstrap >/dev/null; then
    echo "$0: needs debootstrap (apt-get install debootstrap)" >&2
    exit 1
fi

repo="$(cd "$(dirname "$0")/.." && pwd)"
commit="$(git -C "$repo" rev-parse --verify "$ref^{commit}")"

if [ ! -f "$root/etc/debian_version" ]; then
    echo "== debootstrap bookworm into $root"
    debootstrap --variant=minbase bookworm "$root" ${mirror:+"$mirror"}
fi

mounted=()
cleanup() {
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
        # A server or keyring daemon of the tests may still be exiting: detach lazily then.
        umount -R "${mounted[$i]}" 2>/dev/null || umount -R -l "${mounted[$i]}" || true
    done
}
trap cleanup EXIT
bind() {
    mkdir -p "$2"
    mount --rbind "$1" "$2"
    mount --make-rslave "$2"
    mounted+=("$2")
}
bind /proc "$root/proc"
bind /dev "$root/dev"
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
# The certificate authorities this machine added itself (a TLS-intercepting
# proxy's, say) are trusted inside too, so what downloads here downloads there.
# The official Node build trusts its own CA list, not the system's: such a
# machine sets NODE_EXTRA_CA_CERTS, and so does the root (Debian's bundle).
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    mkdir -p "$root/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
fi

src="$root$repo"
rm -rf "$src"
mkdir -p "$(dirname "$src")"
git clone -q --no-local "$repo" "$src"
git -C "$src" checkout -q --detach "$commit"
echo "== testing $(git -C "$src" log -1 --format='%h %s') in $root at $repo"

use_ccache=
if [ -n "$ccache" ]; then
    bind "$ccache" "$root/ccache"
    use_ccache=1
fi

chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 CI=true USE_CCACHE="$use_ccache" /bin/bash -euo pipefail -c '
cd "$1"
echo "== scripts/install-deps.sh"
scripts/install-deps.sh >/tmp/install-deps.log 2>&1 || { tail -n 30 /tmp/install-deps.log; exit 1; }
if [ -n "$(ls /usr/local/share/ca-certificates)" ]; then
    update-ca-certificates >/dev/null
    export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
fi
echo "node on PATH: $(command -v node) $(node --version); npm $(npm --version)"
launcher=()
if [ -n "$USE_CCACHE" ]; then
    command -v ccache >/dev/null || apt-get install -y -q ccache >/dev/null
    export CCACHE_DIR=/ccache CCACHE_BASEDIR="$(dirname "$1")"
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
echo "== build strata-cli strata_typeorm_compat_tests"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTRATA_WERROR=ON "${launcher[@]}" >/tmp/configure.log
cmake --build build --target strata-cli strata_typeorm_compat_tests --parallel "$(nproc)" >/tmp/build.log 2>&1 \
    || { tail -n 40 /tmp/build.log; exit 1; }
if [ -x scripts/node-setup.sh ]; then
    echo "== scripts/node-setup.sh build/node"
    scripts/node-setup.sh build/node
    echo "the tests run: $(build/node/bin/node --version) (the machine keeps $(command -v node) $(node --version))"
fi
echo "== ctest -R TypeOrmCompat"
status=0
QT_QPA_PLATFORM=offscreen scripts/with-keychain.sh \
    ctest --test-dir build -R TypeOrmCompat --output-on-failure --timeout 900 >/tmp/ctest.log 2>&1 || status=$?
grep -E "ERR_REQUIRE_ESM|node-setup:" /tmp/ctest.log | sort | uniq -c | head -n 5 || true
grep -E "^ *[0-9]+/[0-9]+ Test|tests passed|tests failed|The following tests FAILED" /tmp/ctest.log | tail -n 40
exit "$status"
' check-fresh-debian "$repo"
