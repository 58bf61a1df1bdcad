/* Django's language tables (Django 5.2) and its lookups over them. The
 * entries are sorted by code for binary search. */
#include <stdio.h>
#include <string.h>

#include "lang_info.h"

static const wlang_info lang_info_table[] = {
    {"af", "Afrikaans", "Afrikaans", false, NULL},
    {"ar", "Arabic", "العربيّة", true, NULL},
    {"ar-dz", "Algerian Arabic", "العربية الجزائرية", true, NULL},
    {"ast", "Asturian", "asturianu", false, NULL},
    {"az", "Azerbaijani", "Azərbaycanca", true, NULL},
    {"be", "Belarusian", "беларуская", false, NULL},
    {"bg", "Bulgarian", "български", false, NULL},
    {"bn", "Bengali", "বাংলা", false, NULL},
    {"br", "Breton", "brezhoneg", false, NULL},
    {"bs", "Bosnian", "bosanski", false, NULL},
    {"ca", "Catalan", "català", false, NULL},
    {"ckb", "Central Kurdish (Sorani)", "کوردی", true, NULL},
    {"cs", "Czech", "česky", false, NULL},
    {"cy", "Welsh", "Cymraeg", false, NULL},
    {"da", "Danish", "dansk", false, NULL},
    {"de", "German", "Deutsch", false, NULL},
    {"dsb", "Lower Sorbian", "dolnoserbski", false, NULL},
    {"el", "Greek", "Ελληνικά", false, NULL},
    {"en", "English", "English", false, NULL},
    {"en-au", "Australian English", "Australian English", false, NULL},
    {"en-gb", "British English", "British English", false, NULL},
    {"eo", "Esperanto", "Esperanto", false, NULL},
    {"es", "Spanish", "español", false, NULL},
    {"es-ar", "Argentinian Spanish", "español de Argentina", false, NULL},
    {"es-co", "Colombian Spanish", "español de Colombia", false, NULL},
    {"es-mx", "Mexican Spanish", "español de Mexico", false, NULL},
    {"es-ni", "Nicaraguan Spanish", "español de Nicaragua", false, NULL},
    {"es-ve", "Venezuelan Spanish", "español de Venezuela", false, NULL},
    {"et", "Estonian", "eesti", false, NULL},
    {"eu", "Basque", "Basque", false, NULL},
    {"fa", "Persian", "فارسی", true, NULL},
    {"fi", "Finnish", "suomi", false, NULL},
    {"fr", "French", "français", false, NULL},
    {"fy", "Frisian", "frysk", false, NULL},
    {"ga", "Irish", "Gaeilge", false, NULL},
    {"gd", "Scottish Gaelic", "Gàidhlig", false, NULL},
    {"gl", "Galician", "galego", false, NULL},
    {"he", "Hebrew", "עברית", true, NULL},
    {"hi", "Hindi", "हिंदी", false, NULL},
    {"hr", "Croatian", "Hrvatski", false, NULL},
    {"hsb", "Upper Sorbian", "hornjoserbsce", false, NULL},
    {"hu", "Hungarian", "Magyar", false, NULL},
    {"hy", "Armenian", "հայերեն", false, NULL},
    {"ia", "Interlingua", "Interlingua", false, NULL},
    {"id", "Indonesian", "Bahasa Indonesia", false, NULL},
    {"ig", "Igbo", "Asụsụ Ìgbò", false, NULL},
    {"io", "Ido", "ido", false, NULL},
    {"is", "Icelandic", "Íslenska", false, NULL},
    {"it", "Italian", "italiano", false, NULL},
    {"ja", "Japanese", "日本語", false, NULL},
    {"ka", "Georgian", "ქართული", false, NULL},
    {"kab", "Kabyle", "taqbaylit", false, NULL},
    {"kk", "Kazakh", "Қазақ", false, NULL},
    {"km", "Khmer", "Khmer", false, NULL},
    {"kn", "Kannada", "Kannada", false, NULL},
    {"ko", "Korean", "한국어", false, NULL},
    {"ky", "Kyrgyz", "Кыргызча", false, NULL},
    {"lb", "Luxembourgish", "Lëtzebuergesch", false, NULL},
    {"lt", "Lithuanian", "Lietuviškai", false, NULL},
    {"lv", "Latvian", "latviešu", false, NULL},
    {"mk", "Macedonian", "Македонски", false, NULL},
    {"ml", "Malayalam", "മലയാളം", false, NULL},
    {"mn", "Mongolian", "Mongolian", false, NULL},
    {"mr", "Marathi", "मराठी", false, NULL},
    {"ms", "Malay", "Bahasa Melayu", false, NULL},
    {"my", "Burmese", "မြန်မာဘာသာ", false, NULL},
    {"nb", "Norwegian Bokmal", "norsk (bokmål)", false, NULL},
    {"ne", "Nepali", "नेपाली", false, NULL},
    {"nl", "Dutch", "Nederlands", false, NULL},
    {"nn", "Norwegian Nynorsk", "norsk (nynorsk)", false, NULL},
    {"no", "Norwegian", "norsk", false, NULL},
    {"os", "Ossetic", "Ирон", false, NULL},
    {"pa", "Punjabi", "Punjabi", false, NULL},
    {"pl", "Polish", "polski", false, NULL},
    {"pt", "Portuguese", "Português", false, NULL},
    {"pt-br", "Brazilian Portuguese", "Português Brasileiro", false, NULL},
    {"ro", "Romanian", "Română", false, NULL},
    {"ru", "Russian", "Русский", false, NULL},
    {"sk", "Slovak", "Slovensky", false, NULL},
    {"sl", "Slovenian", "Slovenščina", false, NULL},
    {"sq", "Albanian", "shqip", false, NULL},
    {"sr", "Serbian", "српски", false, NULL},
    {"sr-latn", "Serbian Latin", "srpski (latinica)", false, NULL},
    {"sv", "Swedish", "svenska", false, NULL},
    {"sw", "Swahili", "Kiswahili", false, NULL},
    {"ta", "Tamil", "தமிழ்", false, NULL},
    {"te", "Telugu", "తెలుగు", false, NULL},
    {"tg", "Tajik", "тоҷикӣ", false, NULL},
    {"th", "Thai", "ภาษาไทย", false, NULL},
    {"tk", "Turkmen", "Türkmençe", false, NULL},
    {"tr", "Turkish", "Türkçe", false, NULL},
    {"tt", "Tatar", "Татарча", false, NULL},
    {"udm", "Udmurt", "Удмурт", false, NULL},
    {"ug", "Uyghur", "ئۇيغۇرچە", true, NULL},
    {"uk", "Ukrainian", "Українська", false, NULL},
    {"ur", "Urdu", "اردو", true, NULL},
    {"uz", "Uzbek", "oʻzbek tili", false, NULL},
    {"vi", "Vietnamese", "Tiếng Việt", false, NULL},
    {"zh-cn", NULL, NULL, false, "zh-hans"},
    {"zh-hans", "Simplified Chinese", "简体中文", false, NULL},
    {"zh-hant", "Traditional Chinese", "繁體中文", false, NULL},
    {"zh-hk", NULL, NULL, false, "zh-hant"},
    {"zh-mo", NULL, NULL, false, "zh-hant"},
    {"zh-my", NULL, NULL, false, "zh-hans"},
    {"zh-sg", NULL, NULL, false, "zh-hans"},
    {"zh-tw", NULL, NULL, false, "zh-hant"},
};

#define LANG_INFO_COUNT (sizeof lang_info_table / sizeof lang_info_table[0])

static int compare_code(const char *code, size_t len, const char *entry)
{
    size_t entry_len = strlen(entry);
    int c = memcmp(code, entry, len < entry_len ? len : entry_len);
    if (c) return c;
    return len < entry_len ? -1 : len > entry_len;
}

static const wlang_info *find_exact(const char *code, size_t len)
{
    size_t lo = 0, hi = LANG_INFO_COUNT;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = compare_code(code, len, lang_info_table[mid].code);
        if (c == 0) return &lang_info_table[mid];
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return NULL;
}

const wlang_info *wlang_info_get(const char *code, size_t len)
{
    const wlang_info *info = find_exact(code, len);
    if (info) {
        if (!info->name && info->fallback) info = find_exact(info->fallback, strlen(info->fallback));
        return info;
    }
    const char *dash = memchr(code, '-', len);
    if (!dash) return NULL;
    info = find_exact(code, (size_t)(dash - code));
    /* Django does not follow a redirect found this way; no generic code is
     * one, but never hand out an entry without a name. */
    return info && info->name ? info : NULL;
}

void wlang_info_unknown(const char *code, size_t len, char *out, size_t size)
{
    const char *dash = memchr(code, '-', len);
    if (!dash)
        snprintf(out, size, "Unknown language code %.*s.", (int)len, code);
    else
        snprintf(out, size, "Unknown language code %.*s and %.*s.", (int)len, code,
                 (int)(dash - code), code);
}

const wlanguage wi_languages[] = {
    {"af", "Afrikaans"},
    {"ar", "Arabic"},
    {"ar-dz", "Algerian Arabic"},
    {"ast", "Asturian"},
    {"az", "Azerbaijani"},
    {"bg", "Bulgarian"},
    {"be", "Belarusian"},
    {"bn", "Bengali"},
    {"br", "Breton"},
    {"bs", "Bosnian"},
    {"ca", "Catalan"},
    {"ckb", "Central Kurdish (Sorani)"},
    {"cs", "Czech"},
    {"cy", "Welsh"},
    {"da", "Danish"},
    {"de", "German"},
    {"dsb", "Lower Sorbian"},
    {"el", "Greek"},
    {"en", "English"},
    {"en-au", "Australian English"},
    {"en-gb", "British English"},
    {"eo", "Esperanto"},
    {"es", "Spanish"},
    {"es-ar", "Argentinian Spanish"},
    {"es-co", "Colombian Spanish"},
    {"es-mx", "Mexican Spanish"},
    {"es-ni", "Nicaraguan Spanish"},
    {"es-ve", "Venezuelan Spanish"},
    {"et", "Estonian"},
    {"eu", "Basque"},
    {"fa", "Persian"},
    {"fi", "Finnish"},
    {"fr", "French"},
    {"fy", "Frisian"},
    {"ga", "Irish"},
    {"gd", "Scottish Gaelic"},
    {"gl", "Galician"},
    {"he", "Hebrew"},
    {"hi", "Hindi"},
    {"hr", "Croatian"},
    {"hsb", "Upper Sorbian"},
    {"hu", "Hungarian"},
    {"hy", "Armenian"},
    {"ia", "Interlingua"},
    {"id", "Indonesian"},
    {"ig", "Igbo"},
    {"io", "Ido"},
    {"is", "Icelandic"},
    {"it", "Italian"},
    {"ja", "Japanese"},
    {"ka", "Georgian"},
    {"kab", "Kabyle"},
    {"kk", "Kazakh"},
    {"km", "Khmer"},
    {"kn", "Kannada"},
    {"ko", "Korean"},
    {"ky", "Kyrgyz"},
    {"lb", "Luxembourgish"},
    {"lt", "Lithuanian"},
    {"lv", "Latvian"},
    {"mk", "Macedonian"},
    {"ml", "Malayalam"},
    {"mn", "Mongolian"},
    {"mr", "Marathi"},
    {"ms", "Malay"},
    {"my", "Burmese"},
    {"nb", "Norwegian Bokmål"},
    {"ne", "Nepali"},
    {"nl", "Dutch"},
    {"nn", "Norwegian Nynorsk"},
    {"os", "Ossetic"},
    {"pa", "Punjabi"},
    {"pl", "Polish"},
    {"pt", "Portuguese"},
    {"pt-br", "Brazilian Portuguese"},
    {"ro", "Romanian"},
    {"ru", "Russian"},
    {"sk", "Slovak"},
    {"sl", "Slovenian"},
    {"sq", "Albanian"},
    {"sr", "Serbian"},
    {"sr-latn", "Serbian Latin"},
    {"sv", "Swedish"},
    {"sw", "Swahili"},
    {"ta", "Tamil"},
    {"te", "Telugu"},
    {"tg", "Tajik"},
    {"th", "Thai"},
    {"tk", "Turkmen"},
    {"tr", "Turkish"},
    {"tt", "Tatar"},
    {"udm", "Udmurt"},
    {"ug", "Uyghur"},
    {"uk", "Ukrainian"},
    {"ur", "Urdu"},
    {"uz", "Uzbek"},
    {"vi", "Vietnamese"},
    {"zh-hans", "Simplified Chinese"},
    {"zh-hant", "Traditional Chinese"},
};

const size_t wi_languages_count =
    sizeof wi_languages / sizeof wi_languages[0];

bool wlang_is_bidi(const char *language)
{
    static const char *const bidi[] = {"he", "ar", "ar-dz", "ckb", "fa", "ug", "ur"};
    /* Only the part before the first '-' is compared, so "ar-dz" in the
     * setting never matches: Django behaves the same way. */
    size_t len = strcspn(language, "-");
    for (size_t i = 0; i < sizeof bidi / sizeof bidi[0]; i++)
        if (strlen(bidi[i]) == len && memcmp(bidi[i], language, len) == 0) return true;
    return false;
}
