/* Private helpers of the HTML filter family (filters_html.c, urlize.c,
 * html_truncate.c), implemented in html_parser.c and html_entities.c (the
 * generated HTML5 entity table): Python's view of text (code points, str.isspace, the
 * regex class \w), html.unescape(), and an emulation of Python's
 * html.parser.HTMLParser, on which Django builds strip_tags() and the
 * HTML-aware Truncator.
 *
 * Strings are UTF-8 and not NUL-terminated; invalid bytes count as one code
 * point each (U+FFFD), which is what Python would see after a lossy decode. */
#ifndef WEFT_DJANGO_HTML_UTIL_H
#define WEFT_DJANGO_HTML_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"

/* Decodes the code point at s[i] (i < len) into *cp; returns its byte
 * length (1 for an invalid byte, decoded as U+FFFD). */
size_t hu_decode(const char *s, size_t len, size_t i, uint32_t *cp);
/* The byte offset of the code point before offset i (i > 0). */
size_t hu_prev(const char *s, size_t i);
/* Python's len(): the number of code points. */
size_t hu_count(const char *s, size_t len);
/* The byte offset after the first n code points (len when shorter). */
size_t hu_advance(const char *s, size_t len, size_t n);

/* str.isspace(), which is also what \s matches in a Python str regex. */
bool hu_isspace(uint32_t cp);
/* What \w matches in a Python str regex: letters, numbers and '_'. */
bool hu_isword(uint32_t cp);
/* Appends Python's str.lower() of s (one-to-one mappings only). */
void hu_put_lower(buf *out, const char *s, size_t len);

/* The text of an HTML5 named character reference (name without '&', with
 * its ';' when it has one), or NULL. */
const char *html_entity_lookup(const char *name, size_t len);
/* Appends Python's html.unescape(s). */
void html_unescape(buf *out, const char *s, size_t len);

/* The events of Python's HTMLParser that Django's subclasses use. Each
 * returns 0 to go on, or non-zero to stop the parse at once (the C form of
 * the exception TruncateHTMLParser raises). Tag names come lowercased.
 * Callbacks left NULL ignore their event. */
typedef struct hp_handlers {
    void *ctx;
    int (*data)(void *ctx, const char *s, size_t len);
    /* text is the whole start tag as written ("<a href=x>"). */
    int (*starttag)(void *ctx, const char *tag, size_t tag_len, const char *text,
                    size_t text_len);
    int (*startendtag)(void *ctx, const char *tag, size_t tag_len, const char *text,
                       size_t text_len);
    int (*endtag)(void *ctx, const char *tag, size_t tag_len);
    /* Only without convert_charrefs: "&name" and "&#digits" references. */
    int (*entityref)(void *ctx, const char *name, size_t len);
    int (*charref)(void *ctx, const char *name, size_t len);
} hp_handlers;

enum hp_result {
    HP_DONE = 0,      /* the whole input was parsed */
    HP_STOPPED = 1,   /* a handler returned non-zero */
    HP_ASSERTION = 2, /* Python's parser raises AssertionError on this input */
    HP_NOMEM = -1
};

/* Runs HTMLParser(convert_charrefs=...).feed(s), followed by close() when
 * close is true. Without close, input the parser keeps waiting for (an
 * unfinished tag, a possibly incomplete reference) is dropped, as Django's
 * Truncator does by resetting its parser after feed(). Temporary strings
 * come from scratch. */
int hp_parse(const char *s, size_t len, bool convert_charrefs, bool close,
             const hp_handlers *h, arena *scratch);

#endif
