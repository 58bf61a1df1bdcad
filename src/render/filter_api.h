/* What a built-in filter sees of a render: its arena, the autoescape state,
 * the language, time zone and clock of the render, translations, and a way
 * to fail with Django's exception kind.
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
#ifndef WEFT_FILTER_API_H
#define WEFT_FILTER_API_H

#include <stdbool.h>
#include <stdint.h>

#include "value/value.h"

typedef struct wr wr; /* a render in progress */
typedef struct wtz wtz; /* a time zone (src/base/tz.h) */

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

arena *wr_arena(wr *r);
bool wr_autoescape(const wr *r);
/* Fails the render with a Django exception kind and a printf message.
 * Always returns -1, so a filter can `return wr_fail(...)`. */
int wr_fail(wr *r, weft_error_kind kind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int wr_oom(wr *r);

/* str(value) as a string value; strings come back as they are. Returns -1
 * (out of memory, already reported) on failure. */
int wr_str(wr *r, const weft_value *v, weft_value *out);
/* Starts a string in the render arena; wr_buf_value ends it as a value. */
void wr_buf(wr *r, buf *b);
int wr_buf_value(wr *r, buf *b, bool safe, weft_value *out);

/* Resolves a dotted path ("a.b.0") against a value the way a template
 * variable is resolved (key, attribute, index; callables called). Returns 1
 * when found, 0 when not, -1 on a failure already reported. */
int wr_resolve_path(wr *r, const weft_value *base, const char *path, size_t len, weft_value *out);

/* The render's language ("en", "de", ...), current time zone, Django's
 * USE_TZ, and clock. */
const char *wr_language(const wr *r);
const wtz *wr_timezone(const wr *r);
bool wr_use_tz(const wr *r);
void wr_now(wr *r, int64_t *unix_seconds, int32_t *microseconds);
/* The decimal and thousand separators and grouping of the render's current
 * language, looked up once per language per render. */
const struct wpy_numfmt *wr_numfmt(wr *r);

/* Translations in the render's language; each returns msgid itself (or the
 * plural chosen by English rules) when there is no translation. The result
 * lives as long as the engine or the render. */
const char *wr_gettext(wr *r, const char *msgid, size_t *out_len);
const char *wr_pgettext(wr *r, const char *context, const char *msgid, size_t *out_len);
const char *wr_ngettext(wr *r, const char *singular, const char *plural, int64_t n,
                        size_t *out_len);

#endif
