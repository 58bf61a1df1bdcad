/* Python's Decimal, as far as Django's numeric filters use it: parsing
 * Decimal(str), int(), quantize with ROUND_HALF_UP, and printing without an
 * exponent (floatformat). Digits live in the arena given. Pure: no global
 * state, no decimal context. Thread-safe. */
#ifndef WEFT_VALUE_DECIMAL_H
#define WEFT_VALUE_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"

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
/* Sets d's coefficient to a copy of the ASCII digits (n bytes, leading
 * zeros allowed and dropped; none means 0). Returns 1, or -1 out of memory. */
int wpy_dec_set_digits(arena *a, wpy_dec *d, const char *digits, size_t n);
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
/* str(d): Python's Decimal.__str__ (to-scientific-string): "1.50",
 * "0.000", "1E+5", "1.234567E+206", "-0", "Infinity", "NaN". */
void wpy_dec_put_str(buf *out, const wpy_dec *d);
/* The value as an int64 when it is an integer that fits. */
bool wpy_dec_to_i64(const wpy_dec *d, int64_t *out);

#endif
