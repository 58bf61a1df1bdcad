/* The state of one render. Everything a render changes lives here or in its
 * arena; the template it renders is never written. */
#ifndef WEFT_RENDER_STATE_H
#define WEFT_RENDER_STATE_H

#include <stddef.h>

#include "render/render.h"
#include "render/syntax.h"
#include "value/numprint.h"

struct wlang_catalog; /* i18n/catalog.h */

/* Room for a syntax's per-render state, kept in the render state itself:
 * a render makes no allocation for it. */
enum { WR_SYNTAX_STATE_MAX = 64 };

struct wr {
    arena *arena;
    const wr_syntax *syntax;
    const void *syntax_options;         /* the engine's settings for the syntax */
    const wr_env_ops *env_ops;          /* NULL in a standalone state */
    void *env;
    bool autoescape;
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
    /* The syntax's per-render state (wr_syntax.state_size bytes), zeroed
     * at the start of a render. */
    _Alignas(max_align_t) unsigned char syntax_state[WR_SYNTAX_STATE_MAX];
};

/* A render state with no template, for unit tests of filters: autoescape on,
 * language "en", UTC, clock at the Unix epoch. Allocated in a. */
wr *wr_new_standalone(arena *a);

#endif
