/* Django's numeric built-in filters (django/template/defaultfilters.py,
 * "INTEGERS" and "MISC" sections, plus floatformat and stringformat), with
 * Python's arithmetic: int() and float() as Python converts, integers beyond
 * 64 bits kept as Decimal text, Decimal rounding for floatformat.
 *
 * Django lets some Python exceptions escape a filter (divisibleby:"0" is a
 * ZeroDivisionError); those fail the render with the matching kind. Python
 * kinds weft has no name for (OverflowError, KeyError, IndexError) fail as
 * ValueError with the Python name in the message. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/tz.h"
#include "filter_api.h"
#include "filter_int.h"
#include "i18n/formats.h"
#include "value/decimal.h"
#include "value/numprint.h"
#include "value/percent.h"
#include "value/pyconvert.h"

/* ---- shared helpers ------------------------------------------------------ */

/* An integer result: an int when it fits, else the exact digits as a
 * Decimal, which prints the same. */
static int int_result(wr *r, const wpy_dec *d, weft_value *out)
{
    int64_t i;
    if (wpy_dec_to_i64(d, &i)) {
        *out = wv_int(i);
        return 0;
    }
    buf b;
    wr_buf(r, &b);
    wpy_dec_put_plain(&b, d);
    if (b.oom) return wr_oom(r);
    weft_value v = {0};
    v.kind = WEFT_DECIMAL;
    v.len = (uint32_t)b.len;
    v.u.s = b.data;
    *out = v;
    return 0;
}

static int empty(weft_value *val)
{
    *val = wv_str("", 0, false);
    return 0;
}

/* ---- big integers as digit strings ---------------------------------------- */

/* Compares magnitudes of two integer Decimals (exp 0, no leading zeros). */
static int cmp_mag(const wpy_dec *a, const wpy_dec *b)
{
    if (a->ndigits != b->ndigits) return a->ndigits < b->ndigits ? -1 : 1;
    int c = memcmp(a->digits, b->digits, a->ndigits);
    return c < 0 ? -1 : c > 0;
}

/* a + b for integer Decimals of any size. */
static int big_add(arena *ar, const wpy_dec *a, const wpy_dec *b, wpy_dec *out)
{
    size_t n = (a->ndigits > b->ndigits ? a->ndigits : b->ndigits) + 1;
    char *d = arena_alloc(ar, n);
    if (!d) return -1;
    memset(out, 0, sizeof *out);
    if (a->neg == b->neg) {
        int carry = 0;
        for (size_t k = 0; k < n; k++) {
            int x = k < a->ndigits ? a->digits[a->ndigits - 1 - k] - '0' : 0;
            int y = k < b->ndigits ? b->digits[b->ndigits - 1 - k] - '0' : 0;
            int s = x + y + carry;
            d[n - 1 - k] = (char)('0' + s % 10);
            carry = s / 10;
        }
        out->neg = a->neg;
    } else {
        /* Subtract the smaller magnitude from the larger. */
        const wpy_dec *big = cmp_mag(a, b) >= 0 ? a : b, *small = big == a ? b : a;
        int borrow = 0;
        for (size_t k = 0; k < n; k++) {
            int x = k < big->ndigits ? big->digits[big->ndigits - 1 - k] - '0' : 0;
            int y = k < small->ndigits ? small->digits[small->ndigits - 1 - k] - '0' : 0;
            int s = x - y - borrow;
            borrow = s < 0;
            d[n - 1 - k] = (char)('0' + (s + 10) % 10);
        }
        out->neg = big->neg;
    }
    size_t skip = 0;
    while (skip + 1 < n && d[skip] == '0') skip++;
    out->digits = d + skip;
    out->ndigits = n - skip;
    if (wpy_dec_is_zero(out)) out->neg = false;
    return 0;
}

static uint64_t addmod(uint64_t a, uint64_t b, uint64_t m)
{
    return a >= m - b ? a - (m - b) : a + b;
}

/* |a| mod m for an integer Decimal, m > 0. */
static uint64_t big_mod(const wpy_dec *a, uint64_t m)
{
    uint64_t rem = 0;
    for (size_t i = 0; i < a->ndigits; i++) {
        uint64_t times10 = 0;
        for (int k = 0; k < 10; k++) times10 = addmod(times10, rem, m);
        rem = addmod(times10, (uint64_t)(a->digits[i] - '0') % m, m);
    }
    return rem;
}

/* ---- dates plus durations (add) -------------------------------------------- */

/* date or datetime + timedelta; returns 1 when added, 0 when the kinds do
 * not add, -1 on failure (OverflowError). */
static int add_date(wr *r, const weft_value *when, const wv_duration *dur, weft_value *out)
{
    wv_datetime t = when->u.dt;
    int64_t days = wtz_days_from_civil(t.year, t.month, t.day) + dur->days;
    if (when->kind == WEFT_DATETIME) {
        int64_t usec = t.usec + dur->usec;
        int64_t sec = t.hour * 3600 + t.minute * 60 + t.second + dur->seconds + usec / 1000000;
        usec %= 1000000;
        days += sec / 86400;
        sec %= 86400;
        t.usec = (int32_t)usec;
        t.hour = (uint8_t)(sec / 3600);
        t.minute = (uint8_t)(sec / 60 % 60);
        t.second = (uint8_t)(sec % 60);
    }
    /* |dur->days| < 1e9 keeps the year far inside int. */
    int y, m, d;
    wtz_civil_from_days(days, &y, &m, &d);
    if (y < 1 || y > 9999)
        return wr_fail(r, WEFT_ERROR_VALUE, "OverflowError: date value out of range");
    t.year = (int16_t)y;
    t.month = (uint8_t)m;
    t.day = (uint8_t)d;
    *out = *when;
    out->u.dt = t;
    return 1;
}

static weft_value duration_value(int64_t days, int64_t sec, int64_t usec)
{
    sec += usec / 1000000;
    usec %= 1000000;
    if (usec < 0) {
        usec += 1000000;
        sec--;
    }
    days += sec / 86400;
    sec %= 86400;
    if (sec < 0) {
        sec += 86400;
        days--;
    }
    weft_value v = {0};
    v.kind = WEFT_DURATION;
    v.u.dur.days = (int32_t)days;
    v.u.dur.seconds = (int32_t)sec;
    v.u.dur.usec = (int32_t)usec;
    return v;
}

static bool is_number(const weft_value *v)
{
    return v->kind == WEFT_INT || v->kind == WEFT_BOOL || v->kind == WEFT_FLOAT;
}

/* Python's value + arg for the kinds that add; 0 when they do not (the
 * filter then gives ""). */
static int python_add(wr *r, const weft_value *a, const weft_value *b, weft_value *out)
{
    arena *ar = wr_arena(r);
    if (a->kind == WEFT_STRING && b->kind == WEFT_STRING) {
        char *s = arena_alloc(ar, (size_t)a->len + b->len + 1);
        if (!s) return wr_oom(r);
        memcpy(s, a->u.s, a->len);
        memcpy(s + a->len, b->u.s, b->len);
        /* SafeString + SafeString stays safe; anything else is a plain str. */
        *out = wv_str(s, (size_t)a->len + b->len, wv_is_safe(a) && wv_is_safe(b));
        return 1;
    }
    if (wv_is_seq(a) && a->kind == b->kind) {
        wv_list *l = wv_list_new(ar, a->u.list->len + b->u.list->len);
        if (!l) return wr_oom(r);
        for (uint32_t i = 0; i < a->u.list->len; i++)
            if (!wv_list_push(ar, l, &a->u.list->items[i])) return wr_oom(r);
        for (uint32_t i = 0; i < b->u.list->len; i++)
            if (!wv_list_push(ar, l, &b->u.list->items[i])) return wr_oom(r);
        *out = wv_list_value(l, a->kind == WEFT_TUPLE);
        return 1;
    }
    if ((a->kind == WEFT_DATE || a->kind == WEFT_DATETIME) && b->kind == WEFT_DURATION)
        return add_date(r, a, &b->u.dur, out);
    if ((b->kind == WEFT_DATE || b->kind == WEFT_DATETIME) && a->kind == WEFT_DURATION)
        return add_date(r, b, &a->u.dur, out);
    if (a->kind == WEFT_DURATION && b->kind == WEFT_DURATION) {
        *out = duration_value((int64_t)a->u.dur.days + b->u.dur.days,
                              (int64_t)a->u.dur.seconds + b->u.dur.seconds,
                              (int64_t)a->u.dur.usec + b->u.dur.usec);
        return 1;
    }
    /* int() failed on a float NaN: Python still adds the floats. */
    if (is_number(a) && is_number(b) && (a->kind == WEFT_FLOAT || b->kind == WEFT_FLOAT)) {
        double x = a->kind == WEFT_FLOAT ? a->u.f : a->kind == WEFT_INT ? (double)a->u.i : a->u.b;
        double y = b->kind == WEFT_FLOAT ? b->u.f : b->kind == WEFT_INT ? (double)b->u.i : b->u.b;
        *out = wv_float(x + y);
        return 1;
    }
    return 0;
}

/* ---- add, divisibleby, get_digit --------------------------------------------- */

static int f_add(wr *r, weft_value *val, const weft_value *arg)
{
    arena *ar = wr_arena(r);
    wpy_dec x, y;
    wpy_status sx = wpy_int(ar, val, &x);
    wpy_status sy = sx == WPY_OK ? wpy_int(ar, arg, &y) : WPY_OK;
    if (sx == WPY_NO_MEMORY || sy == WPY_NO_MEMORY) return wr_oom(r);
    if (sx == WPY_OVERFLOW_ERROR) return wf_fail_int(r, sx, val, true);
    if (sy == WPY_OVERFLOW_ERROR) return wf_fail_int(r, sy, arg, true);
    if (sx == WPY_OK && sy == WPY_OK) {
        int64_t a, b, sum;
        if (wpy_dec_to_i64(&x, &a) && wpy_dec_to_i64(&y, &b) && !__builtin_add_overflow(a, b, &sum)) {
            *val = wv_int(sum);
            return 0;
        }
        wpy_dec total;
        if (big_add(ar, &x, &y, &total) < 0) return wr_oom(r);
        return int_result(r, &total, val);
    }
    weft_value out;
    int rc = python_add(r, val, arg, &out);
    if (rc < 0) return -1;
    if (rc == 0) return empty(val);
    *val = out;
    return 0;
}

static int f_divisibleby(wr *r, weft_value *val, const weft_value *arg)
{
    arena *ar = wr_arena(r);
    wpy_dec x, y;
    wpy_status st = wpy_int(ar, val, &x);
    if (st) return wf_fail_int(r, st, val, true);
    if ((st = wpy_int(ar, arg, &y))) return wf_fail_int(r, st, arg, true);
    if (wpy_dec_is_zero(&y))
        return wr_fail(r, WEFT_ERROR_ZERO_DIVISION, "integer division or modulo by zero");
    int64_t a, b;
    bool a_fits = wpy_dec_to_i64(&x, &a), b_fits = wpy_dec_to_i64(&y, &b);
    bool divisible;
    if (a_fits && b_fits) divisible = b == -1 || a % b == 0;
    else if (b_fits) divisible = big_mod(&x, b < 0 ? 0 - (uint64_t)b : (uint64_t)b) == 0;
    else if (a_fits) divisible = a == 0; /* |a| < |b| */
    else {
        /* Both beyond 64 bits: rare enough for long double precision. */
        char *xs = arena_strndup(ar, x.digits, x.ndigits), *ys = arena_strndup(ar, y.digits, y.ndigits);
        if (!xs || !ys) return wr_oom(r);
        divisible = fmodl(strtold(xs, NULL), strtold(ys, NULL)) == 0;
    }
    *val = wv_bool(divisible);
    return 0;
}

static int f_get_digit(wr *r, weft_value *val, const weft_value *arg)
{
    arena *ar = wr_arena(r);
    wpy_dec pos, num;
    wpy_status st = wpy_int(ar, arg, &pos);
    if (st == WPY_VALUE_ERROR) return 0; /* the value, unchanged */
    if (st) return wf_fail_int(r, st, arg, true);
    st = wpy_int(ar, val, &num);
    if (st == WPY_VALUE_ERROR) return 0;
    if (st) return wf_fail_int(r, st, val, true);
    int64_t n;
    if (pos.neg || wpy_dec_is_zero(&pos)) return int_result(r, &num, val);
    bool neg = num.neg && !wpy_dec_is_zero(&num);
    size_t text_len = num.ndigits + neg; /* len(str(value)) */
    if (!wpy_dec_to_i64(&pos, &n) || (uint64_t)n > text_len) {
        *val = wv_int(0);
        return 0;
    }
    size_t at = text_len - (size_t)n;
    if (neg && at == 0) return wr_fail(r, WEFT_ERROR_VALUE, "invalid literal for int() with base 10: '-'");
    *val = wv_int(num.digits[at - neg] - '0');
    return 0;
}

/* ---- floatformat ---------------------------------------------------------------- */

/* The argument's precision: Python int(arg) after the suffixes. Returns 1
 * with *p set, 0 when int() raised ValueError, -1 on a failure. */
static int floatformat_precision(wr *r, const weft_value *arg, bool *grouping, bool *localize,
                                 int64_t *p)
{
    *grouping = false;
    *localize = true;
    *p = -1;
    if (!arg) return 1;
    weft_value a = *arg;
    if (a.kind == WEFT_STRING) {
        if (a.len == 0) return wr_fail(r, WEFT_ERROR_VALUE, "IndexError: string index out of range");
        const char *s = a.u.s;
        size_t len = a.len;
        if (len >= 2 && (!memcmp(s + len - 2, "gu", 2) || !memcmp(s + len - 2, "ug", 2))) {
            *grouping = true;
            *localize = false;
            len -= 2;
        } else if (s[len - 1] == 'g') {
            *grouping = true;
            len--;
        } else if (s[len - 1] == 'u') {
            *localize = false;
            len--;
        }
        if (len == 0) return 1; /* `arg[:-1] or -1` */
        a = wv_str(s, len, false);
    }
    wpy_dec d;
    wpy_status st = wpy_int(wr_arena(r), &a, &d);
    if (st == WPY_VALUE_ERROR) return 0;
    if (st) return wf_fail_int(r, st, &a, true);
    if (!wpy_dec_to_i64(&d, p) || *p > 1000000 || *p < -1000000)
        return wr_fail(r, WEFT_ERROR_VALUE, "MemoryError: precision too large");
    return 1;
}

/* The common cases without Decimal: a float whose repr is short, an int, a
 * plain decimal string; a precision that is an int or plain ASCII digits. */

/* A decimal held exactly in 64 bits: (-1)^neg * digits / 10^scale. */
typedef struct fixed_dec {
    bool neg;
    uint64_t digits;
    int scale;
} fixed_dec;

/* Precisions beyond this take the general path. */
enum { FAST_MAX_PLACES = 40 };

static const uint64_t pow10_u64[20] = {
    1ULL,
    10ULL,
    100ULL,
    1000ULL,
    10000ULL,
    100000ULL,
    1000000ULL,
    10000000ULL,
    100000000ULL,
    1000000000ULL,
    10000000000ULL,
    100000000000ULL,
    1000000000000ULL,
    10000000000000ULL,
    100000000000000ULL,
    1000000000000000ULL,
    10000000000000000ULL,
    100000000000000000ULL,
    1000000000000000000ULL,
    10000000000000000000ULL,
};

/* Decimal(text) for plain text, [-]digits[.digits] in ASCII with at most 19
 * significant digits and 19 decimals, which 64 bits hold exactly. Every
 * other form Decimal reads (spaces, "+", ".5", exponents, underscores,
 * other scripts' digits) is left to wpy_dec_parse. */
static bool parse_fixed(const char *s, size_t len, fixed_dec *out)
{
    size_t i = len && s[0] == '-';
    size_t first_digit = i;
    uint64_t n = 0;
    int significant = 0, scale = 0;
    bool point = false;
    if (i == len) return false;
    for (; i < len; i++) {
        unsigned c = (unsigned char)s[i] - '0';
        if (c <= 9) {
            significant += n != 0 || c != 0;
            if (significant > 19) return false;
            n = n * 10 + c;
            scale += point;
        } else if (s[i] == '.' && !point && i > first_digit && i + 1 < len) {
            point = true;
        } else {
            return false;
        }
    }
    if (scale > 19) return false;
    out->neg = first_digit == 1;
    out->digits = n;
    out->scale = scale;
    return true;
}

/* The value as Decimal(str(value)) when that is a fixed_dec: 1 with *x
 * set, 0 when not, -1 on a failure. A float with a long repr is printed
 * into *repr (*have_repr then true) and read back, so that the general
 * path need not print it again. */
static int value_fixed(wr *r, const weft_value *val, fixed_dec *x, weft_value *repr, bool *have_repr)
{
    switch (val->kind) {
    case WEFT_FLOAT:
        if (!isfinite(val->u.f)) return 0;
        if (wpy_float_repr_fixed(val->u.f, &x->digits, &x->scale)) {
            x->neg = signbit(val->u.f);
            return 1;
        }
        if (wr_str(r, val, repr)) return -1;
        *have_repr = true;
        return parse_fixed(repr->u.s, repr->len, x);
    case WEFT_INT:
        x->neg = val->u.i < 0;
        x->digits = x->neg ? 0 - (uint64_t)val->u.i : (uint64_t)val->u.i;
        x->scale = 0;
        return 1;
    case WEFT_STRING:
    case WEFT_DECIMAL: return parse_fixed(val->u.s, val->len, x);
    default: return 0;
    }
}

/* floatformat's argument when it is plain: none, an int, or ASCII
 * [-]digits with Django 5.2's suffixes (g groups, u does not localize, gu
 * and ug both). False leaves the argument to floatformat_precision. */
static bool plain_precision(const weft_value *arg, int *p, bool *grouping, bool *localize)
{
    *grouping = false;
    *localize = true;
    *p = -1;
    if (!arg) return true;
    if (arg->kind == WEFT_INT) {
        if (arg->u.i < -FAST_MAX_PLACES || arg->u.i > FAST_MAX_PLACES) return false;
        *p = (int)arg->u.i;
        return true;
    }
    if (arg->kind != WEFT_STRING || arg->len == 0 || arg->len > 5) return false;
    const char *s = arg->u.s;
    size_t len = arg->len;
    char last = s[len - 1], before = len >= 2 ? s[len - 2] : 0;
    if ((before == 'g' && last == 'u') || (before == 'u' && last == 'g')) {
        *grouping = true;
        *localize = false;
        len -= 2;
    } else if (last == 'g') {
        *grouping = true;
        len--;
    } else if (last == 'u') {
        *localize = false;
        len--;
    }
    if (len == 0) return true; /* `arg[:-1] or -1` */
    bool neg = s[0] == '-';
    size_t i = neg;
    if (i == len) return false; /* int("-") raises */
    int v = 0;
    for (; i < len; i++) {
        unsigned c = (unsigned char)s[i] - '0';
        if (c > 9) return false;
        v = v * 10 + (int)c; /* at most 5 digits */
    }
    if (v > FAST_MAX_PLACES) return false;
    *p = neg ? -v : v;
    return true;
}

/* "00" "01" ... "99": two digits per division. */
static const char two_digits[] = "00010203040506070809101112131415161718192021222324"
                                 "25262728293031323334353637383940414243444546474849"
                                 "50515253545556575859606162636465666768697071727374"
                                 "75767778798081828384858687888990919293949596979899";

/* Writes the last `count` decimal digits of v (zeros in front when v is
 * shorter) so that they end at end; returns where they start. */
static char *put_digits(char *end, uint64_t v, int count)
{
    for (; count >= 2; count -= 2) {
        unsigned pair = (unsigned)(v % 100) * 2;
        v /= 100;
        end -= 2;
        end[0] = two_digits[pair];
        end[1] = two_digits[pair + 1];
    }
    if (count) *--end = (char)('0' + v % 10);
    return end;
}

/* Django's floatformat of x with precision p: quantize with ROUND_HALF_UP
 * to |p| places (int(x) when x is integral and p <= 0), then number_format
 * with |p| decimal places. On exact digits this is integer arithmetic. */
static int floatformat_fixed(wr *r, const fixed_dec *x, int p, bool grouping, bool localize,
                             weft_value *val)
{
    uint64_t n = x->digits;
    int scale = x->scale;
    int places = p < 0 ? -p : p;
    if (p <= 0 && n % pow10_u64[scale] == 0) {
        /* "%d" % int(d): no decimals, even with p < 0. */
        n /= pow10_u64[scale];
        scale = 0;
        places = 0;
    } else if (scale > places) {
        uint64_t unit = pow10_u64[scale - places], rest = n % unit;
        n /= unit;
        n += rest >= unit / 2; /* half up; n < 10^18 now, so no overflow */
        scale = places;
    }
    /* The result is n / 10^scale with scale <= places: the whole part,
     * the separator, the fraction's scale digits and places - scale
     * zeros; "-" only when it is not zero. */
    bool minus = x->neg && n != 0;
    uint64_t whole = n / pow10_u64[scale], fraction = n % pow10_u64[scale];
    int whole_digits = 1;
    while (whole_digits < 20 && whole >= pow10_u64[whole_digits]) whole_digits++;

    wpy_numfmt unlocalized;
    const wpy_numfmt *fmt;
    if (localize) {
        fmt = wr_numfmt(r);
    } else {
        wi_number_formats("", &unlocalized);
        unlocalized.grouping = 0; /* settings.NUMBER_GROUPING */
        fmt = &unlocalized;
    }
    bool grouped = grouping && fmt->grouping > 0;
    /* Grouping is rare: numberformat groups the plain text, written with
     * "." here. */
    const char *sep = grouped ? "." : fmt->decimal_sep;
    size_t sep_len = !places ? 0 : sep[0] && !sep[1] ? 1 : strlen(sep);
    size_t len = minus + (size_t)whole_digits + (places ? sep_len + (size_t)places : 0);
    char plain[80];
    char *s = grouped ? plain : arena_alloc(wr_arena(r), len);
    if (!s) return wr_oom(r);
    char *w = s + len;
    for (int i = scale; i < places; i++) *--w = '0';
    w = put_digits(w, fraction, scale);
    if (places) {
        w -= sep_len;
        for (size_t i = 0; i < sep_len; i++) w[i] = sep[i];
    }
    put_digits(w, whole, whole_digits);
    if (minus) s[0] = '-';
    if (grouped) {
        buf out;
        wr_buf(r, &out);
        wpy_number_format(&out, plain, len, places, fmt, true);
        return wr_buf_value(r, &out, true, val);
    }
    *val = wv_str(s, len, true);
    return 0;
}

/* numberformat groups localized numbers when USE_THOUSAND_SEPARATOR is on
 * (floatformat's "g" forces it, "u" turns localization off). */
static bool thousands(wr *r) { return wd_opt(r)->use_thousand_separator; }

static int f_floatformat(wr *r, weft_value *val, const weft_value *arg)
{
    arena *ar = wr_arena(r);
    bool grouping, localize;
    int64_t p;

    weft_value input;
    bool have_input = false;
    fixed_dec x;
    int rc = value_fixed(r, val, &x, &input, &have_input);
    if (rc < 0) return -1;
    if (rc > 0) {
        int fast_p;
        if (plain_precision(arg, &fast_p, &grouping, &localize))
            return floatformat_fixed(r, &x, fast_p, grouping || (localize && thousands(r)), localize, val);
    }

    /* input_val = str(text); d = Decimal(input_val), else
     * Decimal(str(float(text))), else "". str() of a float is its repr, so
     * parsing the text printed is Decimal(repr(x)). */
    if (!have_input && wr_str(r, val, &input)) return -1;
    wpy_dec d;
    rc = wpy_dec_parse(ar, input.u.s, input.len, &d);
    if (rc == 0 && val->kind == WEFT_BOOL) rc = wpy_dec_from_double(ar, val->u.b, &d);
    if (rc < 0) return wr_oom(r);
    if (rc == 0) return empty(val);

    rc = floatformat_precision(r, arg, &grouping, &localize, &p);
    if (rc < 0) return -1;
    grouping = grouping || (localize && thousands(r));
    if (rc == 0 || d.special != WPY_FINITE) {
        *val = input; /* Django returns input_val as it is */
        return 0;
    }
    /* Values with huge digit counts or exponents come back as they are. */
    uint64_t magnitude = d.ndigits + (uint64_t)(d.exp < 0 ? -d.exp : d.exp);
    if (magnitude > 200) {
        *val = input;
        return 0;
    }

    wpy_numfmt fmt;
    if (localize) fmt = *wr_numfmt(r);
    else wi_number_formats("", &fmt);
    if (!localize) fmt.grouping = 0; /* settings.NUMBER_GROUPING */
    buf num, out;
    wr_buf(r, &num);
    wr_buf(r, &out);
    if (wpy_dec_is_integral(&d) && p <= 0) {
        wpy_dec whole;
        if (wpy_dec_trunc(ar, &d, &whole) < 0) return wr_oom(r);
        wpy_dec_put_plain(&num, &whole);
        if (num.oom) return wr_oom(r);
        wpy_number_format(&out, num.data, num.len, 0, &fmt, grouping);
        return wr_buf_value(r, &out, true, val);
    }
    int64_t places = p < 0 ? -p : p;
    wpy_dec rounded;
    if (wpy_dec_quantize_half_up(ar, &d, -places, &rounded) < 0) return wr_oom(r);
    wpy_dec_put_plain(&num, &rounded);
    if (num.oom) return wr_oom(r);
    wpy_number_format(&out, num.data, num.len, (int)places, &fmt, grouping);
    return wr_buf_value(r, &out, true, val);
}

/* ---- stringformat, filesizeformat, pluralize --------------------------------------- */

static int percent_failed(wr *r, wpy_status st, weft_value *val)
{
    switch (st) {
    case WPY_NO_MEMORY: return wr_oom(r);
    case WPY_OVERFLOW_ERROR:
        return wr_fail(r, WEFT_ERROR_VALUE, "OverflowError: value out of range for the format");
    case WPY_KEY_ERROR: return wr_fail(r, WEFT_ERROR_VALUE, "KeyError: missing format key");
    default: return empty(val); /* Django catches ValueError and TypeError */
    }
}

static int f_stringformat(wr *r, weft_value *val, const weft_value *arg)
{
    arena *ar = wr_arena(r);
    weft_value value = *val, spec;
    /* Django 5 formats a tuple as one value, never as an argument tuple. */
    if (value.kind == WEFT_TUPLE && wr_str(r, val, &value)) return -1;
    if (wr_str(r, arg, &spec)) return -1;
    buf fmt, out;
    wr_buf(r, &fmt);
    buf_putc(&fmt, '%');
    buf_put(&fmt, spec.u.s, spec.len);
    if (fmt.oom) return wr_oom(r);
    wr_buf(r, &out);
    wpy_status st = wpy_percent_format(ar, &out, fmt.data, fmt.len, &value);
    if (st) return percent_failed(r, st, val);
    return wr_buf_value(r, &out, false, val);
}

/* Django's avoid_wrapping(): spaces become no-break spaces. */
static void put_nowrap(buf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ' ') buf_puts(out, "\xc2\xa0");
        else buf_putc(out, s[i]);
    }
}

/* msgid % {"size": n}, the byte count message. */
static wpy_status put_bytes_message(wr *r, buf *out, const wpy_dec *n)
{
    arena *ar = wr_arena(r);
    int64_t count;
    if (!wpy_dec_to_i64(n, &count)) count = INT64_MAX;
    size_t len;
    const char *msg = wd_ngettext(r, "%(size)d byte", "%(size)d bytes", count, &len);
    weft_value size;
    if (int_result(r, n, &size)) return WPY_NO_MEMORY;
    wv_dict *d = wv_dict_new(ar, 1);
    weft_value key = wv_str("size", 4, false);
    if (!d || !wv_dict_set(ar, d, &key, &size)) return WPY_NO_MEMORY;
    weft_value mapping = {0};
    mapping.kind = WEFT_DICT;
    mapping.u.dict = d;
    return wpy_percent_format(ar, out, msg, len, &mapping);
}

static int f_filesizeformat(wr *r, weft_value *val, const weft_value *arg)
{
    arena *ar = wr_arena(r);
    wpy_dec bytes;
    wpy_status st = wpy_int(ar, val, &bytes);
    if (st == WPY_OVERFLOW_ERROR || st == WPY_NO_MEMORY) return wf_fail_int(r, st, val, true);
    buf text, out;
    wr_buf(r, &text);
    wr_buf(r, &out);
    if (st) {
        wpy_dec zero = {false, WPY_FINITE, "0", 1, 0};
        if ((st = put_bytes_message(r, &text, &zero))) return percent_failed(r, st, val);
        put_nowrap(&out, text.data, text.len);
        return wr_buf_value(r, &out, false, val);
    }
    bool negative = bytes.neg && !wpy_dec_is_zero(&bytes);
    bytes.neg = false;

    /* bytes / unit as Python's true division: correctly rounded. Dividing
     * by a power of two commutes with rounding to a double. */
    char tmp[400];
    char *digits = arena_strndup(ar, bytes.digits, bytes.ndigits);
    if (!digits) return wr_oom(r);
    double x = strtod(digits, NULL);
    if (isinf(x))
        return wr_fail(r, WEFT_ERROR_VALUE, "OverflowError: integer division result too large for a float");
    static const char *const units[] = {"%s KB", "%s MB", "%s GB", "%s TB", "%s PB"};
    if (x < 1024) {
        if ((st = put_bytes_message(r, &text, &bytes))) return percent_failed(r, st, val);
    } else {
        int u = 0;
        double scaled = x / 1024;
        while (u < 4 && scaled >= 1024) {
            scaled /= 1024;
            u++;
        }
        /* round(value, 1), then number_format(..., 1) of its str(). */
        snprintf(tmp, sizeof tmp, "%.1f", scaled);
        double rounded = strtod(tmp, NULL);
        buf num;
        wr_buf(r, &num);
        wv_print_float(&num, rounded);
        if (num.oom) return wr_oom(r);
        if (memchr(num.data, 'e', num.len)) {
            wpy_dec d;
            if (wpy_dec_parse(ar, num.data, num.len, &d) < 0) return wr_oom(r);
            num.len = 0;
            wpy_dec_put_plain(&num, &d);
        }
        wpy_numfmt fmt;
        fmt = *wr_numfmt(r);
        buf formatted;
        wr_buf(r, &formatted);
        wpy_number_format(&formatted, num.data, num.len, 1, &fmt, thousands(r));
        if (formatted.oom) return wr_oom(r);
        size_t len;
        const char *msg = wd_gettext(r, units[u], &len);
        weft_value number = wv_str(formatted.data, formatted.len, false);
        if ((st = wpy_percent_format(ar, &text, msg, len, &number))) return percent_failed(r, st, val);
    }
    if (negative) buf_putc(&out, '-');
    put_nowrap(&out, text.data ? text.data : "", text.len);
    return wr_buf_value(r, &out, false, val);
}

static int f_pluralize(wr *r, weft_value *val, const weft_value *arg)
{
    weft_value a = wv_str("s", 1, false);
    if (arg && wr_str(r, arg, &a)) return -1;
    const char *s = a.u.s;
    size_t len = a.len;
    const char *comma = memchr(s, ',', len);
    weft_value singular = wv_str("", 0, false), plural;
    if (!comma) {
        plural = wv_str(s, len, false);
    } else {
        size_t first = (size_t)(comma - s);
        if (memchr(comma + 1, ',', len - first - 1)) return empty(val);
        singular = wv_str(s, first, false);
        plural = wv_str(comma + 1, len - first - 1, false);
    }
    double x;
    wpy_status st = wpy_float(wr_arena(r), val, &x);
    if (st == WPY_NO_MEMORY) return wr_oom(r);
    if (st == WPY_OK) {
        *val = x == 1 ? singular : plural;
        return 0;
    }
    if (st == WPY_VALUE_ERROR) return empty(val);
    /* Not a number: maybe a sized container. */
    size_t n;
    switch (val->kind) {
    case WEFT_LIST:
    case WEFT_TUPLE: n = val->u.list->len; break;
    case WEFT_DICT: n = val->u.dict->len; break;
    case WEFT_HOST:
        if (!val->u.host.ops->length || val->u.host.ops->length(val->u.host.obj, &n) != WEFT_OK)
            return empty(val);
        break;
    default: return empty(val);
    }
    *val = n == 1 ? singular : plural;
    return 0;
}

const wf_def wd_filters_numbers[] = {
    {"add", f_add, WF_ARG_REQUIRED, 0},
    {"divisibleby", f_divisibleby, WF_ARG_REQUIRED, 0},
    {"filesizeformat", f_filesizeformat, WF_ARG_NONE, WF_IS_SAFE},
    {"floatformat", f_floatformat, WF_ARG_OPTIONAL, WF_IS_SAFE},
    {"get_digit", f_get_digit, WF_ARG_REQUIRED, 0},
    {"stringformat", f_stringformat, WF_ARG_REQUIRED, WF_IS_SAFE},
    {"pluralize", f_pluralize, WF_ARG_OPTIONAL, 0},
    {NULL, NULL, 0, 0},
};
