#include "SecretStore.h"

SecretStore::SecretStore(QObject *parent)
    : QObject(parent)
{
}

SecretStore::~SecretStore() = default;

QString SecretStore::operationName(Operation op)
{
    switch (op) {
    case Operation::Read:
        return tr("read");
    case Operation::Write:
        return tr("write");
    case Operation::Delete:
        return tr("delete");
    }
    return {};
}
