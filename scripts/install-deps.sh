#!/usr/bin/env bash
# Installs every Debian 12 package Strata needs to build, test and run.
# Safe to run again: it installs only what is missing.
#
#   scripts/install-deps.sh          # build, test, run (gcc)
#   scripts/install-deps.sh --fuzz   # also clang and libFuzzer for scripts/fuzz.sh
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config git
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools
    qt6-svg-dev libqt6svg6 qt6-qpa-plugins libgl-dev
    qtkeychain-qt6-dev libqscintilla2-qt6-dev
    libpg-query-dev libpq-dev libssl-dev libgit2-dev libdtl-dev
    postgresql-15 postgresql-client-15
    pgbouncer  # the pooler tests start their own in front of the test cluster
    libssh-dev  # SSH tunnels to a bastion host (src/core/ssh)
    openssh-server  # the SSH tunnel tests start their own sshd on loopback
    libgtest-dev libgmock-dev googletest libbenchmark-dev
    dbus dbus-x11 gnome-keyring libsecret-tools
    xvfb xauth clang-format python3
    help2man  # the man pages are made from the programs' --help at build time
    zsh fish  # the completion tests load the scripts into the real shells
    dpkg-dev file lintian desktop-file-utils appstream  # the .deb and its checks (scripts/check-package.sh)
)

# The fuzz targets need clang (libFuzzer is clang's); nothing else does, so
# only when asked. libclang-rt holds the fuzzer and sanitizer runtimes.
if [ "${1:-}" = --fuzz ]; then
    packages+=(clang libclang-rt-14-dev)
fi

# Node and npm run the real TypeORM CLI in the compatibility tests. A Node
# already on the machine is kept; Debian's is installed only when there is none.
# Debian's (18) is too old for TypeORM 1.x: the tests then run one that
# scripts/node-setup.sh fetches with this npm into the build folder.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "Installing: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
    sudo=()
else
    sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q

# Installing postgresql-15 also creates a system cluster "main" on port 5432
# (and, with systemd, starts it at every boot) that Strata never uses: its
# sandbox and the tests start clusters of their own. Unless this machine
# already has a cluster, postgresql-common is told not to, for this install
# only (create_main_cluster, in createcluster.conf, which postgresql-common
# itself creates first); later installs of PostgreSQL behave as usual.
no_main_cluster=false
if printf '%s\n' "${missing[@]}" | grep -qx 'postgresql-15' &&
    [ -z "$(ls /etc/postgresql/*/*/postgresql.conf 2>/dev/null)" ]; then
    no_main_cluster=true
    "${sudo[@]}" apt-get install -y -q --no-install-recommends postgresql-common
    "${sudo[@]}" pg_conftool /etc/postgresql-common/createcluster.conf set create_main_cluster false
fi
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
if $no_main_cluster; then
    "${sudo[@]}" pg_conftool /etc/postgresql-common/createcluster.conf remove create_main_cluster || true
fi

# Installing openssh-server starts and enables the system's SSH server. Strata
# needs only its binary (the tests start their own sshd on loopback, with their
# own keys), so a server this script installed is stopped and disabled again:
# no machine gets a listening port 22 because it builds Strata.
for p in "${missing[@]}"; do
    if [ "$p" = openssh-server ]; then
        if [ -d /run/systemd/system ]; then
            "${sudo[@]}" systemctl disable --now ssh.service ssh.socket >/dev/null 2>&1 || true
        else
            "${sudo[@]}" service ssh stop >/dev/null 2>&1 || true
            "${sudo[@]}" update-rc.d ssh disable >/dev/null 2>&1 || true
        fi
    fi
done
