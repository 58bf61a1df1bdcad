/* The engine and renderer through the public API: rendering, errors with
 * positions, loader safety, limits, engine freeze. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "weft.h"
#include "check.h"

/* Renders source with a context of {"name": name} and compares. */
static void expect_render(const char *source, const char *expected)
{
    weft_engine *e = weft_engine_new();
    weft_values *vals = weft_values_new();
    weft_value *ctx = weft_value_dict(vals);
    weft_dict_set(vals, ctx, "name", 4, weft_value_string(vals, "<Ann>", 5));
    weft_value *items = weft_value_list(vals);
    for (int i = 1; i <= 3; i++) weft_list_append(vals, items, weft_value_int(vals, i));
    weft_dict_set(vals, ctx, "items", 5, items);
    /* Keys that agree in length and in their first or last bytes, on both
     * sides of the 4-, 8- and 16-byte steps of the key comparison. */
    static const char *const keys[] = {"price", "pride", "abcdefgh1", "abcdefgh2", "key_of_seventeen1",
                                       "key_of_seventeen2", "k", "kk", "abcd", "abce", "abcdefgh", "abcdefgi"};
    weft_value *d = weft_value_dict(vals);
    for (int i = 0; i < (int)(sizeof keys / sizeof keys[0]); i++)
        weft_dict_set(vals, d, keys[i], strlen(keys[i]), weft_value_int(vals, i + 1));
    weft_dict_set(vals, ctx, "d", 1, d);
    weft_error err;
    weft_template *t = weft_engine_compile(e, "t", source, strlen(source), &err);
    char *out = NULL;
    if (!t) {
        CHECK(0, "compile %s: %s", source, err.message);
    } else if (weft_render_to_string(t, ctx, NULL, &out, NULL, &err)) {
        CHECK(0, "render %s: %s", source, err.message);
    } else {
        CHECK(strcmp(out, expected) == 0, "%s: expected [%s] got [%s]", source, expected, out);
    }
    free(out);
    weft_template_release(t);
    weft_values_free(vals);
    weft_engine_free(e);
}

static void expect_compile_error(const char *source, unsigned line, unsigned column, const char *needle)
{
    weft_engine *e = weft_engine_new();
    weft_error err;
    weft_template *t = weft_engine_compile(e, "bad.html", source, strlen(source), &err);
    CHECK(!t, "expected a syntax error for %s", source);
    if (!t) {
        CHECK(err.kind == WEFT_ERROR_TEMPLATE_SYNTAX, "kind %s", weft_error_kind_name(err.kind));
        CHECK(err.line == line && err.column == column, "%s: at %u:%u, expected %u:%u", source,
              err.line, err.column, line, column);
        CHECK(strstr(err.message, needle) != NULL, "message [%s] lacks [%s]", err.message, needle);
        char text[1024];
        weft_error_format(&err, text, sizeof text);
        CHECK(strstr(text, "bad.html:") == text && strchr(text, '^'), "format: %s", text);
    }
    weft_template_release(t);
    weft_engine_free(e);
}

static void test_rendering(void)
{
    expect_render("Hi {{ name }}!", "Hi &lt;Ann&gt;!");
    expect_render("{% autoescape off %}{{ name }}{% endautoescape %}", "<Ann>");
    expect_render("{% for i in items %}{{ forloop.counter }}:{{ i }}{% if not forloop.last %},{% endif %}{% endfor %}",
                  "1:1,2:2,3:3");
    expect_render("{% for i in items %}{% cycle 'a' 'b' %}{% endfor %}", "aba");
    expect_render("{% with n=items|length %}{{ n }}{% endwith %}", "3");
    expect_render("{% if items.0 == 1 and not missing %}yes{% else %}no{% endif %}", "yes");
    expect_render("{{ missing|default:'x' }}", "x");
    expect_render("{{ 1.5 }} {{ True }} {{ None }}", "1.5 True None");
    /* Dict keys and list indices along a path (the renderer's inline walk). */
    expect_render("{{ d.price }}{{ d.pride }}{{ d.abcdefgh1 }}{{ d.abcdefgh2 }}{{ d.key_of_seventeen1 }}"
                  "{{ d.key_of_seventeen2 }}{{ d.k }}{{ d.kk }}{{ d.abcd }}{{ d.abce }}{{ d.abcdefgh }}"
                  "{{ d.abcdefgi }}|{{ d.pric }}{{ d.abcdefgh3 }}{{ d.key_of_seventeen3 }}{{ d.kkk }}",
                  "123456789101112|");
    expect_render("{{ items.2 }}{{ items.3 }}{{ items.0.x }}{{ d.k.x }}", "3");
    /* A loop variable the body assigns keeps Django's meaning: the body's
     * value until the next iteration, and nothing after the loop. */
    expect_render("{% for i in items %}{{ i }}{% cycle 'x' 'y' as i silent %}{{ i }}{% endfor %}{{ i }}",
                  "1x2y3x");
    expect_render("{% for i in items %}{% firstof 'z' as i %}{{ i }}{% endfor %}", "zzz");
    expect_render("{% for i in items %}{% for i in items %}{{ i }}{% endfor %}{{ i }};{% endfor %}",
                  "1231;1232;1233;");
    /* Comparisons of two ints, and of an int with other kinds. */
    expect_render("{% if items.0 < items.1 %}a{% endif %}{% if items.2 >= 3 %}b{% endif %}"
                  "{% if items.0 > 1.5 %}c{% endif %}{% if items.0 <= True %}d{% endif %}"
                  "{% if items.0 < 'x' %}e{% endif %}{% if d.k > 0 %}f{% endif %}",
                  "abdf");
}

static void test_errors(void)
{
    expect_compile_error("line one\n  {% if %}x{% endif %}", 2, 3, "Unexpected end of expression");
    expect_compile_error("{% for x in %}", 1, 1, "'for' statements");
    expect_compile_error("ab{% frobnicate %}", 1, 3, "Invalid block tag");
    expect_compile_error("{{ a|nosuchfilter }}", 1, 1, "Invalid filter");
    expect_compile_error("{% block a %}{% block a %}{% endblock %}{% endblock %}", 1, 14, "appears more than once");
}

static void test_loader_safety(void)
{
    char dir[] = "/tmp/weft-unit-XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    char path[512];
    snprintf(path, sizeof path, "%s/page.html", dir);
    FILE *f = fopen(path, "w");
    fputs("{% include '../../etc/passwd' %}", f);
    fclose(f);
    weft_engine *e = weft_engine_new();
    weft_engine_add_dir(e, dir);
    weft_error err;
    weft_template *t = weft_engine_get(e, "../etc/passwd", &err);
    CHECK(!t && err.kind == WEFT_ERROR_TEMPLATE_DOES_NOT_EXIST, "a .. name must not load");
    t = weft_engine_get(e, "/etc/passwd", &err);
    CHECK(!t && err.kind == WEFT_ERROR_TEMPLATE_DOES_NOT_EXIST, "an absolute name must not load");
    t = weft_engine_get(e, "page.html", &err);
    CHECK(t == NULL && err.kind == WEFT_ERROR_TEMPLATE_SYNTAX,
          "a relative include escaping the directory is a syntax error (%s)", err.message);
    CHECK(weft_engine_set_autoescape(e, false) == WEFT_EBUSY, "configuration after freeze is refused");
    weft_template_release(t);
    weft_engine_free(e);
    unlink(path);
    rmdir(dir);
}

static void test_limits(void)
{
    /* Recursion through include stops with a limit error, not a crash. */
    weft_engine *e = weft_engine_new();
    const char *self = "{% include 'loop' %}";
    weft_engine_add_template(e, "loop", self, strlen(self));
    weft_error err;
    weft_template *t = weft_engine_get(e, "loop", &err);
    CHECK(t != NULL, "compile loop");
    char *out = NULL;
    int rc = weft_render_to_string(t, NULL, NULL, &out, NULL, &err);
    CHECK(rc == WEFT_ELIMIT && err.kind == WEFT_ERROR_LIMIT, "include recursion: rc %d kind %s", rc,
          weft_error_kind_name(err.kind));
    free(out);
    weft_template_release(t);
    weft_engine_free(e);

    /* Deep nesting is refused at compile time. */
    size_t depth = 1000;
    char *deep = malloc(depth * 22 + 1);
    deep[0] = '\0';
    for (size_t i = 0; i < depth; i++) strcat(deep, "{% if x %}");
    for (size_t i = 0; i < depth; i++) strcat(deep, "{% endif %}");
    e = weft_engine_new();
    t = weft_engine_compile(e, "deep", deep, strlen(deep), &err);
    CHECK(!t && err.kind == WEFT_ERROR_LIMIT, "deep nesting: %s", err.message);
    weft_engine_free(e);
    free(deep);
}

/* A render can ask for its own time zone; the engine reads it once. */
static void test_render_time_zone(void)
{
    weft_engine *e = weft_engine_new();
    weft_engine_set_use_tz(e, true);
    weft_values *vals = weft_values_new();
    weft_value *ctx = weft_value_dict(vals);
    weft_dict_set(vals, ctx, "d", 1, weft_value_datetime(vals, 2024, 1, 1, 0, 0, 0, 0, true, 0));
    const char *src = "{{ d|date:'H:i' }}";
    weft_template *t = weft_engine_compile(e, "tz", src, strlen(src), NULL);
    const char *zones[] = {NULL, "Asia/Tokyo", "America/New_York", "Asia/Tokyo", "No/Such_Zone"};
    const char *want[] = {"00:00", "09:00", "19:00", "09:00", "00:00"};
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
        weft_render_options opts = {NULL, zones[i]};
        char *out = NULL;
        weft_render_to_string(t, ctx, &opts, &out, NULL, NULL);
        CHECK(out && !strcmp(out, want[i]), "zone %s: expected %s, got %s", zones[i] ? zones[i] : "(engine)",
              want[i], out ? out : "(error)");
        free(out);
    }
    weft_template_release(t);
    weft_values_free(vals);
    weft_engine_free(e);
}

int main(void)
{
    test_render_time_zone();
    test_rendering();
    test_errors();
    test_loader_safety();
    test_limits();
    return check_report();
}
