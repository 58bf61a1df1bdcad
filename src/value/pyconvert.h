/* Python's int() and float() of weft values, as Django's filters call them
 * (add, get_digit, filesizeformat, widths and lengths of text filters), and
 * the messages of the exceptions they raise. Pure. Thread-safe. */
#ifndef WEFT_VALUE_PYCONVERT_H
#define WEFT_VALUE_PYCONVERT_H

#include <stdint.h>

#include "decimal.h"
#include "value.h"

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

#endif
