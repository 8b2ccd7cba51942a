#include "SchemaTreeModel.h"

#include "schema/SchemaSql.h"

#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// The group an object is listed in, under its schema or its table; and the
// order of the groups.
QString groupLabel(const QString &kind, bool underTable)
{
    if (underTable) {
        if (kind == u"column"_s)
            return u"Columns"_s;
        if (kind == u"constraint"_s)
            return u"Constraints"_s;
        if (kind == u"index"_s)
            return u"Indexes"_s;
        if (kind == u"trigger"_s)
            return u"Triggers"_s;
        if (kind == u"policy"_s)
            return u"Policies"_s;
        if (kind == u"table"_s)
            return u"Partitions"_s;
    }
    static const QHash<QString, QString> labels {
        { u"table"_s, u"Tables"_s },
        { u"view"_s, u"Views"_s },
        { u"materialized view"_s, u"Materialized views"_s },
        { u"sequence"_s, u"Sequences"_s },
        { u"function"_s, u"Functions"_s },
        { u"procedure"_s, u"Procedures"_s },
        { u"enum"_s, u"Types"_s },
        { u"type"_s, u"Types"_s },
        { u"domain"_s, u"Domains"_s },
        { u"aggregate"_s, u"Aggregates"_s },
        { u"operator"_s, u"Operators"_s },
        // Without their table (a mark naming a table the tree lacks).
        { u"column"_s, u"Columns"_s },
        { u"constraint"_s, u"Constraints"_s },
        { u"index"_s, u"Indexes"_s },
        { u"trigger"_s, u"Triggers"_s },
        { u"policy"_s, u"Policies"_s },
    };
    return labels.value(kind, u"Other"_s);
}

int groupRank(const QString &label)
{
    static const QStringList order { u"Extensions"_s, u"Tables"_s, u"Views"_s, u"Materialized views"_s,
        u"Sequences"_s, u"Functions"_s, u"Procedures"_s, u"Types"_s, u"Domains"_s, u"Aggregates"_s,
        u"Operators"_s, u"Columns"_s, u"Constraints"_s, u"Indexes"_s, u"Triggers"_s, u"Policies"_s,
        u"Partitions"_s, u"Other"_s };
    const qsizetype rank = order.indexOf(label);
    return rank < 0 ? int(order.size()) : int(rank);
}

QString migrationList(const QStringList &names)
{
    if (names.size() <= 2)
        return names.join(u", "_s);
    return u"%1 and %2 more"_s.arg(names.last()).arg(names.size() - 1);
}

} // namespace

SchemaTreeModel::SchemaTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{
    m_nodes.emplace_back();
}

void SchemaTreeModel::setSchema(const SchemaObjects &objects, const QHash<QString, TableSize> &tableSizes)
{
    m_schema = objects;
    m_sizes = tableSizes;
    rebuild();
}

void SchemaTreeModel::setOrigins(const QHash<QString, Origin> &origins)
{
    m_origins = origins;
    if (rowCount() > 0)
        rebuild(); // cheap next to reading the schema; keeps one code path
}

void SchemaTreeModel::setMarks(const QList<Mark> &marks)
{
    m_marks.clear();
    for (const Mark &mark : marks)
        m_marks.insert(mark.object.key(), mark);
    rebuild();
}

void SchemaTreeModel::clear()
{
    m_schema = {};
    m_sizes.clear();
    m_origins.clear();
    m_marks.clear();
    rebuild();
}

int SchemaTreeModel::addNode(int parent, const QString &label, int object)
{
    Node node;
    node.parent = parent;
    node.label = label;
    node.object = object;
    m_nodes.push_back(std::move(node));
    const int id = int(m_nodes.size() - 1);
    m_nodes[size_t(parent)].children.push_back(id);
    return id;
}

int SchemaTreeModel::groupNode(int parent, const QString &label)
{
    const auto it = m_nodes[size_t(parent)].groups.constFind(label);
    if (it != m_nodes[size_t(parent)].groups.cend())
        return *it;
    const int id = addNode(parent, label, -1);
    m_nodes[size_t(parent)].groups.insert(label, id);
    return id;
}

int SchemaTreeModel::placeOf(const SchemaObject &object, QHash<QString, int> &nodeByKey)
{
    if (object.kind == u"extension"_s)
        return groupNode(0, u"Extensions"_s);
    if (!object.parent.isEmpty()) {
        const auto parent = nodeByKey.constFind(object.parent);
        if (parent != nodeByKey.cend())
            return groupNode(*parent, groupLabel(object.kind, true));
    }
    // A schema the tree has no row for (not readable as an object): a group row for it.
    const QString schemaKey = SchemaObject::key(u"schema"_s, SchemaSql::quoteIdentifier(object.schema));
    int schema = nodeByKey.value(schemaKey, -1);
    if (schema < 0) {
        schema = addNode(0, object.schema, -1);
        nodeByKey.insert(schemaKey, schema);
    }
    return groupNode(schema, groupLabel(object.kind, false));
}

void SchemaTreeModel::rebuild()
{
    beginResetModel();
    m_nodes.clear();
    m_nodes.emplace_back();
    m_nodeByKey.clear();
    m_objects = m_schema.objects();
    m_databaseObjects = int(m_objects.size());
    // What a mark adds (created by a pending migration, only in the other
    // database), parents first so their children find them.
    QList<SchemaObject> added;
    for (const Mark &mark : std::as_const(m_marks))
        if (!m_schema.find(mark.object.key()))
            added << mark.object;
    std::stable_sort(added.begin(), added.end(), [](const SchemaObject &a, const SchemaObject &b) {
        return a.parent.isEmpty() && !b.parent.isEmpty();
    });
    m_objects += added;

    for (int i = 0; i < int(m_objects.size()); ++i) {
        const SchemaObject &o = m_objects[i];
        if (o.kind == u"schema"_s) {
            const int id = addNode(0, o.name, i);
            m_nodeByKey.insert(o.key(), id);
        }
    }
    for (int i = 0; i < int(m_objects.size()); ++i) {
        const SchemaObject &o = m_objects[i];
        if (o.kind == u"schema"_s)
            continue;
        const int id = addNode(placeOf(o, m_nodeByKey), QString(), i);
        m_nodeByKey.insert(o.key(), id);
    }
    // Groups in a fixed order, before objects; objects as listed (by name).
    for (Node &node : m_nodes) {
        std::stable_sort(node.children.begin(), node.children.end(), [this](int a, int b) {
            const Node &x = m_nodes[size_t(a)];
            const Node &y = m_nodes[size_t(b)];
            const bool xGroup = x.object < 0 && !x.label.isEmpty() && x.parent != 0;
            const bool yGroup = y.object < 0 && !y.label.isEmpty() && y.parent != 0;
            if (xGroup != yGroup)
                return xGroup;
            if (xGroup)
                return groupRank(x.label) < groupRank(y.label);
            // Top level: Extensions first, then the schemas by name.
            if (x.parent == 0 && y.parent == 0) {
                const bool xExtensions = x.object < 0 && x.label == u"Extensions"_s;
                const bool yExtensions = y.object < 0 && y.label == u"Extensions"_s;
                if (xExtensions != yExtensions)
                    return xExtensions;
                const QString xName = x.object >= 0 ? m_objects[x.object].name : x.label;
                const QString yName = y.object >= 0 ? m_objects[y.object].name : y.label;
                return xName < yName;
            }
            return false;
        });
        for (size_t row = 0; row < node.children.size(); ++row)
            m_nodes[size_t(node.children[row])].row = int(row);
        node.groups.clear();
    }
    endResetModel();
}

QModelIndex SchemaTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    const int parentId = parent.isValid() ? int(parent.internalId()) : 0;
    const Node &node = m_nodes[size_t(parentId)];
    if (size_t(row) >= node.children.size())
        return {};
    return createIndex(row, column, quintptr(node.children[size_t(row)]));
}

QModelIndex SchemaTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const int parentId = m_nodes[size_t(child.internalId())].parent;
    if (parentId <= 0)
        return {};
    return createIndex(m_nodes[size_t(parentId)].row, 0, quintptr(parentId));
}

int SchemaTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    const int id = parent.isValid() ? int(parent.internalId()) : 0;
    return int(m_nodes[size_t(id)].children.size());
}

int SchemaTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QModelIndex SchemaTreeModel::indexOfKey(const QString &key, int column) const
{
    const auto it = m_nodeByKey.constFind(key);
    if (it == m_nodeByKey.cend())
        return {};
    return createIndex(m_nodes[size_t(*it)].row, column, quintptr(*it));
}

const SchemaObject *SchemaTreeModel::object(const QModelIndex &index) const
{
    if (!index.isValid())
        return nullptr;
    const int object = m_nodes[size_t(index.internalId())].object;
    return object < 0 ? nullptr : &m_objects[object];
}

QString SchemaTreeModel::markText(const Mark &mark)
{
    QString text;
    switch (mark.action) {
    case Mark::Action::Created:
        text = u"will be created"_s;
        break;
    case Mark::Action::Changed:
        text = u"will change"_s;
        break;
    case Mark::Action::Dropped:
        text = u"will be dropped"_s;
        break;
    case Mark::Action::OnlyOther:
        text = u"only in the other database"_s;
        break;
    case Mark::Action::OnlyHere:
        text = u"not in the other database"_s;
        break;
    case Mark::Action::Differs:
        text = u"differs"_s;
        break;
    }
    if (mark.dataLoss)
        text += u" (data loss)"_s;
    if ((mark.action == Mark::Action::Changed || mark.action == Mark::Action::Differs)
        && !mark.details.isEmpty())
        text += u": "_s + mark.details.join(u"; "_s);
    return text;
}

QString SchemaTreeModel::originText(const SchemaObject &object) const
{
    const auto it = m_origins.constFind(object.key());
    if (it == m_origins.cend())
        return {};
    if (it->drift)
        return u"not made by any migration"_s;
    QStringList parts;
    if (!it->createdBy.isEmpty())
        parts << (object.kind == u"column"_s ? u"added by "_s : u"created by "_s)
                + (it->createdByLabel.isEmpty() ? it->createdBy : it->createdByLabel);
    if (!it->changedBy.isEmpty())
        parts << u"changed by "_s + migrationList(it->changedBy);
    if (it->changedOutside)
        parts << u"changed outside the migrations"_s;
    return parts.join(u", "_s);
}

QString SchemaTreeModel::sizeText(const SchemaObject &object) const
{
    if (object.kind != u"table"_s && object.kind != u"materialized view"_s)
        return {};
    const auto it = m_sizes.constFind(object.identity);
    if (it == m_sizes.cend())
        return {};
    const QLocale locale;
    const QString size = locale.formattedDataSize(it->bytes, 0);
    if (it->rows < 0)
        return u"never analyzed, %1"_s.arg(size);
    return u"≈ %1 rows, %2"_s.arg(locale.toString(it->rows), size);
}

QVariant SchemaTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node &node = m_nodes[size_t(index.internalId())];
    if (node.object < 0) {
        if (role == Qt::DisplayRole && index.column() == NameColumn)
            return node.parent == 0 ? node.label : u"%1 (%2)"_s.arg(node.label).arg(node.children.size());
        if (role == SearchRole)
            return QString(); // groups show when something under them matches
        if (role == MarkRole)
            return -1;
        return {};
    }
    const SchemaObject &o = m_objects[node.object];
    const auto mark = m_marks.constFind(o.key());
    const bool marked = mark != m_marks.cend();
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return o.name;
        case DetailColumn: {
            const QString size = sizeText(o);
            return size.isEmpty() ? o.detail : size;
        }
        case OriginColumn:
            return originText(o);
        case ChangeColumn:
            return marked ? markText(*mark) : QString();
        default:
            return {};
        }
    case Qt::ToolTipRole: {
        QStringList lines { u"%1 %2"_s.arg(o.kind, o.identity) };
        if (!o.comment.isEmpty())
            lines << o.comment;
        if (const QString origin = originText(o); !origin.isEmpty())
            lines << origin;
        if (marked) {
            lines << markText(*mark);
            lines += mark->details;
        }
        return lines.join(u'\n');
    }
    case KeyRole:
        return o.key();
    case KindRole:
        return o.kind;
    case DdlRole:
        return o.ddl;
    case CommentRole:
        return o.comment;
    case MarkRole:
        return marked ? int(mark->action) : -1;
    case DataLossRole:
        return marked && mark->dataLoss;
    case OriginMigrationRole: {
        const auto origin = m_origins.constFind(o.key());
        return origin == m_origins.cend() ? QString() : origin->createdBy;
    }
    case SearchRole:
        return o.name + u' ' + o.identity;
    case OtherDdlRole:
        return marked ? mark->otherDdl : QString();
    default:
        return {};
    }
}

QVariant SchemaTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case DetailColumn:
        return tr("Type / size");
    case OriginColumn:
        return tr("Made by");
    case ChangeColumn:
        return tr("Change");
    default:
        return {};
    }
}
