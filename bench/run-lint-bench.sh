#!/usr/bin/env bash
# Strata lint next to squawk on the real migrations in tests/lint/corpus:
# findings per rule for both (squawk's rule ids mapped to Strata's by
# bench/squawk-rule-map.tsv), the statements where they disagree, and the wall
# time of each over the whole set. Installs squawk from npm first
# (bench/lint-bench-setup.sh). The report goes to stdout and to
# BUILD/lint-bench/report.md, with the wrapped migrations and both tools' raw
# JSON beside it. No database is needed: both tools lint offline.
#
# Usage: bench/run-lint-bench.sh [--build DIR] [--reps N] [--pg-version V] [--corpus DIR]
#   --build DIR       build folder holding src/cli/strata-cli (default: build)
#   --reps N          timed runs of each tool, the median is reported (default 5)
#   --pg-version V    PostgreSQL major version both tools assume (default 17)
#   --corpus DIR      one folder a project of .sql files (default tests/lint/corpus)
# STRATA_CLI overrides the strata-cli executable, SQUAWK the squawk one.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build"
reps=5
pg_version=17
corpus="$root/tests/lint/corpus"
while [ $# -gt 0 ]; do
    case "$1" in
    --build) build="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --pg-version) pg_version="$2"; shift 2 ;;
    --corpus) corpus="$2"; shift 2 ;;
    -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-lint-bench: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
build="$(cd "$build" && pwd)"
strata="${STRATA_CLI:-$build/src/cli/strata-cli}"
if [ ! -x "$strata" ]; then
    echo "run-lint-bench: no strata-cli at $strata (cmake --build $build --target strata-cli)" >&2
    exit 1
fi
out="$build/lint-bench"
mkdir -p "$out"
squawk="${SQUAWK:-$("$root/bench/lint-bench-setup.sh" "$out/squawk")}"
command -v python3 >/dev/null || { echo "run-lint-bench: python3 is needed" >&2; exit 1; }

python3 "$root/bench/lint_bench.py" --strata "$strata" --squawk "$squawk" --corpus "$corpus" \
    --out "$out" --reps "$reps" --pg-version "$pg_version"
echo "run-lint-bench: report in $out/report.md" >&2
