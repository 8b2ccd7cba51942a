#!/usr/bin/env bash
# Takes the README's screenshots of the real windows: the GUI tests that set
# up each scene (a database with applied and pending migrations, the connection
# dialog, a failed run with its error marked) run under Xvfb with the xcb
# platform and save QWidget::grab() pictures into docs/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
build_dir="${STRATA_BUILD_DIR:-build}"
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir" --parallel "$(nproc)" --target strata_gui_tests

out="$PWD/docs/screenshots"
mkdir -p "$out"
export STRATA_SCREENSHOT_DIR="$out"
export STRATA_EDITOR_SCREENSHOT="$out/editor-error.png"
export QT_QPA_PLATFORM=xcb
filter='MainWindowTest.RunPending*:MainWindowTest.AppliedAndPending*:MainWindowTest.AFailingMigration*'
filter+=':ConnectionDialogScreenshot.*:MigrationEditorTest.RendersARunError:MigrationEditorTest.RendersATypeOrmMigration'
filter+=':SqlDiffViewTest.Screenshot:MainWindowTest.AnEditedMigrationOpensTheDiffAgainstWhatWasApplied'
filter+=':MainWindowTest.LintFindingsShowInTheEditorMarginAndList:MainWindowTest.ALongIndexBuildShowsTheServersProgressInTheRunPanel'
filter+=':BackupGuiTest.TheBackupsDialogListsTheDump*'
filter+=':SchemaToolsTest.GenerateMigrationComparesAndOpensTheNewFileInTheEditor'
filter+=':PreflightWindowTest.AStagingRunShowsThePreflightFirst*'
filter+=':SchemaBrowserTest.TheTreeOfARealSchemaHoldsWhatTheCatalogHolds:SchemaBrowserTest.ASecondDatabaseIsMarkedWhereItDiffers'
filter+=':SchemaBrowserTest.BlameNamesTheMigrationThatAddedAColumnAndMarksDrift'
filter+=':SchemaBrowserTest.APendingMigrationIsPreviewedWithItsDropsMarkedAsDataLoss'
filter+=':EnvironmentsDialogTest.*:FleetRunDialogTest.*'
xvfb-run -a -s "-screen 0 1400x900x24" scripts/with-keychain.sh \
    "$build_dir/tests/strata_gui_tests" --gtest_filter="$filter"
ls -l "$out"
