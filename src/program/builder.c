#include <stdlib.h>
#include <string.h>

#include "program.h"

void pb_init(pbuilder *pb)
{
    pb->data = NULL;
    pb->len = 0;
    pb->cap = 0;
    pb->oom = false;
}

void pb_free(pbuilder *pb)
{
    free(pb->data);
    pb_init(pb);
}

wref pb_reserve(pbuilder *pb, size_t n)
{
    if (pb->oom) return 0;
    if (pb->len == 0) pb->len = 8; /* offset 0 means "none" */
    size_t start = (pb->len + 7u) & ~(size_t)7u;
    if (n > UINT32_MAX - start - 8) goto fail;
    size_t end = start + n;
    if (end > pb->cap) {
        size_t cap = pb->cap ? pb->cap : 1024;
        while (cap < end) cap *= 2;
        if (cap > UINT32_MAX) cap = UINT32_MAX;
        char *p = realloc(pb->data, cap);
        if (!p) goto fail;
        pb->data = p;
        pb->cap = (uint32_t)cap;
    }
    memset(pb->data + pb->len, 0, end - pb->len);
    pb->len = (uint32_t)end;
    return (wref)start;
fail:
    pb->oom = true;
    return 0;
}

wref pb_push(pbuilder *pb, const void *data, size_t n)
{
    wref r = pb_reserve(pb, n);
    if (r && n) memcpy(pb->data + r, data, n);
    return r;
}

wref pb_push_str(pbuilder *pb, const char *s, size_t n)
{
    wref r = pb_reserve(pb, n + 1);
    if (r && n) memcpy(pb->data + r, s, n);
    return r;
}
