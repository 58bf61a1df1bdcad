/* An engine's libraries: the ones it loads by name, the names it makes
 * built in, and its own one-call registrations, frozen into a registry at
 * the first template request. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

int weft_engine_add_library(weft_engine *e, weft_library *lib)
{
    int rc = we_engine_configurable(e);
    if (rc) return rc;
    if (!lib || !lib->name) return WEFT_EINVAL;
    weft_library **grown = realloc(e->libs, (e->nlibs + 1) * sizeof *grown);
    if (!grown) return WEFT_ENOMEM;
    e->libs = grown;
    atomic_store_explicit(&lib->sealed, true, memory_order_release);
    atomic_fetch_add(&lib->refs, 1);
    e->libs[e->nlibs++] = lib;
    return WEFT_OK;
}

int weft_engine_add_builtin(weft_engine *e, const char *name)
{
    int rc = we_engine_configurable(e);
    if (rc) return rc;
    if (!name || !*name) return WEFT_EINVAL;
    char **grown = realloc(e->builtins, (e->nbuiltins + 1) * sizeof *grown);
    if (!grown) return WEFT_ENOMEM;
    e->builtins = grown;
    if (!(grown[e->nbuiltins] = strdup(name))) return WEFT_ENOMEM;
    e->nbuiltins++;
    return WEFT_OK;
}

/* The engine's own library, made at the first one-call registration. */
static weft_library *own_library(weft_engine *e, int *rc)
{
    *rc = we_engine_configurable(e);
    if (*rc) return NULL;
    if (!e->own && !(e->own = weft_library_new(NULL))) *rc = WEFT_ENOMEM;
    return e->own;
}

int weft_engine_add_filter(weft_engine *e, const char *name, weft_filter_fn fn, void *userdata,
                           unsigned flags)
{
    int rc;
    weft_library *own = own_library(e, &rc);
    return own ? weft_library_add_filter(own, name, fn, userdata, flags) : rc;
}

int weft_engine_add_simple_tag(weft_engine *e, const char *name, weft_tag_fn fn, void *userdata,
                               size_t state_size)
{
    int rc;
    weft_library *own = own_library(e, &rc);
    return own ? weft_library_add_simple_tag(own, name, fn, userdata, state_size) : rc;
}

int weft_engine_add_block_tag(weft_engine *e, const char *name, weft_tag_fn fn, void *userdata,
                              size_t state_size)
{
    int rc;
    weft_library *own = own_library(e, &rc);
    return own ? weft_library_add_block_tag(own, name, fn, userdata, state_size) : rc;
}

int weft_engine_add_inclusion_tag(weft_engine *e, const char *name, const char *template_name,
                                  weft_tag_fn fn, void *userdata)
{
    int rc;
    weft_library *own = own_library(e, &rc);
    return own ? weft_library_add_inclusion_tag(own, name, template_name, fn, userdata) : rc;
}

int we_libraries_freeze(weft_engine *e, weft_error *err)
{
    for (size_t i = 0; i < e->nbuiltins; i++) {
        const char *name = e->builtins[i];
        bool known = wd_is_django_library(name);
        for (size_t k = 0; k < e->nlibs && !known; k++) known = !strcmp(e->libs[k]->name, name);
        if (known) continue;
        if (err) {
            memset(err, 0, sizeof *err);
            err->code = WEFT_EINVAL;
            err->kind = WEFT_ERROR_INVALID_ARGUMENT;
            snprintf(err->message, sizeof err->message, "unknown built-in library '%s'", name);
        }
        return WEFT_EINVAL;
    }
    if (e->own) atomic_store_explicit(&e->own->sealed, true, memory_order_release);
    wp_registry *reg = wp_registry_new(e->libs, e->nlibs, (const char *const *)e->builtins,
                                       e->nbuiltins, e->own);
    if (!reg) {
        if (err) {
            memset(err, 0, sizeof *err);
            err->code = WEFT_ENOMEM;
            err->kind = WEFT_ERROR_OUT_OF_MEMORY;
            snprintf(err->message, sizeof err->message, "out of memory building the libraries");
        }
        return WEFT_ENOMEM;
    }
    e->registry = reg;
    e->django.registry = reg;
    return WEFT_OK;
}

void we_libraries_free(weft_engine *e)
{
    wp_registry_free(e->registry);
    e->registry = NULL;
    for (size_t i = 0; i < e->nlibs; i++) weft_library_free(e->libs[i]);
    free(e->libs);
    for (size_t i = 0; i < e->nbuiltins; i++) free(e->builtins[i]);
    free(e->builtins);
    weft_library_free(e->own);
}
