#pragma once

#include <QString>

// The server does not always deparse an expression the way it deparses it
// again after a reload: a `varchar IN (...)` check reads
//     (level)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[])
// but once pg_dump's text of it is loaded again, the cast has moved inside:
//     (level)::text = ANY (ARRAY[('a'::character varying)::text, ('b'::character varying)::text])
// Both are the same check. canonical() rewrites the first form into the
// second (the server's fixpoint), so that a schema loaded from a dump compares
// equal to the database it was dumped from. Only for comparing: the SQL Strata
// writes keeps the definition as the server gave it.
class DeparseCanonicalizer
{
public:
    // `deparsed` as pg_get_constraintdef(), pg_get_indexdef() or pg_get_viewdef()
    // print it. Anything it does not recognise is left as it is.
    static QString canonical(const QString &deparsed);
};
