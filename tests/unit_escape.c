/* buf_put_escaped against a byte-at-a-time transcription of Django's
 * escape(): every length from 0 to 80 (both sides of the 4-, 8-, 16- and
 * 32-byte steps of the vector paths), specials at every position, dense and
 * sparse, appended after text already in the buffer. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "check.h"

static void reference_escape(buf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        switch (s[i]) {
        case '&': buf_puts(out, "&amp;"); break;
        case '<': buf_puts(out, "&lt;"); break;
        case '>': buf_puts(out, "&gt;"); break;
        case '"': buf_puts(out, "&quot;"); break;
        case '\'': buf_puts(out, "&#x27;"); break;
        default: buf_putc(out, s[i]);
        }
    }
}

/* A small deterministic generator (the test must not depend on rand()). */
static uint32_t next(uint64_t *state)
{
    *state = *state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(*state >> 33);
}

static void check_one(const char *s, size_t len, const char *what)
{
    arena a;
    arena_init(&a);
    buf got, want;
    buf_init(&got, &a);
    buf_init(&want, &a);
    /* Text already there: the escaped bytes must land after it. */
    buf_puts(&got, "pre:");
    buf_puts(&want, "pre:");
    buf_put_escaped(&got, s, len);
    reference_escape(&want, s, len);
    CHECK(!got.oom && got.len == want.len && memcmp(got.data, want.data, got.len) == 0,
          "%s: length %zu: got [%.*s] want [%.*s]", what, len, (int)got.len, got.data, (int)want.len,
          want.data);
    arena_free(&a);
}

int main(void)
{
    static const char specials[] = "&<>\"'";
    static const char plain[] = "abcXYZ09 .,\xc3\xa9\x01\x7f";
    uint64_t state = 42;
    char s[128];

    /* One special at each position of each length. */
    for (size_t len = 1; len <= 80; len++) {
        for (size_t at = 0; at < len; at++) {
            memset(s, 'x', len);
            s[at] = specials[(len + at) % 5];
            check_one(s, len, "one special");
        }
    }
    /* All plain, and all special. */
    for (size_t len = 0; len <= 80; len++) {
        memset(s, 'p', len);
        check_one(s, len, "plain");
        for (size_t i = 0; i < len; i++) s[i] = specials[i % 5];
        check_one(s, len, "all special");
    }
    /* Random mixtures of every density. */
    for (int round = 0; round < 20000; round++) {
        size_t len = next(&state) % 100;
        unsigned density = next(&state) % 100;
        for (size_t i = 0; i < len; i++) {
            s[i] = next(&state) % 100 < density ? specials[next(&state) % 5]
                                                 : plain[next(&state) % (sizeof plain - 1)];
        }
        check_one(s, len, "random");
    }
    /* A long text crosses the 64 KiB pieces of the escaping loop. */
    size_t big = 200000;
    char *t = malloc(big);
    for (size_t i = 0; i < big; i++) t[i] = next(&state) % 7 == 0 ? specials[i % 5] : 'a' + (char)(i % 26);
    check_one(t, big, "long");
    free(t);
    return check_report();
}
