/* Engine configuration and freeze. Configuration is written by one thread
 * before the first template request; the freeze publishes it whole, after
 * which it is only read. */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

static char *dup_str(const char *s)
{
    size_t n = strlen(s);
    char *p = malloc(n + 1);
    if (p) memcpy(p, s, n + 1);
    return p;
}

weft_engine *weft_engine_new(void)
{
    weft_engine *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    atomic_init(&e->refs, 1);
    atomic_init(&e->frozen, false);
    pthread_mutex_init(&e->freeze_lock, NULL);
    e->autoescape = true;
    e->cache_enabled = true;
    pthread_mutex_init(&e->retired_lock, NULL);
    pthread_mutex_init(&e->zones_lock, NULL);
    e->language = dup_str("en-us");
    e->time_zone = dup_str("UTC");
    e->django.string_if_invalid = dup_str("");
    e->django.static_url = dup_str("/static/");
    e->django.media_url = dup_str("");
    if (!e->language || !e->time_zone || !e->django.string_if_invalid || !e->django.static_url ||
        !e->django.media_url) {
        we_engine_unref(e);
        return NULL;
    }
    return e;
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

void we_engine_release_frozen(weft_engine *e); /* engine_freeze.c */

void we_engine_unref(weft_engine *e)
{
    if (!e || atomic_fetch_sub(&e->refs, 1) != 1) return;
    we_engine_release_frozen(e);
    we_libraries_free(e);
    for (size_t i = 0; i < WE_RENDER_POOL; i++) we_render_memory_free(atomic_load(&e->render_pool[i].memory));
    free(e->django.string_if_invalid);
    free(e->django.static_url);
    free(e->django.media_url);
    free(e->language);
    free(e->time_zone);
    free_strings(e->dirs, e->ndirs);
    free_strings(e->locale_dirs, e->nlocale_dirs);
    for (size_t i = 0; i < e->nmem; i++) {
        free(e->mem[i].name);
        free(e->mem[i].source);
    }
    free(e->mem);
    pthread_mutex_destroy(&e->freeze_lock);
    pthread_mutex_destroy(&e->retired_lock);
    pthread_mutex_destroy(&e->zones_lock);
    free(e);
}

/* Every setter starts here: configuration is closed once frozen. */
int we_engine_configurable(weft_engine *e)
{
    if (!e) return WEFT_EINVAL;
    return atomic_load(&e->frozen) ? WEFT_EBUSY : WEFT_OK;
}

void weft_engine_free(weft_engine *e)
{
    if (!e) return;
    /* Cached templates hold the engine: drop them, then the caller's
     * reference. Templates the caller still holds keep it alive. */
    we_cache_clear(e, true);
    we_engine_unref(e);
}

int weft_engine_set_cache(weft_engine *e, bool on)
{
    int rc = we_engine_configurable(e);
    if (!rc) e->cache_enabled = on;
    return rc;
}

int weft_engine_set_auto_reload(weft_engine *e, bool on)
{
    int rc = we_engine_configurable(e);
    if (!rc) e->auto_reload = on;
    return rc;
}

static int replace_string(weft_engine *e, char **slot, const char *s)
{
    int rc = we_engine_configurable(e);
    if (rc) return rc;
    if (!s) return WEFT_EINVAL;
    char *copy = dup_str(s);
    if (!copy) return WEFT_ENOMEM;
    free(*slot);
    *slot = copy;
    return WEFT_OK;
}

static int append_string(weft_engine *e, char ***list, size_t *n, const char *s)
{
    int rc = we_engine_configurable(e);
    if (rc) return rc;
    if (!s) return WEFT_EINVAL;
    char **grown = realloc(*list, (*n + 1) * sizeof *grown);
    if (!grown) return WEFT_ENOMEM;
    *list = grown;
    if (!(grown[*n] = dup_str(s))) return WEFT_ENOMEM;
    (*n)++;
    return WEFT_OK;
}

int weft_engine_add_dir(weft_engine *e, const char *path)
{
    return append_string(e, &e->dirs, &e->ndirs, path);
}

int weft_engine_add_locale_dir(weft_engine *e, const char *dir)
{
    return append_string(e, &e->locale_dirs, &e->nlocale_dirs, dir);
}

int weft_engine_add_template(weft_engine *e, const char *name, const char *source, size_t len)
{
    int rc = we_engine_configurable(e);
    if (rc) return rc;
    if (!name || (!source && len)) return WEFT_EINVAL;
    for (size_t i = 0; i < e->nmem; i++) {
        if (strcmp(e->mem[i].name, name) == 0) {
            char *copy = malloc(len + 1);
            if (!copy) return WEFT_ENOMEM;
            if (len) memcpy(copy, source, len);
            copy[len] = '\0';
            free(e->mem[i].source);
            e->mem[i].source = copy;
            e->mem[i].len = len;
            return WEFT_OK;
        }
    }
    mem_template *grown = realloc(e->mem, (e->nmem + 1) * sizeof *grown);
    if (!grown) return WEFT_ENOMEM;
    e->mem = grown;
    mem_template *t = &e->mem[e->nmem];
    t->name = dup_str(name);
    t->source = malloc(len + 1);
    if (!t->name || !t->source) {
        free(t->name);
        free(t->source);
        return WEFT_ENOMEM;
    }
    if (len) memcpy(t->source, source, len);
    t->source[len] = '\0';
    t->len = len;
    e->nmem++;
    return WEFT_OK;
}

int weft_engine_set_autoescape(weft_engine *e, bool on)
{
    int rc = we_engine_configurable(e);
    if (!rc) e->autoescape = on;
    return rc;
}

int weft_engine_set_use_tz(weft_engine *e, bool on)
{
    int rc = we_engine_configurable(e);
    if (!rc) e->django.use_tz = on;
    return rc;
}

int weft_engine_set_thousand_separator(weft_engine *e, bool on)
{
    int rc = we_engine_configurable(e);
    if (!rc) e->django.use_thousand_separator = on;
    return rc;
}

int weft_engine_set_string_if_invalid(weft_engine *e, const char *s)
{
    int rc = replace_string(e, &e->django.string_if_invalid, s);
    if (!rc) e->django.string_if_invalid_len = strlen(s);
    return rc;
}

int weft_engine_set_static_url(weft_engine *e, const char *url)
{
    return replace_string(e, &e->django.static_url, url);
}

int weft_engine_set_media_url(weft_engine *e, const char *url)
{
    return replace_string(e, &e->django.media_url, url);
}

int weft_engine_set_language(weft_engine *e, const char *lang) { return replace_string(e, &e->language, lang); }
int weft_engine_set_time_zone(weft_engine *e, const char *zone) { return replace_string(e, &e->time_zone, zone); }

int weft_engine_set_clock(weft_engine *e, weft_clock_fn fn, void *userdata)
{
    int rc = we_engine_configurable(e);
    if (rc) return rc;
    e->clock = fn;
    e->clock_data = userdata;
    return WEFT_OK;
}

int weft_engine_set_url_resolver(weft_engine *e, weft_url_fn fn, void *userdata)
{
    int rc = we_engine_configurable(e);
    if (rc) return rc;
    e->django.url = fn;
    e->django.url_data = userdata;
    return WEFT_OK;
}

int weft_engine_set_fragment_cache(weft_engine *e, weft_cache_get_fn get, weft_cache_set_fn set,
                                   void *userdata)
{
    int rc = we_engine_configurable(e);
    if (rc) return rc;
    if (!get != !set) return WEFT_EINVAL;
    e->django.cache_get = get;
    e->django.cache_set = set;
    e->django.cache_data = userdata;
    return WEFT_OK;
}
