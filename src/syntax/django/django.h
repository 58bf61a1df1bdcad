/* The Django syntax as the engine sees it: its table (compile, render
 * hooks) and its options, the engine's settings for Django templates. This
 * is the only header of src/syntax/django that the engine includes. */
#ifndef WEFT_DJANGO_DJANGO_H
#define WEFT_DJANGO_DJANGO_H

#include <stdbool.h>
#include <stddef.h>

#include "program/library.h"
#include "render/syntax.h"
#include "weft.h"

typedef struct wd_options {
    char *string_if_invalid; /* NULL: "" */
    size_t string_if_invalid_len;
    char *static_url;        /* STATIC_URL; NULL: unset */
    char *media_url;         /* MEDIA_URL */
    bool use_tz;             /* USE_TZ */
    bool use_thousand_separator; /* USE_THOUSAND_SEPARATOR */
    weft_url_fn url;         /* reverse() for {% url %} */
    void *url_data;
    weft_cache_get_fn cache_get; /* the fragment cache of {% cache %} */
    weft_cache_set_fn cache_set;
    void *cache_data;
    const wp_registry *registry; /* the engine's libraries, set at freeze */
} wd_options;

extern const wr_syntax wd_syntax;

/* Whether name is one of Django's own libraries (i18n, static, l10n, tz,
 * cache). */
bool wd_is_django_library(const char *name);

#endif
