#!/usr/bin/env bash
# Builds the core, strata-cli and their tests with AddressSanitizer and
# UndefinedBehaviorSanitizer (-DSTRATA_SANITIZE=ON) in a separate folder,
# build-sanitize/, and runs those tests: any sanitizer report aborts the test
# that triggered it, so a clean run is one where ctest passes. Issue 14.
#
#   scripts/sanitize.sh                         # the core and CLI suites
#   scripts/sanitize.sh strata_typeorm_tests    # chosen test binaries only
#
# The GUI tests are left out (the brief is the engine the CLI shares). Leak
# checking is off: Qt keeps process-lifetime allocations that LeakSanitizer
# reports at exit, which would drown real findings; use-after-free, overflows
# and undefined behaviour are all checked.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${STRATA_SANITIZE_BUILD:-build-sanitize}
default_tests=(strata_unit_tests strata_lint_tests strata_diff_tests strata_model_tests
    strata_integration_tests strata_cli_tests strata_preflight_tests strata_git_tests
    strata_typeorm_tests strata_typeorm_project_tests strata_backup_tests strata_shadow_tests)
tests=("$@")
[ ${#tests[@]} -eq 0 ] && tests=("${default_tests[@]}")

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTRATA_WERROR=ON \
    -DSTRATA_SANITIZE=ON -DSTRATA_BUILD_APP=OFF "${launcher[@]}" >/dev/null
nice -n 10 cmake --build "$build" --target strata-cli "${tests[@]}" -j"${STRATA_JOBS:-2}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Only the chosen binaries were built; the rest show up as *_NOT_BUILT.
ctest --test-dir "$build" --output-on-failure --timeout 900 -j"${STRATA_JOBS:-2}" -E '_NOT_BUILT'
