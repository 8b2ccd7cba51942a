#include "MigrationDiffs.h"

#include "DiffDialog.h"
#include "git/GitRepository.h"
#include "migration/MigrationFileParser.h"
#include "service/LookupWorker.h"
#include "typeorm/TypeOrmImporter.h"
#include "typeorm/TypeOrmMigrationReader.h"
#include "typeorm/TypeOrmMigrationSource.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("MigrationDiffs", text);
}

QString readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// A migration file as the runner reads it: a .sql file by its sections, a
// TypeORM .ts / .js file by the statements Strata composes from it.
Result<Migration> migrationOfFile(const QString &file)
{
    if (file.endsWith(QLatin1String(".ts")) || file.endsWith(QLatin1String(".js"))) {
        Result<TypeOrmMigrationFile> read = TypeOrmMigrationReader::read(
            file, TypeOrmImporter::detectVersion(QFileInfo(file).absolutePath()).version);
        if (!read)
            return read.error();
        return TypeOrmMigrationSource::toMigration(*read);
    }
    return MigrationFileParser::parse(file, readText(file).toUtf8());
}

} // namespace

void MigrationDiffs::ofFiles(QWidget *parent, const QString &left, const QString &right)
{
    DiffDialog::show(
        parent, QFileInfo(left).fileName(), readText(left), QFileInfo(right).fileName(), readText(right));
}

bool MigrationDiffs::withHead(QWidget *parent, const QString &file)
{
    const std::optional<GitRepository> repository = GitRepository::open(QFileInfo(file).absolutePath());
    if (!repository)
        return false;
    Result<std::optional<QByteArray>> head = repository->headContent(file);
    if (!head) {
        QMessageBox::warning(parent, tr("Diff with Git HEAD"), head.error().toString());
        return true;
    }
    const QString headText = head->has_value() ? QString::fromUtf8(**head) : QString();
    DiffDialog::show(parent,
        tr("%1 (git HEAD%2)")
            .arg(QFileInfo(file).fileName(), head->has_value() ? QString() : tr(": not committed")),
        headText, tr("%1 (working copy)").arg(QFileInfo(file).fileName()), readText(file));
    return true;
}

void MigrationDiffs::withApplied(
    QWidget *parent, const QString &historyName, const QString &file, const AppliedLookup &lookup)
{
    if (lookup.error) {
        QMessageBox::warning(parent, tr("Diff with What Was Applied"), lookup.error->toString());
        return;
    }
    if (!lookup.applied || !lookup.applied->hasDetails) {
        QMessageBox::information(parent, tr("Diff with What Was Applied"),
            tr("%1 was applied without a record of its SQL (by TypeORM or another "
               "tool), so there is nothing to compare with.")
                .arg(historyName));
        return;
    }
    // The file as it would read had its sections been left as applied.
    const AppliedMigration &a = *lookup.applied;
    Result<Migration> current = migrationOfFile(file);
    const QString appliedText = QStringLiteral("-- migrate:up\n") + QString::fromUtf8(a.upSql)
        + QStringLiteral("-- migrate:down\n") + QString::fromUtf8(a.downSql);
    const QString currentText = current
        ? QStringLiteral("-- migrate:up\n") + QString::fromUtf8(current->up.sql)
            + QStringLiteral("-- migrate:down\n") + QString::fromUtf8(current->down.sql)
        : readText(file);
    DiffDialog::show(parent, tr("%1 (as applied)").arg(historyName), appliedText,
        tr("%1 (file now)").arg(QFileInfo(file).fileName()), currentText);
}
