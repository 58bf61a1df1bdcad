/* How a value becomes output text: Django's localize() for numbers and
 * dates, str() for the rest; and the engine's per-render choices. */
#ifndef WEFT_OUTPUT_H
#define WEFT_OUTPUT_H

#include "state.h"

/* Appends v as {{ v }} prints it before escaping. */
int weft_localize(wr *r, buf *out, const weft_value *v);

/* The time zone of a render: the named one, or the engine's. A zone loaded
 * for this render is released with weft_render_release_tz. */
const wtz *weft_render_timezone(const weft_engine *e, const char *name);
void weft_render_release_tz(const weft_engine *e, const wtz *tz);
const struct wlang_catalog *weft_render_catalog(const weft_engine *e, const char *language);

#endif
