/* The state of one render. Everything a render changes lives here or in its
 * arena; the template it renders is never written. */
#ifndef WEFT_RENDER_STATE_H
#define WEFT_RENDER_STATE_H

#include "value/pyformat.h"
#include "render/render.h"

struct wlang_catalog; /* src/django/catalog.h */
struct weft_engine;

struct wr {
    arena *arena;
    const struct weft_engine *engine;
    bool autoescape;
    bool use_tz;
    bool failed;
    const char *language;               /* never NULL */
    const wtz *tz;                      /* current time zone; NULL means UTC */
    const struct wlang_catalog *catalog; /* NULL: no translations */
    /* The clock is read when a tag or filter first asks (most renders never
     * do), then stays fixed for the render. */
    bool now_known;
    int64_t now_sec;
    int32_t now_usec;
    /* The number formats of the language they were looked up for. */
    const char *numfmt_language;
    wpy_numfmt numfmt;
    weft_error *err;                    /* may be NULL */
    struct wr_run *run;                 /* the renderer's own state (render.c) */
    struct wd_i18n_memo *i18n_memo;     /* src/django/i18n_memo.h; NULL until used */
};

/* A render state with no template, for unit tests of filters: autoescape on,
 * language "en", UTC, clock at the Unix epoch. Allocated in a. */
wr *wr_new_standalone(arena *a);

#endif
