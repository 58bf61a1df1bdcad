/* The l10n library (django/templatetags/l10n.py): the localize and
 * unlocalize filters and {% localize on|off %}. What localization means
 * is in localize.c. */
#include "localize.h"
#include "tag_api.h"

/* str(formats.localize(value, use_l10n=...)): strings (safe ones too) come
 * back as they are. */
static int localize_filter(wr *r, weft_value *val, bool use_l10n)
{
    if (val->kind == WEFT_STRING) return 0;
    buf b;
    wr_buf(r, &b);
    if (wd_localize_as(r, &b, val, use_l10n)) return -1;
    return wr_buf_value(r, &b, false, val);
}

static int f_localize(wr *r, weft_value *val, const weft_value *arg)
{
    (void)arg;
    return localize_filter(r, val, true);
}

static int f_unlocalize(wr *r, weft_value *val, const weft_value *arg)
{
    (void)arg;
    return localize_filter(r, val, false);
}

const wf_def wd_filters_l10n[] = {
    {"localize", f_localize, WF_ARG_NONE, 0},
    {"unlocalize", f_unlocalize, WF_ARG_NONE, 0},
    {NULL, NULL, 0, 0},
};

/* {% localize %} and {% localtime %} alike: no argument means on, else
 * exactly "on" or "off", and a body up to the end tag. */
int wd_compile_switch(wparser *p, const wtoken *tok, const char *end_tag, wref *out)
{
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    if (n > 2 || (n == 2 && !wbit_is(bits[1], "on") && !wbit_is(bits[1], "off")))
        return wd_fail(p, tok, "'%.*s' argument should be 'on' or 'off'", (int)bits[0].len, bits[0].s);
    wd_switch_node node = {{0, 0, tok->start}, n == 2 && wbit_is(bits[1], "off") ? WD_OFF : WD_ON, 0};
    const char *const until[] = {end_tag};
    const wtoken *end;
    if (wd_parse(p, tok, until, 1, &node.body, &end)) return -1;
    WD_PUSH_NODE(p, node, out);
    return 0;
}

static int compile_localize(wparser *p, const wtoken *tok, wref *out)
{
    return wd_compile_switch(p, tok, "endlocalize", out);
}

/* context.use_l10n for the body, restored after it. */
static int render_localize(wr *r, const wnode *node)
{
    const wd_switch_node *n = (const wd_switch_node *)node;
    uint8_t old = wd_st(r)->use_l10n;
    wd_st(r)->use_l10n = (uint8_t)n->on;
    int rc = wr_render_nodelist(r, n->body);
    wd_st(r)->use_l10n = old;
    return rc;
}

const wtag_def wd_tags_l10n[] = {
    {"localize", "l10n", compile_localize, render_localize},
    {NULL, NULL, NULL, NULL},
};
