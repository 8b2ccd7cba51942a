#include "SchemaIntrospector.h"

#include "common/Logging.h"
#include "db/PgConnection.h"

using namespace Qt::StringLiterals;

Result<SchemaModel> SchemaIntrospector::read(PgConnection &connection, const Options &options)
{
    Q_UNUSED(connection);
    Q_UNUSED(options);
    // Being written: the catalog queries land in the next commits.
    return StrataError::make(StrataError::Kind::Usage, u"schema introspection is not implemented yet"_s);
}
