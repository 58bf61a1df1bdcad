/* truncatechars_html and truncatewords_html: Django 5.2's Truncator with
 * html=True, which runs an HTMLParser over the text, copies tags through,
 * counts only text, and closes the tags still open where it cuts.
 *
 * Like Django's, the parser is fed the text once and then reset: a tag or
 * a character reference left unfinished at the very end is dropped, and
 * comments, doctypes and processing instructions never reach the output. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "filter_int.h"
#include "filters_html.h"
#include "html_util.h"

int fh_int_arg(wr *r, const weft_value *arg, int64_t *out)
{
    wpy_status st = wpy_int64(wr_arena(r), arg, out);
    if (st == WPY_OK) return 1;
    if (st == WPY_VALUE_ERROR) return 0;
    return wf_fail_int(r, st, arg, false);
}

/* ------------------------------------------------------------------ */

static bool is_void_element(const char *t, size_t n)
{
    static const char *const voids[] = {"area", "base", "br", "col", "embed", "hr", "img",
                                        "input", "link", "meta", "param", "source", "track",
                                        "wbr", "frame", "spacer"};
    for (size_t i = 0; i < sizeof voids / sizeof voids[0]; i++)
        if (strlen(voids[i]) == n && memcmp(voids[i], t, n) == 0) return true;
    return false;
}

typedef struct open_tag {
    const char *name;
    size_t len;
} open_tag;

typedef struct truncator {
    wr *r;
    buf out;
    size_t out_chars;    /* len() of the output so far */
    size_t raw_chars;    /* len() of the whole input */
    open_tag *tags;      /* the open tags, most recent last */
    size_t ntags, cap;
    int64_t remaining;
    bool words;
    int64_t length;      /* chars: the length asked for */
    int64_t processed;   /* chars: text seen so far */
    const char *replacement; /* NULL: the translated "%(truncated_text)s…" */
    size_t replacement_len;
    bool oom;
} truncator;

static void put_out(truncator *t, const char *s, size_t len)
{
    buf_put(&t->out, s, len);
    t->out_chars += hu_count(s, len);
}

/* add_truncation_text(text, replacement) appended to the output. */
static void put_truncated(truncator *t, const char *text, size_t len)
{
    const char *rep = t->replacement;
    size_t rlen = t->replacement_len;
    static const char placeholder[] = "%(truncated_text)s";
    const size_t plen = sizeof placeholder - 1;
    const char *hole = NULL;
    for (size_t i = 0; i + plen <= rlen && !hole; i++)
        if (memcmp(rep + i, placeholder, plen) == 0) hole = rep + i;
    if (hole) {
        put_out(t, rep, (size_t)(hole - rep));
        put_out(t, text, len);
        put_out(t, hole + plen, rlen - (size_t)(hole - rep) - plen);
        return;
    }
    put_out(t, text, len);
    if (len >= rlen && memcmp(text + len - rlen, rep, rlen) == 0) return;
    put_out(t, rep, rlen);
}

static int tr_starttag(void *ctx, const char *tag, size_t n, const char *text, size_t text_len)
{
    truncator *t = ctx;
    put_out(t, text, text_len);
    if (is_void_element(tag, n)) return 0;
    if (t->ntags == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 8;
        open_tag *p = arena_realloc(wr_arena(t->r), t->tags, t->cap * sizeof *p, cap * sizeof *p);
        if (!p) {
            t->oom = true;
            return 1;
        }
        t->tags = p;
        t->cap = cap;
    }
    char *name = arena_strndup(wr_arena(t->r), tag, n);
    if (!name) {
        t->oom = true;
        return 1;
    }
    t->tags[t->ntags++] = (open_tag){name, n};
    return 0;
}

static int tr_endtag(void *ctx, const char *tag, size_t n)
{
    truncator *t = ctx;
    if (is_void_element(tag, n)) return 0;
    put_out(t, "</", 2);
    put_out(t, tag, n);
    put_out(t, ">", 1);
    /* deque.remove(): the most recently opened tag of that name */
    for (size_t i = t->ntags; i > 0; i--) {
        if (t->tags[i - 1].len == n && memcmp(t->tags[i - 1].name, tag, n) == 0) {
            memmove(&t->tags[i - 1], &t->tags[i], (t->ntags - i) * sizeof *t->tags);
            t->ntags--;
            break;
        }
    }
    return 0;
}

static int tr_startendtag(void *ctx, const char *tag, size_t n, const char *text, size_t text_len)
{
    if (tr_starttag(ctx, tag, n, text, text_len)) return 1;
    return is_void_element(tag, n) ? 0 : tr_endtag(ctx, tag, n);
}

static int tr_chars(truncator *t, const char *s, size_t len)
{
    size_t n = hu_count(s, len);
    t->processed += (int64_t)n;
    /* Text that ends the input exactly at the length asked for is kept
     * whole, unescaped, as Django does. */
    if (t->processed == t->length && t->out_chars + n == t->raw_chars) {
        put_out(t, s, len);
        return 1;
    }
    size_t keep = t->remaining > 0 ? hu_advance(s, len, (size_t)t->remaining) : 0;
    if (t->remaining < (int64_t)n) {
        buf esc;
        wr_buf(t->r, &esc);
        buf_put_escaped(&esc, s, keep);
        put_truncated(t, esc.data ? esc.data : "", esc.len);
        t->remaining = 0;
        return 1;
    }
    t->remaining -= (int64_t)n;
    size_t before = t->out.len;
    buf_put_escaped(&t->out, s, len);
    t->out_chars += hu_count(t->out.data + before, t->out.len - before);
    return 0;
}

/* re.split(r"(?<=\S)\s+(?=\S)", data): the pieces are the words, the
 * first and last keeping the whitespace around the text. */
static int tr_words(truncator *t, const char *s, size_t len)
{
    size_t w;
    uint32_t cp;
    size_t first = 0;
    while (first < len && (w = hu_decode(s, len, first, &cp), hu_isspace(cp))) first += w;
    size_t last = len;
    while (last > first) {
        size_t p = hu_prev(s, last);
        hu_decode(s, len, p, &cp);
        if (!hu_isspace(cp)) break;
        last = p;
    }
    buf joined;
    wr_buf(t->r, &joined);
    int64_t npieces = 0;
    size_t piece_start = 0, i = first;
    for (;;) {
        size_t e = i;
        while (e < last && (w = hu_decode(s, len, e, &cp), !hu_isspace(cp))) e += w;
        if (e >= last) break;
        size_t next = e;
        while (next < last && (w = hu_decode(s, len, next, &cp), hu_isspace(cp))) next += w;
        if (npieces < t->remaining) {
            if (npieces) buf_putc(&joined, ' ');
            buf_put(&joined, s + piece_start, e - piece_start);
        }
        npieces++;
        piece_start = i = next;
    }
    if (npieces < t->remaining) {
        if (npieces) buf_putc(&joined, ' ');
        buf_put(&joined, s + piece_start, len - piece_start);
    }
    npieces++;
    buf esc;
    wr_buf(t->r, &esc);
    buf_put_escaped(&esc, joined.data ? joined.data : "", joined.len);
    if (joined.oom || esc.oom) {
        t->oom = true;
        return 1;
    }
    if (t->remaining < npieces) {
        put_truncated(t, esc.data ? esc.data : "", esc.len);
        t->remaining = 0;
        return 1;
    }
    t->remaining -= npieces;
    put_out(t, esc.data ? esc.data : "", esc.len);
    return 0;
}

static int tr_data(void *ctx, const char *s, size_t len)
{
    truncator *t = ctx;
    return t->words ? tr_words(t, s, len) : tr_chars(t, s, len);
}

static int truncate_html(wr *r, weft_value *val, const weft_value *arg, bool words)
{
    weft_value text;
    if (wr_str(r, val, &text) < 0) return -1;
    int64_t length;
    int rc = fh_int_arg(r, arg, &length);
    if (rc < 0) return -1;
    if (rc == 0) {
        *val = text; /* Django fails silently on a bad length */
        return 0;
    }
    if (length <= 0) {
        *val = wv_str("", 0, false);
        return 0;
    }
    truncator t = {.r = r, .words = words, .length = length, .remaining = length};
    wr_buf(r, &t.out);
    const char *s = text.u.s;
    size_t len = text.len;
    char *nfc = NULL;
    if (!words) {
        /* chars() works on the NFC form of the text. */
        size_t n;
        nfc = wb_utf8_normalize(s, len, WB_UTF8_NFC, &n);
        if (nfc) {
            s = nfc;
            len = n;
        }
        size_t rlen;
        t.replacement = wd_pgettext(r, "String to return when truncating text",
                                    "%(truncated_text)s\xE2\x80\xA6", &rlen);
        t.replacement_len = rlen;
        /* calculate_truncate_chars_length(): the replacement's characters
         * that are not combining marks take room. */
        buf empty;
        wr_buf(r, &empty);
        truncator probe = t;
        probe.out = empty;
        put_truncated(&probe, "", 0);
        for (size_t i = 0; i < probe.out.len && t.remaining > 0;) {
            uint32_t cp;
            i += hu_decode(probe.out.data, probe.out.len, i, &cp);
            if (!wb_utf8_is_combining((int32_t)cp)) t.remaining--;
        }
    } else {
        t.replacement = " \xE2\x80\xA6";
        t.replacement_len = 4;
    }
    t.raw_chars = hu_count(s, len);
    hp_handlers h = {.ctx = &t, .data = tr_data, .starttag = tr_starttag,
                     .startendtag = tr_startendtag, .endtag = tr_endtag};
    rc = hp_parse(s, len, true, false, &h, wr_arena(r));
    if (rc == HP_STOPPED && !t.oom) {
        for (size_t i = t.ntags; i > 0; i--) {
            put_out(&t, "</", 2);
            put_out(&t, t.tags[i - 1].name, t.tags[i - 1].len);
            put_out(&t, ">", 1);
        }
    }
    free(nfc);
    if (rc == HP_NOMEM || t.oom) return wr_oom(r);
    return wr_buf_value(r, &t.out, false, val);
}

int fh_truncatechars_html(wr *r, weft_value *val, const weft_value *arg)
{
    return truncate_html(r, val, arg, false);
}

int fh_truncatewords_html(wr *r, weft_value *val, const weft_value *arg)
{
    return truncate_html(r, val, arg, true);
}
