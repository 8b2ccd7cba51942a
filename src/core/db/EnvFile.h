#pragma once

#include "common/StrataError.h"

#include <QHash>
#include <QString>

// A dotenv file: `KEY=value` lines, `export ` prefixes, # comments, single- or
// double-quoted values (double quotes understand \n, \" and \\).
class EnvFile
{
public:
    static Result<EnvFile> read(const QString &path);
    static Result<EnvFile> parse(const QByteArray &text, const QString &path);

    QString value(const QString &key) const { return m_values.value(key); }
    bool contains(const QString &key) const { return m_values.contains(key); }

private:
    QHash<QString, QString> m_values;
};
