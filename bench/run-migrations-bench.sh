#!/usr/bin/env bash
# Benchmark: Strata's migration runner against dbmate and two psql baselines,
# side by side.
#
# Usage: bench/run-migrations-bench.sh [--build DIR] [--sizes "10 100 1000"] [--reps 3]
#                                      [--status-reps 10] [--dbmate PATH | --no-dbmate]
#
# For each size N it generates N realistic migrations (bench/generate_migrations.py)
# and, per repetition, on fresh databases of a throwaway PostgreSQL 15 cluster
# (fsync on), times in a rotating order:
#   (a) strata-cli --migrations DIR up       (one transaction per migration, each sent as one pipeline)
#   (a') the same with --no-pipeline         (each statement sent and waited for)
#   (b) floor: psql -1 -f all.sql            (all up sections, one process, one transaction)
#   (c) loop:  psql -1 -f <up section>       (one process and transaction per migration)
#   (d) dbmate up                            (the same files; one transaction per migration)
# and, on the fully applied databases, `strata-cli status` (and `status --json`),
# `dbmate status` and one psql process reading the history table. It checks that
# (a) and (d) recorded N rows and that all four give the same schema, then prints
# medians, ratios and the peak memory (maximum resident set) of `strata-cli up`
# and `status`, and writes them as markdown to bench/results/migrations-<date>.md.
#
# dbmate comes from bench/fetch-dbmate.sh (npm, pinned version and integrity)
# into BUILD/bench-tools unless --dbmate names a binary; when it cannot be had,
# the run goes on without its columns and says why.
#
# Environment: STRATA_CLI overrides the strata-cli binary (default
# $BUILD/src/cli/strata-cli); PG_BIN the PostgreSQL binaries
# (default /usr/lib/postgresql/15/bin); STRATA_BENCH_DUMP_EXCLUDE adds
# pg_dump arguments for the schema comparison (e.g. "--exclude-schema=strata").
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
BUILD_DIR="$REPO_ROOT/build"
SIZES="10 100 1000"
REPS=3
STATUS_REPS=10
DBMATE=
USE_DBMATE=1
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

die() {
    echo "run-migrations-bench: error: $*" >&2
    exit 1
}

while (($#)); do
    case $1 in
    --build) (($# >= 2)) || die "--build needs a value"; BUILD_DIR=$2; shift 2 ;;
    --build=*) BUILD_DIR=${1#*=}; shift ;;
    --sizes) (($# >= 2)) || die "--sizes needs a value"; SIZES=$2; shift 2 ;;
    --sizes=*) SIZES=${1#*=}; shift ;;
    --reps) (($# >= 2)) || die "--reps needs a value"; REPS=$2; shift 2 ;;
    --reps=*) REPS=${1#*=}; shift ;;
    --status-reps) (($# >= 2)) || die "--status-reps needs a value"; STATUS_REPS=$2; shift 2 ;;
    --status-reps=*) STATUS_REPS=${1#*=}; shift ;;
    --dbmate) (($# >= 2)) || die "--dbmate needs a value"; DBMATE=$2; shift 2 ;;
    --dbmate=*) DBMATE=${1#*=}; shift ;;
    --no-dbmate) USE_DBMATE=0; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
    esac
done

for n in $SIZES; do
    [[ $n =~ ^[1-9][0-9]*$ && $n -le 9999 ]] || die "--sizes: '$n' is not a count between 1 and 9999"
done
[[ -n ${SIZES// /} ]] || die "--sizes is empty"
[[ $REPS =~ ^[1-9][0-9]*$ ]] || die "--reps: '$REPS' is not a positive integer"
[[ $STATUS_REPS =~ ^[1-9][0-9]*$ ]] || die "--status-reps: '$STATUS_REPS' is not a positive integer"

if [[ -z ${STRATA_CLI:-} ]]; then
    [[ -d $BUILD_DIR ]] ||
        die "build folder '$BUILD_DIR' does not exist (configure and build first: cmake -B build && cmake --build build)"
    BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
    STRATA_CLI=$BUILD_DIR/src/cli/strata-cli
fi
[[ -x $STRATA_CLI ]] || die "strata-cli not found or not executable at $STRATA_CLI (build it: cmake --build $BUILD_DIR --target strata-cli)"
STRATA_CLI=$(cd "$(dirname "$STRATA_CLI")" && pwd)/$(basename "$STRATA_CLI")

for tool in initdb pg_ctl postgres psql pg_dump; do
    [[ -x $PG_BIN/$tool ]] || die "$PG_BIN/$tool not found (install postgresql-15 or set PG_BIN)"
done
command -v python3 >/dev/null || die "python3 is required"
DBMATE_NOTE=
if ((USE_DBMATE)); then
    if [[ -n $DBMATE ]]; then
        [[ -x $DBMATE ]] || die "--dbmate: '$DBMATE' is not an executable"
    elif ! DBMATE=$("$SCRIPT_DIR/fetch-dbmate.sh" "${BUILD_DIR:-$REPO_ROOT/build}/bench-tools" 2>"${TMPDIR:-/tmp}/fetch-dbmate.err"); then
        DBMATE_NOTE="dbmate not measured: $(tr '\n' ' ' <"${TMPDIR:-/tmp}/fetch-dbmate.err")"
        echo "run-migrations-bench: $DBMATE_NOTE" >&2
        DBMATE=
    fi
    [[ -n $DBMATE ]] && DBMATE=$(cd "$(dirname "$DBMATE")" && pwd)/$(basename "$DBMATE")
fi
PSQL=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1)

# -- throwaway cluster ---------------------------------------------------------

# shellcheck source=bench/lib.sh
source "$SCRIPT_DIR/lib.sh"
# The floor (and the down check) take every lock of N migrations in one transaction.
bench_start_cluster strata-bench "max_locks_per_transaction = 2048"
PG_VERSION=$("${PSQL[@]}" -Atc 'SHOW server_version')
[[ $("${PSQL[@]}" -Atc 'SHOW fsync') == on ]] || die "fsync is not on"

# -- helpers -------------------------------------------------------------------

# Wall-clock seconds with microseconds; no fork, so it does not skew short runs.
now() {
    if [[ -n ${EPOCHREALTIME:-} ]]; then
        local t=$EPOCHREALTIME
        echo "${t/,/.}"
    else
        date +%s.%N
    fi
}
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", b - a }'; }
median() { printf '%s\n' "$@" | python3 -c 'import statistics, sys; print("%.4f" % statistics.median(float(x) for x in sys.stdin.read().split()))'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

recreate_db() {
    "${PSQL[@]}" -d postgres -c 'SET client_min_messages = warning' \
        -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
}

checkpoint() { "${PSQL[@]}" -d postgres -c CHECKPOINT >/dev/null; }

# Fails with the command's output shown.
fail_with_log() {
    echo "---- $2 (last 40 lines) ----" >&2
    tail -n 40 "$2" >&2 || true
    die "$1"
}

# The schema of a database minus Strata's own bookkeeping, comparable with diff.
dump_schema() {
    local extra=()
    if [[ -n ${STRATA_BENCH_DUMP_EXCLUDE:-} ]]; then
        read -r -a extra <<<"$STRATA_BENCH_DUMP_EXCLUDE"
    fi
    "$PG_BIN/pg_dump" --schema-only --no-owner --no-privileges \
        --exclude-table=migrations --exclude-table='migrations_*' --exclude-table=schema_migrations \
        ${extra[@]+"${extra[@]}"} -d "$1" >"$2.raw"
    # Drop comments, blank lines and the random \restrict keys of newer pg_dump releases.
    grep -v -e '^--' -e '^$' -e '^\\restrict ' -e '^\\unrestrict ' "$2.raw" >"$2" || true
}

same_schema() { # label dbA dbB
    dump_schema "$2" "$WORK/$2.schema.sql"
    dump_schema "$3" "$WORK/$3.schema.sql"
    if ! diff -u "$WORK/$3.schema.sql" "$WORK/$2.schema.sql" >"$WORK/schema.diff"; then
        echo "---- schema diff ($3 -> $2), first 60 lines ----" >&2
        head -n 60 "$WORK/schema.diff" >&2
        die "$1: databases $2 and $3 have different schemas"
    fi
}

# Splits each migration into its up and down sections (markers as Strata reads them).
split_migrations() { # migrations-dir out-dir
    python3 - "$1" "$2" <<'EOF'
import os, re, sys
src, out = sys.argv[1], sys.argv[2]
marker = re.compile(r"^\s*--\s*migrate:(up|down)\b")
os.makedirs(os.path.join(out, "up"))
ups, downs = [], []
for i, name in enumerate(sorted(f for f in os.listdir(src) if f.endswith(".sql")), 1):
    sections = {"up": [], "down": []}
    current = None
    with open(os.path.join(src, name), encoding="utf-8") as f:
        for line in f:
            m = marker.match(line)
            if m:
                current = m.group(1)
            elif current:
                sections[current].append(line)
    up, down = "".join(sections["up"]).rstrip() + "\n", "".join(sections["down"]).rstrip() + "\n"
    with open(os.path.join(out, "up", "%05d.sql" % i), "w", encoding="utf-8") as f:
        f.write(up)
    ups.append("-- %s\n%s\n" % (name, up))
    downs.append("-- %s\n%s\n" % (name, down))
with open(os.path.join(out, "all_up.sql"), "w", encoding="utf-8") as f:
    f.write("".join(ups))
with open(os.path.join(out, "all_down.sql"), "w", encoding="utf-8") as f:
    f.write("".join(reversed(downs)))
EOF
}

# -- the timed runs ------------------------------------------------------------
# Each sets LAST to its wall-clock seconds.

run_strata_up() { # db migrations-dir [extra args]
    local log=$WORK/strata-up.log t0 t1 db=$1 dir=$2
    shift 2
    checkpoint
    t0=$(now)
    PGDATABASE=$db "$STRATA_CLI" --migrations "$dir" up "$@" >"$log" 2>&1 || fail_with_log "strata-cli up failed (exit $?) on $db" "$log"
    t1=$(now)
    LAST=$(elapsed "$t0" "$t1")
}

run_floor() { # db all_up.sql
    local log=$WORK/floor.log t0 t1
    checkpoint
    t0=$(now)
    PGDATABASE=$1 "${PSQL[@]}" -1 -f "$2" >"$log" 2>&1 || fail_with_log "psql -1 -f all.sql failed on $1" "$log"
    t1=$(now)
    LAST=$(elapsed "$t0" "$t1")
}

run_loop() { # db up-dir
    local log=$WORK/loop.log t0 t1 f
    local files=("$2"/*.sql)
    checkpoint
    t0=$(now)
    for f in "${files[@]}"; do
        PGDATABASE=$1 "${PSQL[@]}" -1 -f "$f" >"$log" 2>&1 || fail_with_log "psql -1 -f $f failed on $1" "$log"
    done
    t1=$(now)
    LAST=$(elapsed "$t0" "$t1")
}

dbmate_url() { echo "postgres://postgres@/$1?socket=$WORK&port=$PORT&sslmode=disable"; }

run_dbmate_up() { # db migrations-dir
    local log=$WORK/dbmate-up.log t0 t1
    checkpoint
    t0=$(now)
    DATABASE_URL=$(dbmate_url "$1") "$DBMATE" --no-dump-schema -d "$2" up >"$log" 2>&1 ||
        fail_with_log "dbmate up failed (exit $?) on $1" "$log"
    t1=$(now)
    LAST=$(elapsed "$t0" "$t1")
}

time_dbmate_status() { # db migrations-dir reps; sets STATUS_SAMPLES
    local db=$1 dir=$2 reps=$3 log=$WORK/dbmate-status.log i t0 t1
    STATUS_SAMPLES=()
    for ((i = 0; i < reps; i++)); do
        t0=$(now)
        DATABASE_URL=$(dbmate_url "$db") "$DBMATE" -d "$dir" status >"$log" 2>&1 || return 1
        t1=$(now)
        STATUS_SAMPLES+=("$(elapsed "$t0" "$t1")")
    done
}

# Peak resident memory (MiB) of one run of a command, from the kernel's rusage.
peak_mib() {
    python3 -c 'import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
if r.returncode != 0:
    sys.exit("exit %d" % r.returncode)
print("%.1f" % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024))' "$@"
}

time_status() { # db migrations-dir reps [extra args]; appends samples to STATUS_SAMPLES
    local db=$1 dir=$2 reps=$3 log=$WORK/status.log i t0 t1
    shift 3
    STATUS_SAMPLES=()
    for ((i = 0; i < reps; i++)); do
        t0=$(now)
        PGDATABASE=$db "$STRATA_CLI" --migrations "$dir" status "$@" >"$log" 2>&1 || return 1
        t1=$(now)
        STATUS_SAMPLES+=("$(elapsed "$t0" "$t1")")
    done
}

# The status floor: one psql process that connects and reads the history table,
# which is the least any `status` must do (process start, connect, one query).
time_status_floor() { # db reps; appends samples to STATUS_SAMPLES
    local db=$1 reps=$2 i t0 t1
    STATUS_SAMPLES=()
    for ((i = 0; i < reps; i++)); do
        t0=$(now)
        PGDATABASE=$db "${PSQL[@]}" -Atc 'SELECT * FROM migrations ORDER BY id' >/dev/null 2>&1 || return 1
        t1=$(now)
        STATUS_SAMPLES+=("$(elapsed "$t0" "$t1")")
    done
}

# -- main ----------------------------------------------------------------------

STRATA_VERSION=$("$STRATA_CLI" --version 2>/dev/null | head -n 1) || STRATA_VERSION="unknown"
[[ -n $STRATA_VERSION ]] || STRATA_VERSION="unknown"
GIT_REV=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null) || GIT_REV="none"
STARTED=$(date '+%Y-%m-%d %H:%M:%S %Z')
CPUS=$(nproc 2>/dev/null || echo "?")

echo "strata-cli: $STRATA_CLI ($STRATA_VERSION)"
echo "PostgreSQL $PG_VERSION, fsync on, socket $WORK port $PORT; sizes: $SIZES; reps: $REPS; status reps: $STATUS_REPS"

ROWS=()       # one line of medians per N
RAW=()        # raw samples per N
MEM=()        # peak memory per N
JSON_OK=1
HAVE_DBMATE=0
[[ -n $DBMATE ]] && HAVE_DBMATE=1
for n in $SIZES; do
    mig=$WORK/mig-$n
    split=$WORK/split-$n
    python3 "$SCRIPT_DIR/generate_migrations.py" "$mig" -n "$n" >/dev/null
    split_migrations "$mig" "$split"
    bytes=$(wc -c <"$split/all_up.sql")
    echo
    echo "N=$n: $(find "$mig" -name '*.sql' | wc -l) migrations, $bytes bytes of up SQL"

    db_a=bench_strata_$n
    db_b=bench_floor_$n
    db_c=bench_loop_$n
    db_d=bench_dbmate_$n
    db_e=bench_nopipe_$n
    up_s=() nopipe_s=() floor_s=() loop_s=() dbmate_s=() status_s=() json_s=() sfloor_s=() dstatus_s=()
    runners=(strata nopipe floor loop)
    ((HAVE_DBMATE)) && runners+=(dbmate)
    for ((r = 1; r <= REPS; r++)); do
        recreate_db "$db_a"
        recreate_db "$db_b"
        recreate_db "$db_c"
        recreate_db "$db_e"
        ((HAVE_DBMATE)) && recreate_db "$db_d"
        # Rotate the order each repetition so drift on a shared machine does not favour one runner.
        k=$(((r - 1) % ${#runners[@]}))
        order=("${runners[@]:k}" "${runners[@]:0:k}")
        d=n/a
        for what in "${order[@]}"; do
            case $what in
            strata) run_strata_up "$db_a" "$mig"; a=$LAST ;;
            nopipe) run_strata_up "$db_e" "$mig" --no-pipeline; e=$LAST ;;
            floor) run_floor "$db_b" "$split/all_up.sql"; b=$LAST ;;
            loop) run_loop "$db_c" "$split/up"; c=$LAST ;;
            dbmate) run_dbmate_up "$db_d" "$mig"; d=$LAST ;;
            esac
        done
        up_s+=("$a") nopipe_s+=("$e") floor_s+=("$b") loop_s+=("$c")
        ((HAVE_DBMATE)) && dbmate_s+=("$d")
        printf '  rep %d: strata up %ss, --no-pipeline %ss, floor %ss, loop %ss, dbmate %ss\n' "$r" "$a" "$e" "$b" "$c" "$d"

        # Checks (untimed).
        rows=$(PGDATABASE=$db_a "${PSQL[@]}" -Atc 'SELECT count(*) FROM migrations' 2>&1) ||
            die "N=$n: cannot count the rows of the history table 'migrations' in $db_a: $rows"
        [[ $rows == "$n" ]] || die "N=$n: the history table 'migrations' has $rows rows after strata-cli up, expected $n"
        same_schema "N=$n: strata up vs floor" "$db_a" "$db_b"
        same_schema "N=$n: strata up --no-pipeline vs floor" "$db_e" "$db_b"
        same_schema "N=$n: per-file loop vs floor" "$db_c" "$db_b"
        if ((HAVE_DBMATE)); then
            rows=$(PGDATABASE=$db_d "${PSQL[@]}" -Atc 'SELECT count(*) FROM schema_migrations' 2>&1) ||
                die "N=$n: cannot count dbmate's schema_migrations in $db_d: $rows"
            [[ $rows == "$n" ]] || die "N=$n: dbmate recorded $rows migrations, expected $n"
            same_schema "N=$n: dbmate up vs floor" "$db_d" "$db_b"
        fi
        if ((r == 1)); then
            # The generated downs must undo the ups: run them all on the loop database, expect an empty schema.
            recreate_db bench_empty
            PGDATABASE=$db_c "${PSQL[@]}" -1 -f "$split/all_down.sql" >"$WORK/down.log" 2>&1 ||
                fail_with_log "N=$n: the generated down sections failed" "$WORK/down.log"
            same_schema "N=$n: all downs applied vs empty database" "$db_c" bench_empty
        fi

        # Status: strata, dbmate and the psql read interleaved run by run, so
        # a slow spell of the machine hits all of them alike.
        for ((i = 0; i < STATUS_REPS; i++)); do
            time_status "$db_a" "$mig" 1 || fail_with_log "N=$n: strata-cli status failed" "$WORK/status.log"
            status_s+=("${STATUS_SAMPLES[@]}")
            if ((HAVE_DBMATE)); then
                time_dbmate_status "$db_d" "$mig" 1 || fail_with_log "N=$n: dbmate status failed" "$WORK/dbmate-status.log"
                dstatus_s+=("${STATUS_SAMPLES[@]}")
            fi
            time_status_floor "$db_a" 1 || die "N=$n: psql could not read the history table"
            sfloor_s+=("${STATUS_SAMPLES[@]}")
        done
        if ((JSON_OK)); then
            if time_status "$db_a" "$mig" "$STATUS_REPS" --json; then
                json_s+=("${STATUS_SAMPLES[@]}")
            else
                JSON_OK=0
                echo "  note: 'strata-cli status --json' failed; not timing it (see below)" >&2
                tail -n 5 "$WORK/status.log" >&2 || true
            fi
        fi
    done
    # Peak memory (untimed runs): up on a fresh database, status on the applied one.
    recreate_db bench_memory
    mem_up=$(PGDATABASE=bench_memory peak_mib "$STRATA_CLI" --migrations "$mig" up 2>&1) ||
        die "N=$n: strata-cli up failed while measuring its memory: $mem_up"
    mem_status=$(PGDATABASE=$db_a peak_mib "$STRATA_CLI" --migrations "$mig" status 2>&1) ||
        die "N=$n: strata-cli status failed while measuring its memory: $mem_status"
    mem_dbmate=n/a
    if ((HAVE_DBMATE)); then
        mem_dbmate=$(DATABASE_URL=$(dbmate_url "$db_d") peak_mib "$DBMATE" -d "$mig" status 2>&1) ||
            die "N=$n: dbmate status failed while measuring its memory: $mem_dbmate"
    fi
    MEM+=("$n|$mem_up|$mem_status|$mem_dbmate")
    for db in "$db_a" "$db_b" "$db_c" "$db_e" bench_memory; do
        "${PSQL[@]}" -d postgres -c "DROP DATABASE $db" >/dev/null
    done
    ((HAVE_DBMATE)) && "${PSQL[@]}" -d postgres -c "DROP DATABASE $db_d" >/dev/null

    m_up=$(median "${up_s[@]}")
    m_nopipe=$(median "${nopipe_s[@]}")
    m_floor=$(median "${floor_s[@]}")
    m_loop=$(median "${loop_s[@]}")
    m_status=$(median "${status_s[@]}")
    m_sfloor=$(median "${sfloor_s[@]}")
    m_json="n/a"
    if ((JSON_OK)) && ((${#json_s[@]})); then m_json=$(median "${json_s[@]}"); fi
    m_dbmate="n/a" m_dstatus="n/a"
    if ((HAVE_DBMATE)); then
        m_dbmate=$(median "${dbmate_s[@]}")
        m_dstatus=$(median "${dstatus_s[@]}")
    fi
    ROWS+=("$n|$m_up|$m_nopipe|$m_floor|$m_loop|$m_dbmate|$(ratio "$m_up" "$m_floor")|$(ratio "$m_nopipe" "$m_floor")|$(ratio "$m_up" "$m_dbmate")|$m_status|$m_json|$m_dstatus|$m_sfloor|$(ratio "$m_status" "$m_dstatus")|$(ratio "$m_status" "$m_sfloor")")
    RAW+=("$n|${up_s[*]}|${nopipe_s[*]}|${floor_s[*]}|${loop_s[*]}|${dbmate_s[*]:-}|$bytes")
done

# -- report --------------------------------------------------------------------

HEADERS=("N" "strata up (s)" "up --no-pipeline (s)" "floor psql -1 (s)" "per-file psql loop (s)" "dbmate up (s)" "up strata/floor" "--no-pipeline/floor" "up strata/dbmate" "strata status (s)" "status --json (s)" "dbmate status (s)" "psql history read (s)" "status strata/dbmate" "status strata/psql")
echo
echo "Medians of $REPS repetitions (status: of $((REPS * STATUS_REPS)) runs each); PostgreSQL $PG_VERSION, fsync on, $CPUS CPUs"
[[ -n $DBMATE_NOTE ]] && echo "$DBMATE_NOTE"
fmt='%6s  %13s  %20s  %17s  %22s  %13s  %15s  %19s  %16s  %17s  %17s  %17s  %21s  %20s  %18s\n'
# shellcheck disable=SC2059
printf "$fmt" "${HEADERS[@]}"
for row in "${ROWS[@]}"; do
    IFS='|' read -r -a f <<<"$row"
    # shellcheck disable=SC2059
    printf "$fmt" "${f[@]}"
done
echo
echo "Peak memory (maximum resident set, MiB): N | strata-cli up | strata-cli status | dbmate status"
for row in "${MEM[@]}"; do
    echo "  ${row//|/ | }"
done

RESULTS_DIR=$SCRIPT_DIR/results
mkdir -p "$RESULTS_DIR"
OUT=$RESULTS_DIR/migrations-$(date +%Y-%m-%d-%H%M%S).md
DBMATE_VERSION=n/a
((HAVE_DBMATE)) && DBMATE_VERSION=$("$DBMATE" --version 2>/dev/null || echo unknown)
{
    echo "# Strata migration runner benchmark"
    echo
    echo "- Date: $STARTED"
    echo "- Host: $(uname -n), $(uname -sr), $CPUS CPUs"
    echo "- PostgreSQL: $PG_VERSION (throwaway cluster, fsync on, Unix socket)"
    echo "- strata-cli: \`$STRATA_CLI\` ($STRATA_VERSION), tree at $GIT_REV"
    echo "- dbmate: $DBMATE_VERSION${DBMATE_NOTE:+ ($DBMATE_NOTE)}"
    echo "- Repetitions: $REPS (medians), status: $STATUS_REPS runs of each per repetition, interleaved"
    echo
    echo "Columns: (a) \`strata-cli up\`, one transaction per migration, each sent as one pipeline, and the same"
    echo "with \`--no-pipeline\` (each statement waited for); (b) floor: every up section in one"
    echo "file, \`psql -1 -f all.sql\`; (c) one \`psql -1 -f\` process per migration; (d) \`dbmate up\`, one"
    echo "transaction per migration. Status runs on the fully applied databases; its floor is one \`psql\`"
    echo "process reading the history table."
    echo
    header=$(IFS='|'; echo "${HEADERS[*]}")
    echo "| ${header//|/ | } |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for row in "${ROWS[@]}"; do
        echo "| ${row//|/ | } |"
    done
    echo
    echo "Peak memory (maximum resident set, MiB):"
    echo
    echo "| N | strata-cli up | strata-cli status | dbmate status |"
    echo "|---:|---:|---:|---:|"
    for row in "${MEM[@]}"; do
        echo "| ${row//|/ | } |"
    done
    echo
    echo "## Raw samples (s)"
    echo
    echo "| N | strata up | --no-pipeline | floor psql -1 | per-file psql loop | dbmate up | up SQL bytes |"
    echo "|---:|---|---|---|---|---|---:|"
    for row in "${RAW[@]}"; do
        echo "| ${row//|/ | } |"
    done
    echo
    echo "Command: \`bench/run-migrations-bench.sh --sizes \"$SIZES\" --reps $REPS --status-reps $STATUS_REPS\`"
} >"$OUT"
echo
echo "Wrote $OUT"
