/* urlize and urlizetrunc: Django 5.2's django.utils.html.Urlizer.
 *
 * The text is cut into words at runs of whitespace, < > " and '. A word
 * holding '.', '@' or ':' loses its wrapping and trailing punctuation, and
 * what is left becomes a link when it starts with http:// or https://, with
 * www., ends in one of the seven original generic TLDs, or looks like an
 * e-mail address. The link target goes through smart_urlquote(), which
 * re-quotes the URL the way Python's urllib would, and encodes
 * internationalised domain names with IDNA 2003 (punycode).
 *
 * Simplified: IDNA's nameprep is approximated by NFKC with case folding
 * and default-ignorable removal; its prohibited-character and bidi checks
 * are not made. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "filter_int.h"
#include "filters_html.h"
#include "html_util.h"

enum { MAX_URL_LENGTH = 2048 };

typedef struct span {
    const char *s;
    size_t len;
} span;

static bool has_char(span w, char c) { return w.len && memchr(w.s, c, w.len) != NULL; }

static bool ieq_prefix(span w, const char *lit)
{
    size_t l = strlen(lit);
    if (w.len < l) return false;
    for (size_t i = 0; i < l; i++) {
        char c = w.s[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c != lit[i]) return false;
    }
    return true;
}

static bool is_ascii(span w)
{
    for (size_t i = 0; i < w.len; i++)
        if ((unsigned char)w.s[i] >= 0x80) return false;
    return true;
}

/* ------------------------------------------------------------------ */
/* Percent-encoding, as urllib.parse quote() and unquote()             */
/* ------------------------------------------------------------------ */

static int hex_val(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = (char)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes bytes as UTF-8 with errors="replace": each maximal invalid
 * subpart becomes one U+FFFD. */
static void put_utf8_replace(buf *out, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = b[i];
        if (c < 0x80) {
            buf_putc(out, (char)c);
            i++;
            continue;
        }
        size_t need;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) need = 1;
        else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            buf_put_utf8(out, 0xFFFD);
            i++;
            continue;
        }
        size_t k = 1;
        while (k <= need && i + k < n) {
            unsigned char d = b[i + k];
            if (k == 1 ? (d < lo || d > hi) : (d < 0x80 || d > 0xBF)) break;
            k++;
        }
        if (k == need + 1) buf_put(out, b + i, k);
        else buf_put_utf8(out, 0xFFFD);
        i += k;
    }
}

/* urllib.parse.unquote(): %XX runs within ASCII text become bytes, read as
 * UTF-8 with replacement; other characters stay as they are. */
static void url_unquote(buf *out, const char *s, size_t len, bool plus_is_space, arena *a)
{
    buf bytes;
    buf_init(&bytes, a);
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            put_utf8_replace(out, (const unsigned char *)bytes.data, bytes.len);
            bytes.len = 0;
            size_t j = i + 1;
            while (j < len && (unsigned char)s[j] >= 0x80) j++;
            buf_put(out, s + i, j - i);
            i = j;
            continue;
        }
        if (c == '%' && i + 2 < len && hex_val(s[i + 1]) >= 0 && hex_val(s[i + 2]) >= 0) {
            buf_putc(&bytes, (char)(hex_val(s[i + 1]) * 16 + hex_val(s[i + 2])));
            i += 3;
            continue;
        }
        buf_putc(&bytes, plus_is_space && c == '+' ? ' ' : (char)c);
        i++;
    }
    put_utf8_replace(out, (const unsigned char *)bytes.data, bytes.len);
    if (bytes.oom) out->oom = true;
}

/* urllib.parse.quote(s, safe): letters, digits and _.-~ stay, as do the
 * characters of safe; every other byte of the UTF-8 form becomes %XX. */
static void url_quote(buf *out, const char *s, size_t len, const char *safe, bool plus)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-' || c == '~' || (c && c < 0x80 && strchr(safe, c));
        if (keep) buf_putc(out, (char)c);
        else if (plus && c == ' ') buf_putc(out, '+');
        else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            buf_put(out, e, 3);
        }
    }
}

/* Django's unquote_quote(): safe are RFC 3986's delimiters and '~'. */
static void unquote_quote(buf *out, const char *s, size_t len, arena *a)
{
    buf tmp;
    buf_init(&tmp, a);
    url_unquote(&tmp, s, len, false, a);
    url_quote(out, tmp.data ? tmp.data : "", tmp.len, "!$&'()*+,;=:/?#[]@~", false);
    if (tmp.oom) out->oom = true;
}

/* ------------------------------------------------------------------ */
/* IDNA 2003 (Python's "idna" codec)                                   */
/* ------------------------------------------------------------------ */

static bool punycode_encode(buf *out, const uint32_t *cps, size_t n)
{
    enum { BASE = 36, TMIN = 1, TMAX = 26, SKEW = 38, DAMP = 700, INITIAL_BIAS = 72, INITIAL_N = 128 };
    size_t basic = 0;
    for (size_t i = 0; i < n; i++)
        if (cps[i] < 0x80) {
            buf_putc(out, (char)cps[i]);
            basic++;
        }
    if (basic) buf_putc(out, '-');
    uint32_t cur = INITIAL_N, bias = INITIAL_BIAS;
    uint64_t delta = 0;
    size_t h = basic;
    while (h < n) {
        uint32_t m = UINT32_MAX;
        for (size_t i = 0; i < n; i++)
            if (cps[i] >= cur && cps[i] < m) m = cps[i];
        delta += (uint64_t)(m - cur) * (h + 1);
        if (delta > UINT32_MAX) return false;
        cur = m;
        for (size_t i = 0; i < n; i++) {
            if (cps[i] < cur) delta++;
            if (cps[i] != cur) continue;
            uint64_t q = delta;
            for (uint32_t k = BASE;; k += BASE) {
                uint32_t t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
                if (q < t) break;
                uint32_t digit = t + (uint32_t)((q - t) % (BASE - t));
                buf_putc(out, (char)(digit < 26 ? 'a' + digit : '0' + digit - 26));
                q = (q - t) / (BASE - t);
            }
            buf_putc(out, (char)(q < 26 ? 'a' + q : '0' + q - 26));
            /* adapt the bias */
            uint64_t d = h == basic ? delta / DAMP : delta / 2;
            d += d / (h + 1);
            uint32_t k = 0;
            while (d > ((BASE - TMIN) * TMAX) / 2) {
                d /= BASE - TMIN;
                k += BASE;
            }
            bias = k + (uint32_t)((BASE - TMIN + 1) * d / (d + SKEW));
            delta = 0;
            h++;
        }
        delta++;
        cur++;
    }
    return true;
}

/* ToASCII of one label; false when Python raises UnicodeError. */
static bool idna_label(buf *out, span label)
{
    if (is_ascii(label)) {
        if (label.len == 0 || label.len >= 64) return false;
        buf_put(out, label.s, label.len);
        return true;
    }
    /* nameprep, approximately: NFKC with case folding, ignorables dropped */
    size_t n;
    char *mapped = wb_utf8_normalize(label.s, label.len, WB_UTF8_NFKC_CASEFOLD, &n);
    if (!mapped) return false;
    span m = {mapped, n};
    bool ok = true;
    size_t start = out->len;
    if (is_ascii(m)) {
        ok = m.len > 0 && m.len < 64;
        if (ok) buf_put(out, m.s, m.len);
    } else if (ieq_prefix(m, "xn--")) {
        ok = false;
    } else {
        uint32_t cps[64];
        size_t count = 0;
        for (size_t i = 0; i < m.len && ok;) {
            if (count == 64) ok = false;
            else i += hu_decode(m.s, m.len, i, &cps[count++]);
        }
        if (ok) {
            buf_puts(out, "xn--");
            ok = punycode_encode(out, cps, count) && out->len - start < 64;
        }
    }
    free(mapped);
    return ok;
}

/* str.encode("idna"): false on UnicodeError. */
static bool idna_encode(buf *out, span host)
{
    if (host.len == 0) return true;
    if (is_ascii(host)) {
        size_t start = 0;
        for (size_t i = 0; i <= host.len; i++) {
            if (i < host.len && host.s[i] != '.') continue;
            size_t l = i - start;
            if (i < host.len ? (l == 0 || l >= 64) : l >= 64) return false;
            start = i + 1;
        }
        buf_put(out, host.s, host.len);
        return true;
    }
    /* Labels end at '.', U+3002, U+FF0E or U+FF61. */
    size_t start = 0, i = 0;
    bool first = true;
    for (;;) {
        uint32_t cp = 0;
        size_t w = 0;
        if (i < host.len) w = hu_decode(host.s, host.len, i, &cp);
        bool dot = cp == '.' || cp == 0x3002 || cp == 0xFF0E || cp == 0xFF61;
        if (i < host.len && !dot) {
            i += w;
            continue;
        }
        span label = {host.s + start, i - start};
        if (i >= host.len && label.len == 0 && !first) {
            buf_putc(out, '.'); /* a trailing dot */
            return true;
        }
        if (!first) buf_putc(out, '.');
        if (!idna_label(out, label)) return false;
        first = false;
        if (i >= host.len) return true;
        i += w;
        start = i;
    }
}

/* ------------------------------------------------------------------ */
/* smart_urlquote                                                      */
/* ------------------------------------------------------------------ */

static bool bracketed_host_ok(span host)
{
    if (host.len && host.s[0] == 'v') {
        /* \Av[a-fA-F0-9]+\..+\Z */
        size_t i = 1;
        while (i < host.len && hex_val(host.s[i]) >= 0) i++;
        return i > 1 && i < host.len && host.s[i] == '.' && i + 1 < host.len;
    }
    char tmp[64];
    if (host.len >= sizeof tmp) return false;
    memcpy(tmp, host.s, host.len);
    tmp[host.len] = '\0';
    char *pct = strchr(tmp, '%'); /* a scope id is allowed */
    if (pct) *pct = '\0';
    unsigned char addr[16];
    return inet_pton(AF_INET6, tmp, addr) == 1;
}

/* urlsplit()'s checks on the network location; false on ValueError. */
static bool netloc_ok(span netloc)
{
    bool open = has_char(netloc, '['), close = has_char(netloc, ']');
    if (open != close) return false;
    if (open) {
        /* netloc.partition('[')[2].partition(']')[0] must be an IPv6 or
         * IPvFuture address. */
        const char *br = memchr(netloc.s, '[', netloc.len);
        span after = {br + 1, netloc.len - (size_t)(br + 1 - netloc.s)};
        const char *end = memchr(after.s, ']', after.len);
        span host = {after.s, end ? (size_t)(end - after.s) : after.len};
        if (!bracketed_host_ok(host)) return false;
    }
    if (is_ascii(netloc)) return true;
    /* NFKC must not make new delimiters appear. */
    char stripped[MAX_URL_LENGTH * 4 + 1];
    size_t n = 0;
    for (size_t i = 0; i < netloc.len && n < sizeof stripped - 1; i++)
        if (!strchr("@:#?", netloc.s[i]) || !netloc.s[i]) stripped[n++] = netloc.s[i];
    size_t len;
    char *norm = wb_utf8_normalize(stripped, n, WB_UTF8_NFKC, &len);
    if (!norm) return true;
    bool ok = true;
    if (len != n || memcmp(norm, stripped, n) != 0)
        for (const char *c = "/?#@:"; *c && ok; c++)
            if (memchr(norm, *c, len)) ok = false;
    free(norm);
    return ok;
}

/* parse_qsl(keep_blank_values=True), each part unquoted once more by
 * Django, then urlencode(). */
static void requote_query(buf *out, span q, arena *a)
{
    bool first = true;
    size_t start = 0;
    for (size_t i = 0; i <= q.len; i++) {
        if (i < q.len && q.s[i] != '&') continue;
        span field = {q.s + start, i - start};
        start = i + 1;
        if (!field.len) continue;
        const char *eq = memchr(field.s, '=', field.len);
        span name = {field.s, eq ? (size_t)(eq - field.s) : field.len};
        span value = eq ? (span){eq + 1, field.len - name.len - 1} : (span){"", 0};
        span parts[2] = {name, value};
        if (!first) buf_putc(out, '&');
        first = false;
        for (int k = 0; k < 2; k++) {
            buf once, twice;
            buf_init(&once, a);
            buf_init(&twice, a);
            url_unquote(&once, parts[k].s, parts[k].len, true, a);
            url_unquote(&twice, once.data ? once.data : "", once.len, false, a);
            if (k) buf_putc(out, '=');
            url_quote(out, twice.data ? twice.data : "", twice.len, "", true);
            if (once.oom || twice.oom) out->oom = true;
        }
    }
}

static void smart_urlquote(buf *out, span original, arena *a)
{
    /* urlsplit() first drops every tab and newline. */
    span url = original;
    if (has_char(url, '\t') || has_char(url, '\r') || has_char(url, '\n')) {
        char *clean = arena_alloc(a, url.len + 1);
        if (!clean) {
            out->oom = true;
            return;
        }
        size_t n = 0;
        for (size_t i = 0; i < url.len; i++)
            if (url.s[i] != '\t' && url.s[i] != '\r' && url.s[i] != '\n') clean[n++] = url.s[i];
        url = (span){clean, n};
    }
    /* The URL always starts with "http://" or "https://" here. */
    const char *colon = memchr(url.s, ':', url.len);
    span scheme = {url.s, (size_t)(colon - url.s)};
    span rest = {colon + 1, url.len - scheme.len - 1};
    span netloc = {rest.s, 0};
    if (rest.len >= 2 && rest.s[0] == '/' && rest.s[1] == '/') {
        size_t e = 2;
        while (e < rest.len && rest.s[e] != '/' && rest.s[e] != '?' && rest.s[e] != '#') e++;
        netloc = (span){rest.s + 2, e - 2};
        rest = (span){rest.s + e, rest.len - e};
    }
    span fragment = {"", 0}, query = {"", 0};
    const char *hash = memchr(rest.s, '#', rest.len);
    if (hash) {
        fragment = (span){hash + 1, (size_t)(rest.s + rest.len - hash - 1)};
        rest.len = (size_t)(hash - rest.s);
    }
    const char *qm = memchr(rest.s, '?', rest.len);
    if (qm) {
        query = (span){qm + 1, (size_t)(rest.s + rest.len - qm - 1)};
        rest.len = (size_t)(qm - rest.s);
    }
    size_t mark = out->len;
    if (!netloc_ok(netloc)) {
        unquote_quote(out, original.s, original.len, a);
        return;
    }
    hu_put_lower(out, scheme.s, scheme.len);
    buf_puts(out, "://");
    if (!idna_encode(out, netloc)) {
        out->len = mark;
        unquote_quote(out, original.s, original.len, a);
        return;
    }
    if (rest.len && rest.s[0] != '/') buf_putc(out, '/');
    unquote_quote(out, rest.s, rest.len, a);
    if (query.len) {
        buf q;
        buf_init(&q, a);
        requote_query(&q, query, a);
        if (q.len) {
            buf_putc(out, '?');
            buf_put(out, q.data, q.len);
        }
    }
    if (fragment.len) {
        buf f;
        buf_init(&f, a);
        unquote_quote(&f, fragment.s, fragment.len, a);
        if (f.len) {
            buf_putc(out, '#');
            buf_put(out, f.data, f.len);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Words                                                               */
/* ------------------------------------------------------------------ */

typedef struct urlizer {
    wr *r;
    bool safe_input;
    bool autoescape;
    bool has_limit;
    int64_t limit;
} urlizer;

static bool ends_with(span w, char c) { return w.len && w.s[w.len - 1] == c; }

static bool in_set(char c, const char *set) { return c && strchr(set, c); }

static size_t rstrip_len(span w, const char *set)
{
    size_t n = w.len;
    while (n && in_set(w.s[n - 1], set)) n--;
    return n;
}

/* Whether html.unescape(s) == s or ends with ';'. */
static bool entity_check(span s, arena *a)
{
    buf u;
    buf_init(&u, a);
    html_unescape(&u, s.s, s.len);
    return (u.len == s.len && memcmp(u.data, s.s, s.len) == 0) || (u.len && u.data[u.len - 1] == ';');
}

/* Urlizer.trim_punctuation: the word is lead + middle + trail. */
static void trim_punctuation(span word, size_t *lead_len, size_t *middle_len, arena *a)
{
    size_t lead = 0;
    while (lead < word.len && (word.s[lead] == '(' || word.s[lead] == '[')) lead++;
    span m = {word.s + lead, word.len - lead};
    static const char pairs[2][2] = {{'(', ')'}, {'[', ']'}};
    size_t counts[2][2];
    for (int p = 0; p < 2; p++)
        for (int k = 0; k < 2; k++) {
            counts[p][k] = 0;
            for (size_t i = 0; i < m.len; i++) counts[p][k] += m.s[i] == pairs[p][k];
        }
    bool trimmed = true;
    while (trimmed && m.len) {
        trimmed = false;
        for (int p = 0; p < 2; p++) {
            if (counts[p][0] < counts[p][1] && ends_with(m, pairs[p][1])) {
                size_t strip = counts[p][1] - counts[p][0];
                for (size_t k = 0; k < strip && m.len; k++) m.len = hu_prev(m.s, m.len);
                counts[p][1] -= strip;
                trimmed = true;
            }
        }
        size_t amp = SIZE_MAX;
        for (size_t i = m.len; i > 0; i--)
            if (m.s[i - 1] == '&') {
                amp = i - 1;
                break;
            }
        size_t kept = rstrip_len(m, amp == SIZE_MAX ? ".,:;!" : ".,:!");
        if (kept != m.len) {
            m.len = kept;
            trimmed = true;
        }
        if (ends_with(m, ';')) {
            span entity = amp == SIZE_MAX ? (span){m.s + m.len - 1, 1} : (span){m.s + amp, m.len - amp};
            if (entity_check(entity, a)) {
                size_t trail_start = rstrip_len(m, ".,:;!");
                size_t semis = m.len - rstrip_len(m, ";");
                if (amp != SIZE_MAX && semis > 1) {
                    const char *semi = memchr(m.s + trail_start, ';', m.len - trail_start);
                    m.len = (size_t)(semi - m.s) + 1;
                } else {
                    m.len = trail_start;
                }
                trimmed = true;
            }
        }
    }
    *lead_len = lead;
    *middle_len = m.len;
}

/* ^https?://\[?\w */
static bool simple_url(span m)
{
    size_t i;
    if (ieq_prefix(m, "https://")) i = 8;
    else if (ieq_prefix(m, "http://")) i = 7;
    else return false;
    if (i < m.len && m.s[i] == '[') i++;
    if (i >= m.len) return false;
    uint32_t cp;
    hu_decode(m.s, m.len, i, &cp);
    return hu_isword(cp);
}

/* ^www\.|^(?!http)\w[^@]+\.(com|edu|gov|int|mil|net|org)($|/.*)$ */
static bool simple_url_2(span m)
{
    if (ieq_prefix(m, "www.")) return true;
    if (ieq_prefix(m, "http") || !m.len) return false;
    uint32_t cp;
    size_t first = hu_decode(m.s, m.len, 0, &cp);
    if (!hu_isword(cp)) return false;
    static const char *const tlds[] = {"com", "edu", "gov", "int", "mil", "net", "org"};
    for (size_t p = first + 1; p < m.len; p++) {
        if (m.s[p - 1] == '@') return false; /* [^@]+ must reach p */
        if (m.s[p] != '.' || p + 4 > m.len) continue;
        if (p + 4 < m.len && m.s[p + 4] != '/') continue;
        span tld = {m.s + p + 1, 3};
        for (size_t t = 0; t < 7; t++)
            if (ieq_prefix(tld, tlds[t])) return true;
    }
    return false;
}

static bool is_email_simple(span m)
{
    const char *at = memchr(m.s, '@', m.len);
    if (!at || at == m.s || ends_with(m, '@')) return false;
    span domain = {at + 1, m.len - (size_t)(at + 1 - m.s)};
    if (has_char(domain, '@')) return false;
    if (hu_count(domain.s, domain.len) > 63) return false;
    return has_char(domain, '.') && domain.s[0] != '.';
}

static void put_maybe_escaped(buf *out, span s, bool escape)
{
    if (escape) buf_put_escaped(out, s.s, s.len);
    else buf_put(out, s.s, s.len);
}

static void handle_word(urlizer *u, buf *out, span word)
{
    arena *a = wr_arena(u->r);
    bool escape = u->autoescape && !u->safe_input;
    if (!has_char(word, '.') && !has_char(word, '@') && !has_char(word, ':')) {
        put_maybe_escaped(out, word, escape);
        return;
    }
    size_t lead_len, middle_len;
    trim_punctuation(word, &lead_len, &middle_len, a);
    span lead = {word.s, lead_len};
    span middle = {word.s + lead_len, middle_len};
    span trail = {middle.s + middle_len, word.len - lead_len - middle_len};

    buf url;
    buf_init(&url, a);
    bool nofollow = true, is_url = false;
    size_t middle_chars = hu_count(middle.s, middle.len);
    if (middle_chars <= MAX_URL_LENGTH && (simple_url(middle) || simple_url_2(middle))) {
        buf target;
        buf_init(&target, a);
        if (!simple_url(middle)) buf_puts(&target, "http://");
        html_unescape(&target, middle.s, middle.len);
        smart_urlquote(&url, (span){target.data ? target.data : "", target.len}, a);
        is_url = true;
    } else if (!has_char(middle, ':') && is_email_simple(middle)) {
        const char *at = middle.s + middle.len;
        while (at[-1] != '@') at--;
        span local = {middle.s, (size_t)(at - 1 - middle.s)};
        span domain = {at, (size_t)(middle.s + middle.len - at)};
        buf_puts(&url, "mailto:");
        buf_put(&url, local.s, local.len);
        buf_putc(&url, '@');
        if (!idna_encode(&url, domain)) {
            buf_put(out, word.s, word.len); /* Django returns the word untouched */
            return;
        }
        nofollow = false;
        is_url = true;
    }
    if (!is_url) {
        put_maybe_escaped(out, word, escape);
        return;
    }
    put_maybe_escaped(out, lead, escape);
    buf_puts(out, "<a href=\"");
    buf_put_escaped(out, url.data ? url.data : "", url.len);
    buf_puts(out, nofollow ? "\" rel=\"nofollow\">" : "\">");
    if (u->has_limit && (int64_t)middle_chars > u->limit) {
        int64_t keep = u->limit - 1 > 0 ? u->limit - 1 : 0;
        span cut = {middle.s, hu_advance(middle.s, middle.len, (size_t)keep)};
        put_maybe_escaped(out, cut, escape);
        buf_puts(out, "\xE2\x80\xA6");
    } else {
        put_maybe_escaped(out, middle, escape);
    }
    buf_puts(out, "</a>");
    put_maybe_escaped(out, trail, escape);
    if (url.oom) out->oom = true;
}

static bool is_separator(uint32_t cp) { return cp == '<' || cp == '>' || cp == '"' || cp == '\'' || hu_isspace(cp); }

static int urlize(wr *r, weft_value *val, bool has_limit, int64_t limit)
{
    weft_value text;
    if (wr_str(r, val, &text) < 0) return -1;
    urlizer u = {r, wv_is_safe(&text), wr_autoescape(r), has_limit, limit};
    buf out;
    wr_buf(r, &out);
    const char *s = text.u.s;
    size_t i = 0;
    while (i < text.len) {
        /* a word, then a run of separators */
        size_t j = i, k, w;
        uint32_t cp;
        for (; j < text.len; j += w) {
            w = hu_decode(s, text.len, j, &cp);
            if (is_separator(cp)) break;
        }
        if (j > i) handle_word(&u, &out, (span){s + i, j - i});
        for (k = j; k < text.len; k += w) {
            w = hu_decode(s, text.len, k, &cp);
            if (!is_separator(cp)) break;
        }
        put_maybe_escaped(&out, (span){s + j, k - j}, u.autoescape && !u.safe_input);
        i = k;
    }
    return wr_buf_value(r, &out, true, val);
}

int fh_urlize(wr *r, weft_value *val, const weft_value *arg) { return urlize(r, val, false, 0); }

int fh_urlizetrunc(wr *r, weft_value *val, const weft_value *arg)
{
    int64_t limit;
    wpy_status st = wpy_int64(wr_arena(r), arg, &limit);
    if (st) return wf_fail_int(r, st, arg, false);
    return urlize(r, val, true, limit);
}
