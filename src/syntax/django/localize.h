/* How a value becomes output text in a Django template: localize() for
 * numbers and dates, str() for the rest, then escaping. */
#ifndef WEFT_DJANGO_LOCALIZE_H
#define WEFT_DJANGO_LOCALIZE_H

#include "filter_api.h"

/* Appends v as {{ v }} prints it before escaping (localize(v, use_l10n)
 * with the render's {% localize %} state). */
int wd_localize(wr *r, buf *out, const weft_value *v);
/* localize(v, use_l10n=...) forced on or off (the l10n filters). */
int wd_localize_as(wr *r, buf *out, const weft_value *v, bool use_l10n);

#endif
