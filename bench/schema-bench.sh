#!/usr/bin/env bash
# Benchmark: Strata's schema introspection against pg_dump --schema-only of the
# same generated database (2,000 tables with keys, foreign keys, indexes and
# views by default) in the same run, and the time to diff two such models.
#
# Usage: bench/schema-bench.sh [--build DIR] [--tables N] [--reps N]
# Configures DIR (default build-bench) with -DSTRATA_BUILD_BENCH=ON, builds
# strata_schema_bench and runs it; it starts and removes its own throwaway cluster.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
BUILD_DIR="$REPO_ROOT/build-bench"
ARGS=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --build) BUILD_DIR=$2; shift 2 ;;
        --tables|--reps) ARGS+=("$1" "$2"); shift 2 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done

if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
    cmake -S "$REPO_ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DSTRATA_BUILD_BENCH=ON -DSTRATA_BUILD_TESTS=OFF -DSTRATA_BUILD_APP=OFF
else
    cmake "$BUILD_DIR" -DSTRATA_BUILD_BENCH=ON >/dev/null
fi
cmake --build "$BUILD_DIR" --target strata_schema_bench
"$BUILD_DIR/bench/strata_schema_bench" "${ARGS[@]}"
