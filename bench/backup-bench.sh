#!/usr/bin/env bash
# Benchmark: `strata-cli up --backup` against plain `pg_dump -Fc`, side by side.
#
# Usage: bench/backup-bench.sh [--build DIR] [--rows N] [--reps 6]
#
# On a throwaway PostgreSQL 15 cluster (fsync on) it fills a database with N
# rows (default 1,000,000 in `events`, plus N/5 in `accounts`), then, in
# alternating repetitions, times
#   (a) pg_dump -Fc -f FILE                          (the baseline)
#   (b) strata-cli up --backup DIR                   (nothing pending: the
#       backup alone, i.e. pg_dump -Fc --verbose through QProcess with progress,
#       the pg_restore --list verification, the rename, and the CLI's start,
#       connection and history read)
# with the same pg_dump binary, alternating which goes first, after one
# uncounted warm-up of each, and checks that both dumps list the same tables.
# It prints the medians and the ratio b/a (Strata's overhead around pg_dump) and
# writes them as markdown to bench/results/backup-<date>.md.
#
# Environment: STRATA_CLI overrides the strata-cli binary (default
# $BUILD/src/cli/strata-cli); PG_BIN the PostgreSQL binaries
# (default /usr/lib/postgresql/15/bin).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
BUILD_DIR="$REPO_ROOT/build"
ROWS=1000000
REPS=6
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

die() {
    echo "backup-bench: error: $*" >&2
    exit 1
}

while (($#)); do
    case $1 in
    --build) (($# >= 2)) || die "--build needs a value"; BUILD_DIR=$2; shift 2 ;;
    --build=*) BUILD_DIR=${1#*=}; shift ;;
    --rows) (($# >= 2)) || die "--rows needs a value"; ROWS=$2; shift 2 ;;
    --rows=*) ROWS=${1#*=}; shift ;;
    --reps) (($# >= 2)) || die "--reps needs a value"; REPS=$2; shift 2 ;;
    --reps=*) REPS=${1#*=}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
    esac
done
[[ $ROWS =~ ^[1-9][0-9]*$ ]] || die "--rows: '$ROWS' is not a positive integer"
[[ $REPS =~ ^[1-9][0-9]*$ ]] || die "--reps: '$REPS' is not a positive integer"

STRATA_CLI=${STRATA_CLI:-$BUILD_DIR/src/cli/strata-cli}
[[ -x $STRATA_CLI ]] || die "strata-cli not found at $STRATA_CLI (build first, or pass --build / STRATA_CLI)"
STRATA_CLI=$(cd "$(dirname "$STRATA_CLI")" && pwd)/$(basename "$STRATA_CLI")
for tool in initdb pg_ctl postgres psql pg_dump pg_restore; do
    [[ -x $PG_BIN/$tool ]] || die "$PG_BIN/$tool not found (install postgresql-15 or set PG_BIN)"
done
command -v python3 >/dev/null || die "python3 is required"
PSQL=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1)

# -- throwaway cluster ---------------------------------------------------------

# shellcheck source=bench/lib.sh
source "$SCRIPT_DIR/lib.sh"
bench_start_cluster strata-backup-bench
PG_VERSION=$("${PSQL[@]}" -Atc 'SHOW server_version')
[[ $("${PSQL[@]}" -Atc 'SHOW fsync') == on ]] || die "fsync is not on"

# -- data ----------------------------------------------------------------------

"${PSQL[@]}" -c "CREATE DATABASE bench"
export PGDATABASE=bench
echo "Filling bench with $ROWS rows in events and $((ROWS / 5)) in accounts ..." >&2
"${PSQL[@]}" <<SQL
CREATE TABLE accounts (id int PRIMARY KEY, email text NOT NULL, created_at timestamptz NOT NULL);
INSERT INTO accounts SELECT g, 'user' || g || '@example.com', now() - g * interval '1 minute'
  FROM generate_series(1, $((ROWS / 5))) g;
CREATE TABLE events (id bigint PRIMARY KEY, account_id int NOT NULL REFERENCES accounts, kind text NOT NULL,
  payload jsonb, created_at timestamptz NOT NULL);
INSERT INTO events SELECT g, 1 + g % $((ROWS / 5)), (ARRAY['login','view','buy','logout'])[1 + g % 4],
  jsonb_build_object('n', g, 'tag', md5(g::text)), now() - g * interval '1 second'
  FROM generate_series(1, $ROWS) g;
CREATE INDEX events_account ON events (account_id);
VACUUM ANALYZE;
SQL
DB_SIZE=$("${PSQL[@]}" -Atc "SELECT pg_size_pretty(pg_database_size('bench'))")
COUNT=$("${PSQL[@]}" -Atc "SELECT count(*) FROM events")
((COUNT == ROWS)) || die "expected $ROWS rows in events, found $COUNT"

mkdir -p "$WORK/migrations" "$WORK/backups"

now_ns() { date +%s%N; }
median() { python3 -c 'import statistics, sys; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }

# -- runs ----------------------------------------------------------------------

PLAIN=()
STRATA=()
run_plain() {
    local t0 t1
    t0=$(now_ns)
    "$PG_BIN/pg_dump" -Fc -f "$WORK/plain.dump"
    t1=$(now_ns)
    PLAIN+=("$(python3 -c "print(($t1 - $t0) / 1e9)")")
}
run_strata() {
    local t0 t1
    t0=$(now_ns)
    "$STRATA_CLI" --migrations "$WORK/migrations" --pg-bin "$PG_BIN" up --backup "$WORK/backups" >"$WORK/strata.out" 2>"$WORK/strata.err" ||
        { cat "$WORK/strata.err" >&2; die "strata-cli up --backup failed"; }
    t1=$(now_ns)
    STRATA+=("$(python3 -c "print(($t1 - $t0) / 1e9)")")
    # The backup's own time (dump + verification), as strata-cli reports it.
    INNER+=("$(sed -n 's/^Backup verified: .* table(s), \([0-9.]*\) s, pg_dump .*/\1/p' "$WORK/strata.err")")
}
INNER=()
# A warm-up of each, not counted: the first dump reads the table from disk, and
# the first `up` creates the history tables.
run_plain
run_strata
PLAIN=()
STRATA=()
INNER=()
for ((rep = 1; rep <= REPS; rep++)); do
    rm -f "$WORK/plain.dump" "$WORK"/backups/*.dump
    # Alternate which goes first, so neither always gets the warmer cache.
    if ((rep % 2)); then run_plain; run_strata; else run_strata; run_plain; fi
    echo "rep $rep: pg_dump -Fc ${PLAIN[-1]} s, strata-cli up --backup ${STRATA[-1]} s (backup itself ${INNER[-1]} s)" >&2
done

# Both dumps hold the same tables with data (the history tables aside).
list_tables() { "$PG_BIN/pg_restore" --list "$1" | grep ' TABLE DATA ' | awk '{print $6 "." $7}' | grep -v '^public\.migrations' | sort; }
STRATA_DUMP=$(ls "$WORK"/backups/*.dump)
[[ $(list_tables "$WORK/plain.dump") == $(list_tables "$STRATA_DUMP") ]] || die "the two dumps list different tables"
PLAIN_SIZE=$(stat -c %s "$WORK/plain.dump")
STRATA_SIZE=$(stat -c %s "$STRATA_DUMP")

PLAIN_MED=$(median "${PLAIN[@]}")
STRATA_MED=$(median "${STRATA[@]}")
RATIO=$(python3 -c "print(f'{$STRATA_MED / $PLAIN_MED:.3f}')")
OVERHEAD=$(python3 -c "print(f'{($STRATA_MED / $PLAIN_MED - 1) * 100:+.1f}')")

mkdir -p "$REPO_ROOT/bench/results"
RESULT=$REPO_ROOT/bench/results/backup-$(date -u +%Y%m%dT%H%M%SZ).md
{
    echo "# strata-cli up --backup vs pg_dump -Fc"
    echo
    echo "PostgreSQL $PG_VERSION, $(nproc) CPU(s), database $DB_SIZE ($ROWS + $((ROWS / 5)) rows), $REPS alternating reps, medians."
    echo
    echo "| | median s | dump size |"
    echo "|---|---:|---:|"
    echo "| pg_dump -Fc | $PLAIN_MED | $PLAIN_SIZE |"
    echo "| strata-cli up --backup | $STRATA_MED | $STRATA_SIZE |"
    echo
    echo "Ratio strata/pg_dump: **$RATIO** (overhead $OVERHEAD %)."
    echo
    echo "Of which the backup itself (pg_dump --verbose through QProcess + pg_restore --list), median: $(median "${INNER[@]}") s."
    echo
    echo "All runs (s): pg_dump ${PLAIN[*]}; strata ${STRATA[*]}; backup inside strata ${INNER[*]}"
} | tee "$RESULT"
echo "written to $RESULT" >&2
