#pragma once

class QModelIndex;
class QPoint;
class QWidget;

// The migration list's context menu for one row: run up to it or revert down
// to it, open or reveal its file, and its diff views, each entry enabled as
// the row's state and the window's allow. exec() says which was chosen.
class MigrationContextMenu
{
public:
    enum class Choice {
        None,
        RunUpToHere,
        RevertDownToHere,
        Open,
        Reveal,
        DiffWithApplied,
        DiffWithHead,
        CompareWithFile
    };
    // What the window allows now.
    struct Allowed
    {
        bool connected = false;
        bool busy = false; // a run, or one waiting for its pre-flight
        bool folderHasProblems = false; // no run while a file of the folder is malformed
    };

    // `row`: an index of the migration table's model (its roles are read).
    static Choice exec(
        QWidget *parent, const QPoint &globalPosition, const QModelIndex &row, const Allowed &allowed);
};
