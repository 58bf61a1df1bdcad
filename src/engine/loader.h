/* Finding template sources: in-memory templates first (loader 0), then each
 * template directory in order (loader 1 + index). A name may not leave its
 * directory: absolute names and ".." segments are refused. */
#ifndef WEFT_LOADER_H
#define WEFT_LOADER_H

#include <stdint.h>

#include "engine.h"

typedef struct loaded_source {
    char *text;      /* malloc'd (a copy for in-memory templates) */
    size_t len;
    int origin;      /* the loader that found it */
    int64_t mtime_ns;
    int64_t size;
} loaded_source;

/* Looks name up in every loader not set in skip (bit i = loader i).
 * Returns WEFT_OK, WEFT_ENOTFOUND, WEFT_ENOMEM or WEFT_EIO (err filled). */
int we_load_source(const weft_engine *e, const char *name, uint32_t skip, loaded_source *out,
                     weft_error *err);

/* Whether the source behind origin changed from (size, mtime): a cheap
 * stat, before the content hash is compared. In-memory templates never
 * change after the freeze. */
bool we_source_changed(const weft_engine *e, const char *name, int origin, int64_t size,
                         int64_t mtime_ns);

uint64_t wb_hash_bytes(const void *data, size_t len);

#endif
