/* Python's int() of a filter's value or argument, failing the render with
 * the exception Python raises (the parsing itself is wpy_int, pure). */
#ifndef WEFT_DJANGO_FILTER_INT_H
#define WEFT_DJANGO_FILTER_INT_H

#include <stdbool.h>

#include "filter_api.h"
#include "value/pyconvert.h"

/* Fails the render with the exception int(v) raised with status st (not
 * WPY_OK): TypeError, else ValueError, whose message starts with
 * "OverflowError: " for an OverflowError when name_overflow is set (weft
 * has no OverflowError kind). Returns -1. */
int wf_fail_int(wr *r, wpy_status st, const weft_value *v, bool name_overflow);

#endif
