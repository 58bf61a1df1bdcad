/* Filters and tags of the engine's libraries (written in C by the
 * application) in Django templates. They compile into the same program
 * form as built-ins (filters by their registry index, tags as nodes of the
 * custom family holding it), and reach the render only through the
 * weft_rendering handle: their per-render state lives in the render's
 * slots, never in the program. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dateformat.h"
#include "registry.h"
#include "render/run.h"

typedef struct custom_node {
    wnode h;
    uint32_t entry; /* in the registry */
    uint32_t slot;
    uint32_t nargs;
    wref args; /* wref[] of wexpr */
    uint32_t nkw;
    wref kw; /* wkwarg[] */
    wref as_name;
    uint32_t as_len;
    wref body;
} custom_node;

/* The call in progress, for the weft_rendering_* functions. */
typedef struct wd_custom_call {
    const wp_entry *tag;
    const custom_node *node;
    struct wd_custom_call *outer;
} custom_call;

static wr *as_wr(weft_rendering *r) { return (wr *)r; }

static const wp_entry *entry_at(const wr *r, uint32_t index)
{
    return wp_registry_at(wd_opt(r)->registry, index);
}

int wd_custom_filter_call(wr *r, uint32_t index, weft_value *val, const weft_value *arg)
{
    const wp_entry *f = entry_at(r, index);
    /* The dispatcher's rules for built-ins hold for these too. */
    if ((f->flags & WEFT_FILTER_EXPECTS_LOCALTIME) && wd_localtime(r, val)) return -1;
    bool was_safe = wv_is_safe(val);
    weft_value *out = NULL;
    int rc = f->filter(f->userdata, (weft_rendering *)r, val, arg, &out);
    if (rc || !out) {
        if (!r->failed) wr_fail(r, WEFT_ERROR_VALUE, "filter '%s' failed", f->name);
        return -1;
    }
    *val = *out;
    if ((f->flags & WEFT_FILTER_IS_SAFE) && was_safe && val->kind == WEFT_STRING) val->flags |= WV_SAFE;
    return 0;
}

/* ---- tags ---- */

static int compile_custom(wparser *p, const wtoken *tok, wref *out)
{
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    uint32_t entry = wd_custom_entry(p);
    const wp_entry *tag = wp_registry_at(wd_options_of(p)->registry, entry);
    custom_node node = {{0, 0, tok->start}, entry, wd_new_slot(p), 0, 0, 0, 0, 0, 0, 0};
    uint32_t end = n;
    if (n >= 3 && wbit_is(bits[n - 2], "as")) {
        node.as_name = pb_push_str(wd_program(p), bits[n - 1].s, bits[n - 1].len);
        node.as_len = bits[n - 1].len;
        end = n - 2;
    }
    wref args[64];
    uint32_t i = 1;
    while (i < end) {
        /* Keyword arguments come after the positional ones, as in Python. */
        uint32_t before = i;
        if (wd_kwargs(p, tok, bits, end, &i, false, &node.kw, &node.nkw)) return -1;
        if (node.nkw) {
            if (i < end)
                return wd_fail(p, tok, "'%s' received some positional argument(s) after some keyword argument(s)",
                               tag->name);
            break;
        }
        i = before;
        if (node.nargs == 64) return wd_fail(p, tok, "'%s' received too many arguments", tag->name);
        if (wd_filter(p, tok, bits[i].s, bits[i].len, &args[node.nargs++])) return -1;
        i++;
    }
    if (node.nargs) node.args = pb_push(wd_program(p), args, node.nargs * sizeof args[0]);
    if (tag->kind == WP_BLOCK_TAG) {
        const char *until[] = {tag->end_name};
        const wtoken *endtok;
        if (wd_parse(p, tok, until, 1, &node.body, &endtok)) return -1;
    }
    *out = pb_push(wd_program(p), &node, sizeof node);
    return *out ? 0 : wd_oom(p);
}

static int call_tag(wr *r, const wp_entry *tag, const custom_node *node, weft_value **result)
{
    const weft_value **args = NULL, **kwvalues = NULL;
    const char **kwnames = NULL;
    if (node->nargs && !(args = arena_alloc(r->arena, node->nargs * sizeof *args))) return wr_oom(r);
    if (node->nkw && (!(kwvalues = arena_alloc(r->arena, node->nkw * sizeof *kwvalues)) ||
                      !(kwnames = arena_alloc(r->arena, node->nkw * sizeof *kwnames))))
        return wr_oom(r);
    const wref *exprs = node->nargs ? WR_AT(r, node->args, wref) : NULL;
    for (uint32_t i = 0; i < node->nargs; i++) {
        weft_value *v = arena_alloc(r->arena, sizeof *v);
        if (!v) return wr_oom(r);
        if (wd_eval(r, exprs[i], v)) return -1;
        args[i] = v;
    }
    const wkwarg *kw = node->nkw ? WR_AT(r, node->kw, wkwarg) : NULL;
    for (uint32_t i = 0; i < node->nkw; i++) {
        weft_value *v = arena_alloc(r->arena, sizeof *v);
        if (!v) return wr_oom(r);
        if (wd_eval(r, kw[i].expr, v)) return -1;
        kwvalues[i] = v;
        kwnames[i] = WR_AT(r, kw[i].name, char);
    }
    custom_call call = {tag, node, wd_st(r)->custom};
    wd_st(r)->custom = &call;
    *result = NULL;
    int rc = tag->tag(tag->userdata, (weft_rendering *)r, args, node->nargs, kwnames, kwvalues,
                     node->nkw, result);
    wd_st(r)->custom = call.outer;
    if (rc && !r->failed) wr_fail(r, WEFT_ERROR_VALUE, "tag '%s' failed", tag->name);
    return rc ? -1 : 0;
}

static int include_with(wr *r, const wp_entry *tag, const wnode *node, const weft_value *ctx)
{
    if (!ctx || ctx->kind != WEFT_DICT)
        return wr_fail(r, WEFT_ERROR_TYPE, "inclusion tag '%s' must return a dict", tag->name);
    const char *t;
    if (wr_fetch_template(r, tag->template_name, strlen(tag->template_name), 0, false, &t)) return -1;
    wr_isolation iso;
    wr_isolate_begin(r, &iso);
    int rc = wr_push(r);
    const wv_dict *d = ctx->u.dict;
    for (uint32_t i = 0; !rc && i < d->len; i++) {
        weft_value key;
        rc = wr_str(r, &d->entries[i].key, &key);
        if (!rc) rc = wr_set(r, key.u.s, key.len, &d->entries[i].val);
    }
    if (!rc) rc = wr_render_via(r, node, t, true, NULL);
    wr_pop(r);
    wr_isolate_end(r, &iso);
    return rc;
}

static int render_custom(wr *r, const wnode *node)
{
    const custom_node *n = (const custom_node *)node;
    const wp_entry *tag = entry_at(r, n->entry);
    weft_value *result;
    if (wr_push(r)) return -1;
    int rc = call_tag(r, tag, n, &result);
    wr_pop(r);
    if (rc) return -1;
    if (tag->kind == WP_INCLUSION_TAG) return include_with(r, tag, node, result);
    if (!result) return 0;
    if (n->as_len) return wr_set(r, WR_AT(r, n->as_name, char), n->as_len, result);
    return wd_write_value(r, result);
}

/* ---- the weft_rendering handle ---- */

weft_values *weft_rendering_store(weft_rendering *h) { return wr_host_store(as_wr(h)); }
bool weft_rendering_autoescape(const weft_rendering *h) { return ((const wr *)h)->autoescape; }
const char *weft_rendering_language(const weft_rendering *h) { return ((const wr *)h)->language; }

void *weft_rendering_state(weft_rendering *h)
{
    wr *r = as_wr(h);
    const custom_call *call = wd_st(r)->custom;
    if (!call || !call->tag->state_size) return NULL;
    void **slot = wr_slot(r, call->node->slot);
    if (!*slot) {
        *slot = arena_alloc(r->arena, call->tag->state_size);
        if (*slot) memset(*slot, 0, call->tag->state_size);
    }
    return *slot;
}

int weft_rendering_write(weft_rendering *h, const char *data, size_t len)
{
    return wr_write(as_wr(h), data, len) ? WEFT_ERENDER : WEFT_OK;
}

int weft_rendering_render_body(weft_rendering *h)
{
    wr *r = as_wr(h);
    const custom_call *call = wd_st(r)->custom;
    if (!call || !call->node->body) return WEFT_EINVAL;
    /* The body may use a nested custom tag: it sees no caller. */
    custom_call *saved = wd_st(r)->custom;
    wd_st(r)->custom = NULL;
    int rc = wr_render_nodelist(r, call->node->body);
    wd_st(r)->custom = saved;
    return rc ? WEFT_ERENDER : WEFT_OK;
}

int weft_rendering_set(weft_rendering *h, const char *name, size_t len, const weft_value *value)
{
    wr *r = as_wr(h);
    char *copy = arena_strndup(r->arena, name, len);
    if (!copy || !value) return WEFT_ENOMEM;
    return wr_set(r, copy, len, value) ? WEFT_ERENDER : WEFT_OK;
}

const weft_value *weft_rendering_lookup(weft_rendering *h, const char *name, size_t len)
{
    return wd_lookup(as_wr(h), name, len);
}

int weft_rendering_fail(weft_rendering *h, weft_error_kind kind, const char *fmt, ...)
{
    char msg[WEFT_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    wr_fail(as_wr(h), kind, "%s", msg);
    return WEFT_ERENDER;
}

const wtag_def wd_tags_custom[] = {
    {"", NULL, compile_custom, render_custom},
    {NULL, NULL, NULL, NULL},
};
