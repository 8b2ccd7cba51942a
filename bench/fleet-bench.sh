#!/usr/bin/env bash
# Benchmark: `strata-cli fleet up` against a shell loop of single `strata-cli up`
# runs, side by side on one throwaway PostgreSQL 15 cluster (fsync on).
#
# Usage: bench/fleet-bench.sh [--build DIR] [--databases 200] [--migrations 50] [--concurrency "1 4 16"]
#
# For each variant it creates D fresh databases (fleet_0001 ...), applies the
# same M generated migrations (bench/generate_migrations.py) to every one of
# them and times it:
#   loop:      for each database, strata-cli --migrations DIR -d DB up
#   fleet c=N: strata-cli --migrations DIR fleet up --targets FILE --concurrency N
#              (FILE names the databases by a pattern, listed at run time)
# It checks that every database recorded M rows, then prints the wall time,
# the ratio to the loop and the peak resident memory of one process (the
# largest strata-cli of the loop; the fleet's single process) as markdown, and
# writes it to bench/results/fleet-<date>.md.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
BUILD_DIR="$REPO_ROOT/build"
DATABASES=200
MIGRATIONS=50
CONCURRENCY="1 4 16"
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

die() {
    echo "fleet-bench: error: $*" >&2
    exit 1
}

while (($#)); do
    case $1 in
    --build) (($# >= 2)) || die "--build needs a value"; BUILD_DIR=$2; shift 2 ;;
    --databases) (($# >= 2)) || die "--databases needs a value"; DATABASES=$2; shift 2 ;;
    --migrations) (($# >= 2)) || die "--migrations needs a value"; MIGRATIONS=$2; shift 2 ;;
    --concurrency) (($# >= 2)) || die "--concurrency needs a value"; CONCURRENCY=$2; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
    esac
done
[[ $DATABASES =~ ^[1-9][0-9]*$ && $DATABASES -le 9999 ]] || die "--databases: '$DATABASES' is not a count up to 9999"
[[ $MIGRATIONS =~ ^[1-9][0-9]*$ ]] || die "--migrations: '$MIGRATIONS' is not a positive integer"
BUILD_DIR=$(cd "$BUILD_DIR" 2>/dev/null && pwd) || die "build folder not found (cmake --build build first)"
STRATA_CLI=${STRATA_CLI:-$BUILD_DIR/src/cli/strata-cli}
[[ -x $STRATA_CLI ]] || die "strata-cli not found at $STRATA_CLI"

# shellcheck source=bench/lib.sh
source "$SCRIPT_DIR/lib.sh"
bench_start_cluster strata-fleet-bench "max_connections = 60"
PSQL=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1)
PG_VERSION=$("${PSQL[@]}" -Atc 'SHOW server_version')

python3 "$SCRIPT_DIR/generate_migrations.py" "$WORK/migrations" -n "$MIGRATIONS" >/dev/null
# `fleet_%`: the cluster holds no other database whose name starts so.
printf 'postgresql://postgres@:%s/fleet_%%?host=%s\n' "$PORT" "$WORK" >"$WORK/targets.txt"
# The strata-cli settings and data of this run stay in the temporary folder.
export XDG_CONFIG_HOME=$WORK/config XDG_DATA_HOME=$WORK/data-home XDG_CACHE_HOME=$WORK/cache

recreate_fleet() {
    local i
    for ((i = 1; i <= DATABASES; i++)); do
        printf 'DROP DATABASE IF EXISTS fleet_%04d;\nCREATE DATABASE fleet_%04d;\n' "$i" "$i"
    done | PGOPTIONS='-c client_min_messages=warning' "${PSQL[@]}" -d postgres >/dev/null
    "${PSQL[@]}" -d postgres -c CHECKPOINT >/dev/null
}

check_fleet() {
    local i rows
    for ((i = 1; i <= DATABASES; i++)); do
        rows=$("${PSQL[@]}" -d "$(printf 'fleet_%04d' "$i")" -Atc 'SELECT count(*) FROM migrations')
        [[ $rows == "$MIGRATIONS" ]] || die "$1: fleet_$(printf '%04d' "$i") has $rows of $MIGRATIONS migrations"
    done
}

# Runs a command; prints "<wall seconds> <peak RSS of the largest process, KiB>".
measure() {
    python3 - "$@" <<'EOF'
import resource, subprocess, sys, time
start = time.monotonic()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.monotonic() - start
if done.returncode != 0:
    sys.stderr.write(done.stderr.decode(errors="replace")[-3000:])
    sys.exit(done.returncode)
print("%.3f %d" % (wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
EOF
}

loop_up() {
    local i
    for ((i = 1; i <= DATABASES; i++)); do
        "$STRATA_CLI" --migrations "$WORK/migrations" -d "$(printf 'fleet_%04d' "$i")" up >/dev/null
    done
}
export -f loop_up
export STRATA_CLI WORK DATABASES

declare -A WALL RSS
recreate_fleet
read -r WALL[loop] RSS[loop] < <(measure bash -c loop_up) || die "the loop failed"
check_fleet loop
for c in $CONCURRENCY; do
    recreate_fleet
    read -r WALL[$c] RSS[$c] < <(measure "$STRATA_CLI" --migrations "$WORK/migrations" fleet up \
        --targets "$WORK/targets.txt" --concurrency "$c" --report "$WORK/report-$c.json") || die "fleet up --concurrency $c failed"
    check_fleet "fleet --concurrency $c"
done

mkdir -p "$SCRIPT_DIR/results"
out="$SCRIPT_DIR/results/fleet-$(date -u +%Y-%m-%d).md"
{
    echo "$DATABASES databases x $MIGRATIONS migrations, PostgreSQL $PG_VERSION, fsync on, $(nproc) CPUs, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "| run | wall time | vs the loop | peak memory of one process |"
    echo "|---|---:|---:|---:|"
    printf '| shell loop of `strata-cli up` | %.1f s | 1.00 | %d MiB |\n' "${WALL[loop]}" "$((RSS[loop] / 1024))"
    for c in $CONCURRENCY; do
        printf '| `fleet up --concurrency %s` | %.1f s | %s | %d MiB |\n' "$c" "${WALL[$c]}" \
            "$(awk -v a="${WALL[$c]}" -v b="${WALL[loop]}" 'BEGIN { printf "%.2f", a / b }')" "$((RSS[$c] / 1024))"
    done
} | tee "$out"
