/* Python's number semantics that Django's numeric filters rely on:
 * - Decimal: parsing Decimal(str), int(), quantize with ROUND_HALF_UP and
 *   printing without an exponent (floatformat);
 * - int() and float() of values, as Python converts them;
 * - printf-style formatting, Python's `fmt % value` (stringformat);
 * - Django's per-language number formats (DECIMAL_SEPARATOR,
 *   THOUSAND_SEPARATOR, NUMBER_GROUPING) and django.utils.numberformat.
 * Everything here is pure: no global state, no locale. Thread-safe. */
#ifndef WEFT_PYFORMAT_H
#define WEFT_PYFORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "value.h"

/* ---- Django number formats --------------------------------------------- */

typedef struct wpy_numfmt {
    const char *decimal_sep;  /* "." "," */
    const char *thousand_sep; /* ",", ".", "\xc2\xa0", ... */
    int grouping;             /* digits per group; 0: never group */
} wpy_numfmt;

/* The formats of language ("de", "de-ch", "pt-br", "zh-hans"): the locale's
 * own module first, then its base language's, then Django's global defaults
 * (".", ",", 0), setting by setting, as django.utils.formats.get_format. */
void wi_number_formats(const char *language, wpy_numfmt *out);
/* DECIMAL_SEPARATOR of language. Never NULL. */
const char *wi_decimal_separator(const char *language);

/* django.utils.numberformat.format on a number already written as plain
 * text ("-1234.5", "12."): the sign, the integer part grouped when grouping
 * is on (and fmt->grouping is not 0), then decimal_pos digits (cut or padded
 * with zeros; decimal_pos < 0 keeps the text's) after fmt->decimal_sep. */
void wpy_number_format(buf *out, const char *num, size_t len, int decimal_pos,
                       const wpy_numfmt *fmt, bool grouping);

/* ---- Decimal ------------------------------------------------------------ */

enum { WPY_FINITE, WPY_INF, WPY_NAN, WPY_SNAN };

/* A Python Decimal: (-1)^neg * digits * 10^exp. digits has no leading zero
 * except for the single digit "0". */
typedef struct wpy_dec {
    bool neg;
    uint8_t special; /* WPY_FINITE, WPY_INF, WPY_NAN, WPY_SNAN */
    const char *digits;
    size_t ndigits;
    int64_t exp;
} wpy_dec;

/* Decimal(text): surrounding whitespace ignored, underscores dropped, the
 * decimal digits of any script read as ASCII ones, then
 * [sign] digits [. digits] [e [sign] digits], Inf, Infinity, NaN, sNaN.
 * Returns 1, 0 when Python raises InvalidOperation, -1 out of memory. */
int wpy_dec_parse(arena *a, const char *s, size_t len, wpy_dec *out);
/* Decimal(repr(d)). Returns 1, or -1 out of memory. */
int wpy_dec_from_double(arena *a, double d, wpy_dec *out);
bool wpy_dec_is_zero(const wpy_dec *d);
/* int(d) == d (finite values only). */
bool wpy_dec_is_integral(const wpy_dec *d);
/* int(d): truncated toward zero, exp 0. Only for finite values. */
int wpy_dec_trunc(arena *a, const wpy_dec *d, wpy_dec *out);
/* d.quantize(Decimal(1).scaleb(exp), ROUND_HALF_UP) with enough precision. */
int wpy_dec_quantize_half_up(arena *a, const wpy_dec *d, int64_t exp, wpy_dec *out);
/* The value as text without an exponent, "-" only when non-zero:
 * "-12.50", "0.05", "120" (finite values). */
void wpy_dec_put_plain(buf *out, const wpy_dec *d);
/* The value as an int64 when it is an integer that fits. */
bool wpy_dec_to_i64(const wpy_dec *d, int64_t *out);

/* repr(d) as an integer and a power of ten, without printing it, for the
 * common floats (prices, measures): zero, or 1e-4 <= |d| < 1e15 with at most
 * 15 significant digits of which at most 8 decimals. Then repr(|d|) is the
 * decimal *digits / 10^*scale, up to trailing zeros: repr's digits are
 * *digits without them (1316.635 may come back as 131663500000 and 8, 7.0
 * as 700000000 and 8). The sign is signbit(d). False otherwise. */
bool wpy_float_repr_fixed(double d, uint64_t *digits, int *scale);

/* ---- int() and float() --------------------------------------------------- */

/* What Python raised. */
typedef enum wpy_status {
    WPY_OK = 0,
    WPY_VALUE_ERROR,
    WPY_TYPE_ERROR,
    WPY_OVERFLOW_ERROR,
    WPY_KEY_ERROR,
    WPY_NO_MEMORY
} wpy_status;

/* Python int(v) as an integer Decimal (exp 0): ints, bools, floats and
 * Decimals truncate; strings parse as int(str) does (whitespace, sign,
 * underscores between digits, the decimal digits of any script); other
 * kinds raise TypeError. */
wpy_status wpy_int(arena *a, const weft_value *v, wpy_dec *out);
/* wpy_int clamped to the int64 range, for lengths and widths (where every
 * larger value acts alike). */
wpy_status wpy_int64(arena *a, const weft_value *v, int64_t *out);
/* Appends the message of the exception int(v) raised with status st
 * (WPY_VALUE_ERROR, WPY_TYPE_ERROR or WPY_OVERFLOW_ERROR), as Python words it. */
void wpy_put_int_error(buf *out, const weft_value *v, wpy_status st);
/* Python int(text). */
wpy_status wpy_int_text(arena *a, const char *s, size_t len, wpy_dec *out);
/* Python float(v) (strings parse as float(str) does). */
wpy_status wpy_float(arena *a, const weft_value *v, double *out);
/* Python float(text). */
wpy_status wpy_float_text(arena *a, const char *s, size_t len, double *out);

/* ---- printf-style formatting --------------------------------------------- */

/* Appends Python's `fmt % value` to out. A tuple value supplies one argument
 * per item; a dict (or list: Python treats any mapping so) serves %(key)s.
 * On a Python exception, returns its kind; out then holds partial text. */
wpy_status wpy_percent_format(arena *a, buf *out, const char *fmt, size_t len,
                              const weft_value *value);

#endif
