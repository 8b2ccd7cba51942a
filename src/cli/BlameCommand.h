#pragma once

#include "CliCommand.h"

// strata-cli blame [OBJECT]: which migration made each object of the schema
// and which ones changed it, from a replay of the migrations in a shadow
// database (cached per project state). With a connection, the database's
// objects that no migration made (or that were changed outside them) are
// marked as drift.
class BlameCommand : public CliCommand
{
public:
    using CliCommand::CliCommand;

    QString name() const override { return QStringLiteral("blame"); }
    QStringList ownOptions() const override { return { QStringLiteral("project") }; }
    int run(const QStringList &args) override;
};
