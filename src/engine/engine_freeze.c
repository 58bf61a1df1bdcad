/* The freeze: what configuration implies (time zone rules, translation
 * catalogs) is built privately, then published with one atomic store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/tz.h"
#include "i18n/catalog.h"
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
    int rc = we_libraries_freeze(e, report);
    if (rc) {
        wtz_free(tz);
        wcatalogs_free(cats);
        return rc;
    }
    e->tz = tz;
    e->catalogs = cats;
    return WEFT_OK;
}

int we_engine_freeze(weft_engine *e, weft_error *err)
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

typedef struct zone_entry {
    struct zone_entry *next; /* immutable once published */
    char *name;
    struct wtz *tz;
} zone_entry;

void we_engine_release_frozen(weft_engine *e)
{
    wtz_free(e->tz);
    wcatalogs_free(e->catalogs);
    e->tz = NULL;
    e->catalogs = NULL;
    zone_entry *z = atomic_exchange(&e->zones, NULL);
    while (z) {
        zone_entry *next = z->next;
        wtz_free(z->tz);
        free(z->name);
        free(z);
        z = next;
    }
}

static const wtz *find_zone(const weft_engine *e, const char *name)
{
    for (zone_entry *z = atomic_load_explicit(&((weft_engine *)e)->zones, memory_order_acquire); z;
         z = z->next)
        if (!strcmp(z->name, name)) return z->tz;
    return NULL;
}

/* A time zone named per render or by a template, read from the tz
 * database the first time and kept for the engine's life, so a server
 * that renders in its users' zones reads each zone once. NULL names the
 * engine's own zone; NULL comes back for a zone the database lacks. */
const wtz *we_render_timezone(const weft_engine *e, const char *name)
{
    if (!name || !strcmp(name, e->time_zone)) return e->tz;
    const wtz *tz = find_zone(e, name);
    if (tz) return tz;
    weft_engine *me = (weft_engine *)e;
    pthread_mutex_lock(&me->zones_lock);
    tz = find_zone(e, name);
    if (!tz) {
        zone_entry *z = calloc(1, sizeof *z);
        if (z && (z->name = strdup(name)) && (z->tz = wtz_load(name))) {
            z->next = atomic_load_explicit(&me->zones, memory_order_relaxed);
            atomic_store_explicit(&me->zones, z, memory_order_release);
            tz = z->tz;
        } else if (z) {
            free(z->name);
            free(z);
        }
    }
    pthread_mutex_unlock(&me->zones_lock);
    return tz;
}

const struct wlang_catalog *we_render_catalog(const weft_engine *e, const char *language)
{
    return e->catalogs ? wcatalogs_find(e->catalogs, language) : NULL;
}
