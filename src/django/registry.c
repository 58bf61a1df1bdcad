#include "registry.h"

#include <string.h>

const wf_def *const weft_filter_families[] = {
    weft_filters_text, weft_filters_html, weft_filters_numbers,
    weft_filters_lists, weft_filters_dates, weft_filters_i18n,
};
/* Filters that only {% load i18n %} makes visible. */
static const char *filter_library(const wf_def *family)
{
    return family == weft_filters_i18n ? "i18n" : NULL;
}

const wtag_def *const weft_tag_families[] = {
    weft_tags_core, weft_tags_logic, weft_tags_inherit, weft_tags_misc, weft_tags_i18n,
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool name_is(const char *candidate, const char *name, size_t len)
{
    return strlen(candidate) == len && memcmp(candidate, name, len) == 0;
}

static bool visible(const char *library, const char *name, size_t len,
                    const char *const *libraries, size_t n)
{
    if (!library) return true;
    /* libraries holds "lib" (everything) or "lib:name" (one name). */
    size_t liblen = strlen(library);
    for (size_t i = 0; i < n; i++) {
        const char *l = libraries[i];
        if (strncmp(l, library, liblen) != 0) continue;
        if (l[liblen] == '\0') return true;
        if (l[liblen] == ':' && name_is(l + liblen + 1, name, len)) return true;
    }
    return false;
}

/* An id is the family number in the high byte and the index in the family
 * in the low byte: constant-time to follow at render time, and stable for a
 * given build, which a saved program checks by name at load. */
int weft_filter_find(const struct weft_engine *e, const char *name, size_t len,
                     const char *const *libraries, size_t n)
{
    int custom = e ? weft_custom_filter_find(e, name, len) : -1;
    if (custom >= 0) return (WEFT_CUSTOM_FAMILY << 8) | custom;
    for (size_t f = 0; f < COUNT(weft_filter_families); f++) {
        int i = 0;
        for (const wf_def *d = weft_filter_families[f]; d->name; d++, i++) {
            if (name_is(d->name, name, len) &&
                visible(filter_library(weft_filter_families[f]), name, len, libraries, n))
                return (int)(f << 8) | i;
        }
    }
    return -1;
}

int weft_tag_find(const struct weft_engine *e, const char *name, size_t len,
                  const char *const *libraries, size_t n)
{
    int custom = e ? weft_custom_tag_find(e, name, len) : -1;
    if (custom >= 0) return (WEFT_CUSTOM_FAMILY << 8) | custom;
    for (size_t f = 0; f < COUNT(weft_tag_families); f++) {
        int i = 0;
        for (const wtag_def *d = weft_tag_families[f]; d->name; d++, i++) {
            if (name_is(d->name, name, len) && visible(d->library, name, len, libraries, n))
                return (int)(f << 8) | i;
        }
    }
    return -1;
}

bool weft_library_exists(const char *name, size_t len)
{
    return name_is("i18n", name, len) || name_is("static", name, len) ||
           name_is("l10n", name, len) || name_is("tz", name, len) || name_is("cache", name, len);
}

bool weft_library_has(const char *library, const char *name, size_t len)
{
    for (size_t f = 0; f < COUNT(weft_tag_families); f++)
        for (const wtag_def *d = weft_tag_families[f]; d->name; d++)
            if (d->library && strcmp(d->library, library) == 0 && name_is(d->name, name, len))
                return true;
    for (size_t f = 0; f < COUNT(weft_filter_families); f++) {
        const char *lib = filter_library(weft_filter_families[f]);
        if (!lib || strcmp(lib, library) != 0) continue;
        for (const wf_def *d = weft_filter_families[f]; d->name; d++)
            if (name_is(d->name, name, len)) return true;
    }
    return false;
}
