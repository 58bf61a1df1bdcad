/* Unit tests of the translation runtime: plural expressions, .mo reading
 * (catalogs written by the test itself, both byte orders), Django's
 * precedence and fallback rules, the wr_*gettext conventions, the language
 * tables and the i18n filters. When Django's own catalogs are installed
 * they are read too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n/catalog.h"
#include "i18n/lang_info.h"
#include "render/state.h"
#include "syntax/django/filter_api.h"
#include "check.h"

static void check_str(const char *what, const char *got, size_t got_len, const char *expected,
                      int line)
{
    if (got && got_len == strlen(expected) && memcmp(got, expected, got_len) == 0 &&
        got[got_len] == '\0') {
        passed++;
    } else {
        failed++;
        printf("FAIL %s:%d: %s: expected \"%s\", got \"%.*s\"\n", __FILE__, line, what, expected,
               got ? (int)got_len : 6, got ? got : "(null)");
    }
}
#define CHECK_STR(what, got, len, expected) check_str(what, got, len, expected, __LINE__)

/* ------------------------------------------------------------------ */
/* Plural expressions                                                  */
/* ------------------------------------------------------------------ */

static void check_plural(const char *expr, int64_t n, int64_t expected, int line)
{
    wplural *p = wplural_compile(expr, strlen(expr));
    int64_t got = -999;
    bool ok = p && wplural_eval(p, n, &got);
    if (ok && got == expected) {
        passed++;
    } else {
        failed++;
        printf("FAIL %s:%d: plural \"%s\" n=%lld: expected %lld, got %s%lld\n", __FILE__, line,
               expr, (long long)n, (long long)expected, !p ? "no compile " : !ok ? "error " : "",
               (long long)got);
    }
    wplural_free(p);
}
#define PLURAL(expr, n, expected) check_plural(expr, n, expected, __LINE__)

static void check_plural_rejected(const char *expr, int line)
{
    wplural *p = wplural_compile(expr, strlen(expr));
    if (!p) {
        passed++;
    } else {
        failed++;
        printf("FAIL %s:%d: plural \"%.40s\" should not compile\n", __FILE__, line, expr);
        wplural_free(p);
    }
}
#define PLURAL_REJECTED(expr) check_plural_rejected(expr, __LINE__)

static void test_plural(void)
{
    const char *slavic = "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
                         "(n%100<12 || n%100>14) ? 1 : n%10==0 || (n%10>=5 && n%10<=9) || "
                         "(n%100>=11 && n%100<=14)? 2 : 3)";
    PLURAL(slavic, 1, 0);
    PLURAL(slavic, 21, 0);
    PLURAL(slavic, 11, 2);
    PLURAL(slavic, 3, 1);
    PLURAL(slavic, 13, 2);
    PLURAL(slavic, 25, 2);
    PLURAL(slavic, 0, 2);
    PLURAL(slavic, 102, 1);
    const char *six = "n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
                      "n%100>=11 && n%100<=99 ? 4 : 5";
    PLURAL(six, 0, 0);
    PLURAL(six, 2, 2);
    PLURAL(six, 105, 3);
    PLURAL(six, 111, 4);
    PLURAL(six, 100, 5);
    PLURAL("(n != 1)", 1, 0);
    PLURAL("(n != 1)", 0, 1);
    PLURAL("n > 1", 1, 0);
    PLURAL("0", 12345, 0);
    PLURAL("1 + 2 * 3", 0, 7);
    PLURAL("(1 + 2) * 3", 0, 9);
    PLURAL("10 - 4 - 3", 0, 3);   /* left-associative */
    PLURAL("n < 2 < 3", 5, 1);   /* (n<2)<3, not a chained comparison */
    PLURAL("!n", 0, 1);
    PLURAL("!!n", 7, 1);
    PLURAL("!n + 1", 0, 2);
    PLURAL("n && 5", 3, 5);      /* Python's `and` gives an operand */
    PLURAL("n && 5", 0, 0);
    PLURAL("n || 4", 0, 4);
    PLURAL("n || 4", 9, 9);
    PLURAL("n / 3", -1, -1);     /* floor division */
    PLURAL("n % 3", -1, 2);      /* Python's modulo */
    PLURAL_REJECTED("n % -3"); /* no unary minus in Python's c2py */
    PLURAL("n ? 1 : 2 ? 3 : 4", 0, 3);
    PLURAL("n==1 ? 0 : n==2 ? 1 : 2", 2, 1);
    PLURAL("\tn  >=\t2", 2, 1);

    wplural *p = wplural_compile("1 / (n - 1)", 11);
    int64_t out;
    CHECK(p && !wplural_eval(p, 1, &out), "division by zero must be an evaluation error");
    CHECK(p && wplural_eval(p, 3, &out) && out == 0, "1 / 2 floors to 0");
    wplural_free(p);
    p = wplural_compile("n % 0", 5);
    CHECK(p && !wplural_eval(p, 4, &out), "modulo by zero must be an evaluation error");
    wplural_free(p);
    p = wplural_compile("n * n * n", 9);
    CHECK(p && !wplural_eval(p, INT64_MAX / 2, &out), "overflow must be an evaluation error");
    wplural_free(p);

    PLURAL_REJECTED("");
    PLURAL_REJECTED("n +");
    PLURAL_REJECTED("(n");
    PLURAL_REJECTED("n)");
    PLURAL_REJECTED("2n");
    PLURAL_REJECTED("nn");
    PLURAL_REJECTED("x");
    PLURAL_REJECTED("-n");
    PLURAL_REJECTED("n = 1");
    PLURAL_REJECTED("n & 1");
    PLURAL_REJECTED("n ? 1");
    PLURAL_REJECTED("n ? 1 : ");
    PLURAL_REJECTED("n; plural=2");
    PLURAL_REJECTED("99999999999999999999");

    /* Deep nesting and long texts are refused, not recursed into. */
    char deep[1001];
    memset(deep, '(', 500);
    deep[500] = 'n';
    memset(deep + 501, ')', 499);
    deep[1000] = '\0';
    PLURAL_REJECTED(deep);
    memset(deep, '!', 999);
    deep[999] = 'n';
    deep[1000] = '\0';
    PLURAL_REJECTED(deep);
    char *longer = malloc(2001);
    for (int i = 0; i < 1000; i++) memcpy(longer + 2 * i, "n+", 2);
    longer[1999] = '1';
    longer[2000] = '\0';
    PLURAL_REJECTED(longer);
    free(longer);
    /* A long flat expression within the limit is fine. */
    char flat[1000];
    size_t len = 0;
    flat[len++] = 'n';
    while (len + 2 < sizeof flat - 1) {
        flat[len++] = '+';
        flat[len++] = '1';
    }
    flat[len] = '\0';
    PLURAL(flat, 0, (int64_t)(len - 1) / 2);
}

/* ------------------------------------------------------------------ */
/* Writing .mo files                                                   */
/* ------------------------------------------------------------------ */

typedef struct mo_msg {
    const char *id;
    size_t id_len; /* 0: strlen */
    const char *str;
    size_t str_len;
} mo_msg;

static void put_u32(unsigned char *p, uint32_t v, bool big_endian)
{
    for (int i = 0; i < 4; i++) p[big_endian ? 3 - i : i] = (unsigned char)(v >> (8 * i));
}

/* Lays out a .mo image: header, the two index tables, then the strings,
 * each followed by its NUL. Messages stay in the given order (unsorted
 * files must work: weft builds its own index). */
static unsigned char *build_mo(const mo_msg *msgs, size_t n, bool big_endian, size_t *size)
{
    size_t total = 28 + 16 * n;
    for (size_t i = 0; i < n; i++) {
        size_t il = msgs[i].id_len ? msgs[i].id_len : strlen(msgs[i].id);
        size_t sl = msgs[i].str_len ? msgs[i].str_len : strlen(msgs[i].str);
        total += il + 1 + sl + 1;
    }
    unsigned char *buf = calloc(1, total);
    put_u32(buf, 0x950412de, big_endian);
    put_u32(buf + 4, 0, big_endian);
    put_u32(buf + 8, (uint32_t)n, big_endian);
    put_u32(buf + 12, 28, big_endian);
    put_u32(buf + 16, (uint32_t)(28 + 8 * n), big_endian);
    put_u32(buf + 20, 0, big_endian); /* no hash table */
    put_u32(buf + 24, 0, big_endian);
    size_t off = 28 + 16 * n;
    for (size_t i = 0; i < n; i++) {
        size_t il = msgs[i].id_len ? msgs[i].id_len : strlen(msgs[i].id);
        put_u32(buf + 28 + 8 * i, (uint32_t)il, big_endian);
        put_u32(buf + 28 + 8 * i + 4, (uint32_t)off, big_endian);
        memcpy(buf + off, msgs[i].id, il);
        off += il + 1;
    }
    for (size_t i = 0; i < n; i++) {
        size_t sl = msgs[i].str_len ? msgs[i].str_len : strlen(msgs[i].str);
        put_u32(buf + 28 + 8 * n + 8 * i, (uint32_t)sl, big_endian);
        put_u32(buf + 28 + 8 * n + 8 * i + 4, (uint32_t)off, big_endian);
        memcpy(buf + off, msgs[i].str, sl);
        off += sl + 1;
    }
    *size = total;
    return buf;
}

/* Files and directories created, removed at the end in reverse order. */
static char *created[64];
static size_t n_created;

static void make_dir(const char *path)
{
    if (mkdir(path, 0700) == 0 && n_created < 64) created[n_created++] = strdup(path);
}

static void write_bytes(const char *root, const char *locale, const char *file,
                        const unsigned char *data, size_t size)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", root, locale);
    make_dir(path);
    snprintf(path, sizeof path, "%s/%s/LC_MESSAGES", root, locale);
    make_dir(path);
    snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/%s", root, locale, file);
    FILE *f = fopen(path, "wb");
    if (!f) {
        failed++;
        printf("FAIL: cannot write %s\n", path);
        return;
    }
    fwrite(data, 1, size, f);
    fclose(f);
    for (size_t i = 0; i < n_created; i++)
        if (strcmp(created[i], path) == 0) return;
    if (n_created < 64) created[n_created++] = strdup(path);
}

static void write_mo(const char *root, const char *locale, const mo_msg *msgs, size_t n,
                     bool big_endian)
{
    size_t size;
    unsigned char *data = build_mo(msgs, n, big_endian, &size);
    write_bytes(root, locale, "django.mo", data, size);
    free(data);
}

static void remove_created(void)
{
    while (n_created) {
        char *p = created[--n_created];
        if (remove(p) != 0) printf("note: could not remove %s\n", p);
        free(p);
    }
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* Catalog sets                                                        */
/* ------------------------------------------------------------------ */

static const char *lookup(const struct wlang_catalog *c, const char *msgid)
{
    const char *out;
    size_t len;
    return wlang_gettext(c, msgid, strlen(msgid), &out, &len) ? out : NULL;
}

static void test_catalog_sets(const char *root_low, const char *root_high, const char *root_bad)
{
    static const char slavic_header[] =
        "Project-Id-Version: test\n"
        "Content-Type: text/plain; charset=UTF-8\n"
        "Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
        "n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n";
    /* The low-precedence directory: no Plural-Forms (Python's n != 1). */
    const mo_msg low_xx[] = {
        {"Two", 0, "A-two", 0},
        {"One", 0, "A-one", 0},
        {"Three", 0, "A-three", 0},
        {"dog\0dogs", 8, "A-dog\0A-dogs", 12},
        {"Line\nbreak", 0, "Zeilen\numbruch", 0},
        {"menu\x04Open", 0, "Oeffnen (Menue)", 0},
        {"Open", 0, "Offen", 0},
        {"fruit\x04" "apple\0apples", 19, "Apfel\0Aepfel\0Aepfeln", 21},
        {"Seven", 0, "Sieben", 0},
        {"Seven", 0, "Sieben (later)", 0}, /* a repeated msgid: the later wins */
    };
    write_mo(root_low, "xx", low_xx, COUNT(low_xx), false);
    const mo_msg low_zz[] = {
        {"", 0, slavic_header, 0},
        {"apple\0apples", 12, "jablko\0jablka\0jablek", 21},
        {"file\0files", 11, "plik\0pliki", 10}, /* fewer forms than the rule gives */
    };
    write_mo(root_low, "zz", low_zz, COUNT(low_zz), true);
    /* The high-precedence directory, big-endian. */
    const mo_msg high_xx[] = {
        {"", 0, "Plural-Forms: nplurals=2; plural=(n > 1);\n", 0},
        {"One", 0, "B-one", 0},
        {"Four", 0, "B-four", 0},
        {"cat\0cats", 8, "B-cat\0B-cats", 12},
    };
    write_mo(root_high, "xx", high_xx, COUNT(high_xx), true);
    const mo_msg high_xx_yy[] = {
        {"Two", 0, "B-YY-two", 0},
    };
    write_mo(root_high, "xx_YY", high_xx_yy, COUNT(high_xx_yy), false);
    /* A JavaScript catalog and a stray file are not read. */
    const mo_msg js[] = {{"One", 0, "JS-one", 0}};
    size_t js_size;
    unsigned char *js_data = build_mo(js, 1, false, &js_size);
    write_bytes(root_high, "xx", "djangojs.mo", js_data, js_size);
    free(js_data);
    write_bytes(root_high, "xx", "README.txt", (const unsigned char *)"x", 1);

    const char *dirs[] = {root_low, "/nonexistent/weft/locale", root_high};
    weft_error err;
    memset(&err, 0, sizeof err);
    wcatalogs *cats = wcatalogs_load(dirs, 3, &err);
    CHECK(cats != NULL, "loading the test catalogs: %s", err.message);
    if (!cats) return;

    const struct wlang_catalog *xx = wcatalogs_find(cats, "xx");
    CHECK(xx != NULL, "catalog xx");
    CHECK_STR("locale of xx", wlang_catalog_locale(xx), 2, "xx");
    CHECK_STR("later directory wins", lookup(xx, "One"), 5, "B-one");
    CHECK_STR("earlier directory fills in", lookup(xx, "Two"), 5, "A-two");
    CHECK_STR("only in the later one", lookup(xx, "Four"), 6, "B-four");
    CHECK_STR("repeated msgid", lookup(xx, "Seven"), 14, "Sieben (later)");
    CHECK(lookup(xx, "Missing") == NULL, "untranslated message");
    CHECK(lookup(xx, "") == NULL, "the header is not a message");
    CHECK(lookup(xx, "On") == NULL && lookup(xx, "One ") == NULL, "prefix is not a match");

    /* gettext on a plural entry gives its form for 1. */
    CHECK_STR("gettext of a plural entry", lookup(xx, "dog"), 5, "A-dog");

    const char *out;
    size_t len;
    /* Each file keeps its own plural rule: n > 1 for cats, n != 1 for dogs. */
    CHECK(wlang_ngettext(xx, "cat", 3, 0, &out, &len), "cat n=0");
    CHECK_STR("cat n=0 (n > 1)", out, len, "B-cat");
    CHECK(wlang_ngettext(xx, "dog", 3, 0, &out, &len), "dog n=0");
    CHECK_STR("dog n=0 (n != 1)", out, len, "A-dogs");
    CHECK(!wlang_ngettext(xx, "One", 3, 1, &out, &len), "ngettext ignores singular entries");

    CHECK(wlang_pgettext(xx, "menu", 4, "Open", 4, &out, &len), "context entry");
    CHECK_STR("pgettext", out, len, "Oeffnen (Menue)");
    CHECK(!wlang_pgettext(xx, "other", 5, "Open", 4, &out, &len), "unknown context");
    CHECK(!wlang_pgettext(xx, "men", 3, "uOpen", 5, &out, &len), "context split elsewhere");
    CHECK(wlang_npgettext(xx, "fruit", 5, "apple", 5, 2, &out, &len), "npgettext");
    CHECK_STR("npgettext n=2", out, len, "Aepfel");

    /* de-at style fallback, Django's precedence quirk included: in the
     * later directory xx_YY is the primary catalog and its xx a fallback, so
     * the earlier directory's xx comes before it. */
    const struct wlang_catalog *xx_yy = wcatalogs_find(cats, "xx-yy");
    CHECK(xx_yy != NULL && xx_yy != xx, "catalog xx_YY");
    CHECK_STR("locale of xx_YY", wlang_catalog_locale(xx_yy), 5, "xx_YY");
    CHECK_STR("specific catalog", lookup(xx_yy, "Two"), 8, "B-YY-two");
    CHECK_STR("earlier directory's xx before later fallback", lookup(xx_yy, "One"), 5, "A-one");
    CHECK_STR("later directory's xx as fallback", lookup(xx_yy, "Four"), 6, "B-four");
    CHECK(wcatalogs_find(cats, "xx_YY") == xx_yy, "xx_YY spelled as a locale");
    CHECK(wcatalogs_find(cats, "XX-yy") == xx_yy, "case of the code");
    CHECK(wcatalogs_find(cats, "xx-qq") == xx, "unknown country falls back to the language");
    CHECK(wcatalogs_find(cats, "qq") == NULL, "unknown language");
    CHECK(wcatalogs_find(cats, "qq-xx") == NULL, "unknown language with a country");
    CHECK(wcatalogs_find(NULL, "xx") == NULL, "no catalog set");
    CHECK(lookup(NULL, "One") == NULL, "no catalog");

    /* Plural-Forms header and a big-endian file. */
    const struct wlang_catalog *zz = wcatalogs_find(cats, "zz");
    static const struct {
        int64_t n;
        const char *form;
    } forms[] = {{1, "jablko"}, {2, "jablka"}, {5, "jablek"}, {21, "jablko"}, {22, "jablka"},
                 {12, "jablek"}, {0, "jablek"}, {111, "jablek"}, {-1, "jablek"}};
    for (size_t i = 0; i < COUNT(forms); i++) {
        char what[64];
        snprintf(what, sizeof what, "zz apple n=%lld", (long long)forms[i].n);
        bool found = wlang_ngettext(zz, "apple", 5, forms[i].n, &out, &len);
        CHECK_STR(what, found ? out : NULL, len, forms[i].form);
    }
    CHECK(wlang_ngettext(zz, "file", 4, 2, &out, &len), "file n=2");
    CHECK(!wlang_ngettext(zz, "file", 4, 5, &out, &len), "a missing plural form is untranslated");

    /* The render-time conventions. */
    arena a;
    arena_init(&a);
    wr *r = wd_new_standalone(&a);
    r->catalog = xx;
    out = wd_gettext(r, "One", &len);
    CHECK_STR("wd_gettext", out, len, "B-one");
    out = wd_gettext(r, "Nope", &len);
    CHECK_STR("wd_gettext untranslated", out, len, "Nope");
    out = wd_gettext(r, "", &len);
    CHECK_STR("wd_gettext empty", out, len, "");
    out = wd_gettext(r, "Line\r\nbreak", &len);
    CHECK_STR("wd_gettext CRLF", out, len, "Zeilen\numbruch");
    out = wd_gettext(r, "Line\rbreak", &len);
    CHECK_STR("wd_gettext CR", out, len, "Zeilen\numbruch");
    out = wd_gettext(r, "a\r\nb\rc", &len);
    CHECK_STR("wd_gettext CR untranslated", out, len, "a\nb\nc");
    out = wd_pgettext(r, "menu", "Open", &len);
    CHECK_STR("wd_pgettext", out, len, "Oeffnen (Menue)");
    out = wd_pgettext(r, "other", "Open", &len);
    CHECK_STR("wd_pgettext no context fallback", out, len, "Open");
    out = wd_ngettext(r, "cat", "cats", 7, &len);
    CHECK_STR("wd_ngettext", out, len, "B-cats");
    out = wd_ngettext(r, "bird", "birds", 1, &len);
    CHECK_STR("wd_ngettext English 1", out, len, "bird");
    out = wd_ngettext(r, "bird", "birds", 0, &len);
    CHECK_STR("wd_ngettext English 0", out, len, "birds");
    out = wd_npgettext(r, "fruit", "apple", "apples", 1, &len);
    CHECK_STR("wd_npgettext", out, len, "Apfel");
    out = wd_npgettext(r, "pets", "dog", "dogs", 2, &len);
    CHECK_STR("wd_npgettext falls back without context", out, len, "A-dogs");
    out = wd_npgettext(r, "pets", "eel", "eels", 2, &len);
    CHECK_STR("wd_npgettext English", out, len, "eels");
    r->catalog = NULL;
    out = wd_gettext(r, "One", &len);
    CHECK_STR("no catalog: identity", out, len, "One");
    out = wd_pgettext(r, "menu", "Open", &len);
    CHECK_STR("no catalog: pgettext", out, len, "Open");
    CHECK(!r->failed, "no render failure");
    arena_free(&a);
    wcatalogs_free(cats);

    /* Corrupt files make the load fail with an I/O error naming the file. */
    const mo_msg good[] = {{"A", 0, "B", 0}};
    size_t size;
    unsigned char *img = build_mo(good, 1, false, &size);
    struct {
        const char *what;
        size_t offset; /* byte to change, or SIZE_MAX to truncate */
        unsigned char value;
        size_t keep;
    } cases[] = {
        {"bad magic", 0, 0x00, 0},
        {"major version 2", 6, 0x02, 0},
        {"string beyond the end", 32, 0xff, 0},
        {"length beyond the end", 28, 0xf0, 0},
        {"no NUL after a string", 0, 0, 1},
        {"truncated header", SIZE_MAX, 0, 12},
        {"truncated tables", SIZE_MAX, 0, 40},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        unsigned char *bad = malloc(size);
        memcpy(bad, img, size);
        size_t bad_size = size;
        if (cases[i].offset == SIZE_MAX) bad_size = cases[i].keep;
        else if (cases[i].keep == 1) bad[size - 1] = 'x'; /* the msgstr's NUL */
        else bad[cases[i].offset] = cases[i].value;
        write_bytes(root_bad, "xx", "django.mo", bad, bad_size);
        free(bad);
        const char *bad_dirs[] = {root_bad};
        memset(&err, 0, sizeof err);
        wcatalogs *c = wcatalogs_load(bad_dirs, 1, &err);
        CHECK(c == NULL && err.code == WEFT_EIO && strstr(err.message, "django.mo"),
              "%s: expected a load error, got %s (%s)", cases[i].what, c ? "a catalog" : "NULL",
              err.message);
        wcatalogs_free(c);
    }
    free(img);
    /* A header whose plural rule does not compile keeps n != 1. */
    const mo_msg odd[] = {{"", 0, "Plural-Forms: nplurals=2; plural=n +;\n", 0},
                          {"x\0xs", 4, "X1\0X2", 5}};
    write_mo(root_bad, "xx", odd, COUNT(odd), false);
    const char *bad_dirs[] = {root_bad};
    cats = wcatalogs_load(bad_dirs, 1, &err);
    CHECK(cats != NULL, "a bad plural rule is not fatal");
    CHECK(cats && wlang_ngettext(wcatalogs_find(cats, "xx"), "x", 1, 0, &out, &len) &&
              strcmp(out, "X2") == 0,
          "bad plural rule falls back to n != 1");
    wcatalogs_free(cats);
}

static void test_to_locale(void)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"en-us", "en_US"},     {"pt-br", "pt_BR"},     {"zh-hans", "zh_Hans"},
        {"sr-latn", "sr_Latn"}, {"de-at", "de_AT"},     {"DE-AT", "de_AT"},
        {"de", "de"},           {"DE", "de"},           {"de_AT", "de_AT"},
        {"es-419", "es_419"},   {"de-at-x", "de_AT-x"}, {"ZH-HANS", "zh_Hans"},
        {"de-", "de-"},         {"", ""},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        char out[64] = "";
        bool ok = wlang_to_locale(cases[i].in, out, sizeof out);
        CHECK(ok && strcmp(out, cases[i].out) == 0, "to_locale(%s): expected %s, got %s",
              cases[i].in, cases[i].out, out);
    }
    char small[4];
    CHECK(!wlang_to_locale("en-us", small, sizeof small), "to_locale must not overflow");
}

/* ------------------------------------------------------------------ */
/* Language tables and filters                                         */
/* ------------------------------------------------------------------ */

static const wlang_info *info(const char *code) { return wlang_info_get(code, strlen(code)); }

static void test_lang_info(void)
{
    const wlang_info *i = info("hu");
    CHECK(i && strcmp(i->name, "Hungarian") == 0 && strcmp(i->name_local, "Magyar") == 0 &&
              !i->bidi,
          "hu");
    i = info("he");
    CHECK(i && i->bidi && strcmp(i->code, "he") == 0, "he is bidi");
    i = info("de-at");
    CHECK(i && strcmp(i->code, "de") == 0, "de-at falls back to de");
    i = info("zh-cn");
    CHECK(i && strcmp(i->code, "zh-hans") == 0 && strcmp(i->name, "Simplified Chinese") == 0,
          "zh-cn redirects to zh-hans");
    i = info("zh-tw");
    CHECK(i && strcmp(i->code, "zh-hant") == 0, "zh-tw redirects to zh-hant");
    i = info("sr-latn");
    CHECK(i && strcmp(i->name, "Serbian Latin") == 0, "sr-latn");
    i = info("pt-br");
    CHECK(i && strcmp(i->name_local, "Português Brasileiro") == 0, "pt-br");
    CHECK(info("ckb") && info("ug") && info("ms"), "languages added after Django 3.2");
    CHECK(info("DE") == NULL, "codes are case-sensitive");
    CHECK(info("xx") == NULL && info("xx-yy") == NULL && info("") == NULL, "unknown codes");
    char msg[128];
    wlang_info_unknown("xx", 2, msg, sizeof msg);
    CHECK(strcmp(msg, "Unknown language code xx.") == 0, "message: %s", msg);
    wlang_info_unknown("xx-yy", 5, msg, sizeof msg);
    CHECK(strcmp(msg, "Unknown language code xx-yy and xx.") == 0, "message: %s", msg);

    bool de = false;
    for (size_t k = 0; k < wi_languages_count; k++)
        if (strcmp(wi_languages[k].code, "de") == 0)
            de = strcmp(wi_languages[k].name, "German") == 0;
    CHECK(de, "LANGUAGES has de German");
    CHECK(wi_languages_count > 90, "LANGUAGES size %zu", wi_languages_count);
    for (size_t k = 0; k < wi_languages_count; k++)
        CHECK(info(wi_languages[k].code) != NULL, "LANG_INFO lacks %s",
              wi_languages[k].code);

    CHECK(wlang_is_bidi("ar") && wlang_is_bidi("he") && wlang_is_bidi("ar-dz") &&
              wlang_is_bidi("fa-ir") && wlang_is_bidi("ug"),
          "bidi languages");
    CHECK(!wlang_is_bidi("en") && !wlang_is_bidi("de-at") && !wlang_is_bidi("") &&
              !wlang_is_bidi("az"),
          "left-to-right languages");
}

static const wf_def *filter(const char *name)
{
    for (const wf_def *f = wd_filters_i18n; f->name; f++)
        if (strcmp(f->name, name) == 0) return f;
    return NULL;
}

static void check_filter(wr *r, const char *name, const char *input, const char *expected,
                         int line)
{
    const wf_def *f = filter(name);
    weft_value v = wv_str(input, strlen(input), false);
    int rc = f ? f->fn(r, &v, NULL) : -1;
    char got[256] = "(failed)";
    if (rc == 0 && v.kind == WEFT_STRING) snprintf(got, sizeof got, "%.*s", (int)v.len, v.u.s);
    else if (rc == 0 && v.kind == WEFT_BOOL) snprintf(got, sizeof got, "%s", v.u.b ? "True" : "False");
    if (strcmp(got, expected) == 0) {
        passed++;
    } else {
        failed++;
        printf("FAIL %s:%d: %s(%s): expected %s, got %s\n", __FILE__, line, name, input, expected,
               got);
    }
}
#define FILTER(r, name, input, expected) check_filter(r, name, input, expected, __LINE__)

static void test_filters(const wcatalogs *django)
{
    arena a;
    arena_init(&a);
    wr *r = wd_new_standalone(&a);
    FILTER(r, "language_name", "hu", "Hungarian");
    FILTER(r, "language_name_local", "nl", "Nederlands");
    FILTER(r, "language_bidi", "ar", "True");
    FILTER(r, "language_bidi", "hu", "False");
    FILTER(r, "language_name_translated", "hu", "Hungarian");
    FILTER(r, "language_name", "fr-ca", "French");
    CHECK(filter("language_name") && filter("language_name")->flags == 0, "flags");

    weft_error err;
    memset(&err, 0, sizeof err);
    r->err = &err;
    weft_value v = wv_str("xx", 2, false);
    CHECK(filter("language_name")->fn(r, &v, NULL) == -1 && r->failed &&
              strcmp(err.message, "'Unknown language code xx.'") == 0,
          "unknown code: %s", err.message);
    r = wd_new_standalone(&a);
    r->err = &err;
    v = wv_int(5);
    CHECK(filter("language_bidi")->fn(r, &v, NULL) == -1 && err.kind == WEFT_ERROR_TYPE,
          "an int is not a language code");

    if (django) {
        r = wd_new_standalone(&a);
        r->catalog = wcatalogs_find(django, "de");
        FILTER(r, "language_name_translated", "hu", "Ungarisch");
        FILTER(r, "language_name", "hu", "Hungarian");
        r->catalog = wcatalogs_find(django, "fr");
        FILTER(r, "language_name_translated", "de", "Allemand");
    }
    arena_free(&a);
}

/* ------------------------------------------------------------------ */
/* Django's installed catalogs                                         */
/* ------------------------------------------------------------------ */

#define DJANGO_LOCALE "/usr/lib/python3/dist-packages/django/conf/locale"

static wcatalogs *test_django_catalogs(void)
{
    struct stat st;
    if (stat(DJANGO_LOCALE "/de/LC_MESSAGES/django.mo", &st) != 0) {
        printf("note: Django's catalogs are not installed; skipping those checks\n");
        return NULL;
    }
    const char *dirs[] = {DJANGO_LOCALE};
    weft_error err;
    memset(&err, 0, sizeof err);
    wcatalogs *cats = wcatalogs_load(dirs, 1, &err);
    CHECK(cats != NULL, "loading Django's catalogs: %s", err.message);
    if (!cats) return NULL;
    const char *out;
    size_t len;
    const struct wlang_catalog *de = wcatalogs_find(cats, "de");
    CHECK_STR("de Yes", lookup(de, "Yes"), 2, "Ja");
    CHECK_STR("de-at Yes", lookup(wcatalogs_find(cats, "de-at"), "Yes"), 2, "Ja");
    CHECK(wcatalogs_find(cats, "de-ch") == de, "de_CH has formats but no catalog");
    const struct wlang_catalog *en_gb = wcatalogs_find(cats, "en-gb");
    CHECK(en_gb && en_gb != wcatalogs_find(cats, "en") &&
              strcmp(wlang_catalog_locale(en_gb), "en_GB") == 0,
          "en_GB has its own catalog");
    CHECK_STR("fr Yes", lookup(wcatalogs_find(cats, "fr"), "Yes"), 3, "Oui");
    CHECK_STR("pt-br Yes", lookup(wcatalogs_find(cats, "pt-br"), "Yes"), 3, "Sim");
    CHECK_STR("zh-hans Yes", lookup(wcatalogs_find(cats, "zh-hans"), "Yes"), 3, "是");
    CHECK(lookup(wcatalogs_find(cats, "en"), "Yes") == NULL, "English is the identity");

    const struct wlang_catalog *ru = wcatalogs_find(cats, "ru");
    static const struct {
        int64_t n;
        const char *form;
    } bytes[] = {{1, "%(size)d байт"}, {3, "%(size)d байта"}, {5, "%(size)d байт"},
                 {21, "%(size)d байт"}};
    for (size_t i = 0; i < COUNT(bytes); i++) {
        bool found = wlang_ngettext(ru, "%(size)d byte", 13, bytes[i].n, &out, &len);
        CHECK_STR("ru bytes", found ? out : NULL, len, bytes[i].form);
    }
    CHECK(wlang_pgettext(ru, "abbrev. month", 13, "May", 3, &out, &len), "ru abbrev. May");
    CHECK_STR("ru abbrev. May", out, len, "Май");
    CHECK(wlang_pgettext(ru, "alt. month", 10, "May", 3, &out, &len), "ru alt. May");
    CHECK_STR("ru alt. May", out, len, "мая");
    return cats;
}

int main(void)
{
    test_plural();
    test_to_locale();
    test_lang_info();

    char low[] = "/tmp/weft_i18n_low_XXXXXX";
    char high[] = "/tmp/weft_i18n_high_XXXXXX";
    char bad[] = "/tmp/weft_i18n_bad_XXXXXX";
    if (mkdtemp(low) && mkdtemp(high) && mkdtemp(bad)) {
        test_catalog_sets(low, high, bad);
        remove_created();
    } else {
        failed++;
        printf("FAIL: cannot create temporary directories\n");
    }
    rmdir(low);
    rmdir(high);
    rmdir(bad);

    wcatalogs *django = test_django_catalogs();
    test_filters(django);
    wcatalogs_free(django);

    return check_report();
}
