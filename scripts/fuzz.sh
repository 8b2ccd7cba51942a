#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang with ASan + UBSan) in build-fuzz/
# and runs each for SECONDS of CPU time, one at a time under `nice -n 19` (the
# machine is shared; STRATA_FUZZ_NICE changes it). Each run starts from the
# committed seeds in fuzz/corpus/<target> plus what earlier runs found (build-fuzz/corpus/<target>); a crash, leak,
# sanitizer report or hang leaves its input in build-fuzz/artifacts/<target>/
# and makes the script exit 1. Prints the CPU time, executions and corpus
# size of each target.
#
#   scripts/fuzz.sh 600                       # every target, 10 minutes each
#   scripts/fuzz.sh 60 fuzz_js_tokenizer      # one target
#   build-fuzz/fuzz/fuzz_js_tokenizer CRASH   # replay an input
#
# Needs clang and libFuzzer (Debian 12: scripts/install-deps.sh --fuzz).
set -euo pipefail

if [ $# -lt 1 ]; then
    echo "usage: $0 SECONDS [TARGET...]" >&2
    exit 2
fi
seconds=$1
shift
root=$(cd "$(dirname "$0")/.." && pwd)
build=${STRATA_FUZZ_BUILD:-$root/build-fuzz}
all=(fuzz_migration_file fuzz_sql_splitter fuzz_js_tokenizer fuzz_typeorm_migration fuzz_data_source fuzz_env_file)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")

for tool in clang clang++; do
    command -v "$tool" >/dev/null || { echo "$0: $tool is missing (scripts/install-deps.sh --fuzz)" >&2; exit 127; }
done
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# Two runs of this script may share the build folder (different targets on
# the two cores): only one configures and builds at a time.
mkdir -p "$build"
exec 9>"$build/.build-lock"
flock 9
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ "${launcher[@]}" \
    -DSTRATA_FUZZ=ON -DSTRATA_BUILD_TESTS=OFF -DSTRATA_BUILD_APP=OFF -DSTRATA_WERROR=ON >/dev/null
nice -n 19 cmake --build "$build" --target "${targets[@]}" -j"${STRATA_JOBS:-2}"
flock -u 9

ticks=$(getconf CLK_TCK)
# CPU ticks used by this shell's finished children (utime + stime of the
# waited-for processes, /proc/PID/stat fields 16 and 17).
child_ticks() { awk '{print $16 + $17}' "/proc/$$/stat"; }

status=0
for target in "${targets[@]}"; do
    corpus=$build/corpus/$target
    artifacts=$build/artifacts/$target
    mkdir -p "$corpus" "$artifacts"
    log=$build/$target.log
    : >"$log"
    echo "== $target: ${seconds} CPU-seconds"
    # -max_total_time counts wall time, and niced on a shared machine the
    # fuzzer gets only part of a core: run it again (from the corpus it has
    # grown so far) until it has had SECONDS of CPU time.
    used=0
    used_ticks=0
    runs=0
    rc=0
    while [ "$used" -lt "$seconds" ]; do
        before=$(child_ticks)
        set +e
        nice -n "${STRATA_FUZZ_NICE:-19}" "$build/fuzz/$target" "$corpus" "$root/fuzz/corpus/$target" \
            -max_total_time=$((seconds - used < 10 ? 10 : seconds - used)) -timeout=20 -rss_limit_mb=2048 -max_len=262144 \
            -artifact_prefix="$artifacts/" -print_final_stats=1 >>"$log" 2>&1
        rc=$?
        set -e
        after=$(child_ticks)
        used_ticks=$((used_ticks + after - before))
        used=$((used_ticks / ticks))
        n=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo 0)
        runs=$((runs + n))
        # Every run is also added to build-fuzz/fuzz-totals.tsv, so the totals
        # of a target fuzzed in several sittings can be summed.
        printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$target" \
            "$(awk -v t=$((after - before)) -v hz="$ticks" 'BEGIN { printf "%.2f", t / hz }')" "$n" "$rc" \
            >>"$build/fuzz-totals.tsv"
        # 72 is libFuzzer's exit on SIGINT (Ctrl-C): stop, that is no finding.
        [ $rc -eq 72 ] && break
        [ $rc -ne 0 ] && break
        # A run so short that it used no measurable CPU would loop forever.
        [ "$after" -eq "$before" ] && break
    done
    files=$(find "$corpus" -type f | wc -l)
    if [ $rc -eq 72 ]; then
        echo "   interrupted: $used CPU-seconds, $runs executions, corpus $files files, 0 crashes"
        break
    elif [ $rc -ne 0 ]; then
        status=1
        echo "   FAILED (exit $rc) after $used CPU-seconds; input in $artifacts, log $log"
        grep -m3 -E 'ERROR:|SUMMARY:|runtime error' "$log" || true
    else
        echo "   ok: $used CPU-seconds, $runs executions, corpus $files files, 0 crashes"
    fi
done
exit $status
