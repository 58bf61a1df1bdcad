/* Filters and tags registered from C: arity checks, safety, per-render
 * state that never crosses renders (a custom cycle rendered from many
 * threads), block and inclusion tags, and the freeze. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft.h"
#include "check.h"

/* {{ s|shout }} and {{ s|shout:"?" }} */
static int shout(void *userdata, weft_rendering *r, const weft_value *value, const weft_value *arg,
                 weft_value **out)
{
    (void)userdata;
    (void)value;
    const char *mark = arg ? "?" : "!";
    *out = weft_value_safe_string(weft_rendering_store(r), mark, 1);
    return *out ? WEFT_OK : WEFT_ENOMEM;
}

/* {% mycycle "a" "b" "c" %}: a cycle whose position is per-render state. */
typedef struct cycle_state {
    size_t next;
} cycle_state;

static int mycycle(void *userdata, weft_rendering *r, const weft_value *const *args, size_t nargs,
                   const char *const *kwn, const weft_value *const *kwv, size_t nkw, weft_value **out)
{
    (void)userdata, (void)kwn, (void)kwv, (void)nkw;
    cycle_state *st = weft_rendering_state(r);
    if (!st || !nargs) return weft_rendering_fail(r, WEFT_ERROR_VALUE, "mycycle needs values");
    /* The argument values live as long as the render: return one as is. */
    *out = (weft_value *)args[st->next++ % nargs];
    return WEFT_OK;
}

/* {% repeat 3 %}body{% endrepeat %} with {{ i }} bound in the body. */
static int repeat(void *userdata, weft_rendering *r, const weft_value *const *args, size_t nargs,
                  const char *const *kwn, const weft_value *const *kwv, size_t nkw, weft_value **out)
{
    (void)userdata, (void)kwn, (void)kwv, (void)nkw, (void)out;
    if (nargs != 1 || weft_value_kind(args[0]) != WEFT_INT)
        return weft_rendering_fail(r, WEFT_ERROR_TYPE, "repeat takes one int");
    char digits[4];
    for (int i = 0; i < 3; i++) {
        snprintf(digits, sizeof digits, "%d", i);
        weft_value *iv = weft_value_string(weft_rendering_store(r), digits, strlen(digits));
        if (weft_rendering_set(r, "i", 1, iv) || weft_rendering_render_body(r)) return WEFT_ERENDER;
    }
    return WEFT_OK;
}

/* {% card title="x" %} renders card.html with {"title": ...}. */
static int card(void *userdata, weft_rendering *r, const weft_value *const *args, size_t nargs,
                const char *const *kwn, const weft_value *const *kwv, size_t nkw, weft_value **out)
{
    (void)userdata, (void)args, (void)nargs;
    weft_values *store = weft_rendering_store(r);
    weft_value *d = weft_value_dict(store);
    for (size_t i = 0; i < nkw; i++) weft_dict_set(store, d, kwn[i], strlen(kwn[i]), kwv[i]);
    *out = d;
    return WEFT_OK;
}

static weft_engine *make_engine(void)
{
    weft_engine *e = weft_engine_new();
    weft_engine_add_filter(e, "shout", shout, NULL, WEFT_FILTER_ARG_OPTIONAL);
    weft_engine_add_simple_tag(e, "mycycle", mycycle, NULL, sizeof(cycle_state));
    weft_engine_add_block_tag(e, "repeat", repeat, NULL, 0);
    weft_engine_add_inclusion_tag(e, "card", "card.html", card, NULL);
    const char *card_src = "<h1>{{ title }}</h1>{{ secret|default:'-' }}";
    weft_engine_add_template(e, "card.html", card_src, strlen(card_src));
    return e;
}

static char *render_source(weft_engine *e, const char *src, const weft_value *ctx)
{
    weft_error err;
    weft_template *t = weft_engine_compile(e, "t", src, strlen(src), &err);
    if (!t) return strdup(err.message);
    char *out = NULL;
    if (weft_render_to_string(t, ctx, NULL, &out, NULL, &err)) out = strdup(err.message);
    weft_template_release(t);
    return out;
}

static void expect(weft_engine *e, const char *src, const char *want)
{
    char *got = render_source(e, src, NULL);
    CHECK(!strcmp(got, want), "%s: expected [%s] got [%s]", src, want, got);
    free(got);
}

static void test_basics(void)
{
    weft_engine *e = make_engine();
    expect(e, "{{ 'x'|shout }}{{ 'x'|shout:1 }}", "!?");
    /* Template literals are safe strings, as in Django. */
    expect(e, "{% for x in 'abcd' %}{% mycycle 'a' '<b>' %}{% endfor %}", "a<b>a<b>");
    expect(e, "{% repeat 3 %}[{{ i }}]{% endrepeat %}", "[0][1][2]");
    expect(e, "{% with secret='s' %}{% card title='Hi' %}{% endwith %}", "<h1>Hi</h1>-");
    expect(e, "{% mycycle 'a' as v %}{{ v }}", "a");
    CHECK(weft_engine_add_filter(e, "late", shout, NULL, 0) == WEFT_EBUSY, "registration after freeze");
    weft_error err;
    CHECK(!weft_engine_compile(e, "t", "{% endrepeat %}", 15, &err), "stray end tag");
    weft_engine_free(e);
}

/* Each render starts its cycle at the first value, whatever other threads
 * are doing with the same compiled template. */
enum { THREADS = 8, RENDERS = 500 };
static weft_template *shared;
static int mismatches;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *render_many(void *arg)
{
    (void)arg;
    for (int i = 0; i < RENDERS; i++) {
        char *out = NULL;
        weft_render_to_string(shared, NULL, NULL, &out, NULL, NULL);
        if (!out || strcmp(out, "abcab")) {
            pthread_mutex_lock(&lock);
            mismatches++;
            pthread_mutex_unlock(&lock);
        }
        free(out);
    }
    return NULL;
}

static void test_state_never_crosses_renders(void)
{
    weft_engine *e = make_engine();
    const char *src = "{% for x in '12345' %}{% mycycle 'a' 'b' 'c' %}{% endfor %}";
    shared = weft_engine_compile(e, "t", src, strlen(src), NULL);
    pthread_t th[THREADS];
    for (int i = 0; i < THREADS; i++) pthread_create(&th[i], NULL, render_many, NULL);
    for (int i = 0; i < THREADS; i++) pthread_join(th[i], NULL);
    CHECK(mismatches == 0, "%d of %d renders saw another render's cycle state", mismatches,
          THREADS * RENDERS);
    weft_template_release(shared);
    weft_engine_free(e);
}

int main(void)
{
    test_basics();
    test_state_never_crosses_renders();
    return check_report();
}
