/* Django's filters: their table entries, and what they see of a render
 * beyond the core's (render/render.h): Django's USE_TZ, its translation
 * conventions, and the resolution of dotted paths.
 *
 * A filter receives the value in *val and replaces it with its result. Its
 * argument is NULL when the template gave none. Result strings are allocated
 * in wr_arena(r), which lives as long as the render; input values must never
 * be modified (they may belong to the host or be shared by other threads).
 *
 * The dispatcher, not the filter, applies Django's is_safe rule (a safe input
 * gives a safe output when the filter is flagged WF_IS_SAFE) and converts
 * datetimes to local time for WF_EXPECTS_LOCALTIME. A filter that produces
 * markup marks its own result safe. */
#ifndef WEFT_DJANGO_FILTER_API_H
#define WEFT_DJANGO_FILTER_API_H

#include <stdbool.h>
#include <stdint.h>

#include "render/render.h"

typedef int (*wf_fn)(wr *r, weft_value *val, const weft_value *arg);

enum wf_arg { WF_ARG_NONE, WF_ARG_OPTIONAL, WF_ARG_REQUIRED };
enum wf_flags {
    WF_IS_SAFE = 1,
    WF_NEEDS_AUTOESCAPE = 2, /* the filter reads wr_autoescape() */
    WF_EXPECTS_LOCALTIME = 4
};

typedef struct wf_def {
    const char *name;
    wf_fn fn;
    uint8_t arg;   /* enum wf_arg */
    uint8_t flags; /* enum wf_flags */
} wf_def;

/* Each family of filters exports a table ending with a {NULL} entry. */
extern const wf_def wd_filters_text[];
extern const wf_def wd_filters_html[];
extern const wf_def wd_filters_numbers[];
extern const wf_def wd_filters_lists[];
extern const wf_def wd_filters_dates[];
extern const wf_def wd_filters_i18n[];

/* Resolves a dotted path ("a.b.0") against a value the way a template
 * variable is resolved (key, attribute, index; callables called). Returns 1
 * when found, 0 when not, -1 on a failure already reported. */
int wd_resolve_path(wr *r, const weft_value *base, const char *path, size_t len, weft_value *out);

/* Django's USE_TZ for this render ({% localtime %} changes it). */
bool wd_use_tz(const wr *r);

/* Translations in the render's language; each returns msgid itself (or the
 * plural chosen by English rules) when there is no translation. The result
 * lives as long as the engine or the render. */
const char *wd_gettext(wr *r, const char *msgid, size_t *out_len);
const char *wd_pgettext(wr *r, const char *context, const char *msgid, size_t *out_len);
const char *wd_ngettext(wr *r, const char *singular, const char *plural, int64_t n,
                        size_t *out_len);
/* Django's npgettext: the plural of "context\x04singular", else
 * ngettext(singular, plural, n) without the context. */
const char *wd_npgettext(wr *r, const char *context, const char *singular, const char *plural,
                         int64_t n, size_t *out_len);

#endif
