/* Template inheritance and inclusion: extends, block (with block.super),
 * include. The overriding blocks of one render live in its block context;
 * included and parent templates come from the engine's loaders. */
#include <stdio.h>
#include <string.h>

#include "render/run.h"
#include "tag_api.h"

/* ---- relative names ("./x", "../x") ------------------------------------ */

/* posixpath.normpath(join(dirname(current), name)) for names starting with
 * "./" or "../". Returns 1 when rewritten into out, 0 when name is not
 * relative, -1 when it climbs out of the hierarchy. */
static int relative_name(const char *current, const char *name, size_t len, buf *out)
{
    if (!(len >= 2 && name[0] == '.' && name[1] == '/') &&
        !(len >= 3 && name[0] == '.' && name[1] == '.' && name[2] == '/'))
        return 0;
    while (*current == '/') current++;
    const char *slash = strrchr(current, '/');
    buf joined;
    buf_init(&joined, out->arena);
    if (slash) {
        buf_put(&joined, current, (size_t)(slash - current));
        buf_putc(&joined, '/');
    }
    buf_put(&joined, name, len);
    /* Normalise segment by segment. */
    const char *segs[256];
    size_t lens[256];
    size_t n = 0;
    size_t i = 0;
    while (i < joined.len) {
        size_t j = i;
        while (j < joined.len && joined.data[j] != '/') j++;
        size_t sl = j - i;
        const char *seg = joined.data + i;
        if (sl == 0 || (sl == 1 && seg[0] == '.')) {
        } else if (sl == 2 && seg[0] == '.' && seg[1] == '.') {
            if (n == 0 || (lens[n - 1] == 2 && !memcmp(segs[n - 1], "..", 2))) {
                if (n == 256) return -1;
                segs[n] = seg, lens[n++] = sl;
            } else {
                n--;
            }
        } else {
            if (n == 256) return -1;
            segs[n] = seg, lens[n++] = sl;
        }
        i = j + 1;
    }
    if (n && lens[0] == 2 && !memcmp(segs[0], "..", 2)) return -1;
    for (size_t k = 0; k < n; k++) {
        if (k) buf_putc(out, '/');
        buf_put(out, segs[k], lens[k]);
    }
    if (!n) buf_putc(out, '.');
    return 1;
}

/* construct_relative_path on a tag's argument as written (possibly quoted). */
static int compile_template_name(wparser *p, const wtoken *tok, wbit bit, bool allow_recursion,
                                 wref *expr)
{
    const wprogram *h = PROG_AT(wd_program(p)->data, WPROG_HEADER, wprogram);
    const char *current = wd_program(p)->data + h->name;
    wbit inner = bit;
    bool quoted = bit.len >= 2 && (bit.s[0] == '"' || bit.s[0] == '\'') && bit.s[bit.len - 1] == bit.s[0];
    /* strip("'\"") */
    while (inner.len && (inner.s[0] == '"' || inner.s[0] == '\'')) inner.s++, inner.len--;
    while (inner.len && (inner.s[inner.len - 1] == '"' || inner.s[inner.len - 1] == '\'')) inner.len--;
    buf name;
    buf_init(&name, wd_scratch(p));
    int rel = relative_name(current, inner.s, inner.len, &name);
    if (rel < 0)
        return wd_fail(p, tok, "The relative path '%.*s' points outside the file hierarchy that template '%s' is in.",
                       (int)bit.len, bit.s, current);
    if (rel == 0) return wd_filter(p, tok, bit.s, bit.len, expr);
    if (name.oom) return wd_oom(p);
    const char *cur = current;
    while (*cur == '/') cur++;
    if (!allow_recursion && strlen(cur) == name.len && !memcmp(cur, name.data, name.len))
        return wd_fail(p, tok, "The relative path '%.*s' was translated to template name '%s', the same template in which the tag appears.",
                       (int)bit.len, bit.s, current);
    buf text;
    buf_init(&text, wd_scratch(p));
    if (quoted) buf_putc(&text, '"');
    buf_put(&text, name.data, name.len);
    if (quoted) buf_putc(&text, '"');
    if (text.oom) return wd_oom(p);
    return wd_filter(p, tok, text.data, text.len, expr);
}

/* ---- the block context ---------------------------------------------------- */

static block_stack *find_stack(block_context *bc, const char *name, uint32_t len, bool create, arena *a)
{
    for (uint32_t i = 0; i < bc->n; i++)
        if (bc->stacks[i].len == len && !memcmp(bc->stacks[i].name, name, len)) return &bc->stacks[i];
    if (!create) return NULL;
    if (bc->n == bc->cap) {
        uint32_t cap = bc->cap ? bc->cap * 2 : 8;
        block_stack *s = arena_realloc(a, bc->stacks, bc->cap * sizeof *s, cap * sizeof *s);
        if (!s) return NULL;
        bc->stacks = s;
        bc->cap = cap;
    }
    block_stack *s = &bc->stacks[bc->n++];
    memset(s, 0, sizeof *s);
    s->name = name;
    s->len = len;
    return s;
}

static bool stack_push(block_stack *s, block_ref ref, arena *a)
{
    if (s->n == s->cap) {
        uint32_t cap = s->cap ? s->cap * 2 : 4;
        block_ref *items = arena_realloc(a, s->items, s->cap * sizeof *items, cap * sizeof *items);
        if (!items) return false;
        s->items = items;
        s->cap = cap;
    }
    s->items[s->n++] = ref;
    return true;
}

/* BlockContext.add_blocks: a less derived template's blocks go underneath. */
static bool stack_insert_bottom(block_stack *s, block_ref ref, arena *a)
{
    if (!stack_push(s, ref, a)) return false;
    memmove(s->items + 1, s->items, (s->n - 1) * sizeof *s->items);
    s->items[0] = ref;
    return true;
}

/* ---- block ------------------------------------------------------------------ */

typedef struct block_node {
    wnode h;
    wref name;
    uint32_t name_len;
    wref body;
} block_node;

static int compile_block(wparser *p, const wtoken *tok, wref *out)
{
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    if (n != 2) return wd_fail(p, tok, "'block' tag takes only one argument");
    block_node node = {{0, 0, tok->start}, 0, bits[1].len, 0};
    node.name = pb_push_str(wd_program(p), bits[1].s, bits[1].len);
    const char *name = pb_at(wd_program(p), node.name);
    /* Checked before the body so that a nested duplicate is reported where
     * Django reports it. */
    wref placeholder = pb_reserve(wd_program(p), sizeof node);
    if (!placeholder) return wd_oom(p);
    name = pb_at(wd_program(p), node.name);
    char *name_copy = arena_strndup(wd_scratch(p), name, node.name_len);
    if (!name_copy) return wd_oom(p);
    if (wd_add_block(p, tok, name_copy, node.name_len, placeholder)) return -1;
    static const char *const until[] = {"endblock"};
    const wtoken *end;
    if (wd_parse(p, tok, until, 1, &node.body, &end)) return -1;
    /* {% endblock name %} must name this block. */
    wbit *ebits;
    uint32_t en;
    if (wd_split(p, end, &ebits, &en)) return -1;
    if (en > 1 && !(ebits[1].len == node.name_len && !memcmp(ebits[1].s, name_copy, node.name_len)))
        return wd_fail(p, end, "Invalid block tag on line %u: 'endblock', expected 'endblock' or 'endblock %s'. Did you forget to register or load this tag?",
                       end->line, name_copy);
    memcpy(pb_at(wd_program(p), placeholder), &node, sizeof node);
    *out = placeholder;
    return 0;
}

/* The value of {{ block }}: block.super renders the next block down. */
typedef struct block_value {
    wr *r;
    const char *name;
    uint32_t len;
    bool has_context;
} block_value;

static int render_block_named(wr *r, const char *name, uint32_t len, block_ref self);

static int render_ref(wr *r, block_ref ref, const block_node *node)
{
    struct wr_run *run = r->run;
    const char *saved_prog = run->prog;
    void **saved_slots = run->slots;
    run->prog = ref.prog;
    run->slots = ref.slots;
    int rc = wr_render_nodelist(r, node->body);
    run->prog = saved_prog;
    run->slots = saved_slots;
    return rc;
}

static int block_lookup(void *obj, const char *name, size_t len, weft_values *store, weft_value **out)
{
    block_value *b = obj;
    wr *r = b->r;
    weft_value *v = arena_alloc(&store->arena, sizeof *v);
    if (!v) return WEFT_ENOMEM;
    if (len == 4 && !memcmp(name, "name", 4)) {
        *v = wv_str(b->name, b->len, false);
    } else if (len == 5 && !memcmp(name, "super", 5)) {
        if (!b->has_context) {
            wr_fail(r, WEFT_ERROR_TEMPLATE_SYNTAX,
                    "'BlockNode' object has no attribute 'context'. Did you use {{ block.super }} in a base template?");
            return WEFT_ERENDER;
        }
        block_context *bc = r->run->blocks;
        block_stack *s = bc ? find_stack(bc, b->name, b->len, false, NULL) : NULL;
        if (!s || !s->n) {
            *v = wv_str("", 0, true);
        } else {
            buf out_buf;
            buf_init(&out_buf, r->arena);
            buf *saved = r->run->out;
            r->run->out = &out_buf;
            block_ref none = {0};
            int rc = render_block_named(r, b->name, b->len, none);
            r->run->out = saved;
            if (rc) return WEFT_ERENDER;
            if (out_buf.oom) return WEFT_ENOMEM;
            *v = wv_str(out_buf.data ? out_buf.data : "", out_buf.len, true);
        }
    } else {
        return WEFT_ENOTFOUND;
    }
    *out = v;
    return WEFT_OK;
}

static const weft_host_ops block_ops = {"BlockNode", block_lookup, NULL, NULL, NULL, NULL, NULL};

static int bind_block(wr *r, const char *name, uint32_t len, bool has_context)
{
    block_value *b = arena_alloc(r->arena, sizeof *b);
    if (!b) return wr_oom(r);
    *b = (block_value){r, name, len, has_context};
    weft_value v = {0};
    v.kind = WEFT_HOST;
    v.u.host.ops = &block_ops;
    v.u.host.obj = b;
    return wr_set(r, "block", 5, &v);
}

/* BlockNode.render for the block called name: the most derived override
 * renders (self when there is none), with block.super reaching the next. */
static int render_block_named(wr *r, const char *name, uint32_t len, block_ref self)
{
    block_context *bc = r->run->blocks;
    if (wr_push(r)) return -1;
    int rc;
    if (!bc) {
        rc = bind_block(r, name, len, false);
        if (!rc) rc = render_ref(r, self, WR_AT(r, self.node, block_node));
        /* WR_AT reads the current program, which is self's here. */
    } else {
        block_stack *s = find_stack(bc, name, len, false, NULL);
        bool popped = s && s->n;
        block_ref use = popped ? s->items[--s->n] : self;
        rc = bind_block(r, name, len, true);
        if (!rc) rc = render_ref(r, use, PROG_AT(use.prog, use.node, block_node));
        if (popped && !stack_push(s, use, r->arena) && !rc) rc = wr_oom(r);
    }
    wr_pop(r);
    return rc;
}

static int render_block(wr *r, const wnode *node)
{
    const block_node *n = (const block_node *)node;
    block_ref self = {r->run->prog, r->run->slots, (wref)((const char *)node - r->run->prog)};
    return render_block_named(r, WR_AT(r, n->name, char), n->name_len, self);
}

/* ---- extends ---------------------------------------------------------------- */

typedef struct extends_node {
    wnode h;
    wref parent;
    wref body;
} extends_node;

static int compile_extends(wparser *p, const wtoken *tok, wref *out)
{
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    if (n != 2) return wd_fail(p, tok, "'extends' takes one argument");
    if (wd_top_has_nontext(p))
        return wd_fail(p, tok, "{%% extends %.*s %%} must be the first tag in the template.",
                       (int)bits[1].len, bits[1].s);
    extends_node node = {{0, 0, tok->start}, 0, 0};
    if (compile_template_name(p, tok, bits[1], false, &node.parent)) return -1;
    wref placeholder = pb_reserve(wd_program(p), sizeof node);
    if (!placeholder) return wd_oom(p);
    if (wd_set_extends(p, tok, placeholder)) return -1;
    const wtoken *end;
    if (wd_parse(p, tok, NULL, 0, &node.body, &end)) return -1;
    memcpy(pb_at(wd_program(p), placeholder), &node, sizeof node);
    *out = placeholder;
    return 0;
}

static int template_name_of(wr *r, wref expr, const char *tag, weft_value *name)
{
    if (wd_eval(r, expr, name)) return -1;
    if (!wv_truthy(name)) {
        buf b;
        wr_buf(r, &b);
        wv_repr(&b, name, r->arena);
        const wexpr *e = WR_AT(r, expr, wexpr);
        const wvar *v = WR_AT(r, e->var, wvar);
        if (e->nfilters || !v->is_literal)
            return wr_fail(r, WEFT_ERROR_TEMPLATE_SYNTAX,
                           "Invalid template name in '%s' tag: %.*s. Got this from the '%s' variable.",
                           tag, (int)b.len, b.data, WR_AT(r, e->text, char));
        return wr_fail(r, WEFT_ERROR_TEMPLATE_SYNTAX, "Invalid template name in '%s' tag: %.*s.", tag,
                       (int)b.len, b.data);
    }
    return wr_str(r, name, name);
}

static int add_program_blocks(wr *r, block_context *bc, const char *prog, void **slots, bool bottom)
{
    const wprogram *h = PROG_AT(prog, WPROG_HEADER, wprogram);
    const wref *blocks = PROG_AT(prog, h->blocks, wref);
    for (uint32_t i = 0; i < h->nblocks; i++) {
        const block_node *b = PROG_AT(prog, blocks[i], block_node);
        block_stack *s = find_stack(bc, prog + b->name, b->name_len, true, r->arena);
        block_ref ref = {prog, slots, blocks[i]};
        if (!s || !(bottom ? stack_insert_bottom(s, ref, r->arena) : stack_push(s, ref, r->arena)))
            return wr_oom(r);
    }
    return 0;
}

/* A root parent's own blocks join the block context underneath the
 * overriding ones, once its slots exist. */
static int add_root_blocks(wr *r, const char *prog, void **slots)
{
    return add_program_blocks(r, r->run->blocks, prog, slots, true);
}

static int render_extends(wr *r, const wnode *node)
{
    const extends_node *n = (const extends_node *)node;
    struct wr_run *run = r->run;
    weft_value name;
    if (template_name_of(r, n->parent, "extends", &name)) return -1;
    /* Extending a template of the same name finds the next loader's one,
     * as Django's extends history does. */
    const wprogram *self = PROG_AT(run->prog, WPROG_HEADER, wprogram);
    uint32_t skip = 0;
    const char *self_name = run->prog + self->name;
    if (strlen(self_name) == name.len && !memcmp(self_name, name.u.s, name.len))
        skip = run->chain_skip | (1u << wr_origin_of(r, run->prog));
    const char *pprog;
    if (wr_fetch_template(r, name.u.s, name.len, skip, true, &pprog)) return -1;
    if (!run->blocks) {
        if (!(run->blocks = arena_alloc(r->arena, sizeof *run->blocks))) return wr_oom(r);
        memset(run->blocks, 0, sizeof *run->blocks);
    }
    /* This template's blocks go under any more derived ones already there. */
    if (add_program_blocks(r, run->blocks, run->prog, run->slots, true)) return -1;
    const wprogram *ph = PROG_AT(pprog, WPROG_HEADER, wprogram);
    uint32_t saved_skip = run->chain_skip;
    run->chain_skip = skip;
    int rc = wr_render_via(r, node, pprog, false, ph->extends == 0 ? add_root_blocks : NULL);
    run->chain_skip = saved_skip;
    return rc;
}


/* ---- include ---------------------------------------------------------------- */

typedef struct include_node {
    wnode h;
    uint32_t only;
    wref name;
    uint32_t nkw;
    wref kw;
} include_node;

static int compile_include(wparser *p, const wtoken *tok, wref *out)
{
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    if (n < 2)
        return wd_fail(p, tok, "'include' tag takes at least one argument: the name of the template to be included.");
    include_node node = {{0, 0, tok->start}, 0, 0, 0, 0};
    bool seen_with = false, seen_only = false;
    uint32_t i = 2;
    while (i < n) {
        wbit option = bits[i++];
        if ((wbit_is(option, "with") && seen_with) || (wbit_is(option, "only") && seen_only))
            return wd_fail(p, tok, "The '%.*s' option was specified more than once.", (int)option.len, option.s);
        if (wbit_is(option, "with")) {
            seen_with = true;
            if (wd_kwargs(p, tok, bits, n, &i, false, &node.kw, &node.nkw)) return -1;
            if (!node.nkw) return wd_fail(p, tok, "\"with\" in 'include' tag needs at least one keyword argument.");
        } else if (wbit_is(option, "only")) {
            seen_only = true;
            node.only = 1;
        } else {
            return wd_fail(p, tok, "Unknown argument for 'include' tag: '%.*s'.", (int)option.len, option.s);
        }
    }
    if (compile_template_name(p, tok, bits[1], true, &node.name)) return -1;
    WD_PUSH_NODE(p, node, out);
    return 0;
}

static int render_include(wr *r, const wnode *node)
{
    const include_node *n = (const include_node *)node;
    struct wr_run *run = r->run;
    weft_value name;
    if (wd_eval(r, n->name, &name)) return -1;
    const char *t = NULL;
    const char *current = run->prog + PROG_AT(run->prog, WPROG_HEADER, wprogram)->name;
    if (wv_is_seq(&name)) {
        /* select_template: the first name that exists. */
        const wv_list *l = name.u.list;
        if (!l->len) return wr_fail(r, WEFT_ERROR_TEMPLATE_DOES_NOT_EXIST, "No template names provided");
        for (uint32_t i = 0; i < l->len && !t; i++) {
            weft_value s;
            if (wr_str(r, &l->items[i], &s)) return -1;
            if (wr_fetch_template(r, s.u.s, s.len, 0, true, &t)) {
                if (!r->err || r->err->kind != WEFT_ERROR_TEMPLATE_DOES_NOT_EXIST || i + 1 == l->len) return -1;
                if (!wr_recover(r)) return -1;
                t = NULL;
            }
        }
    } else {
        if (!wv_truthy(&name)) return wr_fail(r, WEFT_ERROR_TEMPLATE_DOES_NOT_EXIST, "No template names provided");
        weft_value s;
        if (wr_str(r, &name, &s)) return -1;
        buf rel;
        wr_buf(r, &rel);
        int relrc = relative_name(current, s.u.s, s.len, &rel);
        if (relrc < 0)
            return wr_fail(r, WEFT_ERROR_TEMPLATE_SYNTAX,
                           "The relative path '%.*s' points outside the file hierarchy that template '%s' is in.",
                           (int)s.len, s.u.s, current);
        if (relrc > 0 && wr_buf_value(r, &rel, false, &s)) return -1;
        if (wr_fetch_template(r, s.u.s, s.len, 0, true, &t)) return -1;
    }
    wr_isolation iso;
    if (n->only) {
        /* context.new(values): the values are resolved in the outer scope. */
        weft_value vals[64];
        const wkwarg *k = n->nkw ? WR_AT(r, n->kw, wkwarg) : NULL;
        for (uint32_t i = 0; i < n->nkw; i++)
            if (wd_eval(r, k[i].expr, &vals[i])) return -1;
        wr_isolate_begin(r, &iso);
        int rc = wr_push(r);
        for (uint32_t i = 0; !rc && i < n->nkw; i++)
            rc = wr_set(r, WR_AT(r, k[i].name, char), k[i].len, &vals[i]);
        /* The names must outlive the switch to the included program. */
        if (!rc) rc = wr_render_via(r, node, t, true, NULL);
        wr_pop(r);
        wr_isolate_end(r, &iso);
        return rc;
    }
    if (wr_push(r)) return -1;
    int rc = wd_set_kwargs(r, n->kw, n->nkw);
    if (!rc) rc = wr_render_via(r, node, t, true, NULL);
    wr_pop(r);
    return rc;
}

const wtag_def wd_tags_inherit[] = {
    {"extends", NULL, compile_extends, render_extends},
    {"block", NULL, compile_block, render_block},
    {"include", NULL, compile_include, render_include},
    {NULL, NULL, NULL, NULL},
};
