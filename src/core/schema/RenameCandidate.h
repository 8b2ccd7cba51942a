#pragma once

#include <QString>

// A drop and an add in a diff that look like one object renamed (a table with
// the same columns, a column of the same type at the same place). Offered to the
// user, never applied unless accepted (SchemaDiff::withRenames).
struct RenameCandidate
{
    QString objectKind; // "table" or "column"
    QString fromName; // qualified: "public.t" or "public.t.old_col"
    QString toName; // qualified: "public.t2" or "public.t.new_col"
    bool operator==(const RenameCandidate &) const = default;
};
