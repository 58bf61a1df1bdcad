/* The two tables through which the core meets the rest: what a syntax
 * gives (how its programs compile and how their nodes render), and what
 * whoever starts a render gives (templates by name, the clock,
 * translations and zones by name). The core calls both and includes
 * neither: a syntax lives in src/syntax/NAME, the starter is the engine. */
#ifndef WEFT_RENDER_SYNTAX_H
#define WEFT_RENDER_SYNTAX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "program/program.h"
#include "render/render.h"
#include "weft.h"

struct wlang_catalog;

/* A syntax. Its options (options) are the engine's settings for it, built
 * at the engine's freeze and constant afterwards. */
typedef struct wr_syntax {
    const char *name;
    /* Compiles len bytes of source into a program block (malloc'd, the
     * caller frees it). Reentrant: all its state is in the call. */
    int (*compile)(const void *options, const char *name, const char *source, size_t len,
                   void **program, size_t *program_len, weft_error *err);
    /* Bytes of per-render state the syntax keeps in the render state
     * (wr.syntax_state, at most WR_SYNTAX_STATE_MAX, zeroed by the core),
     * and its set-up at the start of a render (NULL: none). */
    size_t state_size;
    int (*begin)(wr *r);
    /* Renders a node the core does not write itself (every node but text). */
    int (*render_node)(wr *r, const wnode *node);
} wr_syntax;

/* A template fetched for a render: the handle to give back, its program,
 * and the loader that found it (for {% extends %} of a same-named
 * template in the next loader). */
typedef struct wr_template {
    const weft_template *handle;
    const char *prog;
    int origin;
} wr_template;

/* What the starter of a render provides. env is passed back unchanged.
 * All may be called from any thread. */
typedef struct wr_env_ops {
    /* The template name found in the loaders not set in skip; the result
     * holds one reference, given back with release. WEFT_OK or a status
     * with err filled. */
    int (*fetch)(void *env, const char *name, uint32_t skip, wr_template *out, weft_error *err);
    void (*release)(void *env, const weft_template *handle);
    void (*clock)(void *env, int64_t *unix_seconds, int32_t *microseconds);
    /* The catalogs of a language, or NULL without translations. */
    const struct wlang_catalog *(*catalog)(void *env, const char *language);
    /* A time zone by IANA name, kept as long as env; NULL when unknown. */
    const wtz *(*timezone)(void *env, const char *name);
} wr_env_ops;

/* One render, as the starter asks for it. */
typedef struct wr_request {
    const wr_syntax *syntax;
    const void *syntax_options;
    const wr_env_ops *env_ops;
    void *env;
    wr_template top;
    const weft_value *context; /* a dict, or NULL */
    bool autoescape;
    const char *language;      /* never NULL */
    const wtz *tz;             /* the current time zone, never NULL */
    weft_write_fn write;       /* NULL: everything stays in out */
    void *userdata;
} wr_request;

/* Runs a render in the given arena with out as its output buffer (both
 * reused between renders by the caller). Output not flushed through
 * rq->write is left in out. Returns 0, or a weft_status with err filled. */
int wr_render_request(const wr_request *rq, arena *a, buf *out, weft_error *err);

#endif
