#!/usr/bin/env bash
# When npm cannot reach its registry, setting up TypeORM for the compatibility
# tests fails at once with npm's own error (no minute of retries), and the
# next test process is told the same without asking npm again.
# A real npm, pointed at a port where nothing listens.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export npm_config_registry=http://127.0.0.1:9/
fail() {
    echo "npm-unreachable-test: $*" >&2
    exit 1
}

first="$(bash "$root/scripts/typeorm-compat-setup.sh" "$work/cache" v0.3 2>&1)" && fail "the first setup succeeded without a registry"
grep -q 'npm cannot reach its registry (http://127.0.0.1:9/)' <<<"$first" || fail "no explanation in: $first"
grep -q 'ECONNREFUSED' <<<"$first" || fail "npm's error is not in: $first"
[ -f "$work/cache/.npm-unreachable" ] || fail "the failure was not remembered"
[ ! -d "$work/cache/v0.3" ] || fail "a half-made install was left"

second="$(bash "$root/scripts/typeorm-compat-setup.sh" "$work/cache" v0.3 2>&1)" && fail "the second setup succeeded"
grep -q 'remembered from' <<<"$second" || fail "the second setup asked npm again: $second"
grep -q 'ECONNREFUSED' <<<"$second" || fail "the second setup does not repeat npm's error: $second"

# Node itself (when the machine's is too old) is fetched the same way.
if ! bash "$root/scripts/node-setup.sh" --check >/dev/null 2>&1; then
    node_out="$(bash "$root/scripts/node-setup.sh" "$work/node" 2>&1)" && fail "Node was fetched without a registry"
    grep -q 'ECONNREFUSED' <<<"$node_out" || fail "node-setup does not give npm's error: $node_out"
fi
echo "npm-unreachable-test: ok"
