#!/usr/bin/env bash
# Regenerates <version>/migrations/*.ts with TypeORM's own `migration:generate`,
# in four steps as the entities evolve (common/stages/1..4): generate, run,
# next stage. Needs an EMPTY PostgreSQL database reached through DB_HOST,
# DB_PORT, DB_USERNAME, DB_PASSWORD, DB_DATABASE (the data source reads them),
# and the npm install made by scripts/typeorm-compat-setup.sh. The node on PATH
# must be one TypeORM supports: `export PATH=$PWD/build/node/bin:$PATH` after
# scripts/node-setup.sh build/node, as the tests do.
#
# Usage: DB_...=... tests/typeorm/compat/generate-migrations.sh VERSION CACHE_DIR
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
"$here/../../../scripts/node-setup.sh" --check
version="$1"
cache="$(cd "$2" && pwd)"
names=(Initial AddUserProfile AddTags AddPostStatus)

proj="$(mktemp -d)"
trap 'rm -rf "$proj"' EXIT
mkdir -p "$proj/src/entity" "$proj/src/migrations"
cp "$here/common/tsconfig.json" "$proj/"
cp "$here/common/src/data-source.ts" "$proj/src/"
ln -s "$cache/$version/node_modules" "$proj/node_modules"
cd "$proj"
# Type checking adds nothing here (tsc checked the entities when written) and
# costs most of the start-up time.
export TS_NODE_TRANSPILE_ONLY=true
cli=(node node_modules/typeorm/cli-ts-node-commonjs.js)
for i in 1 2 3 4; do
    rm -f src/entity/*.ts
    cp "$here/common/stages/$i/"*.ts src/entity/
    "${cli[@]}" migration:generate "src/migrations/${names[$((i - 1))]}" -d src/data-source.ts
    "${cli[@]}" migration:run -d src/data-source.ts
    sleep 1 # distinct timestamps even on a fast machine
done
rm -rf "$here/$version/migrations"
mkdir -p "$here/$version/migrations"
cp src/migrations/*.ts "$here/$version/migrations/"
ls "$here/$version/migrations"
