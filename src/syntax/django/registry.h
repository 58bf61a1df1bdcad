/* Django's built-in tags and filters and the libraries they belong to,
 * found by name at compile time (with what {% load %} made visible and
 * the engine's own libraries) and by number at render time. The built-in
 * tables are constant; the engine's libraries are frozen with it. */
#ifndef WEFT_DJANGO_REGISTRY_H
#define WEFT_DJANGO_REGISTRY_H

#include "django.h"
#include "tag_api.h"

/* A tag or filter id is its family number in the high byte and its index
 * in the family in the low byte. Filters of the engine's libraries have
 * WD_CUSTOM_FILTER set and their index in the registry below it; tags of
 * the engine's libraries all have the id of the custom family's one entry
 * and keep their registry index in their node. */
enum { WD_CUSTOM_FILTER = 0x8000 };
/* The families of tags, in wd_tag_families. */
enum wd_tag_family {
    WD_TAGS_CORE, WD_TAGS_LOGIC, WD_TAGS_INHERIT, WD_TAGS_MISC, WD_TAGS_I18N, WD_TAGS_CUSTOM,
    WD_TAGS_L10N, WD_TAGS_TZ, WD_TAGS_CACHE, WD_TAG_FAMILIES
};
enum { WD_CUSTOM_TAG = WD_TAGS_CUSTOM << 8 };
extern const wtag_def wd_tags_custom[];

extern const wtag_def *const wd_tag_families[];
/* Inline: it runs for every node rendered. */
static inline const wtag_def *wd_tag_at(uint16_t id) { return &wd_tag_families[id >> 8][id & 0xff]; }

extern const wf_def *const wd_filter_families[];
/* A built-in filter (not WD_CUSTOM_FILTER). */
static inline const wf_def *wd_filter_at(uint16_t id) { return &wd_filter_families[id >> 8][id & 0xff]; }

/* The arity (enum wf_arg) and name of any filter id. */
uint8_t wd_filter_arity(const wd_options *o, uint16_t id, const char **name);

/* What {% load %} made visible so far: "lib" (everything in it) or
 * "lib:name" (one name), in load order. */
typedef struct wd_loaded {
    const char *const *entries;
    size_t n;
} wd_loaded;

/* The id of the tag or filter called name visible with the loaded
 * libraries, or -1. For a tag of the engine's libraries, *custom gets its
 * registry index (else it is left alone). Precedence, as Django's parser
 * builds its tag and filter tables: the latest {% load %} first, then the
 * engine's built-in libraries (the latest first), then Django's own
 * built-ins. */
int wd_tag_find(const wd_options *o, wd_loaded loaded, const char *name, size_t len, uint32_t *custom);
int wd_filter_find(const wd_options *o, wd_loaded loaded, const char *name, size_t len);

/* Whether a library of that name exists ({% load name %}), and whether it
 * defines a tag or filter called name ({% load name from library %}). */
bool wd_library_exists(const wd_options *o, const char *name, size_t len);
bool wd_library_has(const wd_options *o, const char *library, size_t library_len, const char *name,
                    size_t len);
/* Writes the names of every library, sorted, one per line (Django's
 * message for an unknown library). */
void wd_library_names(const wd_options *o, buf *out);

/* Fixed id of the node kind every Django template has besides text. */
enum { WD_NODE_VAR = 1 };

#endif
