/* The harness the filter-table unit tests share (unit_filters_lists.c,
 * unit_filters_numbers.c): value builders, a standalone render to run one
 * filter of a family table, and check_case, which compares the printed
 * result (and the safe flag) or expects a failure. */
#ifndef WEFT_TESTS_FILTER_HARNESS_H
#define WEFT_TESTS_FILTER_HARNESS_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "syntax/django/filter_api.h"
#include "render/state.h"
#include "check.h"

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
    wr *r = wd_new_standalone(&A);
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

#endif
