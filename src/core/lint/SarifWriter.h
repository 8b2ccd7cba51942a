#pragma once

#include "LintFinding.h"

#include <QJsonObject>

// Lint findings as a SARIF 2.1.0 log, the format GitHub code scanning and most
// CI annotation tools read.
class SarifWriter
{
public:
    // `baseDirectory`: file paths under it are written relative (with
    // forward slashes), as code-scanning tools resolve them from the checkout.
    static QJsonObject write(const LintFindingList &findings, const QString &baseDirectory = {});
};
