#!/usr/bin/env bash
# Peak memory of the desktop app on a big project, next to the same app on the
# three sample migrations, measured in one run.
#
# Usage: bench/app-memory-bench.sh [--build DIR] [--count 10000] [--delay-ms 20000]
#
# It generates COUNT migrations (bench/generate_migrations.py) and opens the
# app on them without a display (QT_QPA_PLATFORM=offscreen) as a first start
# would: with a fresh home folder, so the app takes a sandbox (a throwaway
# PostgreSQL of its own, in a folder of this run), scans the folder, reads the status of every
# migration, fills the table and renders its window into a PNG after
# --delay-ms; then it quits. The peak resident memory comes from the kernel's
# rusage of the finished process. The sandbox is stopped and everything removed
# afterwards. Prints a table and writes it to bench/results/app-memory-<date>.md.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
BUILD_DIR=$REPO_ROOT/build
COUNT=10000
DELAY_MS=20000

die() {
    echo "app-memory-bench: error: $*" >&2
    exit 1
}

while (($#)); do
    case $1 in
    --build) (($# >= 2)) || die "--build needs a value"; BUILD_DIR=$2; shift 2 ;;
    --count) (($# >= 2)) || die "--count needs a value"; COUNT=$2; shift 2 ;;
    --delay-ms) (($# >= 2)) || die "--delay-ms needs a value"; DELAY_MS=$2; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
    esac
done
[[ $COUNT =~ ^[1-9][0-9]*$ ]] || die "--count: '$COUNT' is not a positive count"
[[ $DELAY_MS =~ ^[1-9][0-9]*$ ]] || die "--delay-ms: '$DELAY_MS' is not a positive number"
BUILD_DIR=$(cd "$BUILD_DIR" 2>/dev/null && pwd) || die "build folder '$BUILD_DIR' does not exist"
APP=$BUILD_DIR/src/app/strata
CLI=$BUILD_DIR/src/cli/strata-cli
[[ -x $APP ]] || die "the app is not built: $APP (cmake --build $BUILD_DIR --target strata)"
[[ -x $CLI ]] || die "strata-cli is not built: $CLI"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/strata-app-memory.XXXXXX")
LABELS=(sample big) # run_app's labels (it runs in a subshell)
cleanup() {
    local label
    for label in "${LABELS[@]}"; do
        HOME=$WORK/home-$label STRATA_SANDBOX_DIR=$WORK/sandbox-$label "$CLI" sandbox stop >/dev/null 2>&1 || true
    done
    rm -rf -- "$WORK"
}
trap cleanup EXIT
# The sandbox's server refuses to run as root: its folder must belong to postgres.
if ((EUID == 0)); then
    chmod 755 "$WORK"
fi

# One run of the app on FOLDER with a fresh home; prints "seconds peak-MiB".
run_app() { # label folder
    local home=$WORK/home-$1 shot=$WORK/$1.png
    mkdir -p "$home"
    env -u XDG_DATA_HOME -u XDG_CONFIG_HOME -u XDG_CACHE_HOME -u XDG_RUNTIME_DIR \
        -u PGHOST -u PGPORT -u PGUSER -u PGDATABASE -u PGPASSWORD -u STRATA_NO_SANDBOX_OFFER \
        HOME="$home" STRATA_SANDBOX_DIR="$WORK/sandbox-$1" QT_QPA_PLATFORM=offscreen STRATA_SCREENSHOT="$shot" STRATA_SCREENSHOT_DELAY_MS="$DELAY_MS" \
        python3 -c 'import resource, subprocess, sys, time
t = time.monotonic()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
if r.returncode != 0:
    sys.exit("the app exited with %d" % r.returncode)
print("%.1f %.1f" % (time.monotonic() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024))' \
        "$APP" "$2"
    [[ -s $shot ]] || die "the app rendered no window into $shot"
    cp "$shot" "$BUILD_DIR/app-memory-$1.png"
}

# The generator writes at most 9999 at a time: batches with later timestamps.
left=$COUNT batch=0
while ((left > 0)); do
    n=$((left > 5000 ? 5000 : left))
    python3 "$SCRIPT_DIR/generate_migrations.py" "$WORK/batch-$batch" -n "$n" --seed $((42 + batch)) \
        --start $((1700000000000 + batch * 100000000000)) >/dev/null
    mkdir -p "$WORK/big"
    mv "$WORK/batch-$batch"/*.sql "$WORK/big/"
    left=$((left - n)) batch=$((batch + 1))
done
[[ $(find "$WORK/big" -name '*.sql' | wc -l) -eq $COUNT ]] || die "generated $(find "$WORK/big" -name '*.sql' | wc -l) migrations, not $COUNT"
cp -r "$REPO_ROOT/migrations" "$WORK/sample"

read -r sample_s sample_mib < <(run_app sample "$WORK/sample")
read -r big_s big_mib < <(run_app big "$WORK/big")

STARTED=$(date '+%Y-%m-%d %H:%M:%S %Z')
GIT_REV=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo none)
table=$(
    echo "| migrations | peak memory (MiB) | run incl. ${DELAY_MS} ms wait (s) |"
    echo "|---:|---:|---:|"
    echo "| 3 (the sample) | $sample_mib | $sample_s |"
    echo "| $COUNT | $big_mib | $big_s |"
)
echo "$table"
echo "Windows rendered: $BUILD_DIR/app-memory-sample.png, $BUILD_DIR/app-memory-big.png"
mkdir -p "$SCRIPT_DIR/results"
OUT=$SCRIPT_DIR/results/app-memory-$(date +%Y-%m-%d-%H%M%S).md
{
    echo "# Strata app memory"
    echo
    echo "- Date: $STARTED, $(nproc) CPUs, tree at $GIT_REV"
    echo "- The app offscreen on the sandbox, all migrations pending; window rendered after $DELAY_MS ms"
    echo
    echo "$table"
    echo
    echo "Command: \`bench/app-memory-bench.sh --count $COUNT --delay-ms $DELAY_MS\`"
} >"$OUT"
echo "Wrote $OUT"
