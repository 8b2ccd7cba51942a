#pragma once

#include <QIdentityProxyModel>

// Adds what the core model leaves to the GUI: a state icon in the state
// column and a colour for rows that need attention. Sits on top of the
// filter proxy, so filtering and sorting stay in core.
class MigrationStateDecorator : public QIdentityProxyModel
{
    Q_OBJECT
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex &index, int role) const override;
};
