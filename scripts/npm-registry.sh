# Sourced by scripts/node-setup.sh and scripts/typeorm-compat-setup.sh.
#
# npm_registry_reachable STAMP_DIR
#   Whether npm can reach the registry it is configured with, asked once and
#   briefly (npm ping, no retries) before an install. Without it, a machine
#   whose npm cannot reach its registry spends a minute or two retrying in
#   every npm call, and each test process that sets up TypeORM makes its own.
#   A failure is remembered in STAMP_DIR/.npm-unreachable for ten minutes, so
#   the test processes after the first fail at once with the same npm error.
#   Prints why on stderr and returns 1 when npm cannot reach it.
npm_registry_reachable() {
    local stamp="$1/.npm-unreachable" age out
    if [ -f "$stamp" ]; then
        age=$(($(date +%s) - $(stat -c %Y "$stamp")))
        if [ "$age" -lt 600 ]; then
            echo "npm cannot reach its registry (remembered from ${age}s ago in $stamp; delete it to ask again):" >&2
            cat "$stamp" >&2
            return 1
        fi
    fi
    if out="$(npm ping --fetch-retries=0 --fetch-timeout=20000 --loglevel=error 2>&1)"; then
        rm -f "$stamp"
        return 0
    fi
    mkdir -p "$1"
    # The code and the reason, not the stack.
    printf '%s\n' "$out" | grep -v -e '^npm notice' -e '^npm error  *at ' | head -n 4 >"$stamp"
    echo "npm cannot reach its registry ($(npm config get registry 2>/dev/null)):" >&2
    cat "$stamp" >&2
    return 1
}
