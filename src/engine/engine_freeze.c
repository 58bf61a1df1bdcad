/* The freeze: what configuration implies (time zone rules, translation
 * catalogs) is built privately, then published with one atomic store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/tz.h"
#include "../django/catalog.h"
#include "../render/output.h"
#include "engine.h"

static int build_frozen_state(weft_engine *e, weft_error *err)
{
    weft_error local;
    weft_error *report = err ? err : &local;
    struct wtz *tz = wtz_load(e->time_zone);
    if (!tz) {
        memset(report, 0, sizeof *report);
        report->code = WEFT_EINVAL;
        report->kind = WEFT_ERROR_INVALID_ARGUMENT;
        snprintf(report->message, sizeof report->message, "unknown time zone '%s'", e->time_zone);
        return WEFT_EINVAL;
    }
    wcatalogs *cats = wcatalogs_load((const char *const *)e->locale_dirs, e->nlocale_dirs, report);
    if (!cats) {
        wtz_free(tz);
        return report->code ? (int)report->code : WEFT_EIO;
    }
    e->tz = tz;
    e->catalogs = cats;
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

void weft_engine_release_frozen(weft_engine *e)
{
    wtz_free(e->tz);
    wcatalogs_free(e->catalogs);
    e->tz = NULL;
    e->catalogs = NULL;
}

const wtz *weft_render_timezone(const weft_engine *e, const char *name)
{
    if (!name || !strcmp(name, e->time_zone)) return e->tz;
    /* A per-render zone other than the engine's is read for this render. */
    const wtz *tz = wtz_load(name);
    return tz ? tz : e->tz;
}

void weft_render_release_tz(const weft_engine *e, const wtz *tz)
{
    if (tz && tz != e->tz) wtz_free((wtz *)tz);
}

const struct wlang_catalog *weft_render_catalog(const weft_engine *e, const char *language)
{
    return e->catalogs ? wcatalogs_find(e->catalogs, language) : NULL;
}
