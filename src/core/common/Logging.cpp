#include "Logging.h"

Q_LOGGING_CATEGORY(lcSource, "strata.source", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSql, "strata.sql", QtWarningMsg)
Q_LOGGING_CATEGORY(lcDb, "strata.db", QtWarningMsg)
Q_LOGGING_CATEGORY(lcHistory, "strata.history", QtWarningMsg)
Q_LOGGING_CATEGORY(lcRunner, "strata.runner", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSandbox, "strata.sandbox", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSettings, "strata.settings", QtWarningMsg)
Q_LOGGING_CATEGORY(lcTypeOrm, "strata.typeorm", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSchema, "strata.schema", QtWarningMsg)
Q_LOGGING_CATEGORY(lcShadow, "strata.shadow", QtWarningMsg)
Q_LOGGING_CATEGORY(lcBackup, "strata.backup", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSsh, "strata.ssh", QtWarningMsg)
