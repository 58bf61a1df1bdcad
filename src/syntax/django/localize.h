/* How a value becomes output text in a Django template: localize() for
 * numbers and dates, str() for the rest, then escaping. */
#ifndef WEFT_DJANGO_LOCALIZE_H
#define WEFT_DJANGO_LOCALIZE_H

#include "filter_api.h"

/* Appends v as {{ v }} prints it before escaping. */
int wd_localize(wr *r, buf *out, const weft_value *v);

#endif
