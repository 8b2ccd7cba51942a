#include "FleetTargets.h"

#include <QCryptographicHash>
#include <QFile>
#include <QRegularExpression>
#include <QtEndian>

using namespace Qt::StringLiterals;

Result<FleetTargets> FleetTargets::read(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return StrataError::make(
            StrataError::Kind::Io, u"cannot read the targets file: "_s + file.errorString(), path);
    return parse(file.readAll(), path);
}

Result<FleetTargets> FleetTargets::parse(const QByteArray &text, const QString &fileName)
{
    FleetTargets targets;
    const QList<QByteArray> lines = text.split('\n');
    QStringList labels;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QString line = QString::fromUtf8(lines[i]).trimmed();
        const qsizetype hash = line.indexOf(u'#');
        if (hash >= 0)
            line = line.left(hash).trimmed();
        if (line.isEmpty())
            continue;
        auto fail = [&](const QString &message) {
            StrataError e = StrataError::make(StrataError::Kind::Usage, message, fileName);
            e.line = int(i + 1);
            return e;
        };
        const QStringList words = line.split(QRegularExpression(u"\\s+"_s), Qt::SkipEmptyParts);
        Entry entry;
        entry.line = int(i + 1);
        const QString &target = words.first();
        if (target.startsWith(u"profile:"_s)) {
            entry.kind = Entry::Kind::Profile;
            entry.profile = target.mid(8);
            if (entry.profile.isEmpty())
                return fail(u"profile: names no profile"_s);
            entry.label = target;
        } else if (target.startsWith(u"postgres://"_s) || target.startsWith(u"postgresql://"_s)) {
            // `tenant_%` is a LIKE pattern, not a percent escape.
            QString url = target;
            url.replace(QRegularExpression(u"%(?![0-9A-Fa-f]{2})"_s), u"%25"_s);
            Result<ConnectionSettings> settings = ConnectionSettings::fromDsn(url);
            if (!settings)
                return fail(settings.error().message);
            if (!settings->password.isEmpty())
                return fail(u"a password in the targets file could be read by every user of this machine; "
                            "use PGPASSWORD, ~/.pgpass or a profile"_s);
            entry.settings = *settings;
            entry.kind
                = entry.settings.database.contains(u'%') ? Entry::Kind::DatabasePattern : Entry::Kind::Url;
            entry.label = target;
        } else {
            return fail(u"'%1' is neither a postgres:// URL nor profile:NAME"_s.arg(target));
        }
        bool labelled = false;
        for (qsizetype w = 1; w < words.size(); ++w) {
            const QString &option = words[w];
            if (option.startsWith(u"schema="_s) && option.size() > 7) {
                entry.schema = option.mid(7);
            } else if (option.startsWith(u"label="_s) && option.size() > 6) {
                entry.label = option.mid(6);
                labelled = true;
            } else {
                return fail(u"unknown option '%1' (schema=NAME or label=NAME)"_s.arg(option));
            }
        }
        if (!labelled && !entry.schema.isEmpty())
            entry.label += u" schema="_s + entry.schema;
        if (labels.contains(entry.label))
            return fail(u"%1 is listed twice"_s.arg(entry.label));
        labels << entry.label;
        targets.m_entries << entry;
    }
    if (targets.m_entries.isEmpty())
        return StrataError::make(StrataError::Kind::Usage, u"the targets file names no target"_s, fileName);
    return targets;
}

bool FleetTargets::inShard(const QString &label, int index, int count)
{
    if (count <= 1)
        return true;
    const QByteArray digest = QCryptographicHash::hash(label.toUtf8(), QCryptographicHash::Sha256);
    const quint32 bucket = qFromBigEndian<quint32>(digest.constData());
    return int(bucket % quint32(count)) == index - 1;
}
