#pragma once

#include "db/PgConnection.h"

#include <QStringList>

#include <memory>

// A second connection a test uses to look at the database from outside the
// code under test: does the table exist, what is in the history.
class DbProbe
{
public:
    explicit DbProbe(const ConnectionSettings &settings);

    bool ok() const { return m_connection != nullptr; }
    PgConnection &connection() { return *m_connection; }

    QString scalar(const QByteArray &sql);
    QStringList column(const QByteArray &sql);
    bool exec(const QByteArray &sql);
    bool tableExists(const QString &name);
    int historyCount(const QString &table = QStringLiteral("migrations"));
    // Tables, columns, types, defaults, constraints and indexes of the public
    // schema, minus the history tables: equal strings mean equal schemas for
    // the objects migrations in these tests create.
    QString schemaFingerprint();

private:
    std::unique_ptr<PgConnection> m_connection;
};
