#include "MigrationContextMenu.h"

#include "models/MigrationTableModel.h"

#include <QCoreApplication>
#include <QIcon>
#include <QMenu>

MigrationContextMenu::Choice MigrationContextMenu::exec(
    QWidget *parent, const QPoint &globalPosition, const QModelIndex &row, const Allowed &allowed)
{
    const auto tr
        = [](const char *text) { return QCoreApplication::translate("MigrationContextMenu", text); };
    const bool hasFile = !row.data(MigrationTableModel::FilePathRole).toString().isEmpty();
    const bool applied = row.data(MigrationTableModel::IsAppliedRole).toBool();
    const bool inGit = !row.data(MigrationTableModel::GitStateRole).toString().isEmpty();
    const bool canRun = allowed.connected && !allowed.busy;

    QMenu menu(parent);
    QAction *runTo = menu.addAction(QIcon(QStringLiteral(":/icons/run.svg")), tr("Run Up to Here"));
    runTo->setEnabled(canRun && !applied && !allowed.folderHasProblems);
    QAction *revert = menu.addAction(QIcon(QStringLiteral(":/icons/revert.svg")), tr("Revert Down to Here"));
    revert->setEnabled(canRun && applied);
    menu.addSeparator();
    QAction *open = menu.addAction(tr("Open in Editor"));
    open->setEnabled(hasFile);
    QAction *reveal = menu.addAction(tr("Reveal File"));
    reveal->setEnabled(hasFile);
    menu.addSeparator();
    QAction *diffApplied = menu.addAction(tr("Diff with What Was Applied"));
    diffApplied->setEnabled(allowed.connected && applied && hasFile);
    QAction *diffHead = menu.addAction(tr("Diff with Git HEAD"));
    diffHead->setEnabled(hasFile && inGit);
    QAction *diffOther = menu.addAction(tr("Compare with Another File…"));
    diffOther->setEnabled(hasFile);

    const QAction *chosen = menu.exec(globalPosition);
    if (!chosen)
        return Choice::None;
    if (chosen == runTo)
        return Choice::RunUpToHere;
    if (chosen == revert)
        return Choice::RevertDownToHere;
    if (chosen == open)
        return Choice::Open;
    if (chosen == reveal)
        return Choice::Reveal;
    if (chosen == diffApplied)
        return Choice::DiffWithApplied;
    if (chosen == diffHead)
        return Choice::DiffWithHead;
    return chosen == diffOther ? Choice::CompareWithFile : Choice::None;
}
