/* The registry an engine freezes from its libraries: lookups by name at
 * compile time, entries by index at render time. */
#include "library.h"

#include <stdlib.h>
#include <string.h>

static bool name_is(const char *candidate, const char *name, size_t len)
{
    return candidate && strlen(candidate) == len && memcmp(candidate, name, len) == 0;
}

const weft_library *wp_registry_find(const wp_registry *reg, const char *name, size_t len)
{
    if (!reg) return NULL;
    /* A later registration of a name replaces an earlier one, as Django's
     * libraries option updates the installed ones. */
    for (size_t i = reg->nlibs; i-- > 0;)
        if (name_is(reg->libs[i]->name, name, len)) return reg->libs[i];
    return NULL;
}

static bool is_tag(wp_entry_kind k) { return k != WP_FILTER; }

int wp_registry_entry(const wp_registry *reg, const weft_library *lib, const char *name, size_t len,
                      bool tags)
{
    uint32_t base;
    if (lib == reg->own) {
        base = reg->own_base;
    } else {
        size_t i = 0;
        while (i < reg->nlibs && reg->libs[i] != lib) i++;
        if (i == reg->nlibs) return -1;
        base = reg->lib_base[i];
    }
    /* Within one library a later entry of a name wins, as a re-registered
     * filter does in Django's Library. */
    for (size_t k = lib->n; k-- > 0;)
        if (is_tag(lib->entries[k].kind) == tags && name_is(lib->entries[k].name, name, len))
            return (int)(base + k);
    return -1;
}

bool wp_library_has(const weft_library *lib, const char *name, size_t len)
{
    for (size_t k = 0; k < lib->n; k++)
        if (name_is(lib->entries[k].name, name, len)) return true;
    return false;
}

wp_registry *wp_registry_new(weft_library *const *libs, size_t nlibs, const char *const *builtins,
                             size_t nbuiltins, weft_library *own)
{
    size_t total = own ? own->n : 0;
    for (size_t i = 0; i < nlibs; i++) total += libs[i]->n;
    if (total > WP_MAX_ENTRIES) return NULL;
    wp_registry *reg = calloc(1, sizeof *reg);
    if (!reg) return NULL;
    reg->libs = calloc(nlibs ? nlibs : 1, sizeof *reg->libs);
    reg->lib_base = calloc(nlibs ? nlibs : 1, sizeof *reg->lib_base);
    reg->entries = calloc(total ? total : 1, sizeof *reg->entries);
    reg->builtin_names = calloc(nbuiltins ? nbuiltins : 1, sizeof *reg->builtin_names);
    if (!reg->libs || !reg->lib_base || !reg->entries || !reg->builtin_names) goto fail;
    for (size_t i = 0; i < nbuiltins; i++) {
        if (!(reg->builtin_names[i] = strdup(builtins[i]))) goto fail;
        reg->nbuiltin_names++;
    }
    uint32_t n = 0;
    for (size_t i = 0; i < nlibs; i++) {
        reg->lib_base[i] = n;
        for (size_t k = 0; k < libs[i]->n; k++) reg->entries[n++] = &libs[i]->entries[k];
        atomic_fetch_add(&libs[i]->refs, 1);
        reg->libs[i] = libs[i];
        reg->nlibs++;
    }
    reg->own_base = n;
    if (own) {
        for (size_t k = 0; k < own->n; k++) reg->entries[n++] = &own->entries[k];
        atomic_fetch_add(&own->refs, 1);
        reg->own = own;
    }
    reg->nentries = n;
    return reg;
fail:
    wp_registry_free(reg);
    return NULL;
}

void wp_registry_free(wp_registry *reg)
{
    if (!reg) return;
    for (size_t i = 0; i < reg->nlibs; i++) weft_library_free((weft_library *)reg->libs[i]);
    weft_library_free((weft_library *)reg->own);
    for (size_t i = 0; i < reg->nbuiltin_names; i++) free(reg->builtin_names[i]);
    free(reg->builtin_names);
    free(reg->libs);
    free(reg->lib_base);
    free(reg->entries);
    free(reg);
}

/* ---- the public library object ------------------------------------------ */

static bool valid_name(const char *name)
{
    if (!name || !*name) return false;
    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '_'))
            return false;
    return true;
}

weft_library *weft_library_new(const char *name)
{
    /* Django names libraries by module path ("myapp.templatetags.x" loads
     * as "x", or a libraries-option key such as "a/b"): any text but
     * spaces and the empty string. */
    if (name && (!*name || strpbrk(name, " \t\r\n"))) return NULL;
    weft_library *lib = calloc(1, sizeof *lib);
    if (!lib) return NULL;
    if (name && !(lib->name = strdup(name))) {
        free(lib);
        return NULL;
    }
    atomic_init(&lib->refs, 1);
    atomic_init(&lib->sealed, false);
    return lib;
}

void weft_library_free(weft_library *lib)
{
    if (!lib || atomic_fetch_sub_explicit(&lib->refs, 1, memory_order_acq_rel) != 1) return;
    for (size_t i = 0; i < lib->n; i++) {
        free(lib->entries[i].name);
        free(lib->entries[i].end_name);
        free(lib->entries[i].template_name);
    }
    free(lib->entries);
    free(lib->name);
    free(lib);
}

const char *weft_library_name(const weft_library *lib) { return lib ? lib->name : NULL; }

static int add_entry(weft_library *lib, const wp_entry *proto, const char *name,
                     const char *template_name)
{
    if (!lib) return WEFT_EINVAL;
    if (atomic_load_explicit(&lib->sealed, memory_order_acquire)) return WEFT_EBUSY;
    if (!valid_name(name)) return WEFT_EINVAL;
    if (lib->n == WP_MAX_ENTRIES) return WEFT_ELIMIT;
    wp_entry e = *proto;
    e.name = strdup(name);
    e.end_name = NULL;
    e.template_name = template_name ? strdup(template_name) : NULL;
    if (e.kind == WP_BLOCK_TAG && (e.end_name = malloc(strlen(name) + 4)))
        strcat(strcpy(e.end_name, "end"), name);
    if (!e.name || (template_name && !e.template_name) || (e.kind == WP_BLOCK_TAG && !e.end_name))
        goto oom;
    if (lib->n == lib->cap) {
        size_t cap = lib->cap ? lib->cap * 2 : 8;
        wp_entry *grown = realloc(lib->entries, cap * sizeof *grown);
        if (!grown) goto oom;
        lib->entries = grown;
        lib->cap = cap;
    }
    lib->entries[lib->n++] = e;
    return WEFT_OK;
oom:
    free(e.name);
    free(e.end_name);
    free(e.template_name);
    return WEFT_ENOMEM;
}

int weft_library_add_filter(weft_library *lib, const char *name, weft_filter_fn fn, void *userdata,
                            unsigned flags)
{
    if (!fn) return WEFT_EINVAL;
    wp_entry e = {.kind = WP_FILTER, .flags = flags, .filter = fn, .userdata = userdata};
    return add_entry(lib, &e, name, NULL);
}

int weft_library_add_simple_tag(weft_library *lib, const char *name, weft_tag_fn fn,
                                void *userdata, size_t state_size)
{
    if (!fn) return WEFT_EINVAL;
    wp_entry e = {.kind = WP_SIMPLE_TAG, .tag = fn, .userdata = userdata, .state_size = state_size};
    return add_entry(lib, &e, name, NULL);
}

int weft_library_add_block_tag(weft_library *lib, const char *name, weft_tag_fn fn, void *userdata,
                               size_t state_size)
{
    if (!fn) return WEFT_EINVAL;
    wp_entry e = {.kind = WP_BLOCK_TAG, .tag = fn, .userdata = userdata, .state_size = state_size};
    return add_entry(lib, &e, name, NULL);
}

int weft_library_add_inclusion_tag(weft_library *lib, const char *name, const char *template_name,
                                   weft_tag_fn fn, void *userdata)
{
    if (!fn || !template_name) return WEFT_EINVAL;
    wp_entry e = {.kind = WP_INCLUSION_TAG, .tag = fn, .userdata = userdata};
    return add_entry(lib, &e, name, template_name);
}
