#pragma once

#include <QString>

class QDateTime;

// Small pieces of text the commands print.
namespace CliText {

// 4.2 MiB, 812 B.
QString humanSize(qint64 bytes);
// "3 min ago", "2 days ago".
QString humanAge(const QDateTime &then);
// A word as a POSIX shell reads it back unchanged (for commands printed to be
// pasted, and for `eval "$(strata-cli sandbox start)"`).
QString shellQuote(const QString &word);

} // namespace CliText
