#include "lexer.h"

#include <stdlib.h>
#include <string.h>

typedef struct token_vec {
    wtoken *items;
    size_t len, cap;
} token_vec;

static int push(token_vec *v, wtoken t)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 64;
        wtoken *p = realloc(v->items, cap * sizeof *p);
        if (!p) return -1;
        v->items = p;
        v->cap = cap;
    }
    v->items[v->len++] = t;
    return 0;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/* The end of a tag that starts at i (src[i] == '{'), or 0 when none closes
 * on this line. Python's "." stops at '\n' only. */
static size_t tag_end(const char *src, size_t len, size_t i)
{
    char closer = src[i + 1] == '%' ? '%' : src[i + 1] == '{' ? '}' : '#';
    for (size_t j = i + 2; j + 1 < len; j++) {
        if (src[j] == '\n') return 0;
        if (src[j] == closer && src[j + 1] == '}') return j + 2;
    }
    return 0;
}

static uint32_t count_lines(const char *s, size_t n)
{
    uint32_t lines = 0;
    for (const char *p = s; (p = memchr(p, '\n', (size_t)(s + n - p))); p++) lines++;
    return lines;
}

int wd_lex(const char *src, size_t len, wtoken **tokens, size_t *ntokens)
{
    token_vec v = {0};
    uint32_t line = 1;
    size_t text_start = 0;
    /* The end tag that closes the verbatim block being read, if any. */
    char verbatim_end[300];
    size_t verbatim_len = 0;
    size_t i = 0;
    while (i + 1 < len) {
        /* Text is most of a template: jump to the next brace. */
        const char *brace = memchr(src + i, '{', len - 1 - i);
        if (!brace) break;
        i = (size_t)(brace - src);
        if (src[i + 1] != '%' && src[i + 1] != '{' && src[i + 1] != '#') {
            i++;
            continue;
        }
        size_t end = tag_end(src, len, i);
        if (!end) {
            i++;
            continue;
        }
        size_t c0 = i + 2, c1 = end - 2;
        while (c0 < c1 && is_space(src[c0])) c0++;
        while (c1 > c0 && is_space(src[c1 - 1])) c1--;
        wtoken t = {.start = (uint32_t)i, .len = (uint32_t)(end - i), .content = (uint32_t)c0,
                    .content_len = (uint32_t)(c1 - c0)};
        if (verbatim_len) {
            /* Inside verbatim only the matching end tag counts. */
            if (src[i + 1] != '%' || c1 - c0 != verbatim_len ||
                memcmp(src + c0, verbatim_end, verbatim_len) != 0) {
                i = end; /* the whole tag stays text, as Django's split keeps it */
                continue;
            }
            verbatim_len = 0;
        }
        if (i > text_start) {
            wtoken text = {.type = TOK_TEXT, .start = (uint32_t)text_start,
                           .len = (uint32_t)(i - text_start), .content = (uint32_t)text_start,
                           .content_len = (uint32_t)(i - text_start), .line = line};
            if (push(&v, text)) goto oom;
            line += count_lines(src + text_start, i - text_start);
        }
        t.line = line;
        t.type = src[i + 1] == '%' ? TOK_BLOCK : src[i + 1] == '{' ? TOK_VAR : TOK_COMMENT;
        if (t.type == TOK_BLOCK && !verbatim_len && c1 - c0 >= 8 &&
            memcmp(src + c0, "verbatim", 8) == 0 && (c1 - c0 == 8 || src[c0 + 8] == ' ') &&
            c1 - c0 + 3 < sizeof verbatim_end) {
            memcpy(verbatim_end, "end", 3);
            memcpy(verbatim_end + 3, src + c0, c1 - c0);
            verbatim_len = c1 - c0 + 3;
        }
        if (push(&v, t)) goto oom;
        line += count_lines(src + i, end - i);
        i = end;
        text_start = end;
    }
    if (len > text_start) {
        wtoken text = {.type = TOK_TEXT, .start = (uint32_t)text_start,
                       .len = (uint32_t)(len - text_start), .content = (uint32_t)text_start,
                       .content_len = (uint32_t)(len - text_start), .line = line};
        if (push(&v, text)) goto oom;
    }
    *tokens = v.items;
    *ntokens = v.len;
    return 0;
oom:
    free(v.items);
    return -1;
}
