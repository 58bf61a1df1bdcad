/* Unit tests of the plain-text filters (src/django/filters_text.c): each
 * filter is called through the wd_filters_text table, its result printed
 * as Python's str() and compared. */
#include <stdio.h>
#include <string.h>

#include "syntax/django/filter_api.h"
#include "render/state.h"
#include "check.h"

static arena test_arena;

static const wf_def *find(const char *name)
{
    for (const wf_def *d = wd_filters_text; d->name; d++)
        if (strcmp(d->name, name) == 0) return d;
    return NULL;
}

static weft_value S(const char *s) { return wv_str(s, strlen(s), false); }
static weft_value SAFE(const char *s) { return wv_str(s, strlen(s), true); }
static weft_value I(int64_t i) { return wv_int(i); }

/* Runs one filter; returns its status and leaves the result in *out. */
static int run(const char *name, weft_value in, const weft_value *arg, bool autoescape,
               weft_value *out, weft_error *err)
{
    const wf_def *d = find(name);
    if (!d) return -2;
    wr *r = wd_new_standalone(&test_arena);
    r->autoescape = autoescape;
    r->err = err;
    *out = in;
    return d->fn(r, out, arg);
}

static void report(const char *what, int line, const char *expect, const char *got)
{
    failed++;
    printf("FAIL line %d %s\n  expected: [%s]\n  got:      [%s]\n", line, what, expect, got);
}

/* safe: 1 the result must be marked safe, 0 must not, -1 either. */
static void check_full(int line, const char *name, weft_value in, const weft_value *arg,
                       bool autoescape, const char *expect, int safe)
{
    weft_value out;
    weft_error err;
    memset(&err, 0, sizeof err);
    int rc = run(name, in, arg, autoescape, &out, &err);
    if (rc != 0) {
        char msg[600];
        snprintf(msg, sizeof msg, "error %d: %s", (int)err.kind, err.message);
        report(name, line, expect, msg);
        return;
    }
    buf b;
    buf_init(&b, &test_arena);
    wv_print(&b, &out, &test_arena);
    const char *got = buf_cstr(&b);
    if (strlen(expect) != b.len || memcmp(expect, got, b.len) != 0) {
        report(name, line, expect, got);
        return;
    }
    if (safe >= 0 && wv_is_safe(&out) != (safe == 1)) {
        report(name, line, safe ? "a safe result" : "a plain result", safe ? "plain" : "safe");
        return;
    }
    passed++;
}

#define CHECK_FILTER(name, in, arg, expect) check_full(__LINE__, name, in, arg, true, expect, -1)
#define CHECK_SAFE(name, in, arg, expect, safe) check_full(__LINE__, name, in, arg, true, expect, safe)

static void check_error(int line, const char *name, weft_value in, const weft_value *arg,
                        weft_error_kind kind)
{
    weft_value out;
    weft_error err;
    memset(&err, 0, sizeof err);
    int rc = run(name, in, arg, true, &out, &err);
    if (rc != -1 || err.kind != kind) {
        char expect[64], got[600];
        snprintf(expect, sizeof expect, "error kind %d", (int)kind);
        snprintf(got, sizeof got, "rc %d, kind %d: %s", rc, (int)err.kind, err.message);
        report(name, line, expect, got);
        return;
    }
    passed++;
}
#define CHECK_ERROR(name, in, arg, kind) check_error(__LINE__, name, in, arg, kind)

static void test_table(void)
{
    static const struct {
        const char *name;
        uint8_t arg, flags;
    } expected[] = {
        {"addslashes", WF_ARG_NONE, WF_IS_SAFE},
        {"capfirst", WF_ARG_NONE, WF_IS_SAFE},
        {"center", WF_ARG_REQUIRED, WF_IS_SAFE},
        {"cut", WF_ARG_REQUIRED, 0},
        {"escapejs", WF_ARG_NONE, 0},
        {"iriencode", WF_ARG_NONE, WF_IS_SAFE},
        {"linenumbers", WF_ARG_NONE, WF_IS_SAFE | WF_NEEDS_AUTOESCAPE},
        {"ljust", WF_ARG_REQUIRED, WF_IS_SAFE},
        {"lower", WF_ARG_NONE, WF_IS_SAFE},
        {"make_list", WF_ARG_NONE, 0},
        {"phone2numeric", WF_ARG_NONE, WF_IS_SAFE},
        {"rjust", WF_ARG_REQUIRED, WF_IS_SAFE},
        {"slugify", WF_ARG_NONE, WF_IS_SAFE},
        {"title", WF_ARG_NONE, WF_IS_SAFE},
        {"truncatechars", WF_ARG_REQUIRED, WF_IS_SAFE},
        {"truncatewords", WF_ARG_REQUIRED, WF_IS_SAFE},
        {"upper", WF_ARG_NONE, 0},
        {"urlencode", WF_ARG_OPTIONAL, 0},
        {"wordcount", WF_ARG_NONE, 0},
        {"wordwrap", WF_ARG_REQUIRED, WF_IS_SAFE},
    };
    size_t n = 0;
    for (const wf_def *d = wd_filters_text; d->name; d++) n++;
    if (n != sizeof expected / sizeof expected[0]) {
        failed++;
        printf("FAIL table has %zu filters\n", n);
    } else {
        passed++;
    }
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        const wf_def *d = find(expected[i].name);
        if (!d || d->arg != expected[i].arg || d->flags != expected[i].flags) {
            failed++;
            printf("FAIL table entry %s\n", expected[i].name);
        } else {
            passed++;
        }
    }
}

int main(void)
{
    arena_init(&test_arena);
    weft_value a;

    test_table();

    CHECK_FILTER("addslashes", S("He said \"it's\" \\ ok"), NULL, "He said \\\"it\\'s\\\" \\\\ ok");
    CHECK_FILTER("addslashes", I(42), NULL, "42");

    CHECK_FILTER("capfirst", S("élan vital"), NULL, "Élan vital");
    CHECK_FILTER("capfirst", S("ßa"), NULL, "SSa");
    CHECK_FILTER("capfirst", S(""), NULL, "");
    CHECK_FILTER("capfirst", wv_bool(true), NULL, "True");

    a = S("7");
    CHECK_FILTER("center", S("ab"), &a, "   ab  ");
    a = I(8);
    CHECK_FILTER("center", S("ab"), &a, "   ab   ");
    CHECK_FILTER("center", S("abc"), &a, "  abc   ");
    a = I(6);
    CHECK_FILTER("center", S("abc"), &a, " abc  ");
    a = wv_float(7.9);
    CHECK_FILTER("center", S("ab"), &a, "   ab  ");
    a = S(" +1_0 ");
    CHECK_FILTER("center", S("ñ"), &a, "    ñ     ");
    a = I(-3);
    CHECK_FILTER("center", S("abc"), &a, "abc");
    a = S("wide");
    CHECK_ERROR("center", S("ab"), &a, WEFT_ERROR_VALUE);
    a = S("1__0");
    CHECK_ERROR("center", S("ab"), &a, WEFT_ERROR_VALUE);
    a = wv_null();
    CHECK_ERROR("center", S("ab"), &a, WEFT_ERROR_TYPE);

    a = I(5);
    CHECK_FILTER("ljust", S("éa"), &a, "éa   ");
    CHECK_FILTER("rjust", S("éa"), &a, "   éa");
    a = S("x");
    CHECK_ERROR("ljust", S("ab"), &a, WEFT_ERROR_VALUE);

    a = S("a");
    CHECK_SAFE("cut", SAFE("banana&lt;"), &a, "bnn&lt;", 1);
    CHECK_SAFE("cut", S("banana"), &a, "bnn", 0);
    a = S(";");
    CHECK_SAFE("cut", SAFE("x&lt;y"), &a, "x&lty", 0);
    a = S("");
    CHECK_FILTER("cut", S("same"), &a, "same");
    a = S("ab");
    CHECK_FILTER("cut", S("aabbab"), &a, "ab");
    a = I(1);
    CHECK_ERROR("cut", S("123"), &a, WEFT_ERROR_TYPE);

    CHECK_SAFE("escapejs", S("<a href='x'>\"=-;`\\&</a>"), NULL,
               "\\u003Ca href\\u003D\\u0027x\\u0027\\u003E\\u0022\\u003D\\u002D\\u003B\\u0060\\u005C\\u0026\\u003C/a\\u003E",
               1);
    CHECK_SAFE("escapejs", S("tab\there\x01 \xe2\x80\xa8\xe2\x80\xa9 é"), NULL,
               "tab\\u0009here\\u0001 \\u2028\\u2029 é", 1);

    CHECK_SAFE("iriencode", S("/I ♥ Django/?a=1&b=ü~%20"), NULL,
               "/I%20%E2%99%A5%20Django/?a=1&b=%C3%BC~%20", 0);

    CHECK_SAFE("linenumbers", S("a<b\nc"), NULL, "1. a&lt;b\n2. c", 1);
    CHECK_SAFE("linenumbers", SAFE("a<b\nc"), NULL, "1. a<b\n2. c", 1);
    check_full(__LINE__, "linenumbers", S("a<b\nc"), NULL, false, "1. a<b\n2. c", 1);
    CHECK_FILTER("linenumbers", S("1\n2\n3\n4\n5\n6\n7\n8\n9\n10"), NULL,
          "01. 1\n02. 2\n03. 3\n04. 4\n05. 5\n06. 6\n07. 7\n08. 8\n09. 9\n10. 10");
    CHECK_FILTER("linenumbers", S(""), NULL, "1. ");

    CHECK_FILTER("lower", S("ΟΔΟΣ ΟΔΟΣ. Σ aΣ'"), NULL, "οδος οδος. σ aς'");
    CHECK_FILTER("lower", S("İ ABC"), NULL, "i\xcc\x87 abc");
    CHECK_FILTER("upper", S("straße ﬁ ŉ"), NULL, "STRASSE FI ʼN");
    CHECK_SAFE("upper", SAFE("a&amp;b"), NULL, "A&AMP;B", 0);

    CHECK_SAFE("make_list", S("añ"), NULL, "['a', 'ñ']", 0);
    CHECK_FILTER("make_list", I(123), NULL, "['1', '2', '3']");
    CHECK_FILTER("make_list", S(""), NULL, "[]");

    CHECK_FILTER("phone2numeric", S("1-800-FLOWERS now"), NULL, "1-800-3569377 669");
    CHECK_ERROR("phone2numeric", I(5), NULL, WEFT_ERROR_ATTRIBUTE);

    CHECK_SAFE("slugify", S(" Héllo, Wörld! -- _x_ "), NULL, "hello-world-_x", 0);
    CHECK_FILTER("slugify", S("a_-_b"), NULL, "a_-_b");
    CHECK_FILTER("slugify", S("ﬁ ½ Ⅻ"), NULL, "fi-12-xii");
    CHECK_FILTER("slugify", S("--__Hi__--"), NULL, "hi");
    CHECK_FILTER("slugify", S("a\x1f" "b"), NULL, "a-b");
    CHECK_FILTER("slugify", S("x - & - y"), NULL, "x-y");

    CHECK_FILTER("title", S("they're bill's friends from the UK"), NULL, "They're Bill's Friends From The Uk");
    CHECK_FILTER("title", S("1st 2ND 3rd 4TH"), NULL, "1st 2nd 3rd 4th");
    CHECK_FILTER("title", S("ǆemal ΣΑΣ ὈΔΥΣΣΕΎΣ"), NULL, "ǅemal Σας Ὀδυσσεύς");
    CHECK_FILTER("title", S("aa'b'c"), NULL, "Aa'b'C");
    CHECK_FILTER("title", S("x'Y"), NULL, "X'Y");

    a = I(5);
    CHECK_FILTER("truncatechars", S("Hello world"), &a, "Hell…");
    CHECK_FILTER("truncatechars", S("Hello"), &a, "Hello");
    a = I(4);
    CHECK_FILTER("truncatechars", S("cafe\xcc\x81s!"), &a, "caf…");
    a = I(5);
    CHECK_FILTER("truncatechars", S("cafe\xcc\x81s"), &a, "cafés");
    a = I(1);
    CHECK_FILTER("truncatechars", S("abc"), &a, "…");
    a = I(0);
    CHECK_FILTER("truncatechars", S("abc"), &a, "");
    a = S("-2");
    CHECK_FILTER("truncatechars", S("abc"), &a, "");
    a = S("many");
    CHECK_FILTER("truncatechars", S("abc"), &a, "abc");
    a = wv_null();
    CHECK_ERROR("truncatechars", S("abc"), &a, WEFT_ERROR_TYPE);

    a = I(2);
    CHECK_FILTER("truncatewords", S("  one two\tthree  "), &a, "one two …");
    a = S("3");
    CHECK_FILTER("truncatewords", S("  one two\tthree  "), &a, "one two three");
    a = I(0);
    CHECK_FILTER("truncatewords", S("one two"), &a, "");
    a = S("x");
    CHECK_FILTER("truncatewords", S(" one  two "), &a, " one  two ");
    a = I(2);
    CHECK_FILTER("truncatewords", S("a … b"), &a, "a …");

    CHECK_SAFE("urlencode", S("a b/c?d=é"), NULL, "a%20b/c%3Fd%3D%C3%A9", 0);
    a = S("");
    CHECK_FILTER("urlencode", S("a/b"), &a, "a%2Fb");
    a = S("?=");
    CHECK_FILTER("urlencode", S("a/b?c=d"), &a, "a%2Fb?c=d");
    a = wv_null();
    CHECK_FILTER("urlencode", S("a/b"), &a, "a/b");
    CHECK_FILTER("urlencode", I(12), NULL, "12");

    CHECK_FILTER("wordcount", S(" a\xc2\xa0" "b\tc "), NULL, "3");
    CHECK_FILTER("wordcount", S(""), NULL, "0");

    a = I(5);
    CHECK_FILTER("wordwrap", S("Joel is a slug"), &a, "Joel\nis a\nslug");
    a = I(4);
    CHECK_FILTER("wordwrap", S("a verylongword b"), &a, "a\nverylongword\nb");
    a = I(6);
    CHECK_FILTER("wordwrap", S("\tab cd\tef gh"), &a, "ab cd\nef gh");
    CHECK_FILTER("wordwrap", S("  lead trail  "), &a, "  lead\ntrail");
    a = I(9);
    CHECK_FILTER("wordwrap", S("one two\n\n   \nthree four five\n"), &a, "one two\n\n   \nthree\nfour five\n");
    a = I(1);
    CHECK_FILTER("wordwrap", S("x  y  z"), &a, "x\ny\nz");
    a = I(3);
    CHECK_FILTER("wordwrap", S("a\r\nb\x0b" "c\xe2\x80\xa8" "d"), &a, "a\nb\nc\nd");
    a = I(5);
    CHECK_FILTER("wordwrap", S("héllo wörld ça"), &a, "héllo\nwörld\nça");
    a = I(0);
    CHECK_ERROR("wordwrap", S("text"), &a, WEFT_ERROR_VALUE);
    CHECK_FILTER("wordwrap", S(""), &a, "");

    int status = check_report();
    arena_free(&test_arena);
    return status;
}
