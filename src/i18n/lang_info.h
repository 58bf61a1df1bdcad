/* Django's facts about languages: the LANG_INFO table of
 * django/conf/locale/__init__.py, the default LANGUAGES and LANGUAGES_BIDI
 * settings of django/conf/global_settings.py (Django 5.2), and the lookups
 * Django's translation module makes over them. Constant data: thread-safe. */
#ifndef WEFT_DJANGO_LANG_INFO_H
#define WEFT_DJANGO_LANG_INFO_H

#include <stdbool.h>
#include <stddef.h>

typedef struct wlang_info {
    const char *code;       /* "de", "pt-br" */
    const char *name;       /* English name, the msgid of its translation */
    const char *name_local; /* the name in the language itself */
    bool bidi;
    const char *fallback;   /* only for entries that just redirect ("zh-cn") */
} wlang_info;

/* Django's get_language_info(code): the entry for code; an entry that only
 * redirects gives its fallback's; an unknown "xx-yy" gives the entry of "xx"
 * (case matters, as in Django). NULL when Django raises KeyError; then
 * wlang_info_unknown writes Django's message for it. */
const wlang_info *wlang_info_get(const char *code, size_t len);
/* "Unknown language code xx." or "Unknown language code xx-yy and xx."
 * (always NUL-terminated when size > 0). */
void wlang_info_unknown(const char *code, size_t len, char *out, size_t size);

/* settings.LANGUAGES: code and English name (translate the name with
 * wd_gettext when showing it, as get_available_languages does). */
typedef struct wlanguage {
    const char *code;
    const char *name;
} wlanguage;

extern const wlanguage wi_languages[];
extern const size_t wi_languages_count;

/* Django's get_language_bidi(): whether the part of language before its
 * first '-' is in settings.LANGUAGES_BIDI. */
bool wlang_is_bidi(const char *language);

#endif
