/* Unit tests of the tags in src/django/tags_misc.c (now, url, lorem,
 * widthratio, querystring, static), through the public API only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft.h"
#include "check.h"

/* A clock pinned at 2001-02-03 04:05:06.000007 UTC. */
static void fixed_clock(void *userdata, int64_t *sec, int32_t *usec)
{
    (void)userdata;
    *sec = 981173106;
    *usec = 7;
}

/* A resolver with two patterns: "item" (one argument or id=) and "home". */
static int resolver(void *userdata, const char *view, const char *const *args, size_t nargs,
                    const char *const *kw_names, const char *const *kw_values, size_t nkw,
                    char *out, size_t size)
{
    (void)userdata;
    if (!strcmp(view, "home") && nargs == 0 && nkw == 0) {
        snprintf(out, size, "/");
        return WEFT_OK;
    }
    if (!strcmp(view, "item") && nargs == 1 && nkw == 0) {
        snprintf(out, size, "/item/%s/", args[0]);
        return WEFT_OK;
    }
    if (!strcmp(view, "item") && nargs == 0 && nkw == 2) {
        snprintf(out, size, "/item/%s/%s/?%s=%s", kw_values[0], kw_values[1], kw_names[0],
                 kw_names[1]);
        return WEFT_OK;
    }
    return WEFT_ENOTFOUND;
}

typedef struct setup {
    const char *time_zone;
    bool use_tz;
    bool autoescape_off;
    const char *static_url;
    const char *media_url;
} setup;

/* Renders src with ctx; returns the output (malloc'd) or NULL with err. */
static char *render(const setup *s, const char *src, const weft_value *ctx, weft_error *err)
{
    weft_engine *e = weft_engine_new();
    if (!e) return NULL;
    weft_engine_set_clock(e, fixed_clock, NULL);
    weft_engine_set_url_resolver(e, resolver, NULL);
    if (s && s->time_zone) weft_engine_set_time_zone(e, s->time_zone);
    if (s && s->use_tz) weft_engine_set_use_tz(e, true);
    if (s && s->autoescape_off) weft_engine_set_autoescape(e, false);
    if (s && s->static_url) weft_engine_set_static_url(e, s->static_url);
    if (s && s->media_url) weft_engine_set_media_url(e, s->media_url);
    char *out = NULL;
    size_t len = 0;
    weft_template *t = weft_engine_compile(e, "t", src, strlen(src), err);
    if (t && weft_render_to_string(t, ctx, NULL, &out, &len, err) != WEFT_OK) {
        free(out);
        out = NULL;
    }
    weft_template_release(t);
    weft_engine_free(e);
    return out;
}

static void expect_full(const setup *s, const char *src, const weft_value *ctx, const char *want)
{
    weft_error err = {0};
    char *got = render(s, src, ctx, &err);
    if (got && !strcmp(got, want)) {
        passed++;
    } else {
        failed++;
        printf("FAIL %s\n  expected \"%s\"\n  got      ", src, want);
        if (got) printf("\"%s\"\n", got);
        else printf("%s: %s\n", weft_error_kind_name(err.kind), err.message);
    }
    free(got);
}

static void expect(const char *src, const weft_value *ctx, const char *want)
{
    expect_full(NULL, src, ctx, want);
}

static void expect_error(const char *src, const weft_value *ctx, weft_error_kind kind,
                         const char *message)
{
    weft_error err = {0};
    char *got = render(NULL, src, ctx, &err);
    if (!got && err.kind == kind && (!message || !strcmp(err.message, message))) {
        passed++;
    } else {
        failed++;
        printf("FAIL %s\n  expected %s: %s\n  got      ", src, weft_error_kind_name(kind),
               message ? message : "(any message)");
        if (got) printf("\"%s\"\n", got);
        else printf("%s: %s\n", weft_error_kind_name(err.kind), err.message);
    }
    free(got);
}

/* Checks the number of space-separated words and a prefix of the output. */
static void expect_words(const char *src, size_t words, const char *prefix)
{
    weft_error err = {0};
    char *got = render(NULL, src, NULL, &err);
    size_t n = 0;
    for (const char *p = got; p && *p; p++)
        if (*p != ' ' && (p == got || p[-1] == ' ')) n++;
    if (got && n == words && !strncmp(got, prefix, strlen(prefix))) {
        passed++;
    } else {
        failed++;
        printf("FAIL %s\n  expected %zu words starting \"%s\"\n  got      \"%s\" (%zu words)\n", src,
               words, prefix, got ? got : err.message, n);
    }
    free(got);
}

static void test_now(weft_values *st)
{
    expect("{% now \"Y-m-d H:i:s\" %}", NULL, "2001-02-03 04:05:06");
    expect("{% now 'j.n.y' %}", NULL, "3.2.01");
    expect("[{% now \"Y\" as year %}]{{ year }}", NULL, "[]2001");
    expect("{% now \"Y & Y\" %}", NULL, "2001 & 2001"); /* node output is not escaped */
    setup chicago = {"America/Chicago", false, false, NULL, NULL};
    expect_full(&chicago, "{% now \"Y-m-d H:i\" %}", NULL, "2001-02-02 22:05");
    setup chicago_tz = {"America/Chicago", true, false, NULL, NULL};
    expect_full(&chicago_tz, "{% now \"H:i O\" %}", NULL, "22:05 -0600");
    expect_error("{% now %}", NULL, WEFT_ERROR_TEMPLATE_SYNTAX, "'now' statement takes one argument");
    expect_error("{% now \"Y\" as %}", NULL, WEFT_ERROR_TEMPLATE_SYNTAX, NULL);
    (void)st;
}

static void test_url(weft_values *st)
{
    weft_value *ctx = weft_value_dict(st);
    weft_dict_set(st, ctx, "n", 1, weft_value_int(st, 42));
    weft_dict_set(st, ctx, "view", 4, weft_value_string(st, "item", 4));
    weft_dict_set(st, ctx, "amp", 3, weft_value_string(st, "a&b", 3));
    expect("{% url 'home' %}", ctx, "/");
    expect("{% url \"item\" n %}", ctx, "/item/42/");
    expect("{% url view 7 %}", ctx, "/item/7/");
    expect("{% url 'item' amp %}", ctx, "/item/a&amp;b/");
    setup raw = {NULL, false, true, NULL, NULL};
    expect_full(&raw, "{% url 'item' amp %}", ctx, "/item/a&b/");
    expect("{% url 'item' id=n slug='x' %}", ctx, "/item/42/x/?id=slug");
    expect("{% url 'item' id=1 slug='x' id=2 %}", ctx, "/item/2/x/?id=slug");
    expect("{% url 'item' 'ABC'|lower %}", ctx, "/item/abc/");
    expect("{% url 'item' n as link %}<{{ link }}>", ctx, "</item/42/>");
    expect("{% url 'missing' as link %}<{{ link }}>", ctx, "<>");
    expect_error("{% url 'missing' %}", ctx, WEFT_ERROR_NO_REVERSE_MATCH,
                 "Reverse for 'missing' not found. 'missing' is not a valid view function or pattern name.");
    expect_error("{% url %}", ctx, WEFT_ERROR_TEMPLATE_SYNTAX,
                 "'url' takes at least one argument, a URL pattern name.");
    expect_error("{% url 'item' x= %}", ctx, WEFT_ERROR_TEMPLATE_SYNTAX, NULL);
    expect_error("{% url 'item' a.b=1 %}", ctx, WEFT_ERROR_TEMPLATE_SYNTAX, NULL);
}

static void test_lorem(void)
{
    expect("{% lorem 4 w %}", NULL, "lorem ipsum dolor sit");
    expect("{% lorem 0 w %}", NULL, "");
    expect_words("{% lorem -17 w %}", 2, "lorem ipsum");
    expect_words("{% lorem 19 w %}", 19, "lorem ipsum");
    expect_words("{% lorem 250 w %}", 250, "lorem ipsum dolor");
    expect_words("{% lorem 5 w random %}", 5, "");
    expect_words("{% lorem 'x' w %}", 1, "lorem");
    expect("{% lorem %}", NULL,
           "Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor "
           "incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud "
           "exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure "
           "dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. "
           "Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt "
           "mollit anim id est laborum.");
    expect("{% lorem 0 p %}", NULL, "");
    expect_error("{% lorem 1 w x y %}", NULL, WEFT_ERROR_TEMPLATE_SYNTAX, "Incorrect format for 'lorem' tag");

    /* Two paragraphs: the common one, then a random one with its <p>. */
    weft_error err = {0};
    char *got = render(NULL, "{% lorem 2 p random %}", NULL, &err);
    const char *second = got ? strstr(got, "</p>\n\n<p>") : NULL;
    size_t len = got ? strlen(got) : 0;
    if (got && !strncmp(got, "<p>", 3) && second && strncmp(got, "<p>Lorem ipsum dolor sit amet", 29) &&
        len > 4 && !strcmp(got + len - 4, "</p>") &&
        (got[len - 5] == '.' || got[len - 5] == '?') && second[9] >= 'A' && second[9] <= 'Z') {
        passed++;
    } else {
        failed++;
        printf("FAIL {%% lorem 2 p random %%}\n  got \"%s\"\n", got ? got : err.message);
    }
    free(got);
}

static void test_widthratio(weft_values *st)
{
    weft_value *ctx = weft_value_dict(st);
    weft_dict_set(st, ctx, "v", 1, weft_value_int(st, 175));
    weft_dict_set(st, ctx, "m", 1, weft_value_int(st, 200));
    weft_dict_set(st, ctx, "s", 1, weft_value_string(st, " 3.5 ", 5));
    weft_dict_set(st, ctx, "w", 1, weft_value_string(st, "wide", 4));
    expect("{% widthratio v m 100 %}", ctx, "88");
    expect("{% widthratio 1 4 10 %}", ctx, "2");  /* 2.5 rounds to even */
    expect("{% widthratio 3 4 10 %}", ctx, "8");  /* 7.5 rounds to even */
    expect("{% widthratio -1 4 10 %}", ctx, "-2");
    expect("{% widthratio s 7 '10' %}", ctx, "5");
    expect("{% widthratio v 0 100 %}", ctx, "0");
    expect("{% widthratio w m 100 %}", ctx, "");
    expect("{% widthratio missing m 100 %}", ctx, "");
    expect("{% widthratio v m 10.9 %}", ctx, "9");
    expect("{% widthratio 1 1 1e300 %}", ctx,
           "100000000000000005250476025520442024870446858110815915491585411551180245798890819578637137"
           "5080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160");
    expect("{% widthratio v m 100 as r %}({{ r }})", ctx, "(88)");
    expect_error("{% widthratio v m w %}", ctx, WEFT_ERROR_TEMPLATE_SYNTAX,
                 "widthratio final argument must be a number");
    expect_error("{% widthratio v m %}", ctx, WEFT_ERROR_TEMPLATE_SYNTAX,
                 "widthratio takes at least three arguments");
    expect_error("{% widthratio v m 1 to r %}", ctx, WEFT_ERROR_TEMPLATE_SYNTAX,
                 "Invalid syntax in widthratio tag. Expecting 'as' keyword");
}

static void test_querystring(weft_values *st)
{
    weft_value *get = weft_value_dict(st);
    weft_value *list = weft_value_list(st);
    weft_list_append(st, list, weft_value_string(st, "1", 1));
    weft_list_append(st, list, weft_value_string(st, "2", 1));
    weft_dict_set(st, get, "a", 1, list);
    weft_dict_set(st, get, "b", 1, weft_value_string(st, "x y/z", 5));
    weft_value *request = weft_value_dict(st);
    weft_dict_set(st, request, "GET", 3, get);
    weft_value *ctx = weft_value_dict(st);
    weft_dict_set(st, ctx, "request", 7, request);
    weft_value *tags = weft_value_list(st);
    weft_list_append(st, tags, weft_value_string(st, "p", 1));
    weft_list_append(st, tags, weft_value_int(st, 9));
    weft_dict_set(st, ctx, "tags", 4, tags);
    weft_value *mine = weft_value_dict(st);
    weft_dict_set(st, mine, "k", 1, weft_value_string(st, "é", 2));
    weft_dict_set(st, ctx, "mine", 4, mine);
    weft_dict_set(st, ctx, "empty", 5, weft_value_dict(st));

    expect("{% querystring %}", ctx, "?a=1&amp;a=2&amp;b=x+y%2Fz");
    setup raw = {NULL, false, true, NULL, NULL};
    expect_full(&raw, "{% querystring %}", ctx, "?a=1&a=2&b=x+y%2Fz");
    expect("{% querystring a=None c=3 %}", ctx, "?b=x+y%2Fz&amp;c=3");
    expect("{% querystring a='z' %}", ctx, "?a=z&amp;b=x+y%2Fz");
    expect("{% querystring b=tags %}", ctx, "?a=1&amp;a=2&amp;b=p&amp;b=9");
    expect("{% querystring mine %}", ctx, "?k=%C3%A9");
    expect("{% querystring mine k=None %}", ctx, "?");
    expect("{% querystring empty %}", ctx, "");
    expect("{% querystring empty x=True %}", ctx, "?x=True");
    expect("{% querystring a=1 as q %}[{{ q }}]", ctx, "[?a=1&amp;b=x+y%2Fz]");
    expect_error("{% querystring %}", NULL, WEFT_ERROR_ATTRIBUTE,
                 "'Context' object has no attribute 'request'");
    expect_error("{% querystring 'x' %}", ctx, WEFT_ERROR_ATTRIBUTE, NULL);
    expect_error("{% querystring a=1 mine %}", ctx, WEFT_ERROR_TEMPLATE_SYNTAX, NULL);
    expect_error("{% querystring mine mine %}", ctx, WEFT_ERROR_TEMPLATE_SYNTAX, NULL);
    expect_error("{% querystring a=1 a=2 %}", ctx, WEFT_ERROR_TEMPLATE_SYNTAX, NULL);
}

static void test_static(weft_values *st)
{
    weft_value *ctx = weft_value_dict(st);
    weft_dict_set(st, ctx, "css", 3, weft_value_string(st, "css/site.css", 12));
    weft_dict_set(st, ctx, "n", 1, weft_value_int(st, 3));
    expect("{% load static %}{% static 'img/a b.png' %}", ctx, "/static/img/a%20b.png");
    expect("{% load static %}{% static css %}", ctx, "/static/css/site.css");
    expect("{% load static %}{% static 'a?b&c#d' %}", ctx, "/static/a%3Fb%26c%23d");
    expect("{% load static %}{% static '/root.css' %}", ctx, "/root.css");
    expect("{% load static %}{% static '../up.css' %}", ctx, "/up.css");
    expect("{% load static %}{% static css as u %}<{{ u }}>", ctx, "</static/css/site.css>");
    setup cdn = {NULL, false, false, "https://cdn.example/s/", "media/"};
    expect_full(&cdn, "{% load static %}{% static 'x.js' %}", ctx, "https://cdn.example/s/x.js");
    expect_full(&cdn, "{% load static %}{% get_static_prefix %}", ctx, "https://cdn.example/s/");
    expect_full(&cdn, "{% load static %}{% get_media_prefix %}", ctx, "/media/");
    expect_full(&cdn, "{% load static %}{% get_media_prefix as m %}[{{ m }}]", ctx, "[/media/]");
    setup odd = {NULL, false, false, "/stätic/", NULL};
    expect_full(&odd, "{% load static %}{% get_static_prefix %}|{% static 'x' %}", ctx,
                "/st%C3%A4tic/|/st%C3%A4tic/x");
    expect("{% load static %}{% get_media_prefix %}", ctx, "/");
    expect_error("{% static 'x' %}", ctx, WEFT_ERROR_TEMPLATE_SYNTAX, NULL);
    expect_error("{% load static %}{% static %}", ctx, WEFT_ERROR_TEMPLATE_SYNTAX,
                 "'static' takes at least one argument (path to file)");
    expect_error("{% load static %}{% get_static_prefix to x %}", ctx, WEFT_ERROR_TEMPLATE_SYNTAX,
                 "First argument in 'get_static_prefix' must be 'as'");
    expect_error("{% load static %}{% static n %}", ctx, WEFT_ERROR_TYPE, NULL);
}

int main(void)
{
    weft_values *st = weft_values_new();
    if (!st) return 1;
    test_now(st);
    test_url(st);
    test_lorem();
    test_widthratio(st);
    test_querystring(st);
    test_static(st);
    weft_values_free(st);
    return check_report();
}
