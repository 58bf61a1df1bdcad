/* The freeze: what configuration implies (time zone rules, translation
 * catalogs) is built privately, then published with one atomic store. */
#include <string.h>

#include "../render/output.h"
#include "engine.h"

static int build_frozen_state(weft_engine *e, weft_error *err)
{
    (void)e;
    (void)err;
    return WEFT_OK;
}

int weft_engine_freeze(weft_engine *e, weft_error *err)
{
    if (atomic_load_explicit(&e->frozen, memory_order_acquire)) return WEFT_OK;
    pthread_mutex_lock(&e->freeze_lock);
    int rc = WEFT_OK;
    if (!atomic_load_explicit(&e->frozen, memory_order_relaxed)) {
        rc = build_frozen_state(e, err);
        if (!rc) atomic_store_explicit(&e->frozen, true, memory_order_release);
    }
    pthread_mutex_unlock(&e->freeze_lock);
    return rc;
}

void weft_engine_release_frozen(weft_engine *e) { (void)e; }

const wtz *weft_render_timezone(const weft_engine *e, const char *name)
{
    (void)e;
    (void)name;
    return NULL;
}

void weft_render_release_tz(const weft_engine *e, const wtz *tz)
{
    (void)e;
    (void)tz;
}

const struct wlang_catalog *weft_render_catalog(const weft_engine *e, const char *language)
{
    (void)e;
    (void)language;
    return NULL;
}
