#!/usr/bin/env bash
# Runs the corpus of real TypeORM migration chains (tests/typeorm/corpus/*/migrations,
# see README.md and SOURCES) through the real TypeORM and through Strata, on a
# throwaway PostgreSQL cluster, and prints what agrees.
#
# Per project (corpus.json says which TypeORM line, which extensions the database
# needs first, and whether TypeORM itself can run the chain):
#   a  TypeORM runs the chain on database A            -> schema dump + history rows
#   b  strata-cli --project <scaffold> up on database B -> compared with A
#   c  strata-cli import-typeorm, then --migrations <converted> up on C -> compared with A
#   d  TypeORM runs the first half on D, Strata (--project) the rest; TypeORM's
#      migration:show must then list every migration as applied
#   e  TypeORM reverts A migration by migration (migration:revert until none);
#      strata-cli verify on the chain must fail exactly when a TypeORM down fails
#      or leaves the schema different from before the chain, and name the
#      migration whose down failed (or the one TypeORM reverted just before it,
#      when that down removed what the failing one needed)
#   f  strata-cli --project <scaffold> blame against A (after a, before e): the
#      replay in a shadow database must credit every object TypeORM made to a
#      migration, so the drift it reports on A must be zero
#   g  A (migrated by TypeORM) and B (by Strata) as a fleet: `fleet verify` must
#      find both histories and schemas what the files make, and `matrix
#      --targets ... --expect-same typeorm,strata` must find them the same
# Schema dumps are `pg_dump --schema-only` without comments and blank lines and
# without the history tables (migrations, Strata's migrations_strata, TypeORM's
# typeorm_metadata); history rows are (id, timestamp, name).
#
# Usage: tests/typeorm/corpus/run-corpus.sh [--build DIR] [--only NAME[,NAME]] [--ci]
#                                           [--typeorm 0.2|0.3|1] [--out DIR]
#   --build DIR  the build folder holding src/cli/strata-cli (default: build)
#   --only       just these projects
#   --ci         the representative subset marked "ci": true in corpus.json:
#                awesome-nest (0.3, enums, name property differing from the class),
#                gobarber (0.2 schema builder on live tables, export default),
#                jackson (camelCase class createdAt1644332647279),
#                medusa (29 migrations, lower camelCase classes, a data loop over
#                imported modules with parameter arrays),
#                nequ (zero-padded timestamps; TypeORM cannot load it: a refusal case).
#                About a minute against four or five for all fourteen (2 shared cores;
#                mostly ts-node starts, five per project).
#   --typeorm L  run every chain with TypeORM line L instead of the one its
#                project was written for (no public 1.x project is in the corpus
#                yet: --typeorm 1 is how the 1.x line meets real chains)
#   --out DIR    keep every log, dump and JSON answer there
#                (default: BUILD/typeorm-corpus-results)
# Exit status: 0 when every step that TypeORM itself can do is reproduced by
# Strata, 1 otherwise, 2 on bad usage or set-up failure.
set -uo pipefail

die() {
    echo "run-corpus: $*" >&2
    exit 2
}

ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
CORPUS=$ROOT/tests/typeorm/corpus
BUILD=$ROOT/build
ONLY=
CI_MODE=0
OUT=
LINE_OVERRIDE=
while (($#)); do
    case $1 in
    --build) BUILD=$(cd "${2:?--build needs a folder}" && pwd) || die "no build folder $2"; shift 2 ;;
    --only) ONLY=${2:?--only needs names}; shift 2 ;;
    --ci) CI_MODE=1; shift ;;
    --out) OUT=${2:?--out needs a folder}; shift 2 ;;
    --typeorm)
        LINE_OVERRIDE=${2:?--typeorm needs 0.2, 0.3 or 1}
        [[ -d $ROOT/tests/typeorm/compat/v$LINE_OVERRIDE ]] || die "no TypeORM install v$LINE_OVERRIDE in tests/typeorm/compat"
        shift 2
        ;;
    -h | --help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
    esac
done
STRATA=$BUILD/src/cli/strata-cli
[[ -x $STRATA ]] || die "no $STRATA (cmake --build $BUILD --target strata-cli)"
OUT=${OUT:-$BUILD/typeorm-corpus-results}
mkdir -p "$OUT" || die "cannot create $OUT"
OUT=$(cd "$OUT" && pwd)
command -v node >/dev/null || die "node is needed (scripts/install-deps.sh)"
command -v python3 >/dev/null || die "python3 is needed"

# The projects to run, one "name line files expectRuns extensions schema" line each.
mapfile -t PROJECTS < <(python3 - "$CORPUS/corpus.json" "$ONLY" "$CI_MODE" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
only = [n for n in sys.argv[2].split(',') if n]
known = {p['name'] for p in doc['projects']}
for n in only:
    if n not in known:
        sys.exit(f"run-corpus: no project '{n}' in corpus.json (known: {', '.join(sorted(known))})")
for p in doc['projects']:
    if only and p['name'] not in only:
        continue
    if sys.argv[3] == '1' and not only and not p.get('ci'):
        continue
    print(p['name'], p['typeormLine'], p['files'], 'yes' if p['expectTypeOrmRuns'] else 'no',
          ','.join(p['extensions']) or '-', p.get('schema') or '-')
PY
) || exit 2
((${#PROJECTS[@]})) || die "no project selected"

# TypeORM installs: one per line the selected projects use.
CACHE=$BUILD/typeorm-compat
if [[ -n $LINE_OVERRIDE ]]; then
    LINES=("v$LINE_OVERRIDE")
else
    mapfile -t LINES < <(printf '%s\n' "${PROJECTS[@]}" | awk '{print "v" $2}' | sort -u)
fi
"$ROOT/scripts/typeorm-compat-setup.sh" "$CACHE" "${LINES[@]}" >"$OUT/npm-setup.log" 2>&1 ||
    { cat "$OUT/npm-setup.log" >&2; die "the TypeORM installs failed (scripts/typeorm-compat-setup.sh)"; }

if [[ -z ${PG_BIN:-} ]]; then
    PG_BIN=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
fi
[[ -x $PG_BIN/initdb ]] || die "no initdb in '$PG_BIN' (set PG_BIN)"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
bench_start_cluster strata-corpus
# bench_start_cluster leaves us in WORK (a temporary folder, removed at exit).

psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

# create_db NAME EXTENSIONS: an empty database with what TypeORM's driver would
# have created on connect (corpus.json "extensions").
create_db() {
    local db=$1 exts=$2 e
    psql_q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS \"$db\"" \
        -c "CREATE DATABASE \"$db\"" >/dev/null || return 1
    if [[ $exts != - ]]; then
        for e in ${exts//,/ }; do
            psql_q -d "$db" -c "CREATE EXTENSION IF NOT EXISTS \"$e\"" >/dev/null || return 1
        done
    fi
}

schema_dump() {
    "$PG_BIN/pg_dump" --schema-only --no-owner --no-privileges -d "$1" \
        --exclude-table='*.migrations' --exclude-table='*.migrations_id_seq' \
        --exclude-table='*.migrations_strata*' --exclude-table='*.typeorm_metadata' 2>&1 |
        grep -v -e '^--' -e '^\\restrict' -e '^\\unrestrict' -e '^[[:space:]]*$'
}

history_rows() {
    psql -X -At -F '|' -d "$1" -c 'SELECT id, timestamp, name FROM migrations ORDER BY id' 2>/dev/null
}

# json FILE EXPR: a value from a driver answer (python expression over d).
json() {
    python3 -c 'import json,sys
try:
    d = json.load(open(sys.argv[1]))
except Exception as e:
    print("?"); sys.exit(0)
v = eval(sys.argv[2])
print(" ".join(str(v).split("\n")) if v is not None else "")' "$1" "$2"
}

rows_of_json() {
    python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
for r in d.get("rows", []): print("%s|%s|%s" % (r["id"], r["timestamp"], r["name"]))' "$1" 2>/dev/null
}

first_line() { grep -m1 -v '^[[:space:]]*$' "$1" | cut -c1-160; }

declare -a TABLE DETAILS
FAILED=0

for entry in "${PROJECTS[@]}"; do
    read -r name line files expect exts schema <<<"$entry"
    line=${LINE_OVERRIDE:-$line}
    install=$CACHE/v$line
    dir=$OUT/$name
    rm -rf "$dir"
    mkdir -p "$dir"
    id=${name//-/_}
    schema_opt=()
    [[ $schema != - ]] && schema_opt=(--schema "$schema")
    driver() { node "$CORPUS/typeorm-driver.js" --chain "$CORPUS/$name" --install "$install" "${schema_opt[@]}" "$@"; }
    strata() { "$STRATA" "${schema_opt[@]}" "$@"; }
    echo "== $name (TypeORM $line, $files files)" >&2

    # The --project scaffold: the chain as it is, with a data source beside it
    # as a TypeORM project would have it.
    scaffold=$WORK/scaffold-$name
    mkdir -p "$scaffold"
    cp -r "$CORPUS/$name/." "$scaffold/"
    # Its TypeORM installed, as in the project itself: Strata asks it for the SQL
    # of what its static reader cannot read exactly (TypeOrmShadowReader).
    ln -sfn "$install/node_modules" "$scaffold/node_modules"
    cat >"$scaffold/data-source.ts" <<EOF
import { DataSource } from 'typeorm';

export default new DataSource({
  type: 'postgres',
  migrationsTableName: 'migrations',$([[ $schema != - ]] && printf "\n  schema: '%s'," "$schema")
  migrations: [__dirname + '/migrations/*.ts', __dirname + '/migrations/*.js'],
});
EOF

    # Baseline: what an empty database with the extensions dumps as.
    create_db "${id}_base" "$exts" || die "cannot create databases"
    schema_dump "${id}_base" >"$dir/base.sql"

    # (a) TypeORM on A.
    create_db "${id}_a" "$exts"
    PGDATABASE=${id}_a driver run >"$dir/a-run.json" 2>"$dir/a-run.log"
    ta_ok=$(json "$dir/a-run.json" 'd.get("ok")')
    schema_dump "${id}_a" >"$dir/a.sql"
    rows_of_json "$dir/a-run.json" >"$dir/a-history.txt"
    if [[ $ta_ok == True ]]; then
        typeorm_col=ok
    else
        failed=$(json "$dir/a-run.json" 'd.get("failed") or d.get("phase") or "?"')
        typeorm_col="FAILS($failed)"
        DETAILS+=("$name: TypeORM: $(json "$dir/a-run.json" 'd.get("error","")' | cut -c1-200)")
    fi
    if [[ $expect == yes && $ta_ok != True ]]; then
        FAILED=1
        DETAILS+=("$name: corpus.json expects TypeORM to run this chain, it did not")
    fi
    if [[ $expect == no && $ta_ok == True ]]; then
        DETAILS+=("$name: corpus.json says TypeORM cannot run this chain, but it did: update the manifest")
    fi

    # (c, first half) import-typeorm: how many files become .sql, and why the others not.
    conv=$WORK/imported-$name
    rm -rf "$conv"
    mkdir -p "$conv"
    "$STRATA" -d "${id}_base" import-typeorm "$scaffold/migrations" "$conv" >"$dir/import.log" 2>&1
    import_rc=$?
    imported=$(find "$conv" -maxdepth 1 -name '*.sql' | wc -l)
    refused=$((files - imported))
    if ((refused > 0)); then
        # The reason is the indented line under each "not converted FILE"; the first one stands for all.
        reason=$(grep -m1 '^[[:space:]]' "$dir/import.log" | sed 's/^[[:space:]]*//; s|^/[^:]*/||' | cut -c1-220)
        DETAILS+=("$name: import-typeorm converted $imported/$files (exit $import_rc): ${reason:-$(first_line "$dir/import.log")}")
    fi

    # Only chains TypeORM itself ran are compared; the others show "-".
    b_schema=- b_hist=- c_schema=- c_hist=- half=- downs=- blame=- fleet=-
    if [[ $ta_ok == True ]]; then
        # (b) Strata --project on B.
        create_db "${id}_b" "$exts"
        if strata --project "$scaffold" -d "${id}_b" up >"$dir/b-up.log" 2>&1; then b_up=ok; else b_up=fail; fi
        schema_dump "${id}_b" >"$dir/b.sql"
        history_rows "${id}_b" >"$dir/b-history.txt"
        cmp -s "$dir/a.sql" "$dir/b.sql" && b_schema=yes || b_schema=no
        cmp -s "$dir/a-history.txt" "$dir/b-history.txt" && b_hist=yes || b_hist=no
        [[ $b_up == fail ]] && DETAILS+=("$name: strata --project up: $(grep -m1 -i -e error -e refus -e fail "$dir/b-up.log" | cut -c1-200)")

        # (c) Strata on the converted folder, on C (only when every file converted).
        if ((refused == 0)); then
            create_db "${id}_c" "$exts"
            if strata --migrations "$conv" -d "${id}_c" up >"$dir/c-up.log" 2>&1; then c_up=ok; else c_up=fail; fi
            schema_dump "${id}_c" >"$dir/c.sql"
            history_rows "${id}_c" >"$dir/c-history.txt"
            cmp -s "$dir/a.sql" "$dir/c.sql" && c_schema=yes || c_schema=no
            cmp -s "$dir/a-history.txt" "$dir/c-history.txt" && c_hist=yes || c_hist=no
            [[ $c_up == fail ]] && DETAILS+=("$name: strata up on the converted folder: $(grep -m1 -i -e error -e refus -e fail "$dir/c-up.log" | cut -c1-200)")
        else
            c_schema=refused c_hist=refused
        fi

        # (d) half TypeORM, half Strata, then TypeORM's migration:show.
        half_n=$((files / 2))
        create_db "${id}_d" "$exts"
        PGDATABASE=${id}_d driver run-first "$half_n" >"$dir/d-typeorm.json" 2>"$dir/d-typeorm.log"
        strata --project "$scaffold" -d "${id}_d" up >"$dir/d-strata.log" 2>&1
        d_rc=$?
        PGDATABASE=${id}_d driver show >"$dir/d-show.json" 2>"$dir/d-show.log"
        show_ok=$(json "$dir/d-show.json" 'd.get("ok") and d.get("hasPending") is False and all(m["applied"] for m in d["migrations"]) and not d["unknownApplied"]')
        if [[ $(json "$dir/d-typeorm.json" 'd.get("ok")') == True && $d_rc == 0 && $show_ok == True ]]; then
            half=yes
        else
            half=no
            DETAILS+=("$name: half/half: TypeORM first $half_n $(json "$dir/d-typeorm.json" '"ok" if d.get("ok") else d.get("error")'), strata up exit $d_rc, migration:show all applied: $show_ok")
        fi

        # (f) blame against A, where TypeORM ran the chain: the replay must
        # leave what TypeORM left (no drift), every object made by a migration.
        XDG_CACHE_HOME=$WORK/cache strata --project "$scaffold" -d "${id}_a" blame --json \
            >"$dir/f-blame.json" 2>"$dir/f-blame.log"
        blame_rc=$?
        blame_objects=$(json "$dir/f-blame.json" 'len(d["objects"])')
        blame_drift=$(json "$dir/f-blame.json" 'd.get("drift")')
        blame_made=$(json "$dir/f-blame.json" 'sum(1 for o in d["objects"] if o.get("createdBy"))')
        if [[ $blame_rc == 0 && $blame_drift == 0 ]]; then
            blame="yes($blame_made/$blame_objects)"
        else
            blame=no
            DETAILS+=("$name: blame exit $blame_rc, drift $blame_drift: $(json "$dir/f-blame.json" '", ".join(o["key"] + ": " + o["drift"] for o in d["objects"] if o.get("drift"))' | cut -c1-200)$(first_line "$dir/f-blame.log")")
        fi

        # (g) A and B as a fleet: verify, and the matrix of the two.
        printf 'postgresql:///%s label=typeorm\npostgresql:///%s label=strata\n' "${id}_a" "${id}_b" >"$dir/g-targets.txt"
        XDG_CACHE_HOME=$WORK/cache strata --project "$scaffold" fleet verify --targets "$dir/g-targets.txt" \
            --report "$dir/g-verify.json" >"$dir/g-verify.log" 2>&1
        verify_fleet_rc=$?
        strata --project "$scaffold" matrix --targets "$dir/g-targets.txt" --expect-same typeorm,strata \
            >"$dir/g-matrix.log" 2>&1
        matrix_rc=$?
        if [[ $verify_fleet_rc == 0 && $matrix_rc == 0 ]]; then
            fleet=yes
        else
            fleet=no
            DETAILS+=("$name: fleet verify exit $verify_fleet_rc, matrix --expect-same exit $matrix_rc: $(grep -m2 -e '^    ' -e 'error' -e differ "$dir/g-verify.log" "$dir/g-matrix.log" | tr '\n' ' ' | cut -c1-220)")
        fi

        # (e) TypeORM's downs on A versus strata verify.
        PGDATABASE=${id}_a driver revert-all >"$dir/e-revert.json" 2>"$dir/e-revert.log"
        schema_dump "${id}_a" >"$dir/e-after-revert.sql"
        if [[ $(json "$dir/e-revert.json" 'd.get("ok")') == True ]]; then
            if cmp -s "$dir/base.sql" "$dir/e-after-revert.sql"; then
                typeorm_downs=clean
            else
                typeorm_downs=residue
            fi
            down_failed='' down_before=''
        else
            typeorm_downs=fails
            down_failed=$(json "$dir/e-revert.json" 'd.get("failed")')
            # The down TypeORM reverted just before may be the culprit: one that
            # drops what the next down needs (rocketseat-games) does not undo its
            # own up, and verify names that one.
            down_before=$(json "$dir/e-revert.json" '(d.get("reverted") or [None])[-1]')
        fi
        create_db "${id}_e" "$exts"
        # verify takes no --project: it reads the folder of .ts files.
        strata --migrations "$scaffold/migrations" -d "${id}_e" verify >"$dir/e-verify.log" 2>&1
        verify_rc=$?
        case $typeorm_downs in
        clean)
            if [[ $verify_rc == 0 ]]; then
                downs=yes
            else
                # TypeORM's full revert ends clean, yet a down in between may
                # not restore the schema from before its up (a later down drops
                # the difference). Each migration verify names is checked with
                # TypeORM alone: the chain before it, against the chain up to
                # it with its down run.
                downs=yes
                flagged=$(sed -n 's/^\[[0-9]*\/[0-9]*\] \(.*\) \.\.\. down does not undo up$/\1/p' "$dir/e-verify.log")
                others=$(grep -c '^\[[0-9]*/[0-9]*\] .* \.\.\. ' "$dir/e-verify.log" | tr -d ' ')
                okays=$(grep -c '^\[[0-9]*/[0-9]*\] .* \.\.\. ok$' "$dir/e-verify.log" | tr -d ' ')
                [[ -n $flagged && $((others - okays)) == $(wc -l <<<"$flagged") ]] || downs=no
                for m in $flagged; do
                    n=$(json "$dir/a-run.json" "d['applied'].index('$m')" 2>/dev/null)
                    [[ $n =~ ^[0-9]+$ ]] || { downs=no; continue; }
                    create_db "${id}_p" "$exts" && create_db "${id}_q" "$exts"
                    PGDATABASE=${id}_p driver run-first "$n" >"$dir/e-check-$m-p.json" 2>>"$dir/e-check.log"
                    PGDATABASE=${id}_q driver run-first $((n + 1)) >"$dir/e-check-$m-q.json" 2>>"$dir/e-check.log"
                    PGDATABASE=${id}_q driver revert-one >"$dir/e-check-$m-r.json" 2>>"$dir/e-check.log"
                    schema_dump "${id}_p" >"$dir/e-check-$m-before-up.sql"
                    schema_dump "${id}_q" >"$dir/e-check-$m-after-down.sql"
                    if cmp -s "$dir/e-check-$m-before-up.sql" "$dir/e-check-$m-after-down.sql"; then
                        downs=no # TypeORM says this down does undo its up
                    else
                        DETAILS+=("$name: TypeORM agrees that the down of $m does not restore the schema from before its up (e-check-$m-*.sql)")
                    fi
                done
            fi
            ;;
        residue) [[ $verify_rc != 0 ]] && downs=yes || downs=no ;;
        fails)
            downs=no
            if [[ $verify_rc != 0 ]]; then
                grep -q -- "$down_failed" "$dir/e-verify.log" && downs=yes
                [[ -n $down_before ]] && grep -q -- "$down_before" "$dir/e-verify.log" && downs=yes
            fi
            ;;
        esac
        downs_note="TypeORM downs: $typeorm_downs${down_failed:+ at $down_failed ($(json "$dir/e-revert.json" 'd.get("error","")' | cut -c1-120))}; strata verify exit $verify_rc"
        [[ $downs == no || $typeorm_downs != clean ]] &&
            DETAILS+=("$name: $downs_note: $(grep -m1 -i -e 'does not' -e error -e fail -e refus "$dir/e-verify.log" | cut -c1-160)")

        for v in $b_schema $b_hist $c_schema $c_hist $half $downs ${blame%%(*} $fleet; do
            [[ $v == yes ]] || FAILED=1
        done
    fi
    TABLE+=("$name|$line|$files|$typeorm_col|$imported|$refused|$b_schema|$b_hist|$c_schema|$c_hist|$half|$downs|$blame|$fleet")
done

{
    printf '\n%-17s %-4s %5s %-36s %8s %7s %8s %8s %8s %8s %9s %6s %12s %7s\n' project line files "TypeORM runs" imported refused \
        schema=b hist=b schema=c hist=c half/half downs blame=a fleet
    printf '%-17s %-4s %5s %-36s %8s %7s %8s %8s %8s %8s %9s %6s %12s %7s\n' "" "" "" "" "" "" \
        "(proj)" "(proj)" "(import)" "(import)" "" "agree" "(made/all)" "a+b"
    for row in "${TABLE[@]}"; do
        IFS='|' read -r -a c <<<"$row"
        printf '%-17s %-4s %5s %-36s %8s %7s %8s %8s %8s %8s %9s %6s %12s %7s\n' "${c[@]}"
    done
    echo
    for d in "${DETAILS[@]}"; do echo "- $d"; done
    echo
    echo "Logs, dumps and TypeORM's answers: $OUT"
} | tee "$OUT/summary.txt"
exit $FAILED
