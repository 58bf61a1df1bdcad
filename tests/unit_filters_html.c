/* Unit tests of the HTML filters (src/django/filters_html.c, urlize.c,
 * html_truncate.c). Expected outputs are Django 5.2's for the same calls. */
#include <stdio.h>
#include <string.h>

#include "syntax/django/html_util.h"
#include "syntax/django/filter_api.h"
#include "render/state.h"
#include "check.h"

static arena A;

static const wf_def *find(const char *name)
{
    for (const wf_def *d = wd_filters_html; d->name; d++)
        if (!strcmp(d->name, name)) return d;
    return NULL;
}

static weft_value S(const char *s) { return wv_str(s, strlen(s), false); }
static weft_value SAFE(const char *s) { return wv_str(s, strlen(s), true); }

/* Runs a filter; returns its result (a NULL string on failure). */
static int run(const char *name, weft_value v, const weft_value *arg, bool autoescape,
               weft_value *out, weft_error *err)
{
    const wf_def *d = find(name);
    if (!d) return -2;
    wr *r = wd_new_standalone(&A);
    r->autoescape = autoescape;
    memset(err, 0, sizeof *err);
    r->err = err;
    *out = v;
    return d->fn(r, out, arg);
}

static void report(const char *what, const char *input, const char *expect, const char *got)
{
    printf("FAIL %s(%s)\n  expected: %s\n  got:      %s\n", what, input, expect, got);
    failed++;
}

/* Checks the text and, when safe >= 0, the safe flag of a string result. */
static void check_full(const char *name, weft_value v, const weft_value *arg, bool autoescape,
                       const char *expect, int safe)
{
    weft_value out;
    weft_error err;
    char input[256];
    snprintf(input, sizeof input, "%.*s%s", v.kind == WEFT_STRING ? (int)v.len : 0,
             v.kind == WEFT_STRING ? v.u.s : "", autoescape ? "" : ", autoescape off");
    if (run(name, v, arg, autoescape, &out, &err) != 0) {
        report(name, input, expect, err.message);
        return;
    }
    if (out.kind != WEFT_STRING) {
        report(name, input, expect, "(not a string)");
        return;
    }
    char got[4096];
    snprintf(got, sizeof got, "%.*s", (int)out.len, out.u.s);
    if (strlen(expect) != out.len || memcmp(expect, out.u.s, out.len) != 0) {
        report(name, input, expect, got);
        return;
    }
    if (safe >= 0 && wv_is_safe(&out) != (bool)safe) {
        report(name, input, safe ? "(safe)" : "(not safe)", got);
        return;
    }
    passed++;
}

static void check(const char *name, const char *in, const char *expect)
{
    check_full(name, S(in), NULL, true, expect, -1);
}

static void check_arg(const char *name, const char *in, weft_value arg, const char *expect)
{
    check_full(name, S(in), &arg, true, expect, -1);
}

static void check_fails(const char *name, weft_value v, const weft_value *arg, weft_error_kind kind)
{
    weft_value out;
    weft_error err;
    int rc = run(name, v, arg, true, &out, &err);
    if (rc == 0 || err.kind != kind) {
        printf("FAIL %s: expected an error of kind %d, got rc %d kind %d\n", name, kind, rc, err.kind);
        failed++;
        return;
    }
    passed++;
}

static weft_value list_of(const char *const *items, size_t n)
{
    wv_list *l = wv_list_new(&A, (uint32_t)n);
    for (size_t i = 0; i < n; i++) {
        weft_value s = S(items[i]);
        wv_list_push(&A, l, &s);
    }
    return wv_list_value(l, false);
}

static void check_list(const char *name, weft_value v, const char *const *expect, const bool *safe,
                       size_t n)
{
    weft_value out;
    weft_error err;
    if (run(name, v, NULL, true, &out, &err) != 0 || out.kind != WEFT_LIST || out.u.list->len != n) {
        printf("FAIL %s: not a list of %zu\n", name, n);
        failed++;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        weft_value *it = &out.u.list->items[i];
        if (it->kind != WEFT_STRING || it->len != strlen(expect[i]) ||
            memcmp(it->u.s, expect[i], it->len) || wv_is_safe(it) != safe[i]) {
            printf("FAIL %s item %zu: expected %s\n", name, i, expect[i]);
            failed++;
            return;
        }
    }
    passed++;
}

static void test_escaping(void)
{
    check_full("escape", S("<a href='x'>&\"</a>"), NULL, true,
               "&lt;a href=&#x27;x&#x27;&gt;&amp;&quot;&lt;/a&gt;", 1);
    check_full("escape", SAFE("<b>"), NULL, true, "<b>", 1);
    check_full("escape", wv_int(42), NULL, true, "42", 1);
    check_full("force_escape", SAFE("<b>&amp;"), NULL, true, "&lt;b&gt;&amp;amp;", 1);
    check_full("force_escape", S("plain"), NULL, false, "plain", 1);
    check_full("safe", S("<i>"), NULL, true, "<i>", 1);
    check_full("safe", wv_float(1.5), NULL, true, "1.5", 1);

    const char *items[] = {"<x>", "a&b"};
    weft_value l = list_of(items, 2);
    const char *raw[] = {"<x>", "a&b"};
    const char *esc[] = {"&lt;x&gt;", "a&amp;b"};
    const bool yes[] = {true, true};
    check_list("safeseq", l, raw, yes, 2);
    check_list("escapeseq", l, esc, yes, 2);
    /* a string is a sequence of characters */
    const char *chars[] = {"<", "\xC3\xA9"};
    const char *chars_esc[] = {"&lt;", "\xC3\xA9"};
    check_list("escapeseq", S("<\xC3\xA9"), chars_esc, yes, 2);
    check_list("safeseq", S("<\xC3\xA9"), chars, yes, 2);
    check_fails("safeseq", wv_int(3), NULL, WEFT_ERROR_TYPE);
}

static void test_striptags(void)
{
    check("striptags", "<p>Hello <b>world</b>!</p>", "Hello world!");
    check("striptags", "a < b and c > d", "a < b and c > d");
    check("striptags", "<<b>script>x", "");
    check("striptags", "x<!-- note -->y", "xy");
    check("striptags", "<script>var a = 1;</script>after", "var a = 1;after");
    check("striptags", "&amp; &copy &#169; &#xA9;", "&amp; &copy &#169; &#xA9;");
    check("striptags", "<p>&amp x</p>", "&amp; x");
    check("striptags", "<a href=\"x\" title='>'>link</a>", "link");
    check("striptags", "<br/>line<br />", "line");
    check("striptags", "unclosed <b", "unclosed <b");
    check("striptags", "<p>unclosed <b", "unclosed <b");
    check("striptags", "<?php echo 1 ?>text<!DOCTYPE html>", "text");
    check_full("striptags", SAFE("<b>x</b>&"), NULL, true, "x&", -1);
}

static void test_linebreaks(void)
{
    check("linebreaks", "line 1\nline 2\n\npara 2", "<p>line 1<br>line 2</p>\n\n<p>para 2</p>");
    check("linebreaks", "a\r\n\r\n\r\nb\rc", "<p>a</p>\n\n<p>b<br>c</p>");
    check("linebreaks", "", "<p></p>");
    check("linebreaks", "\n\nx\n\n", "<p></p>\n\n<p>x</p>\n\n<p></p>");
    check("linebreaks", "<b>&</b>", "<p>&lt;b&gt;&amp;&lt;/b&gt;</p>");
    check_full("linebreaks", S("<b>\n"), NULL, false, "<p><b><br></p>", 1);
    check_full("linebreaks", SAFE("<b>\n"), NULL, true, "<p><b><br></p>", 1);
    check_full("linebreaksbr", S("a<\r\nb\n\nc"), NULL, true, "a&lt;<br>b<br><br>c", 1);
    check_full("linebreaksbr", S("a<\nb"), NULL, false, "a<<br>b", 1);
}

static void test_unordered_list(void)
{
    wv_list *inner = wv_list_new(&A, 2);
    weft_value v = S("Lawrence"), w = S("Topeka");
    wv_list_push(&A, inner, &v);
    wv_list_push(&A, inner, &w);
    wv_list *outer = wv_list_new(&A, 2);
    weft_value k = S("Kansas<"), il = wv_list_value(inner, false);
    wv_list_push(&A, outer, &k);
    wv_list_push(&A, outer, &il);
    weft_value ill = S("Illinois");
    wv_list_push(&A, outer, &ill);
    const char *expect = "\t<li>Kansas&lt;\n\t<ul>\n\t\t<li>Lawrence</li>\n\t\t<li>Topeka</li>\n"
                         "\t</ul>\n\t</li>\n\t<li>Illinois</li>";
    check_full("unordered_list", wv_list_value(outer, false), NULL, true, expect, 1);
    check_full("unordered_list", wv_list_value(outer, false), NULL, false,
               "\t<li>Kansas<\n\t<ul>\n\t\t<li>Lawrence</li>\n\t\t<li>Topeka</li>\n"
               "\t</ul>\n\t</li>\n\t<li>Illinois</li>",
               1);
    /* an empty sublist is consumed but not shown */
    wv_list *e = wv_list_new(&A, 2);
    weft_value a = S("a"), empty = wv_list_value(wv_list_new(&A, 0), false);
    wv_list_push(&A, e, &a);
    wv_list_push(&A, e, &empty);
    check_full("unordered_list", wv_list_value(e, false), NULL, true, "\t<li>a</li>", 1);
    /* a leading list is an item of its own, printed as Python would */
    wv_list *f = wv_list_new(&A, 1);
    wv_list *g = wv_list_new(&A, 1);
    wv_list_push(&A, g, &a);
    weft_value gl = wv_list_value(g, false);
    wv_list_push(&A, f, &gl);
    check_full("unordered_list", wv_list_value(f, false), NULL, true, "\t<li>[&#x27;a&#x27;]</li>", 1);
    check_fails("unordered_list", wv_int(1), NULL, WEFT_ERROR_TYPE);
}

static void test_json_script(void)
{
    wv_dict *d = wv_dict_new(&A, 4);
    weft_value k1 = S("k"), v1 = S("</script>&\xC3\xA9\xF0\x9F\x98\x80\"\\\n\x01");
    weft_value k2 = wv_int(2), v2 = wv_float(0.1);
    weft_value k3 = S("n"), v3 = wv_null();
    weft_value k4 = wv_bool(true);
    wv_list *l = wv_list_new(&A, 2);
    weft_value b = wv_bool(false), i = wv_int(-7);
    wv_list_push(&A, l, &b);
    wv_list_push(&A, l, &i);
    weft_value v4 = wv_list_value(l, true);
    wv_dict_set(&A, d, &k1, &v1);
    wv_dict_set(&A, d, &k2, &v2);
    wv_dict_set(&A, d, &k3, &v3);
    wv_dict_set(&A, d, &k4, &v4);
    weft_value id = S("my\"id");
    check_full("json_script", (weft_value){.kind = WEFT_DICT, .u.dict = d}, &id, true,
               "<script id=\"my&quot;id\" type=\"application/json\">{\"k\": "
               "\"\\u003C/script\\u003E\\u0026\\u00e9\\ud83d\\ude00\\\"\\\\\\n\\u0001\", "
               "\"2\": 0.1, \"n\": null, \"true\": [false, -7]}</script>",
               1);
    check_full("json_script", S("x"), NULL, true, "<script type=\"application/json\">\"x\"</script>", 1);
    weft_value empty = S("");
    check_full("json_script", wv_float(1e100), &empty, true,
               "<script type=\"application/json\">1e+100</script>", 1);
    weft_value dt = {.kind = WEFT_DATETIME};
    dt.u.dt = (wv_datetime){.year = 2024, .month = 2, .day = 29, .hour = 13, .minute = 5,
                            .second = 9, .usec = 123456, .tz = 1, .offset_min = 0};
    check_full("json_script", dt, NULL, true,
               "<script type=\"application/json\">\"2024-02-29T13:05:09.123Z\"</script>", 1);
    weft_value dur = {.kind = WEFT_DURATION};
    dur.u.dur = (wv_duration){.days = -1, .seconds = 86399, .usec = 500000};
    check_full("json_script", dur, NULL, true,
               "<script type=\"application/json\">\"-P0DT00H00M00.500000S\"</script>", 1);
}

static void test_urlize(void)
{
    check("urlize", "Visit www.example.com now.",
          "Visit <a href=\"http://www.example.com\" rel=\"nofollow\">www.example.com</a> now.");
    check("urlize", "(see https://example.org/a_b?q=1&r=2).",
          "(see <a href=\"https://example.org/a_b?q=1&amp;r=2\" rel=\"nofollow\">"
          "https://example.org/a_b?q=1&amp;r=2</a>).");
    check("urlize", "mail bob@example.net, please",
          "mail <a href=\"mailto:bob@example.net\">bob@example.net</a>, please");
    check("urlize", "djangoproject.org/path", "<a href=\"http://djangoproject.org/path\" "
                                              "rel=\"nofollow\">djangoproject.org/path</a>");
    check("urlize", "no.link.here and a.b.c", "no.link.here and a.b.c");
    check("urlize", "http://example.com/a%20b/c d<", "<a href=\"http://example.com/a%20b/c\" "
                                                     "rel=\"nofollow\">http://example.com/a%20b/c</a> d&lt;");
    check("urlize", "[http://example.com/x]]", "[<a href=\"http://example.com/x\" rel=\"nofollow\">"
                                               "http://example.com/x</a>]]");
    check("urlize", "http://example.com/?q=a+b c", "<a href=\"http://example.com/?q=a+b\" "
                                                   "rel=\"nofollow\">http://example.com/?q=a+b</a> c");
    check("urlize", "HTTPS://EXAMPLE.COM/\xC3\xA9", "<a href=\"https://EXAMPLE.COM/%C3%A9\" "
                                                    "rel=\"nofollow\">HTTPS://EXAMPLE.COM/\xC3\xA9</a>");
    check("urlize", "http://\xC3\xA9xample.com/", "<a href=\"http://xn--xample-9ua.com/\" "
                                                  "rel=\"nofollow\">http://\xC3\xA9xample.com/</a>");
    check("urlize", "a@b@example.com foo@", "a@b@example.com foo@");
    check("urlize", "x&amp;y.com;", "<a href=\"http://x&amp;y.com\" rel=\"nofollow\">"
                                    "x&amp;amp;y.com</a>;");
    check("urlize", "google.com&lt;", "google.com&amp;lt;");
    check("urlize", "'www.quoted.org'", "&#x27;<a href=\"http://www.quoted.org\" rel=\"nofollow\">"
                                        "www.quoted.org</a>&#x27;");
    check_full("urlize", S("<b>www.x.com</b>"), NULL, false,
               "<b><a href=\"http://www.x.com\" rel=\"nofollow\">www.x.com</a></b>", 1);
    check_full("urlize", SAFE("&lt;www.x.com&gt;"), NULL, true, "&lt;www.x.com&gt;", 1);
    check_full("urlize", SAFE("see www.x.com &amp; more"), NULL, true,
               "see <a href=\"http://www.x.com\" rel=\"nofollow\">www.x.com</a> &amp; more", 1);

    weft_value ten = wv_int(10), two = S("2"), zero = wv_int(0);
    check_arg("urlizetrunc", "http://www.example.com/long/path",
              ten, "<a href=\"http://www.example.com/long/path\" rel=\"nofollow\">http://ww\xE2\x80\xA6</a>");
    check_arg("urlizetrunc", "www.ab.com", two,
              "<a href=\"http://www.ab.com\" rel=\"nofollow\">w\xE2\x80\xA6</a>");
    check_arg("urlizetrunc", "www.ab.com", zero,
              "<a href=\"http://www.ab.com\" rel=\"nofollow\">\xE2\x80\xA6</a>");
    weft_value bad = S("x");
    check_fails("urlizetrunc", S("a"), &bad, WEFT_ERROR_VALUE);
}

static void test_truncate(void)
{
    weft_value n4 = wv_int(4), n2 = S("2"), bad = S("two"), n0 = wv_int(0), n7 = wv_int(7);
    check_arg("truncatechars_html", "<p>one <b>two</b> three</p>", n7,
              "<p>one <b>tw\xE2\x80\xA6</b></p>");
    check_arg("truncatechars_html", "<p>abc</p>", n4, "<p>abc</p>");
    check_arg("truncatechars_html", "abcd", n4, "abcd");
    check_arg("truncatechars_html", "abcde", n4, "abc\xE2\x80\xA6");
    check_arg("truncatechars_html", "<i>a&amp;b&lt;cdefg</i>", n4, "<i>a&amp;b\xE2\x80\xA6</i>");
    check_arg("truncatechars_html", "<br>x<img src=a.png/>yz<hr/>w", n2,
              "<br>x<img src=a.png/>\xE2\x80\xA6");
    check_arg("truncatechars_html", "anything", n0, "");
    check_arg("truncatechars_html", "<b>x", bad, "<b>x");
    check_arg("truncatewords_html", "<p>one <b>two three</b> four</p>", n2,
              "<p>one <b>two \xE2\x80\xA6</b></p>");
    check_arg("truncatewords_html", "<p>one two</p>", n2, "<p>one two</p>");
    check_arg("truncatewords_html", "  lead and trail  ", n4, "  lead and trail  ");
    check_arg("truncatewords_html", "<div/>a b c", n2, "<div/></div>a b \xE2\x80\xA6");
    check_arg("truncatewords_html", "<p>a <!-- c --> b c</p>", n2, "<p>a  b \xE2\x80\xA6</p>");
    check_arg("truncatewords_html", "a <b>b</b> c", n4, "a <b>b</b> c");
}

static void test_helpers(void)
{
    buf b;
    buf_init(&b, &A);
    const char *in = "&amp;&ampx &notin; &notit; &#x41;&#65&#0;&#128;&#xD800;&bogus; &";
    html_unescape(&b, in, strlen(in));
    const char *expect = "&&x \xE2\x88\x89 \xC2\xACit; AA\xEF\xBF\xBD\xE2\x82\xAC\xEF\xBF\xBD&bogus; &";
    if (b.len != strlen(expect) || memcmp(b.data, expect, b.len)) {
        printf("FAIL html_unescape: got %.*s\n", (int)b.len, b.data);
        failed++;
    } else {
        passed++;
    }
}

int main(void)
{
    arena_init(&A);
    test_helpers();
    test_escaping();
    test_striptags();
    test_linebreaks();
    test_unordered_list();
    test_json_script();
    test_urlize();
    test_truncate();
    arena_free(&A);
    return check_report();
}
