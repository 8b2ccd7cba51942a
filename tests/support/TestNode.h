#pragma once

#include <QString>

// The Node the tests run TypeORM with. Debian 12's own Node (18) is too old for
// TypeORM 1.x, so scripts/node-setup.sh provides one that every TypeORM version
// in tests/typeorm/compat supports in the build folder's node/ (a link to the
// machine's own node when that is new enough, so nothing is fetched then), and
// its bin folder goes first on this process's PATH: every child process (node,
// npm, npx, strata-cli when it runs node) uses it. The product itself keeps
// running whichever node the user's PATH has; only the tests are pointed here.
class TestNode
{
public:
    // Sets it up on the first call (later calls return the first answer): true
    // when that Node is first on PATH, else false and the script's output in *why.
    static bool provide(QString *why = nullptr);

    // The folder whose bin/node it is (the build folder's node/).
    static QString directory();
};
