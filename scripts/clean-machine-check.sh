#!/usr/bin/env bash
# DEVELOPER TOOL (root, mmdebstrap, a few GB in /tmp; not run by CI): shows that
# a clean Debian 12 can do what the README says, both ways.
#
#   (a) README literally, in a clean root: install git, clone this repository,
#       run the run command without a display (scripts/demo.sh walks through
#       the sample with strata-cli and saves a picture of the app's window)
#       and under Xvfb (the app itself, its window saved by STRATA_SCREENSHOT),
#       then the test command with CI=true (scripts/test.sh: a full build and
#       every test, 35-45 minutes on 2 cores).
#   (b) The .deb, in another clean root: cpack -G DEB from a build folder,
#       apt-get install ./strata_*.deb (apt brings the Depends and Recommends
#       from Debian), then strata-cli --version, the man page and completions,
#       and as an ordinary user a sandbox with the sample migrations: status,
#       up, status, down, the app rendered offscreen, sandbox stop.
#
# Prints a table of every step (PASS/FAIL, seconds) and exits 1 if one failed;
# each step's output is in WORK/logs/<step>.log.
#
#   sudo scripts/clean-machine-check.sh [--work DIR] [--only readme|deb]
#        [--skip-tests] [--build DIR] [--ref REF] [--keep]
#
#   --work DIR     where the roots, logs and pictures go (default
#                  /tmp/strata-clean-machine); the Debian base is made once
#                  (WORK/base.tar) and reused by later runs
#   --only PART    run only part readme or part deb
#   --skip-tests   part (a) without scripts/test.sh
#   --build DIR    the built build folder cpack packages for part (b) (default build)
#   --ref REF      the commit part (a) clones (default HEAD)
#   --keep         keep the two roots afterwards (default: removed)
#
# The roots use this machine's apt sources and apt configuration, so they
# reach the same Debian mirror (or proxy) this machine does.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=/tmp/strata-clean-machine
only=
skip_tests=0
build=$repo/build
ref=HEAD
keep=0
while (($#)); do
    case $1 in
    --work) work=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --skip-tests) skip_tests=1; shift ;;
    --build) build=$(cd "$2" && pwd); shift 2 ;;
    --ref) ref=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "clean-machine-check: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
die() {
    echo "clean-machine-check: $*" >&2
    exit 2
}
[[ -z $only || $only == readme || $only == deb ]] || die "--only takes readme or deb"
((EUID == 0)) || die "needs root (mmdebstrap, chroot, mount)"
command -v mmdebstrap >/dev/null || die "needs mmdebstrap (apt-get install mmdebstrap)"
commit=$(git -C "$repo" rev-parse --verify "$ref^{commit}") || die "no commit '$ref'"

mkdir -p "$work/logs"
work=$(cd "$work" && pwd)
rm -f "$work"/logs/*.log

# --- the table -------------------------------------------------------------
names=() results=() seconds=()
failed=0
# step NAME COMMAND...: runs it with its output in logs/NAME.log.
step() {
    local name=$1 start rc=0
    shift
    printf '%-32s ' "$name"
    start=$(date +%s)
    "$@" >"$work/logs/$name.log" 2>&1 || rc=$?
    names+=("$name")
    seconds+=($(($(date +%s) - start)))
    if ((rc == 0)); then
        results+=(PASS)
        echo "PASS (${seconds[-1]} s)"
    else
        results+=(FAIL)
        failed=1
        echo "FAIL (${seconds[-1]} s, exit $rc): $work/logs/$name.log"
        tail -n 5 "$work/logs/$name.log" | sed 's/^/    /'
    fi
    return "$rc"
}
table() {
    echo
    printf '| %-32s | %-6s | %8s |\n' step result seconds
    printf '|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..34})" "--------" "----------"
    local i
    for i in "${!names[@]}"; do
        printf '| %-32s | %-6s | %8s |\n' "${names[i]}" "${results[i]}" "${seconds[i]}"
    done
}

# --- clean roots -------------------------------------------------------------
mounted=()
roots=()
cleanup() {
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
        umount -l "${mounted[i]}" 2>/dev/null || true
    done
    if ((keep == 0)); then
        for i in "${roots[@]}"; do
            rm -rf --one-file-system -- "$i"
        done
    fi
}
trap cleanup EXIT

make_base() {
    local sources=() options=() f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [[ -f $f ]] && sources+=("$f")
    done
    for f in /etc/apt/apt.conf.d/*; do
        [[ -f $f ]] && options+=("--aptopt=$f")
    done
    mmdebstrap --variant=apt --format=tar --include=ca-certificates "${options[@]}" \
        bookworm "$work/base.tar.new" "${sources[@]}"
    mv "$work/base.tar.new" "$work/base.tar"
}

# new_root DIR: a fresh copy of the base with /proc, /sys, /dev bound.
new_root() {
    local root=$1
    rm -rf --one-file-system -- "$root"
    mkdir -p "$root"
    roots+=("$root")
    tar -C "$root" -xf "$work/base.tar"
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    mount -t proc proc "$root/proc" && mounted+=("$root/proc")
    mount --bind /sys "$root/sys" && mounted+=("$root/sys")
    mount --bind /dev "$root/dev" && mounted+=("$root/dev")
    mount --bind /dev/pts "$root/dev/pts" && mounted+=("$root/dev/pts")
    mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm" && mounted+=("$root/dev/shm")
}

# in_root DIR SCRIPT: runs a bash script as root inside, with a clean environment.
in_root() {
    local root=$1
    shift
    chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        LANG=C.UTF-8 TERM=dumb bash -euo pipefail -c "$1"
}

is_png() {
    [[ -s $1 ]] && [[ $(head -c 8 "$1" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]]
}

if [[ ! -f $work/base.tar ]]; then
    step base-debian-12-root make_base || {
        table
        exit 1
    }
fi

# --- (a) the README, literally ----------------------------------------------
if [[ -z $only || $only == readme ]]; then
    a=$work/root-readme
    new_root "$a"
    git clone -q --bare "$repo" "$a/srv/strata.git"
    git -C "$a/srv/strata.git" update-ref refs/heads/check "$commit"
    git -C "$a/srv/strata.git" symbolic-ref HEAD refs/heads/check

    step a1-install-git in_root "$a" 'apt-get update -q && apt-get install -y -q git' &&
        step a2-clone in_root "$a" 'git clone /srv/strata.git /root/strata && git -C /root/strata log --oneline -1' &&
        {
            # Without a display: the command-line walk-through and a picture.
            step a3-demo-without-display in_root "$a" \
                'cd /root/strata && scripts/demo.sh && test -s build/strata-window.png' &&
                is_png "$a/root/strata/build/strata-window.png" &&
                cp "$a/root/strata/build/strata-window.png" "$work/demo-without-display.png"
            # Under Xvfb: the app itself opens; STRATA_SCREENSHOT saves its
            # window and quits instead of waiting for a person.
            step a4-demo-under-xvfb in_root "$a" \
                'cd /root/strata && STRATA_SCREENSHOT=/root/demo-xvfb.png STRATA_SCREENSHOT_DELAY_MS=5000 \
                 xvfb-run -a -s "-screen 0 1400x900x24" scripts/demo.sh && test -s /root/demo-xvfb.png' &&
                is_png "$a/root/demo-xvfb.png" && cp "$a/root/demo-xvfb.png" "$work/demo-under-xvfb.png"
            if ((skip_tests == 0)); then
                step a5-test-command in_root "$a" 'cd /root/strata && CI=true scripts/test.sh'
            fi
            in_root "$a" 'cd /root/strata && build/src/cli/strata-cli sandbox stop' >/dev/null 2>&1 || true
        } || true
fi

# --- (b) the .deb -------------------------------------------------------------
if [[ -z $only || $only == deb ]]; then
    debs=$work/debs
    rm -rf "$debs"
    make_debs() {
        [[ -f $build/CPackConfig.cmake ]] || { echo "no CPackConfig.cmake in $build: build it first"; return 1; }
        (cd "$build" && cpack -G DEB -B "$debs") && ls -l "$debs"/*.deb
    }
    b=$work/root-deb
    if step b1-cpack make_debs; then
        new_root "$b"
        mkdir -p "$b/srv/debs" "$b/srv/migrations"
        cp "$debs"/strata_*.deb "$b/srv/debs/"
        cp "$repo"/migrations/*.sql "$b/srv/migrations/"
        # apt-get install of a local file: Depends and Recommends from Debian.
        step b2-apt-install-deb in_root "$b" 'apt-get update -q && apt-get install -y -q /srv/debs/strata_*.deb' &&
            step b3-version in_root "$b" 'strata-cli --version | grep -x "strata-cli [0-9.]*" && strata --version' &&
            step b4-man-and-completions in_root "$b" \
                'test -s /usr/share/man/man1/strata-cli.1.gz && test -s /usr/share/man/man1/strata.1.gz &&
                 zcat /usr/share/man/man1/strata-cli.1.gz | grep -q "EXIT STATUS" &&
                 test -s /usr/share/bash-completion/completions/strata-cli &&
                 test -s /usr/share/zsh/vendor-completions/_strata-cli &&
                 test -s /usr/share/fish/vendor_completions.d/strata-cli.fish' &&
            {
                # PostgreSQL refuses to run as root: an ordinary user, as on a desktop.
                in_root "$b" 'useradd -m alice && cp -r /srv/migrations /home/alice/ && chown -R alice: /home/alice'
                as_alice="cd /home/alice && runuser -u alice -- env HOME=/home/alice"
                cli="$as_alice strata-cli --sandbox --migrations migrations"
                step b5-sandbox-start in_root "$b" "$as_alice strata-cli sandbox start" &&
                    step b6-status-pending in_root "$b" "$cli status; test \$($cli status --json | grep -c '\"pending\"') -ge 1" &&
                    step b7-up in_root "$b" "$cli up" &&
                    step b8-status-applied in_root "$b" "$cli status --exit-code" &&
                    step b9-down in_root "$b" "$cli down && $cli status" &&
                    step b10-app-offscreen in_root "$b" \
                        "$as_alice QT_QPA_PLATFORM=offscreen STRATA_SCREENSHOT=/home/alice/app.png \
                         STRATA_SCREENSHOT_DELAY_MS=5000 strata /home/alice/migrations && test -s /home/alice/app.png" &&
                    is_png "$b/home/alice/app.png" && cp "$b/home/alice/app.png" "$work/deb-app-offscreen.png"
                step b11-sandbox-stop in_root "$b" "$as_alice strata-cli sandbox stop"
            } || true
    fi
fi

table
echo
echo "Logs: $work/logs/   Pictures: $(ls "$work"/*.png 2>/dev/null | tr '\n' ' ')"
exit "$failed"
