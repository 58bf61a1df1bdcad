/* Loops and the tags whose state lives for one render: for, cycle,
 * resetcycle, ifchanged, regroup. Their state is in per-render slots or in
 * the render's forloop dicts, never in the program. */
#include <string.h>

#include "tag_api.h"

/* src/django/tags_if.c */
int wd_compile_if(wparser *p, const wtoken *tok, wref *out);
int wd_render_if(wr *r, const wnode *node);

/* ---- iteration over any value ------------------------------------------ */

/* Turns a value into a list of items as Python's iteration would: lists
 * and tuples as they are, dict keys, string characters, host sequences.
 * Returns 1 when the value is not iterable (TypeError). */
static int iterate(wr *r, const weft_value *v, const weft_value **items, uint32_t *n)
{
    switch ((weft_kind)v->kind) {
    case WEFT_NULL: *n = 0; return 0;
    case WEFT_LIST:
    case WEFT_TUPLE:
        *items = v->u.list->items;
        *n = v->u.list->len;
        return 0;
    case WEFT_DICT: {
        weft_value *keys = arena_alloc(wr_arena(r), (v->u.dict->len + 1) * sizeof *keys);
        if (!keys) return wr_oom(r);
        for (uint32_t i = 0; i < v->u.dict->len; i++) keys[i] = v->u.dict->entries[i].key;
        *items = keys;
        *n = v->u.dict->len;
        return 0;
    }
    case WEFT_STRING: {
        weft_value *chars = arena_alloc(wr_arena(r), (v->len + 1) * sizeof *chars);
        if (!chars) return wr_oom(r);
        uint32_t count = 0;
        for (uint32_t i = 0; i < v->len;) {
            uint32_t j = i + 1;
            while (j < v->len && ((unsigned char)v->u.s[j] & 0xC0) == 0x80) j++;
            chars[count++] = wv_str(v->u.s + i, j - i, false);
            i = j;
        }
        *items = chars;
        *n = count;
        return 0;
    }
    case WEFT_HOST: {
        const weft_host_ops *ops = v->u.host.ops;
        size_t len;
        if (!ops->length || !ops->item || ops->length(v->u.host.obj, &len) != WEFT_OK) break;
        weft_value *vals = arena_alloc(wr_arena(r), (len + 1) * sizeof *vals);
        if (!vals) return wr_oom(r);
        for (size_t i = 0; i < len; i++) {
            weft_value *got = NULL;
            if (ops->item(v->u.host.obj, i, wr_host_store(r), &got) != WEFT_OK || !got)
                return wr_fail(r, WEFT_ERROR_TYPE, "'%s' object could not be iterated",
                               ops->type_name ? ops->type_name : "host");
            vals[i] = *got;
        }
        *items = vals;
        *n = (uint32_t)len;
        return 0;
    }
    default: break;
    }
    return 1;
}

/* ---- for ---------------------------------------------------------------- */

typedef struct for_node {
    wnode h;
    uint32_t reversed;
    uint32_t nvars;
    wref vars; /* wkwarg[] with names only */
    wref sequence;
    wref body;
    wref empty;
} for_node;

static int compile_for(wparser *p, const wtoken *tok, wref *out)
{
    static const char *const until[] = {"empty", "endfor"};
    static const char *const until_end[] = {"endfor"};
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    const char *contents = wd_source(p) + tok->content;
    int clen = (int)tok->content_len;
    if (n < 4)
        return wd_fail(p, tok, "'for' statements should have at least four words: %.*s", clen, contents);
    bool reversed = wbit_is(bits[n - 1], "reversed");
    uint32_t in_index = reversed ? n - 3 : n - 2;
    if (!wbit_is(bits[in_index], "in"))
        return wd_fail(p, tok, "'for' statements should use the format 'for x in y': %.*s", clen, contents);
    /* The loop variables: the words before "in", joined by spaces, then
     * split on commas with optional spaces around them. */
    buf joined;
    buf_init(&joined, wd_scratch(p));
    for (uint32_t i = 1; i < in_index; i++) {
        if (i > 1) buf_putc(&joined, ' ');
        buf_put(&joined, bits[i].s, bits[i].len);
    }
    if (joined.oom) return wd_oom(p);
    wkwarg vars[64];
    uint32_t nvars = 0;
    size_t start = 0;
    for (;;) {
        size_t end = start;
        while (end < joined.len && joined.data[end] != ',') end++;
        size_t a = start, b = end;
        while (a < b && joined.data[a] == ' ') a++;
        while (b > a && joined.data[b - 1] == ' ') b--;
        bool bad = a == b;
        for (size_t k = a; k < b; k++)
            if (joined.data[k] == ' ' || joined.data[k] == '"' || joined.data[k] == '\'' || joined.data[k] == '|')
                bad = true;
        /* A space directly before or after a comma is part of the separator
         * only; spaces elsewhere make the name invalid. */
        if (bad || nvars == 64)
            return wd_fail(p, tok, "'for' tag received an invalid argument: %.*s", clen, contents);
        vars[nvars].name = pb_push_str(wd_program(p), joined.data + a, b - a);
        vars[nvars].len = (uint32_t)(b - a);
        vars[nvars].expr = 0;
        nvars++;
        if (end >= joined.len) break;
        start = end + 1;
    }
    for_node node = {{0, 0, tok->start}, reversed, nvars, 0, 0, 0, 0};
    node.vars = pb_push(wd_program(p), vars, nvars * sizeof vars[0]);
    if (wd_filter(p, tok, bits[in_index + 1].s, bits[in_index + 1].len, &node.sequence)) return -1;
    const wtoken *end;
    if (wd_parse(p, tok, until, 2, &node.body, &end)) return -1;
    if (end && end->content_len >= 5 && memcmp(wd_source(p) + end->content, "empty", 5) == 0) {
        if (wd_parse(p, tok, until_end, 1, &node.empty, &end)) return -1;
    }
    WD_PUSH_NODE(p, node, out);
    return 0;
}

enum { LOOP_PARENT, LOOP_COUNTER0, LOOP_COUNTER, LOOP_REVCOUNTER, LOOP_REVCOUNTER0, LOOP_FIRST, LOOP_LAST, LOOP_FIELDS };

static wv_dict *new_loop_dict(wr *r)
{
    static const char *const keys[LOOP_FIELDS] = {"parentloop", "counter0", "counter", "revcounter",
                                                  "revcounter0", "first", "last"};
    wv_dict *d = wv_dict_new(wr_arena(r), LOOP_FIELDS);
    if (!d) return NULL;
    const weft_value *parent = wr_lookup(r, "forloop", 7);
    weft_value empty = {0};
    if (!parent) {
        wv_dict *e = wv_dict_new(wr_arena(r), 0);
        if (!e) return NULL;
        empty.kind = WEFT_DICT;
        empty.u.dict = e;
        parent = &empty;
    }
    for (int i = 0; i < LOOP_FIELDS; i++) {
        d->entries[i].key = wv_str(keys[i], strlen(keys[i]), false);
        d->entries[i].val = i == LOOP_PARENT ? *parent : wv_null();
    }
    d->len = LOOP_FIELDS;
    return d;
}

static int unpack(wr *r, const for_node *n, const weft_value *item)
{
    const weft_value *parts;
    uint32_t count;
    int rc = iterate(r, item, &parts, &count);
    if (rc < 0) return -1;
    if (rc == 1) count = 1; /* not iterable: len_item = 1 */
    if (count != n->nvars)
        return wr_fail(r, WEFT_ERROR_VALUE, "Need %u values to unpack in for loop; got %u. ",
                       n->nvars, count);
    const wkwarg *vars = WR_AT(r, n->vars, wkwarg);
    for (uint32_t i = 0; i < count; i++)
        if (wr_set(r, WR_AT(r, vars[i].name, char), vars[i].len, &parts[i])) return -1;
    return 0;
}

static int render_for(wr *r, const wnode *node)
{
    const for_node *n = (const for_node *)node;
    if (wr_push(r)) return -1;
    weft_value seq;
    const weft_value *items = NULL;
    uint32_t count = 0;
    int rc = wd_eval_quiet(r, n->sequence, &seq);
    if (!rc) {
        rc = iterate(r, &seq, &items, &count);
        if (rc == 1) rc = wr_fail(r, WEFT_ERROR_TYPE, "'%s' object is not iterable", wv_type_name(&seq));
    }
    if (rc) goto out;
    if (count == 0) {
        if (n->empty) rc = wr_render_nodelist(r, n->empty);
        goto out;
    }
    wv_dict *loop = new_loop_dict(r);
    if (!loop) {
        rc = wr_oom(r);
        goto out;
    }
    weft_value loop_value = {0};
    loop_value.kind = WEFT_DICT;
    loop_value.u.dict = loop;
    if ((rc = wr_set(r, "forloop", 7, &loop_value))) goto out;
    const void *outer = wr_enter_loop(r, loop);
    const wkwarg *vars = WR_AT(r, n->vars, wkwarg);
    uint32_t var_index = UINT32_MAX; /* the loop variable's binding, once bound */
    for (uint32_t i = 0; i < count && !rc; i++) {
        const weft_value *item = &items[n->reversed ? count - 1 - i : i];
        wv_entry *e = loop->entries;
        e[LOOP_COUNTER0].val = wv_int(i);
        e[LOOP_COUNTER].val = wv_int(i + 1);
        e[LOOP_REVCOUNTER].val = wv_int(count - i);
        e[LOOP_REVCOUNTER0].val = wv_int(count - i - 1);
        e[LOOP_FIRST].val = wv_bool(i == 0);
        e[LOOP_LAST].val = wv_bool(i == count - 1);
        if (n->nvars > 1) {
            /* Unpacked names go in a frame of their own (context.update). */
            if ((rc = wr_push(r))) break;
            rc = unpack(r, n, item);
            if (!rc) rc = wr_render_nodelist(r, n->body);
            wr_pop(r);
        } else {
            /* The binding stays where it is for the whole loop: the body
             * may add bindings above it or assign to it, never remove it. */
            if (var_index != UINT32_MAX) wr_rebind(r, var_index, item);
            else rc = wr_bind(r, WR_AT(r, vars[0].name, char), vars[0].len, item, &var_index);
            if (!rc) rc = wr_render_nodelist(r, n->body);
        }
    }
    wr_enter_loop(r, outer);
out:
    wr_pop(r);
    return rc;
}

/* ---- cycle and resetcycle ----------------------------------------------- */

typedef struct cycle_node {
    wnode h;
    uint32_t slot;
    uint32_t silent;
    uint32_t nvalues;
    wref values; /* wref[] of wexpr */
    wref name;
    uint32_t name_len;
} cycle_node;

/* {% cycle name %} of a named cycle: the same node again. */
enum { CYCLE_IS_REF = 1 };
typedef struct cycle_ref_node {
    wnode h;
    wref target;
} cycle_ref_node;

static int compile_cycle(wparser *p, const wtoken *tok, wref *out)
{
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    if (n < 2) return wd_fail(p, tok, "'cycle' tag requires at least two arguments");
    if (n == 2) {
        wref target;
        if (!wd_named_cycle(p, bits[1].s, bits[1].len, &target))
            return wd_fail(p, tok, "Named cycle '%.*s' does not exist", (int)bits[1].len, bits[1].s);
        cycle_ref_node node = {{0, CYCLE_IS_REF, tok->start}, target};
        WD_PUSH_NODE(p, node, out);
        return 0;
    }
    bool as_form = false, silent = false;
    uint32_t end = n;
    if (n > 4) {
        if (wbit_is(bits[n - 3], "as")) {
            if (!wbit_is(bits[n - 1], "silent"))
                return wd_fail(p, tok, "Only 'silent' flag is allowed after cycle's name, not '%.*s'.",
                               (int)bits[n - 1].len, bits[n - 1].s);
            as_form = silent = true;
            end = n - 1;
        } else if (wbit_is(bits[n - 2], "as")) {
            as_form = true;
        }
    }
    cycle_node node = {{0, 0, tok->start}, wd_new_slot(p), silent, 0, 0, 0, 0};
    uint32_t last = as_form ? end - 2 : end;
    wref values[256];
    if (last - 1 > 256) return wd_fail(p, tok, "too many values in cycle");
    for (uint32_t i = 1; i < last; i++)
        if (wd_filter(p, tok, bits[i].s, bits[i].len, &values[i - 1])) return -1;
    node.nvalues = last - 1;
    node.values = pb_push(wd_program(p), values, node.nvalues * sizeof values[0]);
    if (as_form) {
        node.name = pb_push_str(wd_program(p), bits[end - 1].s, bits[end - 1].len);
        node.name_len = bits[end - 1].len;
    }
    WD_PUSH_NODE(p, node, out);
    /* The name is kept from the source: the program block may move. */
    if (as_form) wd_set_named_cycle(p, bits[end - 1].s, node.name_len, *out);
    wd_set_last_cycle(p, *out);
    return 0;
}

static int render_cycle_node(wr *r, const cycle_node *n)
{
    void **slot = wr_slot(r, n->slot);
    uint32_t *next = *slot;
    if (!next) {
        if (!(next = arena_alloc(wr_arena(r), sizeof *next))) return wr_oom(r);
        *next = 0;
        *slot = next;
    }
    const wref *values = WR_AT(r, n->values, wref);
    weft_value v;
    if (wd_eval(r, values[*next], &v)) return -1;
    *next = (*next + 1) % n->nvalues;
    if (n->name_len && wr_set_upward(r, WR_AT(r, n->name, char), n->name_len, &v)) return -1;
    if (n->silent) return 0;
    return wd_write_value(r, &v);
}

static int render_cycle(wr *r, const wnode *node)
{
    if (node->flags & CYCLE_IS_REF)
        return render_cycle_node(r, WR_AT(r, ((const cycle_ref_node *)node)->target, cycle_node));
    return render_cycle_node(r, (const cycle_node *)node);
}

typedef struct resetcycle_node {
    wnode h;
    wref target;
} resetcycle_node;

static int compile_resetcycle(wparser *p, const wtoken *tok, wref *out)
{
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    if (n > 2) return wd_fail(p, tok, "'resetcycle' tag accepts at most one argument.");
    resetcycle_node node = {{0, 0, tok->start}, 0};
    if (n == 2) {
        if (!wd_named_cycle(p, bits[1].s, bits[1].len, &node.target))
            return wd_fail(p, tok, "Named cycle '%.*s' does not exist.", (int)bits[1].len, bits[1].s);
    } else if (!(node.target = wd_last_cycle(p))) {
        return wd_fail(p, tok, "No cycles in template.");
    }
    WD_PUSH_NODE(p, node, out);
    return 0;
}

static int render_resetcycle(wr *r, const wnode *node)
{
    const cycle_node *target = WR_AT(r, ((const resetcycle_node *)node)->target, cycle_node);
    uint32_t *next = *wr_slot(r, target->slot);
    if (next) *next = 0;
    return 0;
}

/* ---- ifchanged ------------------------------------------------------------ */

typedef struct ifchanged_node {
    wnode h;
    uint32_t slot;
    uint32_t nvalues;
    wref values;
    wref body;
    wref otherwise;
} ifchanged_node;

typedef struct ifchanged_state {
    bool set;
    weft_value last;
} ifchanged_state;

static int compile_ifchanged(wparser *p, const wtoken *tok, wref *out)
{
    static const char *const until[] = {"else", "endifchanged"};
    static const char *const until_end[] = {"endifchanged"};
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    ifchanged_node node = {{0, 0, tok->start}, wd_new_slot(p), n - 1, 0, 0, 0};
    const wtoken *end;
    if (wd_parse(p, tok, until, 2, &node.body, &end)) return -1;
    if (end && end->content_len >= 4 && memcmp(wd_source(p) + end->content, "else", 4) == 0)
        if (wd_parse(p, tok, until_end, 1, &node.otherwise, &end)) return -1;
    wref values[256];
    if (n - 1 > 256) return wd_fail(p, tok, "too many values in ifchanged");
    for (uint32_t i = 1; i < n; i++)
        if (wd_filter(p, tok, bits[i].s, bits[i].len, &values[i - 1])) return -1;
    if (node.nvalues) node.values = pb_push(wd_program(p), values, node.nvalues * sizeof values[0]);
    WD_PUSH_NODE(p, node, out);
    return 0;
}

static int render_ifchanged(wr *r, const wnode *node)
{
    const ifchanged_node *n = (const ifchanged_node *)node;
    /* Inside a loop the state belongs to that loop's run, keyed by node;
     * outside, to this rendering of the template. */
    void **slot = wr_current_loop(r) ? wr_loop_cell(r, node) : wr_slot(r, n->slot);
    if (!slot) return -1;
    ifchanged_state *st = *slot;
    if (!st) {
        if (!(st = arena_alloc(wr_arena(r), sizeof *st))) return wr_oom(r);
        memset(st, 0, sizeof *st);
        *slot = st;
    }
    weft_value compare;
    bool rendered = false;
    if (n->nvalues) {
        wv_list *l = wv_list_new(wr_arena(r), n->nvalues);
        if (!l) return wr_oom(r);
        const wref *values = WR_AT(r, n->values, wref);
        for (uint32_t i = 0; i < n->nvalues; i++) {
            weft_value v;
            if (wd_eval_quiet(r, values[i], &v)) return -1;
            wv_list_push(wr_arena(r), l, &v);
        }
        compare = wv_list_value(l, false);
    } else {
        if (wr_capture(r, n->body, &compare)) return -1;
        rendered = true;
    }
    if (!st->set || !wv_equal(&compare, &st->last)) {
        st->set = true;
        st->last = compare;
        if (rendered) return wr_write(r, compare.u.s, compare.len);
        return wr_render_nodelist(r, n->body);
    }
    if (n->otherwise) return wr_render_nodelist(r, n->otherwise);
    return 0;
}

/* ---- regroup -------------------------------------------------------------- */

typedef struct regroup_node {
    wnode h;
    wref target;
    wref expr; /* "var_name.attribute" resolved with each item bound */
    wref name;
    uint32_t name_len;
} regroup_node;

static int compile_regroup(wparser *p, const wtoken *tok, wref *out)
{
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    if (n != 6) return wd_fail(p, tok, "'regroup' tag takes five arguments");
    regroup_node node = {{0, 0, tok->start}, 0, 0, 0, bits[5].len};
    if (wd_filter(p, tok, bits[1].s, bits[1].len, &node.target)) return -1;
    if (!wbit_is(bits[2], "by")) return wd_fail(p, tok, "second argument to 'regroup' tag must be 'by'");
    if (!wbit_is(bits[4], "as"))
        return wd_fail(p, tok, "next-to-last argument to 'regroup' tag must be 'as'");
    buf expr;
    buf_init(&expr, wd_scratch(p));
    buf_put(&expr, bits[5].s, bits[5].len);
    buf_putc(&expr, '.');
    buf_put(&expr, bits[3].s, bits[3].len);
    if (expr.oom) return wd_oom(p);
    if (wd_filter(p, tok, expr.data, expr.len, &node.expr)) return -1;
    node.name = pb_push_str(wd_program(p), bits[5].s, bits[5].len);
    WD_PUSH_NODE(p, node, out);
    return 0;
}

/* GroupedResult, a namedtuple (grouper, list): attributes, indexes,
 * unpacking and its repr. */
typedef struct grouped {
    weft_value grouper;
    weft_value list;
} grouped;

static int grouped_lookup(void *obj, const char *name, size_t len, weft_values *store, weft_value **out)
{
    grouped *g = obj;
    (void)store;
    if (len == 7 && !memcmp(name, "grouper", 7)) *out = &g->grouper;
    else if (len == 4 && !memcmp(name, "list", 4)) *out = &g->list;
    else return WEFT_ENOTFOUND;
    return WEFT_OK;
}

static int grouped_length(void *obj, size_t *out)
{
    (void)obj;
    *out = 2;
    return WEFT_OK;
}

static int grouped_item(void *obj, size_t i, weft_values *store, weft_value **out)
{
    grouped *g = obj;
    (void)store;
    if (i > 1) return WEFT_ENOTFOUND;
    *out = i == 0 ? &g->grouper : &g->list;
    return WEFT_OK;
}

static int grouped_string(void *obj, weft_values *store, weft_value **out)
{
    grouped *g = obj;
    buf b;
    buf_init(&b, &store->arena);
    buf_puts(&b, "GroupedResult(grouper=");
    wv_repr(&b, &g->grouper, &store->arena);
    buf_puts(&b, ", list=");
    wv_repr(&b, &g->list, &store->arena);
    buf_putc(&b, ')');
    weft_value *v = arena_alloc(&store->arena, sizeof *v);
    if (b.oom || !v) return WEFT_ENOMEM;
    *v = wv_str(b.data, b.len, false);
    *out = v;
    return WEFT_OK;
}

static const weft_host_ops grouped_ops = {
    "GroupedResult", grouped_lookup, grouped_length, grouped_item, NULL, grouped_string, NULL,
};

static int render_regroup(wr *r, const wnode *node)
{
    const regroup_node *n = (const regroup_node *)node;
    const char *name = WR_AT(r, n->name, char);
    weft_value target;
    if (wd_eval_quiet(r, n->target, &target)) return -1;
    wv_list *groups = wv_list_new(wr_arena(r), 0);
    if (!groups) return wr_oom(r);
    weft_value result = wv_list_value(groups, false);
    if (target.kind == WEFT_NULL) return wr_set(r, name, n->name_len, &result);
    const weft_value *items;
    uint32_t count;
    int rc = iterate(r, &target, &items, &count);
    if (rc < 0) return -1;
    if (rc == 1) return wr_fail(r, WEFT_ERROR_TYPE, "'%s' object is not iterable", wv_type_name(&target));
    grouped *current = NULL;
    for (uint32_t i = 0; i < count; i++) {
        weft_value key;
        if (wr_set(r, name, n->name_len, &items[i])) return -1;
        if (wd_eval_quiet(r, n->expr, &key)) return -1;
        if (!current || !wv_equal(&current->grouper, &key)) {
            current = arena_alloc(wr_arena(r), sizeof *current);
            wv_list *members = wv_list_new(wr_arena(r), 0);
            if (!current || !members) return wr_oom(r);
            current->grouper = key;
            current->list = wv_list_value(members, false);
            weft_value g = {0};
            g.kind = WEFT_HOST;
            g.u.host.ops = &grouped_ops;
            g.u.host.obj = current;
            if (!wv_list_push(wr_arena(r), groups, &g)) return wr_oom(r);
        }
        if (!wv_list_push(wr_arena(r), current->list.u.list, &items[i])) return wr_oom(r);
    }
    return wr_set(r, name, n->name_len, &result);
}

const wtag_def wd_tags_logic[] = {
    {"if", NULL, wd_compile_if, wd_render_if},
    {"for", NULL, compile_for, render_for},
    {"cycle", NULL, compile_cycle, render_cycle},
    {"resetcycle", NULL, compile_resetcycle, render_resetcycle},
    {"ifchanged", NULL, compile_ifchanged, render_ifchanged},
    {"regroup", NULL, compile_regroup, render_regroup},
    {NULL, NULL, NULL, NULL},
};
