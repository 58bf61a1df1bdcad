/* The built-in tags and filters, found by name at compile time and by
 * number at render time. Both tables are constant: nothing registers at run
 * time, so there is nothing to lock. */
#ifndef WEFT_REGISTRY_H
#define WEFT_REGISTRY_H

#include "tag_api.h"

struct weft_engine;

/* The family number of the filters and tags an engine registers itself
 * (src/engine/custom.c); their index in the engine follows. */
enum { WD_CUSTOM_FAMILY = 0xFF };

/* Finds a filter visible with the loaded libraries; -1 when unknown. An
 * engine's own filters come first, as Django's builtins option lets them. */
int wd_filter_find(const struct weft_engine *e, const char *name, size_t len,
                     const char *const *libraries, size_t nlibraries);
extern const wf_def *const wd_filter_families[];
const wf_def *wd_custom_filter_def(const struct weft_engine *e, unsigned index);
/* Inline: it runs for every filter call. */
static inline const wf_def *wd_filter_at(const struct weft_engine *e, uint16_t id)
{
    if ((id >> 8) == WD_CUSTOM_FAMILY) return wd_custom_filter_def(e, id & 0xff);
    return &wd_filter_families[id >> 8][id & 0xff];
}

int wd_tag_find(const struct weft_engine *e, const char *name, size_t len,
                  const char *const *libraries, size_t nlibraries);
extern const wtag_def *const wd_tag_families[];
const wtag_def *wd_custom_tag_def(const struct weft_engine *e, unsigned index);
/* Inline: it runs for every node rendered. */
static inline const wtag_def *wd_tag_at(const struct weft_engine *e, uint16_t id)
{
    if ((id >> 8) == WD_CUSTOM_FAMILY) return wd_custom_tag_def(e, id & 0xff);
    return &wd_tag_families[id >> 8][id & 0xff];
}

/* The engine's own entries (src/engine/custom.c): index or -1. */
int wd_custom_filter_find(const struct weft_engine *e, const char *name, size_t len);
int wd_custom_tag_find(const struct weft_engine *e, const char *name, size_t len);

/* Whether a library of that name exists ({% load name %}). */
bool wd_library_exists(const char *name, size_t len);
/* Whether a library defines a tag or filter of that name. */
bool wd_library_has(const char *library, const char *name, size_t len);

/* Fixed numbers of the two node kinds every template has. */
enum { WNODE_TEXT = 0, WD_NODE_VAR = 1 };

#endif
