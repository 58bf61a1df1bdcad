/* Django's per-language formats (see formats.h): the settings of
 * django/conf/locale/<locale>/formats.py that change how numbers and dates
 * print, and get_format's fall-through from a locale to its base language
 * to Django's global settings.
 *
 * The two tables keep the lookups they have always had (number formats
 * compare names ignoring case and '-' against '_'; date formats convert the
 * language with to_locale() and search the sorted table), which agree for
 * every language code Django produces. */
#include "formats.h"

#include <string.h>

/* Only to check its transitional copy of wi_number_formats against ours. */
#include "value/pyformat.h"

/* ---- number formats ------------------------------------------------------ */

/* DECIMAL_SEPARATOR, THOUSAND_SEPARATOR and NUMBER_GROUPING; NULL or -1
 * where a module does not set one, so that the lookup falls through to the
 * base language and then to Django's global settings, as get_format does. */
typedef struct numfmt_entry {
    const char *locale;
    const char *decimal_sep;
    const char *thousand_sep;
    int grouping;
} numfmt_entry;

static const numfmt_entry numfmt_table[] = {
    {"ar", ",", ".", -1},
    {"ar_DZ", ",", ".", 3},
    {"az", ",", "\xc2\xa0", 3},
    {"bg", ",", "\xc2\xa0", -1},
    {"bn", ".", ",", -1},
    {"bs", ",", ".", -1},
    {"ca", ",", ".", 3},
    {"cs", ",", "\xc2\xa0", 3},
    {"cy", ".", ",", 3},
    {"da", ",", ".", 3},
    {"de", ",", ".", 3},
    {"de_CH", ",", "\xc2\xa0", 3},
    {"el", ",", ".", 3},
    {"en", ".", ",", 3},
    {"en_AU", ".", ",", 3},
    {"en_GB", ".", ",", 3},
    {"en_IE", ".", ",", 3},
    {"eo", ",", "\xc2\xa0", 3},
    {"es", ",", ".", 3},
    {"es_AR", ",", ".", 3},
    {"es_CO", ",", ".", 3},
    {"es_MX", ".", ",", 3},
    {"es_NI", ".", ",", 3},
    {"es_PR", ".", ",", 3},
    {"et", ",", "\xc2\xa0", -1},
    {"eu", ",", ".", 3},
    {"fa", ".", ",", -1},
    {"fi", ",", "\xc2\xa0", 3},
    {"fr", ",", "\xe2\x80\xaf", 3},
    {"ga", ".", ",", -1},
    {"gd", ".", ",", -1},
    {"gl", ",", ".", -1},
    {"he", ".", ",", -1},
    {"hi", ".", ",", -1},
    {"hr", ",", ".", 3},
    {"hu", ",", "\xc2\xa0", 3},
    {"id", ",", ".", 3},
    {"ig", ".", ",", 3},
    {"is", ",", ".", 3},
    {"it", ",", ".", 3},
    {"ja", ".", ",", -1},
    {"ka", ".", " ", 3},
    {"km", ",", ".", -1},
    {"ko", ".", ",", 3},
    {"ky", ".", "\xc2\xa0", 3},
    {"lt", ",", ".", 3},
    {"lv", ",", "\xc2\xa0", 3},
    {"mk", ",", ".", 3},
    {"ml", ".", ",", 3},
    {"ms", ".", ",", 3},
    {"nb", ",", "\xc2\xa0", 3},
    {"nl", ",", ".", 3},
    {"nn", ",", "\xc2\xa0", 3},
    {"pl", ",", "\xc2\xa0", 3},
    {"pt", ",", ".", 3},
    {"pt_BR", ",", ".", 3},
    {"ro", ",", ".", 3},
    {"ru", ",", "\xc2\xa0", 3},
    {"sk", ",", "\xc2\xa0", 3},
    {"sl", ",", ".", 3},
    {"sq", ",", ".", -1},
    {"sr", ",", ".", 3},
    {"sr_Latn", ",", ".", 3},
    {"sv", ",", "\xc2\xa0", 3},
    {"tg", ",", "\xc2\xa0", 3},
    {"th", ".", ",", 3},
    {"tk", ",", "\xc2\xa0", 3},
    {"tr", ",", ".", 3},
    {"uk", ",", "\xc2\xa0", 3},
    {"uz", ",", "\xc2\xa0", 3},
    {"vi", ",", ".", -1},
    {"zh_Hans", ".", "", 4},
    {"zh_Hant", ".", "", 4},
};

/* Compares a language code with a locale name, ignoring case and treating
 * '-' and '_' alike ("pt-br" names the locale "pt_BR"). */
static bool same_locale(const char *a, size_t alen, const char *locale)
{
    size_t i = 0;
    for (; i < alen && locale[i]; i++) {
        char x = a[i], y = locale[i];
        if (x == '-') x = '_';
        if (x >= 'A' && x <= 'Z') x = (char)(x + 32);
        if (y >= 'A' && y <= 'Z') y = (char)(y + 32);
        if (x != y) return false;
    }
    return i == alen && !locale[i];
}

static const numfmt_entry *find_number_locale(const char *code, size_t len)
{
    for (size_t i = 0; i < sizeof numfmt_table / sizeof numfmt_table[0]; i++)
        if (same_locale(code, len, numfmt_table[i].locale)) return &numfmt_table[i];
    return NULL;
}

void wi_number_formats(const char *language, wpy_numfmt *out)
{
    out->decimal_sep = NULL;
    out->thousand_sep = NULL;
    out->grouping = -1;
    if (!language) language = "";
    size_t len = strlen(language);
    size_t base_len = strcspn(language, "-_");
    const numfmt_entry *tries[2] = {find_number_locale(language, len),
                                    base_len < len ? find_number_locale(language, base_len) : NULL};
    for (int t = 0; t < 2; t++) {
        const numfmt_entry *e = tries[t];
        if (!e) continue;
        if (!out->decimal_sep) out->decimal_sep = e->decimal_sep;
        if (!out->thousand_sep) out->thousand_sep = e->thousand_sep;
        if (out->grouping < 0) out->grouping = e->grouping;
    }
    /* django/conf/global_settings.py */
    if (!out->decimal_sep) out->decimal_sep = ".";
    if (!out->thousand_sep) out->thousand_sep = ",";
    if (out->grouping < 0) out->grouping = 0;
}

const char *wi_decimal_separator(const char *language)
{
    wpy_numfmt f;
    wi_number_formats(language, &f);
    return f.decimal_sep;
}

/* ---- named date formats -------------------------------------------------- */

enum { F_DATE, F_DATETIME, F_TIME, F_YEAR_MONTH, F_MONTH_DAY, F_SHORT_DATE, F_SHORT_DATETIME, F_COUNT };

static const char *const format_names[F_COUNT] = {
    "DATE_FORMAT", "DATETIME_FORMAT", "TIME_FORMAT", "YEAR_MONTH_FORMAT",
    "MONTH_DAY_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT",
};

/* Django's global defaults (django/conf/global_settings.py), used when a
 * language's formats module leaves a format out. */
static const char *const default_formats[F_COUNT] = {
    "N j, Y", "N j, Y, P", "P", "F Y", "F j", "m/d/Y", "m/d/Y P",
};

typedef struct date_formats_entry {
    const char *locale; /* Django's locale name: "de", "pt_BR", "zh_Hans" */
    const char *f[F_COUNT]; /* NULL: the default */
} date_formats_entry;

/* From django/conf/locale/<locale>/formats.py, sorted by locale. */
static const date_formats_entry date_table[] = {
    {"ar", {"j F، Y", NULL, "g:i A", "F Y", "j F", "d‏/m‏/Y", NULL}},
    {"ar_DZ", {"j F Y", "j F Y H:i", "H:i", "F Y", "j F", "j F Y", "j F Y H:i"}},
    {"az", {"j E Y", "j E Y, G:i", "G:i", "F Y", "j F", "d.m.Y", "d.m.Y H:i"}},
    {"bg", {"d F Y", NULL, "H:i", NULL, "j F", "d.m.Y", NULL}},
    {"bn", {"j F, Y", NULL, "g:i A", "F Y", "j F", "j M, Y", NULL}},
    {"bs", {"j. N Y.", "j. N. Y. G:i T", "G:i", "F Y.", "j. F", "Y M j", NULL}},
    {"ca", {"j \\d\\e F \\d\\e Y", "j \\d\\e F \\d\\e Y \\a \\l\\e\\s G:i", "G:i", "F \\d\\e\\l Y", "j \\d\\e F", "d/m/Y", "d/m/Y G:i"}},
    {"cs", {"j. E Y", "j. E Y G:i", "G:i", "F Y", "j. F", "d.m.Y", "d.m.Y G:i"}},
    {"cy", {"j F Y", "j F Y, P", "P", "F Y", "j F", "d/m/Y", "d/m/Y P"}},
    {"da", {"j. F Y", "j. F Y H:i", "H:i", "F Y", "j. F", "d.m.Y", "d.m.Y H:i"}},
    {"de", {"j. F Y", "j. F Y H:i", "H:i", "F Y", "j. F", "d.m.Y", "d.m.Y H:i"}},
    {"de_CH", {"j. F Y", "j. F Y H:i", "H:i", "F Y", "j. F", "d.m.Y", "d.m.Y H:i"}},
    {"el", {"d/m/Y", "d/m/Y P", "P", "F Y", "j F", "d/m/Y", "d/m/Y P"}},
    {"en", {"N j, Y", "N j, Y, P", "P", "F Y", "F j", "m/d/Y", "m/d/Y P"}},
    {"en_AU", {"j M Y", "j M Y, P", "P", "F Y", "j F", "d/m/Y", "d/m/Y P"}},
    {"en_GB", {"j M Y", "j M Y, P", "P", "F Y", "j F", "d/m/Y", "d/m/Y P"}},
    {"eo", {"j\\-\\a \\d\\e F Y", "j\\-\\a \\d\\e F Y\\, \\j\\e H:i", "H:i", "F \\d\\e Y", "j\\-\\a \\d\\e F", "Y-m-d", "Y-m-d H:i"}},
    {"es", {"j \\d\\e F \\d\\e Y", "j \\d\\e F \\d\\e Y \\a \\l\\a\\s H:i", "H:i", "F \\d\\e Y", "j \\d\\e F", "d/m/Y", "d/m/Y H:i"}},
    {"es_AR", {"j N Y", "j N Y H:i", "H:i", "F Y", "j \\d\\e F", "d/m/Y", "d/m/Y H:i"}},
    {"es_CO", {"j \\d\\e F \\d\\e Y", "j \\d\\e F \\d\\e Y \\a \\l\\a\\s H:i", "H:i", "F \\d\\e Y", "j \\d\\e F", "d/m/Y", "d/m/Y H:i"}},
    {"es_MX", {"j \\d\\e F \\d\\e Y", "j \\d\\e F \\d\\e Y \\a \\l\\a\\s H:i", "H:i", "F \\d\\e Y", "j \\d\\e F", "d/m/Y", "d/m/Y H:i"}},
    {"es_NI", {"j \\d\\e F \\d\\e Y", "j \\d\\e F \\d\\e Y \\a \\l\\a\\s H:i", "H:i", "F \\d\\e Y", "j \\d\\e F", "d/m/Y", "d/m/Y H:i"}},
    {"es_PR", {"j \\d\\e F \\d\\e Y", "j \\d\\e F \\d\\e Y \\a \\l\\a\\s H:i", "H:i", "F \\d\\e Y", "j \\d\\e F", "d/m/Y", "d/m/Y H:i"}},
    {"et", {"j. F Y", NULL, "G:i", NULL, "j. F", "d.m.Y", NULL}},
    {"eu", {"Y\\k\\o N j\\a", "Y\\k\\o N j\\a, H:i", "H:i", "Y\\k\\o F", "F\\r\\e\\n j\\a", "Y-m-d", "Y-m-d H:i"}},
    {"fa", {"j F Y", "j F Y، ساعت G:i", "G:i", "F Y", "j F", "Y/n/j", "Y/n/j،‏ G:i"}},
    {"fi", {"j. E Y", "j. E Y \\k\\e\\l\\l\\o G.i", "G.i", "F Y", "j. F", "j.n.Y", "j.n.Y G.i"}},
    {"fr", {"j F Y", "j F Y H:i", "H:i", "F Y", "j F", "j N Y", "j N Y H:i"}},
    {"ga", {"j F Y", NULL, "H:i", NULL, "j F", "j M Y", NULL}},
    {"gd", {"j F Y", "j F Y h:ia", "h:ia", NULL, "j F", "j M Y", "j M Y h:ia"}},
    {"gl", {"j \\d\\e F \\d\\e Y", "j \\d\\e F \\d\\e Y \\á\\s H:i", "H:i", "F \\d\\e Y", "j \\d\\e F", "d-m-Y", "d-m-Y, H:i"}},
    {"he", {"j בF Y", "j בF Y H:i", "H:i", "F Y", "j בF", "d/m/Y", "d/m/Y H:i"}},
    {"hi", {"j F Y", NULL, "g:i A", NULL, "j F", "d-m-Y", NULL}},
    {"hr", {"j. E Y.", "j. E Y. H:i", "H:i", "F Y.", "j. F", "j.m.Y.", "j.m.Y. H:i"}},
    {"hu", {"Y. F j.", "Y. F j. H:i", "H:i", "Y. F", "F j.", "Y.m.d.", "Y.m.d. H:i"}},
    {"id", {"j N Y", "j N Y, G.i", "G.i", "F Y", "j F", "d-m-Y", "d-m-Y G.i"}},
    {"ig", {"j F Y", "j F Y P", "P", "F Y", "j F", "d.m.Y", "d.m.Y H:i"}},
    {"is", {"j. F Y", NULL, "H:i", "F Y", "j. F", "j.n.Y", NULL}},
    {"it", {"d F Y", "l d F Y H:i", "H:i", "F Y", "j F", "d/m/Y", "d/m/Y H:i"}},
    {"ja", {"Y年n月j日", "Y年n月j日G:i", "G:i", "Y年n月", "n月j日", "Y/m/d", "Y/m/d G:i"}},
    {"ka", {"l, j F, Y", "j F, Y h:i a", "h:i a", "F, Y", "j F", "j.M.Y", "j.M.Y H:i"}},
    {"km", {"j ខែ F ឆ្នាំ Y", "j ខែ F ឆ្នាំ Y, G:i", "G:i", NULL, "j F", "j M Y", "j M Y, G:i"}},
    {"kn", {"j F Y", NULL, "h:i A", NULL, "j F", "j M Y", NULL}},
    {"ko", {"Y년 n월 j일", "Y년 n월 j일 g:i A", "A g:i", "Y년 n월", "n월 j일", "Y-n-j.", "Y-n-j H:i"}},
    {"ky", {"j E Y ж.", "j E Y ж. G:i", "G:i", "F Y ж.", "j F", "d.m.Y", "d.m.Y H:i"}},
    {"lt", {"Y \\m. E j \\d.", "Y \\m. E j \\d., H:i", "H:i", "Y \\m. F", "E j \\d.", "Y-m-d", "Y-m-d H:i"}},
    {"lv", {"Y. \\g\\a\\d\\a j. F", "Y. \\g\\a\\d\\a j. F, H:i", "H:i", "Y. \\g. F", "j. F", "j.m.Y", "j.m.Y H:i"}},
    {"mk", {"d F Y", "j. F Y H:i", "H:i", "F Y", "j. F", "j.m.Y", "j.m.Y H:i"}},
    {"ml", {"N j, Y", "N j, Y, P", "P", "F Y", "F j", "m/d/Y", "m/d/Y P"}},
    {"mn", {"d F Y", NULL, "g:i A", NULL, NULL, "j M Y", NULL}},
    {"nb", {"j. F Y", "j. F Y H:i", "H:i", "F Y", "j. F", "d.m.Y", "d.m.Y H:i"}},
    {"nl", {"j F Y", "j F Y H:i", "H:i", "F Y", "j F", "j-n-Y", "j-n-Y H:i"}},
    {"nn", {"j. F Y", "j. F Y H:i", "H:i", "F Y", "j. F", "d.m.Y", "d.m.Y H:i"}},
    {"pl", {"j E Y", "j E Y H:i", "H:i", "F Y", "j E", "d-m-Y", "d-m-Y  H:i"}},
    {"pt", {"j \\d\\e F \\d\\e Y", "j \\d\\e F \\d\\e Y à\\s H:i", "H:i", "F \\d\\e Y", "j \\d\\e F", "d/m/Y", "d/m/Y H:i"}},
    {"pt_BR", {"j \\d\\e F \\d\\e Y", "j \\d\\e F \\d\\e Y à\\s H:i", "H:i", "F \\d\\e Y", "j \\d\\e F", "d/m/Y", "d/m/Y H:i"}},
    {"ro", {"j F Y", "j F Y, H:i", "H:i", "F Y", "j F", "d.m.Y", "d.m.Y, H:i"}},
    {"ru", {"j E Y г.", "j E Y г. G:i", "G:i", "F Y г.", "j F", "d.m.Y", "d.m.Y H:i"}},
    {"sk", {"j. F Y", "j. F Y G:i", "G:i", "F Y", "j. F", "d.m.Y", "d.m.Y G:i"}},
    {"sl", {"d. F Y", "j. F Y. H:i", "H:i", "F Y", "j. F", "j. M. Y", "j.n.Y. H:i"}},
    {"sq", {"d F Y", NULL, "g.i.A", "F Y", "j F", "Y-m-d", NULL}},
    {"sr", {"j. F Y.", "j. F Y. H:i", "H:i", "F Y.", "j. F", "j.m.Y.", "j.m.Y. H:i"}},
    {"sr_Latn", {"j. F Y.", "j. F Y. H:i", "H:i", "F Y.", "j. F", "j.m.Y.", "j.m.Y. H:i"}},
    {"sv", {"j F Y", "j F Y H:i", "H:i", "F Y", "j F", "Y-m-d", "Y-m-d H:i"}},
    {"ta", {"j F, Y", NULL, "g:i A", NULL, "j F", "j M, Y", NULL}},
    {"te", {"j F Y", NULL, "g:i A", NULL, "j F", "j M Y", NULL}},
    {"tg", {"j E Y г.", "j E Y г. G:i", "G:i", "F Y г.", "j F", "d.m.Y", "d.m.Y H:i"}},
    {"th", {"j F Y", "j F Y, G:i", "G:i", "F Y", "j F", "j M Y", "j M Y, G:i"}},
    {"tk", {"j E Y г.", "j E Y г. G:i", "G:i", "F Y г.", "j F", "d.m.Y", "d.m.Y H:i"}},
    {"tr", {"d F Y", "d F Y H:i", "H:i", "F Y", "d F", "d M Y", "d M Y H:i"}},
    {"uk", {"d E Y р.", "d E Y р. H:i", "H:i", "F Y", "d F", "d.m.Y", "d.m.Y H:i"}},
    {"uz", {"j-E, Y-\\y\\i\\l", "j-E, Y-\\y\\i\\l G:i", "G:i", "F Y-\\y\\i\\l", "j-E", "d.m.Y", "d.m.Y H:i"}},
    {"vi", {"\\N\\gà\\y d \\t\\há\\n\\g n \\nă\\m Y", "H:i \\N\\gà\\y d \\t\\há\\n\\g n \\nă\\m Y", "H:i", "F Y", "j F", "d-m-Y", "H:i d-m-Y"}},
    {"zh_Hans", {"Y年n月j日", "Y年n月j日 H:i", "H:i", "Y年n月", "m月j日", "Y年n月j日", "Y年n月j日 H:i"}},
    {"zh_Hant", {"Y年n月j日", "Y年n月j日 H:i", "H:i", "Y年n月", "m月j日", "Y年n月j日", "Y年n月j日 H:i"}},
};

static const date_formats_entry *find_date_locale(const char *name, size_t len)
{
    size_t lo = 0, hi = sizeof date_table / sizeof *date_table;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *l = date_table[mid].locale;
        int c = strncmp(l, name, len);
        if (c == 0 && l[len] != 0) c = 1;
        if (c == 0) return &date_table[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

/* to_locale(): "pt-br" -> "pt_BR", "zh-hans" -> "zh_Hans", "sr-latn" ->
 * "sr_Latn"; then the locale and its language, as iter_format_modules. */
static const char *language_format(const char *language, int which)
{
    char loc[32];
    size_t n = 0, dash = 0;
    for (const char *p = language; *p && n + 1 < sizeof loc; p++) {
        char ch = *p;
        if (ch == '-' || ch == '_') {
            if (!dash) dash = n;
            loc[n++] = '_';
            continue;
        }
        loc[n++] = dash ? ch : (char)((ch >= 'A' && ch <= 'Z') ? ch + 32 : ch);
    }
    loc[n] = 0;
    if (dash) {
        size_t rest = n - dash - 1;
        for (size_t i = dash + 1; i < n; i++) {
            char ch = loc[i];
            bool first = i == dash + 1;
            if (rest <= 2 || first) loc[i] = (ch >= 'a' && ch <= 'z') ? (char)(ch - 32) : ch;
            else loc[i] = (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : ch;
        }
    }
    const date_formats_entry *lf = find_date_locale(loc, n);
    if (lf && lf->f[which]) return lf->f[which];
    if (dash) {
        lf = find_date_locale(loc, dash);
        if (lf && lf->f[which]) return lf->f[which];
    }
    return default_formats[which];
}

const char *wi_named_date_format(const char *language, const char *fmt, size_t fmt_len,
                                 size_t *out_len)
{
    /* Every setting name ends in "FORMAT": most formats are not names. */
    if (fmt_len < 11 || fmt[fmt_len - 1] != 'T' || memcmp(fmt + fmt_len - 6, "FORMAT", 6) != 0) {
        *out_len = fmt_len;
        return fmt;
    }
    for (int i = 0; i < F_COUNT; i++) {
        if (strlen(format_names[i]) == fmt_len && memcmp(format_names[i], fmt, fmt_len) == 0) {
            const char *f = language_format(language ? language : "en", i);
            *out_len = strlen(f);
            return f;
        }
    }
    *out_len = fmt_len;
    return fmt;
}
