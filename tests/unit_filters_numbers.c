/* Unit tests of the numeric filters (src/django/filters_numbers.c) and of
 * Python's number formatting (src/value/pyformat.c). Expected outputs are
 * Django 5.2's (Python 3) for the same calls. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "render/filter_api.h"
#include "render/state.h"

static int passed, failed;
static arena A;

static __attribute__((unused)) weft_value I(long long i) { return wv_int(i); }
static __attribute__((unused)) weft_value F(double d) { return wv_float(d); }
static __attribute__((unused)) weft_value B(int b) { return wv_bool(b != 0); }
static __attribute__((unused)) weft_value N(void) { return wv_null(); }
static __attribute__((unused)) weft_value S(const char *s) { return wv_str(s, strlen(s), false); }
static __attribute__((unused)) weft_value SAFE(const char *s) { return wv_str(s, strlen(s), true); }
static __attribute__((unused)) weft_value D(const char *s)
{
    weft_value v = {0};
    v.kind = WEFT_DECIMAL;
    v.len = (uint32_t)strlen(s);
    v.u.s = s;
    return v;
}
static weft_value mk_list(bool tuple, int n, ...)
{
    wv_list *l = wv_list_new(&A, (uint32_t)n);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        weft_value item = va_arg(ap, weft_value);
        wv_list_push(&A, l, &item);
    }
    va_end(ap);
    return wv_list_value(l, tuple);
}
static __attribute__((unused)) weft_value mk_dict(int n, ...)
{
    wv_dict *d = wv_dict_new(&A, (uint32_t)n);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        weft_value k = va_arg(ap, weft_value);
        weft_value v = va_arg(ap, weft_value);
        wv_dict_set(&A, d, &k, &v);
    }
    va_end(ap);
    weft_value v = {0};
    v.kind = WEFT_DICT;
    v.u.dict = d;
    return v;
}
#define LS(...) mk_list(false, __VA_ARGS__)
#define TU(...) mk_list(true, __VA_ARGS__)
#define DI(...) mk_dict(__VA_ARGS__)
#define NOARG N(), false
#define ERR NULL

static const wf_def *find(const wf_def *const *families, const char *name)
{
    for (; *families; families++)
        for (const wf_def *d = *families; d->name; d++)
            if (!strcmp(d->name, name)) return d;
    return NULL;
}

/* Runs a filter: 0 with *out set, -1 when it failed the render. */
static int run_filter(const wf_def *const *families, const char *name, weft_value v,
                      const weft_value *arg, bool autoescape, const char *lang, weft_value *out,
                      weft_error *err)
{
    const wf_def *d = find(families, name);
    if (!d) {
        snprintf(err->message, sizeof err->message, "no filter %s", name);
        return -2;
    }
    wr *r = wr_new_standalone(&A);
    r->autoescape = autoescape;
    r->language = lang;
    memset(err, 0, sizeof *err);
    r->err = err;
    *out = v;
    return d->fn(r, out, arg);
}

static void show(char *dst, size_t size, const weft_value *v)
{
    buf b;
    buf_init(&b, &A);
    wv_print(&b, v, &A);
    snprintf(dst, size, "%.*s", (int)b.len, b.data ? b.data : "");
}

/* expect NULL: the filter must fail. safe >= 0 also checks the safe flag. */
static void check_case(const wf_def *const *families, const char *name, weft_value v, weft_value arg,
                       bool has_arg, bool autoescape, const char *lang, const char *expect, int safe)
{
    weft_value out;
    weft_error err;
    char in[200], got[2048];
    show(in, sizeof in, &v);
    int rc = run_filter(families, name, v, has_arg ? &arg : NULL, autoescape, lang, &out, &err);
    if (rc != 0) {
        if (!expect && rc == -1) {
            passed++;
            return;
        }
        printf("FAIL %s(%s) [%s]\n  expected: %s\n  got error: %s\n", name, in, lang,
               expect ? expect : "(error)", err.message);
        failed++;
        return;
    }
    show(got, sizeof got, &out);
    if (!expect || strcmp(got, expect) != 0 || (safe >= 0 && wv_is_safe(&out) != (safe == 1))) {
        printf("FAIL %s(%s) [%s]\n  expected: %s%s\n  got:      %s%s\n", name, in, lang,
               expect ? expect : "(error)", safe == 1 ? " (safe)" : "", got,
               wv_is_safe(&out) ? " (safe)" : "");
        failed++;
        return;
    }
    passed++;
}

typedef struct row {
    const char *name;
    weft_value value;
    weft_value arg;
    bool has_arg;
    const char *lang;
    const char *expect;
} row;

int main(void)
{
    arena_init(&A);
    static const wf_def *const families[] = {weft_filters_numbers, NULL};
    {
        const row rows[] = {
    {"floatformat", F(7.7), NOARG, "en", "7.7"},
    {"floatformat", F(7.7), NOARG, "de", "7,7"},
    {"floatformat", F(7.7), NOARG, "fr", "7,7"},
    {"floatformat", F(7.0), NOARG, "en", "7"},
    {"floatformat", F(7.0), NOARG, "de", "7"},
    {"floatformat", F(7.0), NOARG, "fr", "7"},
    {"floatformat", F(0.7), NOARG, "en", "0.7"},
    {"floatformat", F(0.7), NOARG, "de", "0,7"},
    {"floatformat", F(0.7), NOARG, "fr", "0,7"},
    {"floatformat", F(0.07), NOARG, "en", "0.1"},
    {"floatformat", F(0.07), NOARG, "de", "0,1"},
    {"floatformat", F(0.07), NOARG, "fr", "0,1"},
    {"floatformat", F(0.007), NOARG, "en", "0.0"},
    {"floatformat", F(0.007), NOARG, "de", "0,0"},
    {"floatformat", F(0.007), NOARG, "fr", "0,0"},
    {"floatformat", F(0.0), NOARG, "en", "0"},
    {"floatformat", F(0.0), NOARG, "de", "0"},
    {"floatformat", F(0.0), NOARG, "fr", "0"},
    {"floatformat", F(7.7), I(3LL), true, "en", "7.700"},
    {"floatformat", F(7.7), I(3LL), true, "de", "7,700"},
    {"floatformat", F(7.7), I(3LL), true, "fr", "7,700"},
    {"floatformat", F(6.0), I(3LL), true, "en", "6.000"},
    {"floatformat", F(6.0), I(3LL), true, "de", "6,000"},
    {"floatformat", F(6.0), I(3LL), true, "fr", "6,000"},
    {"floatformat", F(6.2), I(3LL), true, "en", "6.200"},
    {"floatformat", F(6.2), I(3LL), true, "de", "6,200"},
    {"floatformat", F(6.2), I(3LL), true, "fr", "6,200"},
    {"floatformat", F(6.2), I(-3LL), true, "en", "6.200"},
    {"floatformat", F(6.2), I(-3LL), true, "de", "6,200"},
    {"floatformat", F(6.2), I(-3LL), true, "fr", "6,200"},
    {"floatformat", F(13.1031), I(-3LL), true, "en", "13.103"},
    {"floatformat", F(13.1031), I(-3LL), true, "de", "13,103"},
    {"floatformat", F(13.1031), I(-3LL), true, "fr", "13,103"},
    {"floatformat", F(11.1197), I(-2LL), true, "en", "11.12"},
    {"floatformat", F(11.1197), I(-2LL), true, "de", "11,12"},
    {"floatformat", F(11.1197), I(-2LL), true, "fr", "11,12"},
    {"floatformat", F(11.0), I(-2LL), true, "en", "11"},
    {"floatformat", F(11.0), I(-2LL), true, "de", "11"},
    {"floatformat", F(11.0), I(-2LL), true, "fr", "11"},
    {"floatformat", F(11.000001), I(-2LL), true, "en", "11.00"},
    {"floatformat", F(11.000001), I(-2LL), true, "de", "11,00"},
    {"floatformat", F(11.000001), I(-2LL), true, "fr", "11,00"},
    {"floatformat", F(8.2798), I(3LL), true, "en", "8.280"},
    {"floatformat", F(8.2798), I(3LL), true, "de", "8,280"},
    {"floatformat", F(8.2798), I(3LL), true, "fr", "8,280"},
    {"floatformat", F(5555.555), I(2LL), true, "en", "5555.56"},
    {"floatformat", F(5555.555), I(2LL), true, "de", "5555,56"},
    {"floatformat", F(5555.555), I(2LL), true, "fr", "5555,56"},
    {"floatformat", F(1.3), I(2LL), true, "en", "1.30"},
    {"floatformat", F(1.3), I(2LL), true, "de", "1,30"},
    {"floatformat", F(1.3), I(2LL), true, "fr", "1,30"},
    {"floatformat", F(0.12345), I(2LL), true, "en", "0.12"},
    {"floatformat", F(0.12345), I(2LL), true, "de", "0,12"},
    {"floatformat", F(0.12345), I(2LL), true, "fr", "0,12"},
    {"floatformat", D("555.555"), I(2LL), true, "en", "555.56"},
    {"floatformat", D("555.555"), I(2LL), true, "de", "555,56"},
    {"floatformat", D("555.555"), I(2LL), true, "fr", "555,56"},
    {"floatformat", D("9.000"), NOARG, "en", "9"},
    {"floatformat", D("9.000"), NOARG, "de", "9"},
    {"floatformat", D("9.000"), NOARG, "fr", "9"},
    {"floatformat", S("foo"), NOARG, "en", ""},
    {"floatformat", S("foo"), NOARG, "de", ""},
    {"floatformat", S("foo"), NOARG, "fr", ""},
    {"floatformat", F(13.1031), S("bar"), true, "en", "13.1031"},
    {"floatformat", F(13.1031), S("bar"), true, "de", "13.1031"},
    {"floatformat", F(13.1031), S("bar"), true, "fr", "13.1031"},
    {"floatformat", F(18.125), I(2LL), true, "en", "18.13"},
    {"floatformat", F(18.125), I(2LL), true, "de", "18,13"},
    {"floatformat", F(18.125), I(2LL), true, "fr", "18,13"},
    {"floatformat", S("foo"), S("bar"), true, "en", ""},
    {"floatformat", S("foo"), S("bar"), true, "de", ""},
    {"floatformat", S("foo"), S("bar"), true, "fr", ""},
    {"floatformat", S("\302\277C\303\263mo esta usted?"), NOARG, "en", ""},
    {"floatformat", S("\302\277C\303\263mo esta usted?"), NOARG, "de", ""},
    {"floatformat", S("\302\277C\303\263mo esta usted?"), NOARG, "fr", ""},
    {"floatformat", N(), NOARG, "en", ""},
    {"floatformat", N(), NOARG, "de", ""},
    {"floatformat", N(), NOARG, "fr", ""},
    {"floatformat", F(-1.323297138040798e+35), I(2LL), true, "en", "-132329713804079800000000000000000000.00"},
    {"floatformat", F(-1.323297138040798e+35), I(2LL), true, "de", "-132329713804079800000000000000000000,00"},
    {"floatformat", F(-1.323297138040798e+35), I(2LL), true, "fr", "-132329713804079800000000000000000000,00"},
    {"floatformat", F(-1.323297138040798e+35), I(-2LL), true, "en", "-132329713804079800000000000000000000"},
    {"floatformat", F(-1.323297138040798e+35), I(-2LL), true, "de", "-132329713804079800000000000000000000"},
    {"floatformat", F(-1.323297138040798e+35), I(-2LL), true, "fr", "-132329713804079800000000000000000000"},
    {"floatformat", F(1.5e-15), I(20LL), true, "en", "0.00000000000000150000"},
    {"floatformat", F(1.5e-15), I(20LL), true, "de", "0,00000000000000150000"},
    {"floatformat", F(1.5e-15), I(20LL), true, "fr", "0,00000000000000150000"},
    {"floatformat", F(1.5e-15), I(-20LL), true, "en", "0.00000000000000150000"},
    {"floatformat", F(1.5e-15), I(-20LL), true, "de", "0,00000000000000150000"},
    {"floatformat", F(1.5e-15), I(-20LL), true, "fr", "0,00000000000000150000"},
    {"floatformat", F(1.0000000000000002), I(16LL), true, "en", "1.0000000000000002"},
    {"floatformat", F(1.0000000000000002), I(16LL), true, "de", "1,0000000000000002"},
    {"floatformat", F(1.0000000000000002), I(16LL), true, "fr", "1,0000000000000002"},
    {"floatformat", F(-0.01), I(-1LL), true, "en", "0.0"},
    {"floatformat", F(-0.01), I(-1LL), true, "de", "0,0"},
    {"floatformat", F(-0.01), I(-1LL), true, "fr", "0,0"},
    {"floatformat", F(-0.001), I(2LL), true, "en", "0.00"},
    {"floatformat", F(-0.001), I(2LL), true, "de", "0,00"},
    {"floatformat", F(-0.001), I(2LL), true, "fr", "0,00"},
    {"floatformat", F(-0.1), I(0LL), true, "en", "0"},
    {"floatformat", F(-0.1), I(0LL), true, "de", "0"},
    {"floatformat", F(-0.1), I(0LL), true, "fr", "0"},
    {"floatformat", F(0.5), I(0LL), true, "en", "1"},
    {"floatformat", F(0.5), I(0LL), true, "de", "1"},
    {"floatformat", F(0.5), I(0LL), true, "fr", "1"},
    {"floatformat", F(-0.5), I(0LL), true, "en", "-1"},
    {"floatformat", F(-0.5), I(0LL), true, "de", "-1"},
    {"floatformat", F(-0.5), I(0LL), true, "fr", "-1"},
    {"floatformat", F(1.5), I(0LL), true, "en", "2"},
    {"floatformat", F(1.5), I(0LL), true, "de", "2"},
    {"floatformat", F(1.5), I(0LL), true, "fr", "2"},
    {"floatformat", F(2.5), I(0LL), true, "en", "3"},
    {"floatformat", F(2.5), I(0LL), true, "de", "3"},
    {"floatformat", F(2.5), I(0LL), true, "fr", "3"},
    {"floatformat", D("-0.0"), NOARG, "en", "0"},
    {"floatformat", D("-0.0"), NOARG, "de", "0"},
    {"floatformat", D("-0.0"), NOARG, "fr", "0"},
    {"floatformat", B(1), NOARG, "en", "1"},
    {"floatformat", B(1), NOARG, "de", "1"},
    {"floatformat", B(1), NOARG, "fr", "1"},
    {"floatformat", B(0), I(2LL), true, "en", "0.00"},
    {"floatformat", B(0), I(2LL), true, "de", "0,00"},
    {"floatformat", B(0), I(2LL), true, "fr", "0,00"},
    {"floatformat", F(INFINITY), NOARG, "en", "inf"},
    {"floatformat", F(INFINITY), NOARG, "de", "inf"},
    {"floatformat", F(INFINITY), NOARG, "fr", "inf"},
    {"floatformat", F(NAN), NOARG, "en", "nan"},
    {"floatformat", F(NAN), NOARG, "de", "nan"},
    {"floatformat", F(NAN), NOARG, "fr", "nan"},
    {"floatformat", D("Infinity"), I(2LL), true, "en", "Infinity"},
    {"floatformat", D("Infinity"), I(2LL), true, "de", "Infinity"},
    {"floatformat", D("Infinity"), I(2LL), true, "fr", "Infinity"},
    {"floatformat", S("1e3"), NOARG, "en", "1000"},
    {"floatformat", S("1e3"), NOARG, "de", "1000"},
    {"floatformat", S("1e3"), NOARG, "fr", "1000"},
    {"floatformat", S("1.2345e2"), I(2LL), true, "en", "123.45"},
    {"floatformat", S("1.2345e2"), I(2LL), true, "de", "123,45"},
    {"floatformat", S("1.2345e2"), I(2LL), true, "fr", "123,45"},
    {"floatformat", F(66666.666), S("2g"), true, "en", "66,666.67"},
    {"floatformat", F(66666.666), S("2g"), true, "de", "66.666,67"},
    {"floatformat", F(66666.666), S("2g"), true, "fr", "66\342\200\257666,67"},
    {"floatformat", F(66666.666), S("2u"), true, "en", "66666.67"},
    {"floatformat", F(66666.666), S("2u"), true, "de", "66666.67"},
    {"floatformat", F(66666.666), S("2u"), true, "fr", "66666.67"},
    {"floatformat", F(66666.666), S("2gu"), true, "en", "66666.67"},
    {"floatformat", F(66666.666), S("2gu"), true, "de", "66666.67"},
    {"floatformat", F(66666.666), S("2gu"), true, "fr", "66666.67"},
    {"floatformat", I(10000LL), S("g"), true, "en", "10,000"},
    {"floatformat", I(10000LL), S("g"), true, "de", "10.000"},
    {"floatformat", I(10000LL), S("g"), true, "fr", "10\342\200\257000"},
    {"floatformat", F(1234567.891), S("-2g"), true, "en", "1,234,567.89"},
    {"floatformat", F(1234567.891), S("-2g"), true, "de", "1.234.567,89"},
    {"floatformat", F(1234567.891), S("-2g"), true, "fr", "1\342\200\257234\342\200\257567,89"},
    {"floatformat", D("1E+200"), NOARG, "en", "1E+200"},
    {"floatformat", D("1E+200"), NOARG, "de", "1E+200"},
    {"floatformat", D("1E+200"), NOARG, "fr", "1E+200"},
    {"floatformat", D("1E+199"), NOARG, "en", "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
    {"floatformat", D("1E+199"), NOARG, "de", "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
    {"floatformat", D("1E+199"), NOARG, "fr", "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
    {"floatformat", S("111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111"), NOARG, "en", "111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111"},
    {"floatformat", S("111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111"), NOARG, "de", "111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111"},
    {"floatformat", S("111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111"), NOARG, "fr", "111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111"},
    {"floatformat", I(12LL), S("0"), true, "en", "12"},
    {"floatformat", I(12LL), S("0"), true, "de", "12"},
    {"floatformat", I(12LL), S("0"), true, "fr", "12"},
    {"floatformat", F(12.3), S("0g"), true, "en", "12"},
    {"floatformat", F(12.3), S("0g"), true, "de", "12"},
    {"floatformat", F(12.3), S("0g"), true, "fr", "12"},
    {"floatformat", F(-12345.6), S("1g"), true, "en", "-12,345.6"},
    {"floatformat", F(-12345.6), S("1g"), true, "de", "-12.345,6"},
    {"floatformat", F(-12345.6), S("1g"), true, "fr", "-12\342\200\257345,6"},
    {"floatformat", S(" 1.25 "), I(1LL), true, "en", "1.3"},
    {"floatformat", S(" 1.25 "), I(1LL), true, "de", "1,3"},
    {"floatformat", S(" 1.25 "), I(1LL), true, "fr", "1,3"},
    {"floatformat", S("1_000.5"), S("g"), true, "en", "1,000.5"},
    {"floatformat", S("1_000.5"), S("g"), true, "de", "1.000,5"},
    {"floatformat", S("1_000.5"), S("g"), true, "fr", "1\342\200\257000,5"},
    {"floatformat", I(2LL), S("x"), true, "en", "2"},
    {"floatformat", I(2LL), S("x"), true, "de", "2"},
    {"floatformat", I(2LL), S("x"), true, "fr", "2"},
    {"floatformat", F(2.5), S("x"), true, "en", "2.5"},
    {"floatformat", F(2.5), S("x"), true, "de", "2.5"},
    {"floatformat", F(2.5), S("x"), true, "fr", "2.5"},
        };
        for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
            check_case(families, rows[i].name, rows[i].value, rows[i].arg, rows[i].has_arg, true,
                       rows[i].lang, rows[i].expect, -1);
    }
    {
        const row rows[] = {
    {"add", I(2000LL), S("5"), true, "en", "2005"},
    {"add", I(2000LL), S("napis"), true, "en", ""},
    {"add", S("not_an_int"), I(16LL), true, "en", ""},
    {"add", S("not_an_int"), S("16"), true, "en", "not_an_int16"},
    {"add", S(" 12 "), S("-3"), true, "en", "9"},
    {"add", S("1_000"), I(1LL), true, "en", "1001"},
    {"add", S("1__0"), I(1LL), true, "en", ""},
    {"add", F(2.9), I(1LL), true, "en", "3"},
    {"add", F(-2.9), S("1"), true, "en", "-1"},
    {"add", B(1), B(1), true, "en", "2"},
    {"add", S("9223372036854775807"), I(1LL), true, "en", "9223372036854775808"},
    {"add", I(-9223372036854775807LL), I(-5LL), true, "en", "-9223372036854775812"},
    {"add", S("99999999999999999999999"), S("1"), true, "en", "100000000000000000000000"},
    {"add", D("2.5"), I(1LL), true, "en", "3"},
    {"add", F(1.5), S("x"), true, "en", ""},
    {"add", S("a"), S("b"), true, "en", "ab"},
    {"add", N(), I(1LL), true, "en", ""},
    {"add", F(NAN), F(1.0), true, "en", "nan"},
    {"add", D("1E+3"), I(1LL), true, "en", "1001"},
    {"add", S("+7"), S("\0118\012"), true, "en", "15"},
    {"get_digit", I(123LL), I(1LL), true, "en", "3"},
    {"get_digit", I(123LL), I(2LL), true, "en", "2"},
    {"get_digit", I(123LL), I(3LL), true, "en", "1"},
    {"get_digit", I(123LL), I(4LL), true, "en", "0"},
    {"get_digit", I(123LL), I(0LL), true, "en", "123"},
    {"get_digit", I(123LL), I(-1LL), true, "en", "123"},
    {"get_digit", S("xyz"), I(0LL), true, "en", "xyz"},
    {"get_digit", I(123LL), S("xyz"), true, "en", "123"},
    {"get_digit", S("123"), S("2"), true, "en", "2"},
    {"get_digit", F(1.5), I(1LL), true, "en", "1"},
    {"get_digit", I(-123LL), I(3LL), true, "en", "1"},
    {"get_digit", D("456"), I(1LL), true, "en", "6"},
    {"get_digit", S("99999999999999999999"), I(20LL), true, "en", "9"},
    {"divisibleby", I(4LL), I(2LL), true, "en", "True"},
    {"divisibleby", I(4LL), I(3LL), true, "en", "False"},
    {"divisibleby", S("21"), S("7"), true, "en", "True"},
    {"divisibleby", I(-6LL), I(4LL), true, "en", "False"},
    {"divisibleby", I(-6LL), I(3LL), true, "en", "True"},
    {"divisibleby", I(0LL), I(5LL), true, "en", "True"},
    {"divisibleby", F(2.9), I(2LL), true, "en", "True"},
    {"divisibleby", B(1), I(1LL), true, "en", "True"},
    {"divisibleby", S("99999999999999999999"), S("9"), true, "en", "True"},
    {"divisibleby", I(INT64_MIN), I(-1LL), true, "en", "True"},
    {"divisibleby", S("x"), I(2LL), true, "en", ERR},
    {"divisibleby", I(4LL), I(0LL), true, "en", ERR},
    {"filesizeformat", I(1023LL), NOARG, "en", "1023\302\240bytes"},
    {"filesizeformat", I(1024LL), NOARG, "en", "1.0\302\240KB"},
    {"filesizeformat", I(10240LL), NOARG, "en", "10.0\302\240KB"},
    {"filesizeformat", I(1048575LL), NOARG, "en", "1024.0\302\240KB"},
    {"filesizeformat", I(52428800LL), NOARG, "en", "50.0\302\240MB"},
    {"filesizeformat", I(1073741824LL), NOARG, "en", "1.0\302\240GB"},
    {"filesizeformat", I(1099511627776LL), NOARG, "en", "1.0\302\240TB"},
    {"filesizeformat", I(1125899906842624LL), NOARG, "en", "1.0\302\240PB"},
    {"filesizeformat", I(2251799813685248000LL), NOARG, "en", "2000.0\302\240PB"},
    {"filesizeformat", I(1152921504606846976LL), NOARG, "en", "1024.0\302\240PB"},
    {"filesizeformat", S("abc"), NOARG, "en", "0\302\240bytes"},
    {"filesizeformat", N(), NOARG, "en", "0\302\240bytes"},
    {"filesizeformat", I(-100LL), NOARG, "en", "-100\302\240bytes"},
    {"filesizeformat", I(-52428800LL), NOARG, "en", "-50.0\302\240MB"},
    {"filesizeformat", I(0LL), NOARG, "en", "0\302\240bytes"},
    {"filesizeformat", I(1LL), NOARG, "en", "1\302\240byte"},
    {"filesizeformat", S("2048"), NOARG, "en", "2.0\302\240KB"},
    {"filesizeformat", F(2048.7), NOARG, "en", "2.0\302\240KB"},
    {"filesizeformat", F(1e+30), NOARG, "en", "888178419700125.2\302\240PB"},
    {"filesizeformat", F(1023.9), NOARG, "en", "1023\302\240bytes"},
    {"filesizeformat", D("5000.5"), NOARG, "en", "4.9\302\240KB"},
    {"filesizeformat", B(1), NOARG, "en", "1\302\240byte"},
    {"filesizeformat", D("10000000000000000000000000"), NOARG, "en", "8881784197.0\302\240PB"},
    {"filesizeformat", I(10133099161583617LL), NOARG, "en", "9.0\302\240PB"},
    {"stringformat", I(1LL), S("03d"), true, "en", "001"},
    {"stringformat", I(1LL), S("z"), true, "en", ""},
    {"stringformat", I(-5LL), S("+05d"), true, "en", "-0005"},
    {"stringformat", I(5LL), S("-5d|"), true, "en", "5    |"},
    {"stringformat", F(3.14159), S(".2f"), true, "en", "3.14"},
    {"stringformat", F(3.14159), S("10.3e"), true, "en", " 3.142e+00"},
    {"stringformat", F(1e-05), S("g"), true, "en", "1e-05"},
    {"stringformat", I(255LL), S("x"), true, "en", "ff"},
    {"stringformat", I(255LL), S("#X"), true, "en", "0XFF"},
    {"stringformat", I(8LL), S("#o"), true, "en", "0o10"},
    {"stringformat", I(0LL), S("#x"), true, "en", "0x0"},
    {"stringformat", I(-255LL), S("x"), true, "en", "-ff"},
    {"stringformat", S("abc"), S("5s"), true, "en", "  abc"},
    {"stringformat", S("abc"), S("-5s|"), true, "en", "abc  |"},
    {"stringformat", S("h\303\251llo"), S(".2s"), true, "en", "h\303\251"},
    {"stringformat", S("h\303\251llo"), S("8s"), true, "en", "   h\303\251llo"},
    {"stringformat", S("abc"), S("r"), true, "en", "'abc'"},
    {"stringformat", S("\303\251"), S("a"), true, "en", "'\\xe9'"},
    {"stringformat", I(65LL), S("c"), true, "en", "A"},
    {"stringformat", S("\303\251"), S("c"), true, "en", "\303\251"},
    {"stringformat", S("ab"), S("c"), true, "en", ""},
    {"stringformat", I(1114112LL), S("c"), true, "en", ERR},
    {"stringformat", N(), S("s"), true, "en", "None"},
    {"stringformat", B(1), S("d"), true, "en", "1"},
    {"stringformat", F(2.7), S("d"), true, "en", "2"},
    {"stringformat", D("12.7"), S("d"), true, "en", "12"},
    {"stringformat", D("3.5"), S("f"), true, "en", "3.500000"},
    {"stringformat", D("3.5"), S("x"), true, "en", ""},
    {"stringformat", S("5"), S("d"), true, "en", ""},
    {"stringformat", F(INFINITY), S("f"), true, "en", "inf"},
    {"stringformat", F(INFINITY), S("05F"), true, "en", "00INF"},
    {"stringformat", F(NAN), S("+f"), true, "en", "+nan"},
    {"stringformat", F(-0.0), S("f"), true, "en", "-0.000000"},
    {"stringformat", F(1.5), S("x"), true, "en", ""},
    {"stringformat", TU(2, I(1LL), I(2LL)), S("s"), true, "en", "(1, 2)"},
    {"stringformat", TU(1, I(1LL)), S("r"), true, "en", "'(1,)'"},
    {"stringformat", LS(2, I(1LL), S("a")), S("s"), true, "en", "[1, 'a']"},
    {"stringformat", I(1LL), S("s%%"), true, "en", "1%"},
    {"stringformat", I(1LL), S("s %s"), true, "en", ""},
    {"stringformat", I(1LL), S("%"), true, "en", ""},
    {"stringformat", I(1LL), S("5.2%"), true, "en", ""},
    {"stringformat", I(1LL), S("ld"), true, "en", "1"},
    {"stringformat", I(1LL), S("*d"), true, "en", ""},
    {"stringformat", I(1LL), S(".3d"), true, "en", "001"},
    {"stringformat", I(-1LL), S(".3d"), true, "en", "-001"},
    {"stringformat", F(1.2345678901234567e+19), S("d"), true, "en", "12345678901234567168"},
    {"stringformat", F(1e+300), S(".1e"), true, "en", "1.0e+300"},
    {"stringformat", F(2.5), S("#.0f"), true, "en", "2."},
    {"stringformat", F(0.5), S(".0f"), true, "en", "0"},
    {"stringformat", F(1.5), S(".0f"), true, "en", "2"},
    {"stringformat", I(1LL), S("(a)s"), true, "en", ""},
    {"stringformat", F(123.456), S("015.3f"), true, "en", "00000000123.456"},
    {"stringformat", I(-1LL), S("+ d"), true, "en", "-1"},
    {"stringformat", I(1LL), S(""), true, "en", ""},
    {"stringformat", I(1LL), S("q"), true, "en", ""},
    {"stringformat", I(1LL), S("i"), true, "en", "1"},
    {"stringformat", I(7LL), S("u"), true, "en", "7"},
    {"pluralize", I(0LL), NOARG, "en", "s"},
    {"pluralize", I(1LL), NOARG, "en", ""},
    {"pluralize", I(2LL), NOARG, "en", "s"},
    {"pluralize", S("1"), NOARG, "en", ""},
    {"pluralize", S("0"), NOARG, "en", "s"},
    {"pluralize", S("1.0"), NOARG, "en", ""},
    {"pluralize", S("abc"), NOARG, "en", ""},
    {"pluralize", I(1LL), S("es"), true, "en", ""},
    {"pluralize", I(2LL), S("es"), true, "en", "es"},
    {"pluralize", I(1LL), S("y,ies"), true, "en", "y"},
    {"pluralize", I(2LL), S("y,ies"), true, "en", "ies"},
    {"pluralize", I(1LL), S("y,ies,x"), true, "en", ""},
    {"pluralize", N(), NOARG, "en", ""},
    {"pluralize", B(1), NOARG, "en", ""},
    {"pluralize", B(0), NOARG, "en", "s"},
    {"pluralize", D("1.00"), NOARG, "en", ""},
    {"pluralize", F(1.0), NOARG, "en", ""},
    {"pluralize", LS(1, I(1LL)), NOARG, "en", ""},
    {"pluralize", LS(2, I(1LL), I(2LL)), NOARG, "en", "s"},
    {"pluralize", TU(0), NOARG, "en", "s"},
    {"pluralize", S(" 1 "), NOARG, "en", ""},
    {"pluralize", I(2LL), S(","), true, "en", ""},
    {"pluralize", I(1LL), S(","), true, "en", ""},
        };
        for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
            check_case(families, rows[i].name, rows[i].value, rows[i].arg, rows[i].has_arg, true,
                       rows[i].lang, rows[i].expect, -1);
    }
    /* floatformat marks its numbers safe; stringformat and filesizeformat do not. */
    check_case(families, "floatformat", F(1.25), S("1"), true, true, "en", "1.3", 1);
    check_case(families, "floatformat", S("x<"), S("1"), true, true, "en", "", -1);
    check_case(families, "floatformat", F(1234.5), S("1g"), true, true, "de-ch", "1\302\240234,5", 1);
    check_case(families, "floatformat", F(1234.5), S("1g"), true, true, "pt-br", "1.234,5", 1);
    check_case(families, "floatformat", F(12345.5), S("1g"), true, true, "zh-hans", "12345.5", 1);
    check_case(families, "floatformat", F(1234.5), S("1g"), true, true, "xx", "1234.5", 1);
    check_case(families, "floatformat", F(1.5), I(1), true, true, "ru", "1,5", 1);
    check_case(families, "floatformat", F(1.5), S(""), true, true, "en", NULL, -1);
    check_case(families, "stringformat", SAFE("a<"), S("s"), true, true, "en", "a<", 0);
    check_case(families, "stringformat", DI(1, S("k"), I(3)), S("(k)03d"), true, true, "en", "003", -1);
    check_case(families, "stringformat", DI(1, S("k"), I(3)), S("(j)d"), true, true, "en", NULL, -1);
    check_case(families, "filesizeformat", I(1536), N(), false, true, "de", "1,5\302\240KB", 0);
    check_case(families, "filesizeformat", I(1), N(), false, true, "en", "1\302\240byte", -1);
    check_case(families, "pluralize", LS(1, I(1)), S("y,ies"), true, true, "en", "y", -1);
    check_case(families, "pluralize", DI(2, S("a"), I(1), S("b"), I(2)), N(), false, true, "en", "s", -1);
    check_case(families, "pluralize", N(), N(), false, true, "en", "", -1);
    check_case(families, "add", SAFE("<a>"), SAFE("<b>"), true, true, "en", "<a><b>", 1);
    check_case(families, "add", SAFE("<a>"), S("<b>"), true, true, "en", "<a><b>", 0);
    check_case(families, "add", LS(1, I(1)), TU(1, I(2)), true, true, "en", "", -1);
    check_case(families, "add", LS(1, I(1)), LS(2, S("x"), N()), true, true, "en", "[1, 'x', None]", -1);
    check_case(families, "add", F(INFINITY), I(1), true, true, "en", NULL, -1);
    {
        /* Dates plus durations, as Python adds them. */
        weft_values *store = weft_values_new();
        weft_value *day = weft_value_date(store, 2000, 2, 28);
        weft_value *dt = weft_value_datetime(store, 1999, 12, 31, 23, 30, 0, 0, true, 60);
        weft_value *dur = weft_value_duration(store, 1, 3600, 0);
        weft_value *neg = weft_value_duration(store, -1, 0, 0);
        check_case(families, "add", *day, *dur, true, true, "en", "2000-02-29", -1);
        check_case(families, "add", *dur, *day, true, true, "en", "2000-02-29", -1);
        check_case(families, "add", *dt, *dur, true, true, "en", "2000-01-02 00:30:00+01:00", -1);
        check_case(families, "add", *day, *neg, true, true, "en", "2000-02-27", -1);
        check_case(families, "add", *dur, *neg, true, true, "en", "1:00:00", -1);
        weft_value *first = weft_value_date(store, 1, 1, 1);
        check_case(families, "add", *first, *neg, true, true, "en", NULL, -1);
        weft_values_free(store);
    }
    printf("%d passed, %d failed\n", passed, failed);
    arena_free(&A);
    return failed != 0;
}
