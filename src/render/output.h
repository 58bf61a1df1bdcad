/* How a value becomes output text: Django's localize() for numbers and
 * dates, str() for the rest; and the engine's per-render choices. */
#ifndef WEFT_OUTPUT_H
#define WEFT_OUTPUT_H

#include "state.h"

/* Appends v as {{ v }} prints it before escaping. */
int wd_localize(wr *r, buf *out, const weft_value *v);

/* The time zone of a render: the named one (read once per engine), or the
 * engine's. Lives as long as the engine. Thread-safe. */
const wtz *we_render_timezone(const weft_engine *e, const char *name);
const struct wlang_catalog *we_render_catalog(const weft_engine *e, const char *language);

#endif
