/* Django's HTML filters: escaping and safety, striptags, linebreaks,
 * unordered_list and json_script. urlize lives in urlize.c, the HTML-aware
 * truncation in html_truncate.c. */
#include <math.h>
#include <string.h>

#include "filters_html.h"
#include "html_util.h"

/* ------------------------------------------------------------------ */
/* Shared helpers                                                      */
/* ------------------------------------------------------------------ */

int fh_items(wr *r, const weft_value *v, const weft_value **items, uint32_t *count)
{
    arena *a = wr_arena(r);
    if (wv_is_seq(v)) {
        *items = v->u.list->items;
        *count = v->u.list->len;
        return 0;
    }
    if (v->kind == WEFT_DICT) {
        weft_value *keys = arena_alloc(a, (v->u.dict->len + 1) * sizeof *keys);
        if (!keys) return wr_oom(r);
        for (uint32_t i = 0; i < v->u.dict->len; i++) keys[i] = v->u.dict->entries[i].key;
        *items = keys;
        *count = v->u.dict->len;
        return 0;
    }
    if (v->kind == WEFT_STRING) {
        /* A string iterates over its characters, each a plain str. */
        size_t n = hu_count(v->u.s, v->len);
        weft_value *chars = arena_alloc(a, (n + 1) * sizeof *chars);
        if (!chars) return wr_oom(r);
        uint32_t cp;
        size_t i = 0;
        for (size_t k = 0; k < n; k++) {
            size_t w = hu_decode(v->u.s, v->len, i, &cp);
            chars[k] = wv_str(v->u.s + i, w, false);
            i += w;
        }
        *items = chars;
        *count = (uint32_t)n;
        return 0;
    }
    return wr_fail(r, WEFT_ERROR_TYPE, "'%s' object is not iterable", wv_type_name(v));
}

/* Django's conditional_escape(): safe strings pass, anything else is
 * str()'d and escaped. The result is safe. */
int fh_conditional_escape(wr *r, const weft_value *v, weft_value *out)
{
    if (wv_is_safe(v)) {
        *out = *v;
        return 0;
    }
    weft_value s;
    if (wr_str(r, v, &s) < 0) return -1;
    buf b;
    wr_buf(r, &b);
    buf_put_escaped(&b, s.u.s, s.len);
    return wr_buf_value(r, &b, true, out);
}

/* ------------------------------------------------------------------ */
/* escape, force_escape, safe, safeseq, escapeseq                      */
/* ------------------------------------------------------------------ */

static int f_escape(wr *r, weft_value *val, const weft_value *arg)
{
    return fh_conditional_escape(r, val, val);
}

static int f_force_escape(wr *r, weft_value *val, const weft_value *arg)
{
    weft_value s;
    if (wr_str(r, val, &s) < 0) return -1;
    buf b;
    wr_buf(r, &b);
    buf_put_escaped(&b, s.u.s, s.len);
    return wr_buf_value(r, &b, true, val);
}

static int f_safe(wr *r, weft_value *val, const weft_value *arg)
{
    weft_value s;
    if (wr_str(r, val, &s) < 0) return -1;
    *val = s;
    val->flags |= WV_SAFE;
    return 0;
}

/* Builds a list of each item mapped by safe (mark_safe) or escape
 * (conditional_escape). */
static int map_items(wr *r, weft_value *val, bool escape)
{
    const weft_value *items;
    uint32_t n;
    if (fh_items(r, val, &items, &n) < 0) return -1;
    wv_list *l = wv_list_new(wr_arena(r), n);
    if (!l) return wr_oom(r);
    for (uint32_t i = 0; i < n; i++) {
        weft_value item;
        if (escape) {
            if (fh_conditional_escape(r, &items[i], &item) < 0) return -1;
        } else {
            if (wr_str(r, &items[i], &item) < 0) return -1;
            item.flags |= WV_SAFE;
        }
        if (!wv_list_push(wr_arena(r), l, &item)) return wr_oom(r);
    }
    *val = wv_list_value(l, false);
    return 0;
}

static int f_safeseq(wr *r, weft_value *val, const weft_value *arg) { return map_items(r, val, false); }
static int f_escapeseq(wr *r, weft_value *val, const weft_value *arg) { return map_items(r, val, true); }

/* ------------------------------------------------------------------ */
/* striptags                                                           */
/* ------------------------------------------------------------------ */

/* Django's MLStripper: keeps text and references, drops the rest. */
static int strip_data(void *ctx, const char *s, size_t len)
{
    buf_put(ctx, s, len);
    return 0;
}

static int strip_entityref(void *ctx, const char *s, size_t len)
{
    buf_putc(ctx, '&');
    buf_put(ctx, s, len);
    buf_putc(ctx, ';');
    return 0;
}

static int strip_charref(void *ctx, const char *s, size_t len)
{
    buf_puts(ctx, "&#");
    buf_put(ctx, s, len);
    buf_putc(ctx, ';');
    return 0;
}

static size_t count_char(const char *s, size_t len, char c)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) n += s[i] == c;
    return n;
}

int fh_strip_tags(wr *r, const char *s, size_t len, buf *out)
{
    /* Django strips repeatedly, since removing a tag can join the pieces of
     * another ("<<b>a>"), and gives up after 50 rounds. */
    enum { MAX_STRIP_TAGS_DEPTH = 50 };
    for (int depth = 0; len && memchr(s, '<', len) && memchr(s, '>', len); depth++) {
        if (depth >= MAX_STRIP_TAGS_DEPTH)
            return wr_fail(r, WEFT_ERROR_VALUE, "SuspiciousOperation: too many nested tags");
        buf b;
        wr_buf(r, &b);
        hp_handlers h = {.ctx = &b, .data = strip_data, .entityref = strip_entityref,
                         .charref = strip_charref};
        int rc = hp_parse(s, len, false, true, &h, wr_arena(r));
        if (rc == HP_NOMEM || b.oom) return wr_oom(r);
        if (rc == HP_ASSERTION)
            return wr_fail(r, WEFT_ERROR_VALUE, "AssertionError: unknown marked section");
        bool progressed = count_char(s, len, '<') != count_char(b.data ? b.data : "", b.len, '<');
        if (!progressed) break;
        s = b.len ? b.data : "";
        len = b.len;
    }
    buf_put(out, s, len);
    return 0;
}

static int f_striptags(wr *r, weft_value *val, const weft_value *arg)
{
    weft_value s;
    if (wr_str(r, val, &s) < 0) return -1;
    buf b;
    wr_buf(r, &b);
    if (fh_strip_tags(r, s.u.s, s.len, &b) < 0) return -1;
    return wr_buf_value(r, &b, false, val);
}

/* ------------------------------------------------------------------ */
/* linebreaks, linebreaksbr                                            */
/* ------------------------------------------------------------------ */

/* str(value) with \r\n and \r made \n; *escape says whether Django escapes
 * it (autoescape on and the value not safe). */
static int newline_text(wr *r, const weft_value *val, buf *out, bool *escape)
{
    weft_value s;
    if (wr_str(r, val, &s) < 0) return -1;
    *escape = wr_autoescape(r) && !wv_is_safe(&s);
    wr_buf(r, out);
    for (size_t i = 0; i < s.len; i++) {
        if (s.u.s[i] == '\r') {
            buf_putc(out, '\n');
            if (i + 1 < s.len && s.u.s[i + 1] == '\n') i++;
        } else {
            buf_putc(out, s.u.s[i]);
        }
    }
    return out->oom ? wr_oom(r) : 0;
}

/* Appends s, escaped when asked, with each \n written as <br>. */
static void put_with_br(buf *out, const char *s, size_t len, bool escape)
{
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && s[i] != '\n') continue;
        if (escape) buf_put_escaped(out, s + start, i - start);
        else buf_put(out, s + start, i - start);
        if (i < len) buf_puts(out, "<br>");
        start = i + 1;
    }
}

static int f_linebreaks(wr *r, weft_value *val, const weft_value *arg)
{
    buf text, out;
    bool escape;
    if (newline_text(r, val, &text, &escape) < 0) return -1;
    wr_buf(r, &out);
    const char *s = text.len ? text.data : "";
    size_t start = 0, i = 0;
    /* Paragraphs are separated by runs of two or more newlines. */
    for (;;) {
        size_t run = i;
        while (run < text.len && s[run] == '\n') run++;
        bool at_end = i >= text.len;
        if (at_end || run - i >= 2) {
            if (start) buf_puts(&out, "\n\n");
            buf_puts(&out, "<p>");
            put_with_br(&out, s + start, i - start, escape);
            buf_puts(&out, "</p>");
            if (at_end) break;
            start = i = run;
        } else {
            i = run > i ? run : i + 1;
        }
    }
    return wr_buf_value(r, &out, true, val);
}

static int f_linebreaksbr(wr *r, weft_value *val, const weft_value *arg)
{
    buf text, out;
    bool escape;
    if (newline_text(r, val, &text, &escape) < 0) return -1;
    wr_buf(r, &out);
    put_with_br(&out, text.len ? text.data : "", text.len, escape);
    return wr_buf_value(r, &out, true, val);
}

/* ------------------------------------------------------------------ */
/* unordered_list                                                      */
/* ------------------------------------------------------------------ */

enum { UNORDERED_LIST_MAX_DEPTH = 200 };

static int list_items(wr *r, buf *out, const weft_value *list, int tabs);

static int list_item(wr *r, buf *out, const weft_value *item, const weft_value *children, int tabs)
{
    for (int t = 0; t < tabs; t++) buf_putc(out, '\t');
    buf_puts(out, "<li>");
    weft_value text;
    if (wr_autoescape(r)) {
        if (fh_conditional_escape(r, item, &text) < 0) return -1;
    } else if (wr_str(r, item, &text) < 0) {
        return -1;
    }
    buf_put(out, text.u.s, text.len);
    if (children && wv_truthy(children)) {
        buf_putc(out, '\n');
        for (int t = 0; t < tabs; t++) buf_putc(out, '\t');
        buf_puts(out, "<ul>\n");
        if (list_items(r, out, children, tabs + 1) < 0) return -1;
        buf_putc(out, '\n');
        for (int t = 0; t < tabs; t++) buf_putc(out, '\t');
        buf_puts(out, "</ul>\n");
        for (int t = 0; t < tabs; t++) buf_putc(out, '\t');
    }
    buf_puts(out, "</li>");
    return 0;
}

/* An item followed by a list or tuple is that item's sublist. */
static int list_items(wr *r, buf *out, const weft_value *list, int tabs)
{
    if (tabs > UNORDERED_LIST_MAX_DEPTH)
        return wr_fail(r, WEFT_ERROR_LIMIT, "unordered_list nested too deeply");
    const weft_value *items;
    uint32_t n;
    if (fh_items(r, list, &items, &n) < 0) return -1;
    bool first = true;
    for (uint32_t i = 0; i < n;) {
        const weft_value *children = NULL;
        if (i + 1 < n && wv_is_seq(&items[i + 1])) children = &items[i + 1];
        if (!first) buf_putc(out, '\n');
        first = false;
        if (list_item(r, out, &items[i], children, tabs) < 0) return -1;
        i += children ? 2 : 1;
    }
    return 0;
}

static int f_unordered_list(wr *r, weft_value *val, const weft_value *arg)
{
    buf out;
    wr_buf(r, &out);
    if (list_items(r, &out, val, 1) < 0) return -1;
    return wr_buf_value(r, &out, true, val);
}

/* ------------------------------------------------------------------ */
/* json_script                                                         */
/* ------------------------------------------------------------------ */

/* json.dumps' string form with ensure_ascii; < > & are written as
 * \u003C \u003E \u0026 as json_script then does. */
static void json_string(buf *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    buf_putc(out, '"');
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += hu_decode(s, len, i, &cp);
        switch (cp) {
        case '"': buf_puts(out, "\\\""); continue;
        case '\\': buf_puts(out, "\\\\"); continue;
        case '\n': buf_puts(out, "\\n"); continue;
        case '\r': buf_puts(out, "\\r"); continue;
        case '\t': buf_puts(out, "\\t"); continue;
        case '\b': buf_puts(out, "\\b"); continue;
        case '\f': buf_puts(out, "\\f"); continue;
        case '<': buf_puts(out, "\\u003C"); continue;
        case '>': buf_puts(out, "\\u003E"); continue;
        case '&': buf_puts(out, "\\u0026"); continue;
        default: break;
        }
        if (cp >= 0x20 && cp < 0x7F) {
            buf_putc(out, (char)cp);
            continue;
        }
        uint32_t units[2] = {cp, 0};
        int nu = 1;
        if (cp >= 0x10000) {
            units[0] = 0xD800 + ((cp - 0x10000) >> 10);
            units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
            nu = 2;
        }
        for (int u = 0; u < nu; u++) {
            char e[6] = {'\\', 'u', hex[(units[u] >> 12) & 15], hex[(units[u] >> 8) & 15],
                         hex[(units[u] >> 4) & 15], hex[units[u] & 15]};
            buf_put(out, e, 6);
        }
    }
    buf_putc(out, '"');
}

static void json_float(buf *out, double d)
{
    if (isnan(d)) buf_puts(out, "NaN");
    else if (isinf(d)) buf_puts(out, d < 0 ? "-Infinity" : "Infinity");
    else wv_print_float(out, d);
}

/* DjangoJSONEncoder's forms of dates, times and durations. */
static void json_temporal(buf *out, const weft_value *v)
{
    const wv_datetime *t = &v->u.dt;
    buf_putc(out, '"');
    if (v->kind == WEFT_DATE || v->kind == WEFT_DATETIME)
        buf_printf(out, "%04d-%02u-%02u", t->year, t->month, t->day);
    if (v->kind == WEFT_DATETIME) buf_putc(out, 'T');
    if (v->kind == WEFT_TIME || v->kind == WEFT_DATETIME) {
        buf_printf(out, "%02u:%02u:%02u", t->hour, t->minute, t->second);
        /* isoformat() cut to milliseconds */
        if (t->usec) buf_printf(out, ".%03d", (int)(t->usec / 1000));
    }
    if (v->kind == WEFT_DATETIME && t->tz) {
        int m = t->offset_min;
        if (m == 0) buf_putc(out, 'Z');
        else buf_printf(out, "%c%02d:%02d", m < 0 ? '-' : '+', (m < 0 ? -m : m) / 60, (m < 0 ? -m : m) % 60);
    }
    buf_putc(out, '"');
}

static void json_duration(buf *out, const wv_duration *d)
{
    /* duration_iso_string(): the sign applies to the whole duration. */
    int64_t days = d->days, secs = d->seconds, usec = d->usec;
    bool neg = days < 0;
    if (neg) {
        int64_t total = -((days * 86400 + secs) * 1000000 + usec);
        days = total / 86400000000LL;
        total %= 86400000000LL;
        secs = total / 1000000;
        usec = total % 1000000;
    }
    buf_printf(out, "\"%sP%lldDT%02lldH%02lldM%02lld", neg ? "-" : "", (long long)days,
               (long long)(secs / 3600), (long long)(secs / 60 % 60), (long long)(secs % 60));
    if (usec) buf_printf(out, ".%06lld", (long long)usec);
    buf_puts(out, "S\"");
}

static int json_value(wr *r, buf *out, const weft_value *v, int depth);

static int json_key(wr *r, buf *out, const weft_value *k)
{
    switch (k->kind) {
    case WEFT_STRING: json_string(out, k->u.s, k->len); return 0;
    case WEFT_INT: buf_printf(out, "\"%lld\"", (long long)k->u.i); return 0;
    case WEFT_BOOL: buf_puts(out, k->u.b ? "\"true\"" : "\"false\""); return 0;
    case WEFT_NULL: buf_puts(out, "\"null\""); return 0;
    case WEFT_FLOAT:
        buf_putc(out, '"');
        json_float(out, k->u.f);
        buf_putc(out, '"');
        return 0;
    default:
        return wr_fail(r, WEFT_ERROR_TYPE, "keys must be str, int, float, bool or None, not %s",
                       wv_type_name(k));
    }
}

static int json_value(wr *r, buf *out, const weft_value *v, int depth)
{
    if (depth > 500) return wr_fail(r, WEFT_ERROR_LIMIT, "maximum recursion depth exceeded");
    switch (v->kind) {
    case WEFT_NULL: buf_puts(out, "null"); return 0;
    case WEFT_BOOL: buf_puts(out, v->u.b ? "true" : "false"); return 0;
    case WEFT_INT: buf_printf(out, "%lld", (long long)v->u.i); return 0;
    case WEFT_FLOAT: json_float(out, v->u.f); return 0;
    case WEFT_STRING: json_string(out, v->u.s, v->len); return 0;
    case WEFT_DECIMAL: json_string(out, v->u.s, v->len); return 0;
    case WEFT_TIME:
        if (v->u.dt.tz) return wr_fail(r, WEFT_ERROR_VALUE, "JSON can't represent timezone-aware times.");
        json_temporal(out, v);
        return 0;
    case WEFT_DATE: case WEFT_DATETIME: json_temporal(out, v); return 0;
    case WEFT_DURATION: json_duration(out, &v->u.dur); return 0;
    case WEFT_LIST: case WEFT_TUPLE:
        buf_putc(out, '[');
        for (uint32_t i = 0; i < v->u.list->len; i++) {
            if (i) buf_puts(out, ", ");
            if (json_value(r, out, &v->u.list->items[i], depth + 1) < 0) return -1;
        }
        buf_putc(out, ']');
        return 0;
    case WEFT_DICT:
        buf_putc(out, '{');
        for (uint32_t i = 0; i < v->u.dict->len; i++) {
            if (i) buf_puts(out, ", ");
            if (json_key(r, out, &v->u.dict->entries[i].key) < 0) return -1;
            buf_puts(out, ": ");
            if (json_value(r, out, &v->u.dict->entries[i].val, depth + 1) < 0) return -1;
        }
        buf_putc(out, '}');
        return 0;
    default:
        return wr_fail(r, WEFT_ERROR_TYPE, "Object of type %s is not JSON serializable",
                       wv_type_name(v));
    }
}

static int f_json_script(wr *r, weft_value *val, const weft_value *arg)
{
    buf out;
    wr_buf(r, &out);
    if (arg && wv_truthy(arg)) {
        weft_value id;
        if (fh_conditional_escape(r, arg, &id) < 0) return -1;
        buf_puts(&out, "<script id=\"");
        buf_put(&out, id.u.s, id.len);
        buf_puts(&out, "\" type=\"application/json\">");
    } else {
        buf_puts(&out, "<script type=\"application/json\">");
    }
    if (json_value(r, &out, val, 0) < 0) return -1;
    buf_puts(&out, "</script>");
    return wr_buf_value(r, &out, true, val);
}

/* ------------------------------------------------------------------ */

const wf_def wd_filters_html[] = {
    {"escape", f_escape, WF_ARG_NONE, WF_IS_SAFE},
    {"force_escape", f_force_escape, WF_ARG_NONE, WF_IS_SAFE},
    {"safe", f_safe, WF_ARG_NONE, WF_IS_SAFE},
    {"safeseq", f_safeseq, WF_ARG_NONE, WF_IS_SAFE},
    {"escapeseq", f_escapeseq, WF_ARG_NONE, WF_IS_SAFE},
    {"striptags", f_striptags, WF_ARG_NONE, WF_IS_SAFE},
    {"linebreaks", f_linebreaks, WF_ARG_NONE, WF_IS_SAFE | WF_NEEDS_AUTOESCAPE},
    {"linebreaksbr", f_linebreaksbr, WF_ARG_NONE, WF_IS_SAFE | WF_NEEDS_AUTOESCAPE},
    {"urlize", fh_urlize, WF_ARG_NONE, WF_IS_SAFE | WF_NEEDS_AUTOESCAPE},
    {"urlizetrunc", fh_urlizetrunc, WF_ARG_REQUIRED, WF_IS_SAFE | WF_NEEDS_AUTOESCAPE},
    {"truncatechars_html", fh_truncatechars_html, WF_ARG_REQUIRED, WF_IS_SAFE},
    {"truncatewords_html", fh_truncatewords_html, WF_ARG_REQUIRED, WF_IS_SAFE},
    {"unordered_list", f_unordered_list, WF_ARG_NONE, WF_IS_SAFE | WF_NEEDS_AUTOESCAPE},
    {"json_script", f_json_script, WF_ARG_OPTIONAL, WF_IS_SAFE},
    {NULL, NULL, 0, 0},
};
