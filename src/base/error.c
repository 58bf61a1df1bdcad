/* Error kinds by their Django names, locating an error in its source, and
 * the caret snippet. */
#include <stdio.h>
#include <string.h>

#include "base/error.h"

const char *weft_error_kind_name(weft_error_kind kind)
{
    switch (kind) {
    case WEFT_ERROR_NONE: return "NoError";
    case WEFT_ERROR_TEMPLATE_SYNTAX: return "TemplateSyntaxError";
    case WEFT_ERROR_TEMPLATE_DOES_NOT_EXIST: return "TemplateDoesNotExist";
    case WEFT_ERROR_VARIABLE_DOES_NOT_EXIST: return "VariableDoesNotExist";
    case WEFT_ERROR_NO_REVERSE_MATCH: return "NoReverseMatch";
    case WEFT_ERROR_VALUE: return "ValueError";
    case WEFT_ERROR_TYPE: return "TypeError";
    case WEFT_ERROR_ATTRIBUTE: return "AttributeError";
    case WEFT_ERROR_ZERO_DIVISION: return "ZeroDivisionError";
    case WEFT_ERROR_OUT_OF_MEMORY: return "MemoryError";
    case WEFT_ERROR_LIMIT: return "LimitExceeded";
    case WEFT_ERROR_IO: return "OSError";
    case WEFT_ERROR_INVALID_ARGUMENT: return "InvalidArgument";
    case WEFT_ERROR_BUSY: return "EngineFrozen";
    case WEFT_ERROR_OVERFLOW: return "OverflowError";
    case WEFT_ERROR_ZONE_NOT_FOUND: return "ZoneInfoNotFoundError";
    }
    return "Error";
}

size_t weft_error_format(const weft_error *err, char *buf, size_t size)
{
    if (!err) return 0;
    char head[WEFT_ERROR_NAME_MAX + WEFT_ERROR_MESSAGE_MAX + 64];
    int n;
    if (err->line)
        n = snprintf(head, sizeof head, "%s:%u:%u: %s: %s", err->template_name, err->line,
                     err->column, weft_error_kind_name(err->kind), err->message);
    else
        n = snprintf(head, sizeof head, "%s: %s: %s", err->template_name[0] ? err->template_name : "<unknown>",
                     weft_error_kind_name(err->kind), err->message);
    size_t total = n > 0 ? (size_t)n : 0;
    char caret[WEFT_ERROR_SNIPPET_MAX + 2];
    size_t caret_len = 0;
    if (err->line && err->snippet_column) {
        for (unsigned i = 1; i < err->snippet_column && caret_len < sizeof caret - 2; i++)
            caret[caret_len++] = err->snippet[i - 1] == '\t' ? '\t' : ' ';
        caret[caret_len++] = '^';
    }
    caret[caret_len] = '\0';
    int m = err->line ? snprintf(buf, size, "%s\n%s\n%s", head, err->snippet, caret)
                      : snprintf(buf, size, "%s", head);
    (void)total;
    return m > 0 ? (size_t)m : 0;
}

void wb_error_locate(weft_error *err, const char *name, const char *src, size_t len, size_t offset)
{
    if (!err) return;
    snprintf(err->template_name, sizeof err->template_name, "%s", name ? name : "<string>");
    if (!src) return;
    if (offset > len) offset = len;
    unsigned line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < offset; i++)
        if (src[i] == '\n') line++, line_start = i + 1;
    size_t line_end = line_start;
    while (line_end < len && src[line_end] != '\n') line_end++;
    err->offset = offset;
    err->line = line;
    err->column = (unsigned)(offset - line_start) + 1;
    size_t n = line_end - line_start;
    size_t from = line_start;
    /* Keep the caret visible when the line is longer than the snippet. */
    if (n >= sizeof err->snippet) {
        size_t room = sizeof err->snippet - 1;
        from = offset > line_start + room / 2 ? offset - room / 2 : line_start;
        if (from + room > line_end) from = line_end - room;
        n = room;
    }
    memcpy(err->snippet, src + from, n);
    err->snippet[n] = '\0';
    err->snippet_column = (unsigned)(offset - from) + 1;
}
