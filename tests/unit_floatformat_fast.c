/* The fast paths of floatformat (src/django/filters_numbers.c) and of the
 * float repr they share with str() (wpy_float_repr_fixed, src/value/print.c):
 * - examples with Django 5.2's output (Python 3, Decimal(repr(x)) rounded
 *   half up, then number_format);
 * - repr of many doubles against an independent repr written here with
 *   printf's exact digits;
 * - a differential check: every value and argument through the fast path
 *   and through the general (Decimal) path, which an argument with a
 *   leading space forces (int(" 2") is 2, but the fast path reads only
 *   plain digits). Fixed seed, so the run is the same every time. */
#include <stdlib.h>

#include "filter_harness.h"

static const wf_def *const families[] = {wd_filters_numbers, NULL};

/* ---- examples ----------------------------------------------------------- */

static void examples(void)
{
    const row rows[] = {
        /* the benchmark's case: rounding on repr's digits, not the binary value */
        {"floatformat", F(1316.635), I(2), true, "en", "1316.64"},
        {"floatformat", F(2162.398), I(2), true, "en", "2162.40"},
        {"floatformat", F(1.005), I(2), true, "en", "1.01"},
        {"floatformat", F(2162.398), S("2"), true, "de", "2162,40"},
        {"floatformat", F(2162.398), NOARG, "de", "2162,4"},
        /* carries through nines, signs, zeros */
        {"floatformat", F(9.995), I(2), true, "en", "10.00"},
        {"floatformat", F(-9.995), I(2), true, "en", "-10.00"},
        {"floatformat", F(99.95), I(1), true, "en", "100.0"},
        {"floatformat", F(-0.001), I(2), true, "en", "0.00"},
        {"floatformat", F(-0.0), I(2), true, "en", "0.00"},
        {"floatformat", F(-0.0), NOARG, "en", "0"},
        {"floatformat", F(2.5), I(0), true, "en", "3"},
        {"floatformat", F(-2.5), I(0), true, "en", "-3"},
        {"floatformat", F(0.5), I(0), true, "en", "1"},
        {"floatformat", F(0.05), I(1), true, "en", "0.1"},
        {"floatformat", F(0.0001), I(3), true, "en", "0.000"},
        {"floatformat", F(5e-05), I(4), true, "en", "0.0001"},
        {"floatformat", F(1e-05), I(3), true, "en", "0.000"},
        /* negative precision: integral values lose their decimals */
        {"floatformat", F(34.0), I(-3), true, "en", "34"},
        {"floatformat", F(34.23234), I(-3), true, "en", "34.232"},
        {"floatformat", I(7), I(2), true, "en", "7.00"},
        {"floatformat", I(7), S("-2"), true, "en", "7"},
        /* long reprs and exponent forms */
        {"floatformat", F(0.30000000000000004), I(16), true, "en", "0.3000000000000000"},
        {"floatformat", F(1e16), I(2), true, "en", "10000000000000000.00"},
        /* suffixes: g groups in the language's way, u keeps Django's defaults */
        {"floatformat", F(1234567.891), S("2g"), true, "de", "1.234.567,89"},
        {"floatformat", F(1234567.891), S("2g"), true, "fr", "1\xe2\x80\xaf" "234\xe2\x80\xaf" "567,89"},
        {"floatformat", F(1234567.891), S("2gu"), true, "de", "1234567.89"},
        {"floatformat", F(1234567.891), S("2ug"), true, "de", "1234567.89"},
        {"floatformat", F(1234567.891), S("2u"), true, "de", "1234567.89"},
        {"floatformat", F(1234567.891), S("g"), true, "en", "1,234,567.9"},
        {"floatformat", F(-1234567.0), S("-2g"), true, "en", "-1,234,567"},
        {"floatformat", I(123456789012345678LL), S("2g"), true, "en", "123,456,789,012,345,678.00"},
        {"floatformat", I(INT64_MIN), S("3g"), true, "en", "-9,223,372,036,854,775,808.000"},
        /* plain strings and Decimals */
        {"floatformat", S("1316.635"), I(2), true, "en", "1316.64"},
        {"floatformat", S("-0.000"), S("2"), true, "en", "0.00"},
        {"floatformat", S("007.50"), I(1), true, "de", "7,5"},
        {"floatformat", S("12345678901234567890.5"), I(0), true, "en", "12345678901234567891"},
        {"floatformat", D("0.1234567890123456789"), I(18), true, "en", "0.123456789012345679"},
        /* Decimal() reads the digits of any script (the general path) */
        {"floatformat", S("\xd9\xa1\xd9\xa2"), I(2), true, "en", "12.00"},
        {"floatformat", S("\xd9\xa1\xd9\xa2.\xd9\xa5"), NOARG, "de", "12,5"},
        {"floatformat", S("-\xd9\xa1_\xd9\xa2"), I(1), true, "en", "-12.0"},
        {"floatformat", S("\xd9\xa1" "e\xd9\xa1"), I(0), true, "en", "10"},
        /* an argument the fast path leaves alone */
        {"floatformat", F(1.25), S(" 1"), true, "en", "1.3"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        check_case(families, rows[i].name, rows[i].value, rows[i].arg, rows[i].has_arg, true,
                   rows[i].lang, rows[i].expect, 1);
    /* Django's early returns give str, not SafeString. */
    const row unsafe_rows[] = {
        {"floatformat", S("-"), I(2), true, "en", ""},
        {"floatformat", LS(1, I(1)), I(2), true, "en", ""},
        {"floatformat", F(1.5), S("x"), true, "en", "1.5"},
        {"floatformat", F(1.5), S("-g"), true, "en", "1.5"},
    };
    for (size_t i = 0; i < sizeof unsafe_rows / sizeof unsafe_rows[0]; i++)
        check_case(families, unsafe_rows[i].name, unsafe_rows[i].value, unsafe_rows[i].arg,
                   unsafe_rows[i].has_arg, true, unsafe_rows[i].lang, unsafe_rows[i].expect, 0);
}

/* ---- a deterministic generator -------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
    /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dULL;
}

static unsigned below(unsigned n) { return (unsigned)(rnd() % n); }

/* Appends count random digits; nines and fives come often, so that ties
 * and carries are frequent. */
static size_t put_random_digits(char *s, size_t count)
{
    static const char pool[] = "0123456789999555000";
    for (size_t i = 0; i < count; i++) s[i] = pool[below(sizeof pool - 1)];
    return count;
}

/* "[-]digits[.digits]" with int_len and frac_len digits. */
static size_t random_decimal_text(char *s, size_t int_len, size_t frac_len, bool neg)
{
    size_t n = 0;
    if (neg) s[n++] = '-';
    n += put_random_digits(s + n, int_len);
    if (frac_len) {
        s[n++] = '.';
        n += put_random_digits(s + n, frac_len);
    }
    s[n] = 0;
    return n;
}

/* ---- repr against printf's digits -------------------------------------------- */

/* Python's repr(d): the shortest digits that read back (printf rounds
 * correctly, so the first precision that reads back gives them), fixed
 * notation for exponents -4 to 15. */
static void python_repr(double d, char *out)
{
    if (isnan(d)) {
        strcpy(out, "nan");
        return;
    }
    if (isinf(d)) {
        strcpy(out, d < 0 ? "-inf" : "inf");
        return;
    }
    char text[48];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(text, sizeof text, "%.*e", prec - 1, d);
        if (strtod(text, NULL) == d) break;
    }
    const char *p = text;
    char *o = out;
    if (*p == '-') *o++ = *p++;
    char digits[24];
    int nd = 0;
    for (; *p != 'e'; p++)
        if (*p != '.') digits[nd++] = *p;
    int exp10 = atoi(p + 1);
    while (nd > 1 && digits[nd - 1] == '0') nd--;
    int point = exp10 + 1;
    if (exp10 >= -4 && exp10 < 16) {
        if (point <= 0) {
            o += sprintf(o, "0.");
            for (int i = 0; i < -point; i++) *o++ = '0';
            memcpy(o, digits, (size_t)nd);
            o += nd;
        } else if (point >= nd) {
            memcpy(o, digits, (size_t)nd);
            o += nd;
            for (int i = nd; i < point; i++) *o++ = '0';
            o += sprintf(o, ".0");
        } else {
            memcpy(o, digits, (size_t)point);
            o += point;
            *o++ = '.';
            memcpy(o, digits + point, (size_t)(nd - point));
            o += nd - point;
        }
    } else {
        *o++ = digits[0];
        if (nd > 1) {
            *o++ = '.';
            memcpy(o, digits + 1, (size_t)(nd - 1));
            o += nd - 1;
        }
        o += sprintf(o, "e%c%02d", exp10 < 0 ? '-' : '+', abs(exp10));
    }
    *o = 0;
}

static double random_double(void)
{
    char text[64];
    double d;
    switch (below(6)) {
    case 0: /* a short decimal: prices, measures */
    case 1:
        random_decimal_text(text, 1 + below(12), below(9), below(2));
        return strtod(text, NULL);
    case 2: { /* any bit pattern */
        uint64_t bits = rnd();
        memcpy(&d, &bits, sizeof d);
        return d;
    }
    case 3: /* long reprs */
        return ldexp((double)(rnd() >> 11), -(int)below(80)) * (below(2) ? -1 : 1);
    case 4: { /* around the edges of fixed notation and of the fast search */
        static const double edges[] = {1e-4, 1e-5, 1e15, 1e16, 1e7, 1e8, 1e14, 0.0, 1.0};
        d = edges[below(sizeof edges / sizeof edges[0])];
        int steps = (int)below(5) - 2;
        for (; steps > 0; steps--) d = nextafter(d, INFINITY);
        for (; steps < 0; steps++) d = nextafter(d, -INFINITY);
        return below(2) ? -d : d;
    }
    default: { /* k digits scaled by a power of ten, up to 17 digits */
        random_decimal_text(text, 1 + below(17), 0, below(2));
        char scaled[80];
        snprintf(scaled, sizeof scaled, "%se%d", text, (int)below(40) - 25);
        return strtod(scaled, NULL);
    }
    }
}

static void repr_matches_python(int count)
{
    int bad = 0;
    for (int i = 0; i < count; i++) {
        double d = random_double();
        char expect[64];
        python_repr(d, expect);
        buf b;
        buf_init(&b, &A);
        wv_print_float(&b, d);
        bool same = b.len == strlen(expect) && !memcmp(b.data, expect, b.len);
        if (!same && bad++ < 10)
            printf("FAIL repr(%a): expected %s, got %.*s\n", d, expect, (int)b.len, b.data);
        if (same) passed++;
        else failed++;
        arena_reset(&A);
    }
}

/* ---- fast path against the general path ---------------------------------------- */

/* A value floatformat sees: mostly what the fast path takes, some that it
 * leaves to the general path. text holds string contents. */
static weft_value random_value(char *text)
{
    switch (below(8)) {
    case 0:
    case 1:
    case 2: return F(random_double());
    case 3: {
        static const int64_t edges[] = {0, 1, -1, INT64_MAX, INT64_MIN, 999, -1000};
        if (below(4) == 0) return I(edges[below(sizeof edges / sizeof edges[0])]);
        int bits = 1 + (int)below(63);
        return I((int64_t)(rnd() >> (64 - bits)) * (below(2) ? -1 : 1));
    }
    case 4:
    case 5: { /* plain decimal text up to and beyond 19 digits */
        size_t int_len = below(4) ? 1 + below(8) : 1 + below(22);
        size_t frac_len = below(4) ? below(6) : below(23);
        size_t n = random_decimal_text(text, int_len, frac_len, below(3) == 0);
        return below(4) ? wv_str(text, n, below(2)) : D(text);
    }
    case 6: { /* text the fast path leaves alone */
        static const char *const odd[] = {" 1.5", "+2.25", "1e3", "1_000.5", ".5", "5.", "", "-",
                                          "abc", "\xd9\xa1\xd9\xa2", "NaN", "-inf", "1.5 ", "--1",
                                          "1..2", "0x10", "1E-3", "-.5"};
        strcpy(text, odd[below(sizeof odd / sizeof odd[0])]);
        return S(text);
    }
    default: {
        static const double specials[] = {0.0, -0.0, 0.5, -0.5, 9.995, 0.995, 999999.9995, 1e-7};
        double d = specials[below(sizeof specials / sizeof specials[0])];
        return F(d);
    }
    }
}

/* An argument and the same argument spelled so that only the general path
 * reads it (a leading space). has_arg false: none. */
static void random_args(weft_value *fast, weft_value *general, bool *has_arg, char *fast_text,
                        char *general_text)
{
    static const char *const suffixes[] = {"", "", "", "g", "u", "gu", "ug"};
    *has_arg = below(8) != 0;
    int p = (int)below(50) - 8;
    if (!*has_arg) {
        strcpy(general_text, " -1");
        *general = S(general_text);
        return;
    }
    if (below(3) == 0) {
        *fast = I(p);
        sprintf(general_text, " %d", p);
        *general = S(general_text);
        return;
    }
    const char *suffix = suffixes[below(sizeof suffixes / sizeof suffixes[0])];
    if (*suffix && below(6) == 0) sprintf(fast_text, "%s", suffix); /* "g": -1 */
    else sprintf(fast_text, "%d%s", p, suffix);
    *fast = S(fast_text);
    sprintf(general_text, " %s", fast_text);
    if (!strcmp(fast_text, suffix)) sprintf(general_text, " -1%s", suffix);
    *general = S(general_text);
}

static void fast_matches_general(int count)
{
    static const char *const languages[] = {"en", "de", "fr", "zh-hans", "pt-br", "ru", "ja", "ar", "de-ch", "hi"};
    int bad = 0;
    for (int i = 0; i < count; i++) {
        char text[80], fast_text[16], general_text[16];
        weft_value v = random_value(text);
        weft_value fast_arg = N(), general_arg;
        bool has_arg;
        random_args(&fast_arg, &general_arg, &has_arg, fast_text, general_text);
        const char *lang = languages[below(sizeof languages / sizeof languages[0])];
        weft_value fast_out, general_out;
        weft_error e1, e2;
        int rc1 = run_filter(families, "floatformat", v, has_arg ? &fast_arg : NULL, true, lang,
                             &fast_out, &e1);
        int rc2 = run_filter(families, "floatformat", v, &general_arg, true, lang, &general_out, &e2);
        char in[128], a[256], b[256];
        show(in, sizeof in, &v);
        a[0] = b[0] = 0;
        if (rc1 == 0) show(a, sizeof a, &fast_out);
        if (rc2 == 0) show(b, sizeof b, &general_out);
        bool same = rc1 == rc2 && !strcmp(a, b) &&
                    (rc1 != 0 || wv_is_safe(&fast_out) == wv_is_safe(&general_out));
        if (same) {
            passed++;
        } else {
            failed++;
            if (bad++ < 10)
                printf("FAIL floatformat(%s%s, %s) [%s]: fast %s (rc %d), general %s (rc %d)\n",
                       v.kind == WEFT_STRING ? "str " : v.kind == WEFT_DECIMAL ? "Decimal " : "", in,
                       has_arg ? (fast_arg.kind == WEFT_INT ? general_text + 1 : fast_text) : "none",
                       lang, a, rc1, b, rc2);
        }
        arena_reset(&A);
    }
}

int main(void)
{
    arena_init(&A);
    examples();
    repr_matches_python(30000);
    fast_matches_general(60000);
    arena_free(&A);
    return check_report();
}
