#!/bin/sh
# Runs a command inside a real, headless, throwaway OS keychain: a private D-Bus
# session with gnome-keyring's Secret Service, unlocked with a random password.
# Tests of the keychain code and CI use it; it never touches the user's own
# keyring or session bus (its own XDG folders, removed afterwards).
#
#   scripts/with-keychain.sh ctest --test-dir build -L keychain
#   scripts/with-keychain.sh bash -c 'secret-tool store --label=x service strata key test <<< secret'
#
# Needs: dbus (dbus-run-session), gnome-keyring; libsecret-tools for secret-tool.
set -eu

if [ $# -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGUMENT...]" >&2
    exit 2
fi

# Already inside one (a nested call): nothing to set up.
if [ -n "${STRATA_KEYCHAIN_SESSION:-}" ]; then
    exec "$@"
fi

if [ -z "${STRATA_KEYCHAIN_INNER:-}" ]; then
    for tool in dbus-run-session gnome-keyring-daemon; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "$0: $tool is missing (apt-get install dbus gnome-keyring)" >&2
            exit 127
        fi
    done
    # Private homes for the keyring files and the control socket, so a desktop
    # user's real keyring daemon is neither reused nor unlocked with our password.
    scratch=$(mktemp -d "${TMPDIR:-/tmp}/strata-keychain.XXXXXX")
    trap 'rm -rf "$scratch"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    mkdir -m 0700 "$scratch/runtime" "$scratch/data"
    status=0
    STRATA_KEYCHAIN_INNER=1 XDG_RUNTIME_DIR="$scratch/runtime" XDG_DATA_HOME="$scratch/data" \
        dbus-run-session -- /bin/sh "$0" "$@" || status=$?
    exit "$status"
fi

# Inside the private session bus. gnome-keyring refuses to create and unlock the
# login keyring with an empty password, so it gets a random one on stdin.
password=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
keyring_env=$(printf '%s' "$password" | gnome-keyring-daemon --daemonize --unlock --components=secrets)
unset password
# It prints NAME=value lines (GNOME_KEYRING_CONTROL, SSH_AUTH_SOCK) for whatever
# clients cannot find by themselves; with XDG_RUNTIME_DIR set that may be nothing.
while IFS= read -r line; do
    # shellcheck disable=SC2163 # exports the NAME=value the line holds
    case "$line" in
        [A-Z_]*=*) export "$line" ;;
    esac
done <<END
$keyring_env
END
control="${GNOME_KEYRING_CONTROL:-$XDG_RUNTIME_DIR/keyring}/control"
if [ ! -S "$control" ]; then
    echo "$0: gnome-keyring-daemon did not start (no $control; it printed: $keyring_env)" >&2
    exit 1
fi
unset STRATA_KEYCHAIN_INNER
export STRATA_KEYCHAIN_SESSION=1
exec "$@"
