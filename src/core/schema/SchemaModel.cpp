#include "SchemaModel.h"

#include "SchemaSql.h"

using namespace Qt::StringLiterals;

QString SchemaIndex::qualifiedName() const
{
    return SchemaSql::qualified(schema, name);
}

QString SchemaTable::qualifiedName() const
{
    return SchemaSql::qualified(schema, name);
}

const SchemaColumn *SchemaTable::column(const QString &columnName) const
{
    for (const SchemaColumn &c : columns) {
        if (c.name == columnName)
            return &c;
    }
    return nullptr;
}

const SchemaConstraint *SchemaTable::constraint(const QString &constraintName) const
{
    for (const SchemaConstraint &c : constraints) {
        if (c.name == constraintName)
            return &c;
    }
    return nullptr;
}

QString SchemaView::qualifiedName() const
{
    return SchemaSql::qualified(schema, name);
}

QString SchemaFunction::qualifiedSignature() const
{
    return SchemaSql::qualified(schema, name) + u'(' + identityArguments + u')';
}

QString SchemaTrigger::key() const
{
    return SchemaSql::quoteIdentifier(name) + u" on "_s + table;
}

QString SchemaSequence::qualifiedName() const
{
    return SchemaSql::qualified(schema, name);
}

QString SchemaEnum::qualifiedName() const
{
    return SchemaSql::qualified(schema, name);
}

QString SchemaDomain::qualifiedName() const
{
    return SchemaSql::qualified(schema, name);
}

QString SchemaCompositeType::qualifiedName() const
{
    return SchemaSql::qualified(schema, name);
}

QString SchemaPolicy::key() const
{
    return SchemaSql::quoteIdentifier(name) + u" on "_s + table;
}

QString SchemaAggregate::qualifiedSignature() const
{
    return SchemaSql::qualified(schema, name) + u'(' + identityArguments + u')';
}

QString SchemaOperator::signature() const
{
    return SchemaSql::quoteIdentifier(schema) + u'.' + name + u'(' + leftType + u", "_s + rightType + u')';
}

int SchemaModel::objectCount() const
{
    return int(schemas.size() + extensions.size() + enums.size() + domains.size() + compositeTypes.size()
        + sequences.size() + tables.size() + indexes.size() + views.size() + functions.size()
        + triggers.size() + policies.size() + aggregates.size() + operators.size());
}
