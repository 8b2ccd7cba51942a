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

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    exec "$build_dir/src/app/strata" "$STRATA_MIGRATIONS_DIR"
fi

# No display (a server, a container, SSH without X forwarding): a window
# nobody can see, waiting on a question nobody can answer, helps no one.
# Walk through the sample with the command line instead, and save a picture
# of the app's real window on the same database.
cli="$build_dir/src/cli/strata-cli"
step() {
    echo
    echo "\$ strata-cli --migrations migrations $*"
    "$cli" --migrations migrations "$@"
}
echo
echo "No display here, so no window: the same steps with strata-cli on the sandbox."
step status || true
step up
step status
step down
step status || true

shot="$PWD/$build_dir/strata-window.png"
echo
echo "Rendering the app's window on this database into $shot ..."
if STRATA_SCREENSHOT="$shot" STRATA_SCREENSHOT_DELAY_MS=4000 QT_QPA_PLATFORM=offscreen \
    "$build_dir/src/app/strata" "$STRATA_MIGRATIONS_DIR" >/dev/null 2>&1; then
    echo "The app's window: $shot"
else
    echo "The window could not be rendered here (the app itself needs a display to be used)."
fi
cat <<EOT

On a desktop (or with ssh -X), the same command opens the app:
    scripts/demo.sh
or, with the sandbox already running:
    eval "\$($cli sandbox env)" && $build_dir/src/app/strata migrations
Stop the sandbox with: $cli sandbox stop
EOT
