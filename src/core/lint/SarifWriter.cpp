#include "SarifWriter.h"

#include "LintRule.h"
#include "common/Version.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QUrl>

namespace {

QString sarifLevel(LintFinding::Severity severity)
{
    switch (severity) {
    case LintFinding::Severity::Error:
        return QStringLiteral("error");
    case LintFinding::Severity::Warning:
        return QStringLiteral("warning");
    case LintFinding::Severity::Info:
        return QStringLiteral("note");
    }
    return QStringLiteral("none");
}

QJsonObject text(const QString &s)
{
    return QJsonObject { { QStringLiteral("text"), s } };
}

} // namespace

QJsonObject SarifWriter::write(const LintFindingList &findings, const QString &baseDirectory)
{
    QJsonArray rules;
    QHash<QString, int> ruleIndex;
    for (const LintRule &r : LintRule::all()) {
        ruleIndex.insert(r.id, int(rules.size()));
        rules.append(QJsonObject {
            { QStringLiteral("id"), r.id },
            { QStringLiteral("shortDescription"), text(r.shortDescription) },
            { QStringLiteral("fullDescription"), text(r.explanation) },
            { QStringLiteral("defaultConfiguration"),
                QJsonObject { { QStringLiteral("level"), sarifLevel(r.defaultSeverity) } } },
        });
    }

    const QDir base(baseDirectory);
    auto uriOf = [&](const QString &file) {
        QString uri = file;
        if (!baseDirectory.isEmpty()) {
            const QString relative = base.relativeFilePath(file);
            if (!relative.startsWith(QLatin1String("..")))
                uri = relative;
        }
        uri = QDir::fromNativeSeparators(uri);
        // An absolute path becomes a file: URI; a relative one stays a relative reference.
        if (QDir::isAbsolutePath(uri))
            return QUrl::fromLocalFile(uri).toString(QUrl::FullyEncoded);
        return QString::fromUtf8(QUrl::toPercentEncoding(uri, "/"));
    };
    auto replacement = [](qsizetype offset, qsizetype length, const QByteArray &inserted) {
        QJsonObject r { { QStringLiteral("deletedRegion"),
            QJsonObject {
                { QStringLiteral("byteOffset"), offset }, { QStringLiteral("byteLength"), length } } } };
        if (!inserted.isEmpty())
            r.insert(QStringLiteral("insertedContent"), text(QString::fromUtf8(inserted)));
        return r;
    };
    QJsonArray results;
    for (const LintFinding &f : findings) {
        const QString uri = uriOf(f.file);
        QJsonObject region { { QStringLiteral("startLine"), qMax(1, f.line) } };
        if (f.column > 0)
            region.insert(QStringLiteral("startColumn"), f.column);
        QJsonObject result {
            { QStringLiteral("ruleId"), f.ruleId },
            { QStringLiteral("level"), sarifLevel(f.severity) },
            { QStringLiteral("message"), text(f.message) },
            { QStringLiteral("locations"),
                QJsonArray { QJsonObject { { QStringLiteral("physicalLocation"),
                    QJsonObject {
                        { QStringLiteral("artifactLocation"),
                            QJsonObject { { QStringLiteral("uri"), uri } } },
                        { QStringLiteral("region"), region },
                    } } } } },
        };
        if (ruleIndex.contains(f.ruleId))
            result.insert(QStringLiteral("ruleIndex"), ruleIndex.value(f.ruleId));
        if (!f.table.isEmpty()) {
            QJsonObject properties { { QStringLiteral("table"), f.table } };
            if (f.tableBytes >= 0)
                properties.insert(QStringLiteral("tableBytes"), f.tableBytes);
            if (f.tableRows >= 0)
                properties.insert(QStringLiteral("tableRows"), f.tableRows);
            result.insert(QStringLiteral("properties"), properties);
        }
        // SARIF fixes: byte-offset replacements in the file, and a new file as
        // an insertion into an empty artifact.
        QJsonArray fixes;
        for (const LintFix &fix : f.fixes) {
            QJsonArray replacements;
            for (const LintFix::Edit &e : fix.edits)
                replacements.append(replacement(e.start, e.end - e.start, e.replacement));
            QJsonArray changes { QJsonObject {
                { QStringLiteral("artifactLocation"), QJsonObject { { QStringLiteral("uri"), uri } } },
                { QStringLiteral("replacements"), replacements } } };
            if (!fix.newFileName.isEmpty())
                changes.append(QJsonObject {
                    { QStringLiteral("artifactLocation"),
                        QJsonObject { { QStringLiteral("uri"),
                            uriOf(QFileInfo(f.file).dir().filePath(fix.newFileName)) } } },
                    { QStringLiteral("replacements"), QJsonArray { replacement(0, 0, fix.newFileText) } } });
            fixes.append(QJsonObject { { QStringLiteral("description"), text(fix.title) },
                { QStringLiteral("artifactChanges"), changes } });
        }
        if (!fixes.isEmpty())
            result.insert(QStringLiteral("fixes"), fixes);
        results.append(result);
    }

    const QJsonObject driver {
        { QStringLiteral("name"), QStringLiteral("strata") },
        { QStringLiteral("version"), strataVersion() },
        { QStringLiteral("rules"), rules },
    };
    return QJsonObject {
        { QStringLiteral("$schema"), QStringLiteral("https://json.schemastore.org/sarif-2.1.0.json") },
        { QStringLiteral("version"), QStringLiteral("2.1.0") },
        { QStringLiteral("runs"),
            QJsonArray { QJsonObject {
                { QStringLiteral("tool"), QJsonObject { { QStringLiteral("driver"), driver } } },
                { QStringLiteral("results"), results },
            } } },
    };
}
