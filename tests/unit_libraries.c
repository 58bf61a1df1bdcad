/* Named libraries: {% load %} and {% load ... from %}, unknown names and
 * Django's messages for them, built-in libraries, precedence between a
 * load, the engine's built-ins and Django's own filters, sealing, and one
 * library shared by two engines. */
#include <stdlib.h>
#include <string.h>

#include "weft.h"
#include "check.h"

/* A filter that answers with its userdata (a NUL-terminated word). */
static int word(void *userdata, weft_rendering *r, const weft_value *value, const weft_value *arg,
                weft_value **out)
{
    (void)value, (void)arg;
    const char *w = userdata;
    *out = weft_value_string(weft_rendering_store(r), w, strlen(w));
    return *out ? WEFT_OK : WEFT_ENOMEM;
}

/* {% hello %} writes its userdata. */
static int hello(void *userdata, weft_rendering *r, const weft_value *const *args, size_t nargs,
                 const char *const *kwn, const weft_value *const *kwv, size_t nkw, weft_value **out)
{
    (void)args, (void)nargs, (void)kwn, (void)kwv, (void)nkw, (void)out;
    const char *w = userdata;
    return weft_rendering_write(r, w, strlen(w));
}

/* Renders source with engine e (an empty context); returns the output or
 * "ERROR Kind: message" (malloc'd). */
static char *render(weft_engine *e, const char *source)
{
    weft_error err;
    weft_template *t = weft_engine_compile(e, "t.html", source, strlen(source), &err);
    char *out = NULL;
    if (t && weft_render_to_string(t, NULL, NULL, &out, NULL, &err) == WEFT_OK) {
        weft_template_release(t);
        return out;
    }
    weft_template_release(t);
    size_t n = strlen(err.message) + 64;
    out = malloc(n);
    snprintf(out, n, "ERROR %s: %s", weft_error_kind_name(err.kind), err.message);
    return out;
}

#define EXPECT(e, source, want)                                                        \
    do {                                                                               \
        char *got_ = render(e, source);                                                \
        CHECK(got_ && !strcmp(got_, want), "%s\n  want %s\n  got  %s", source, want, got_); \
        free(got_);                                                                    \
    } while (0)

static weft_library *humanize(void)
{
    weft_library *lib = weft_library_new("humanize");
    CHECK(lib != NULL, "weft_library_new");
    CHECK(weft_library_add_filter(lib, "shout", word, "HUMANIZE", 0) == WEFT_OK, "add filter");
    CHECK(weft_library_add_filter(lib, "upper", word, "HUMANIZE-UPPER", 0) == WEFT_OK, "add upper");
    CHECK(weft_library_add_simple_tag(lib, "hello", hello, "hi from humanize", 0) == WEFT_OK, "add tag");
    return lib;
}

static void test_load(void)
{
    weft_engine *e = weft_engine_new();
    weft_library *lib = humanize();
    CHECK(weft_engine_add_library(e, lib) == WEFT_OK, "add library");
    weft_library_free(lib); /* the engine keeps its own reference */
    EXPECT(e, "{% load humanize %}{{ x|shout }} {% hello %}", "HUMANIZE hi from humanize");
    /* Not visible without the load. */
    EXPECT(e, "{{ x|shout }}", "ERROR TemplateSyntaxError: Invalid filter: 'shout'");
    EXPECT(e, "{% hello %}",
           "ERROR TemplateSyntaxError: Invalid block tag on line 1: 'hello'. Did you forget to register or load this tag?");
    /* Only what "from" names. */
    EXPECT(e, "{% load shout from humanize %}{{ x|shout }}", "HUMANIZE");
    EXPECT(e, "{% load shout from humanize %}{% hello %}",
           "ERROR TemplateSyntaxError: Invalid block tag on line 1: 'hello'. Did you forget to register or load this tag?");
    EXPECT(e, "{% load nope from humanize %}",
           "ERROR TemplateSyntaxError: 'nope' is not a valid tag or filter in tag library 'humanize'");
    /* A loaded library's filter takes precedence over Django's own. */
    EXPECT(e, "{{ 'a'|upper }}{% load humanize %}{{ 'a'|upper }}", "AHUMANIZE-UPPER");
    /* Django's libraries are libraries like any other. */
    EXPECT(e, "{% load l10n %}{{ 1.5|unlocalize }}", "1.5");
    EXPECT(e, "{% load unlocalize from l10n %}{{ 1.5|unlocalize }}", "1.5");
    /* An unknown library lists every library there is, sorted. */
    EXPECT(e, "{% load nosuch %}",
           "ERROR TemplateSyntaxError: 'nosuch' is not a registered tag library. Must be one of:\n"
           "cache\nhumanize\ni18n\nl10n\nstatic\ntz");
    weft_engine_free(e);
}

static void test_builtins(void)
{
    weft_engine *e = weft_engine_new();
    weft_library *lib = humanize();
    CHECK(weft_engine_add_library(e, lib) == WEFT_OK, "add library");
    CHECK(weft_engine_add_builtin(e, "humanize") == WEFT_OK, "builtin humanize");
    CHECK(weft_engine_add_builtin(e, "i18n") == WEFT_OK, "builtin i18n");
    EXPECT(e, "{{ x|shout }} {% hello %}", "HUMANIZE hi from humanize");
    /* A built-in library's filter takes precedence over Django's own. */
    EXPECT(e, "{{ 'a'|upper }}", "HUMANIZE-UPPER");
    /* Django's i18n made built in: trans without a load. */
    EXPECT(e, "{% trans 'yes' %}", "yes");
    weft_library_free(lib);
    weft_engine_free(e);

    /* A built-in that names no library fails the freeze. */
    e = weft_engine_new();
    CHECK(weft_engine_add_builtin(e, "missing") == WEFT_OK, "builtin missing (checked at freeze)");
    weft_error err;
    weft_template *t = weft_engine_compile(e, "t", "x", 1, &err);
    CHECK(!t && err.code == WEFT_EINVAL && strstr(err.message, "missing"), "unknown builtin: %s", err.message);
    weft_engine_free(e);
}

static void test_precedence(void)
{
    /* The engine's own one-call filter over Django's built-in of the same
     * name; a later {% load %} over both. */
    weft_engine *e = weft_engine_new();
    CHECK(weft_engine_add_filter(e, "lower", word, "OWN-LOWER", 0) == WEFT_OK, "own filter");
    weft_library *a = weft_library_new("a"), *b = weft_library_new("b");
    CHECK(weft_library_add_filter(a, "lower", word, "A-LOWER", 0) == WEFT_OK, "a lower");
    CHECK(weft_library_add_filter(b, "lower", word, "B-LOWER", 0) == WEFT_OK, "b lower");
    CHECK(weft_engine_add_library(e, a) == WEFT_OK && weft_engine_add_library(e, b) == WEFT_OK, "add a, b");
    EXPECT(e, "{{ 'X'|lower }}", "OWN-LOWER");
    EXPECT(e, "{% load a %}{{ 'X'|lower }}", "A-LOWER");
    EXPECT(e, "{% load a b %}{{ 'X'|lower }}", "B-LOWER");
    EXPECT(e, "{% load b %}{% load a %}{{ 'X'|lower }}", "A-LOWER");
    /* A library registered later under a taken name replaces the earlier. */
    weft_library_free(a);
    weft_library_free(b);
    weft_engine_free(e);

    e = weft_engine_new();
    weft_library *i18n = weft_library_new("i18n");
    CHECK(weft_library_add_filter(i18n, "shout", word, "MY-I18N", 0) == WEFT_OK, "own i18n");
    CHECK(weft_engine_add_library(e, i18n) == WEFT_OK, "add own i18n");
    EXPECT(e, "{% load i18n %}{{ x|shout }}", "MY-I18N");
    EXPECT(e, "{% load i18n %}{% trans 'x' %}",
           "ERROR TemplateSyntaxError: Invalid block tag on line 1: 'trans'. Did you forget to register or load this tag?");
    weft_library_free(i18n);
    weft_engine_free(e);
}

static void test_sealing_and_sharing(void)
{
    weft_library *lib = humanize();
    weft_engine *e1 = weft_engine_new(), *e2 = weft_engine_new();
    CHECK(weft_engine_add_library(e1, lib) == WEFT_OK, "add to e1");
    CHECK(weft_engine_add_library(e2, lib) == WEFT_OK, "add to e2");
    CHECK(weft_library_add_filter(lib, "late", word, "x", 0) == WEFT_EBUSY, "sealed library refuses");
    weft_library_free(lib);
    EXPECT(e1, "{% load humanize %}{{ x|shout }}", "HUMANIZE");
    weft_engine_free(e1);
    /* e2 still has it after e1 and the caller let go. */
    EXPECT(e2, "{% load humanize %}{{ x|shout }}", "HUMANIZE");
    weft_library *late = humanize();
    CHECK(weft_engine_add_library(e2, late) == WEFT_EBUSY, "frozen engine refuses libraries");
    weft_library_free(late);
    weft_engine_free(e2);

    CHECK(weft_library_new("") == NULL, "empty library name refused");
    CHECK(weft_library_new("a b") == NULL, "library name with a space refused");
    weft_library *named = weft_library_new("myapp.tags");
    CHECK(named && !strcmp(weft_library_name(named), "myapp.tags"), "name kept");
    CHECK(weft_library_add_filter(named, "bad-name", word, "x", 0) == WEFT_EINVAL, "bad filter name");
    CHECK(weft_library_add_filter(named, "f", NULL, "x", 0) == WEFT_EINVAL, "no function");
    weft_library_free(named);
    weft_library_free(NULL);
}

int main(void)
{
    test_load();
    test_builtins();
    test_precedence();
    test_sealing_and_sharing();
    return check_report();
}
