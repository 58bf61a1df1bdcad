#include "registry.h"

#include <string.h>

const wf_def *const wd_filter_families[] = {
    wd_filters_text, wd_filters_html, wd_filters_numbers,
    wd_filters_lists, wd_filters_dates, wd_filters_i18n,
};
/* Filters that only {% load i18n %} makes visible. */
static const char *filter_library(const wf_def *family)
{
    return family == wd_filters_i18n ? "i18n" : NULL;
}

const wtag_def *const wd_tag_families[] = {
    wd_tags_core, wd_tags_logic, wd_tags_inherit, wd_tags_misc, wd_tags_i18n,
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
int wd_filter_find(const struct weft_engine *e, const char *name, size_t len,
                     const char *const *libraries, size_t n)
{
    int custom = e ? wd_custom_filter_find(e, name, len) : -1;
    if (custom >= 0) return (WD_CUSTOM_FAMILY << 8) | custom;
    for (size_t f = 0; f < COUNT(wd_filter_families); f++) {
        int i = 0;
        for (const wf_def *d = wd_filter_families[f]; d->name; d++, i++) {
            if (name_is(d->name, name, len) &&
                visible(filter_library(wd_filter_families[f]), name, len, libraries, n))
                return (int)(f << 8) | i;
        }
    }
    return -1;
}

int wd_tag_find(const struct weft_engine *e, const char *name, size_t len,
                  const char *const *libraries, size_t n)
{
    int custom = e ? wd_custom_tag_find(e, name, len) : -1;
    if (custom >= 0) return (WD_CUSTOM_FAMILY << 8) | custom;
    for (size_t f = 0; f < COUNT(wd_tag_families); f++) {
        int i = 0;
        for (const wtag_def *d = wd_tag_families[f]; d->name; d++, i++) {
            if (name_is(d->name, name, len) && visible(d->library, name, len, libraries, n))
                return (int)(f << 8) | i;
        }
    }
    return -1;
}

bool wd_library_exists(const char *name, size_t len)
{
    return name_is("i18n", name, len) || name_is("static", name, len) ||
           name_is("l10n", name, len) || name_is("tz", name, len) || name_is("cache", name, len);
}

bool wd_library_has(const char *library, const char *name, size_t len)
{
    for (size_t f = 0; f < COUNT(wd_tag_families); f++)
        for (const wtag_def *d = wd_tag_families[f]; d->name; d++)
            if (d->library && strcmp(d->library, library) == 0 && name_is(d->name, name, len))
                return true;
    for (size_t f = 0; f < COUNT(wd_filter_families); f++) {
        const char *lib = filter_library(wd_filter_families[f]);
        if (!lib || strcmp(lib, library) != 0) continue;
        for (const wf_def *d = wd_filter_families[f]; d->name; d++)
            if (name_is(d->name, name, len)) return true;
    }
    return false;
}
