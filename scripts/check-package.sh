#!/usr/bin/env bash
# Makes the .deb packages from a build folder with cpack and checks them the
# way Debian would: lintian (no error, no warning), the programs stripped with
# their symbols in strata-dbg at the path gdb looks up by build id, the man
# pages render without a groff warning, the shell completions, copyright and
# changelog are where Debian's tools look, the desktop entry passes
# desktop-file-validate and the AppStream metadata appstreamcli validate.
# ctest runs it (strata_package); a failure names the check.
#
#   scripts/check-package.sh [--build DIR] [--out DIR]
#
#   --build DIR  the configured and built build folder (default: build)
#   --out DIR    where to leave the packages (default: a temporary folder,
#                removed afterwards)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$repo/build
out=
while (($#)); do
    case $1 in
    --build) build=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "check-package: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

fail() {
    echo "check-package: FAILED: $*" >&2
    exit 1
}
for tool in cpack lintian dpkg-deb readelf desktop-file-validate appstreamcli man; do
    command -v "$tool" >/dev/null || fail "'$tool' is not installed (scripts/install-deps.sh installs it)"
done
[[ -f $build/CPackConfig.cmake ]] || fail "no CPackConfig.cmake in '$build': configure and build it first"

work=$(mktemp -d "${TMPDIR:-/tmp}/strata-package.XXXXXX")
trap 'rm -rf -- "$work"' EXIT
if [[ -z $out ]]; then
    out=$work/out
fi
mkdir -p "$out"

echo "== cpack -G DEB"
(cd "$build" && cpack -G DEB -B "$out" >"$work/cpack.log" 2>&1) || {
    cat "$work/cpack.log" >&2
    fail "cpack -G DEB"
}
deb=$(ls "$out"/strata_*.deb)
dbg=$(ls "$out"/strata-dbg_*.deb)
echo "   $(basename "$deb") $(du -h "$deb" | cut -f1), $(basename "$dbg") $(du -h "$dbg" | cut -f1)"

echo "== lintian"
# Errors and warnings fail; informational tags are printed for the record.
if ! lintian --no-cfg --fail-on error,warning -I "$deb" "$dbg" 2>&1 | grep -v 'running with root privileges' | tee "$work/lintian.log"; then
    fail "lintian found errors or warnings (above)"
fi

echo "== contents"
mkdir "$work/root" "$work/root-dbg"
dpkg-deb -x "$deb" "$work/root"
dpkg-deb -x "$dbg" "$work/root-dbg"
for path in usr/bin/strata usr/bin/strata-cli \
    usr/share/man/man1/strata.1.gz usr/share/man/man1/strata-cli.1.gz \
    usr/share/bash-completion/completions/strata-cli \
    usr/share/zsh/vendor-completions/_strata-cli \
    usr/share/fish/vendor_completions.d/strata-cli.fish \
    usr/share/doc/strata/copyright usr/share/doc/strata/changelog.gz \
    usr/share/applications/io.strata.Strata.desktop \
    usr/share/metainfo/io.strata.Strata.metainfo.xml \
    usr/share/icons/hicolor/scalable/apps/io.strata.Strata.svg; do
    [[ -s $work/root/$path ]] || fail "the package has no $path"
done
for program in strata strata-cli; do
    binary=$work/root/usr/bin/$program
    if readelf -S "$binary" | grep -q '\.debug_info'; then
        fail "usr/bin/$program is not stripped"
    fi
    id=$(readelf -n "$binary" | sed -n 's/.*Build ID: \([0-9a-f]*\).*/\1/p')
    [[ -n $id ]] || fail "usr/bin/$program has no build id"
    symbols=$work/root-dbg/usr/lib/debug/.build-id/${id:0:2}/${id:2}.debug
    [[ -f $symbols ]] || fail "strata-dbg has no symbols for $program at ${symbols#"$work/root-dbg/"}"
    readelf -S "$symbols" 2>/dev/null | grep -q '\.debug_info' || fail "${symbols#"$work/root-dbg/"} holds no debug information"
    echo "   $program: stripped, symbols in strata-dbg (build id $id)"
done

echo "== man pages"
for page in strata strata-cli; do
    file=$work/root/usr/share/man/man1/$page.1.gz
    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$file" 2>&1 >/dev/null || true)
    [[ -z $warnings ]] || fail "man $page: $warnings"
    rendered=$(LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$file" 2>/dev/null)
    grep -q '^SYNOPSIS' <<<"$rendered" || fail "man $page has no SYNOPSIS"
    grep -q -- '--version' <<<"$rendered" || fail "man $page does not list --version"
done
LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$work/root/usr/share/man/man1/strata-cli.1.gz" 2>/dev/null |
    grep -q 'EXIT STATUS' || fail "man strata-cli has no EXIT STATUS"
echo "   strata(1), strata-cli(1) render without warnings"

echo "== desktop entry and AppStream metadata"
desktop-file-validate "$work/root/usr/share/applications/io.strata.Strata.desktop" ||
    fail "desktop-file-validate io.strata.Strata.desktop"
# --no-net: the screenshots' addresses are not fetched (CI has no internet).
appstreamcli validate --no-net --pedantic "$work/root/usr/share/metainfo/io.strata.Strata.metainfo.xml" ||
    fail "appstreamcli validate io.strata.Strata.metainfo.xml"
grep -q '<screenshot' "$work/root/usr/share/metainfo/io.strata.Strata.metainfo.xml" ||
    fail "the AppStream metadata has no screenshots"
grep -q '<release ' "$work/root/usr/share/metainfo/io.strata.Strata.metainfo.xml" ||
    fail "the AppStream metadata has no release notes"

echo "check-package: all checks passed"
