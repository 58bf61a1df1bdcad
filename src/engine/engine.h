/* The engine's internals: configuration, frozen at the first template
 * request, then read-only and shared by every thread. */
#ifndef WEFT_ENGINE_H
#define WEFT_ENGINE_H

#include <pthread.h>
#include <stdatomic.h>

#include "../../include/weft.h"
#include "../program/program.h"

struct wcatalogs;
struct wtz;

typedef struct mem_template {
    char *name;
    char *source;
    size_t len;
} mem_template;

struct weft_engine {
    atomic_int refs;       /* the user's reference plus one per live template */
    atomic_bool frozen;
    pthread_mutex_t freeze_lock;

    bool autoescape;
    bool use_tz;
    char *string_if_invalid;
    size_t string_if_invalid_len;
    char *static_url;
    char *media_url;
    char *language;
    char *time_zone;
    char **dirs;
    size_t ndirs;
    mem_template *mem;
    size_t nmem;
    char **locale_dirs;
    size_t nlocale_dirs;
    weft_clock_fn clock;
    void *clock_data;
    weft_url_fn url;
    void *url_data;

    /* Built at freeze. */
    struct wcatalogs *catalogs;
    struct wtz *tz;
};

struct weft_template {
    atomic_int refs;
    weft_engine *engine;
    const wprogram *prog; /* malloc'd block, starts at offset 0 */
    size_t prog_len;
};

static inline const char *weft_template_base(const weft_template *t) { return (const char *)t->prog; }
static inline const wprogram *weft_template_header(const weft_template *t)
{
    return PROG_AT(t->prog, WEFT_PROGRAM_HEADER, wprogram);
}

/* Freezes the engine (idempotent, thread-safe). */
int weft_engine_freeze(weft_engine *e, weft_error *err);
/* Releases one reference; frees the engine at zero. */
void weft_engine_unref(weft_engine *e);

#endif
