#include "SchemaChange.h"

using namespace Qt::StringLiterals;

QString SchemaChange::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Create:
        return u"create"_s;
    case Kind::Drop:
        return u"drop"_s;
    case Kind::Alter:
        return u"alter"_s;
    case Kind::Rename:
        return u"rename"_s;
    }
    return {};
}
