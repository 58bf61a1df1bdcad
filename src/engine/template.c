/* Templates: compiled programs with an atomic reference count, found
 * through the loaders (in-memory templates first, then directories). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../django/parser.h"
#include "engine.h"

static void set_error(weft_error *err, weft_status code, weft_error_kind kind, const char *name,
                      const char *msg)
{
    if (!err) return;
    memset(err, 0, sizeof *err);
    err->code = code;
    err->kind = kind;
    snprintf(err->message, sizeof err->message, "%s", msg);
    snprintf(err->template_name, sizeof err->template_name, "%s", name ? name : "");
}

weft_template *weft_engine_compile(weft_engine *e, const char *name, const char *source,
                                   size_t len, weft_error *err)
{
    if (err) memset(err, 0, sizeof *err);
    if (!e || (!source && len)) {
        set_error(err, WEFT_EINVAL, WEFT_ERROR_INVALID_ARGUMENT, name, "invalid argument");
        return NULL;
    }
    if (weft_engine_freeze(e, err)) return NULL;
    weft_template *t = calloc(1, sizeof *t);
    if (!t) {
        set_error(err, WEFT_ENOMEM, WEFT_ERROR_OUT_OF_MEMORY, name, "out of memory");
        return NULL;
    }
    void *prog;
    size_t prog_len;
    if (weft_django_compile(name ? name : "<string>", source ? source : "", len, &prog, &prog_len,
                            err)) {
        free(t);
        return NULL;
    }
    atomic_init(&t->refs, 1);
    atomic_fetch_add(&e->refs, 1);
    t->engine = e;
    t->prog = prog;
    t->prog_len = prog_len;
    return t;
}

weft_template *weft_template_retain(weft_template *t)
{
    if (t) atomic_fetch_add_explicit(&t->refs, 1, memory_order_relaxed);
    return t;
}

void weft_template_release(weft_template *t)
{
    if (!t || atomic_fetch_sub_explicit(&t->refs, 1, memory_order_acq_rel) != 1) return;
    weft_engine *e = t->engine;
    free((void *)t->prog);
    free(t);
    weft_engine_unref(e);
}

const char *weft_template_name(const weft_template *t)
{
    if (!t) return NULL;
    const wprogram *h = weft_template_header(t);
    return weft_template_base(t) + h->name;
}

/* Django's safe_join, made strict: a name may not be absolute and may not
 * have ".." segments, whether written in a template or computed. */
static bool safe_name(const char *name)
{
    if (!name[0] || name[0] == '/') return false;
    const char *seg = name;
    for (;;) {
        const char *end = strchr(seg, '/');
        size_t n = end ? (size_t)(end - seg) : strlen(seg);
        if (n == 2 && seg[0] == '.' && seg[1] == '.') return false;
        if (!end) return true;
        seg = end + 1;
    }
}

static char *read_file(const char *path, size_t *len, int *error)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *error = errno;
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *data = malloc(cap);
    while (data) {
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
        if (n == cap) {
            char *bigger = cap > SIZE_MAX / 2 ? NULL : realloc(data, cap * 2);
            if (!bigger) {
                free(data);
                data = NULL;
                break;
            }
            data = bigger;
            cap *= 2;
        }
    }
    int failed = ferror(f);
    fclose(f);
    if (!data) {
        *error = ENOMEM;
        return NULL;
    }
    if (failed) {
        free(data);
        *error = EIO;
        return NULL;
    }
    *len = n;
    return data;
}

weft_template *weft_engine_get(weft_engine *e, const char *name, weft_error *err)
{
    if (err) memset(err, 0, sizeof *err);
    if (!e || !name) {
        set_error(err, WEFT_EINVAL, WEFT_ERROR_INVALID_ARGUMENT, name, "invalid argument");
        return NULL;
    }
    if (weft_engine_freeze(e, err)) return NULL;
    for (size_t i = 0; i < e->nmem; i++)
        if (strcmp(e->mem[i].name, name) == 0)
            return weft_engine_compile(e, name, e->mem[i].source, e->mem[i].len, err);
    if (safe_name(name)) {
        for (size_t i = 0; i < e->ndirs; i++) {
            size_t n = strlen(e->dirs[i]) + strlen(name) + 2;
            char *path = malloc(n);
            if (!path) {
                set_error(err, WEFT_ENOMEM, WEFT_ERROR_OUT_OF_MEMORY, name, "out of memory");
                return NULL;
            }
            snprintf(path, n, "%s/%s", e->dirs[i], name);
            size_t len = 0;
            int error = 0;
            char *src = read_file(path, &len, &error);
            free(path);
            if (!src) {
                if (error == ENOENT || error == ENOTDIR || error == EISDIR) continue;
                if (error == ENOMEM) {
                    set_error(err, WEFT_ENOMEM, WEFT_ERROR_OUT_OF_MEMORY, name, "out of memory");
                    return NULL;
                }
                set_error(err, WEFT_EIO, WEFT_ERROR_IO, name, strerror(error));
                return NULL;
            }
            weft_template *t = weft_engine_compile(e, name, src, len, err);
            free(src);
            return t;
        }
    }
    set_error(err, WEFT_ENOTFOUND, WEFT_ERROR_TEMPLATE_DOES_NOT_EXIST, name, name);
    return NULL;
}
