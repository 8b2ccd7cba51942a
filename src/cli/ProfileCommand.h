#pragma once

#include "CliCommand.h"

class ProfileStore;
struct ConnectionProfile;

// strata-cli profile: connection profiles in the settings (no passwords).
class ProfileCommand : public CliCommand
{
public:
    using CliCommand::CliCommand;

    QString name() const override { return QStringLiteral("profile"); }
    QStringList ownOptions() const override { return { QStringLiteral("backup") }; }
    int run(const QStringList &args) override;

private:
    int removeProfile(ProfileStore &store, const ConnectionProfile &profile);
};
