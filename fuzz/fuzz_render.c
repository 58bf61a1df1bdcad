/* libFuzzer target: compiles the input as a template and renders it with a
 * small fixed context. Any crash, sanitizer report, leak or timeout is a bug;
 * errors (syntax, missing templates, limits) are expected results.
 *
 * Build: clang -fsanitize=fuzzer,address,undefined (see fuzz/CMakeLists.txt).
 * Seeds: scripts/fuzz-seeds.py writes the corpus' template sources. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "weft.h"

#define MAX_INPUT 8192

static void fixed_clock(void *userdata, int64_t *unix_seconds, int32_t *microseconds)
{
    *unix_seconds = 1700000000; /* 2023-11-14T22:13:20Z */
    *microseconds = 123456;
}

/* Every view resolves, with its arguments joined: keeps {% url %} rendering. */
static int any_url(void *userdata, const char *view_name, const char *const *args, size_t n_args,
                   const char *const *kw_names, const char *const *kw_values, size_t n_kw,
                   char *out, size_t out_size)
{
    if (!strcmp(view_name, "missing"))
        return WEFT_ENOTFOUND;
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n_args + n_kw; i++) {
        const char *part = i < n_args ? args[i] : kw_values[i - n_args];
        size_t len = strlen(part);
        if (n + len + 2 >= out_size)
            break;
        out[n++] = '/';
        memcpy(out + n, part, len);
        n += len;
    }
    out[n] = '\0';
    return WEFT_OK;
}

static int add(weft_values *s, weft_value *dict, const char *key, weft_value *v)
{
    return v ? weft_dict_set(s, dict, key, strlen(key), v) : WEFT_ENOMEM;
}

static weft_value *build_context(weft_values *s)
{
    weft_value *ctx = weft_value_dict(s), *list = weft_value_list(s), *tuple = weft_value_tuple(s);
    weft_value *user = weft_value_dict(s), *posts = weft_value_list(s);
    if (!ctx || !list || !tuple || !user || !posts)
        return NULL;
    for (int i = 0; i < 5; i++) {
        weft_value *post = weft_value_dict(s);
        if (!post || weft_list_append(s, list, weft_value_int(s, i % 3)) != WEFT_OK ||
            add(s, post, "title", weft_value_string(s, "A <b>post</b> & more", 20)) ||
            add(s, post, "day", weft_value_date(s, 2024, 2, 27 + i / 2)) ||
            add(s, post, "n", weft_value_int(s, i)) || weft_list_append(s, posts, post))
            return NULL;
    }
    if (weft_list_append(s, tuple, weft_value_string(s, "x", 1)) ||
        weft_list_append(s, tuple, weft_value_float(s, 2.5)) ||
        add(s, user, "name", weft_value_string(s, "O'Brien <admin>", 15)) ||
        add(s, user, "id", weft_value_int(s, 42)) || add(s, ctx, "user", user) ||
        add(s, ctx, "posts", posts) || add(s, ctx, "list", list) || add(s, ctx, "tuple", tuple) ||
        add(s, ctx, "text", weft_value_string(s, "Hello world, this is a test", 27)) ||
        add(s, ctx, "html", weft_value_safe_string(s, "<p>safe</p>", 11)) ||
        add(s, ctx, "num", weft_value_float(s, 1234.5678)) ||
        add(s, ctx, "big", weft_value_int(s, INT64_MAX)) ||
        add(s, ctx, "neg", weft_value_int(s, -7)) ||
        add(s, ctx, "dec", weft_value_decimal(s, "3.14159", 7)) ||
        add(s, ctx, "none", weft_value_null(s)) || add(s, ctx, "yes", weft_value_bool(s, true)) ||
        add(s, ctx, "when", weft_value_datetime(s, 2024, 3, 1, 13, 5, 9, 500, true, 90)) ||
        add(s, ctx, "naive", weft_value_datetime(s, 2024, 10, 27, 2, 30, 0, 0, false, 0)) ||
        add(s, ctx, "t", weft_value_time(s, 23, 59, 1, 0)) ||
        add(s, ctx, "span", weft_value_duration(s, 1, 3600, 5)))
        return NULL;
    return ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MAX_INPUT)
        return 0;
    static const char base[] = "<h1>{% block title %}T{% endblock %}</h1>{% block body %}{% endblock %}";
    static const char partial[] = "{{ user.name }}{% cycle 'a' 'b' %}";
    weft_engine *engine = weft_engine_new();
    weft_values *store = weft_values_new();
    weft_value *ctx = store ? build_context(store) : NULL;
    if (!engine || !ctx || weft_engine_add_template(engine, "base.html", base, sizeof base - 1) ||
        weft_engine_add_template(engine, "partial.html", partial, sizeof partial - 1) ||
        weft_engine_set_time_zone(engine, "Europe/Paris") ||
        weft_engine_set_clock(engine, fixed_clock, NULL) ||
        weft_engine_set_url_resolver(engine, any_url, NULL))
        goto done;
    /* The input may name itself: "self" lets {% include "self" %} recurse
     * into the depth limit. */
    weft_engine_add_template(engine, "self", (const char *)data, size);

    weft_error err;
    weft_template *tpl = weft_engine_compile(engine, "fuzz", (const char *)data, size, &err);
    if (tpl) {
        char *out = NULL;
        size_t out_len = 0;
        weft_render_to_string(tpl, ctx, NULL, &out, &out_len, &err);
        free(out);
        weft_render_options opts = {"de", "America/New_York"};
        weft_render_to_string(tpl, ctx, &opts, &out, &out_len, &err);
        free(out);
        weft_template_release(tpl);
    } else {
        char text[1024];
        weft_error_format(&err, text, sizeof text);
    }
done:
    weft_values_free(store);
    weft_engine_free(engine);
    return 0;
}
