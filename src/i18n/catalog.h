/* Message catalogs: GNU gettext .mo files read into memory, grouped by
 * language, with Django's lookup and fallback rules.
 *
 * A catalog set is built once (wcatalogs_load) and is immutable afterwards:
 * any number of threads may look up translations in it at once, with no
 * lock and no allocation. Strings returned point into the set and live until
 * wcatalogs_free; each is followed by a NUL byte.
 *
 * Precedence. wcatalogs_load takes directories in increasing precedence: a
 * translation found under a later directory wins over one under an earlier
 * directory. To mirror Django, pass Django's own locale directory first and
 * then LOCALE_PATHS in reverse order (Django lets the first of LOCALE_PATHS
 * win, and every LOCALE_PATHS entry win over its own catalogs).
 *
 * Language fallback (Django's DjangoTranslation over Python's gettext): a
 * request for "de-at" reads the catalogs of de_AT and, for what they lack,
 * those of de. Within each directory the most specific catalog present is
 * merged with the other directories' (later directories first), and the
 * less specific ones are consulted after all of those, in directory order.
 * Language codes are normalised as Django's to_locale does ("pt-br" ->
 * "pt_BR", "zh-hans" -> "zh_Hans", "sr-latn" -> "sr_Latn"); directory names
 * are matched without regard to case. Without a catalog for the language
 * (English in Django's default setup) lookups give the message itself. */
#ifndef WEFT_DJANGO_CATALOG_H
#define WEFT_DJANGO_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "weft.h"

typedef struct wcatalogs wcatalogs;
struct wlang_catalog; /* the catalogs of one language, owned by a wcatalogs */

/* ------------------------------------------------------------------ */
/* Plural-Forms expressions                                            */
/* ------------------------------------------------------------------ */

/* A compiled "plural=" expression of a .mo header: C syntax over n, integer
 * literals, ! * / % + - < > <= >= == != && || ?: and parentheses. It is
 * evaluated with Python's semantics, since Django evaluates it through
 * Python's gettext: / and % round towards negative infinity, && and ||
 * give one of their operands. */
typedef struct wplural wplural;

/* Compiles text (len bytes). Returns NULL on a syntax error, an expression
 * longer than 1000 bytes or nested too deeply, or when out of memory. */
wplural *wplural_compile(const char *text, size_t len);
void wplural_free(wplural *p);
/* Evaluates for n. Returns false (Python would raise) on a division by zero
 * or an arithmetic overflow. */
bool wplural_eval(const wplural *p, int64_t n, int64_t *out);

/* ------------------------------------------------------------------ */
/* Catalog sets                                                        */
/* ------------------------------------------------------------------ */

/* Reads every DIR/<language>/LC_MESSAGES/NAME.mo under the n directories (in
 * increasing precedence, see above). Missing directories are skipped, as
 * Django skips missing locale paths; djangojs.mo (Django's JavaScript
 * domain, never used by templates) is skipped too. Several .mo files in one
 * LC_MESSAGES directory are read in name order, the first winning. Returns
 * NULL with err filled (WEFT_EIO naming a corrupt or unreadable file,
 * WEFT_ENOMEM) on failure. The caller frees the set with wcatalogs_free. */
wcatalogs *wcatalogs_load(const char *const *dirs, size_t n, weft_error *err);
void wcatalogs_free(wcatalogs *cats);

/* The catalogs for a Django language code ("de", "de-at", "pt-br", "de_AT"),
 * or NULL when there are none. No allocation; thread-safe. */
const struct wlang_catalog *wcatalogs_find(const wcatalogs *cats, const char *language);
/* The locale name of a catalog ("de", "pt_BR"), as spelled by its directory. */
const char *wlang_catalog_locale(const struct wlang_catalog *c);

/* Raw lookups: each returns true and sets *out (NUL-terminated) and *out_len
 * when the catalogs translate the message, false otherwise. c may be NULL.
 * They do not apply Django's conventions (newline normalisation, English
 * plural rule, the context fallback): the wr_* functions do. */
bool wlang_gettext(const struct wlang_catalog *c, const char *msgid, size_t len,
                   const char **out, size_t *out_len);
/* The message "context\x04msgid". */
bool wlang_pgettext(const struct wlang_catalog *c, const char *context, size_t context_len,
                    const char *msgid, size_t len, const char **out, size_t *out_len);
/* The plural form for n of the plural entry whose singular is msgid. */
bool wlang_ngettext(const struct wlang_catalog *c, const char *msgid, size_t len, int64_t n,
                    const char **out, size_t *out_len);
bool wlang_npgettext(const struct wlang_catalog *c, const char *context, size_t context_len,
                     const char *msgid, size_t len, int64_t n, const char **out,
                     size_t *out_len);

/* Django's to_locale: "en-us" -> "en_US", "sr-latn" -> "sr_Latn",
 * "zh-hans" -> "zh_Hans", "DE" -> "de". Writes at most size bytes including
 * a NUL; returns false when the result does not fit. */
bool wlang_to_locale(const char *language, char *out, size_t size);

#endif
