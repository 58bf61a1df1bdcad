/* Python's int() and float() (see pyconvert.h). An int is an integer
 * Decimal, so that int() of any size (a long string of digits, 1e300) is
 * exact, as Python's is. */
#include "pyconvert.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numscan.h"

static wpy_status dec_from_i64(arena *a, int64_t i, wpy_dec *out)
{
    char tmp[24];
    char *p = tmp + sizeof tmp;
    unsigned long long u = i < 0 ? 0ULL - (unsigned long long)i : (unsigned long long)i;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    memset(out, 0, sizeof *out);
    out->neg = i < 0;
    return wpy_dec_set_digits(a, out, p, (size_t)(tmp + sizeof tmp - p)) < 0 ? WPY_NO_MEMORY : WPY_OK;
}

/* Python's digitpart: digits with single underscores between them. Returns
 * the length consumed (0 when there is none) and appends the digits, in
 * ASCII (never longer than what they were read from). */
static size_t digit_part(const char *s, size_t len, char *digits, size_t *nd)
{
    size_t i = 0, w;
    int d;
    if (!len || wpy_digit_at(s, len, &w) < 0) return 0;
    while (i < len) {
        if ((d = wpy_digit_at(s + i, len - i, &w)) >= 0) {
            digits[(*nd)++] = (char)('0' + d);
            i += w;
        } else if (s[i] == '_' && i + 1 < len && wpy_digit_at(s + i + 1, len - i - 1, &w) >= 0) {
            i++;
        } else {
            break;
        }
    }
    return i;
}

wpy_status wpy_int_text(arena *a, const char *s, size_t len, wpy_dec *out)
{
    memset(out, 0, sizeof *out);
    wpy_strip_spaces(&s, &len);
    size_t i = 0;
    if (i < len && (s[i] == '+' || s[i] == '-')) out->neg = s[i++] == '-';
    char *digits = arena_alloc(a, len + 1);
    if (!digits) return WPY_NO_MEMORY;
    size_t nd = 0;
    size_t used = digit_part(s + i, len - i, digits, &nd);
    if (!used || i + used != len) return WPY_VALUE_ERROR;
    return wpy_dec_set_digits(a, out, digits, nd) < 0 ? WPY_NO_MEMORY : WPY_OK;
}

static wpy_status int_of_double(arena *a, double x, wpy_dec *out)
{
    if (isnan(x)) return WPY_VALUE_ERROR;
    if (isinf(x)) return WPY_OVERFLOW_ERROR;
    x = trunc(x);
    if (x >= -9.2e18 && x <= 9.2e18) return dec_from_i64(a, (int64_t)x, out);
    /* Every double this large is an integer that %.0f writes exactly. */
    char tmp[400];
    int n = snprintf(tmp, sizeof tmp, "%.0f", fabs(x));
    memset(out, 0, sizeof *out);
    out->neg = x < 0;
    return wpy_dec_set_digits(a, out, tmp, (size_t)n) < 0 ? WPY_NO_MEMORY : WPY_OK;
}

wpy_status wpy_int(arena *a, const weft_value *v, wpy_dec *out)
{
    switch ((weft_kind)v->kind) {
    case WEFT_BOOL: return dec_from_i64(a, v->u.b, out);
    case WEFT_INT: return dec_from_i64(a, v->u.i, out);
    case WEFT_FLOAT: return int_of_double(a, v->u.f, out);
    case WEFT_STRING: return wpy_int_text(a, v->u.s, v->len, out);
    case WEFT_DECIMAL: {
        wpy_dec d;
        int rc = wpy_dec_parse(a, v->u.s, v->len, &d);
        if (rc < 0) return WPY_NO_MEMORY;
        if (!rc || d.special == WPY_NAN || d.special == WPY_SNAN) return WPY_VALUE_ERROR;
        if (d.special == WPY_INF) return WPY_OVERFLOW_ERROR;
        return wpy_dec_trunc(a, &d, out) < 0 ? WPY_NO_MEMORY : WPY_OK;
    }
    default: return WPY_TYPE_ERROR;
    }
}

wpy_status wpy_int64(arena *a, const weft_value *v, int64_t *out)
{
    /* Integers, the usual argument, need no Decimal. */
    if (v->kind == WEFT_INT || v->kind == WEFT_BOOL) {
        *out = v->kind == WEFT_INT ? v->u.i : v->u.b;
        return WPY_OK;
    }
    wpy_dec d;
    wpy_status st = wpy_int(a, v, &d);
    if (st) return st;
    if (!wpy_dec_to_i64(&d, out)) *out = d.neg ? INT64_MIN : INT64_MAX;
    return WPY_OK;
}

void wpy_put_int_error(buf *out, const weft_value *v, wpy_status st)
{
    bool is_float = v->kind == WEFT_FLOAT;
    switch (st) {
    case WPY_TYPE_ERROR:
        buf_printf(out, "int() argument must be a string, a bytes-like object or a real number, not '%s'",
                   wv_type_name(v));
        return;
    case WPY_OVERFLOW_ERROR:
        buf_puts(out, is_float ? "cannot convert float infinity to integer" : "cannot convert Infinity to integer");
        return;
    default:
        if (v->kind != WEFT_STRING) {
            buf_puts(out, is_float ? "cannot convert float NaN to integer" : "cannot convert NaN to integer");
            return;
        }
        /* CPython writes the repr cut to 200 characters (%.200R). */
        buf_puts(out, "invalid literal for int() with base 10: ");
        size_t start = out->len;
        wv_repr(out, v, NULL);
        if (out->oom) return;
        size_t chars = 0, i = start;
        for (; i < out->len && chars < 200; i++)
            if (((unsigned char)out->data[i] & 0xC0) != 0x80) chars++;
        while (i < out->len && ((unsigned char)out->data[i] & 0xC0) == 0x80) i++;
        out->len = i;
        return;
    }
}

wpy_status wpy_float_text(arena *a, const char *s, size_t len, double *out)
{
    wpy_strip_spaces(&s, &len);
    char *clean = arena_alloc(a, len + 2);
    if (!clean) return WPY_NO_MEMORY;
    size_t n = 0, i = 0;
    bool neg = false;
    if (i < len && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    if (wpy_ieq(s + i, len - i, "inf") || wpy_ieq(s + i, len - i, "infinity")) {
        *out = neg ? -INFINITY : INFINITY;
        return WPY_OK;
    }
    if (wpy_ieq(s + i, len - i, "nan")) {
        *out = NAN;
        return WPY_OK;
    }
    if (neg) clean[n++] = '-';
    size_t before = n;
    i += digit_part(s + i, len - i, clean, &n);
    bool int_digits = n > before;
    if (i < len && s[i] == '.') {
        clean[n++] = '.';
        i++;
        size_t f = digit_part(s + i, len - i, clean, &n);
        if (!f && !int_digits) return WPY_VALUE_ERROR;
        i += f;
    } else if (!int_digits) {
        return WPY_VALUE_ERROR;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        clean[n++] = 'e';
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-')) clean[n++] = s[i++];
        size_t e = digit_part(s + i, len - i, clean, &n);
        if (!e) return WPY_VALUE_ERROR;
        i += e;
    }
    if (i != len) return WPY_VALUE_ERROR;
    clean[n] = '\0';
    *out = strtod(clean, NULL);
    return WPY_OK;
}

wpy_status wpy_float(arena *a, const weft_value *v, double *out)
{
    switch ((weft_kind)v->kind) {
    case WEFT_BOOL: *out = v->u.b; return WPY_OK;
    case WEFT_INT: *out = (double)v->u.i; return WPY_OK;
    case WEFT_FLOAT: *out = v->u.f; return WPY_OK;
    case WEFT_STRING: return wpy_float_text(a, v->u.s, v->len, out);
    case WEFT_DECIMAL: {
        wpy_dec d;
        int rc = wpy_dec_parse(a, v->u.s, v->len, &d);
        if (rc < 0) return WPY_NO_MEMORY;
        if (!rc || d.special == WPY_SNAN) return WPY_VALUE_ERROR;
        if (d.special == WPY_NAN) {
            *out = NAN;
            return WPY_OK;
        }
        if (d.special == WPY_INF) {
            *out = d.neg ? -INFINITY : INFINITY;
            return WPY_OK;
        }
        return wpy_float_text(a, v->u.s, v->len, out);
    }
    default: return WPY_TYPE_ERROR;
    }
}
