/* The fast paths of truncatechars and of the date filter, checked against
 * slower forms that give the same answers:
 * - truncatechars against a plain transcription of Django's
 *   Truncator.chars over code points (NFC, combining characters, the
 *   truncation text and the room it takes), on generated text;
 * - wd_dateformat_fast against wd_dateformat_try (the general path) on
 *   generated dates, datetimes and formats.
 * Both run with the render's catalog switched at random between calls, in
 * one render, so the per-render memo of translations (i18n_memo.h) is
 * refilled and reused the way a {% language %} block makes it. The
 * catalogs are .mo files this test writes; the random inputs come from a
 * fixed seed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#include "base/tz.h"
#include "i18n/catalog.h"
#include "syntax/django/dateformat.h"
#include "syntax/django/filter_api.h"
#include "render/state.h"
#include "check.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static arena A; /* the render's */
static arena S; /* the test's own scratch, reset between generated cases */

/* ---- a deterministic generator ---------------------------------------- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(uint32_t n) /* 0 <= result < n */
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)((rng_state >> 11) % n);
}

/* ---- catalogs --------------------------------------------------------- */

typedef struct msg {
    const char *id; /* "context\x04msgid" for pgettext */
    const char *str;
} msg;

#define TRUNC_ID "String to return when truncating text\x04%(truncated_text)s\xE2\x80\xA6"
static const char header[] = "Content-Type: text/plain; charset=UTF-8\n"
                             "Plural-Forms: nplurals=2; plural=(n != 1);\n";

static void put_u32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}

static char root[64];
static char paths[16][200];
static size_t n_paths;

static void remember(const char *path)
{
    if (n_paths < COUNT(paths)) snprintf(paths[n_paths++], sizeof paths[0], "%s", path);
}

/* Writes root/locale/LC_MESSAGES/django.mo with the header entry and msgs. */
static void write_catalog(const char *locale, const msg *msgs, size_t n)
{
    size_t count = n + 1, total = 28 + 16 * count;
    const char *ids[32], *strs[32];
    ids[0] = "";
    strs[0] = header;
    for (size_t i = 0; i < n; i++) {
        ids[i + 1] = msgs[i].id;
        strs[i + 1] = msgs[i].str;
    }
    for (size_t i = 0; i < count; i++) total += strlen(ids[i]) + 1 + strlen(strs[i]) + 1;
    unsigned char *mo = calloc(1, total);
    put_u32(mo, 0x950412de);
    put_u32(mo + 8, (uint32_t)count);
    put_u32(mo + 12, 28);
    put_u32(mo + 16, (uint32_t)(28 + 8 * count));
    size_t off = 28 + 16 * count;
    for (int table = 0; table < 2; table++) {
        for (size_t i = 0; i < count; i++) {
            const char *s = table ? strs[i] : ids[i];
            size_t len = strlen(s);
            put_u32(mo + 28 + 8 * count * (size_t)table + 8 * i, (uint32_t)len);
            put_u32(mo + 28 + 8 * count * (size_t)table + 8 * i + 4, (uint32_t)off);
            memcpy(mo + off, s, len);
            off += len + 1;
        }
    }
    char path[200];
    snprintf(path, sizeof path, "%s/%s", root, locale);
    mkdir(path, 0700);
    remember(path);
    snprintf(path, sizeof path, "%s/%s/LC_MESSAGES", root, locale);
    mkdir(path, 0700);
    remember(path);
    snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/django.mo", root, locale);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(mo, 1, total, f);
        fclose(f);
        remember(path);
    }
    free(mo);
}

/* The truncation texts of the test languages: NULL for the untranslated
 * default. */
typedef struct language {
    const char *code;
    const char *truncation; /* as the catalog gives it */
    const struct wlang_catalog *catalog;
} language;

static language languages[] = {
    {"en", NULL, NULL},                                             /* no catalog */
    {"xa", "...", NULL},                                            /* appended */
    {"xb", "\xC2\xAB %(truncated_text)s \xC2\xBB", NULL},           /* around */
    {"xc", "%(truncated_text)s / %(truncated_text)s 100%%", NULL},  /* general */
    {"xd", "%(truncated_text)s", NULL},                             /* takes no room */
    {"xe", "e\xCC\x81\xE2\x80\xA6", NULL},                          /* a combining mark */
    {"xf", "%(truncated_text)s [more]", NULL},                      /* a long suffix */
    {"xm", "%(truncated_text)s\xE2\x80\xA6", NULL},                 /* the default, translated */
};

/* Month and weekday names for "xm" (and a long p.m. for the overflow). */
static const msg month_msgs[] = {
    {"feb", "f\xC3\xA9v"},
    {"February", "f\xC3\xA9vrier"},
    {"abbrev. month\x04" "Feb.", "f\xC3\xA9vr."},
    {"alt. month\x04" "February", "F\xC3\xA9vrier"},
    {"jul", "\xC3\xA9t\xC3\xA9 juil"},
    {"Fri", "ven"},
    {"Friday", "vendredi"},
    {"a.m.", "du matin"},
    {"p.m.", "de l\xE2\x80\x99" "apr\xC3\xA8s-midi, bien apr\xC3\xA8s le d\xC3\xA9jeuner, "
             "quand le soleil descend doucement sur les toits de la ville"},
    {"noon", "midi"},
    {"midnight", "minuit"},
    {"AM", "AVANT"},
    {"PM", "APR\xC3\x88S"},
    {"dec", "d\xC3\xA9" "c"},
};

static wcatalogs *load_catalogs(void)
{
    snprintf(root, sizeof root, "/tmp/weft-fast-XXXXXX");
    if (!mkdtemp(root)) return NULL;
    for (size_t i = 1; i < COUNT(languages); i++) {
        msg msgs[32];
        size_t n = 0;
        msgs[n++] = (msg){TRUNC_ID, languages[i].truncation};
        if (strcmp(languages[i].code, "xm") == 0)
            for (size_t k = 0; k < COUNT(month_msgs); k++) msgs[n++] = month_msgs[k];
        write_catalog(languages[i].code, msgs, n);
    }
    const char *dirs[] = {root};
    weft_error err;
    wcatalogs *cats = wcatalogs_load(dirs, 1, &err);
    CHECK(cats != NULL, "catalogs load: %s", cats ? "" : err.message);
    return cats;
}

static void remove_catalogs(void)
{
    while (n_paths) {
        const char *p = paths[--n_paths];
        if (unlink(p) != 0) rmdir(p);
    }
    rmdir(root);
}

/* ---- truncatechars: the reference ------------------------------------- */

static const wf_def *find_filter(const wf_def *table, const char *name)
{
    for (const wf_def *d = table; d->name; d++)
        if (strcmp(d->name, name) == 0) return d;
    return NULL;
}


/* add_truncation_text as Python runs it for the formats the tests use:
 * "%(truncated_text)s" filled in and "%%" made "%" when the placeholder is
 * there, else appended unless the text already ends with it. */
static void add_truncation_ref(buf *out, const char *text, size_t len, const char *t)
{
    size_t tlen = strlen(t);
    if (!strstr(t, "%(truncated_text)s")) {
        buf_put(out, text, len);
        if (!(len >= tlen && memcmp(text + len - tlen, t, tlen) == 0)) buf_put(out, t, tlen);
        return;
    }
    for (size_t i = 0; i < tlen;) {
        if (strncmp(t + i, "%(truncated_text)s", 18) == 0) {
            buf_put(out, text, len);
            i += 18;
        } else if (t[i] == '%' && t[i + 1] == '%') {
            buf_putc(out, '%');
            i += 2;
        } else {
            buf_putc(out, t[i++]);
        }
    }
}

static bool combining(int32_t cp) { return utf8proc_get_property(cp)->combining_class != 0; }

/* Truncator(s).chars(length) of Django 5.2, step by step. */
static void truncatechars_ref(const char *s, size_t len, int64_t length, const char *t, buf *out)
{
    if (length <= 0) return;
    utf8proc_uint8_t *norm = NULL;
    utf8proc_ssize_t nlen =
        utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &norm, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    const char *text = nlen >= 0 ? (const char *)norm : s;
    size_t text_len = nlen >= 0 ? (size_t)nlen : len;
    /* The room the truncation text takes. */
    buf alone;
    buf_init(&alone, &S);
    add_truncation_ref(&alone, "", 0, t);
    int64_t truncate_len = length;
    for (utf8proc_ssize_t i = 0; i < (utf8proc_ssize_t)alone.len;) {
        int32_t cp;
        i += utf8proc_iterate((const utf8proc_uint8_t *)alone.data + i, (utf8proc_ssize_t)alone.len - i, &cp);
        if (!combining(cp)) {
            truncate_len--;
            if (truncate_len == 0) break;
        }
    }
    int64_t s_len = 0;
    size_t end_index = 0;
    bool end_known = false;
    for (utf8proc_ssize_t i = 0; i < (utf8proc_ssize_t)text_len;) {
        int32_t cp;
        size_t at = (size_t)i;
        i += utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)text_len - i, &cp);
        if (combining(cp)) continue;
        s_len++;
        if (!end_known && s_len > truncate_len) {
            end_index = at;
            end_known = true;
        }
        if (s_len > length) {
            add_truncation_ref(out, text, end_index, t);
            free(norm);
            return;
        }
    }
    buf_put(out, text, text_len);
    free(norm);
}

/* Pieces of generated text: mostly what product descriptions hold, some
 * of what makes NFC and the combining rule matter. */
static const char *const common_pieces[] = {
    "a", "e", "t", "o", "n", " ", " ", "lorem", "ipsum ", "<b>", "&", "\"", "'", ">", "<",
    "\xC3\xA9", "\xC3\xBB", "\xC3\xBC", "\xC3\x9F", "\xC3\xBF", "\xC4\x80", "\xCA\xBC", "\xCB\xBF",
    "caf\xC3\xA9", "br\xC3\xBB" "l\xC3\xA9" "e", "0", "9",
};
static const char *const rare_pieces[] = {
    "\xCC\x80",             /* U+0300, combining grave */
    "\xCC\x81",             /* U+0301 */
    "e\xCC\x81",            /* e + acute: composes */
    "A\xCC\x8A",            /* A + ring: composes */
    "\xCC\xA7\xCC\x81",     /* cedilla then acute: reordered */
    "\xCD\x85",             /* U+0345, class 240 */
    "\xCE\xA9",             /* Greek capital omega */
    "\xE2\x84\xA6",         /* U+2126 ohm: a singleton decomposition */
    "\xE2\x84\xAB",         /* U+212B angstrom */
    "\xE6\xBC\xA2",         /* CJK */
    "\xF0\x9F\x98\x80",     /* an emoji */
    "\xC2\xA0",             /* no-break space */
    "\xE1\x84\x80\xE1\x85\xA1", /* Hangul L + V: composes */
    "\xCD\x84",             /* U+0344: decomposes to two marks */
    "\xE0\xA5\x98",         /* U+0958: a composition exclusion */
    "\xD6\xB0",             /* Hebrew point, class 10 */
    "\xE2\x80\xA6",         /* the ellipsis itself */
    "...",
};

static size_t generate_text(char *out, size_t cap)
{
    size_t target = rnd(8) == 0 ? rnd(12) : rnd(140);
    bool rare_allowed = rnd(3) == 0;
    size_t n = 0;
    while (n < target) {
        const char *p = rare_allowed && rnd(6) == 0 ? rare_pieces[rnd(COUNT(rare_pieces))]
                                                    : common_pieces[rnd(COUNT(common_pieces))];
        size_t k = strlen(p);
        if (n + k > cap) break;
        memcpy(out + n, p, k);
        n += k;
    }
    return n;
}

static size_t code_points(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static void test_truncatechars_cases(wr *r, const wf_def *f)
{
    struct {
        const char *in;
        int64_t length;
        const char *expect;
    } cases[] = {
        {"Hello world", 5, "Hell\xE2\x80\xA6"},
        {"Hello", 5, "Hello"},
        {"Hello!", 5, "Hell\xE2\x80\xA6"},
        {"Hello", 1, "\xE2\x80\xA6"},
        {"Hello", 0, ""},
        {"Hello", -3, ""},
        {"", 3, ""},
        {"br\xC3\xBBl\xC3\xA9" "e cr\xC3\xA8me", 6, "br\xC3\xBBl\xC3\xA9\xE2\x80\xA6"},
        {"br\xC3\xBBl\xC3\xA9" "e", 6, "br\xC3\xBBl\xC3\xA9" "e"},
        /* Decomposed e + acute is composed first, then counted once. */
        {"cafe\xCC\x81s and more", 5, "caf\xC3\xA9\xE2\x80\xA6"},
        /* A mark that composes with nothing is not counted. */
        {"x\xCD\x85y\xCD\x85z", 3, "x\xCD\x85y\xCD\x85z"},
        {"abcdefgh" "ijklmnop" "qrstuvwx", 16, "abcdefghijklmno\xE2\x80\xA6"},
        {"abcdefgh" "ijklmnop", 16, "abcdefghijklmnop"},
        {"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 8,
         "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xE2\x80\xA6"},
    };
    r->catalog = NULL;
    for (size_t i = 0; i < COUNT(cases); i++) {
        weft_value v = wv_str(cases[i].in, strlen(cases[i].in), false), arg = wv_int(cases[i].length);
        int rc = f->fn(r, &v, &arg);
        CHECK(rc == 0 && v.kind == WEFT_STRING && v.len == strlen(cases[i].expect) &&
                  memcmp(v.u.s, cases[i].expect, v.len) == 0,
              "truncatechars(%s, %lld): expected [%s], got [%.*s]", cases[i].in,
              (long long)cases[i].length, cases[i].expect, (int)v.len, v.u.s);
    }
    /* A string argument that int() refuses gives the text back. */
    weft_value v = wv_str("some text", 9, false), arg = wv_str("x", 1, false);
    CHECK(f->fn(r, &v, &arg) == 0 && v.len == 9, "truncatechars with a bad argument");
    arg = wv_str(" 4 ", 3, false);
    v = wv_str("some text", 9, false);
    CHECK(f->fn(r, &v, &arg) == 0 && v.len == 6 && memcmp(v.u.s, "som\xE2\x80\xA6", 6) == 0,
          "truncatechars with a string argument: [%.*s]", (int)v.len, v.u.s);
}

static void test_truncatechars_random(wr *r, const wf_def *f, int rounds)
{
    char text[200];
    int fast_checked = 0, truncated = 0, mismatches = 0, simple = 0;
    for (int round = 0; round < rounds; round++) {
        language *lang = &languages[rnd(COUNT(languages))];
        r->catalog = lang->catalog;
        r->language = lang->code;
        size_t len = generate_text(text, sizeof text);
        size_t cps = code_points(text, len);
        int64_t length;
        switch (rnd(5)) {
        case 0: length = (int64_t)cps; break;
        case 1: length = (int64_t)cps - 1; break;
        case 2: length = (int64_t)cps + 1; break;
        default: length = (int64_t)rnd(70) - 2; break;
        }
        /* The filter's input is not NUL-terminated: the copy ends in a
         * byte that a stray read would take for text. */
        arena_reset(&S);
        char *in = arena_alloc(&S, len + 1);
        memcpy(in, text, len);
        in[len] = 'Z';
        weft_value v = wv_str(in, len, false), arg = wv_int(length);
        int rc = f->fn(r, &v, &arg);
        buf expect;
        buf_init(&expect, &S);
        truncatechars_ref(text, len, length, lang->truncation ? lang->truncation : "%(truncated_text)s\xE2\x80\xA6",
                          &expect);
        bool same = rc == 0 && v.kind == WEFT_STRING && v.len == expect.len &&
                    (v.len == 0 || memcmp(v.u.s, expect.data, v.len) == 0);
        if (!same && mismatches++ < 10)
            printf("FAIL truncatechars([%.*s], %lld) in %s: expected [%.*s], got [%.*s]\n", (int)len, text,
                   (long long)length, lang->code, (int)expect.len, expect.data, (int)v.len, v.u.s);
        fast_checked++;
        bool below_u0300 = true;
        for (size_t i = 0; i < len; i++) below_u0300 = below_u0300 && (unsigned char)text[i] < 0xCC;
        simple += below_u0300;
        if (v.len != len || memcmp(v.u.s, text, len) != 0) truncated++;
    }
    CHECK(mismatches == 0, "truncatechars: %d of %d generated cases differ", mismatches, fast_checked);
    CHECK(truncated > rounds / 4, "truncatechars: only %d of %d generated cases truncated", truncated, rounds);
    CHECK(simple > rounds / 2 && simple < rounds - rounds / 10, "truncatechars: %d of %d below U+0300", simple, rounds);
    printf("truncatechars: %d generated cases (%d below U+0300, the fast path), %d truncated, %d differ\n",
           fast_checked, simple, truncated, mismatches);
}

/* ---- dates ------------------------------------------------------------- */

static weft_value random_date_value(void)
{
    weft_value v = {0};
    v.kind = rnd(2) ? WEFT_DATE : WEFT_DATETIME;
    wv_datetime *d = &v.u.dt;
    int year_kind = (int)rnd(10);
    d->year = (int16_t)(year_kind == 0 ? 1 + rnd(9999) : year_kind == 1 ? 1 + rnd(999) : 1990 + rnd(50));
    d->month = (uint8_t)(1 + rnd(12));
    d->day = (uint8_t)(1 + rnd((uint32_t)wtz_days_in_month(d->year, d->month)));
    if (v.kind == WEFT_DATETIME) {
        d->hour = (uint8_t)(rnd(4) == 0 ? (rnd(2) ? 0 : 12) : rnd(24));
        d->minute = (uint8_t)(rnd(3) == 0 ? 0 : rnd(60));
        d->second = (uint8_t)rnd(60);
        d->usec = rnd(3) == 0 ? 0 : (int32_t)rnd(1000000);
        if (rnd(4) == 0) {
            d->tz = 1;
            d->offset_min = (int16_t)((int)rnd(1500) - 750);
        }
    }
    return v;
}

static size_t random_format(char *out, size_t cap)
{
    static const char chars[] = "aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTuUwWyYzZ";
    static const char *const literals[] = {" ", ",", ", ", ".", "-", "/", ":", "x", "k", "\xC3\xA9", "\\", "\\\\"};
    size_t n = 0, parts = rnd(10);
    for (size_t i = 0; i < parts; i++) {
        const char *p;
        char one[2] = {0, 0};
        if (rnd(3)) {
            /* Mostly the characters that need no zone. */
            one[0] = rnd(4) ? "dDjlNSwzWFmMnbtLoyYEaAfgGhHiPsu"[rnd(31)] : chars[rnd(sizeof chars - 1)];
            p = one;
        } else {
            p = rnd(8) == 0 ? literals[10 + rnd(2)] : literals[rnd(10)];
        }
        size_t k = strlen(p);
        if (n + k > cap) break;
        memcpy(out + n, p, k);
        n += k;
    }
    return n;
}

static void test_dates_random(wr *r, int rounds)
{
    int fast = 0, general = 0, mismatches = 0;
    for (int round = 0; round < rounds; round++) {
        language *lang = &languages[rnd(COUNT(languages))];
        if (rnd(2)) lang = &languages[COUNT(languages) - 1]; /* month names mostly from "xm" */
        r->catalog = lang->catalog;
        r->language = lang->code;
        weft_value v = random_date_value();
        char fmt[64];
        size_t fmt_len = random_format(fmt, sizeof fmt);
        char text[WD_DATEFORMAT_FAST_MAX];
        /* A small array now and then: a long text must go the general way. */
        size_t cap = rnd(10) == 0 ? 12 + rnd(30) : sizeof text;
        int n = wd_dateformat_fast(r, &v, fmt, fmt_len, text, cap);
        CHECK(n != WD_DATEFORMAT_FAILED, "wd_dateformat_fast failed");
        if (n < 0) {
            general++;
            continue;
        }
        fast++;
        arena_reset(&S);
        buf b;
        buf_init(&b, &S);
        char msg[256];
        weft_error_kind k = wd_dateformat_try(r, &b, &v, fmt, fmt_len, false, msg, sizeof msg);
        bool same = k == WEFT_ERROR_NONE && b.len == (size_t)n && (n == 0 || memcmp(b.data, text, b.len) == 0);
        if (!same && mismatches++ < 10) {
            const wv_datetime *d = &v.u.dt;
            printf("FAIL date %04d-%02d-%02d %02d:%02d:%02d.%06d (%s) format [%.*s] in %s: general [%.*s] (%d %s), "
                   "fast [%.*s]\n",
                   d->year, d->month, d->day, d->hour, d->minute, d->second, (int)d->usec,
                   v.kind == WEFT_DATE ? "date" : "datetime", (int)fmt_len, fmt, lang->code, (int)b.len,
                   b.data ? b.data : "", (int)k, msg, n, text);
        }
    }
    CHECK(mismatches == 0, "dates: %d of %d fast results differ", mismatches, fast);
    CHECK(fast > rounds / 3, "dates: only %d of %d took the fast path", fast, rounds);
    printf("dates: %d generated cases, %d fast (compared), %d general, %d differ\n", rounds, fast, general,
           mismatches);
}

static weft_value date_v(int y, int m, int d)
{
    weft_value v = {0};
    v.kind = WEFT_DATE;
    v.u.dt.year = (int16_t)y;
    v.u.dt.month = (uint8_t)m;
    v.u.dt.day = (uint8_t)d;
    return v;
}

static void check_date_filter(wr *r, const wf_def *f, weft_value v, const char *fmt, const char *expect)
{
    weft_value arg = wv_str(fmt, strlen(fmt), false);
    int rc = f->fn(r, &v, &arg);
    CHECK(rc == 0 && v.kind == WEFT_STRING && v.len == strlen(expect) && memcmp(v.u.s, expect, v.len) == 0,
          "date:\"%s\" in %s: expected [%s], got [%.*s] (rc %d)", fmt, r->language, expect,
          rc == 0 ? (int)v.len : 0, rc == 0 ? v.u.s : "", rc);
}

static void test_date_cases(wr *r, const language *xm)
{
    const wf_def *f = find_filter(wd_filters_dates, "date");
    r->catalog = NULL;
    r->language = "en";
    check_date_filter(r, f, date_v(2024, 2, 9), "M j, Y", "Feb 9, 2024");
    check_date_filter(r, f, date_v(7, 12, 31), "M j, Y y", "Dec 31, 0007 07");
    check_date_filter(r, f, date_v(2024, 2, 9), "D, d F Y (N) jS L t w z W o", "Fri, 09 February 2024 (Feb.) 9th True 29 5 40 6 2024");
    /* An empty format is no format: DATE_FORMAT. */
    check_date_filter(r, f, date_v(2024, 2, 9), "", "Feb. 9, 2024");
    check_date_filter(r, f, date_v(2024, 2, 9), "\\M j", "M 9");
    /* A named format, looked up for the language. */
    check_date_filter(r, f, date_v(2024, 2, 9), "DATE_FORMAT", "Feb. 9, 2024");
    r->language = "de";
    check_date_filter(r, f, date_v(2024, 2, 9), "DATE_FORMAT", "9. February 2024");
    check_date_filter(r, f, date_v(2024, 2, 9), "SHORT_DATE_FORMAT", "09.02.2024");
    /* Month names come from the render's catalog, and change with it. */
    r->catalog = xm->catalog;
    r->language = "xm";
    check_date_filter(r, f, date_v(2024, 2, 9), "M j, Y", "F\xC3\xA9v 9, 2024");
    check_date_filter(r, f, date_v(2024, 7, 9), "M", "\xC3\x89t\xC3\xA9 Juil");
    check_date_filter(r, f, date_v(2024, 2, 9), "F / N / E / b / D / l",
                      "f\xC3\xA9vrier / f\xC3\xA9vr. / F\xC3\xA9vrier / f\xC3\xA9v / ven / vendredi");
    check_date_filter(r, f, date_v(2024, 12, 9), "M F", "D\xC3\xA9" "c December");
    r->catalog = NULL;
    r->language = "en";
    check_date_filter(r, f, date_v(2024, 2, 9), "M j, Y", "Feb 9, 2024");
    r->catalog = xm->catalog;
    check_date_filter(r, f, date_v(2024, 2, 10), "M j, Y", "F\xC3\xA9v 10, 2024");
    /* Times of a datetime, and the words for them. */
    weft_value dt = date_v(2024, 2, 9);
    dt.kind = WEFT_DATETIME;
    dt.u.dt.hour = 0;
    check_date_filter(r, f, dt, "P|a|A|f|g:i:s.u", "minuit|du matin|AVANT|12|12:00:00.000000");
    dt.u.dt.hour = 12;
    check_date_filter(r, f, dt, "P", "midi");
    dt.u.dt.hour = 13;
    dt.u.dt.minute = 5;
    r->catalog = NULL;
    check_date_filter(r, f, dt, "P A f h H G", "1:05 p.m. PM 1:05 01 13 13");
    /* A time character on a date is Django's TypeError, not caught by date. */
    weft_value v = date_v(2024, 2, 9), arg = wv_str("H", 1, false);
    weft_error err;
    memset(&err, 0, sizeof err);
    r->err = &err;
    r->failed = false;
    CHECK(f->fn(r, &v, &arg) < 0 && err.kind == WEFT_ERROR_TYPE, "date:\"H\" on a date raises TypeError");
    r->err = NULL;
    r->failed = false;
    /* localize() of a date: DATE_FORMAT through the same path. */
    buf b;
    buf_init(&b, &A);
    r->language = "en";
    v = date_v(2024, 9, 30);
    CHECK(wd_localize_datetime(r, &b, &v) == 0 && b.len == 14 && memcmp(b.data, "Sept. 30, 2024", 14) == 0,
          "localize a date: [%.*s]", (int)b.len, b.data);
}

int main(void)
{
    arena_init(&A);
    arena_init(&S);
    wcatalogs *cats = load_catalogs();
    if (!cats) return check_report();
    for (size_t i = 1; i < COUNT(languages); i++) {
        languages[i].catalog = wcatalogs_find(cats, languages[i].code);
        CHECK(languages[i].catalog != NULL, "catalog %s", languages[i].code);
    }
    wr *r = wd_new_standalone(&A);
    const wf_def *truncatechars = find_filter(wd_filters_text, "truncatechars");
    test_truncatechars_cases(r, truncatechars);
    test_truncatechars_random(r, truncatechars, 40000);
    test_date_cases(r, &languages[COUNT(languages) - 1]);
    test_dates_random(r, 40000);
    wcatalogs_free(cats);
    remove_catalogs();
    arena_free(&A);
    arena_free(&S);
    return check_report();
}
