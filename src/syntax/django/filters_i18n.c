/* The filters of Django's i18n library (django/templatetags/i18n.py):
 * facts about a language code from Django's LANG_INFO table. */
#include <string.h>

#include "render/state.h"
#include "filter_api.h"
#include "i18n/lang_info.h"

/* Django's get_language_info(value), failing the render as Django does for
 * an unknown code (KeyError) or a value that is not a string. */
static const wlang_info *language_info(wr *r, const weft_value *val)
{
    if (val->kind != WEFT_STRING) {
        /* Django tests `'-' in value` after the failed dict lookup. */
        const char *type = wv_type_name(val);
        if (val->kind == WEFT_LIST || val->kind == WEFT_DICT)
            wr_fail(r, WEFT_ERROR_TYPE, "unhashable type: '%s'", type);
        else
            wr_fail(r, WEFT_ERROR_TYPE, "argument of type '%s' is not iterable", type);
        return NULL;
    }
    const wlang_info *info = wlang_info_get(val->u.s, val->len);
    if (!info) {
        char message[256];
        wlang_info_unknown(val->u.s, val->len, message, sizeof message);
        /* Django raises KeyError, whose text Python quotes. */
        wr_fail(r, WEFT_ERROR_VALUE, "'%s'", message);
    }
    return info;
}

static int f_language_name(wr *r, weft_value *val, const weft_value *arg)
{
    const wlang_info *info = language_info(r, val);
    if (!info) return -1;
    *val = wv_str(info->name, strlen(info->name), false);
    return 0;
}

static int f_language_name_local(wr *r, weft_value *val, const weft_value *arg)
{
    const wlang_info *info = language_info(r, val);
    if (!info) return -1;
    *val = wv_str(info->name_local, strlen(info->name_local), false);
    return 0;
}

static int f_language_bidi(wr *r, weft_value *val, const weft_value *arg)
{
    const wlang_info *info = language_info(r, val);
    if (!info) return -1;
    *val = wv_bool(info->bidi);
    return 0;
}

/* The English name translated into the render's language. */
static int f_language_name_translated(wr *r, weft_value *val, const weft_value *arg)
{
    const wlang_info *info = language_info(r, val);
    if (!info) return -1;
    size_t len;
    const char *name = wd_gettext(r, info->name, &len);
    if (r->failed) return -1;
    *val = wv_str(name, len, false);
    return 0;
}

const wf_def wd_filters_i18n[] = {
    {"language_name", f_language_name, WF_ARG_NONE, 0},
    {"language_name_local", f_language_name_local, WF_ARG_NONE, 0},
    {"language_bidi", f_language_bidi, WF_ARG_NONE, 0},
    {"language_name_translated", f_language_name_translated, WF_ARG_NONE, 0},
    {NULL, NULL, 0, 0},
};
