/* Django's per-language catalog sets over .mo files: which files a
 * language reads, in which order, and Django's lookups over them. Built
 * once by wcatalogs_load; nothing is written afterwards, so lookups need no
 * lock. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "mo_file.h"

#define LOCALE_MAX 64

static void set_error(weft_error *err, weft_status code, const char *fmt, const char *arg)
{
    if (!err) return;
    memset(err, 0, sizeof *err);
    err->code = code;
    err->kind = code == WEFT_ENOMEM ? WEFT_ERROR_OUT_OF_MEMORY : WEFT_ERROR_IO;
    snprintf(err->message, sizeof err->message, fmt, arg);
}

/* ---------------------------------------------------------------- */
/* Catalog sets                                                      */
/* ---------------------------------------------------------------- */

/* One loaded file and where it came from. */
typedef struct mo_record {
    size_t dir;
    char *locale;
    mo_file *mo;
} mo_record;

struct wlang_catalog {
    char *locale;
    const mo_file **chain; /* in lookup order */
    uint32_t n_chain;
    uint32_t n_main; /* chain[0..n_main) is Django's merged catalog; the rest its fallbacks */
};

struct wcatalogs {
    mo_record *records;
    size_t n_records, cap_records;
    struct wlang_catalog *langs;
    size_t n_langs;
};

static bool ascii_equal_ci(const char *a, size_t a_len, const char *b, size_t b_len)
{
    if (a_len != b_len) return false;
    for (size_t i = 0; i < a_len; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

/* The language part of a locale name: "pt" of "pt_BR", "sr" of "sr@latin". */
static size_t locale_base_len(const char *locale)
{
    return strcspn(locale, "_.@");
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of a directory, sorted, without "." and "..". NULL names with
 * *count 0 when it cannot be read. Returns false when out of memory. */
static bool list_dir(const char *path, char ***names, size_t *count)
{
    *names = NULL;
    *count = 0;
    DIR *d = opendir(path);
    if (!d) return true;
    size_t cap = 0;
    struct dirent *ent;
    bool ok = true;
    while ((ent = readdir(d))) {
        if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0) continue;
        if (*count == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            char **grown = realloc(*names, ncap * sizeof **names);
            if (!grown) { ok = false; break; }
            *names = grown;
            cap = ncap;
        }
        char *copy = strdup(ent->d_name);
        if (!copy) { ok = false; break; }
        (*names)[(*count)++] = copy;
    }
    closedir(d);
    if (ok && *count) qsort(*names, *count, sizeof **names, compare_names);
    return ok;
}

static void free_names(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++) free(names[i]);
    free(names);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static char *join_path(const char *a, const char *b, const char *c)
{
    size_t len = strlen(a) + 1 + strlen(b) + (c ? 1 + strlen(c) : 0) + 1;
    char *p = malloc(len);
    if (p) snprintf(p, len, c ? "%s/%s/%s" : "%s/%s", a, b, c ? c : "");
    return p;
}

/* Loads DIR/<locale>/LC_MESSAGES/NAME.mo for one directory. Returns WEFT_OK or
 * an error status with err filled. */
static int load_dir(wcatalogs *cats, size_t dir_index, const char *dir, weft_error *err)
{
    char **locales;
    size_t n_locales;
    if (!list_dir(dir, &locales, &n_locales)) goto oom;
    int status = WEFT_OK;
    for (size_t i = 0; i < n_locales && status == WEFT_OK; i++) {
        char *messages = join_path(dir, locales[i], "LC_MESSAGES");
        char **files;
        size_t n_files;
        if (!messages || !list_dir(messages, &files, &n_files)) {
            free(messages);
            free_names(locales, n_locales);
            goto oom;
        }
        for (size_t j = 0; j < n_files && status == WEFT_OK; j++) {
            if (!ends_with(files[j], ".mo") || strcmp(files[j], "djangojs.mo") == 0) continue;
            char *path = join_path(messages, files[j], NULL);
            if (!path) { status = WEFT_ENOMEM; break; }
            mo_file *mo = NULL;
            switch (mo_load(path, &mo)) {
            case MO_LOADED:
                break;
            case MO_NOT_A_FILE:
                break;
            case MO_OUT_OF_MEMORY:
                status = WEFT_ENOMEM;
                break;
            case MO_UNREADABLE:
                set_error(err, WEFT_EIO, "cannot read the message catalog %s", path);
                status = WEFT_EIO;
                break;
            case MO_CORRUPT:
                set_error(err, WEFT_EIO, "corrupt message catalog %s", path);
                status = WEFT_EIO;
                break;
            }
            if (mo && cats->n_records == cats->cap_records) {
                size_t ncap = cats->cap_records ? cats->cap_records * 2 : 64;
                mo_record *grown = realloc(cats->records, ncap * sizeof *grown);
                if (grown) {
                    cats->records = grown;
                    cats->cap_records = ncap;
                }
            }
            char *locale = mo && cats->n_records < cats->cap_records ? strdup(locales[i]) : NULL;
            if (mo && !locale) {
                mo_free(mo);
                status = WEFT_ENOMEM;
            } else if (mo) {
                cats->records[cats->n_records++] = (mo_record){dir_index, locale, mo};
            }
            free(path);
        }
        free_names(files, n_files);
        free(messages);
    }
    free_names(locales, n_locales);
    if (status == WEFT_ENOMEM) goto oom;
    return status;
oom:
    set_error(err, WEFT_ENOMEM, "%s", "out of memory");
    return WEFT_ENOMEM;
}

/* Appends the files of (dir, locale) to chain. */
static void add_files(const wcatalogs *cats, size_t dir, const char *locale, size_t locale_len,
                      const mo_file **chain, uint32_t *n)
{
    for (size_t i = 0; i < cats->n_records; i++) {
        const mo_record *r = &cats->records[i];
        if (r->dir == dir && ascii_equal_ci(r->locale, strlen(r->locale), locale, locale_len))
            chain[(*n)++] = r->mo;
    }
}

static bool has_files(const wcatalogs *cats, size_t dir, const char *locale, size_t locale_len)
{
    for (size_t i = 0; i < cats->n_records; i++) {
        const mo_record *r = &cats->records[i];
        if (r->dir == dir && ascii_equal_ci(r->locale, strlen(r->locale), locale, locale_len))
            return true;
    }
    return false;
}

/* The lookup chain of one locale, as Django builds it: in each directory
 * the most specific catalog present is merged into the main catalog (later
 * directories winning); the less specific ones become fallbacks consulted
 * afterwards, in directory order. */
static bool build_chain(const wcatalogs *cats, size_t n_dirs, struct wlang_catalog *lang)
{
    lang->chain = malloc((cats->n_records ? cats->n_records : 1) * sizeof *lang->chain);
    if (!lang->chain) return false;
    const char *full = lang->locale;
    size_t full_len = strlen(full);
    size_t base_len = locale_base_len(full);
    bool has_base = base_len < full_len;
    uint32_t n = 0;
    for (size_t d = n_dirs; d-- > 0;) {
        if (has_files(cats, d, full, full_len)) add_files(cats, d, full, full_len, lang->chain, &n);
        else if (has_base) add_files(cats, d, full, base_len, lang->chain, &n);
    }
    lang->n_main = n;
    if (has_base) {
        for (size_t d = 0; d < n_dirs; d++)
            if (has_files(cats, d, full, full_len)) add_files(cats, d, full, base_len, lang->chain, &n);
    }
    lang->n_chain = n;
    return true;
}

static const struct wlang_catalog *find_lang(const wcatalogs *cats, const char *locale,
                                             size_t len)
{
    for (size_t i = 0; i < cats->n_langs; i++)
        if (ascii_equal_ci(cats->langs[i].locale, strlen(cats->langs[i].locale), locale, len))
            return &cats->langs[i];
    return NULL;
}

wcatalogs *wcatalogs_load(const char *const *dirs, size_t n, weft_error *err)
{
    wcatalogs *cats = calloc(1, sizeof *cats);
    if (!cats) {
        set_error(err, WEFT_ENOMEM, "%s", "out of memory");
        return NULL;
    }
    for (size_t d = 0; d < n; d++) {
        if (load_dir(cats, d, dirs[d], err) != WEFT_OK) {
            wcatalogs_free(cats);
            return NULL;
        }
    }
    /* One language per distinct locale name (ignoring case). */
    cats->langs = calloc(cats->n_records ? cats->n_records : 1, sizeof *cats->langs);
    if (!cats->langs) goto oom;
    for (size_t i = 0; i < cats->n_records; i++) {
        const char *locale = cats->records[i].locale;
        if (find_lang(cats, locale, strlen(locale))) continue;
        struct wlang_catalog *lang = &cats->langs[cats->n_langs];
        lang->locale = strdup(locale);
        if (!lang->locale) goto oom;
        cats->n_langs++;
        if (!build_chain(cats, n, lang)) goto oom;
    }
    return cats;
oom:
    set_error(err, WEFT_ENOMEM, "%s", "out of memory");
    wcatalogs_free(cats);
    return NULL;
}

void wcatalogs_free(wcatalogs *cats)
{
    if (!cats) return;
    for (size_t i = 0; i < cats->n_records; i++) {
        free(cats->records[i].locale);
        mo_free(cats->records[i].mo);
    }
    free(cats->records);
    for (size_t i = 0; i < cats->n_langs; i++) {
        free(cats->langs[i].locale);
        free(cats->langs[i].chain);
    }
    free(cats->langs);
    free(cats);
}

bool wlang_to_locale(const char *language, char *out, size_t size)
{
    size_t len = strlen(language);
    if (len + 1 > size) return false;
    const char *dash = strchr(language, '-');
    if (!dash || dash[1] == '\0') {
        /* No country: only the first three characters are lowered. */
        for (size_t i = 0; i < len; i++) {
            char c = language[i];
            out[i] = i < 3 && c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
        }
        out[len] = '\0';
        return true;
    }
    for (size_t i = 0; i < len; i++) {
        char c = language[i];
        out[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    out[len] = '\0';
    size_t lang_len = (size_t)(dash - language);
    out[lang_len] = '_';
    char *country = out + lang_len + 1;
    size_t country_len = strcspn(country, "-");
    if (country_len > 2) {
        /* str.title(): a letter after a non-letter is upper case */
        bool after_letter = false;
        for (size_t i = 0; i < country_len; i++) {
            char c = country[i];
            bool letter = (c >= 'a' && c <= 'z');
            if (letter && !after_letter) country[i] = (char)(c - 'a' + 'A');
            after_letter = letter;
        }
    } else {
        for (size_t i = 0; i < country_len; i++)
            if (country[i] >= 'a' && country[i] <= 'z') country[i] = (char)(country[i] - 'a' + 'A');
    }
    return true;
}

const struct wlang_catalog *wcatalogs_find(const wcatalogs *cats, const char *language)
{
    if (!cats || !language) return NULL;
    char locale[LOCALE_MAX];
    if (!wlang_to_locale(language, locale, sizeof locale)) return NULL;
    const struct wlang_catalog *c = find_lang(cats, locale, strlen(locale));
    if (!c) {
        size_t base = locale_base_len(locale);
        if (base < strlen(locale)) c = find_lang(cats, locale, base);
    }
    return c;
}

const char *wlang_catalog_locale(const struct wlang_catalog *c) { return c ? c->locale : NULL; }

/* ---------------------------------------------------------------- */
/* Lookups                                                           */
/* ---------------------------------------------------------------- */

static bool chain_gettext(const struct wlang_catalog *c, const mo_key *k, const char **out,
                          size_t *out_len)
{
    if (!c) return false;
    /* The main catalog is one merged dictionary in Django: every singular
     * entry before any plural entry. */
    for (uint32_t i = 0; i < c->n_main; i++)
        if (mo_lookup_singular(c->chain[i], k, out, out_len)) return true;
    for (uint32_t i = 0; i < c->n_main; i++)
        if (mo_lookup_plural(c->chain[i], k, 1, out, out_len)) return true;
    for (uint32_t i = c->n_main; i < c->n_chain; i++)
        if (mo_gettext(c->chain[i], k, out, out_len)) return true;
    return false;
}

static bool chain_ngettext(const struct wlang_catalog *c, const mo_key *k, int64_t n,
                           const char **out, size_t *out_len)
{
    if (!c) return false;
    for (uint32_t i = 0; i < c->n_chain; i++)
        if (mo_lookup_plural(c->chain[i], k, n, out, out_len)) return true;
    return false;
}

bool wlang_gettext(const struct wlang_catalog *c, const char *msgid, size_t len,
                   const char **out, size_t *out_len)
{
    if (!c) return false; /* no catalog: nothing to hash */
    mo_key k = mo_key_make(NULL, 0, false, msgid, len);
    return chain_gettext(c, &k, out, out_len);
}

bool wlang_pgettext(const struct wlang_catalog *c, const char *context, size_t context_len,
                    const char *msgid, size_t len, const char **out, size_t *out_len)
{
    if (!c) return false; /* no catalog: nothing to hash */
    mo_key k = mo_key_make(context, context_len, true, msgid, len);
    return chain_gettext(c, &k, out, out_len);
}

bool wlang_ngettext(const struct wlang_catalog *c, const char *msgid, size_t len, int64_t n,
                    const char **out, size_t *out_len)
{
    if (!c) return false; /* no catalog: nothing to hash */
    mo_key k = mo_key_make(NULL, 0, false, msgid, len);
    return chain_ngettext(c, &k, n, out, out_len);
}

bool wlang_npgettext(const struct wlang_catalog *c, const char *context, size_t context_len,
                     const char *msgid, size_t len, int64_t n, const char **out,
                     size_t *out_len)
{
    if (!c) return false; /* no catalog: nothing to hash */
    mo_key k = mo_key_make(context, context_len, true, msgid, len);
    return chain_ngettext(c, &k, n, out, out_len);
}
