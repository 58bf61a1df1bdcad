/* The tz library (django/templatetags/tz.py): the localtime, utc and
 * timezone filters, {% localtime on|off %}, {% timezone zone %} and
 * {% get_current_timezone as var %}. Zones in values are in zones.c. */
#include <string.h>

#include "tag_api.h"
#include "zones.h"

/* do_timezone(value, zone): "" for what is not a datetime; a naive one is
 * first made aware in the default zone. */
static int put_in_zone(wr *r, weft_value *val, const wtz *zone)
{
    if (val->kind != WEFT_DATETIME || !zone) {
        *val = wv_str("", 0, false);
        return 0;
    }
    if (val->u.dt.tz == WD_TZ_NAIVE) {
        const wtz *fallback = wr_find_timezone(r, NULL);
        if (!fallback) {
            *val = wv_str("", 0, false);
            return 0;
        }
        if (wd_make_aware(r, val, fallback)) return -1;
    }
    return wd_to_zone(r, val, zone);
}

static int f_localtime(wr *r, weft_value *val, const weft_value *arg)
{
    (void)arg;
    return put_in_zone(r, val, wr_timezone(r));
}

static int f_utc(wr *r, weft_value *val, const weft_value *arg)
{
    (void)arg;
    return put_in_zone(r, val, wr_find_timezone(r, "UTC"));
}

/* timezone:arg takes a zone name; a name the database lacks gives "", a
 * key zoneinfo refuses raises ValueError, anything else gives "". */
static int f_timezone(wr *r, weft_value *val, const weft_value *arg)
{
    if (val->kind != WEFT_DATETIME || arg->kind != WEFT_STRING) {
        *val = wv_str("", 0, false);
        return 0;
    }
    const wtz *zone = wd_zone_named(r, arg->u.s, arg->len);
    if (!zone) {
        if (!r->err || r->err->kind != WEFT_ERROR_ZONE_NOT_FOUND || !wr_recover(r)) return -1;
        *val = wv_str("", 0, false);
        return 0;
    }
    return put_in_zone(r, val, zone);
}

const wf_def wd_filters_tz[] = {
    {"localtime", f_localtime, WF_ARG_NONE, 0},
    {"utc", f_utc, WF_ARG_NONE, 0},
    {"timezone", f_timezone, WF_ARG_REQUIRED, 0},
    {NULL, NULL, 0, 0},
};

/* ---- localtime ---------------------------------------------------------- */

static int compile_localtime(wparser *p, const wtoken *tok, wref *out)
{
    return wd_compile_switch(p, tok, "endlocaltime", out);
}

/* context.use_tz for the body. */
static int render_localtime(wr *r, const wnode *node)
{
    const wd_switch_node *n = (const wd_switch_node *)node;
    uint8_t old = wd_set_use_tz(r, (uint8_t)n->on);
    int rc = wr_render_nodelist(r, n->body);
    wd_set_use_tz(r, old);
    return rc;
}

/* ---- timezone ----------------------------------------------------------- */

typedef struct timezone_node {
    wnode h;
    wref zone; /* wexpr */
    wref body;
} timezone_node;

static int compile_timezone(wparser *p, const wtoken *tok, wref *out)
{
    static const char *const until[] = {"endtimezone"};
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    if (n != 2) return wd_fail(p, tok, "'%.*s' takes one argument (timezone)", (int)bits[0].len, bits[0].s);
    timezone_node node = {{0, 0, tok->start}, 0, 0};
    if (wd_filter(p, tok, bits[1].s, bits[1].len, &node.zone)) return -1;
    const wtoken *end;
    if (wd_parse(p, tok, until, 1, &node.body, &end)) return -1;
    WD_PUSH_NODE(p, node, out);
    return 0;
}

/* timezone.override(zone) around the body: None means the default zone,
 * a string is a zone name, anything else is Django's ValueError. */
static int render_timezone(wr *r, const wnode *node)
{
    const timezone_node *n = (const timezone_node *)node;
    weft_value v;
    if (wd_eval(r, n->zone, &v)) return -1;
    const wtz *zone;
    if (v.kind == WEFT_NULL) {
        zone = wr_find_timezone(r, NULL);
    } else if (v.kind == WEFT_STRING) {
        if (!(zone = wd_zone_named(r, v.u.s, v.len))) return -1;
    } else {
        buf b;
        wr_buf(r, &b);
        wv_repr(&b, &v, wr_arena(r));
        return wr_fail(r, WEFT_ERROR_VALUE, "Invalid timezone: %s", buf_cstr(&b) ? b.data : "?");
    }
    const wtz *old = wr_set_timezone(r, zone);
    int rc = wr_render_nodelist(r, n->body);
    wr_set_timezone(r, old);
    return rc;
}

/* ---- get_current_timezone ------------------------------------------------ */

typedef struct current_zone_node {
    wnode h;
    wref name;
    uint32_t len;
} current_zone_node;

static int compile_current_timezone(wparser *p, const wtoken *tok, wref *out)
{
    /* token.contents.split(): plain whitespace, no quoting. */
    const char *s = wd_source(p) + tok->content;
    const char *words[4];
    uint32_t lens[4], n = 0;
    for (uint32_t i = 0; i < tok->content_len;) {
        while (i < tok->content_len && strchr(" \t\n\r\f\v", s[i])) i++;
        uint32_t j = i;
        while (j < tok->content_len && !strchr(" \t\n\r\f\v", s[j])) j++;
        if (j > i) {
            if (n < 4) words[n] = s + i, lens[n] = j - i;
            n++;
        }
        i = j;
    }
    if (n != 3 || lens[1] != 2 || memcmp(words[1], "as", 2)) {
        buf got;
        buf_init(&got, wd_scratch(p));
        buf_putc(&got, '[');
        for (uint32_t i = 0; i < n && i < 4; i++)
            buf_printf(&got, "%s'%.*s'", i ? ", " : "", (int)lens[i], words[i]);
        if (n > 4) buf_puts(&got, ", ...");
        buf_putc(&got, ']');
        if (got.oom) return wd_oom(p);
        return wd_fail(p, tok, "'get_current_timezone' requires 'as variable' (got %.*s)", (int)got.len,
                       got.data);
    }
    current_zone_node node = {{0, 0, tok->start}, 0, lens[2]};
    node.name = pb_push_str(wd_program(p), words[2], lens[2]);
    WD_PUSH_NODE(p, node, out);
    return 0;
}

/* context[var] = get_current_timezone_name(): the zone's key. */
static int render_current_timezone(wr *r, const wnode *node)
{
    const current_zone_node *n = (const current_zone_node *)node;
    const wtz *zone = wr_timezone(r);
    const char *name = zone ? wtz_name(zone) : "UTC";
    weft_value v = wv_str(name, strlen(name), false);
    return wr_set(r, WR_AT(r, n->name, char), n->len, &v);
}

const wtag_def wd_tags_tz[] = {
    {"localtime", "tz", compile_localtime, render_localtime},
    {"timezone", "tz", compile_timezone, render_timezone},
    {"get_current_timezone", "tz", compile_current_timezone, render_current_timezone},
    {NULL, NULL, NULL, NULL},
};
