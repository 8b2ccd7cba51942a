#pragma once

#include <Qsci/qsciscintilla.h>

// SendScintilla has a dozen overloads; spelling out the one that takes plain
// numbers keeps call sites unambiguous. Shared by MigrationEditor and the
// classes it is made of.
inline long sendScintilla(
    const QsciScintilla &editor, unsigned int message, unsigned long wParam = 0, long lParam = 0)
{
    return editor.SendScintilla(message, wParam, lParam);
}
