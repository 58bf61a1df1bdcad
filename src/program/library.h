/* Libraries: named sets of filters and tags written in C by an application
 * (the public weft_library), and the registry an engine freezes from them.
 *
 * Programs refer to an entry by its index in the registry's flat table, so
 * a node holds no pointer; a saved program would name the entry instead and
 * find its index again at load. A library is sealed when an engine takes it:
 * from then on it is immutable and may be shared by engines and threads. */
#ifndef WEFT_PROGRAM_LIBRARY_H
#define WEFT_PROGRAM_LIBRARY_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "weft.h"

typedef enum wp_entry_kind { WP_FILTER, WP_SIMPLE_TAG, WP_BLOCK_TAG, WP_INCLUSION_TAG } wp_entry_kind;

typedef struct wp_entry {
    char *name;
    wp_entry_kind kind;
    unsigned flags;      /* WEFT_FILTER_* for filters */
    weft_filter_fn filter;
    weft_tag_fn tag;
    void *userdata;
    size_t state_size;   /* per-render state of a tag */
    char *end_name;      /* "endNAME" for block tags */
    char *template_name; /* inclusion tags */
} wp_entry;

struct weft_library {
    atomic_int refs;
    atomic_bool sealed;
    char *name; /* NULL for the engine's own one-call registrations */
    wp_entry *entries;
    size_t n, cap;
};

/* The frozen view of an engine's libraries: the loadable ones by name, the
 * ones visible without {% load %} in increasing precedence, and the flat
 * table of entries that programs index. Immutable once built. */
typedef struct wp_registry {
    const weft_library **libs;  /* loadable by name */
    size_t nlibs;
    /* Names of libraries made built in (registered or a syntax's own), in
     * increasing precedence. */
    char **builtin_names;
    size_t nbuiltin_names;
    const weft_library *own;    /* the engine's one-call registrations: highest precedence */
    const wp_entry **entries;   /* every entry of libs and own, flat */
    uint32_t nentries;
    uint32_t *lib_base;         /* index in entries of libs[i]'s first entry */
    uint32_t own_base;
} wp_registry;

/* Upper bound of a registry's flat table: ids fit in 15 bits. */
enum { WP_MAX_ENTRIES = 0x7FFF };

/* The library registered under name, or NULL. */
const weft_library *wp_registry_find(const wp_registry *reg, const char *name, size_t len);
/* The flat index of lib's entry called name of one of the kinds (tag kinds
 * when tags is true, else filters), or -1. lib is one of reg's. */
int wp_registry_entry(const wp_registry *reg, const weft_library *lib, const char *name, size_t len,
                      bool tags);
static inline const wp_entry *wp_registry_at(const wp_registry *reg, uint32_t index)
{
    return reg->entries[index];
}
/* Whether the library has an entry called name (tag or filter). */
bool wp_library_has(const weft_library *lib, const char *name, size_t len);

/* Builds a registry over the libraries (each retained) and the engine's own
 * one (may be NULL). NULL when out of memory or over WP_MAX_ENTRIES. */
wp_registry *wp_registry_new(weft_library *const *libs, size_t nlibs, const char *const *builtins,
                             size_t nbuiltins, weft_library *own);
void wp_registry_free(wp_registry *reg);

#endif
