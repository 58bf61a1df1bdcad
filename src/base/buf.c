#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

void buf_init(buf *b, arena *a)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->arena = a;
    b->oom = false;
}

void buf_free(buf *b)
{
    if (!b->arena) free(b->data);
    buf_init(b, b->arena);
}

bool buf_reserve(buf *b, size_t extra)
{
    if (b->oom) return false;
    if (b->cap - b->len > extra) return true; /* keep one byte for a NUL */
    size_t want = b->len + extra + 1;
    if (want < b->len) goto fail;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < want) {
        if (cap > SIZE_MAX / 2) goto fail;
        cap *= 2;
    }
    char *p = b->arena ? arena_realloc(b->arena, b->data, b->cap, cap) : realloc(b->data, cap);
    if (!p) goto fail;
    b->data = p;
    b->cap = cap;
    return true;
fail:
    b->oom = true;
    return false;
}

void buf_put_slow(buf *b, const void *data, size_t len)
{
    if (!len || !buf_reserve(b, len)) return;
    memcpy(b->data + b->len, data, len);
    b->len += len;
}

void buf_puts(buf *b, const char *s) { buf_put(b, s, strlen(s)); }

void buf_putc_slow(buf *b, char c)
{
    if (!buf_reserve(b, 1)) return;
    b->data[b->len++] = c;
}

void buf_vprintf(buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    char small[128];
    int n = vsnprintf(small, sizeof small, fmt, ap2);
    va_end(ap2);
    if (n < 0) return;
    if ((size_t)n < sizeof small) {
        buf_put(b, small, (size_t)n);
        return;
    }
    if (!buf_reserve(b, (size_t)n + 1)) return;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

#if !defined(__SSE2__)
/* Whether any byte of x equals c (the classic "has zero byte" test). */
static inline uint64_t has_byte(uint64_t x, uint8_t c)
{
    uint64_t v = x ^ (0x0101010101010101ull * c);
    return (v - 0x0101010101010101ull) & ~v & 0x8080808080808080ull;
}

static inline bool word_needs_escape(const char *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    return has_byte(x, '&') | has_byte(x, '<') | has_byte(x, '>') | has_byte(x, '"') |
           has_byte(x, '\'');
}
#endif

static const char replacement[256][8] = {
    ['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#x27;",
};
static const uint8_t replacement_len[256] = {
    ['&'] = 5, ['<'] = 4, ['>'] = 4, ['"'] = 6, ['\''] = 6,
};

/* Writes the entity of a special byte c; the room allows a whole slot. */
static inline char *put_entity(char *out, unsigned char c)
{
    memcpy(out, replacement[c], 8);
    return out + replacement_len[c];
}

#if !defined(__SSE2__)
/* Escapes bytes one at a time without a branch: text dense in specials
 * would mispredict one. A plain byte's slot is all zeros, so OR-ing the byte
 * in writes it; a special byte's slot is its entity. */
static char *escape_bytes(char *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned n = replacement_len[c];
        unsigned plain = n == 0;
        memcpy(out, replacement[c], 8);
        out[0] = (char)((unsigned char)replacement[c][0] | (c & (0u - plain)));
        out += n + plain;
    }
    return out;
}
#endif

#if defined(__SSE2__)
static inline unsigned special_mask(__m128i v)
{
    __m128i hit = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('&')), _mm_cmpeq_epi8(v, _mm_set1_epi8('<'))),
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('>')), _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))),
                     _mm_cmpeq_epi8(v, _mm_set1_epi8('\''))));
    return (unsigned)_mm_movemask_epi8(hit);
}

/* Writes the n <= 16 bytes of a chunk whose special bytes are the set bits
 * of mask: each plain run is copied as a whole sixteen bytes (the room
 * allows the excess, which the next write covers), then the special byte's
 * entity. chunk has 32 readable bytes. */
static inline char *escape_chunk(char *out, const char *chunk, unsigned mask, unsigned n)
{
    unsigned prev = 0;
    while (mask) {
        unsigned at = (unsigned)__builtin_ctz(mask);
        memcpy(out, chunk + prev, 16);
        out = put_entity(out + (at - prev), (unsigned char)chunk[at]);
        prev = at + 1;
        mask &= mask - 1;
    }
    memcpy(out, chunk + prev, 16);
    return out + (n - prev);
}
#endif

/* Escapes one piece into reserved room: at most six bytes out per byte in,
 * plus a slot's slack. */
static size_t escape_into(char *dst, const char *s, size_t len)
{
    char *out = dst;
    size_t i = 0;
#if defined(__SSE2__)
    /* Sixteen bytes at a time: a chunk without specials is stored whole. */
    while (i + 16 <= len) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
        unsigned mask = special_mask(v);
        if (!mask) {
            _mm_storeu_si128((__m128i *)out, v);
            out += 16;
        } else {
            char chunk[32];
            _mm_storeu_si128((__m128i *)chunk, v);
            out = escape_chunk(out, chunk, mask, 16);
        }
        i += 16;
    }
    /* The tail goes through the same steps from a zero-padded copy (zero
     * is not special), rather than a byte at a time. */
    if (i < len) {
        char chunk[32] = {0};
        memcpy(chunk, s + i, len - i);
        unsigned mask = special_mask(_mm_loadu_si128((const __m128i *)chunk));
        out = escape_chunk(out, chunk, mask, (unsigned)(len - i));
    }
#else
    while (i + 8 <= len) {
        if (word_needs_escape(s + i)) {
            out = escape_bytes(out, s + i, 8);
        } else {
            memcpy(out, s + i, 8);
            out += 8;
        }
        i += 8;
    }
    out = escape_bytes(out, s + i, len - i);
#endif
    return (size_t)(out - dst);
}

/* Whether any of the len < 32 bytes at s is special. With SSE2, two
 * overlapping loads cover the string whatever its length (zero lanes
 * match nothing), and no byte outside it is read. */
static inline bool short_needs_escape(const char *s, size_t len)
{
#if defined(__SSE2__)
    if (len >= 16)
        return special_mask(_mm_loadu_si128((const __m128i *)s)) |
               special_mask(_mm_loadu_si128((const __m128i *)(s + len - 16)));
    if (len >= 8)
        return special_mask(_mm_unpacklo_epi64(_mm_loadl_epi64((const __m128i *)s),
                                               _mm_loadl_epi64((const __m128i *)(s + len - 8))));
    if (len >= 4) {
        int32_t head, tail;
        memcpy(&head, s, 4);
        memcpy(&tail, s + len - 4, 4);
        return special_mask(_mm_unpacklo_epi32(_mm_cvtsi32_si128(head), _mm_cvtsi32_si128(tail)));
    }
#endif
    for (size_t i = 0; i < len; i++)
        if (replacement_len[(unsigned char)s[i]]) return true;
    return false;
}

void buf_put_escaped(buf *b, const char *s, size_t len)
{
    /* Short values (names, numbers, words) rarely need escaping: find out
     * before setting up the escaping loop. */
    if (len < 32 && !short_needs_escape(s, len)) {
        buf_put(b, s, len);
        return;
    }
    /* In pieces, so that the worst-case room stays small. */
    enum { PIECE = 1 << 16 };
    while (len) {
        size_t n = len < PIECE ? len : PIECE;
        if (!buf_reserve(b, n * 6 + 32)) return;
        b->len += escape_into(b->data + b->len, s, n);
        s += n;
        len -= n;
    }
}

void buf_put_int(buf *b, long long v, int min_width)
{
    char digits[32];
    char *p = digits + sizeof digits;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    int n = 0;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
        n++;
    } while (u);
    while (n < min_width && n < 20) *--p = '0', n++;
    if (v < 0) *--p = '-';
    buf_put(b, p, (size_t)(digits + sizeof digits - p));
}

void buf_put_utf8_slow(buf *b, uint32_t cp)
{
    char out[4];
    size_t n;
    if (cp < 0x80) {
        out[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        out[0] = (char)(0xF0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    buf_put(b, out, n);
}

char *buf_cstr(buf *b)
{
    if (!buf_reserve(b, 0)) return NULL;
    b->data[b->len] = '\0';
    return b->data;
}
