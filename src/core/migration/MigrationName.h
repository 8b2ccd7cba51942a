#pragma once

#include <QString>

// The identity of a migration as TypeORM records it, and the Strata file name
// that carries it without loss.
//
// TypeORM's history row holds `name`, the class name or the migration's `name`
// property, and `timestamp`, which its MigrationExecutor reads from that name as
// `parseInt(name.slice(-13), 10)`. So `AddUsers1700000000000` is timestamp
// 1700000000000, `initialSchema1611063162649` is 1611063162649 and
// `Initial0000000000001` is 1 (the digits keep their zeros in the name).
//
// A Strata file is `<digits>-<stem>.sql`: the history name is stem + digits,
// exactly, and the timestamp is the value of the 13 digits. The stem is any
// text (camelCase, lower case, underscores, dashes, non-ASCII letters); a `/`,
// a `%` or a control character in it is written as `%XX`, so every name a
// TypeORM migration can carry has a file name. `strata-cli new` still writes
// PascalCase stems (isPascalCase()).
//
// Names TypeORM reads a timestamp from although their last 13 characters are
// not all digits (parseInt stops at the first non-digit: `Foo1234567890123abc`)
// cannot end in that timestamp, so they are refused with the reason.
class MigrationName
{
public:
    MigrationName() = default;
    MigrationName(const QString &stem, const QString &digits);

    // From the name in TypeORM's history; false with a reason when TypeORM
    // would refuse it or no file name can carry it.
    static bool fromHistoryName(const QString &historyName, MigrationName *name, QString *reason);
    // From `<13 digits>-<stem>.sql`; false with a reason.
    static bool fromFileName(const QString &fileName, MigrationName *name, QString *reason);

    QString stem() const { return m_stem; } // e.g. AddUsers, initialSchema
    QString digits() const { return m_digits; } // the 13 digits as written, e.g. 0000000000001
    qint64 timestamp() const; // TypeORM's timestamp: the digits' value
    QString historyName() const { return m_stem + m_digits; }
    QString fileName() const; // `<digits>-<encoded stem>.sql`

    // The rule `strata-cli new` keeps for the names it writes: AddUserEmail.
    static bool isPascalCase(const QString &stem);

    static QString encodeStem(const QString &stem);
    // Decodes `%XX`; false when a `%` is not followed by two hex digits or the
    // bytes are not UTF-8.
    static bool decodeStem(const QString &encoded, QString *stem);

private:
    QString m_stem;
    QString m_digits;
};
