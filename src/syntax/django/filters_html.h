/* Private interface between the files of the HTML filter family:
 * filters_html.c (the table and the simple filters), urlize.c and
 * html_truncate.c. */
#ifndef WEFT_DJANGO_FILTERS_HTML_H
#define WEFT_DJANGO_FILTERS_HTML_H

#include "filter_api.h"

/* The items Python's iter(v) gives: list and tuple items, dict keys, the
 * characters of a string. Fails with TypeError for anything else. The
 * array lives in the render arena or in v. */
int fh_items(wr *r, const weft_value *v, const weft_value **items, uint32_t *count);
/* Django's conditional_escape(); the result is safe. */
int fh_conditional_escape(wr *r, const weft_value *v, weft_value *out);
/* Appends Django's strip_tags(s). */
int fh_strip_tags(wr *r, const char *s, size_t len, buf *out);

int fh_urlize(wr *r, weft_value *val, const weft_value *arg);
int fh_urlizetrunc(wr *r, weft_value *val, const weft_value *arg);
int fh_truncatechars_html(wr *r, weft_value *val, const weft_value *arg);
int fh_truncatewords_html(wr *r, weft_value *val, const weft_value *arg);

/* Python's int(arg) for a filter argument (wpy_int64, clamped to int64).
 * Returns 1 with *out set, 0 when Python raises ValueError, -1 (already
 * reported) when it raises TypeError or OverflowError. */
int fh_int_arg(wr *r, const weft_value *arg, int64_t *out);

#endif
