/* One GNU gettext .mo file in memory (internal to the catalogs).
 *
 * Both byte orders are read. The file's own hash table is ignored (a
 * corrupt one could loop): each file gets an index of its own at load.
 * Strings handed out point into the file's buffer and are NUL-terminated.
 * Immutable once loaded: lookups may run from any number of threads. */
#ifndef WEFT_DJANGO_MO_FILE_H
#define WEFT_DJANGO_MO_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct mo_file mo_file;

/* A message key in parts, "context\x04msgid" or msgid alone, hashed once
 * and looked up in several files without building the joined string. */
typedef struct mo_key {
    const char *ctx;
    size_t ctx_len;
    bool has_ctx;
    const char *id;
    size_t id_len;
    uint32_t hash;
} mo_key;

mo_key mo_key_make(const char *ctx, size_t ctx_len, bool has_ctx, const char *id, size_t id_len);

enum mo_load_result {
    MO_LOADED,
    MO_NOT_A_FILE,   /* a directory or dangling link named *.mo: not a catalog */
    MO_UNREADABLE,
    MO_CORRUPT,      /* Python's gettext would refuse it too */
    MO_OUT_OF_MEMORY
};

/* Reads and indexes path. On MO_LOADED, *out is the file (free with
 * mo_free). A Plural-Forms header that does not compile keeps the default
 * rule n != 1: Python would refuse the whole file, making Django fail every
 * render in that language. */
enum mo_load_result mo_load(const char *path, mo_file **out);
void mo_free(mo_file *mo);

/* The translation of a singular entry. */
bool mo_lookup_singular(const mo_file *mo, const mo_key *k, const char **out, size_t *out_len);
/* The plural form for n (by the file's Plural-Forms rule) of the plural
 * entry whose singular is the key; false when the entry lacks that form or
 * the rule fails for n (Python raises: division by zero). */
bool mo_lookup_plural(const mo_file *mo, const mo_key *k, int64_t n, const char **out,
                      size_t *out_len);
/* Python's GNUTranslations.gettext on this file alone: the singular entry,
 * else the form for 1 of a plural entry. */
bool mo_gettext(const mo_file *mo, const mo_key *k, const char **out, size_t *out_len);

#endif
