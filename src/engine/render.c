/* The public render calls: the engine lends a render its memory and its
 * services (templates by name, the clock, catalogs and zones), then the
 * core renders. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"

/* ---- what a render asks of the engine --------------------------------- */

static int fetch(void *env, const char *name, uint32_t skip, wr_template *out, weft_error *err)
{
    weft_template *t = we_engine_get_skipping(env, name, skip, err);
    if (!t) return err && err->code ? (int)err->code : WEFT_ENOTFOUND;
    *out = (wr_template){t, we_template_base(t), t->origin};
    return WEFT_OK;
}

static void release(void *env, const weft_template *handle)
{
    (void)env;
    weft_template_release((weft_template *)handle);
}

static void read_clock(void *env, int64_t *sec, int32_t *usec)
{
    const weft_engine *e = env;
    if (e->clock) {
        e->clock(e->clock_data, sec, usec);
        return;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    *sec = ts.tv_sec;
    *usec = (int32_t)(ts.tv_nsec / 1000);
}

static const struct wlang_catalog *catalog(void *env, const char *language)
{
    const weft_engine *e = env;
    return e->nlocale_dirs ? we_render_catalog(e, language) : NULL;
}

static const wtz *zone_by_name(void *env, const char *name) { return we_render_timezone(env, name); }

static const wr_env_ops engine_ops = {fetch, release, read_clock, catalog, zone_by_name};

/* ---- memory kept between renders --------------------------------------- */

/* Memory a render reuses: its arena (reset, not freed) and its output
 * buffer. Renders take one from the engine's pool and give it back, so a
 * steady-state render makes no malloc call. */
typedef struct render_memory {
    arena arena;
    buf out;
} render_memory;

/* Where a thread starts looking in the pool: threads run on different
 * stacks, so the address of a local spreads them over the slots, and
 * concurrent renders do not fight over one cache line. */
static size_t pool_start(void)
{
    char here;
    return ((uintptr_t)&here >> 16) % WE_RENDER_POOL;
}

static render_memory *take_memory(weft_engine *e)
{
    /* Lock-free: each slot is claimed by an exchange, so no two renders can
     * hold the same memory, and there is no ABA to guard against. */
    size_t start = pool_start();
    for (size_t k = 0; k < WE_RENDER_POOL; k++) {
        size_t i = (start + k) % WE_RENDER_POOL;
        if (!atomic_load_explicit(&e->render_pool[i].memory, memory_order_relaxed)) continue;
        render_memory *m = atomic_exchange_explicit(&e->render_pool[i].memory, NULL, memory_order_acquire);
        if (m) return m;
    }
    render_memory *m = malloc(sizeof *m);
    if (m) {
        arena_init(&m->arena);
        buf_init(&m->out, NULL);
    }
    return m;
}

static void give_memory(weft_engine *e, render_memory *m)
{
    arena_reset(&m->arena);
    m->out.len = 0;
    m->out.oom = false;
    size_t start = pool_start();
    for (size_t k = 0; k < WE_RENDER_POOL; k++) {
        size_t i = (start + k) % WE_RENDER_POOL;
        render_memory *expected = NULL;
        if (atomic_compare_exchange_strong_explicit(&e->render_pool[i].memory, &expected, m,
                                                    memory_order_release, memory_order_relaxed))
            return;
    }
    we_render_memory_free(m);
}

void we_render_memory_free(void *memory)
{
    render_memory *m = memory;
    if (!m) return;
    arena_free(&m->arena);
    buf_free(&m->out);
    free(m);
}

/* ---- the public calls ---------------------------------------------------- */

static int fail(weft_error *err, weft_status code, weft_error_kind kind, const char *message)
{
    if (err) {
        err->code = code;
        err->kind = kind;
        strcpy(err->message, message);
    }
    return code;
}

static int render(const weft_template *tpl, const weft_value *context,
                  const weft_render_options *options, weft_write_fn write, void *userdata,
                  char **collect, size_t *collect_len, weft_error *err)
{
    if (err) memset(err, 0, sizeof *err);
    if (!tpl) return fail(err, WEFT_EINVAL, WEFT_ERROR_INVALID_ARGUMENT, "no template");
    weft_engine *e = tpl->engine;
    render_memory *mem = take_memory(e);
    if (!mem) return fail(err, WEFT_ENOMEM, WEFT_ERROR_OUT_OF_MEMORY, "out of memory");
    const wtz *tz = we_render_timezone(e, options ? options->time_zone : NULL);
    wr_request rq = {
        .syntax = tpl->syntax,
        .syntax_options = &e->django,
        .env_ops = &engine_ops,
        .env = e,
        .top = {tpl, we_template_base(tpl), tpl->origin},
        .context = context,
        .autoescape = e->autoescape,
        .language = options && options->language ? options->language : e->language,
        /* An unknown zone renders in the engine's. */
        .tz = tz ? tz : e->tz,
        .write = write,
        .userdata = userdata,
    };
    int rc = wr_render_request(&rq, &mem->arena, &mem->out, err);
    if (!rc && collect) {
        /* The caller owns the result: the one allocation a render to a
         * string cannot avoid. */
        char *copy = malloc(mem->out.len + 1);
        if (!copy) {
            rc = fail(err, WEFT_ENOMEM, WEFT_ERROR_OUT_OF_MEMORY, "out of memory");
        } else {
            if (mem->out.len) memcpy(copy, mem->out.data, mem->out.len);
            copy[mem->out.len] = '\0';
            *collect = copy;
            if (collect_len) *collect_len = mem->out.len;
        }
    }
    give_memory(e, mem);
    return rc;
}

int weft_render(const weft_template *tpl, const weft_value *context,
                const weft_render_options *options, weft_write_fn write, void *userdata,
                weft_error *err)
{
    if (!write) return WEFT_EINVAL;
    return render(tpl, context, options, write, userdata, NULL, NULL, err);
}

int weft_render_to_string(const weft_template *tpl, const weft_value *context,
                          const weft_render_options *options, char **out, size_t *out_len,
                          weft_error *err)
{
    if (!out) return WEFT_EINVAL;
    *out = NULL;
    return render(tpl, context, options, NULL, NULL, out, out_len, err);
}
