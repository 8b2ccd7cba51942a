#include "DriftCommand.h"

#include "CliContext.h"
#include "db/PgConnection.h"
#include "diff/TextDiff.h"
#include "git/MigrationGitState.h"
#include "migration/MigrationSource.h"
#include "planner/DriftReport.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

int DriftCommand::run(const QStringList &args)
{
    if (!args.isEmpty())
        return m_cli.usage(QStringLiteral("drift takes no arguments"));
    // With the SQL: the point is to show what the database actually ran.
    Result<CliContext::Snapshot> snapshot = m_cli.readSnapshot(true);
    if (!snapshot)
        return m_cli.fail(snapshot.error());
    const MigrationSource::Scan &scan = snapshot->scan;
    const DriftReport report = DriftReport::fromStatuses(snapshot->statuses, scan.directory);
    const std::optional<QHash<QString, GitRepository::FileState>> git
        = MigrationGitState::forFolder(scan.directory);

    auto sectionDiff = [](const DriftReport::Entry &e, const QByteArray &recorded, const QByteArray &current,
                           const QString &section) {
        return TextDiff::compute(QString::fromUtf8(recorded), QString::fromUtf8(current))
            .unified(QStringLiteral("%1 (%2, as applied)").arg(e.name, section),
                QStringLiteral("%1 (%2, file)").arg(e.filePath, section));
    };
    QJsonArray list;
    for (const DriftReport::Entry &e : report.entries()) {
        const bool edited = e.state == MigrationState::Edited;
        // The name, not an optional<FileState>: GCC 12 at -O2 warns (falsely)
        // that such an optional may be read uninitialized.
        const QString gitState
            = git && git->contains(e.filePath) ? MigrationGitState::name(git->value(e.filePath)) : QString();
        const QString upDiff = edited && e.sqlRecorded
            ? sectionDiff(e, e.recordedUp, e.currentUp, QStringLiteral("up"))
            : QString();
        const QString downDiff = edited && e.sqlRecorded
            ? sectionDiff(e, e.recordedDown, e.currentDown, QStringLiteral("down"))
            : QString();
        if (m_cli.json()) {
            QJsonObject o;
            o[QLatin1String("name")] = e.name;
            o[QLatin1String("state")] = stateName(e.state);
            o[QLatin1String("file")] = e.filePath;
            o[QLatin1String("recordedChecksum")] = e.recordedChecksum;
            if (edited)
                o[QLatin1String("currentChecksum")] = e.currentChecksum;
            if (!gitState.isEmpty())
                o[QLatin1String("git")] = gitState;
            if (edited && e.sqlRecorded) {
                o[QLatin1String("upDiffers")] = e.upDiffers();
                o[QLatin1String("downDiffers")] = e.downDiffers();
                o[QLatin1String("upDiff")] = upDiff;
                o[QLatin1String("downDiff")] = downDiff;
            }
            list.append(o);
            continue;
        }
        m_cli.out() << stateName(e.state) << ' ' << e.name << '\n';
        m_cli.out() << "  file: " << QDir::toNativeSeparators(e.filePath);
        if (!gitState.isEmpty())
            m_cli.out() << " (git: " << gitState << ')';
        m_cli.out() << '\n';
        if (!edited) {
            m_cli.out()
                << "  The file is gone; the history still holds the SQL that was run, so `down` can revert "
                   "it.\n\n";
            continue;
        }
        m_cli.out() << "  checksum applied " << e.recordedChecksum << ", file " << e.currentChecksum << '\n';
        if (!e.sqlRecorded) {
            m_cli.out() << "  No SQL was recorded at apply time; only the checksums differ.\n\n";
            continue;
        }
        if (!e.upDiffers() && !e.downDiffers())
            m_cli.out()
                << "  Both sections are unchanged; the file differs outside them (comments or options).\n";
        m_cli.out() << upDiff << downDiff << '\n';
    }
    if (m_cli.json()) {
        QJsonObject root;
        root[QLatin1String("ok")] = report.isEmpty();
        root[QLatin1String("migrationsDirectory")] = scan.directory;
        root[QLatin1String("drifted")] = list;
        m_cli.out() << QJsonDocument(root).toJson(QJsonDocument::Indented);
    } else if (report.isEmpty()) {
        m_cli.out() << "No drift: every applied migration's file matches what was run.\n";
    } else {
        m_cli.out() << report.entries().size() << " applied migration(s) differ from their files.\n";
    }
    m_cli.out().flush();
    for (const StrataError &problem : scan.problems)
        m_cli.err() << "warning: " << problem.toString() << '\n';
    m_cli.err().flush();
    return !report.isEmpty() && m_cli.parser().isSet(QStringLiteral("exit-code")) ? CheckFailed : Success;
}
