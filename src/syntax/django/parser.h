/* The Django template compiler: source in, immutable program out. All of
 * its state lives in one wparser on the caller's stack, so any number of
 * templates compile in parallel. */
#ifndef WEFT_PARSER_H
#define WEFT_PARSER_H

#include "tag_api.h"

/* Compiles src into a malloc'd program block (*out, *out_len). Returns
 * WEFT_OK, or a status with err filled. */
int wd_compile(const void *options, const char *name, const char *src, size_t len, void **out,
               size_t *out_len, weft_error *err);

#endif
