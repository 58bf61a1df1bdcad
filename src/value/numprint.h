/* Printing numbers the way Django and Python print them: the digits of a
 * float's repr() without printf, and django.utils.numberformat, which
 * groups and separates a number already written as plain text by the
 * format of a language (the formats themselves are i18n/formats.h).
 * Pure: no global state, no locale. Thread-safe. */
#ifndef WEFT_VALUE_NUMPRINT_H
#define WEFT_VALUE_NUMPRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* A language's DECIMAL_SEPARATOR, THOUSAND_SEPARATOR and NUMBER_GROUPING.
 * Defined here, below i18n, because the render state keeps one. */
typedef struct wpy_numfmt {
    const char *decimal_sep;  /* "." "," */
    const char *thousand_sep; /* ",", ".", "\xc2\xa0", ... */
    int grouping;             /* digits per group; 0: never group */
} wpy_numfmt;

/* django.utils.numberformat.format on a number already written as plain
 * text ("-1234.5", "12."): the sign, the integer part grouped when grouping
 * is on (and fmt->grouping is not 0), then decimal_pos digits (cut or padded
 * with zeros; decimal_pos < 0 keeps the text's) after fmt->decimal_sep. */
void wpy_number_format(buf *out, const char *num, size_t len, int decimal_pos,
                       const wpy_numfmt *fmt, bool grouping);

/* repr(d) as an integer and a power of ten, without printing it, for the
 * common floats (prices, measures): zero, or 1e-4 <= |d| < 1e15 with at most
 * 15 significant digits of which at most 8 decimals. Then repr(|d|) is the
 * decimal *digits / 10^*scale, up to trailing zeros: repr's digits are
 * *digits without them (1316.635 may come back as 131663500000 and 8, 7.0
 * as 700000000 and 8). The sign is signbit(d). False otherwise. */
bool wpy_float_repr_fixed(double d, uint64_t *digits, int *scale);

#endif
