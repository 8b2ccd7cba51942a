#pragma once

class QWidget;

// Saves `widget` as STRATA_SCREENSHOT_DIR/name (a PNG) when that variable is
// set, as scripts/screenshots.sh does; otherwise does nothing. The README's
// pictures are the real windows the GUI tests set up.
void screenshot(QWidget &widget, const char *name);
