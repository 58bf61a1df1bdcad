/* Finding Django's tags and filters by name: the built-in tables, the
 * libraries {% load %} makes visible, and the engine's own libraries. */
#include "registry.h"

#include <stdlib.h>
#include <string.h>

#include "program/library.h"

const wtag_def *const wd_tag_families[WD_TAG_FAMILIES] = {
    [WD_TAGS_CORE] = wd_tags_core,   [WD_TAGS_LOGIC] = wd_tags_logic,
    [WD_TAGS_INHERIT] = wd_tags_inherit, [WD_TAGS_MISC] = wd_tags_misc,
    [WD_TAGS_I18N] = wd_tags_i18n,   [WD_TAGS_CUSTOM] = wd_tags_custom,
    [WD_TAGS_L10N] = wd_tags_l10n,   [WD_TAGS_TZ] = wd_tags_tz,
    [WD_TAGS_CACHE] = wd_tags_cache,
};

/* Filter families and the library each belongs to (NULL: always there). */
const wf_def *const wd_filter_families[] = {
    wd_filters_text,  wd_filters_html, wd_filters_numbers, wd_filters_lists,
    wd_filters_dates, wd_filters_i18n, wd_filters_l10n,    wd_filters_tz,
};
static const char *const filter_family_library[] = {NULL, NULL, NULL, NULL, NULL, "i18n", "l10n", "tz"};
_Static_assert(sizeof filter_family_library / sizeof filter_family_library[0] ==
                   sizeof wd_filter_families / sizeof wd_filter_families[0],
               "every filter family names its library");

/* Django's own loadable libraries, sorted. */
static const char *const django_libraries[] = {"cache", "i18n", "l10n", "static", "tz"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool name_is(const char *candidate, const char *name, size_t len)
{
    return strlen(candidate) == len && memcmp(candidate, name, len) == 0;
}

static bool is_django_library(const char *name, size_t len)
{
    for (size_t i = 0; i < COUNT(django_libraries); i++)
        if (name_is(django_libraries[i], name, len)) return true;
    return false;
}

bool wd_is_django_library(const char *name) { return is_django_library(name, strlen(name)); }

static const wp_registry *registry(const wd_options *o) { return o ? o->registry : NULL; }

/* A name in one library: the engine's library of that name when there is
 * one (it replaces Django's), else Django's own. -1 when not there. */
static int tag_in(const wd_options *o, const char *lib, size_t liblen, const char *name, size_t len,
                  uint32_t *custom)
{
    const weft_library *user = wp_registry_find(registry(o), lib, liblen);
    if (user) {
        int k = wp_registry_entry(registry(o), user, name, len, true);
        if (k < 0) return -1;
        *custom = (uint32_t)k;
        return WD_CUSTOM_TAG;
    }
    for (size_t f = 0; f < COUNT(wd_tag_families); f++) {
        int i = 0;
        for (const wtag_def *d = wd_tag_families[f]; d->name; d++, i++)
            if (d->library && strlen(d->library) == liblen && !memcmp(d->library, lib, liblen) &&
                name_is(d->name, name, len))
                return (int)(f << 8) | i;
    }
    return -1;
}

static int filter_in(const wd_options *o, const char *lib, size_t liblen, const char *name, size_t len)
{
    const weft_library *user = wp_registry_find(registry(o), lib, liblen);
    if (user) {
        int k = wp_registry_entry(registry(o), user, name, len, false);
        return k < 0 ? -1 : (WD_CUSTOM_FILTER | k);
    }
    for (size_t f = 0; f < COUNT(wd_filter_families); f++) {
        const char *flib = filter_family_library[f];
        if (!flib || strlen(flib) != liblen || memcmp(flib, lib, liblen)) continue;
        int i = 0;
        for (const wf_def *d = wd_filter_families[f]; d->name; d++, i++)
            if (name_is(d->name, name, len)) return (int)(f << 8) | i;
    }
    return -1;
}

static int entry_in(const wd_options *o, const char *lib, size_t liblen, const char *name,
                    size_t len, bool tags, uint32_t *custom)
{
    return tags ? tag_in(o, lib, liblen, name, len, custom) : filter_in(o, lib, liblen, name, len);
}

/* The entry called name visible through loads and the engine's built-in
 * libraries, in the order of wd_tag_find's comment; -1 when none. */
static int find(const wd_options *o, wd_loaded loaded, const char *name, size_t len, bool tags,
                uint32_t *custom)
{
    for (size_t i = loaded.n; i-- > 0;) {
        const char *entry = loaded.entries[i];
        const char *colon = strchr(entry, ':');
        size_t liblen = colon ? (size_t)(colon - entry) : strlen(entry);
        if (colon && !name_is(colon + 1, name, len)) continue;
        int id = entry_in(o, entry, liblen, name, len, tags, custom);
        if (id >= 0) return id;
    }
    const wp_registry *reg = registry(o);
    if (!reg) return -1;
    if (reg->own) {
        /* The engine's one-call registrations: the latest built-in. */
        int k = wp_registry_entry(reg, reg->own, name, len, tags);
        if (k >= 0 && !tags) return WD_CUSTOM_FILTER | k;
        if (k >= 0) {
            *custom = (uint32_t)k;
            return WD_CUSTOM_TAG;
        }
    }
    for (size_t i = reg->nbuiltin_names; i-- > 0;) {
        const char *lib = reg->builtin_names[i];
        int id = entry_in(o, lib, strlen(lib), name, len, tags, custom);
        if (id >= 0) return id;
    }
    return -1;
}

int wd_tag_find(const wd_options *o, wd_loaded loaded, const char *name, size_t len, uint32_t *custom)
{
    int id = find(o, loaded, name, len, true, custom);
    if (id >= 0) return id;
    for (size_t f = 0; f < COUNT(wd_tag_families); f++) {
        int i = 0;
        for (const wtag_def *d = wd_tag_families[f]; d->name; d++, i++)
            if (!d->library && name_is(d->name, name, len)) return (int)(f << 8) | i;
    }
    return -1;
}

int wd_filter_find(const wd_options *o, wd_loaded loaded, const char *name, size_t len)
{
    int id = find(o, loaded, name, len, false, NULL);
    if (id >= 0) return id;
    for (size_t f = 0; f < COUNT(wd_filter_families); f++) {
        if (filter_family_library[f]) continue;
        int i = 0;
        for (const wf_def *d = wd_filter_families[f]; d->name; d++, i++)
            if (name_is(d->name, name, len)) return (int)(f << 8) | i;
    }
    return -1;
}

bool wd_library_exists(const wd_options *o, const char *name, size_t len)
{
    return wp_registry_find(registry(o), name, len) || is_django_library(name, len);
}

bool wd_library_has(const wd_options *o, const char *library, size_t library_len, const char *name,
                    size_t len)
{
    uint32_t custom;
    return tag_in(o, library, library_len, name, len, &custom) >= 0 ||
           filter_in(o, library, library_len, name, len) >= 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void wd_library_names(const wd_options *o, buf *out)
{
    const wp_registry *reg = registry(o);
    size_t n = COUNT(django_libraries) + (reg ? reg->nlibs : 0);
    const char **names = arena_alloc(out->arena, n * sizeof *names);
    if (!names) {
        out->oom = true;
        return;
    }
    size_t k = 0;
    for (size_t i = 0; i < COUNT(django_libraries); i++) names[k++] = django_libraries[i];
    for (size_t i = 0; reg && i < reg->nlibs; i++) {
        const char *name = reg->libs[i]->name;
        bool seen = false;
        for (size_t j = 0; j < k && !seen; j++) seen = !strcmp(names[j], name);
        if (!seen) names[k++] = name;
    }
    qsort(names, k, sizeof *names, compare_names);
    for (size_t i = 0; i < k; i++) {
        if (i) buf_putc(out, '\n');
        buf_puts(out, names[i]);
    }
}

uint8_t wd_filter_arity(const wd_options *o, uint16_t id, const char **name)
{
    if (!(id & WD_CUSTOM_FILTER)) {
        const wf_def *d = wd_filter_at(id);
        *name = d->name;
        return d->arg;
    }
    const wp_entry *e = wp_registry_at(o->registry, id & ~WD_CUSTOM_FILTER);
    *name = e->name;
    return e->flags & WEFT_FILTER_ARG_REQUIRED   ? WF_ARG_REQUIRED
           : e->flags & WEFT_FILTER_ARG_OPTIONAL ? WF_ARG_OPTIONAL
                                                 : WF_ARG_NONE;
}
