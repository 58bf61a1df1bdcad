/* The state of cycle, resetcycle and ifchanged belongs to one render: it
 * never crosses into the next render of the same template, into a render
 * started from inside another one on the same thread (from the output
 * callback), or into renders running at the same time on other threads. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft.h"
#include "check.h"

/* Every stateful tag of the language in one loop. */
static const char STATEFUL[] =
    "{% for x in xs %}{% cycle 'a' 'b' 'c' as c1 %}"
    "{% ifchanged x.g %}[{{ x.g }}]{% else %}.{% endifchanged %}"
    "{% if forloop.counter|divisibleby:4 %}{% resetcycle c1 %}{% endif %}"
    "{% ifchanged %}{{ x.h }}{% endifchanged %}{% cycle '-' '=' %}{% endfor %}";

static weft_values *store;

/* {"xs": [{"g": i / 3 % 5, "h": i / 2} for i in range(n)]} */
static weft_value *context_of(int n)
{
    weft_value *ctx = weft_value_dict(store), *xs = weft_value_list(store);
    for (int i = 0; i < n; i++) {
        weft_value *x = weft_value_dict(store);
        weft_dict_set(store, x, "g", 1, weft_value_int(store, i / 3 % 5));
        weft_dict_set(store, x, "h", 1, weft_value_int(store, i / 2));
        weft_list_append(store, xs, x);
    }
    weft_dict_set(store, ctx, "xs", 2, xs);
    return ctx;
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

/* ---- one thread, renders one after the other ---- */

static void test_sequential(weft_template *t, const weft_value *small)
{
    /* Django 3.2 renders this output for the same template and context. */
    static const char want[] = "a[0]0-b.=c.1-a[1]=a.2-b.=c[2]3-a.=a.4-";
    for (int i = 0; i < 3; i++) {
        char *got = render(t, small);
        CHECK(!strcmp(got, want), "render %d: expected [%s] got [%s]", i + 1, want, got);
        free(got);
    }
}

/* ---- a render started from the output callback of another ---- */

typedef struct nested {
    const weft_template *tpl;
    const weft_value *inner_ctx;
    const char *inner_want;
    int inner_renders;
    char *out;
    size_t len;
} nested;

static int collect_and_nest(void *userdata, const char *data, size_t len)
{
    nested *n = userdata;
    char *grown = realloc(n->out, n->len + len + 1);
    if (!grown) return 1;
    memcpy(grown + n->len, data, len);
    n->out = grown;
    n->len += len;
    n->out[n->len] = '\0';
    /* The outer render is paused in the middle of its loop: its cycle and
     * ifchanged state must survive a whole render of the same template. */
    char *inner = render(n->tpl, n->inner_ctx);
    CHECK(!strcmp(inner, n->inner_want), "nested render %d differs (%zu vs %zu bytes)",
          n->inner_renders + 1, strlen(inner), strlen(n->inner_want));
    free(inner);
    n->inner_renders++;
    return 0;
}

static void test_nested(weft_template *t, const weft_value *big, const char *big_want,
                        const weft_value *other, const char *other_want)
{
    nested n = {t, other, other_want, 0, NULL, 0};
    weft_error err;
    int rc = weft_render(t, big, NULL, collect_and_nest, &n, &err);
    CHECK(rc == WEFT_OK, "outer render failed: %s", err.message);
    /* The output is large enough to be flushed several times. */
    CHECK(n.inner_renders >= 2, "the output callback ran %d times", n.inner_renders);
    CHECK(n.out && !strcmp(n.out, big_want), "outer render differs (%zu vs %zu bytes)", n.len,
          strlen(big_want));
    free(n.out);
}

/* ---- many threads, one template ---- */

enum { THREADS = 8, ROUNDS = 200 };

typedef struct worker {
    const weft_template *tpl;
    const weft_value *ctx[2];
    const char *want[2];
    int bad;
} worker;

static pthread_barrier_t start;

static void *work(void *arg)
{
    worker *w = arg;
    pthread_barrier_wait(&start);
    for (int i = 0; i < ROUNDS; i++) {
        int which = i % 2;
        char *got = render(w->tpl, w->ctx[which]);
        if (strcmp(got, w->want[which])) w->bad++;
        free(got);
    }
    return NULL;
}

static void test_threads(weft_template *t, const weft_value *a, const char *a_want,
                         const weft_value *b, const char *b_want)
{
    pthread_t ids[THREADS];
    worker w[THREADS];
    pthread_barrier_init(&start, NULL, THREADS);
    for (int i = 0; i < THREADS; i++) {
        /* Half the threads start with the other context: neighbours are
         * always in different places of their loops. */
        w[i] = (worker){t, {i % 2 ? a : b, i % 2 ? b : a}, {i % 2 ? a_want : b_want, i % 2 ? b_want : a_want}, 0};
        pthread_create(&ids[i], NULL, work, &w[i]);
    }
    int bad = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(ids[i], NULL);
        bad += w[i].bad;
    }
    pthread_barrier_destroy(&start);
    CHECK(bad == 0, "%d of %d concurrent renders differ", bad, THREADS * ROUNDS);
}

int main(void)
{
    store = weft_values_new();
    weft_engine *e = weft_engine_new();
    weft_error err;
    weft_template *t = weft_engine_compile(e, "stateful.html", STATEFUL, strlen(STATEFUL), &err);
    if (!t) {
        printf("compile failed: %s\n", err.message);
        return 1;
    }
    const weft_value *small = context_of(9);
    const weft_value *big = context_of(30000), *other = context_of(25000);

    test_sequential(t, small);

    char *big_want = render(t, big), *other_want = render(t, other);
    CHECK(strlen(big_want) == 173890, "the big output has %zu bytes, Django 173890", strlen(big_want));
    test_nested(t, big, big_want, other, other_want);

    const weft_value *medium = context_of(301);
    char *small_want = render(t, small), *medium_want = render(t, medium);
    test_threads(t, small, small_want, medium, medium_want);

    free(small_want);
    free(medium_want);
    free(big_want);
    free(other_want);
    weft_template_release(t);
    weft_engine_free(e);
    weft_values_free(store);
    return check_report();
}
