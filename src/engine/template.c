/* Templates: compiled programs with an atomic reference count, found
 * through the loaders (in-memory templates first, then directories). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "loader.h"

static void set_error(weft_error *err, weft_status code, weft_error_kind kind, const char *name,
                      const char *msg)
{
    if (!err) return;
    memset(err, 0, sizeof *err);
    err->code = code;
    err->kind = kind;
    snprintf(err->message, sizeof err->message, "%s", msg);
    snprintf(err->template_name, sizeof err->template_name, "%s", name ? name : "");
}

weft_template *we_template_from_source(weft_engine *e, const char *name, const char *source,
                                         size_t len, weft_error *err)
{
    weft_template *t = calloc(1, sizeof *t);
    if (!t) {
        set_error(err, WEFT_ENOMEM, WEFT_ERROR_OUT_OF_MEMORY, name, "out of memory");
        return NULL;
    }
    void *prog;
    size_t prog_len;
    /* Every template is a Django template until a second syntax comes. */
    const wr_syntax *syntax = &wd_syntax;
    if (syntax->compile(&e->django, name ? name : "<string>", source ? source : "", len, &prog,
                        &prog_len, err)) {
        free(t);
        return NULL;
    }
    atomic_init(&t->refs, 1);
    atomic_fetch_add(&e->refs, 1);
    t->engine = e;
    t->syntax = syntax;
    t->prog = prog;
    t->prog_len = prog_len;
    return t;
}

weft_template *weft_engine_compile(weft_engine *e, const char *name, const char *source,
                                   size_t len, weft_error *err)
{
    if (err) memset(err, 0, sizeof *err);
    if (!e || (!source && len)) {
        set_error(err, WEFT_EINVAL, WEFT_ERROR_INVALID_ARGUMENT, name, "invalid argument");
        return NULL;
    }
    if (we_engine_freeze(e, err)) return NULL;
    return we_template_from_source(e, name, source, len, err);
}

weft_template *weft_template_retain(weft_template *t)
{
    if (t) atomic_fetch_add_explicit(&t->refs, 1, memory_order_relaxed);
    return t;
}

void weft_template_release(weft_template *t)
{
    if (!t || atomic_fetch_sub_explicit(&t->refs, 1, memory_order_acq_rel) != 1) return;
    weft_engine *e = t->engine;
    free((void *)t->prog);
    free(t);
    we_engine_unref(e);
}

const char *weft_template_name(const weft_template *t)
{
    if (!t) return NULL;
    const wprogram *h = we_template_header(t);
    return we_template_base(t) + h->name;
}

weft_template *we_engine_get_skipping(weft_engine *e, const char *name, uint32_t skip,
                                        weft_error *err)
{
    if (err) memset(err, 0, sizeof *err);
    if (!e || !name) {
        set_error(err, WEFT_EINVAL, WEFT_ERROR_INVALID_ARGUMENT, name, "invalid argument");
        return NULL;
    }
    if (we_engine_freeze(e, err)) return NULL;
    if (e->cache_enabled) return we_cache_get(e, name, skip, err);
    loaded_source src;
    if (we_load_source(e, name, skip, &src, err)) return NULL;
    weft_template *t = we_template_from_source(e, name, src.text, src.len, err);
    if (t) t->origin = src.origin;
    free(src.text);
    return t;
}

weft_template *weft_engine_get(weft_engine *e, const char *name, weft_error *err)
{
    return we_engine_get_skipping(e, name, 0, err);
}
