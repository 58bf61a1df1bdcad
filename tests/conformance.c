/* The Django conformance runner: renders every case of the corpus recorded
 * from Django's own template tests and compares with Django's result.
 *
 *   conformance CASES.json [--known FILE] [--filter SUBSTRING] [-v] [--list-failing]
 *
 * --list-failing prints only the ids of the failing cases, one a line: the
 * format of the known-failures file.
 *
 * Exit status: 0 when every case passes or is a listed known failure, 1 when
 * a case fails that is not listed or a listed case now passes, 77 (skip) when
 * the corpus is missing outside CI. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <utf8proc.h>

#include "../cli/json_context.h"
#include "weft.h"

#define SKIP_EXIT 77
/* Django's own catalogs, then those of the contrib apps its test suite has
 * installed (later directories take precedence, as an app's catalog
 * does over Django's). */
#define DJANGO_DIR "/usr/lib/python3/dist-packages/django/"
static const char *const locale_dirs[] = {
    DJANGO_DIR "conf/locale",          DJANGO_DIR "contrib/admin/locale",
    DJANGO_DIR "contrib/sessions/locale", DJANGO_DIR "contrib/sites/locale",
    DJANGO_DIR "contrib/auth/locale",  DJANGO_DIR "contrib/contenttypes/locale",
};

typedef struct options {
    const char *corpus;
    const char *known_path;
    const char *filter;
    bool verbose;
    bool list_failing; /* print only the ids of failing cases */
} options;

/* ---- Django's tests/template_tests/urls.py, as a URL hook --------------- */

typedef enum { DIGITS, DIGITS_COMMAS, NOT_SLASH, WORD, NOT_SPACE } pattern_class;

typedef struct url_param {
    const char *kwarg; /* NULL: an unnamed group, positional only */
    pattern_class cls;
} url_param;

typedef struct url_pattern {
    const char *name;
    bool in_namespaces; /* part of ns_patterns, included under ns1/ and ns2/ */
    const char *format; /* the path with %s for each parameter, without the leading / */
    size_t n_params;
    url_param params[2];
} url_pattern;

/* In urls.py order: reverse() tries the patterns of one name in order. */
static const url_pattern url_patterns[] = {
    {"index", true, "", 0, {{0}}},
    {"client", true, "client/%s/", 1, {{NULL, DIGITS_COMMAS}}},
    {"client_action", true, "client/%s/%s/", 2, {{"id", DIGITS}, {"action", NOT_SLASH}}},
    {"client_action", true, "client/%s/%s/", 2, {{"client_id", DIGITS}, {"action", NOT_SLASH}}},
    {"named.client", true, "named-client/%s/", 1, {{NULL, DIGITS}}},
    {"метка_оператора", false, "Юникод/%s/", 1, {{NULL, WORD}}},
    {"метка_оператора_2", false, "Юникод/%s/", 1, {{"tag", NOT_SPACE}}},
};

static bool char_matches(pattern_class cls, utf8proc_int32_t c)
{
    utf8proc_category_t cat = utf8proc_category(c);
    switch (cls) {
    case DIGITS:
        return c >= '0' && c <= '9';
    case DIGITS_COMMAS:
        return (c >= '0' && c <= '9') || c == ',';
    case NOT_SLASH:
        return c != '/';
    case WORD: /* Python's \w on str: alphanumerics and the underscore */
        return c == '_' || (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
               (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
    case NOT_SPACE:
        return !((c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x20) || c == 0x85 ||
                 (cat >= UTF8PROC_CATEGORY_ZS && cat <= UTF8PROC_CATEGORY_ZP));
    }
    return false;
}

/* The whole of s is one or more characters of cls. */
static bool full_match(pattern_class cls, const char *s)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    if (!*p)
        return false;
    while (*p) {
        utf8proc_int32_t c;
        utf8proc_ssize_t n = utf8proc_iterate(p, -1, &c);
        if (n <= 0 || !char_matches(cls, c))
            return false;
        p += n;
    }
    return true;
}

/* Python's quote(path, safe="!$&'()*+,;=/~:@"), as reverse() applies it. */
static bool percent_encode(const char *s, char *out, size_t out_size)
{
    static const char safe[] = "!$&'()*+,;=/~:@_.-";
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        bool keep = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                    (*p >= '0' && *p <= '9') || strchr(safe, *p);
        if (n + (keep ? 1 : 3) >= out_size)
            return false;
        if (keep) {
            out[n++] = (char)*p;
        } else {
            out[n++] = '%';
            out[n++] = hex[*p >> 4];
            out[n++] = hex[*p & 15];
        }
    }
    out[n] = '\0';
    return true;
}

/* Orders the given arguments as the pattern's parameters, or fails. */
static bool bind_params(const url_pattern *pat, const char *const *args, size_t n_args,
                        const char *const *kw_names, const char *const *kw_values, size_t n_kw,
                        const char *bound[2])
{
    if (n_args && n_kw) /* reverse() refuses to mix them */
        return false;
    if (n_args + n_kw != pat->n_params)
        return false;
    for (size_t i = 0; i < pat->n_params; i++) {
        const url_param *param = &pat->params[i];
        bound[i] = NULL;
        if (n_args) {
            bound[i] = args[i];
        } else if (param->kwarg) {
            for (size_t k = 0; k < n_kw; k++)
                if (!strcmp(kw_names[k], param->kwarg))
                    bound[i] = kw_values[k];
        }
        if (!bound[i] || !full_match(param->cls, bound[i]))
            return false;
    }
    return true;
}

static int reverse_url(void *userdata, const char *view_name, const char *const *args,
                       size_t n_args, const char *const *kw_names, const char *const *kw_values,
                       size_t n_kw, char *out, size_t out_size)
{
    const char *prefix = "";
    bool namespaced = false;
    if (!strncmp(view_name, "ns1:", 4)) {
        prefix = "ns1/", view_name += 4, namespaced = true;
    } else if (!strncmp(view_name, "app:", 4)) { /* the default instance of "app" */
        prefix = "ns2/", view_name += 4, namespaced = true;
    }
    for (size_t i = 0; i < sizeof url_patterns / sizeof url_patterns[0]; i++) {
        const url_pattern *pat = &url_patterns[i];
        const char *bound[2] = {"", ""};
        if (strcmp(pat->name, view_name) != 0 || (namespaced && !pat->in_namespaces) ||
            !bind_params(pat, args, n_args, kw_names, kw_values, n_kw, bound))
            continue;
        char path[1024];
        int n = snprintf(path, sizeof path, "/%s", prefix);
        if (n > 0 && (size_t)n < sizeof path) /* the format holds at most two %s */
            n += snprintf(path + n, sizeof path - (size_t)n, pat->format, bound[0], bound[1]);
        if (n < 0 || (size_t)n >= sizeof path || !percent_encode(path, out, out_size))
            return WEFT_EINVAL;
        return WEFT_OK;
    }
    return WEFT_ENOTFOUND;
}

/* ---- the pinned clock --------------------------------------------------- */

typedef struct pinned_clock {
    char iso[64];
    char zone[64];
    int64_t seconds;
    int32_t microseconds;
} pinned_clock;

static void read_pinned_clock(void *userdata, int64_t *unix_seconds, int32_t *microseconds)
{
    const pinned_clock *c = userdata;
    *unix_seconds = c->seconds;
    *microseconds = c->microseconds;
}

/* Converts settings.now once per distinct (now, zone): every case of the
 * corpus shares one. */
static void pin_clock(pinned_clock *c, const char *iso, const char *zone)
{
    if (!strcmp(c->iso, iso) && !strcmp(c->zone, zone))
        return;
    snprintf(c->iso, sizeof c->iso, "%s", iso);
    snprintf(c->zone, sizeof c->zone, "%s", zone);
    char why[256];
    if (!wjson_local_to_utc(iso, zone, &c->seconds, &c->microseconds, why, sizeof why)) {
        fprintf(stderr, "conformance: warning: %s; reading settings.now as UTC\n", why);
        wjson_local_to_utc(iso, NULL, &c->seconds, &c->microseconds, why, sizeof why);
    }
}

/* ---- one case ----------------------------------------------------------- */

/* ---- a fragment cache for {% cache %}, as Django's locmem caches -------- */

/* The caches "default" and "other" (the recording's CACHES); every set is
 * also logged, to compare with the case's cache_sets. */
typedef struct cache_item {
    char *cache, *key, *value;
    size_t value_len;
    bool has_timeout;
    int64_t timeout;
} cache_item;

typedef struct test_cache {
    cache_item *items; /* the log of sets, in order; the latest of a key wins */
    size_t n, cap;
} test_cache;

static const char *string_of_array(const json_t *a, size_t i)
{
    const char *s = json_string_value(json_array_get(a, i));
    return s ? s : "";
}

static const char *cache_alias(const char *name)
{
    if (!name) return "default";
    return !strcmp(name, "default") || !strcmp(name, "other") ? name : NULL;
}

static int cache_get(void *userdata, const char *cache_name, const char *key, size_t key_len,
                     weft_values *store, weft_value **out)
{
    test_cache *c = userdata;
    const char *alias = cache_alias(cache_name);
    if (!alias) return WEFT_EINVAL;
    for (size_t i = c->n; i-- > 0;) {
        const cache_item *it = &c->items[i];
        if (strcmp(it->cache, alias) || strlen(it->key) != key_len || memcmp(it->key, key, key_len))
            continue;
        /* A timeout of 0 or less expires the entry at once, as Django's. */
        if (it->has_timeout && it->timeout <= 0) return WEFT_ENOTFOUND;
        *out = weft_value_safe_string(store, it->value, it->value_len);
        return *out ? WEFT_OK : WEFT_ENOMEM;
    }
    return WEFT_ENOTFOUND;
}

static int cache_set(void *userdata, const char *cache_name, const char *key, size_t key_len,
                     const char *value, size_t value_len, bool has_timeout, int64_t timeout)
{
    test_cache *c = userdata;
    const char *alias = cache_alias(cache_name);
    if (!alias) return WEFT_EINVAL;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        cache_item *grown = realloc(c->items, cap * sizeof *grown);
        if (!grown) return WEFT_ENOMEM;
        c->items = grown;
        c->cap = cap;
    }
    cache_item it = {strdup(alias), strndup(key, key_len), malloc(value_len + 1), value_len,
                     has_timeout, timeout};
    if (!it.cache || !it.key || !it.value) {
        free(it.cache), free(it.key), free(it.value);
        return WEFT_ENOMEM;
    }
    memcpy(it.value, value, value_len);
    it.value[value_len] = '\0';
    c->items[c->n++] = it;
    return WEFT_OK;
}

static void test_cache_free(test_cache *c)
{
    for (size_t i = 0; i < c->n; i++) free(c->items[i].cache), free(c->items[i].key), free(c->items[i].value);
    free(c->items);
}

/* Whether the sets match the case's cache_sets: [[alias, key, timeout|null]]. */
static bool cache_sets_match(const test_cache *c, const json_t *want, char *why, size_t size)
{
    if (!json_is_array(want)) return true;
    if (json_array_size(want) != c->n) {
        snprintf(why, size, "the cache was set %zu times, expected %zu", c->n, json_array_size(want));
        return false;
    }
    for (size_t i = 0; i < c->n; i++) {
        const json_t *w = json_array_get(want, i);
        const json_t *t = json_array_get(w, 2);
        const cache_item *it = &c->items[i];
        bool same = !strcmp(it->cache, string_of_array(w, 0)) && !strcmp(it->key, string_of_array(w, 1)) &&
                    (json_is_null(t) ? !it->has_timeout : it->has_timeout && json_integer_value(t) == it->timeout);
        if (!same) {
            snprintf(why, size, "cache set %zu was (%s, %s, %s%lld), expected (%s, %s, %s)", i, it->cache,
                     it->key, it->has_timeout ? "" : "None ", (long long)it->timeout,
                     string_of_array(w, 0), string_of_array(w, 1),
                     json_is_null(t) ? "None" : "a timeout");
            return false;
        }
    }
    return true;
}

typedef struct outcome {
    bool passed;
    char *got;       /* the output or "Kind: message", malloc'd */
    const char *why; /* a static explanation when the setup failed */
} outcome;

static const char *string_of(const json_t *obj, const char *key, const char *fallback)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : fallback;
}

static bool loads_library(const json_t *kase, const char *lib)
{
    size_t i;
    const json_t *item;
    json_array_foreach(json_object_get(kase, "loads"), i, item) {
        if (!strcmp(json_string_value(item) ? json_string_value(item) : "", lib))
            return true;
    }
    return false;
}

/* Builds the engine a case describes. Returns NULL when configuration fails. */
static weft_engine *case_engine(const json_t *kase, pinned_clock *clock, test_cache *cache)
{
    const json_t *settings = json_object_get(kase, "settings");
    const json_t *opts = json_object_get(kase, "options");
    const char *language = string_of(settings, "language", "en");
    weft_engine *e = weft_engine_new();
    if (!e)
        return NULL;
    int st = WEFT_OK;
    const char *name;
    const json_t *src;
    json_object_foreach((json_t *)json_object_get(kase, "templates"), name, src) {
        if (st == WEFT_OK && json_is_string(src))
            st = weft_engine_add_template(e, name, json_string_value(src),
                                          json_string_length(src));
    }
    if (st == WEFT_OK)
        st = weft_engine_set_string_if_invalid(e, string_of(opts, "string_if_invalid", ""));
    if (st == WEFT_OK && json_is_boolean(json_object_get(opts, "autoescape")))
        st = weft_engine_set_autoescape(e, json_is_true(json_object_get(opts, "autoescape")));
    if (st == WEFT_OK)
        st = weft_engine_set_time_zone(e, string_of(settings, "TIME_ZONE", "UTC"));
    if (st == WEFT_OK)
        st = weft_engine_set_use_tz(e, json_is_true(json_object_get(settings, "USE_TZ")));
    if (st == WEFT_OK)
        st = weft_engine_set_static_url(e, string_of(settings, "STATIC_URL", "/static/"));
    if (st == WEFT_OK)
        st = weft_engine_set_media_url(e, string_of(settings, "MEDIA_URL", "/"));
    if (st == WEFT_OK)
        st = weft_engine_set_language(e, language);
    /* Catalogs only where a case can translate: English needs none, and
     * reading every language's catalog for each of ~1,700 engines is slow. */
    if (strcmp(language, "en") != 0 || loads_library(kase, "i18n"))
        for (size_t i = 0; st == WEFT_OK && i < sizeof locale_dirs / sizeof locale_dirs[0]; i++)
            st = weft_engine_add_locale_dir(e, locale_dirs[i]);
    if (st == WEFT_OK && json_is_string(json_object_get(settings, "now"))) {
        pin_clock(clock, string_of(settings, "now", ""),
                  string_of(settings, "TIME_ZONE", "UTC"));
        st = weft_engine_set_clock(e, read_pinned_clock, clock);
    }
    if (st == WEFT_OK)
        st = weft_engine_set_url_resolver(e, reverse_url, NULL);
    if (st == WEFT_OK)
        st = weft_engine_set_thousand_separator(
            e, json_is_true(json_object_get(settings, "USE_THOUSAND_SEPARATOR")));
    if (st == WEFT_OK)
        st = weft_engine_set_fragment_cache(e, cache_get, cache_set, cache);
    if (st != WEFT_OK) {
        weft_engine_free(e);
        return NULL;
    }
    return e;
}

static char *error_text(const weft_error *err)
{
    const char *kind = weft_error_kind_name(err->kind);
    size_t n = strlen(kind) + strlen(err->message) + 3;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s: %s", kind, err->message);
    return s;
}

/* What a case expects: the weft-targeted expect_zoneinfo when the
 * recording gives one (its Django version printed zones differently),
 * else expect. */
static const json_t *expectation(const json_t *kase)
{
    const json_t *z = json_object_get(kase, "expect_zoneinfo");
    return z ? z : json_object_get(kase, "expect");
}

/* One render of the case's template with a context, compared with expect. */
static outcome render_once(const json_t *kase, weft_engine *engine, const json_t *ctx_json,
                           const json_t *expect)
{
    outcome o = {false, NULL, NULL};
    const char *want_error = string_of(expect, "error", NULL);
    const json_t *want_output = json_object_get(expect, "output");
    bool compile_only = !strcmp(string_of(kase, "phase", "render"), "compile");
    const json_t *settings = json_object_get(kase, "settings");
    weft_render_options ropts = {string_of(settings, "language", NULL),
                                 string_of(settings, "current_timezone", NULL)};
    weft_error err = {0};
    char why[512];
    weft_values *store = weft_values_new();
    weft_value *context = store ? wjson_to_value(store, ctx_json, why, sizeof why) : NULL;
    if (!context) {
        o.why = "the context could not be built";
        weft_values_free(store);
        return o;
    }
    weft_template *tpl = weft_engine_get(engine, string_of(kase, "name", ""), &err);
    int status = tpl ? WEFT_OK : err.code;
    if (tpl && !compile_only) {
        char *out = NULL;
        size_t out_len = 0;
        status = weft_render_to_string(tpl, context, &ropts, &out, &out_len, &err);
        if (status == WEFT_OK) {
            o.got = out;
            o.passed = json_is_string(want_output) &&
                       json_string_length(want_output) == out_len &&
                       memcmp(json_string_value(want_output), out, out_len) == 0;
        } else {
            free(out);
        }
    }
    weft_template_release(tpl);
    if (status != WEFT_OK) {
        o.got = error_text(&err);
        o.passed = want_error && !strcmp(want_error, weft_error_kind_name(err.kind));
    } else if (compile_only) {
        o.got = strdup("(compiled)");
        o.passed = !want_error;
    }
    weft_values_free(store);
    return o;
}

static outcome run_case(const json_t *kase, pinned_clock *clock)
{
    outcome o = {false, NULL, NULL};
    test_cache cache = {0};
    weft_engine *engine = case_engine(kase, clock, &cache);
    if (!engine) {
        o.why = "the engine refused the case's configuration";
        return o;
    }
    o = render_once(kase, engine, json_object_get(kase, "context"), expectation(kase));
    /* Follow-up renders share the engine and its caches ({% cache %}). */
    size_t i;
    const json_t *again;
    json_array_foreach(json_object_get(kase, "renders"), i, again) {
        if (!o.passed) break;
        free(o.got);
        o = render_once(kase, engine, json_object_get(again, "context"), json_object_get(again, "expect"));
    }
    static char why[512];
    if (o.passed && !cache_sets_match(&cache, json_object_get(kase, "cache_sets"), why, sizeof why)) {
        o.passed = false;
        o.why = why;
        free(o.got);
        o.got = NULL;
    }
    weft_engine_free(engine);
    test_cache_free(&cache);
    return o;
}

/* ---- reporting ---------------------------------------------------------- */

/* Whether a {% lorem %} tag's output is random: the random flag, or more
 * than one paragraph (Django draws every paragraph after the first). */
static bool lorem_is_random(const char *args, size_t len)
{
    /* The tag's words: [count] [w|p|b] [random], as Django reads them from
     * the end. Anything else is a syntax error, which is not random. */
    const char *words[8];
    size_t lens[8], n = 0;
    for (size_t i = 0; i < len && n < 8;) {
        while (i < len && args[i] == ' ') i++;
        size_t j = i;
        while (j < len && args[j] != ' ') j++;
        if (j > i) words[n] = args + i, lens[n++] = j - i;
        i = j;
    }
    if (n && lens[n - 1] == 6 && !strncmp(words[n - 1], "random", 6)) return true;
    bool paragraphs = true; /* the default method, b, gives paragraphs */
    if (n && lens[n - 1] == 1 && strchr("wpb", words[n - 1][0])) {
        paragraphs = words[n - 1][0] != 'w';
        n--;
    }
    if (n != 1) return false;
    return paragraphs && strtol(words[0], NULL, 10) > 1;
}

/* Why a case cannot be compared, or NULL. */
static const char *skip_reason(const json_t *kase)
{
    const char *name;
    const json_t *src;
    json_object_foreach((json_t *)json_object_get(kase, "templates"), name, src) {
        const char *s = json_string_value(src);
        for (const char *tag = s; tag && (tag = strstr(tag, "{% lorem")); tag += 8) {
            const char *end = strstr(tag, "%}");
            if (end && lorem_is_random(tag + 8, (size_t)(end - tag - 8)))
                return "{% lorem %} with random words or more than one paragraph";
        }
    }
    return NULL;
}

/* The Django test module of a case: "test_cycle", "i18n.test_blocktranslate". */
static void module_of(const char *test, char *out, size_t size)
{
    /* template_tests.<syntax|filter>_tests.[package.]module.Class.method */
    const char *start = test;
    for (int dots = 0; dots < 2 && start; dots++)
        start = strchr(start, '.') ? strchr(start, '.') + 1 : NULL;
    const char *end = start ? strrchr(start, '.') : NULL;
    while (end && end > start && end[-1] != '.')
        end--;
    if (!start || !end || end <= start) {
        snprintf(out, size, "%s", test);
        return;
    }
    snprintf(out, size, "%.*s", (int)(end - start - 1), start);
}

/* Prints s as a quoted C-like string, at most limit bytes around center. */
static void print_quoted(const char *s, size_t len, size_t center, size_t limit)
{
    size_t from = 0, to = len;
    if (limit && len > limit) {
        from = center > limit / 2 ? center - limit / 2 : 0;
        to = from + limit < len ? from + limit : len;
    }
    fputs(from ? "…\"" : "\"", stdout);
    for (size_t i = from; i < to; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n')
            fputs("\\n", stdout);
        else if (c == '\t')
            fputs("\\t", stdout);
        else if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\x%02x", c);
        else
            putchar(c);
    }
    fputs(to < len ? "\"…\n" : "\"\n", stdout);
}

static void report_failure(const json_t *kase, const outcome *o, bool verbose)
{
    const json_t *expect = expectation(kase);
    const char *name = string_of(kase, "name", "");
    const json_t *templates = json_object_get(kase, "templates");
    const char *want_error = string_of(expect, "error", NULL);
    char want_buf[1024];
    const char *want = string_of(expect, "output", "");
    if (want_error) {
        snprintf(want_buf, sizeof want_buf, "%s: %s", want_error, string_of(expect, "message", ""));
        want = want_buf;
    }
    const char *got = o->got ? o->got : (o->why ? o->why : "(nothing)");
    size_t limit = verbose ? 0 : 160, diff = 0;
    while (want[diff] && want[diff] == got[diff])
        diff++;

    printf("FAIL %s (%s, string_if_invalid=\"%s\")\n", string_of(kase, "id", "?"),
           string_of(kase, "phase", "render"),
           string_of(json_object_get(kase, "options"), "string_if_invalid", ""));
    const char *tname;
    const json_t *src;
    json_object_foreach((json_t *)templates, tname, src) {
        if (!verbose && strcmp(tname, name) != 0)
            continue;
        printf("  template %-10s ", tname);
        print_quoted(json_string_value(src), json_string_length(src), 0, limit);
    }
    if (verbose) {
        char *ctx = json_dumps(json_object_get(kase, "context"), JSON_COMPACT | JSON_ENSURE_ASCII);
        printf("  context  %s\n", ctx ? ctx : "?");
        free(ctx);
    }
    printf("  expected   ");
    print_quoted(want, strlen(want), diff, limit);
    printf("  got        ");
    print_quoted(got, strlen(got), diff, limit);
    if (!want_error && o->got)
        printf("  first difference at byte %zu\n", diff);
}

/* ---- known failures ----------------------------------------------------- */

typedef struct id_set {
    char **ids;
    bool *seen; /* the case ran */
    size_t len;
} id_set;

static bool load_known(const char *path, id_set *set)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    char line[512];
    size_t cap = 0;
    while (fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "\r\n");
        while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
            n--;
        line[n] = '\0';
        if (n == 0 || line[0] == '#')
            continue;
        if (set->len == cap) {
            cap = cap ? cap * 2 : 64;
            set->ids = realloc(set->ids, cap * sizeof *set->ids);
            set->seen = realloc(set->seen, cap * sizeof *set->seen);
            if (!set->ids || !set->seen) {
                fclose(f);
                return false;
            }
        }
        set->seen[set->len] = false;
        set->ids[set->len++] = strdup(line);
    }
    fclose(f);
    return true;
}

static ssize_t find_known(const id_set *set, const char *id)
{
    for (size_t i = 0; i < set->len; i++)
        if (set->ids[i] && !strcmp(set->ids[i], id))
            return (ssize_t)i;
    return -1;
}

/* ---- main --------------------------------------------------------------- */

typedef struct module_count {
    char name[96];
    unsigned passed, failed, skipped;
} module_count;

static module_count *count_for(module_count *mods, size_t *n, size_t cap, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(mods[i].name, name))
            return &mods[i];
    if (*n == cap)
        return &mods[cap - 1]; /* never with the corpus' ~100 modules */
    module_count *m = &mods[(*n)++];
    snprintf(m->name, sizeof m->name, "%s", name);
    return m;
}

static void print_summary(const module_count *mods, size_t n_mods, unsigned passed,
                          unsigned failed, unsigned skipped)
{
    printf("\nper Django test module (passed/total):\n");
    for (size_t j = 0; j < n_mods; j++) {
        const module_count *m = &mods[j];
        printf("  %-38s %4u/%-4u%s", m->name, m->passed, m->passed + m->failed,
               m->failed ? "  <--" : "");
        if (m->skipped)
            printf("  (%u skipped)", m->skipped);
        putchar('\n');
    }
    printf("\nconformance: %u passed, %u failed, %u skipped\n", passed, failed, skipped);
}

static int parse_args(int argc, char **argv, options *opt)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-v"))
            opt->verbose = true;
        else if (!strcmp(argv[i], "--list-failing"))
            opt->list_failing = true;
        else if (!strcmp(argv[i], "--filter") && i + 1 < argc)
            opt->filter = argv[++i];
        else if (!strcmp(argv[i], "--known") && i + 1 < argc)
            opt->known_path = argv[++i];
        else if (argv[i][0] != '-' && !opt->corpus)
            opt->corpus = argv[i];
        else
            return -1;
    }
    return opt->corpus ? 0 : -1;
}

int main(int argc, char **argv)
{
    options opt = {NULL, NULL, NULL, false, false};
    if (parse_args(argc, argv, &opt) != 0) {
        fprintf(stderr, "usage: conformance CASES.json [--known FILE] [--filter SUBSTRING] [-v]"
                        " [--list-failing]\n");
        return 2;
    }
    FILE *probe = fopen(opt.corpus, "r");
    if (!probe) {
        const char *ci = getenv("CI");
        if (ci && !strcmp(ci, "true")) {
            fprintf(stderr, "conformance: FAIL: corpus %s is missing (CI=true)\n", opt.corpus);
            return 1;
        }
        printf("conformance: SKIP: corpus %s not found\n", opt.corpus);
        return SKIP_EXIT;
    }
    fclose(probe);

    json_error_t jerr;
    json_t *root = json_load_file(opt.corpus, JSON_ALLOW_NUL, &jerr);
    if (!root) {
        fprintf(stderr, "conformance: %s:%d: %s\n", opt.corpus, jerr.line, jerr.text);
        return 1;
    }
    id_set known = {0};
    if (opt.known_path && !load_known(opt.known_path, &known)) {
        fprintf(stderr, "conformance: cannot read known failures %s\n", opt.known_path);
        return 1;
    }

    static module_count mods[256];
    size_t n_mods = 0;
    unsigned passed = 0, failed = 0, skipped = 0, known_failed = 0, unexpected = 0,
             fixed = 0;
    pinned_clock clock = {"", "", 0, 0};
    size_t i;
    const json_t *kase;
    json_array_foreach(json_object_get(root, "cases"), i, kase) {
        const char *id = string_of(kase, "id", "?");
        if (opt.filter && !strstr(id, opt.filter))
            continue;
        char module[96];
        module_of(string_of(kase, "test", "?"), module, sizeof module);
        module_count *m = count_for(mods, &n_mods, sizeof mods / sizeof mods[0], module);
        const char *skip = skip_reason(kase);
        if (skip && opt.list_failing)
            continue;
        if (skip) {
            printf("SKIP %s: %s\n", id, skip);
            skipped++, m->skipped++;
            continue;
        }
        outcome o = run_case(kase, &clock);
        if (opt.list_failing) {
            if (!o.passed)
                printf("%s\n", id);
            free(o.got);
            continue;
        }
        ssize_t k = find_known(&known, id);
        if (k >= 0)
            known.seen[k] = true;
        if (o.passed) {
            passed++, m->passed++;
            if (k >= 0) {
                printf("now passes, remove from known failures: %s\n", id);
                fixed++;
            }
        } else {
            failed++, m->failed++;
            if (k >= 0) {
                known_failed++;
                if (opt.verbose)
                    report_failure(kase, &o, true);
            } else {
                unexpected++;
                report_failure(kase, &o, opt.verbose);
            }
        }
        free(o.got);
    }

    if (!opt.list_failing) {
        print_summary(mods, n_mods, passed, failed, skipped);
        printf("known failures remaining: %u (%u listed); unexpected failures: %u; "
               "now passing: %u\n", known_failed, (unsigned)known.len, unexpected, fixed);
    }

    for (size_t j = 0; j < known.len; j++)
        free(known.ids[j]);
    free(known.ids);
    free(known.seen);
    json_decref(root);
    return !opt.list_failing && (unexpected || fixed) ? 1 : 0;
}
