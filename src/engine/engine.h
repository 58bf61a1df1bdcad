/* The engine's internals: configuration, frozen at the first template
 * request, then read-only and shared by every thread. */
#ifndef WEFT_ENGINE_H
#define WEFT_ENGINE_H

#include <pthread.h>
#include <stdatomic.h>

#include "program/program.h"
#include "render/syntax.h"
#include "syntax/django/django.h"
#include "weft.h"

struct wcatalogs;
struct wtz;
struct cache_entry;

enum { WE_CACHE_BUCKETS = 1024, WE_RENDER_POOL = 16 };

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
    /* The settings of Django templates; their registry is set at freeze. */
    wd_options django;

    bool cache_enabled;
    bool auto_reload;

    /* Libraries (library.c): loadable ones, names made built in, and the
     * engine's own one-call registrations. */
    weft_library **libs;
    size_t nlibs;
    char **builtins;
    size_t nbuiltins;
    weft_library *own;

    /* Built at freeze. */
    struct wcatalogs *catalogs;
    struct wtz *tz;
    wp_registry *registry;

    /* Other zones renders asked for, read once and kept: an append-only
     * list readers walk without a lock (engine_freeze.c). */
    _Atomic(struct zone_entry *) zones;
    pthread_mutex_t zones_lock;

    /* The template cache (cache.c). Buckets only ever gain entries. */
    _Atomic(struct cache_entry *) buckets[WE_CACHE_BUCKETS];
    atomic_ullong hits, misses, compiles, reloads;
    pthread_mutex_t retired_lock;

    /* Render memory kept between renders (render.c): claimed and returned
     * with atomic exchanges, never locked. */
    struct {
        _Atomic(void *) memory;
        char pad[64 - sizeof(void *)]; /* one slot per cache line: no false sharing */
    } render_pool[WE_RENDER_POOL];
    struct weft_template *retired; /* replaced without live reload: kept until the engine ends */
};

struct weft_template {
    atomic_int refs;
    weft_engine *engine;
    const wr_syntax *syntax; /* the syntax that compiled it */
    const wprogram *prog; /* malloc'd block, starts at offset 0 */
    size_t prog_len;
    /* Where the source came from and what it was, for live reload. */
    int origin;
    int64_t source_size;
    int64_t source_mtime_ns;
    uint64_t source_hash;
    struct weft_template *retired_next;
};

/* Compiles a source found by a loader into a template (one reference). */
weft_template *we_template_from_source(weft_engine *e, const char *name, const char *source,
                                         size_t len, weft_error *err);
/* The cache: the template called name, found in loaders outside skip. */
weft_template *we_cache_get(weft_engine *e, const char *name, uint32_t skip, weft_error *err);
/* weft_engine_get, skipping the loaders set in skip ({% extends %} of a
 * template with its own name reaches the next loader, as in Django). */
weft_template *we_engine_get_skipping(weft_engine *e, const char *name, uint32_t skip,
                                        weft_error *err);
/* Releases every cached template (engine teardown and reset). */
void we_cache_clear(weft_engine *e, bool teardown);

static inline const char *we_template_base(const weft_template *t) { return (const char *)t->prog; }
static inline const wprogram *we_template_header(const weft_template *t)
{
    return PROG_AT(t->prog, WPROG_HEADER, wprogram);
}

/* Frees what library.c keeps. */
void we_libraries_free(weft_engine *e);
/* Builds the registry at freeze; WEFT_OK or a status with err filled. */
int we_libraries_freeze(weft_engine *e, weft_error *err);
void we_render_memory_free(void *memory);
/* The time zone and catalogs of a render (engine_freeze.c): the named zone
 * (read once per engine; NULL when unknown), the catalogs of a language. */
const struct wtz *we_render_timezone(const weft_engine *e, const char *name);
const struct wlang_catalog *we_render_catalog(const weft_engine *e, const char *language);
/* WEFT_OK while the engine can be configured, WEFT_EBUSY after freeze. */
int we_engine_configurable(weft_engine *e);

/* Freezes the engine (idempotent, thread-safe). */
int we_engine_freeze(weft_engine *e, weft_error *err);
/* Releases one reference; frees the engine at zero. */
void we_engine_unref(weft_engine *e);

#endif
