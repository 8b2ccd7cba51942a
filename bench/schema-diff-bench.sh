#!/usr/bin/env bash
# Benchmark: `strata-cli diff` of two live databases against one
# `pg_dump --schema-only` of one of them, side by side.
#
# Usage: bench/schema-diff-bench.sh [--build DIR] [--schema FILE] [--reps 9]
#
# On a throwaway PostgreSQL 15 cluster it loads a real schema (default
# tests/schema/corpus/danbooru/new.sql: 805 pg_dump objects) into two databases
# with psql, then, in alternating repetitions (alternating which goes first,
# after one uncounted warm-up of each), times
#   (a) pg_dump --schema-only -f /dev/null A                      (the baseline)
#   (b) strata-cli diff --from postgresql:///A?... --to postgresql:///B?...
#       (process start, two connections, both schemas read, compared, printed)
# and checks that (b) finds no differences. It prints the medians and the ratio
# b/a, and writes them as markdown to bench/results/schema-diff-<date>.md.
#
# Environment: STRATA_CLI overrides the strata-cli binary (default
# $BUILD/src/cli/strata-cli); PG_BIN the PostgreSQL binaries
# (default /usr/lib/postgresql/15/bin).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
BUILD_DIR="$REPO_ROOT/build"
SCHEMA="$REPO_ROOT/tests/schema/corpus/danbooru/new.sql"
REPS=9
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

die() {
    echo "schema-diff-bench: error: $*" >&2
    exit 1
}

while (($#)); do
    case $1 in
    --build) (($# >= 2)) || die "--build needs a value"; BUILD_DIR=$2; shift 2 ;;
    --build=*) BUILD_DIR=${1#*=}; shift ;;
    --schema) (($# >= 2)) || die "--schema needs a value"; SCHEMA=$2; shift 2 ;;
    --schema=*) SCHEMA=${1#*=}; shift ;;
    --reps) (($# >= 2)) || die "--reps needs a value"; REPS=$2; shift 2 ;;
    --reps=*) REPS=${1#*=}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
    esac
done
[[ $REPS =~ ^[1-9][0-9]*$ ]] || die "--reps: '$REPS' is not a positive integer"
[[ -f $SCHEMA ]] || die "schema file not found: $SCHEMA"
SCHEMA=$(cd "$(dirname "$SCHEMA")" && pwd)/$(basename "$SCHEMA")

STRATA_CLI=${STRATA_CLI:-$BUILD_DIR/src/cli/strata-cli}
[[ -x $STRATA_CLI ]] || die "strata-cli not found at $STRATA_CLI (build first, or pass --build / STRATA_CLI)"
STRATA_CLI=$(cd "$(dirname "$STRATA_CLI")" && pwd)/$(basename "$STRATA_CLI")
for tool in initdb pg_ctl postgres psql pg_dump; do
    [[ -x $PG_BIN/$tool ]] || die "$PG_BIN/$tool not found (install postgresql-15 or set PG_BIN)"
done

# shellcheck source=bench/lib.sh
source "$SCRIPT_DIR/lib.sh"
bench_start_cluster strata-schema-diff-bench

for db in bench_a bench_b; do
    "$PG_BIN/psql" -q -X -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db" >/dev/null
    # Roles a dump names (OWNER TO postgres) exist: the cluster's superuser is postgres.
    "$PG_BIN/psql" -q -X -v ON_ERROR_STOP=1 -d "$db" -f "$SCHEMA" >/dev/null 2>"$WORK/load-$db.log" ||
        { cat "$WORK/load-$db.log" >&2; die "loading $SCHEMA into $db failed"; }
done
OBJECTS=$("$PG_BIN/pg_dump" --schema-only bench_a | grep -c '^-- Name: ' || true)
uri() { echo "postgresql:///$1?host=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$WORK")&port=$PORT&user=postgres"; }
FROM=$(uri bench_a)
TO=$(uri bench_b)

now_ms() { python3 -c 'import time; print(f"{time.monotonic() * 1000:.1f}")'; }
run_dump() { "$PG_BIN/pg_dump" --schema-only -f /dev/null bench_a; }
run_diff() {
    "$STRATA_CLI" diff --from "$FROM" --to "$TO" >"$WORK/diff.out"
    grep -q -- '-- No differences.' "$WORK/diff.out" || { cat "$WORK/diff.out" >&2; die "the two databases differ"; }
}
# Timed with the shell's own clock around the process, start-up included.
time_of() {
    local start end
    start=$(date +%s%N)
    "$@"
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000 ))"
}
median() { python3 -c 'import statistics, sys; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }

run_dump
run_diff
DUMP=()
DIFF=()
for ((i = 0; i < REPS; i++)); do
    if ((i % 2 == 0)); then
        DUMP+=("$(time_of run_dump)")
        DIFF+=("$(time_of run_diff)")
    else
        DIFF+=("$(time_of run_diff)")
        DUMP+=("$(time_of run_dump)")
    fi
done
DUMP_MED=$(median "${DUMP[@]}")
DIFF_MED=$(median "${DIFF[@]}")
RATIO=$(python3 -c "print(f'{$DIFF_MED / $DUMP_MED:.2f}')")
PG_VERSION=$("$PG_BIN/postgres" --version | awk '{print $3}')

mkdir -p "$REPO_ROOT/bench/results"
RESULT=$REPO_ROOT/bench/results/schema-diff-$(date -u +%Y%m%dT%H%M%SZ).md
{
    echo "# strata-cli diff of two live databases vs pg_dump --schema-only, $(date -u +%Y-%m-%d)"
    echo
    echo "PostgreSQL $PG_VERSION, $(nproc) CPU(s), load average $(cut -d' ' -f1-3 /proc/loadavg),"
    echo "schema $(basename "$(dirname "$SCHEMA")")/$(basename "$SCHEMA") ($OBJECTS pg_dump objects), $REPS alternating reps, medians."
    echo
    echo "| | median ms |"
    echo "|---|---:|"
    echo "| pg_dump --schema-only (one database) | $(python3 -c "print(f'{$DUMP_MED / 1000:.0f}')") |"
    echo "| strata-cli diff --from DB --to DB | $(python3 -c "print(f'{$DIFF_MED / 1000:.0f}')") |"
    echo "| ratio diff / pg_dump | **$RATIO** |"
} | tee "$RESULT"
echo
echo "written to $RESULT"
