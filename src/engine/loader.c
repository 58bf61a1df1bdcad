#include "loader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

static void fail(weft_error *err, weft_status code, weft_error_kind kind, const char *name, const char *msg)
{
    if (!err) return;
    memset(err, 0, sizeof *err);
    err->code = code;
    err->kind = kind;
    snprintf(err->message, sizeof err->message, "%s", msg);
    snprintf(err->template_name, sizeof err->template_name, "%s", name);
}

static char *path_of(const weft_engine *e, int origin, const char *name)
{
    const char *dir = e->dirs[origin - 1];
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    if (path) snprintf(path, n, "%s/%s", dir, name);
    return path;
}

static int read_file(const char *path, loaded_source *out)
{
    FILE *f = fopen(path, "rb");
    if (!f) return errno;
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
        fclose(f);
        return EISDIR;
    }
    size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096, n = 0;
    char *data = malloc(cap);
    int error = 0;
    while (data) {
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
        if (n == cap) {
            char *bigger = cap > SIZE_MAX / 2 ? NULL : realloc(data, cap * 2);
            if (!bigger) break;
            data = bigger;
            cap *= 2;
        }
    }
    if (!data || n == cap) error = ENOMEM;
    else if (ferror(f)) error = EIO;
    fclose(f);
    if (error) {
        free(data);
        return error;
    }
    data[n] = '\0';
    out->text = data;
    out->len = n;
    out->size = st.st_size;
    out->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
    return 0;
}

int we_load_source(const weft_engine *e, const char *name, uint32_t skip, loaded_source *out,
                     weft_error *err)
{
    memset(out, 0, sizeof *out);
    if (!(skip & 1u)) {
        for (size_t i = 0; i < e->nmem; i++) {
            if (strcmp(e->mem[i].name, name) != 0) continue;
            out->text = malloc(e->mem[i].len + 1);
            if (!out->text) {
                fail(err, WEFT_ENOMEM, WEFT_ERROR_OUT_OF_MEMORY, name, "out of memory");
                return WEFT_ENOMEM;
            }
            memcpy(out->text, e->mem[i].source, e->mem[i].len + 1);
            out->len = e->mem[i].len;
            out->origin = 0;
            return WEFT_OK;
        }
    }
    if (safe_name(name)) {
        for (size_t i = 0; i < e->ndirs && i < 31; i++) {
            int origin = (int)i + 1;
            if (skip & (1u << origin)) continue;
            char *path = path_of(e, origin, name);
            if (!path) {
                fail(err, WEFT_ENOMEM, WEFT_ERROR_OUT_OF_MEMORY, name, "out of memory");
                return WEFT_ENOMEM;
            }
            int error = read_file(path, out);
            free(path);
            if (error == ENOENT || error == ENOTDIR || error == EISDIR) continue;
            if (error == ENOMEM) {
                fail(err, WEFT_ENOMEM, WEFT_ERROR_OUT_OF_MEMORY, name, "out of memory");
                return WEFT_ENOMEM;
            }
            if (error) {
                fail(err, WEFT_EIO, WEFT_ERROR_IO, name, strerror(error));
                return WEFT_EIO;
            }
            out->origin = origin;
            return WEFT_OK;
        }
    }
    fail(err, WEFT_ENOTFOUND, WEFT_ERROR_TEMPLATE_DOES_NOT_EXIST, name, name);
    return WEFT_ENOTFOUND;
}

bool we_source_changed(const weft_engine *e, const char *name, int origin, int64_t size,
                         int64_t mtime_ns)
{
    if (origin <= 0) return false;
    char *path = path_of(e, origin, name);
    if (!path) return false;
    struct stat st;
    int rc = stat(path, &st);
    free(path);
    if (rc != 0) return true;
    return st.st_size != size ||
           (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec != mtime_ns;
}

uint64_t wb_hash_bytes(const void *data, size_t len)
{
    /* FNV-1a: enough to tell an edited source from the one compiled. */
    const unsigned char *p = data;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return h;
}
