/* Python's number semantics for Django's numeric filters (see pyformat.h).
 *
 * Django's per-language number formats and django.utils.numberformat.
 * The table holds DECIMAL_SEPARATOR, THOUSAND_SEPARATOR and NUMBER_GROUPING
 * of django/conf/locale/<locale>/formats.py; NULL or -1 where a module does
 * not set one, so that the lookup falls through to the base language and
 * then to Django's global settings, as get_format does. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "pyformat.h"

typedef struct numfmt_entry {
    const char *locale;
    const char *decimal_sep;
    const char *thousand_sep;
    int grouping;
} numfmt_entry;

static const numfmt_entry numfmt_table[] = {
    {"ar", ",", ".", -1},
    {"ar_DZ", ",", ".", 3},
    {"az", ",", "\xc2\xa0", 3},
    {"bg", ",", "\xc2\xa0", -1},
    {"bn", ".", ",", -1},
    {"bs", ",", ".", -1},
    {"ca", ",", ".", 3},
    {"cs", ",", "\xc2\xa0", 3},
    {"cy", ".", ",", 3},
    {"da", ",", ".", 3},
    {"de", ",", ".", 3},
    {"de_CH", ",", "\xc2\xa0", 3},
    {"el", ",", ".", 3},
    {"en", ".", ",", 3},
    {"en_AU", ".", ",", 3},
    {"en_GB", ".", ",", 3},
    {"en_IE", ".", ",", 3},
    {"eo", ",", "\xc2\xa0", 3},
    {"es", ",", ".", 3},
    {"es_AR", ",", ".", 3},
    {"es_CO", ",", ".", 3},
    {"es_MX", ".", ",", 3},
    {"es_NI", ".", ",", 3},
    {"es_PR", ".", ",", 3},
    {"et", ",", "\xc2\xa0", -1},
    {"eu", ",", ".", 3},
    {"fa", ".", ",", -1},
    {"fi", ",", "\xc2\xa0", 3},
    {"fr", ",", "\xe2\x80\xaf", 3},
    {"ga", ".", ",", -1},
    {"gd", ".", ",", -1},
    {"gl", ",", ".", -1},
    {"he", ".", ",", -1},
    {"hi", ".", ",", -1},
    {"hr", ",", ".", 3},
    {"hu", ",", "\xc2\xa0", 3},
    {"id", ",", ".", 3},
    {"ig", ".", ",", 3},
    {"is", ",", ".", 3},
    {"it", ",", ".", 3},
    {"ja", ".", ",", -1},
    {"ka", ".", " ", 3},
    {"km", ",", ".", -1},
    {"ko", ".", ",", 3},
    {"ky", ".", "\xc2\xa0", 3},
    {"lt", ",", ".", 3},
    {"lv", ",", "\xc2\xa0", 3},
    {"mk", ",", ".", 3},
    {"ml", ".", ",", 3},
    {"ms", ".", ",", 3},
    {"nb", ",", "\xc2\xa0", 3},
    {"nl", ",", ".", 3},
    {"nn", ",", "\xc2\xa0", 3},
    {"pl", ",", "\xc2\xa0", 3},
    {"pt", ",", ".", 3},
    {"pt_BR", ",", ".", 3},
    {"ro", ",", ".", 3},
    {"ru", ",", "\xc2\xa0", 3},
    {"sk", ",", "\xc2\xa0", 3},
    {"sl", ",", ".", 3},
    {"sq", ",", ".", -1},
    {"sr", ",", ".", 3},
    {"sr_Latn", ",", ".", 3},
    {"sv", ",", "\xc2\xa0", 3},
    {"tg", ",", "\xc2\xa0", 3},
    {"th", ".", ",", 3},
    {"tk", ",", "\xc2\xa0", 3},
    {"tr", ",", ".", 3},
    {"uk", ",", "\xc2\xa0", 3},
    {"uz", ",", "\xc2\xa0", 3},
    {"vi", ",", ".", -1},
    {"zh_Hans", ".", "", 4},
    {"zh_Hant", ".", "", 4},
};

/* Compares a language code with a locale name, ignoring case and treating
 * '-' and '_' alike ("pt-br" names the locale "pt_BR"). */
static bool same_locale(const char *a, size_t alen, const char *locale)
{
    size_t i = 0;
    for (; i < alen && locale[i]; i++) {
        char x = a[i], y = locale[i];
        if (x == '-') x = '_';
        if (x >= 'A' && x <= 'Z') x = (char)(x + 32);
        if (y >= 'A' && y <= 'Z') y = (char)(y + 32);
        if (x != y) return false;
    }
    return i == alen && !locale[i];
}

static const numfmt_entry *find_locale(const char *code, size_t len)
{
    for (size_t i = 0; i < sizeof numfmt_table / sizeof numfmt_table[0]; i++)
        if (same_locale(code, len, numfmt_table[i].locale)) return &numfmt_table[i];
    return NULL;
}

void wi_number_formats(const char *language, wpy_numfmt *out)
{
    out->decimal_sep = NULL;
    out->thousand_sep = NULL;
    out->grouping = -1;
    if (!language) language = "";
    size_t len = strlen(language);
    size_t base_len = strcspn(language, "-_");
    const numfmt_entry *tries[2] = {find_locale(language, len),
                                    base_len < len ? find_locale(language, base_len) : NULL};
    for (int t = 0; t < 2; t++) {
        const numfmt_entry *e = tries[t];
        if (!e) continue;
        if (!out->decimal_sep) out->decimal_sep = e->decimal_sep;
        if (!out->thousand_sep) out->thousand_sep = e->thousand_sep;
        if (out->grouping < 0) out->grouping = e->grouping;
    }
    /* django/conf/global_settings.py */
    if (!out->decimal_sep) out->decimal_sep = ".";
    if (!out->thousand_sep) out->thousand_sep = ",";
    if (out->grouping < 0) out->grouping = 0;
}

const char *wi_decimal_separator(const char *language)
{
    wpy_numfmt f;
    wi_number_formats(language, &f);
    return f.decimal_sep;
}

void wpy_number_format(buf *out, const char *num, size_t len, int decimal_pos,
                       const wpy_numfmt *fmt, bool grouping)
{
    if (len && num[0] == '-') {
        buf_putc(out, '-');
        num++;
        len--;
    }
    const char *dot = memchr(num, '.', len);
    size_t int_len = dot ? (size_t)(dot - num) : len;
    const char *dec = dot ? dot + 1 : "";
    size_t dec_len = dot ? len - int_len - 1 : 0;
    if (decimal_pos >= 0 && dec_len > (size_t)decimal_pos) dec_len = (size_t)decimal_pos;

    if (grouping && fmt->grouping > 0) {
        size_t g = (size_t)fmt->grouping;
        for (size_t i = 0; i < int_len; i++) {
            size_t left = int_len - i; /* digits from here to the end */
            if (i && left % g == 0) buf_puts(out, fmt->thousand_sep);
            buf_putc(out, num[i]);
        }
    } else {
        buf_put(out, num, int_len);
    }
    size_t pad = decimal_pos > 0 && (size_t)decimal_pos > dec_len ? (size_t)decimal_pos - dec_len : 0;
    if (dec_len + pad) {
        buf_puts(out, fmt->decimal_sep);
        buf_put(out, dec, dec_len);
        for (size_t i = 0; i < pad; i++) buf_putc(out, '0');
    }
}

/* ---- Decimal ------------------------------------------------------------ */

/* Python's str.strip() whitespace, for the ASCII and Latin-1 range and the
 * common Unicode spaces. Returns the byte length of the space at s, or 0. */
static size_t space_at(const char *s, size_t len)
{
    unsigned char c = (unsigned char)s[0];
    if ((c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20)) return 1;
    if (len >= 2 && c == 0xC2 && ((unsigned char)s[1] == 0x85 || (unsigned char)s[1] == 0xA0))
        return 2;
    if (len >= 3 && c == 0xE2 && (unsigned char)s[1] == 0x80) {
        unsigned char d = (unsigned char)s[2];
        if (d <= 0x8A || d == 0xA8 || d == 0xA9 || d == 0xAF) return 3;
    }
    if (len >= 3 && c == 0xE2 && (unsigned char)s[1] == 0x81 && (unsigned char)s[2] == 0x9F)
        return 3;
    if (len >= 3 && c == 0xE3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80)
        return 3;
    if (len >= 3 && c == 0xE1 && (unsigned char)s[1] == 0x9A && (unsigned char)s[2] == 0x80)
        return 3;
    return 0;
}

static size_t space_before(const char *s, size_t len)
{
    for (size_t n = 1; n <= 3 && n <= len; n++)
        if (space_at(s + len - n, n) == n) return n;
    return 0;
}

static void strip_spaces(const char **s, size_t *len)
{
    size_t n;
    while (*len && (n = space_at(*s, *len)) > 0) {
        *s += n;
        *len -= n;
    }
    while (*len && (n = space_before(*s, *len)) > 0) *len -= n;
}

static bool ieq(const char *s, size_t len, const char *word)
{
    size_t n = strlen(word);
    if (len != n) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c != word[i]) return false;
    }
    return true;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Builds d from a digit string (leading zeros allowed), copying it. */
static int set_digits(arena *a, wpy_dec *d, const char *digits, size_t n)
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

static int digit_at(const char *s, size_t len, size_t *width);

int wpy_dec_parse(arena *a, const char *s, size_t len, wpy_dec *out)
{
    memset(out, 0, sizeof *out);
    strip_spaces(&s, &len);
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
        if ((unsigned char)s[i] >= 0x80 && (digit = digit_at(s + i, len - i, &width)) >= 0) {
            clean[n++] = (char)('0' + digit);
            i += width - 1;
            continue;
        }
        clean[n++] = s[i];
    }
    const char *p = clean, *end = clean + n;
    if (p < end && (*p == '+' || *p == '-')) out->neg = *p++ == '-';
    size_t rest = (size_t)(end - p);
    if (ieq(p, rest, "inf") || ieq(p, rest, "infinity")) {
        out->special = WPY_INF;
        return 1;
    }
    bool snan = rest >= 4 && ieq(p, 4, "snan");
    if (snan || (rest >= 3 && ieq(p, 3, "nan"))) {
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
    return set_digits(a, out, digits, nd);
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

bool wpy_float_repr_fixed(double d, uint64_t *digits, int *scale)
{
    static const double pow10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
    double mag = fabs(d);
    if (mag == 0) {
        *digits = 0;
        *scale = 0;
        return true;
    }
    if (!(mag >= 1e-4 && mag < 1e15)) return false;
    /* If N / 10^k reads back as d for the smallest such k, then N's digits
     * are repr's: no two decimals of at most 15 significant digits read
     * back as the same double, so the shortest round trip is that one.
     * Division of exact integers is correctly rounded: the test is exact.
     * One test suffices, at the largest k that keeps N below 10^15: when
     * N0 / 10^k0 reads back as d, d * 10^k is within 1/4 of N0 * 10^(k-k0)
     * (d is within half an ulp, the product rounds by half an ulp, and
     * ulps are at most 1/8 below 2^50), so rounding finds that multiple. */
    int k = 8;
    while (mag * pow10[k] >= 1e15) k--;
    double t = mag * pow10[k];
    /* t + 0.5 is exact below 2^50: rounds without a libm call. */
    uint64_t n = (uint64_t)(t + 0.5);
    if ((double)n / pow10[k] != mag) return false;
    *digits = n;
    *scale = k;
    return true;
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
    return set_digits(a, out, d->digits, d->ndigits - drop);
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
    return set_digits(a, out, digits, keep + 1);
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

/* ---- int() and float() --------------------------------------------------- */

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
    return set_digits(a, out, p, (size_t)(tmp + sizeof tmp - p)) < 0 ? WPY_NO_MEMORY : WPY_OK;
}

/* The decimal digit (Unicode category Nd, as Python's int() and float()
 * accept: "\u0661\u0662" is 12) at s: its value, or -1; *width gets its
 * byte length. Nd digits come in runs of ten starting at zero, so the value
 * is the distance from the run's start. */
static int digit_at(const char *s, size_t len, size_t *width)
{
    *width = 1;
    if (is_digit(s[0])) return s[0] - '0';
    if ((unsigned char)s[0] < 0x80) return -1;
    utf8proc_int32_t c;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &c);
    if (n <= 0 || utf8proc_category(c) != UTF8PROC_CATEGORY_ND) return -1;
    *width = (size_t)n;
    utf8proc_int32_t start = c;
    while (start > 0 && utf8proc_category(start - 1) == UTF8PROC_CATEGORY_ND) start--;
    return (int)((c - start) % 10);
}

/* Python's digitpart: digits with single underscores between them. Returns
 * the length consumed (0 when there is none) and appends the digits, in
 * ASCII (never longer than what they were read from). */
static size_t digit_part(const char *s, size_t len, char *digits, size_t *nd)
{
    size_t i = 0, w;
    int d;
    if (!len || digit_at(s, len, &w) < 0) return 0;
    while (i < len) {
        if ((d = digit_at(s + i, len - i, &w)) >= 0) {
            digits[(*nd)++] = (char)('0' + d);
            i += w;
        } else if (s[i] == '_' && i + 1 < len && digit_at(s + i + 1, len - i - 1, &w) >= 0) {
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
    strip_spaces(&s, &len);
    size_t i = 0;
    if (i < len && (s[i] == '+' || s[i] == '-')) out->neg = s[i++] == '-';
    char *digits = arena_alloc(a, len + 1);
    if (!digits) return WPY_NO_MEMORY;
    size_t nd = 0;
    size_t used = digit_part(s + i, len - i, digits, &nd);
    if (!used || i + used != len) return WPY_VALUE_ERROR;
    return set_digits(a, out, digits, nd) < 0 ? WPY_NO_MEMORY : WPY_OK;
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
    return set_digits(a, out, tmp, (size_t)n) < 0 ? WPY_NO_MEMORY : WPY_OK;
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
    strip_spaces(&s, &len);
    char *clean = arena_alloc(a, len + 2);
    if (!clean) return WPY_NO_MEMORY;
    size_t n = 0, i = 0;
    bool neg = false;
    if (i < len && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    if (ieq(s + i, len - i, "inf") || ieq(s + i, len - i, "infinity")) {
        *out = neg ? -INFINITY : INFINITY;
        return WPY_OK;
    }
    if (ieq(s + i, len - i, "nan")) {
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

/* ---- printf-style formatting --------------------------------------------- */

enum { F_LJUST = 1, F_SIGN = 2, F_BLANK = 4, F_ALT = 8, F_ZERO = 16 };

typedef struct fmt_spec {
    int flags;
    int64_t width; /* -1: none */
    int64_t prec;  /* -1: none */
    char conv;
} fmt_spec;

typedef struct fmt_args {
    const weft_value *args;
    int64_t argidx, arglen; /* Python's bookkeeping: a lone argument has -2, -1 */
    bool mapping;
} fmt_args;

/* Widths and precisions beyond this are Python's MemoryError in effect. */
#define FMT_MAX_PAD ((int64_t)1 << 26)

static const weft_value *next_arg(fmt_args *fa)
{
    if (fa->argidx >= fa->arglen) return NULL;
    int64_t i = fa->argidx++;
    if (fa->arglen < 0) return fa->args;
    return &fa->args->u.list->items[i];
}

static size_t count_cps(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) n++;
    return n;
}

/* Byte length of the first n code points of s. */
static size_t cps_prefix(const char *s, size_t len, int64_t n)
{
    size_t i = 0;
    for (; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && n-- == 0) break;
    return i;
}

static void put_fill(buf *out, char c, int64_t n)
{
    for (int64_t i = 0; i < n; i++) buf_putc(out, c);
}

/* Writes a number as Python pads it: the sign and prefix, then zeros when
 * the '0' flag asks for them, or spaces on the left or right. */
static void put_number(buf *out, const fmt_spec *sp, const char *sign, const char *prefix,
                       const char *body, size_t body_len)
{
    int64_t len = (int64_t)(strlen(sign) + strlen(prefix) + body_len);
    int64_t pad = sp->width > len ? sp->width - len : 0;
    if (!(sp->flags & F_LJUST) && !(sp->flags & F_ZERO)) put_fill(out, ' ', pad);
    buf_puts(out, sign);
    buf_puts(out, prefix);
    if (!(sp->flags & F_LJUST) && (sp->flags & F_ZERO)) put_fill(out, '0', pad);
    buf_put(out, body, body_len);
    if (sp->flags & F_LJUST) put_fill(out, ' ', pad);
}

static void put_text(buf *out, const fmt_spec *sp, const char *s, size_t len)
{
    if (sp->prec >= 0) len = cps_prefix(s, len, sp->prec);
    int64_t n = (int64_t)count_cps(s, len);
    int64_t pad = sp->width > n ? sp->width - n : 0;
    if (!(sp->flags & F_LJUST)) put_fill(out, ' ', pad);
    buf_put(out, s, len);
    if (sp->flags & F_LJUST) put_fill(out, ' ', pad);
}

static const char *sign_of(bool neg, const fmt_spec *sp)
{
    if (neg) return "-";
    if (sp->flags & F_SIGN) return "+";
    if (sp->flags & F_BLANK) return " ";
    return "";
}

/* repr() with non-ASCII characters escaped: Python's ascii(). */
static void put_ascii(buf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0) {
            cp = (unsigned char)s[i];
            n = 1;
        }
        if (cp < 0x80) buf_putc(out, (char)cp);
        else if (cp < 0x100) buf_printf(out, "\\x%02x", (unsigned)cp);
        else if (cp < 0x10000) buf_printf(out, "\\u%04x", (unsigned)cp);
        else buf_printf(out, "\\U%08x", (unsigned)cp);
        i += (size_t)n;
    }
}

static wpy_status format_text(arena *a, buf *out, const fmt_spec *sp, const weft_value *v)
{
    buf tmp;
    buf_init(&tmp, a);
    if (sp->conv == 's') {
        if (v->kind == WEFT_STRING) {
            put_text(out, sp, v->u.s, v->len);
            return WPY_OK;
        }
        wv_print(&tmp, v, a);
    } else if (sp->conv == 'r') {
        wv_repr(&tmp, v, a);
    } else {
        buf rep;
        buf_init(&rep, a);
        wv_repr(&rep, v, a);
        if (rep.oom) return WPY_NO_MEMORY;
        put_ascii(&tmp, rep.data, rep.len);
    }
    if (tmp.oom) return WPY_NO_MEMORY;
    put_text(out, sp, tmp.len ? tmp.data : "", tmp.len);
    return WPY_OK;
}

static wpy_status format_char(buf *out, const fmt_spec *sp, const weft_value *v)
{
    char enc[4];
    size_t n;
    if (v->kind == WEFT_INT || v->kind == WEFT_BOOL) {
        int64_t c = v->kind == WEFT_BOOL ? v->u.b : v->u.i;
        if (c < 0 || c > 0x10FFFF) return WPY_OVERFLOW_ERROR;
        n = (size_t)utf8proc_encode_char((utf8proc_int32_t)c, (utf8proc_uint8_t *)enc);
        if (!n) { /* a lone surrogate: Python keeps it; we cannot in UTF-8 */
            memcpy(enc, "\xef\xbf\xbd", 3);
            n = 3;
        }
        fmt_spec text = *sp;
        text.prec = -1;
        put_text(out, &text, enc, n);
        return WPY_OK;
    }
    if (v->kind == WEFT_STRING && v->len && count_cps(v->u.s, v->len) == 1) {
        fmt_spec text = *sp;
        text.prec = -1;
        put_text(out, &text, v->u.s, v->len);
        return WPY_OK;
    }
    return WPY_TYPE_ERROR;
}

static wpy_status format_int(arena *a, buf *out, const fmt_spec *sp, const weft_value *v)
{
    char conv = sp->conv;
    bool neg;
    const char *digits;
    size_t nd;
    char tmp[80];
    if (conv == 'd' || conv == 'i' || conv == 'u') {
        if (v->kind != WEFT_INT && v->kind != WEFT_BOOL && v->kind != WEFT_FLOAT &&
            v->kind != WEFT_DECIMAL)
            return WPY_TYPE_ERROR;
        wpy_dec d;
        wpy_status st = wpy_int(a, v, &d);
        if (st) return st;
        neg = d.neg && !wpy_dec_is_zero(&d);
        digits = d.digits;
        nd = d.ndigits;
    } else {
        if (v->kind != WEFT_INT && v->kind != WEFT_BOOL) return WPY_TYPE_ERROR;
        int64_t i = v->kind == WEFT_BOOL ? v->u.b : v->u.i;
        neg = i < 0;
        unsigned long long u = neg ? 0ULL - (unsigned long long)i : (unsigned long long)i;
        int n = snprintf(tmp, sizeof tmp, conv == 'o' ? "%llo" : conv == 'x' ? "%llx" : "%llX", u);
        digits = tmp;
        nd = (size_t)n;
    }
    const char *prefix = "";
    if (sp->flags & F_ALT) prefix = conv == 'o' ? "0o" : conv == 'x' ? "0x" : conv == 'X' ? "0X" : "";
    if (sp->prec > (int64_t)nd) {
        if (sp->prec > FMT_MAX_PAD) return WPY_NO_MEMORY;
        char *padded = arena_alloc(a, (size_t)sp->prec);
        if (!padded) return WPY_NO_MEMORY;
        size_t z = (size_t)sp->prec - nd;
        memset(padded, '0', z);
        memcpy(padded + z, digits, nd);
        digits = padded;
        nd = (size_t)sp->prec;
    }
    put_number(out, sp, sign_of(neg, sp), prefix, digits, nd);
    return WPY_OK;
}

static wpy_status format_float(arena *a, buf *out, const fmt_spec *sp, const weft_value *v)
{
    if (v->kind == WEFT_STRING || v->kind == WEFT_NULL) return WPY_TYPE_ERROR;
    double x;
    wpy_status st = wpy_float(a, v, &x);
    if (st) return st;
    bool upper = sp->conv == 'E' || sp->conv == 'F' || sp->conv == 'G';
    bool neg = signbit(x) && !isnan(x);
    if (isnan(x) || isinf(x)) {
        const char *body = isnan(x) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
        put_number(out, sp, sign_of(neg, sp), "", body, 3);
        return WPY_OK;
    }
    int64_t prec = sp->prec < 0 ? 6 : sp->prec;
    if (prec > FMT_MAX_PAD) return WPY_NO_MEMORY;
    char cfmt[8];
    snprintf(cfmt, sizeof cfmt, "%%%s.*%c", (sp->flags & F_ALT) ? "#" : "", sp->conv);
    int n = snprintf(NULL, 0, cfmt, (int)prec, fabs(x));
    if (n < 0) return WPY_VALUE_ERROR;
    char *body = arena_alloc(a, (size_t)n + 1);
    if (!body) return WPY_NO_MEMORY;
    snprintf(body, (size_t)n + 1, cfmt, (int)prec, fabs(x));
    /* The process locale might write a decimal comma; Python never does. */
    for (int i = 0; i < n; i++)
        if (body[i] == ',') body[i] = '.';
    put_number(out, sp, sign_of(neg, sp), "", body, (size_t)n);
    return WPY_OK;
}

/* A '*' width or precision takes the next argument, which must be an int. */
static wpy_status star_arg(fmt_args *fa, int64_t *out)
{
    const weft_value *v = next_arg(fa);
    if (!v) return WPY_TYPE_ERROR;
    if (v->kind == WEFT_INT) *out = v->u.i;
    else if (v->kind == WEFT_BOOL) *out = v->u.b;
    else return WPY_TYPE_ERROR;
    return WPY_OK;
}

/* Reads a run of digits as a width or precision. */
static wpy_status read_number(const char *f, size_t len, size_t *i, int64_t *out)
{
    int64_t n = 0;
    while (*i < len && is_digit(f[*i])) {
        n = n * 10 + (f[*i] - '0');
        if (n > FMT_MAX_PAD) return WPY_VALUE_ERROR; /* "width too big" */
        (*i)++;
    }
    *out = n;
    return WPY_OK;
}

wpy_status wpy_percent_format(arena *a, buf *out, const char *f, size_t len,
                              const weft_value *value)
{
    fmt_args fa = {value, -2, -1, false};
    if (value->kind == WEFT_TUPLE) {
        fa.argidx = 0;
        fa.arglen = value->u.list->len;
    }
    fa.mapping = value->kind == WEFT_DICT || value->kind == WEFT_LIST;
    size_t i = 0;
    while (i < len) {
        const char *pct = memchr(f + i, '%', len - i);
        size_t lit_end = pct ? (size_t)(pct - f) : len;
        buf_put(out, f + i, lit_end - i);
        if (!pct) break;
        i = lit_end + 1;
        if (i >= len) return WPY_VALUE_ERROR; /* incomplete format */
        if (f[i] == '%') {
            buf_putc(out, '%');
            i++;
            continue;
        }
        const weft_value *arg = NULL;
        if (f[i] == '(') {
            if (!fa.mapping) return WPY_TYPE_ERROR; /* format requires a mapping */
            size_t depth = 1, start = ++i;
            while (i < len && depth) {
                if (f[i] == '(') depth++;
                else if (f[i] == ')') depth--;
                i++;
            }
            if (depth) return WPY_VALUE_ERROR; /* incomplete format key */
            if (value->kind != WEFT_DICT) return WPY_TYPE_ERROR;
            arg = wv_dict_get(value->u.dict, f + start, i - 1 - start);
            if (!arg) return WPY_KEY_ERROR;
            fa.arglen = -1;
            fa.argidx = -2;
        }
        fmt_spec sp = {0, -1, -1, 0};
        for (; i < len; i++) {
            char c = f[i];
            if (c == '-') sp.flags |= F_LJUST;
            else if (c == '+') sp.flags |= F_SIGN;
            else if (c == ' ') sp.flags |= F_BLANK;
            else if (c == '#') sp.flags |= F_ALT;
            else if (c == '0') sp.flags |= F_ZERO;
            else break;
        }
        wpy_status st;
        if (i < len && f[i] == '*') {
            if ((st = star_arg(&fa, &sp.width))) return st;
            if (sp.width < 0) {
                sp.flags |= F_LJUST;
                sp.width = -sp.width;
            }
            if (sp.width > FMT_MAX_PAD) return WPY_NO_MEMORY;
            i++;
        } else if (i < len && is_digit(f[i])) {
            if ((st = read_number(f, len, &i, &sp.width))) return st;
        }
        if (i < len && f[i] == '.') {
            i++;
            if (i < len && f[i] == '*') {
                if ((st = star_arg(&fa, &sp.prec))) return st;
                if (sp.prec < 0) sp.prec = 0;
                if (sp.prec > FMT_MAX_PAD) return WPY_NO_MEMORY;
                i++;
            } else {
                if ((st = read_number(f, len, &i, &sp.prec))) return st;
            }
        }
        while (i < len && (f[i] == 'h' || f[i] == 'l' || f[i] == 'L')) i++;
        if (i >= len) return WPY_VALUE_ERROR; /* incomplete format */
        sp.conv = f[i++];
        if (!sp.conv || !strchr("sradiuoxXeEfFgGc", sp.conv)) return WPY_VALUE_ERROR;
        if (!arg && !(arg = next_arg(&fa))) return WPY_TYPE_ERROR; /* not enough arguments */
        switch (sp.conv) {
        case 's': case 'r': case 'a': st = format_text(a, out, &sp, arg); break;
        case 'c': st = format_char(out, &sp, arg); break;
        case 'd': case 'i': case 'u': case 'o': case 'x': case 'X':
            st = format_int(a, out, &sp, arg);
            break;
        default: st = format_float(a, out, &sp, arg); break;
        }
        if (st) return st;
    }
    if (fa.argidx < fa.arglen && !fa.mapping) return WPY_TYPE_ERROR; /* not all converted */
    return out->oom ? WPY_NO_MEMORY : WPY_OK;
}
