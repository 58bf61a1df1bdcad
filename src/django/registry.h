/* The built-in tags and filters, found by name at compile time and by
 * number at render time. Both tables are constant: nothing registers at run
 * time, so there is nothing to lock. */
#ifndef WEFT_REGISTRY_H
#define WEFT_REGISTRY_H

#include "tag_api.h"

/* Finds a filter visible with the loaded libraries; -1 when unknown. */
int weft_filter_find(const char *name, size_t len, const char *const *libraries,
                     size_t nlibraries);
const wf_def *weft_filter_at(uint16_t id);

int weft_tag_find(const char *name, size_t len, const char *const *libraries, size_t nlibraries);
const wtag_def *weft_tag_at(uint16_t id);

/* Whether a library of that name exists ({% load name %}). */
bool weft_library_exists(const char *name, size_t len);
/* Whether a library defines a tag or filter of that name. */
bool weft_library_has(const char *library, const char *name, size_t len);

/* Fixed numbers of the two node kinds every template has. */
enum { WEFT_TAG_TEXT = 0, WEFT_TAG_VAR = 1 };

#endif
