/* The template cache: single flight under contention, live reload that
 * swaps programs while older renders finish on theirs, missing templates
 * remembered, reset. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "weft.h"
#include "check.h"

static char dir[64];

/* Replaces a template file atomically, as an editor or deploy would. */
static void write_template(const char *name, const char *text)
{
    char tmp[256], path[256];
    snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, name);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(tmp, "w");
    fputs(text, f);
    fclose(f);
    rename(tmp, path);
}

static char *render(const weft_template *t, const weft_value *ctx)
{
    char *out = NULL;
    weft_error err;
    if (weft_render_to_string(t, ctx, NULL, &out, NULL, &err)) {
        printf("render failed: %s\n", err.message);
        return strdup("<error>");
    }
    return out;
}

/* ---- single flight ---- */

enum { THREADS = 16 };
static pthread_barrier_t start;
static weft_engine *shared_engine;
static weft_template *got[THREADS];

static void *ask(void *arg)
{
    size_t i = (size_t)arg;
    pthread_barrier_wait(&start);
    weft_error err;
    got[i] = weft_engine_get(shared_engine, "big.html", &err);
    return NULL;
}

static void test_single_flight(void)
{
    /* A template big enough that its compile takes a while. */
    size_t n = 20000;
    char *text = malloc(n * 40);
    text[0] = '\0';
    size_t len = 0;
    for (size_t i = 0; i < n; i++) len += (size_t)sprintf(text + len, "{%% if a %%}{{ b|upper }}{%% endif %%}x");
    write_template("big.html", text);
    free(text);
    shared_engine = weft_engine_new();
    weft_engine_add_dir(shared_engine, dir);
    pthread_barrier_init(&start, NULL, THREADS);
    pthread_t th[THREADS];
    for (size_t i = 0; i < THREADS; i++) pthread_create(&th[i], NULL, ask, (void *)i);
    for (size_t i = 0; i < THREADS; i++) pthread_join(th[i], NULL);
    weft_engine_stats st;
    weft_engine_get_stats(shared_engine, &st);
    CHECK(st.compiles == 1, "16 threads asking at once compiled %llu times", (unsigned long long)st.compiles);
    CHECK(st.hits + st.misses == THREADS, "hits %llu + misses %llu", (unsigned long long)st.hits,
          (unsigned long long)st.misses);
    bool same = true;
    for (size_t i = 0; i < THREADS; i++) same = same && got[i] && got[i] == got[0];
    CHECK(same, "every thread got the one compiled template");
    for (size_t i = 0; i < THREADS; i++) weft_template_release(got[i]);
    weft_engine_get_stats(shared_engine, &st);
    weft_template *again = weft_engine_get(shared_engine, "big.html", NULL);
    weft_engine_stats after;
    weft_engine_get_stats(shared_engine, &after);
    CHECK(after.hits == st.hits + 1 && after.compiles == 1, "a later request is a hit");
    weft_template_release(again);
    weft_engine_free(shared_engine);
    pthread_barrier_destroy(&start);
}

/* ---- live reload ---- */

/* A host object whose str() rewrites the partial in the middle of a render. */
static int edit_during_render(void *obj, weft_values *store, weft_value **out)
{
    (void)obj;
    write_template("part.html", "NEW-PART-WITH-ANOTHER-SIZE");
    *out = weft_value_string(store, "|", 1);
    return *out ? WEFT_OK : WEFT_ENOMEM;
}

static const weft_host_ops editor_ops = {"editor", NULL, NULL, NULL, NULL, edit_during_render, NULL};

static void test_reload(void)
{
    write_template("page.html", "{% include 'part.html' %}{{ editor }}{% include 'part.html' %}");
    write_template("part.html", "old");
    weft_engine *e = weft_engine_new();
    weft_engine_add_dir(e, dir);
    weft_engine_set_auto_reload(e, true);
    weft_values *vals = weft_values_new();
    weft_value *ctx = weft_value_dict(vals);
    weft_dict_set(vals, ctx, "editor", 6, weft_value_host(vals, &editor_ops, NULL));

    weft_template *page = weft_engine_get(e, "page.html", NULL);
    char *first = render(page, ctx);
    CHECK(strcmp(first, "old|old") == 0, "a render sees one version of each template: %s", first);
    char *second = render(page, ctx);
    CHECK(strcmp(second, "NEW-PART-WITH-ANOTHER-SIZE|NEW-PART-WITH-ANOTHER-SIZE") == 0,
          "the next render sees the edit: %s", second);
    free(first);
    free(second);

    /* A template held across a reload keeps rendering its own program. */
    write_template("page.html", "v1");
    weft_template *v1 = weft_engine_get(e, "page.html", NULL);
    write_template("page.html", "version 2");
    weft_template *v2 = weft_engine_get(e, "page.html", NULL);
    char *a = render(v1, NULL), *b = render(v2, NULL);
    CHECK(strcmp(a, "v1") == 0 && strcmp(b, "version 2") == 0, "old %s, new %s", a, b);
    weft_engine_stats st;
    weft_engine_get_stats(e, &st);
    CHECK(st.reloads >= 2, "reloads counted: %llu", (unsigned long long)st.reloads);
    free(a);
    free(b);

    /* Touching a file without changing it keeps the program. */
    weft_engine_get_stats(e, &st);
    write_template("page.html", "version 2");
    weft_template *v3 = weft_engine_get(e, "page.html", NULL);
    weft_engine_stats st2;
    weft_engine_get_stats(e, &st2);
    CHECK(v3 == v2 && st2.reloads == st.reloads, "an unchanged source is not recompiled");

    weft_template_release(page);
    weft_template_release(v1);
    weft_template_release(v2);
    weft_template_release(v3);
    weft_values_free(vals);
    weft_engine_free(e);
}

/* ---- loader order and extends of a same-named template ---- */

/* An application's "base.html" extends the library's "base.html": the
 * parent is looked up past the loader the child came from, as Django's
 * extends history does, and both stay cached under their own keys. */
static void test_extends_same_name(void)
{
    char app[128], lib[128], path[256];
    snprintf(app, sizeof app, "%s/app", dir);
    snprintf(lib, sizeof lib, "%s/lib", dir);
    mkdir(app, 0700);
    mkdir(lib, 0700);
    snprintf(path, sizeof path, "%s/base.html", app);
    FILE *f = fopen(path, "w");
    fputs("{% extends 'base.html' %}{% block b %}app+{{ block.super }}{% endblock %}", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/base.html", lib);
    f = fopen(path, "w");
    fputs("[{% block b %}lib{% endblock %}]", f);
    fclose(f);
    weft_engine *e = weft_engine_new();
    weft_engine_add_dir(e, app);
    weft_engine_add_dir(e, lib);
    for (int round = 0; round < 2; round++) {
        weft_error err;
        weft_template *t = weft_engine_get(e, "base.html", &err);
        CHECK(t != NULL, "get base.html: %s", err.message);
        char *out = t ? render(t, NULL) : NULL;
        CHECK(out && !strcmp(out, "[app+lib]"), "round %d: expected [app+lib], got %s", round,
              out ? out : "(none)");
        free(out);
        weft_template_release(t);
    }
    weft_engine_stats st;
    weft_engine_get_stats(e, &st);
    CHECK(st.compiles == 2, "the two base.html compile once each: %llu compiles",
          (unsigned long long)st.compiles);
    weft_engine_free(e);
}

/* ---- missing templates and reset ---- */

static void test_missing_and_reset(void)
{
    weft_engine *e = weft_engine_new();
    weft_engine_add_dir(e, dir);
    weft_error err;
    CHECK(!weft_engine_get(e, "later.html", &err) && err.kind == WEFT_ERROR_TEMPLATE_DOES_NOT_EXIST,
          "missing");
    write_template("later.html", "here");
    CHECK(!weft_engine_get(e, "later.html", &err), "a missing template is remembered until reset");
    weft_engine_reset(e);
    weft_template *t = weft_engine_get(e, "later.html", &err);
    CHECK(t != NULL, "found after reset");
    weft_template_release(t);
    weft_engine_free(e);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/weft-cache-XXXXXX");
    if (!mkdtemp(dir)) return 1;
    test_single_flight();
    test_reload();
    test_missing_and_reset();
    test_extends_same_name();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd)) printf("could not remove %s\n", dir);
    return check_report();
}
