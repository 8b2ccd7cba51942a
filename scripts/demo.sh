#!/usr/bin/env bash
# Builds Strata and opens the desktop app on a throwaway local PostgreSQL (the
# sandbox) with the sample migrations. Nothing outside the sandbox is touched.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

build_dir="${STRATA_BUILD_DIR:-build}"
generator=()
if command -v ninja >/dev/null; then generator=(-G Ninja); fi
cmake -S . -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build_dir" --parallel "$(nproc)" --target strata strata-cli

# Start (or reuse) the sandbox and point libpq at it.
eval "$("$build_dir/src/cli/strata-cli" sandbox start)"
export STRATA_MIGRATIONS_DIR="$PWD/migrations"
"$build_dir/src/cli/strata-cli" --migrations migrations status || true
echo "Sandbox: PGHOST=$PGHOST PGPORT=$PGPORT PGDATABASE=$PGDATABASE (stop it with: $build_dir/src/cli/strata-cli sandbox stop)"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "No display: running the app under Xvfb (xvfb-run)."
    exec xvfb-run -a -s "-screen 0 1280x800x24" "$build_dir/src/app/strata" "$STRATA_MIGRATIONS_DIR"
fi
exec "$build_dir/src/app/strata" "$STRATA_MIGRATIONS_DIR"
