/* The template cache. A hit takes no lock: it walks a bucket chain that
 * only ever grows by an atomic prepend, loads the entry's program with
 * acquire ordering and takes a reference. A miss locks only its own entry,
 * so threads asking for the same template wait for one compile (single
 * flight) while different templates compile in parallel.
 *
 * Without live reload a cached program is never replaced, so a reader
 * between loading the pointer and taking its reference is safe; a reset
 * retires programs to a list freed with the engine. With live reload the
 * check and the reference are taken under the entry's lock, and a replaced
 * program is released at once: renders already running hold their own
 * reference and finish on it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "loader.h"

typedef struct cache_entry {
    struct cache_entry *next; /* immutable once published */
    uint64_t hash;
    uint32_t skip;
    char *name;
    pthread_mutex_t lock;
    _Atomic(weft_template *) tpl;
    atomic_bool missing; /* TemplateDoesNotExist, remembered as Django's cached loader does */
} cache_entry;

static uint64_t key_hash(const char *name, uint32_t skip)
{
    return wb_hash_bytes(name, strlen(name)) ^ ((uint64_t)skip * 0x9E3779B97F4A7C15ull);
}

static cache_entry *entry_for(weft_engine *e, const char *name, uint32_t skip)
{
    uint64_t h = key_hash(name, skip);
    _Atomic(cache_entry *) *bucket = &e->buckets[h % WE_CACHE_BUCKETS];
    cache_entry *fresh = NULL;
    for (;;) {
        cache_entry *head = atomic_load_explicit(bucket, memory_order_acquire);
        for (cache_entry *c = head; c; c = c->next) {
            if (c->hash == h && c->skip == skip && strcmp(c->name, name) == 0) {
                if (fresh) {
                    pthread_mutex_destroy(&fresh->lock);
                    free(fresh->name);
                    free(fresh);
                }
                return c;
            }
        }
        if (!fresh) {
            fresh = calloc(1, sizeof *fresh);
            if (!fresh || !(fresh->name = strdup(name))) {
                free(fresh);
                return NULL;
            }
            fresh->hash = h;
            fresh->skip = skip;
            pthread_mutex_init(&fresh->lock, NULL);
            atomic_init(&fresh->tpl, NULL);
            atomic_init(&fresh->missing, false);
        }
        fresh->next = head;
        if (atomic_compare_exchange_weak_explicit(bucket, &head, fresh, memory_order_release,
                                                  memory_order_relaxed))
            return fresh;
    }
}

static void not_found(weft_error *err, const char *name)
{
    if (!err) return;
    memset(err, 0, sizeof *err);
    err->code = WEFT_ENOTFOUND;
    err->kind = WEFT_ERROR_TEMPLATE_DOES_NOT_EXIST;
    snprintf(err->message, sizeof err->message, "%s", name);
    snprintf(err->template_name, sizeof err->template_name, "%s", name);
}

/* Loads and compiles the entry's template; called with the entry locked. */
static weft_template *compile_entry(weft_engine *e, cache_entry *c, weft_error *err)
{
    loaded_source src;
    int rc = we_load_source(e, c->name, c->skip, &src, err);
    if (rc == WEFT_ENOTFOUND) {
        atomic_store_explicit(&c->missing, true, memory_order_release);
        return NULL;
    }
    if (rc) return NULL;
    atomic_fetch_add_explicit(&e->compiles, 1, memory_order_relaxed);
    weft_template *t = we_template_from_source(e, c->name, src.text, src.len, err);
    if (t) {
        t->origin = src.origin;
        t->source_size = src.size;
        t->source_mtime_ns = src.mtime_ns;
        t->source_hash = wb_hash_bytes(src.text, src.len);
        atomic_store_explicit(&c->missing, false, memory_order_relaxed);
    }
    free(src.text);
    return t;
}

/* With live reload: whether the cached program still matches its source.
 * A changed size or mtime is confirmed by the content hash. */
static bool still_current(weft_engine *e, cache_entry *c, weft_template *t)
{
    if (!we_source_changed(e, c->name, t->origin, t->source_size, t->source_mtime_ns)) return true;
    loaded_source src;
    weft_error ignored;
    if (we_load_source(e, c->name, c->skip, &src, &ignored)) return false;
    bool same = src.origin == t->origin && wb_hash_bytes(src.text, src.len) == t->source_hash;
    if (same) {
        /* Touched but not edited: remember the new stat, keep the program. */
        t->source_size = src.size;
        t->source_mtime_ns = src.mtime_ns;
    }
    free(src.text);
    return same;
}

weft_template *we_cache_get(weft_engine *e, const char *name, uint32_t skip, weft_error *err)
{
    cache_entry *c = entry_for(e, name, skip);
    if (!c) {
        if (err) {
            memset(err, 0, sizeof *err);
            err->code = WEFT_ENOMEM;
            err->kind = WEFT_ERROR_OUT_OF_MEMORY;
            strcpy(err->message, "out of memory");
        }
        return NULL;
    }
    if (!e->auto_reload) {
        weft_template *t = atomic_load_explicit(&c->tpl, memory_order_acquire);
        if (t) {
            atomic_fetch_add_explicit(&e->hits, 1, memory_order_relaxed);
            return weft_template_retain(t);
        }
        if (atomic_load_explicit(&c->missing, memory_order_acquire)) {
            atomic_fetch_add_explicit(&e->hits, 1, memory_order_relaxed);
            not_found(err, name);
            return NULL;
        }
    }
    pthread_mutex_lock(&c->lock);
    weft_template *t = atomic_load_explicit(&c->tpl, memory_order_relaxed);
    if (t && e->auto_reload && !still_current(e, c, t)) {
        weft_template *fresh = compile_entry(e, c, err);
        atomic_fetch_add_explicit(&e->reloads, 1, memory_order_relaxed);
        atomic_store_explicit(&c->tpl, fresh, memory_order_release);
        weft_template_release(t);
        t = fresh;
        if (!t) {
            pthread_mutex_unlock(&c->lock);
            if (atomic_load(&c->missing)) not_found(err, name);
            return NULL;
        }
    } else if (t) {
        atomic_fetch_add_explicit(&e->hits, 1, memory_order_relaxed);
    } else if (atomic_load_explicit(&c->missing, memory_order_relaxed) && !e->auto_reload) {
        atomic_fetch_add_explicit(&e->hits, 1, memory_order_relaxed);
        pthread_mutex_unlock(&c->lock);
        not_found(err, name);
        return NULL;
    } else {
        atomic_fetch_add_explicit(&e->misses, 1, memory_order_relaxed);
        t = compile_entry(e, c, err);
        if (!t) {
            pthread_mutex_unlock(&c->lock);
            if (atomic_load(&c->missing)) not_found(err, name);
            return NULL;
        }
        atomic_store_explicit(&c->tpl, t, memory_order_release);
    }
    weft_template_retain(t);
    pthread_mutex_unlock(&c->lock);
    return t;
}

void we_cache_clear(weft_engine *e, bool teardown)
{
    for (size_t b = 0; b < WE_CACHE_BUCKETS; b++) {
        cache_entry *c = atomic_load(&e->buckets[b]);
        for (; c; c = c->next) {
            pthread_mutex_lock(&c->lock);
            weft_template *t = atomic_exchange(&c->tpl, NULL);
            atomic_store(&c->missing, false);
            pthread_mutex_unlock(&c->lock);
            if (!t) continue;
            if (teardown || e->auto_reload) {
                weft_template_release(t);
            } else {
                /* A lock-free reader may be about to take a reference. */
                pthread_mutex_lock(&e->retired_lock);
                t->retired_next = e->retired;
                e->retired = t;
                pthread_mutex_unlock(&e->retired_lock);
            }
        }
    }
    if (!teardown) return;
    for (size_t b = 0; b < WE_CACHE_BUCKETS; b++) {
        cache_entry *c = atomic_exchange(&e->buckets[b], NULL);
        while (c) {
            cache_entry *next = c->next;
            pthread_mutex_destroy(&c->lock);
            free(c->name);
            free(c);
            c = next;
        }
    }
    weft_template *t = e->retired;
    e->retired = NULL;
    while (t) {
        weft_template *next = t->retired_next;
        weft_template_release(t);
        t = next;
    }
}

void weft_engine_reset(weft_engine *e)
{
    if (e) we_cache_clear(e, false);
}

void weft_engine_get_stats(const weft_engine *e, weft_engine_stats *out)
{
    if (!e || !out) return;
    out->hits = atomic_load(&((weft_engine *)e)->hits);
    out->misses = atomic_load(&((weft_engine *)e)->misses);
    out->compiles = atomic_load(&((weft_engine *)e)->compiles);
    out->reloads = atomic_load(&((weft_engine *)e)->reloads);
}
