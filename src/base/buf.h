/* A growable byte buffer. Memory comes from an arena when one is given
 * (render-time strings), else from malloc (output, compile-time tables).
 * A failed growth sets oom and makes later writes no-ops, so callers check
 * once at the end. */
#ifndef WEFT_BUF_H
#define WEFT_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"

typedef struct buf {
    char *data;
    size_t len;
    size_t cap;
    arena *arena; /* NULL: malloc */
    bool oom;
} buf;

void buf_init(buf *b, arena *a);
void buf_free(buf *b); /* only for malloc buffers */
bool buf_reserve(buf *b, size_t extra);
void buf_put_slow(buf *b, const void *data, size_t len);
/* Inline: most writes fit in the room already there. */
static inline void buf_put(buf *b, const void *data, size_t len)
{
    if (!len) return; /* data may be NULL then, which memcpy does not allow */
    if (b->cap - b->len > len) {
        memcpy(b->data + b->len, data, len);
        b->len += len;
        return;
    }
    buf_put_slow(b, data, len);
}
void buf_puts(buf *b, const char *s);
void buf_putc_slow(buf *b, char c);
static inline void buf_putc(buf *b, char c)
{
    if (b->cap - b->len > 1) {
        b->data[b->len++] = c;
        return;
    }
    buf_putc_slow(b, c);
}
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
/* Appends s with & < > " ' replaced as Django's escape() does. */
void buf_put_escaped(buf *b, const char *s, size_t len);
/* Appends an integer in decimal, zero-padded to at least min_width digits
 * (printf's "%0*lld" without printf's cost). */
void buf_put_int(buf *b, long long v, int min_width);
/* Appends a Unicode code point as UTF-8. */
void buf_put_utf8_slow(buf *b, uint32_t cp);
static inline void buf_put_utf8(buf *b, uint32_t cp)
{
    if (cp < 0x80) buf_putc(b, (char)cp);
    else buf_put_utf8_slow(b, cp);
}
/* NUL-terminates without counting the NUL in len; returns data. */
char *buf_cstr(buf *b);

#endif
