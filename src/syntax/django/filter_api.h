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

#include "django.h"
#include "render/render.h"
#include "render/state.h"

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
extern const wf_def wd_filters_l10n[];
extern const wf_def wd_filters_tz[];

/* Django's part of a render's state, kept by the core for the syntax.
 * All zero at the start of a render: the settings' values then hold. */
enum wd_switch { WD_UNSET = 0, WD_OFF = 1, WD_ON = 2 };
typedef struct wd_state {
    uint8_t use_tz;                 /* {% localtime on|off %}, else USE_TZ */
    uint8_t use_l10n;               /* {% localize on|off %}, else unset */
    struct wd_i18n_memo *i18n_memo; /* i18n_memo.h; NULL until used */
    struct wd_custom_call *custom;  /* the engine's tag being called (custom.c) */
    const struct wtz **zones;       /* zones values were put in (zones.h) */
    uint8_t nzones, cap_zones;
} wd_state;

static inline wd_state *wd_st(wr *r) { return (wd_state *)(void *)r->syntax_state; }
/* The engine's settings for Django templates. */
static inline const wd_options *wd_opt(const wr *r) { return (const wd_options *)r->syntax_options; }

/* A render state with no template for unit tests of filters, as
 * wr_new_standalone, with Django's state and default options. */
wr *wd_new_standalone(arena *a);

/* Resolves a dotted path ("a.b.0") against a value the way a template
 * variable is resolved (key, attribute, index; callables called). Returns 1
 * when found, 0 when not, -1 on a failure already reported. */
int wd_resolve_path(wr *r, const weft_value *base, const char *path, size_t len, weft_value *out);

/* Django's USE_TZ for this render ({% localtime %} changes it). */
bool wd_use_tz(wr *r);
/* Sets it for a {% localtime %} block; returns the old switch to restore. */
uint8_t wd_set_use_tz(wr *r, uint8_t value);

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
