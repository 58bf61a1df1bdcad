/* Django's plain-text built-in filters (django/template/defaultfilters.py,
 * "STRINGS" section, with django.utils.text and urllib.parse.quote), with
 * Python's string semantics: lengths count code points, case mapping is
 * Python's full Unicode mapping, split() splits on Python's whitespace.
 *
 * Filters that Django decorates with @stringfilter first take str() of their
 * input; the dispatcher marks results safe for WF_IS_SAFE filters on safe
 * input, so a filter here marks a result safe only where Django calls
 * mark_safe itself (escapejs, linenumbers, cut). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "filter_api.h"
#include "filter_int.h"
#include "filters_text_case.h"
#include "i18n_memo.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Padding beyond this many code points is treated as Python's MemoryError
 * rather than attempted. */
#define MAX_PAD ((int64_t)1 << 28)

/* ---- UTF-8 ---------------------------------------------------------------- */

/* Decodes the code point at s[*i] and advances *i. Malformed bytes decode as
 * U+FFFD one byte at a time, so a scan always makes progress. */
static int32_t next_cp(const char *s, size_t len, size_t *i)
{
    /* ASCII needs no decoder. */
    if ((unsigned char)s[*i] < 0x80) return (unsigned char)s[(*i)++];
    int32_t cp;
    size_t n = wb_utf8_decode(s + *i, len - *i, &cp);
    if (!n) {
        *i += 1;
        return 0xFFFD;
    }
    *i += n;
    return cp;
}


/* The string as an array of code points in the render arena. */
static int decode_all(wr *r, const char *s, size_t len, int32_t **out, size_t *n)
{
    int32_t *cps = arena_alloc(wr_arena(r), (len ? len : 1) * sizeof *cps);
    if (!cps) return wr_oom(r);
    size_t k = 0;
    for (size_t i = 0; i < len;) cps[k++] = next_cp(s, len, &i);
    *out = cps;
    *n = k;
    return 0;
}

static bool all_ascii(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80) return false;
    return true;
}

/* ---- Python character classes -------------------------------------------- */

/* The line boundaries of str.splitlines() ("\r\n" is handled by the caller). */
static bool py_line_break(int32_t c)
{
    switch (c) {
    case '\n': case '\r': case 0x0B: case 0x0C: case 0x1C: case 0x1D: case 0x1E:
    case 0x85: case 0x2028: case 0x2029:
        return true;
    default:
        return false;
    }
}

static bool in_ranges(int32_t c, const struct cp_range *ranges, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if ((uint32_t)c < ranges[mid].first) hi = mid;
        else if ((uint32_t)c > ranges[mid].last) lo = mid + 1;
        else return true;
    }
    return false;
}

static bool py_is_cased(int32_t c)
{
    if (wb_utf8_is_cased_letter(c)) return true;
    return in_ranges(c, other_cased, COUNT(other_cased));
}

static bool py_is_case_ignorable(int32_t c)
{
    if (wb_utf8_has_case_ignorable_category(c)) return true;
    for (size_t i = 0; i < COUNT(other_case_ignorable); i++)
        if ((uint32_t)c == other_case_ignorable[i]) return true;
    return false;
}

/* ---- Python case mapping --------------------------------------------------- */

enum case_kind { CASE_LOWER, CASE_UPPER, CASE_TITLE };

/* Python's full mapping of one code point (without the sigma rule); returns
 * how many code points it wrote to out. */
static int full_case(int32_t c, enum case_kind kind, int32_t out[3])
{
    const struct special_case *table;
    size_t n;
    switch (kind) {
    case CASE_LOWER: table = special_lower; n = COUNT(special_lower); break;
    case CASE_UPPER: table = special_upper; n = COUNT(special_upper); break;
    default: table = special_title; n = COUNT(special_title); break;
    }
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if ((uint32_t)c < table[mid].cp) hi = mid;
        else if ((uint32_t)c > table[mid].cp) lo = mid + 1;
        else {
            int k = 0;
            while (k < 3 && table[mid].map[k]) {
                out[k] = (int32_t)table[mid].map[k];
                k++;
            }
            return k;
        }
    }
    out[0] = kind == CASE_LOWER ? wb_utf8_to_lower(c)
           : kind == CASE_UPPER ? wb_utf8_to_upper(c) : wb_utf8_to_title(c);
    return 1;
}

/* Capital sigma lowers to final sigma when a cased letter precedes it and
 * none follows, skipping case-ignorable code points either way. */
static int32_t lower_sigma(const int32_t *cps, size_t n, size_t i)
{
    size_t j = i;
    while (j > 0 && py_is_case_ignorable(cps[j - 1])) j--;
    if (j == 0 || !py_is_cased(cps[j - 1])) return 0x3C3;
    j = i + 1;
    while (j < n && py_is_case_ignorable(cps[j])) j++;
    return j < n && py_is_cased(cps[j]) ? 0x3C3 : 0x3C2;
}

static void put_case(buf *b, const int32_t *cps, size_t n, size_t i, enum case_kind kind)
{
    if (kind == CASE_LOWER && cps[i] == 0x3A3) {
        buf_put_utf8(b, (uint32_t)lower_sigma(cps, n, i));
        return;
    }
    int32_t m[3];
    int k = full_case(cps[i], kind, m);
    for (int j = 0; j < k; j++) buf_put_utf8(b, (uint32_t)m[j]);
}

/* str.lower() / str.upper() of s into b. */
static int py_case(wr *r, buf *b, const char *s, size_t len, enum case_kind kind)
{
    if (all_ascii(s, len)) {
        if (!buf_reserve(b, len)) return 0;
        for (size_t i = 0; i < len; i++) {
            char c = s[i];
            if (kind == CASE_LOWER && c >= 'A' && c <= 'Z') c = (char)(c + 32);
            if (kind == CASE_UPPER && c >= 'a' && c <= 'z') c = (char)(c - 32);
            buf_putc(b, c);
        }
        return 0;
    }
    int32_t *cps;
    size_t n;
    if (decode_all(r, s, len, &cps, &n) < 0) return -1;
    for (size_t i = 0; i < n; i++) put_case(b, cps, n, i, kind);
    return 0;
}

/* ---- shared steps ---------------------------------------------------------- */

/* @stringfilter: str() of the input. */
static int input_str(wr *r, const weft_value *val, weft_value *s)
{
    if (val->kind == WEFT_STRING) { /* str() of a str is itself */
        *s = *val;
        return 0;
    }
    return wr_str(r, val, s);
}

static int finish(wr *r, buf *b, bool safe, weft_value *val)
{
    return wr_buf_value(r, b, safe, val);
}

/* ---- the filters ----------------------------------------------------------- */

static int f_addslashes(wr *r, weft_value *val, const weft_value *arg)
{
    weft_value s;
    if (input_str(r, val, &s) < 0) return -1;
    buf b;
    wr_buf(r, &b);
    for (size_t i = 0; i < s.len; i++) {
        char c = s.u.s[i];
        if (c == '\\' || c == '"' || c == '\'') buf_putc(&b, '\\');
        buf_putc(&b, c);
    }
    return finish(r, &b, false, val);
}

static int f_capfirst(wr *r, weft_value *val, const weft_value *arg)
{
    weft_value s;
    if (input_str(r, val, &s) < 0) return -1;
    if (s.len == 0) {
        *val = wv_str("", 0, false);
        return 0;
    }
    size_t i = 0;
    int32_t cps[1] = {next_cp(s.u.s, s.len, &i)};
    buf b;
    wr_buf(r, &b);
    put_case(&b, cps, 1, 0, CASE_UPPER);
    buf_put(&b, s.u.s + i, s.len - i);
    return finish(r, &b, false, val);
}

/* center, ljust and rjust: str.center(width) and friends. */
enum justify { JUSTIFY_LEFT, JUSTIFY_RIGHT, JUSTIFY_CENTER };

static int justify(wr *r, weft_value *val, const weft_value *arg, enum justify how)
{
    weft_value s;
    if (input_str(r, val, &s) < 0) return -1;
    int64_t width;
    wpy_status st = wpy_int64(wr_arena(r), arg, &width);
    if (st) return wf_fail_int(r, st, arg, false);
    int64_t len = (int64_t)wv_count_code_points(s.u.s, s.len);
    if (width <= len) {
        *val = wv_str(s.u.s, s.len, false);
        return 0;
    }
    int64_t pad = width - len;
    if (pad > MAX_PAD) return wr_oom(r);
    int64_t left;
    switch (how) {
    case JUSTIFY_LEFT: left = 0; break;
    case JUSTIFY_RIGHT: left = pad; break;
    default: left = pad / 2 + (pad & width & 1); break; /* CPython's rule */
    }
    buf b;
    wr_buf(r, &b);
    if (!buf_reserve(&b, s.len + (size_t)pad)) return wr_oom(r);
    for (int64_t k = 0; k < left; k++) buf_putc(&b, ' ');
    buf_put(&b, s.u.s, s.len);
    for (int64_t k = left; k < pad; k++) buf_putc(&b, ' ');
    return finish(r, &b, false, val);
}

static int f_center(wr *r, weft_value *val, const weft_value *arg) { return justify(r, val, arg, JUSTIFY_CENTER); }
static int f_ljust(wr *r, weft_value *val, const weft_value *arg) { return justify(r, val, arg, JUSTIFY_LEFT); }
static int f_rjust(wr *r, weft_value *val, const weft_value *arg) { return justify(r, val, arg, JUSTIFY_RIGHT); }

static int f_cut(wr *r, weft_value *val, const weft_value *arg)
{
    weft_value s;
    if (input_str(r, val, &s) < 0) return -1;
    if (arg->kind != WEFT_STRING)
        return wr_fail(r, WEFT_ERROR_TYPE, "replace() argument 1 must be str, not %s", wv_type_name(arg));
    /* Removing ";" could break an entity of a safe string, so Django lets
     * safety survive every cut but that one. */
    bool safe = wv_is_safe(&s) && !(arg->len == 1 && arg->u.s[0] == ';');
    if (arg->len == 0) {
        *val = wv_str(s.u.s, s.len, safe);
        return 0;
    }
    buf b;
    wr_buf(r, &b);
    size_t i = 0;
    while (i < s.len) {
        if (s.len - i >= arg->len && memcmp(s.u.s + i, arg->u.s, arg->len) == 0) {
            i += arg->len;
        } else {
            buf_putc(&b, s.u.s[i]);
            i++;
        }
    }
    return finish(r, &b, safe, val);
}

/* django.utils.html.escapejs. */
static int f_escapejs(wr *r, weft_value *val, const weft_value *arg)
{
    weft_value s;
    if (input_str(r, val, &s) < 0) return -1;
    buf b;
    wr_buf(r, &b);
    for (size_t i = 0; i < s.len;) {
        size_t start = i;
        int32_t c = next_cp(s.u.s, s.len, &i);
        if (c < 32 || c == 0x2028 || c == 0x2029 || (c < 0x80 && strchr("\\'\"><&=-;`", (int)c)))
            buf_printf(&b, "\\u%04X", (unsigned)c);
        else
            buf_put(&b, s.u.s + start, i - start);
    }
    return finish(r, &b, true, val);
}

/* urllib.parse.quote(s, safe): UTF-8 bytes outside the always-safe set and
 * the ASCII characters of `safe` become %XX. */
static void put_quoted(buf *b, const char *s, size_t len, const char *safe, size_t safe_len)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-' || c == '~' ||
                    (c < 0x80 && c != 0 && memchr(safe, c, safe_len));
        if (keep) {
            buf_putc(b, (char)c);
        } else {
            char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
            buf_put(b, esc, 3);
        }
    }
}

static int f_iriencode(wr *r, weft_value *val, const weft_value *arg)
{
    static const char iri_safe[] = "/#%[]=:;$&()+,!?*@'~";
    weft_value s;
    if (input_str(r, val, &s) < 0) return -1;
    buf b;
    wr_buf(r, &b);
    put_quoted(&b, s.u.s, s.len, iri_safe, sizeof iri_safe - 1);
    return finish(r, &b, false, val);
}

static int f_urlencode(wr *r, weft_value *val, const weft_value *arg)
{
    weft_value s;
    if (input_str(r, val, &s) < 0) return -1;
    const char *safe = "/";
    size_t safe_len = 1;
    if (arg && arg->kind != WEFT_NULL) {
        if (arg->kind != WEFT_STRING) {
            if (s.len == 0) { /* quote('') returns before looking at safe */
                *val = wv_str("", 0, false);
                return 0;
            }
            return wr_fail(r, WEFT_ERROR_TYPE, "'%s' object is not iterable", wv_type_name(arg));
        }
        safe = arg->u.s;
        safe_len = arg->len;
    }
    buf b;
    wr_buf(r, &b);
    put_quoted(&b, s.u.s, s.len, safe, safe_len);
    return finish(r, &b, false, val);
}

static int f_linenumbers(wr *r, weft_value *val, const weft_value *arg)
{
    weft_value s;
    if (input_str(r, val, &s) < 0) return -1;
    bool escape = wr_autoescape(r) && !wv_is_safe(&s);
    size_t lines = 1;
    for (size_t i = 0; i < s.len; i++)
        if (s.u.s[i] == '\n') lines++;
    int width = snprintf(NULL, 0, "%zu", lines);
    buf b;
    wr_buf(r, &b);
    size_t start = 0, number = 1;
    for (;;) {
        const char *nl = memchr(s.u.s + start, '\n', s.len - start);
        size_t end = nl ? (size_t)(nl - s.u.s) : s.len;
        buf_printf(&b, "%0*zu. ", width, number++);
        if (escape) buf_put_escaped(&b, s.u.s + start, end - start);
        else buf_put(&b, s.u.s + start, end - start);
        if (!nl) break;
        buf_putc(&b, '\n');
        start = end + 1;
    }
    return finish(r, &b, true, val);
}

static int f_lower(wr *r, weft_value *val, const weft_value *arg)
{
    weft_value s;
    if (input_str(r, val, &s) < 0) return -1;
    buf b;
    wr_buf(r, &b);
    if (py_case(r, &b, s.u.s, s.len, CASE_LOWER) < 0) return -1;
    return finish(r, &b, false, val);
}

static int f_upper(wr *r, weft_value *val, const weft_value *arg)
{
    weft_value s;
    if (input_str(r, val, &s) < 0) return -1;
    buf b;
    wr_buf(r, &b);
    if (py_case(r, &b, s.u.s, s.len, CASE_UPPER) < 0) return -1;
    return finish(r, &b, false, val);
}

static int f_make_list(wr *r, weft_value *val, const weft_value *arg)
{
    weft_value s;
    if (input_str(r, val, &s) < 0) return -1;
    arena *a = wr_arena(r);
    wv_list *list = wv_list_new(a, (uint32_t)wv_count_code_points(s.u.s, s.len));
    if (!list) return wr_oom(r);
    for (size_t i = 0; i < s.len;) {
        size_t start = i;
        next_cp(s.u.s, s.len, &i);
        weft_value item = wv_str(s.u.s + start, i - start, false);
        if (!wv_list_push(a, list, &item)) return wr_oom(r);
    }
    *val = wv_list_value(list, false);
    return 0;
}

/* Not a @stringfilter: Django calls .lower() on the value itself. */
static int f_phone2numeric(wr *r, weft_value *val, const weft_value *arg)
{
    static const char digits[] = "22233344455566677778889999";
    weft_value s;
    if (val->kind == WEFT_STRING || val->kind == WEFT_HOST) {
        if (input_str(r, val, &s) < 0) return -1;
    } else {
        return wr_fail(r, WEFT_ERROR_ATTRIBUTE, "'%s' object has no attribute 'lower'", wv_type_name(val));
    }
    buf lowered;
    wr_buf(r, &lowered);
    if (py_case(r, &lowered, s.u.s, s.len, CASE_LOWER) < 0) return -1;
    if (lowered.oom) return wr_oom(r);
    for (size_t i = 0; i < lowered.len; i++) {
        char c = lowered.data[i];
        if (c >= 'a' && c <= 'z') lowered.data[i] = digits[c - 'a'];
    }
    return finish(r, &lowered, false, val);
}

/* django.utils.text.slugify without allow_unicode: NFKD, drop what is not
 * ASCII, lower, keep [\w\s-], collapse runs of [-\s] into "-", strip "-_". */
static bool ascii_space(int c) { return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20); }

static int f_slugify(wr *r, weft_value *val, const weft_value *arg)
{
    weft_value s;
    if (input_str(r, val, &s) < 0) return -1;
    buf b;
    wr_buf(r, &b);
    bool in_dash_run = false;
    for (size_t i = 0; i < s.len;) {
        int32_t c = next_cp(s.u.s, s.len, &i);
        int32_t parts[32];
        size_t n = 1;
        if (c < 0x80) {
            parts[0] = c;
        } else {
            /* Compatibility decomposition; the order of the non-ASCII marks
             * that canonical reordering would fix does not matter, they go. */
            n = wb_utf8_nfkd_char(c, parts, COUNT(parts));
        }
        for (size_t k = 0; k < n; k++) {
            int ch = parts[k];
            if (ch >= 0x80) continue;
            if (ch >= 'A' && ch <= 'Z') ch += 32;
            if (ch == '-' || ascii_space(ch)) {
                in_dash_run = true;
            } else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_') {
                if (in_dash_run) buf_putc(&b, '-');
                in_dash_run = false;
                buf_putc(&b, (char)ch);
            }
            /* Anything else is removed without ending a run of dashes. */
        }
    }
    if (in_dash_run) buf_putc(&b, '-');
    if (b.oom) return wr_oom(r);
    /* strip("-_") at both ends. */
    size_t start = 0, end = b.len;
    while (start < end && (b.data[start] == '-' || b.data[start] == '_')) start++;
    while (end > start && (b.data[end - 1] == '-' || b.data[end - 1] == '_')) end--;
    *val = wv_str(end > start ? b.data + start : "", end - start, false);
    return 0;
}

/* str.title(), then Django's fixes: a letter after "x'" and an ASCII capital
 * after a digit go back to lower case ("Joe's", "53rd"). */
static int f_title(wr *r, weft_value *val, const weft_value *arg)
{
    weft_value s;
    if (input_str(r, val, &s) < 0) return -1;
    int32_t *cps;
    size_t n;
    if (decode_all(r, s.u.s, s.len, &cps, &n) < 0) return -1;
    /* Title-case into a second code point array (at most 3 per input). */
    int32_t *t = arena_alloc(wr_arena(r), (3 * n + 1) * sizeof *t);
    if (!t) return wr_oom(r);
    size_t m = 0;
    bool previous_cased = false;
    for (size_t i = 0; i < n; i++) {
        int32_t c = cps[i];
        if (previous_cased && c == 0x3A3) {
            t[m++] = lower_sigma(cps, n, i);
        } else {
            int k = full_case(c, previous_cased ? CASE_LOWER : CASE_TITLE, t + m);
            m += (size_t)k;
        }
        previous_cased = py_is_cased(c);
    }
    /* re.sub("([a-z])'([A-Z])", lower) scans left to right without overlap. */
    for (size_t i = 0; i + 2 < m;) {
        if (t[i] >= 'a' && t[i] <= 'z' && t[i + 1] == '\'' && t[i + 2] >= 'A' && t[i + 2] <= 'Z') {
            t[i + 2] += 32;
            i += 3;
        } else {
            i++;
        }
    }
    /* re.sub(r"\d([A-Z])", lower): \d is any Unicode decimal digit. */
    for (size_t i = 0; i + 1 < m; i++)
        if (t[i + 1] >= 'A' && t[i + 1] <= 'Z' && wb_utf8_is_decimal(t[i])) t[i + 1] += 32;
    buf b;
    wr_buf(r, &b);
    for (size_t i = 0; i < m; i++) buf_put_utf8(&b, (uint32_t)t[i]);
    return finish(r, &b, false, val);
}

/* Truncator.add_truncation_text: a "%(truncated_text)s" template is filled
 * in, any other text is appended unless the text already ends with it. */
static void add_truncation_text(buf *out, const char *text, size_t len, const char *trunc, size_t tlen)
{
    static const char placeholder[] = "%(truncated_text)s";
    const size_t plen = sizeof placeholder - 1;
    bool templated = false;
    for (size_t i = 0; i + plen <= tlen; i++)
        if (memcmp(trunc + i, placeholder, plen) == 0) templated = true;
    if (!templated) {
        buf_put(out, text, len);
        if (!(len >= tlen && memcmp(text + len - tlen, trunc, tlen) == 0)) buf_put(out, trunc, tlen);
        return;
    }
    for (size_t i = 0; i < tlen;) {
        if (i + plen <= tlen && memcmp(trunc + i, placeholder, plen) == 0) {
            buf_put(out, text, len);
            i += plen;
        } else if (i + 1 < tlen && trunc[i] == '%' && trunc[i + 1] == '%') {
            buf_putc(out, '%');
            i += 2;
        } else {
            buf_putc(out, trunc[i++]);
        }
    }
}

/* unicodedata.normalize("NFC", s), in the render arena. (Text below
 * U+0300 is already in NFC: nothing there composes or has a singleton
 * decomposition. truncatechars keeps such text from coming here.) */
static int nfc(wr *r, const weft_value *s, weft_value *out)
{
    *out = *s;
    buf b;
    wr_buf(r, &b);
    int rc = wb_utf8_put_nfc(&b, wr_arena(r), s->u.s, s->len);
    if (rc < 0) return wr_oom(r);
    if (rc == 0) return 0; /* malformed UTF-8: leave the text alone */
    return wr_buf_value(r, &b, false, out);
}

/* The truncation text of the render's language, analysed once per render
 * (per catalog) instead of at every call. */
typedef struct truncation {
    const char *text; /* pgettext("String to return when truncating text", ...) */
    size_t len;
    /* The visible characters of the truncation text alone (what
     * add_truncation_text("") gives): Django keeps that much room for it. */
    int64_t visible;
    enum {
        TRUNC_APPEND,  /* no placeholder: appended unless the text ends with it */
        TRUNC_AROUND,  /* one placeholder and no other '%': text[0, before) kept text[after, len) */
        TRUNC_GENERAL, /* anything else: add_truncation_text at each call */
    } form;
    size_t before, after;
} truncation;

static int analyse_truncation(wr *r, void *storage)
{
    static const char placeholder[] = "%(truncated_text)s";
    const size_t plen = sizeof placeholder - 1;
    truncation *t = storage;
    t->text = wd_pgettext(r, "String to return when truncating text", "%(truncated_text)s…", &t->len);
    size_t placeholders = 0, percents = 0;
    for (size_t i = 0; i < t->len; i++) {
        if (t->text[i] != '%') continue;
        if (i + plen <= t->len && memcmp(t->text + i, placeholder, plen) == 0) {
            if (!placeholders++) t->before = i;
            i += plen - 1;
        } else {
            percents++;
        }
    }
    t->after = t->before + plen;
    t->form = !placeholders ? TRUNC_APPEND
              : placeholders == 1 && !percents ? TRUNC_AROUND
                                               : TRUNC_GENERAL;
    buf alone;
    wr_buf(r, &alone);
    add_truncation_text(&alone, "", 0, t->text, t->len);
    if (alone.oom) return wr_oom(r);
    t->visible = 0;
    for (size_t i = 0; i < alone.len;)
        if (!wb_utf8_is_combining(next_cp(alone.data, alone.len, &i))) t->visible++;
    return 0;
}

/* UTF-8 eight bytes at a time: bit 7 of each byte of these masks stands
 * for that byte; bytes are numbered from the lowest. */
#define HIGH_BITS 0x8080808080808080ull

static uint64_t load_word(const char *s)
{
    uint64_t w;
    memcpy(&w, s, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

/* The bytes of 0xCC and above: the lead bytes of U+0300 and up, where the
 * combining marks start and NFC can change the text. (b & 0x7F) + 0x34
 * reaches bit 7 exactly when b & 0x7F >= 0x4C, and never carries into the
 * next byte. */
static uint64_t marks_from_u0300(uint64_t w)
{
    return ((w & ~HIGH_BITS) + 0x3434343434343434ull) & w & HIGH_BITS;
}

/* The bytes that start a character: all but the continuation bytes
 * 10xxxxxx (bit 7 set, bit 6, shifted up into bit 7, clear). */
static uint64_t character_starts(uint64_t w) { return (~w | (w << 1)) & HIGH_BITS; }

static unsigned count_marked(uint64_t marks) { return (unsigned)(((marks >> 7) * 0x0101010101010101ull) >> 56); }

/* The byte number of the marked byte that has k marked bytes before it. */
static unsigned nth_marked(uint64_t marks, unsigned k)
{
    while (k--) marks &= marks - 1;
    return (unsigned)__builtin_ctzll(marks) >> 3;
}

enum { CUT_KEEP, CUT_TRUNCATE, CUT_NOT_SIMPLE };

/* Truncator.chars on text below U+0300, where every code point is a
 * visible character and the text is already in NFC: counts character
 * starts a word at a time. CUT_TRUNCATE when there are more than length
 * characters, with *cut the byte where character number room (from 0)
 * starts; CUT_KEEP when the text fits; CUT_NOT_SIMPLE when some code
 * point is U+0300 or above (the caller decodes). room <= length. */
static int cut_simple(const char *s, size_t len, int64_t length, int64_t room, size_t *cut)
{
    int64_t seen = 0; /* characters started before i */
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w = load_word(s + i);
        if (!(w & HIGH_BITS)) { /* ASCII */
            if (seen + 8 > room && seen <= room) *cut = i + (size_t)(room - seen);
            seen += 8;
        } else {
            if (marks_from_u0300(w)) return CUT_NOT_SIMPLE;
            uint64_t starts = character_starts(w);
            int64_t c = count_marked(starts);
            if (seen + c > room && seen <= room) *cut = i + nth_marked(starts, (unsigned)(room - seen));
            seen += c;
        }
        if (seen > length) {
            i += 8;
            goto rest;
        }
    }
    for (; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0xCC) return CUT_NOT_SIMPLE;
        if ((ch & 0xC0) == 0x80) continue;
        if (seen == room) *cut = i;
        if (++seen > length) {
            i++;
            goto rest;
        }
    }
    return CUT_KEEP;
rest:
    /* Truncated; the rest must still be below U+0300 for the text to be
     * in NFC. The last word may overlap bytes already seen. */
    if (len >= 8) {
        for (; i + 8 <= len; i += 8)
            if (marks_from_u0300(load_word(s + i))) return CUT_NOT_SIMPLE;
        return i < len && marks_from_u0300(load_word(s + len - 8)) ? CUT_NOT_SIMPLE : CUT_TRUNCATE;
    }
    for (; i < len; i++)
        if ((unsigned char)s[i] >= 0xCC) return CUT_NOT_SIMPLE;
    return CUT_TRUNCATE;
}

/* Truncator.chars on any text (already in NFC): combining characters do
 * not count. */
static int cut_general(const char *s, size_t len, int64_t length, int64_t room, size_t *cut)
{
    int64_t seen = 0;
    for (size_t i = 0; i < len;) {
        size_t start = i;
        if (wb_utf8_is_combining(next_cp(s, len, &i))) continue;
        if (seen == room) *cut = start;
        if (++seen > length) return CUT_TRUNCATE;
    }
    return CUT_KEEP;
}

static int f_truncatechars(wr *r, weft_value *val, const weft_value *arg)
{
    weft_value s;
    if (input_str(r, val, &s) < 0) return -1;
    int64_t length;
    wpy_status st = arg->kind == WEFT_INT ? (length = arg->u.i, WPY_OK) : wpy_int64(wr_arena(r), arg, &length);
    if (st == WPY_VALUE_ERROR) { /* Django fails silently here */
        *val = wv_str(s.u.s, s.len, false);
        return 0;
    }
    if (st) return wf_fail_int(r, st, arg, false);
    if (length <= 0) {
        *val = wv_str("", 0, false);
        return 0;
    }
    const truncation *t = wd_i18n_memo(r, WD_MEMO_TRUNCATION, sizeof *t, analyse_truncation);
    if (!t) return -1;
    /* The kept text ends where its (room + 1)th visible character starts. */
    int64_t room = length > t->visible ? length - t->visible : 0;
    weft_value text = s;
    size_t cut = 0;
    int how = cut_simple(s.u.s, s.len, length, room, &cut);
    if (how == CUT_NOT_SIMPLE) {
        if (nfc(r, &s, &text) < 0) return -1;
        how = cut_general(text.u.s, text.len, length, room, &cut);
    }
    if (how == CUT_KEEP) {
        *val = wv_str(text.u.s, text.len, false);
        return 0;
    }
    if (t->form == TRUNC_GENERAL) {
        buf b;
        wr_buf(r, &b);
        add_truncation_text(&b, text.u.s, cut, t->text, t->len);
        return finish(r, &b, false, val);
    }
    /* One piece of arena for the result, written directly. */
    size_t before = 0, after = t->len;
    if (t->form == TRUNC_AROUND) {
        before = t->before;
        after = t->after;
    } else if (cut >= t->len && memcmp(text.u.s + cut - t->len, t->text, t->len) == 0) {
        after = t->len; /* already ends with the truncation text */
    } else {
        after = 0;
    }
    size_t n = before + cut + (t->len - after);
    char *out = arena_alloc(wr_arena(r), n ? n : 1);
    if (!out) return wr_oom(r);
    if (before) memcpy(out, t->text, before);
    memcpy(out + before, text.u.s, cut);
    memcpy(out + before + cut, t->text + after, t->len - after);
    *val = wv_str(out, n, false);
    return 0;
}

/* Python's str.split(): the next run of non-whitespace from *i. */
static bool next_word(const char *s, size_t len, size_t *i, size_t *start, size_t *end)
{
    size_t p = *i;
    while (p < len) {
        size_t q = p;
        if (!wb_utf8_is_space(next_cp(s, len, &q))) break;
        p = q;
    }
    if (p >= len) {
        *i = len;
        return false;
    }
    *start = p;
    while (p < len) {
        size_t q = p;
        if (wb_utf8_is_space(next_cp(s, len, &q))) break;
        p = q;
    }
    *end = p;
    *i = p;
    return true;
}

static int f_truncatewords(wr *r, weft_value *val, const weft_value *arg)
{
    static const char ellipsis[] = " …";
    weft_value s;
    if (input_str(r, val, &s) < 0) return -1;
    int64_t length;
    wpy_status st = wpy_int64(wr_arena(r), arg, &length);
    if (st == WPY_VALUE_ERROR) {
        *val = wv_str(s.u.s, s.len, false);
        return 0;
    }
    if (st) return wf_fail_int(r, st, arg, false);
    if (length <= 0) {
        *val = wv_str("", 0, false);
        return 0;
    }
    buf b;
    wr_buf(r, &b);
    size_t i = 0, start, end;
    int64_t words = 0;
    bool truncated = false;
    while (next_word(s.u.s, s.len, &i, &start, &end)) {
        if (words == length) {
            truncated = true;
            break;
        }
        if (words++) buf_putc(&b, ' ');
        buf_put(&b, s.u.s + start, end - start);
    }
    if (truncated && !(b.len >= sizeof ellipsis - 1 &&
                       memcmp(b.data + b.len - (sizeof ellipsis - 1), ellipsis, sizeof ellipsis - 1) == 0))
        buf_put(&b, ellipsis, sizeof ellipsis - 1);
    return finish(r, &b, false, val);
}

static int f_wordcount(wr *r, weft_value *val, const weft_value *arg)
{
    weft_value s;
    if (input_str(r, val, &s) < 0) return -1;
    size_t i = 0, start, end;
    int64_t words = 0;
    while (next_word(s.u.s, s.len, &i, &start, &end)) words++;
    *val = wv_int(words);
    return 0;
}

/* ---- wordwrap: django.utils.text.wrap over textwrap.TextWrapper ----------- */

/* A chunk of a line as TextWrapper splits it: a run of spaces or a run of
 * anything else. */
typedef struct chunk {
    const char *s;
    size_t len;   /* bytes */
    int64_t cps;  /* code points, Python's len() */
    bool blank;   /* chunk.strip() == "" */
} chunk;

/* Python's str.expandtabs(8) of one line. */
static void expand_tabs(buf *out, const char *s, size_t len)
{
    size_t column = 0;
    for (size_t i = 0; i < len;) {
        size_t start = i;
        int32_t c = next_cp(s, len, &i);
        if (c == '\t') {
            size_t spaces = 8 - column % 8;
            for (size_t k = 0; k < spaces; k++) buf_putc(out, ' ');
            column += spaces;
        } else {
            buf_put(out, s + start, i - start);
            column++;
        }
    }
}

static bool all_py_space(const char *s, size_t len)
{
    for (size_t i = 0; i < len;)
        if (!wb_utf8_is_space(next_cp(s, len, &i))) return false;
    return true;
}

/* Appends TextWrapper(width, break_long_words=False, break_on_hyphens=False,
 * replace_whitespace=False).wrap(line) joined by "\n" to out, or the line
 * itself when wrap() gives no lines. */
static int wrap_line(wr *r, buf *out, const char *line, size_t line_len, int64_t width)
{
    buf expanded;
    wr_buf(r, &expanded);
    expand_tabs(&expanded, line, line_len);
    if (expanded.oom) return wr_oom(r);
    const char *s = expanded.data ? expanded.data : "";
    size_t len = expanded.len;

    /* Split into chunks on runs of the ASCII whitespace textwrap knows
     * (only spaces remain once tabs are expanded and lines are split). */
    chunk *chunks = arena_alloc(wr_arena(r), (len + 1) * sizeof *chunks);
    if (!chunks) return wr_oom(r);
    size_t nchunks = 0;
    for (size_t i = 0; i < len;) {
        bool space = s[i] == ' ';
        size_t start = i;
        int64_t cps = 0;
        while (i < len && (s[i] == ' ') == space) {
            next_cp(s, len, &i);
            cps++;
        }
        chunks[nchunks++] = (chunk){s + start, i - start, cps, space || all_py_space(s + start, i - start)};
    }

    size_t next = 0, lines = 0;
    while (next < nchunks) {
        /* A line after the first does not start with whitespace. */
        if (lines && chunks[next].blank) next++;
        size_t first = next;
        int64_t cur = 0;
        while (next < nchunks && cur + chunks[next].cps <= width) cur += chunks[next++].cps;
        /* A word longer than any line goes on a line of its own, unbroken. */
        if (next == first && next < nchunks && chunks[next].cps > width) next++;
        size_t last = next;
        if (last > first && chunks[last - 1].blank) last--;
        if (last > first) {
            if (lines++) buf_putc(out, '\n');
            for (size_t k = first; k < last; k++) buf_put(out, chunks[k].s, chunks[k].len);
        }
    }
    if (!lines) buf_put(out, line, line_len);
    return 0;
}

static int f_wordwrap(wr *r, weft_value *val, const weft_value *arg)
{
    weft_value s;
    if (input_str(r, val, &s) < 0) return -1;
    int64_t width;
    wpy_status st = wpy_int64(wr_arena(r), arg, &width);
    if (st) return wf_fail_int(r, st, arg, false);
    buf b;
    wr_buf(r, &b);
    size_t i = 0;
    bool first = true;
    while (i < s.len) {
        /* str.splitlines(): the next line and its terminator. */
        size_t start = i, end = i;
        int32_t c = 0;
        while (i < s.len) {
            end = i;
            c = next_cp(s.u.s, s.len, &i);
            if (py_line_break(c)) break;
            end = i;
        }
        if (c == '\r' && i < s.len && s.u.s[i] == '\n') i++;
        if (width <= 0)
            return wr_fail(r, WEFT_ERROR_VALUE, "invalid width %lld (must be > 0)", (long long)width);
        if (!first) buf_putc(&b, '\n');
        first = false;
        if (wrap_line(r, &b, s.u.s + start, end - start, width) < 0) return -1;
    }
    if (s.len && s.u.s[s.len - 1] == '\n') buf_putc(&b, '\n');
    return finish(r, &b, false, val);
}

const wf_def wd_filters_text[] = {
    {"addslashes", f_addslashes, WF_ARG_NONE, WF_IS_SAFE},
    {"capfirst", f_capfirst, WF_ARG_NONE, WF_IS_SAFE},
    {"center", f_center, WF_ARG_REQUIRED, WF_IS_SAFE},
    {"cut", f_cut, WF_ARG_REQUIRED, 0},
    {"escapejs", f_escapejs, WF_ARG_NONE, 0},
    {"iriencode", f_iriencode, WF_ARG_NONE, WF_IS_SAFE},
    {"linenumbers", f_linenumbers, WF_ARG_NONE, WF_IS_SAFE | WF_NEEDS_AUTOESCAPE},
    {"ljust", f_ljust, WF_ARG_REQUIRED, WF_IS_SAFE},
    {"lower", f_lower, WF_ARG_NONE, WF_IS_SAFE},
    {"make_list", f_make_list, WF_ARG_NONE, 0},
    {"phone2numeric", f_phone2numeric, WF_ARG_NONE, WF_IS_SAFE},
    {"rjust", f_rjust, WF_ARG_REQUIRED, WF_IS_SAFE},
    {"slugify", f_slugify, WF_ARG_NONE, WF_IS_SAFE},
    {"title", f_title, WF_ARG_NONE, WF_IS_SAFE},
    {"truncatechars", f_truncatechars, WF_ARG_REQUIRED, WF_IS_SAFE},
    {"truncatewords", f_truncatewords, WF_ARG_REQUIRED, WF_IS_SAFE},
    {"upper", f_upper, WF_ARG_NONE, 0},
    {"urlencode", f_urlencode, WF_ARG_OPTIONAL, 0},
    {"wordcount", f_wordcount, WF_ARG_NONE, 0},
    {"wordwrap", f_wordwrap, WF_ARG_REQUIRED, WF_IS_SAFE},
    {NULL, NULL, 0, 0},
};
