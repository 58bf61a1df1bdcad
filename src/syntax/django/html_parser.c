/* Python's text predicates, html.unescape() and html.parser.HTMLParser, as
 * far as Django's strip_tags() and Truncator need them.
 *
 * The parser follows CPython 3.11's html/parser.py step by step: its
 * tolerant regular expressions are matched by hand here, including the few
 * places where their backtracking changes where a tag ends, because Django's
 * output depends on exactly where the parser cuts the text. */
#include <string.h>

#include "base/utf8.h"
#include "html_util.h"

/* ------------------------------------------------------------------ */
/* Code points                                                         */
/* ------------------------------------------------------------------ */

size_t hu_decode(const char *s, size_t len, size_t i, uint32_t *cp)
{
    int32_t c;
    size_t n = wb_utf8_decode(s + i, len - i, &c);
    if (!n) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = (uint32_t)c;
    return n;
}

size_t hu_prev(const char *s, size_t i)
{
    size_t j = i - 1;
    /* Step back over at most three continuation bytes. */
    for (int k = 0; k < 3 && j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80; k++) j--;
    return j;
}

size_t hu_count(const char *s, size_t len)
{
    size_t n = 0;
    uint32_t cp;
    for (size_t i = 0; i < len; n++) i += hu_decode(s, len, i, &cp);
    return n;
}

size_t hu_advance(const char *s, size_t len, size_t n)
{
    size_t i = 0;
    uint32_t cp;
    while (n-- > 0 && i < len) i += hu_decode(s, len, i, &cp);
    return i;
}

bool hu_isspace(uint32_t c) { return wb_utf8_is_space((int32_t)c); }

bool hu_isword(uint32_t c)
{
    if (c < 0x80) return c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    return wb_utf8_is_alnum((int32_t)c);
}

void hu_put_lower(buf *out, const char *s, size_t len)
{
    uint32_t cp;
    for (size_t i = 0; i < len;) {
        size_t n = hu_decode(s, len, i, &cp);
        if (cp < 0x80) buf_putc(out, (char)((cp >= 'A' && cp <= 'Z') ? cp + 32 : cp));
        else buf_put_utf8(out, (uint32_t)wb_utf8_to_lower((int32_t)cp));
        i += n;
    }
}

/* ------------------------------------------------------------------ */
/* html.unescape                                                       */
/* ------------------------------------------------------------------ */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_hex(char c) { return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }
static bool is_alpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }

/* Code points 0x80-0x9F read as Windows-1252, as HTML5 (and Python) do. */
static const uint16_t cp1252[32] = {
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178};

static void put_numeric_ref(buf *out, uint32_t num, bool overflow)
{
    if (overflow) num = 0x110000;
    if (num == 0) { buf_put_utf8(out, 0xFFFD); return; }
    if (num == 0x0D) { buf_putc(out, '\r'); return; }
    if (num >= 0x80 && num <= 0x9F) { buf_put_utf8(out, cp1252[num - 0x80]); return; }
    if ((num >= 0xD800 && num <= 0xDFFF) || num > 0x10FFFF) { buf_put_utf8(out, 0xFFFD); return; }
    /* Python drops the code points HTML5 calls invalid in references. */
    if ((num >= 0x01 && num <= 0x08) || num == 0x0B || (num >= 0x0E && num <= 0x1F) ||
        (num >= 0x7F && num <= 0x9F) || (num >= 0xFDD0 && num <= 0xFDEF) ||
        (num & 0xFFFE) == 0xFFFE)
        return;
    buf_put_utf8(out, num);
}

/* Handles one match of Python's _charref pattern at s[i] == '&'. Returns
 * the bytes consumed, or 0 when the pattern does not match there. */
static size_t unescape_one(buf *out, const char *s, size_t len, size_t i)
{
    size_t p = i + 1;
    if (p < len && s[p] == '#') {
        bool hex = p + 1 < len && (s[p + 1] == 'x' || s[p + 1] == 'X');
        size_t q = p + (hex ? 2 : 1), start = q;
        uint32_t num = 0;
        bool overflow = false;
        while (q < len && (hex ? is_hex(s[q]) : is_digit(s[q]))) {
            char c = s[q];
            uint32_t d = is_digit(c) ? (uint32_t)(c - '0') : (uint32_t)((c | 0x20) - 'a' + 10);
            if (num > 0x10FFFF) overflow = true;
            else num = num * (hex ? 16 : 10) + d;
            q++;
        }
        if (q == start) return 0;
        if (q < len && s[q] == ';') q++;
        put_numeric_ref(out, num, overflow);
        return q - i;
    }
    /* A name: 1 to 32 code points other than \t \n \f space < & # ;. */
    size_t bounds[34];
    size_t ncp = 0, q = p;
    bounds[0] = p;
    while (q < len && ncp < 32) {
        char c = s[q];
        if (c == '\t' || c == '\n' || c == '\f' || c == ' ' || c == '<' || c == '&' ||
            c == '#' || c == ';')
            break;
        uint32_t cp;
        q += hu_decode(s, len, q, &cp);
        bounds[++ncp] = q;
    }
    if (ncp == 0) return 0;
    if (q < len && s[q] == ';') {
        q++;
        bounds[++ncp] = q;
    }
    const char *text = html_entity_lookup(s + p, q - p);
    if (text) {
        buf_puts(out, text);
        return q - i;
    }
    /* The longest known prefix of at least two code points. */
    for (size_t x = ncp - 1; x >= 2; x--) {
        text = html_entity_lookup(s + p, bounds[x] - p);
        if (text) {
            buf_puts(out, text);
            buf_put(out, s + bounds[x], q - bounds[x]);
            return q - i;
        }
    }
    buf_put(out, s + i, q - i);
    return q - i;
}

void html_unescape(buf *out, const char *s, size_t len)
{
    size_t start = 0;
    for (size_t i = 0; i < len;) {
        if (s[i] != '&') { i++; continue; }
        buf_put(out, s + start, i - start);
        size_t n = unescape_one(out, s, len, i);
        if (n == 0) {
            buf_putc(out, '&');
            n = 1;
        }
        i += n;
        start = i;
    }
    buf_put(out, s + start, len - start);
}

/* ------------------------------------------------------------------ */
/* HTMLParser                                                          */
/* ------------------------------------------------------------------ */

typedef struct hp {
    const char *raw;
    size_t n;
    bool convert;
    const char *cdata;   /* "script" or "style" while inside one, else NULL */
    const hp_handlers *h;
    arena *scratch;
    int status;          /* HP_STOPPED, HP_ASSERTION or HP_NOMEM once set */
} hp;

static bool at(const hp *p, size_t i, const char *lit)
{
    size_t l = strlen(lit);
    return i + l <= p->n && memcmp(p->raw + i, lit, l) == 0;
}

static size_t find_char(const hp *p, size_t from, char c)
{
    if (from >= p->n) return SIZE_MAX;
    const char *f = memchr(p->raw + from, c, p->n - from);
    return f ? (size_t)(f - p->raw) : SIZE_MAX;
}

static uint32_t cp_at(const hp *p, size_t i, size_t *w)
{
    uint32_t cp;
    *w = hu_decode(p->raw, p->n, i, &cp);
    return cp;
}

static size_t skip_space(const hp *p, size_t i)
{
    size_t w;
    while (i < p->n && hu_isspace(cp_at(p, i, &w))) i += w;
    return i;
}

static int emit(hp *p, int rc)
{
    if (rc && !p->status) p->status = HP_STOPPED;
    return rc;
}

/* handle_data(), unescaping first when convert_charrefs applies. */
static int data(hp *p, size_t i, size_t j, bool unescape)
{
    if (!p->h->data || i >= j) return 0;
    if (!unescape || !memchr(p->raw + i, '&', j - i)) return emit(p, p->h->data(p->h->ctx, p->raw + i, j - i));
    buf b;
    buf_init(&b, p->scratch);
    html_unescape(&b, p->raw + i, j - i);
    if (b.oom) {
        p->status = HP_NOMEM;
        return 1;
    }
    return emit(p, p->h->data(p->h->ctx, b.len ? b.data : "", b.len));
}

static bool converting(const hp *p) { return p->convert && !p->cdata; }

/* [a-zA-Z][^\t\n\r\f />\x00]* at i (i holds a letter); returns its end. */
static size_t tag_name_end(const hp *p, size_t i)
{
    for (i++; i < p->n; i++) {
        char c = p->raw[i];
        if (c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == ' ' || c == '/' ||
            c == '>' || c == '\0')
            break;
    }
    return i;
}

/* (?:\s|/(?!>))* */
static size_t skip_separators(const hp *p, size_t i)
{
    for (;;) {
        size_t w;
        if (i < p->n && p->raw[i] == '/' && !(i + 1 < p->n && p->raw[i + 1] == '>')) i++;
        else if (i < p->n && hu_isspace(cp_at(p, i, &w))) i += w;
        else return i;
    }
}

/* The value part of an attribute, \s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*),
 * with the backtracking Python's engine does when a quote is unclosed.
 * Returns its end, or SIZE_MAX when it does not match. */
static size_t attr_value_end(const hp *p, size_t i)
{
    size_t p1 = skip_space(p, i);
    if (p1 >= p->n || p->raw[p1] != '=') return SIZE_MAX;
    size_t p2 = p1;
    while (p2 < p->n && p->raw[p2] == '=') p2++;
    size_t p3 = skip_space(p, p2);
    size_t v = p3;
    if (p3 < p->n && (p->raw[p3] == '\'' || p->raw[p3] == '"')) {
        size_t close = find_char(p, p3 + 1, p->raw[p3]);
        if (close != SIZE_MAX) return close + 1;
        if (p3 > p2) return hu_prev(p->raw, p3); /* an empty bare value before the quote */
        if (p2 - p1 < 2) return SIZE_MAX;
        v = p2 - 1; /* "=+" gives back one '=', which starts a bare value */
    }
    size_t w;
    while (v < p->n && p->raw[v] != '>' && !hu_isspace(cp_at(p, v, &w))) v += w;
    return v;
}

/* One attribute, (?<=['"\s/])[^\s/>][^\s/=>]*(value)?(?:\s|/(?!>))*, at i.
 * Returns its end, or SIZE_MAX. */
static size_t attr_end(const hp *p, size_t i)
{
    if (i == 0 || i >= p->n) return SIZE_MAX;
    size_t w;
    uint32_t before = cp_at(p, hu_prev(p->raw, i), &w);
    if (!(before == '\'' || before == '"' || before == '/' || hu_isspace(before))) return SIZE_MAX;
    uint32_t c = cp_at(p, i, &w);
    if (hu_isspace(c) || c == '/' || c == '>') return SIZE_MAX;
    i += w;
    while (i < p->n) {
        c = cp_at(p, i, &w);
        if (hu_isspace(c) || c == '/' || c == '=' || c == '>') break;
        i += w;
    }
    size_t v = attr_value_end(p, i);
    if (v != SIZE_MAX) i = v;
    return skip_separators(p, i);
}

/* Where Python's locatestarttagend_tolerant stops, from i at '<'. */
static size_t start_tag_scan(const hp *p, size_t i)
{
    size_t q = tag_name_end(p, i + 1);
    size_t w;
    while (q < p->n) {
        uint32_t c = cp_at(p, q, &w);
        if (c != '/' && !hu_isspace(c)) break;
        q += w;
    }
    for (;;) {
        size_t a = attr_end(p, q);
        if (a == SIZE_MAX) break;
        q = a;
    }
    return skip_space(p, q);
}

static long check_for_whole_start_tag(const hp *p, size_t i)
{
    size_t j = start_tag_scan(p, i);
    if (j >= p->n) return -1;
    char next = p->raw[j];
    if (next == '>') return (long)j + 1;
    if (next == '/') return at(p, j, "/>") ? (long)j + 2 : -1;
    if (is_alpha(next) || next == '=' || next == '/') return -1;
    return j > i ? (long)j : (long)i + 1;
}

static int call_tag(hp *p, bool startend, size_t name, size_t name_end, size_t i, size_t endpos)
{
    buf tag;
    buf_init(&tag, p->scratch);
    hu_put_lower(&tag, p->raw + name, name_end - name);
    if (tag.oom) {
        p->status = HP_NOMEM;
        return 1;
    }
    const char *t = tag.len ? tag.data : "";
    int (*fn)(void *, const char *, size_t, const char *, size_t) =
        startend ? p->h->startendtag : p->h->starttag;
    if (fn && emit(p, fn(p->h->ctx, t, tag.len, p->raw + i, endpos - i))) return 1;
    if (!startend) {
        if (tag.len == 6 && memcmp(t, "script", 6) == 0) p->cdata = "script";
        else if (tag.len == 5 && memcmp(t, "style", 5) == 0) p->cdata = "style";
    }
    return 0;
}

static long parse_starttag(hp *p, size_t i)
{
    long endpos = check_for_whole_start_tag(p, i);
    if (endpos < 0) return endpos;
    size_t e = (size_t)endpos;
    size_t name_end = tag_name_end(p, i + 1);
    size_t k = skip_separators(p, name_end);
    while (k < e) {
        size_t a = attr_end(p, k);
        if (a == SIZE_MAX) break;
        k = a;
    }
    /* What is left must be ">" or "/>" once stripped, else it is text. */
    size_t s = skip_space(p, k), t = e;
    while (t > s) {
        size_t b = hu_prev(p->raw, t), w;
        if (!hu_isspace(cp_at(p, b, &w))) break;
        t = b;
    }
    bool gt = t - s == 1 && p->raw[s] == '>';
    bool slash_gt = t - s == 2 && p->raw[s] == '/' && p->raw[s + 1] == '>';
    if (!gt && !slash_gt) {
        if (data(p, i, e, false)) return -2;
        return endpos;
    }
    if (call_tag(p, slash_gt, i + 1, name_end, i, e)) return -2;
    return endpos;
}

static int call_endtag(hp *p, size_t name, size_t name_end)
{
    buf tag;
    buf_init(&tag, p->scratch);
    hu_put_lower(&tag, p->raw + name, name_end - name);
    if (tag.oom) {
        p->status = HP_NOMEM;
        return 1;
    }
    if (p->h->endtag) return emit(p, p->h->endtag(p->h->ctx, tag.len ? tag.data : "", tag.len));
    return 0;
}

static long parse_bogus_comment(hp *p, size_t i)
{
    size_t pos = find_char(p, i + 2, '>');
    return pos == SIZE_MAX ? -1 : (long)pos + 1;
}

static long parse_endtag(hp *p, size_t i)
{
    size_t gt = find_char(p, i + 1, '>');
    if (gt == SIZE_MAX) return -1;
    size_t gtpos = gt + 1;
    /* </\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*> */
    size_t q = skip_space(p, i + 2);
    bool strict = false;
    size_t name = q, name_end = q;
    if (q < p->n && is_alpha(p->raw[q])) {
        name_end = q + 1;
        while (name_end < p->n && (is_alnum(p->raw[name_end]) || p->raw[name_end] == '-' ||
                                   p->raw[name_end] == '.' || p->raw[name_end] == ':' ||
                                   p->raw[name_end] == '_'))
            name_end++;
        strict = skip_space(p, name_end) == gt;
    }
    if (!strict) {
        if (p->cdata) return data(p, i, gtpos, false) ? -2 : (long)gtpos;
        if (i + 2 >= p->n || !is_alpha(p->raw[i + 2])) {
            if (at(p, i, "</>")) return (long)i + 3;
            return parse_bogus_comment(p, i);
        }
        name = i + 2;
        name_end = tag_name_end(p, name);
        /* The name and the separators after it stop before any '>', so
         * the first '>' ends the tag. */
        if (call_endtag(p, name, name_end)) return -2;
        return (long)gtpos;
    }
    if (p->cdata) {
        size_t l = strlen(p->cdata);
        bool same = name_end - name == l;
        for (size_t k = 0; same && k < l; k++)
            if ((p->raw[name + k] | 0x20) != p->cdata[k]) same = false;
        if (!same) return data(p, i, gtpos, false) ? -2 : (long)gtpos;
    }
    if (call_endtag(p, name, name_end)) return -2;
    p->cdata = NULL;
    return (long)gtpos;
}

static long parse_comment(hp *p, size_t i)
{
    /* --\s*> from i + 4 */
    for (size_t q = i + 4; q + 1 < p->n; q++) {
        if (p->raw[q] != '-' || p->raw[q + 1] != '-') continue;
        size_t r = skip_space(p, q + 2);
        if (r < p->n && p->raw[r] == '>') return (long)r + 1;
    }
    return -1;
}

/* <![name ... ]]> (or ]> for Microsoft's conditional sections). */
static long parse_marked_section(hp *p, size_t i)
{
    size_t q = i + 3;
    if (q == p->n) return -1;
    if (!is_alpha(p->raw[q])) {
        p->status = HP_ASSERTION;
        return -2;
    }
    size_t e = q + 1;
    while (e < p->n && (is_alnum(p->raw[e]) || p->raw[e] == '-' || p->raw[e] == '_' || p->raw[e] == '.')) e++;
    size_t name_end = e;
    e = skip_space(p, e);
    if (e == p->n) return -1;
    char name[8];
    size_t l = name_end - q;
    if (l >= sizeof name) l = sizeof name - 1;
    for (size_t k = 0; k < l; k++) name[k] = (char)(p->raw[q + k] | 0x20);
    name[l] = '\0';
    bool two = name_end - q < sizeof name &&
               (!strcmp(name, "temp") || !strcmp(name, "cdata") || !strcmp(name, "ignore") ||
                !strcmp(name, "include") || !strcmp(name, "rcdata"));
    bool one = name_end - q < sizeof name &&
               (!strcmp(name, "if") || !strcmp(name, "else") || !strcmp(name, "endif"));
    if (!two && !one) {
        p->status = HP_ASSERTION;
        return -2;
    }
    /* ]\s*]\s*> or ]\s*>, searched from i + 3 */
    for (size_t s = i + 3; s < p->n; s++) {
        if (p->raw[s] != ']') continue;
        size_t r = skip_space(p, s + 1);
        if (two) {
            if (r >= p->n || p->raw[r] != ']') continue;
            r = skip_space(p, r + 1);
        }
        if (r < p->n && p->raw[r] == '>') return (long)r + 1;
    }
    return -1;
}

static long parse_html_declaration(hp *p, size_t i)
{
    if (at(p, i, "<![")) return parse_marked_section(p, i);
    if (i + 9 <= p->n) {
        static const char doctype[] = "<!doctype";
        bool is_doctype = true;
        for (size_t k = 0; k < 9; k++)
            if ((char)(p->raw[i + k] | (k >= 2 ? 0x20 : 0)) != doctype[k]) is_doctype = false;
        if (is_doctype) {
            size_t gt = find_char(p, i + 9, '>');
            return gt == SIZE_MAX ? -1 : (long)gt + 1;
        }
    }
    return parse_bogus_comment(p, i);
}

/* The start of </\s*NAME\s*> (case-insensitive) from i, or SIZE_MAX. */
static size_t find_cdata_end(const hp *p, size_t i)
{
    size_t l = strlen(p->cdata);
    for (size_t s = i; s + 1 < p->n; s++) {
        if (p->raw[s] != '<' || p->raw[s + 1] != '/') continue;
        size_t q = skip_space(p, s + 2);
        if (q + l > p->n) continue;
        size_t k = 0;
        while (k < l && (p->raw[q + k] | 0x20) == p->cdata[k]) k++;
        if (k < l) continue;
        q = skip_space(p, q + l);
        if (q < p->n && p->raw[q] == '>') return s;
    }
    return SIZE_MAX;
}

/* &#(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F] at i; returns the end of the
 * digits (the terminator follows), or SIZE_MAX. */
static size_t match_charref(const hp *p, size_t i)
{
    size_t q = i + 2;
    if (q < p->n && (p->raw[q] == 'x' || p->raw[q] == 'X')) {
        size_t s = ++q;
        while (q < p->n && is_hex(p->raw[q])) q++;
        if (q == s || q >= p->n) return SIZE_MAX;
        return q;
    }
    size_t s = q;
    while (q < p->n && is_digit(p->raw[q])) q++;
    if (q == s || q >= p->n || is_hex(p->raw[q])) return SIZE_MAX;
    return q;
}

/* Python's HTMLParser.goahead(end), from *start. */
static void goahead(hp *p, size_t *start, bool end)
{
    size_t i = *start, n = p->n;
    size_t next_lt = SIZE_MAX - 1, next_amp = SIZE_MAX - 1; /* not searched yet */
    while (i < n) {
        size_t j;
        if (converting(p)) {
            j = find_char(p, i, '<');
            if (j == SIZE_MAX) {
                /* A reference may be cut at the end: wait for more text. */
                size_t from = n, w;
                for (int k = 0; k < 34 && from > 0; k++) from = hu_prev(p->raw, from);
                if (from < i) from = i;
                size_t amp = SIZE_MAX;
                for (size_t q = n; q > from;) {
                    q--;
                    if (p->raw[q] == '&') { amp = q; break; }
                }
                if (amp != SIZE_MAX) {
                    bool ended = false;
                    for (size_t q = amp; q < n && !ended; q += w) {
                        uint32_t c = cp_at(p, q, &w);
                        ended = c == ';' || hu_isspace(c);
                    }
                    if (!ended) break;
                }
                j = n;
            }
        } else if (p->cdata) {
            j = find_cdata_end(p, i);
            if (j == SIZE_MAX) break;
        } else {
            /* The next '<' and '&' are remembered: rescanning for both at
             * every reference would make long texts quadratic. */
            if (next_lt < i || next_lt == SIZE_MAX - 1) next_lt = find_char(p, i, '<');
            if (next_amp < i || next_amp == SIZE_MAX - 1) next_amp = find_char(p, i, '&');
            j = next_lt < next_amp ? next_lt : next_amp;
            if (j == SIZE_MAX) j = n;
        }
        if (i < j && data(p, i, j, converting(p))) goto out;
        i = j;
        if (i == n) break;
        if (p->raw[i] == '<') {
            long k;
            if (i + 1 < n && is_alpha(p->raw[i + 1])) k = parse_starttag(p, i);
            else if (at(p, i, "</")) k = parse_endtag(p, i);
            else if (at(p, i, "<!--")) k = parse_comment(p, i);
            else if (at(p, i, "<?")) {
                size_t gt = find_char(p, i + 2, '>');
                k = gt == SIZE_MAX ? -1 : (long)gt + 1;
            } else if (at(p, i, "<!")) k = parse_html_declaration(p, i);
            else if (i + 1 < n) {
                if (data(p, i, i + 1, false)) goto out;
                k = (long)i + 1;
            } else break;
            if (k == -2 || p->status) goto out;
            if (k < 0) {
                if (!end) break;
                size_t e = find_char(p, i + 1, '>');
                if (e == SIZE_MAX) {
                    e = find_char(p, i + 1, '<');
                    if (e == SIZE_MAX) e = i + 1;
                } else e++;
                if (data(p, i, e, converting(p))) goto out;
                k = (long)e;
            }
            i = (size_t)k;
        } else if (at(p, i, "&#")) {
            size_t q = match_charref(p, i);
            if (q != SIZE_MAX) {
                if (p->h->charref && emit(p, p->h->charref(p->h->ctx, p->raw + i + 2, q - i - 2))) goto out;
                /* The terminator is consumed only when it is ';'. */
                i = p->raw[q] == ';' ? q + 1 : q;
                continue;
            }
            if (memchr(p->raw + i, ';', n - i)) {
                if (data(p, i, i + 2, false)) goto out;
                i += 2;
            }
            break;
        } else { /* '&' */
            size_t q = i + 1;
            if (q < n && is_alpha(p->raw[q])) {
                q++;
                while (q < n && (is_alnum(p->raw[q]) || p->raw[q] == '-' || p->raw[q] == '.')) q++;
                if (q == n) {
                    /* At the end the regex backtracks: a '-' or '.' in the
                     * name can serve as the non-alphanumeric terminator. */
                    while (q > i + 2 && p->raw[q - 1] != '-' && p->raw[q - 1] != '.') q--;
                    q = q > i + 2 ? q - 1 : n;
                }
                if (q < n) { /* [^a-zA-Z0-9] follows the name */
                    if (p->h->entityref && emit(p, p->h->entityref(p->h->ctx, p->raw + i + 1, q - i - 1))) goto out;
                    i = p->raw[q] == ';' ? q + 1 : q;
                    continue;
                }
            }
            if (i + 1 < n && (is_alpha(p->raw[i + 1]) || p->raw[i + 1] == '#')) {
                if (end && n - i == 2) i++;
                break;
            } else if (i + 1 < n) {
                if (data(p, i, i + 1, false)) goto out;
                i++;
            } else break;
        }
    }
    if (end && i < n && !p->cdata) {
        if (data(p, i, n, converting(p))) goto out;
        i = n;
    }
out:
    *start = i;
}

int hp_parse(const char *s, size_t len, bool convert_charrefs, bool close,
             const hp_handlers *h, arena *scratch)
{
    hp p = {.raw = s, .n = len, .convert = convert_charrefs, .h = h, .scratch = scratch};
    size_t start = 0;
    goahead(&p, &start, false);
    if (!p.status && close) goahead(&p, &start, true);
    return p.status;
}
