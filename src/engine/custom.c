/* Filters and tags an application registers on its engine before the
 * freeze. They compile into the same program form as built-ins (the family
 * WD_CUSTOM_FAMILY plus their index), and reach the render only through
 * the weft_rendering handle: their per-render state lives in the render's
 * slots, never in the program. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syntax/django/registry.h"
#include "render/run.h"
#include "engine.h"

enum { MAX_CUSTOM = 255 };
enum custom_kind { CUSTOM_SIMPLE, CUSTOM_BLOCK, CUSTOM_INCLUSION };

typedef struct custom_filter {
    char *name;
    weft_filter_fn fn;
    void *userdata;
    wf_def def; /* name, arity and flags for the compiler; fn is NULL */
} custom_filter;

typedef struct custom_tag {
    char *name;
    char *end_name;
    char *template_name;
    enum custom_kind kind;
    weft_tag_fn fn;
    void *userdata;
    size_t state_size;
    wtag_def def;
} custom_tag;

typedef struct custom_node {
    wnode h;
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
typedef struct custom_call {
    const custom_tag *tag;
    const custom_node *node;
    struct custom_call *outer;
} custom_call;

static wr *as_wr(weft_rendering *r) { return (wr *)r; }

void wd_custom_free(weft_engine *e)
{
    for (size_t i = 0; i < e->ncustom_filters; i++) free(e->custom_filters[i].name);
    for (size_t i = 0; i < e->ncustom_tags; i++) {
        free(e->custom_tags[i].name);
        free(e->custom_tags[i].end_name);
        free(e->custom_tags[i].template_name);
    }
    free(e->custom_filters);
    free(e->custom_tags);
}

int wd_custom_filter_find(const weft_engine *e, const char *name, size_t len)
{
    for (size_t i = 0; i < e->ncustom_filters; i++)
        if (strlen(e->custom_filters[i].name) == len && !memcmp(e->custom_filters[i].name, name, len))
            return (int)i;
    return -1;
}

const wf_def *wd_custom_filter_def(const weft_engine *e, unsigned index)
{
    return &e->custom_filters[index].def;
}

int wd_custom_tag_find(const weft_engine *e, const char *name, size_t len)
{
    for (size_t i = 0; i < e->ncustom_tags; i++)
        if (strlen(e->custom_tags[i].name) == len && !memcmp(e->custom_tags[i].name, name, len))
            return (int)i;
    return -1;
}

const wtag_def *wd_custom_tag_def(const weft_engine *e, unsigned index)
{
    return &e->custom_tags[index].def;
}

static bool valid_name(const char *name)
{
    if (!name || !*name) return false;
    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_'))
            return false;
    return true;
}

int weft_engine_add_filter(weft_engine *e, const char *name, weft_filter_fn fn, void *userdata,
                           unsigned flags)
{
    int rc = we_engine_configurable(e);
    if (rc) return rc;
    if (!valid_name(name) || !fn) return WEFT_EINVAL;
    int existing = wd_custom_filter_find(e, name, strlen(name));
    if (existing < 0 && e->ncustom_filters == MAX_CUSTOM) return WEFT_EINVAL;
    char *copy = strdup(name);
    if (!copy) return WEFT_ENOMEM;
    if (existing < 0) {
        custom_filter *grown = realloc(e->custom_filters, (e->ncustom_filters + 1) * sizeof *grown);
        if (!grown) {
            free(copy);
            return WEFT_ENOMEM;
        }
        e->custom_filters = grown;
        existing = (int)e->ncustom_filters++;
    } else {
        free(e->custom_filters[existing].name);
    }
    custom_filter *f = &e->custom_filters[existing];
    f->name = copy;
    f->fn = fn;
    f->userdata = userdata;
    f->def.name = copy;
    f->def.fn = NULL;
    f->def.arg = flags & WEFT_FILTER_ARG_REQUIRED   ? WF_ARG_REQUIRED
                 : flags & WEFT_FILTER_ARG_OPTIONAL ? WF_ARG_OPTIONAL
                                                    : WF_ARG_NONE;
    f->def.flags = (uint8_t)((flags & WEFT_FILTER_IS_SAFE ? WF_IS_SAFE : 0) |
                             (flags & WEFT_FILTER_NEEDS_AUTOESCAPE ? WF_NEEDS_AUTOESCAPE : 0) |
                             (flags & WEFT_FILTER_EXPECTS_LOCALTIME ? WF_EXPECTS_LOCALTIME : 0));
    return WEFT_OK;
}

int wd_custom_filter_call(wr *r, unsigned index, weft_value *val, const weft_value *arg)
{
    const custom_filter *f = &r->engine->custom_filters[index];
    weft_value *out = NULL;
    int rc = f->fn(f->userdata, (weft_rendering *)r, val, arg, &out);
    if (rc || !out) {
        if (!r->failed) wr_fail(r, WEFT_ERROR_VALUE, "filter '%s' failed", f->name);
        return -1;
    }
    *val = *out;
    return 0;
}

/* ---- tags ---- */

static int compile_custom(wparser *p, const wtoken *tok, wref *out);
static int render_custom(wr *r, const wnode *node);

static int add_tag(weft_engine *e, const char *name, enum custom_kind kind, const char *template_name,
                   weft_tag_fn fn, void *userdata, size_t state_size)
{
    int rc = we_engine_configurable(e);
    if (rc) return rc;
    if (!valid_name(name) || !fn || (kind == CUSTOM_INCLUSION && !template_name)) return WEFT_EINVAL;
    if (wd_custom_tag_find(e, name, strlen(name)) >= 0 || e->ncustom_tags == MAX_CUSTOM)
        return WEFT_EINVAL;
    custom_tag t = {0};
    t.name = strdup(name);
    t.end_name = malloc(strlen(name) + 4);
    t.template_name = template_name ? strdup(template_name) : NULL;
    custom_tag *grown = realloc(e->custom_tags, (e->ncustom_tags + 1) * sizeof *grown);
    if (!t.name || !t.end_name || (template_name && !t.template_name) || !grown) {
        free(t.name);
        free(t.end_name);
        free(t.template_name);
        if (grown) e->custom_tags = grown;
        return WEFT_ENOMEM;
    }
    e->custom_tags = grown;
    sprintf(t.end_name, "end%s", name);
    t.kind = kind;
    t.fn = fn;
    t.userdata = userdata;
    t.state_size = state_size;
    t.def = (wtag_def){t.name, NULL, compile_custom, render_custom};
    e->custom_tags[e->ncustom_tags++] = t;
    return WEFT_OK;
}

int weft_engine_add_simple_tag(weft_engine *e, const char *name, weft_tag_fn fn, void *userdata,
                               size_t state_size)
{
    return add_tag(e, name, CUSTOM_SIMPLE, NULL, fn, userdata, state_size);
}

int weft_engine_add_block_tag(weft_engine *e, const char *name, weft_tag_fn fn, void *userdata,
                              size_t state_size)
{
    return add_tag(e, name, CUSTOM_BLOCK, NULL, fn, userdata, state_size);
}

int weft_engine_add_inclusion_tag(weft_engine *e, const char *name, const char *template_name,
                                  weft_tag_fn fn, void *userdata)
{
    return add_tag(e, name, CUSTOM_INCLUSION, template_name, fn, userdata, 0);
}

static const custom_tag *tag_named(const weft_engine *e, const char *name, size_t len)
{
    int i = wd_custom_tag_find(e, name, len);
    return i < 0 ? NULL : &e->custom_tags[i];
}

static int compile_custom(wparser *p, const wtoken *tok, wref *out)
{
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    const custom_tag *tag = tag_named(wd_engine(p), bits[0].s, bits[0].len);
    custom_node node = {{0, 0, tok->start}, wd_new_slot(p), 0, 0, 0, 0, 0, 0, 0};
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
    if (tag->kind == CUSTOM_BLOCK) {
        const char *until[] = {tag->end_name};
        const wtoken *endtok;
        if (wd_parse(p, tok, until, 1, &node.body, &endtok)) return -1;
    }
    *out = pb_push(wd_program(p), &node, sizeof node);
    return *out ? 0 : wd_oom(p);
}

static int call_tag(wr *r, const custom_tag *tag, const custom_node *node, weft_value **result)
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
    custom_call call = {tag, node, r->run->custom};
    r->run->custom = &call;
    *result = NULL;
    int rc = tag->fn(tag->userdata, (weft_rendering *)r, args, node->nargs, kwnames, kwvalues,
                     node->nkw, result);
    r->run->custom = call.outer;
    if (rc && !r->failed) wr_fail(r, WEFT_ERROR_VALUE, "tag '%s' failed", tag->name);
    return rc ? -1 : 0;
}

static int include_with(wr *r, const custom_tag *tag, const wnode *node, const weft_value *ctx)
{
    if (!ctx || ctx->kind != WEFT_DICT)
        return wr_fail(r, WEFT_ERROR_TYPE, "inclusion tag '%s' must return a dict", tag->name);
    const weft_template *t;
    if (wr_fetch_template(r, tag->template_name, &t)) return -1;
    wr_isolation iso;
    wr_isolate_begin(r, &iso);
    int rc = wr_push(r);
    const wv_dict *d = ctx->u.dict;
    for (uint32_t i = 0; !rc && i < d->len; i++) {
        weft_value key;
        rc = wr_str(r, &d->entries[i].key, &key);
        if (!rc) rc = wr_set(r, key.u.s, key.len, &d->entries[i].val);
    }
    if (!rc) rc = wr_render_via(r, node, we_template_base(t), true, false);
    wr_pop(r);
    wr_isolate_end(r, &iso);
    return rc;
}

static int render_custom(wr *r, const wnode *node)
{
    const custom_node *n = (const custom_node *)node;
    const custom_tag *tag = &r->engine->custom_tags[node->tag & 0xff];
    weft_value *result;
    if (wr_push(r)) return -1;
    int rc = call_tag(r, tag, n, &result);
    wr_pop(r);
    if (rc) return -1;
    if (tag->kind == CUSTOM_INCLUSION) return include_with(r, tag, node, result);
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
    const custom_call *call = r->run->custom;
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
    const custom_call *call = r->run->custom;
    if (!call || !call->node->body) return WEFT_EINVAL;
    /* The body may use a nested custom tag: it sees no caller. */
    custom_call *saved = r->run->custom;
    r->run->custom = NULL;
    int rc = wr_render_nodelist(r, call->node->body);
    r->run->custom = saved;
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
    return wr_lookup(as_wr(h), name, len);
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
