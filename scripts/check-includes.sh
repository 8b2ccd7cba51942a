#!/usr/bin/env bash
# The include rule of ARCHITECTURE.md: a folder of src/core includes only
# folders of a lower layer (and itself); the core never includes the faces;
# the CLI never includes the app; nothing in the core or the CLI uses Widgets.
# Prints every violation as file:line and exits 1 when there is one.
set -euo pipefail
cd "$(dirname "$0")/.."

# Layer of each core folder: lower numbers are lower layers.
declare -A layer=(
    [common]=0
    [ssh]=1
    [db]=2 [sql]=2 [migration]=2 [git]=2 [diff]=2
    [history]=3 [schema]=3
    [settings]=4 [planner]=4 [typeorm]=4 [lint]=4 [backup]=4
    [secrets]=5 [sandbox]=5 [models]=5 [runner]=5
    [shadow]=6 [preflight]=6
    [project]=7
    [service]=8
)

status=0
complain() {
    echo "$1: $2" >&2
    status=1
}

for dir in src/core/*/; do
    folder=$(basename "$dir")
    if [ -z "${layer[$folder]+set}" ]; then
        complain "$dir" "a core folder with no layer: add it to scripts/check-includes.sh and ARCHITECTURE.md"
        continue
    fi
    while IFS=: read -r file line include; do
        target=${include%%/*}
        if [ -z "${layer[$target]+set}" ]; then
            complain "$file:$line" "includes \"$include\", which is not a core folder"
        elif [ "$target" != "$folder" ] && [ "${layer[$target]}" -ge "${layer[$folder]}" ]; then
            complain "$file:$line" "$folder (layer ${layer[$folder]}) includes $target (layer ${layer[$target]}): only lower layers"
        fi
    done < <(grep -HnoE '^#include "[a-z]+/[^"]+"' "$dir"*.{h,cpp} 2>/dev/null | sed -E 's/#include "([^"]+)"/\1/')
done

while IFS=: read -r file line text; do
    complain "$file:$line" "the core and the CLI do not use Widgets: $text"
done < <(grep -HnE '#include <(QtWidgets/|QWidget|QMainWindow|QDialog|QApplication>)' src/core -r src/cli || true)

while IFS=: read -r file line text; do
    complain "$file:$line" "the CLI does not include the app: $text"
done < <(grep -HnE '#include "(app/|MainWindow|MigrationEditor)' -r src/cli || true)

if [ "$status" = 0 ]; then
    echo "check-includes: every include follows the layers"
fi
exit "$status"
