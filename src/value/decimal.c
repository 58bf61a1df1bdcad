/* Python's Decimal for Django's numeric filters (see decimal.h): a sign, a
 * string of ASCII digits and a power of ten, with the few operations
 * floatformat, add and the int() of a Decimal need. */
#include "decimal.h"

#include <string.h>

#include "numscan.h"
#include "value.h"

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Builds d from a digit string (leading zeros allowed), copying it. */
int wpy_dec_set_digits(arena *a, wpy_dec *d, const char *digits, size_t n)
{
    while (n > 1 && digits[0] == '0') {
        digits++;
        n--;
    }
    if (!n) {
        digits = "0";
        n = 1;
    }
    char *copy = arena_alloc(a, n);
    if (!copy) return -1;
    memcpy(copy, digits, n);
    d->digits = copy;
    d->ndigits = n;
    return 1;
}

int wpy_dec_parse(arena *a, const char *s, size_t len, wpy_dec *out)
{
    memset(out, 0, sizeof *out);
    wpy_strip_spaces(&s, &len);
    /* Underscores group digits anywhere, as Python's C decimal accepts;
     * the decimal digits of other scripts read as ASCII ones, as Python
     * reads them first ("\u0661\u0662" is 12). */
    char *clean = arena_alloc(a, len + 1);
    if (!clean) return -1;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        size_t width;
        int digit;
        if (s[i] == '_') continue;
        if ((unsigned char)s[i] >= 0x80 && (digit = wpy_digit_at(s + i, len - i, &width)) >= 0) {
            clean[n++] = (char)('0' + digit);
            i += width - 1;
            continue;
        }
        clean[n++] = s[i];
    }
    const char *p = clean, *end = clean + n;
    if (p < end && (*p == '+' || *p == '-')) out->neg = *p++ == '-';
    size_t rest = (size_t)(end - p);
    if (wpy_ieq(p, rest, "inf") || wpy_ieq(p, rest, "infinity")) {
        out->special = WPY_INF;
        return 1;
    }
    bool snan = rest >= 4 && wpy_ieq(p, 4, "snan");
    if (snan || (rest >= 3 && wpy_ieq(p, 3, "nan"))) {
        const char *q = p + (snan ? 4 : 3);
        while (q < end && is_digit(*q)) q++;
        if (q != end) return 0;
        out->special = snan ? WPY_SNAN : WPY_NAN;
        return 1;
    }
    char *digits = arena_alloc(a, rest + 1);
    if (!digits) return -1;
    size_t nd = 0, frac = 0;
    bool seen_point = false;
    for (; p < end; p++) {
        if (is_digit(*p)) {
            digits[nd++] = *p;
            if (seen_point) frac++;
        } else if (*p == '.' && !seen_point) {
            seen_point = true;
        } else {
            break;
        }
    }
    if (!nd) return 0;
    int64_t exp = 0;
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        bool eneg = false;
        if (p < end && (*p == '+' || *p == '-')) eneg = *p++ == '-';
        if (p == end) return 0;
        for (; p < end && is_digit(*p); p++)
            if (exp < (int64_t)1 << 55) exp = exp * 10 + (*p - '0');
        if (eneg) exp = -exp;
    }
    if (p != end) return 0;
    out->exp = exp - (int64_t)frac;
    return wpy_dec_set_digits(a, out, digits, nd);
}

int wpy_dec_from_double(arena *a, double d, wpy_dec *out)
{
    buf b;
    buf_init(&b, a);
    wv_print_float(&b, d);
    if (b.oom) return -1;
    int rc = wpy_dec_parse(a, b.data, b.len, out);
    return rc < 0 ? -1 : 1;
}

bool wpy_dec_is_zero(const wpy_dec *d)
{
    return d->special == WPY_FINITE && d->ndigits == 1 && d->digits[0] == '0';
}

bool wpy_dec_is_integral(const wpy_dec *d)
{
    if (d->exp >= 0) return true;
    size_t frac = (uint64_t)-d->exp < d->ndigits ? (size_t)-d->exp : d->ndigits;
    for (size_t i = d->ndigits - frac; i < d->ndigits; i++)
        if (d->digits[i] != '0') return false;
    return true;
}

int wpy_dec_trunc(arena *a, const wpy_dec *d, wpy_dec *out)
{
    *out = *d;
    out->exp = 0;
    if (d->exp >= 0) {
        if (d->exp == 0 || wpy_dec_is_zero(d)) return 1;
        if (d->exp > (1 << 24)) return -1; /* Python's MemoryError, in effect */
        size_t n = d->ndigits + (size_t)d->exp;
        char *digits = arena_alloc(a, n);
        if (!digits) return -1;
        memcpy(digits, d->digits, d->ndigits);
        memset(digits + d->ndigits, '0', (size_t)d->exp);
        out->digits = digits;
        out->ndigits = n;
        return 1;
    }
    size_t drop = (uint64_t)-d->exp < d->ndigits ? (size_t)-d->exp : d->ndigits;
    return wpy_dec_set_digits(a, out, d->digits, d->ndigits - drop);
}

int wpy_dec_quantize_half_up(arena *a, const wpy_dec *d, int64_t exp, wpy_dec *out)
{
    *out = *d;
    out->exp = exp;
    if (d->exp >= exp) {
        uint64_t pad = (uint64_t)(d->exp - exp);
        if (pad > (1 << 24)) return -1;
        if (wpy_dec_is_zero(d)) return 1;
        size_t n = d->ndigits + (size_t)pad;
        char *digits = arena_alloc(a, n);
        if (!digits) return -1;
        memcpy(digits, d->digits, d->ndigits);
        memset(digits + d->ndigits, '0', (size_t)pad);
        out->digits = digits;
        out->ndigits = n;
        return 1;
    }
    uint64_t drop = (uint64_t)(exp - d->exp);
    size_t keep = drop < d->ndigits ? d->ndigits - (size_t)drop : 0;
    /* The first dropped digit decides; below the coefficient it is 0. */
    char first_dropped = drop <= d->ndigits ? d->digits[keep] : '0';
    char *digits = arena_alloc(a, keep + 1);
    if (!digits) return -1;
    digits[0] = '0';
    memcpy(digits + 1, d->digits, keep);
    if (first_dropped >= '5') {
        size_t i = keep;
        while (digits[i] == '9') digits[i--] = '0';
        digits[i]++;
    }
    return wpy_dec_set_digits(a, out, digits, keep + 1);
}

void wpy_dec_put_plain(buf *out, const wpy_dec *d)
{
    if (d->neg && !wpy_dec_is_zero(d)) buf_putc(out, '-');
    if (d->exp >= 0) {
        buf_put(out, d->digits, d->ndigits);
        if (!wpy_dec_is_zero(d))
            for (int64_t i = 0; i < d->exp; i++) buf_putc(out, '0');
        return;
    }
    uint64_t frac = (uint64_t)-d->exp;
    if (frac >= d->ndigits) {
        buf_puts(out, "0.");
        for (uint64_t i = d->ndigits; i < frac; i++) buf_putc(out, '0');
        buf_put(out, d->digits, d->ndigits);
    } else {
        size_t int_len = d->ndigits - (size_t)frac;
        buf_put(out, d->digits, int_len);
        buf_putc(out, '.');
        buf_put(out, d->digits + int_len, (size_t)frac);
    }
}

void wpy_dec_put_str(buf *out, const wpy_dec *d)
{
    if (d->neg) buf_putc(out, '-');
    if (d->special != WPY_FINITE) {
        buf_puts(out, d->special == WPY_INF ? "Infinity" : d->special == WPY_NAN ? "NaN" : "sNaN");
        return;
    }
    int64_t left; /* the exponent of the first digit, plus one */
    if (__builtin_add_overflow(d->exp, (int64_t)d->ndigits, &left)) left = INT64_MAX;
    /* Fixed notation for exponents up to 0 down to six leading zeros. */
    int64_t dot = d->exp <= 0 && left > -6 ? left : 1;
    if (dot <= 0) {
        buf_puts(out, "0.");
        for (int64_t i = 0; i < -dot; i++) buf_putc(out, '0');
        buf_put(out, d->digits, d->ndigits);
    } else if ((uint64_t)dot >= d->ndigits) {
        buf_put(out, d->digits, d->ndigits);
        for (int64_t i = (int64_t)d->ndigits; i < dot; i++) buf_putc(out, '0');
    } else {
        buf_put(out, d->digits, (size_t)dot);
        buf_putc(out, '.');
        buf_put(out, d->digits + dot, d->ndigits - (size_t)dot);
    }
    if (left != dot) buf_printf(out, "E%+lld", (long long)(left - dot));
}

bool wpy_dec_to_i64(const wpy_dec *d, int64_t *out)
{
    if (d->special != WPY_FINITE || !wpy_dec_is_integral(d)) return false;
    if (wpy_dec_is_zero(d)) {
        *out = 0;
        return true;
    }
    size_t int_len = d->exp >= 0 ? d->ndigits : d->ndigits - (size_t)-d->exp;
    if (d->exp > 19 || int_len + (d->exp > 0 ? (size_t)d->exp : 0) > 19) return false;
    uint64_t v = 0;
    for (size_t i = 0; i < int_len; i++) v = v * 10 + (uint64_t)(d->digits[i] - '0');
    for (int64_t i = 0; i < d->exp; i++) {
        if (v > UINT64_MAX / 10) return false;
        v *= 10;
    }
    if (d->neg) {
        if (v > (uint64_t)INT64_MAX + 1) return false;
        *out = (int64_t)(0 - v);
    } else {
        if (v > (uint64_t)INT64_MAX) return false;
        *out = (int64_t)v;
    }
    return true;
}
