/* {% if %}: Django's smartif, a Pratt parser over the tag's words, compiled
 * into a small expression tree in the program. */
#include <string.h>

#include "render/state.h"
#include "tag_api.h"

enum cond_op {
    COND_LITERAL,
    COND_OR, COND_AND, COND_NOT, COND_IN, COND_NOT_IN, COND_IS, COND_IS_NOT,
    COND_EQ, COND_NE, COND_GT, COND_GE, COND_LT, COND_LE,
    COND_END /* the end of the words: a parser state, never compiled */
};

typedef struct cond {
    uint32_t op;
    wref a, b; /* operands (cond), or a = wexpr for a literal */
} cond;

typedef struct op_info {
    const char *text;
    uint8_t op;
    uint8_t lbp;
    bool prefix;
} op_info;

static const op_info operators[] = {
    {"or", COND_OR, 6, false},      {"and", COND_AND, 7, false},   {"not", COND_NOT, 8, true},
    {"in", COND_IN, 9, false},      {"not in", COND_NOT_IN, 9, false},
    {"is", COND_IS, 10, false},     {"is not", COND_IS_NOT, 10, false},
    {"==", COND_EQ, 10, false},     {"!=", COND_NE, 10, false},    {">", COND_GT, 10, false},
    {">=", COND_GE, 10, false},     {"<", COND_LT, 10, false},     {"<=", COND_LE, 10, false},
};

typedef struct if_token {
    const op_info *op; /* NULL: a literal */
    wbit text;
} if_token;

typedef struct if_parser {
    wparser *p;
    const wtoken *tok;
    if_token *tokens;
    uint32_t n, pos;
    if_token current;
    bool at_end;
} if_parser;

static void advance(if_parser *ip)
{
    if (ip->pos >= ip->n) {
        ip->at_end = true;
        return;
    }
    ip->current = ip->tokens[ip->pos++];
}

static unsigned current_lbp(const if_parser *ip)
{
    if (ip->at_end) return 0;
    return ip->current.op ? ip->current.op->lbp : 0;
}

static int push_cond(if_parser *ip, cond c, wref *out)
{
    *out = pb_push(wd_program(ip->p), &c, sizeof c);
    return *out ? 0 : wd_oom(ip->p);
}

static int expression(if_parser *ip, unsigned rbp, wref *out, unsigned depth);

static int nud(if_parser *ip, if_token t, wref *out, unsigned depth)
{
    if (!t.op) {
        cond c = {COND_LITERAL, 0, 0};
        if (wd_filter(ip->p, ip->tok, t.text.s, t.text.len, &c.a)) return -1;
        return push_cond(ip, c, out);
    }
    if (!t.op->prefix)
        return wd_fail(ip->p, ip->tok, "Not expecting '%s' in this position in if tag.", t.op->text);
    cond c = {t.op->op, 0, 0};
    if (expression(ip, t.op->lbp, &c.a, depth + 1)) return -1;
    return push_cond(ip, c, out);
}

static int expression(if_parser *ip, unsigned rbp, wref *out, unsigned depth)
{
    if (depth > 200) return wd_fail(ip->p, ip->tok, "if expression nested too deeply");
    if (ip->at_end) return wd_fail(ip->p, ip->tok, "Unexpected end of expression in if tag.");
    if_token t = ip->current;
    advance(ip);
    wref left;
    if (nud(ip, t, &left, depth)) return -1;
    while (rbp < current_lbp(ip)) {
        t = ip->current;
        advance(ip);
        if (t.op->prefix)
            return wd_fail(ip->p, ip->tok, "Not expecting '%s' as infix operator in if tag.", t.op->text);
        cond c = {t.op->op, left, 0};
        if (expression(ip, t.op->lbp, &c.b, depth + 1)) return -1;
        if (push_cond(ip, c, &left)) return -1;
    }
    *out = left;
    return 0;
}

static const op_info *find_op(const char *s, size_t len)
{
    for (size_t i = 0; i < sizeof operators / sizeof operators[0]; i++)
        if (strlen(operators[i].text) == len && memcmp(operators[i].text, s, len) == 0)
            return &operators[i];
    return NULL;
}

/* Compiles the words of an if or elif tag (after the tag name). */
static int compile_condition(wparser *p, const wtoken *tok, const wbit *bits, uint32_t n, wref *out)
{
    if_token *tokens = arena_alloc(wd_scratch(p), (n ? n : 1) * sizeof *tokens);
    if (!tokens) return wd_oom(p);
    uint32_t count = 0;
    for (uint32_t i = 0; i < n; i++) {
        if_token t = {find_op(bits[i].s, bits[i].len), bits[i]};
        /* "is not" and "not in" are single operators. */
        if (wbit_is(bits[i], "is") && i + 1 < n && wbit_is(bits[i + 1], "not")) {
            t.op = find_op("is not", 6);
            i++;
        } else if (wbit_is(bits[i], "not") && i + 1 < n && wbit_is(bits[i + 1], "in")) {
            t.op = find_op("not in", 6);
            i++;
        }
        tokens[count++] = t;
    }
    if_parser ip = {p, tok, tokens, count, 0, {0}, false};
    advance(&ip);
    if (expression(&ip, 0, out, 0)) return -1;
    if (!ip.at_end)
        return wd_fail(p, tok, "Unused '%s' at end of if expression.",
                       ip.current.op ? ip.current.op->text
                                     : arena_strndup(wd_scratch(p), ip.current.text.s, ip.current.text.len));
    return 0;
}

/* ---- evaluation ------------------------------------------------------- */

/* Evaluates a condition. Returns 0 with *out set, 1 when Python would have
 * raised (the enclosing operator turns that into False), -1 on a failure
 * that must stop the render. */
static int eval_cond(wr *r, wref ref, weft_value *out);

static int operand(wr *r, wref ref, weft_value *out)
{
    int rc = eval_cond(r, ref, out);
    return rc;
}

static bool python_is(const weft_value *a, const weft_value *b)
{
    if (a->kind != b->kind) return false;
    switch ((weft_kind)a->kind) {
    case WEFT_NULL: return true;
    case WEFT_BOOL: return a->u.b == b->u.b;
    /* CPython caches small ints, which `is` can see. */
    case WEFT_INT: return a->u.i == b->u.i && a->u.i >= -5 && a->u.i <= 256;
    case WEFT_STRING: return a->u.s == b->u.s && a->len == b->len;
    case WEFT_LIST:
    case WEFT_TUPLE: return a->u.list == b->u.list;
    case WEFT_DICT: return a->u.dict == b->u.dict;
    case WEFT_HOST: return a->u.host.obj == b->u.host.obj;
    default: return false;
    }
}

static int eval_binary(wr *r, const cond *c, weft_value *out)
{
    weft_value x, y;
    int rc = operand(r, c->a, &x);
    if (rc) return rc;
    if (c->op == COND_OR && wv_truthy(&x)) {
        *out = x;
        return 0;
    }
    if (c->op == COND_AND && !wv_truthy(&x)) {
        *out = x;
        return 0;
    }
    rc = operand(r, c->b, &y);
    if (rc) return rc;
    bool ok = true, result = false;
    switch (c->op) {
    case COND_OR:
    case COND_AND: *out = y; return 0;
    case COND_IN: result = wv_contains(&y, &x, &ok); break;
    case COND_NOT_IN: result = !wv_contains(&y, &x, &ok); break;
    case COND_IS: result = python_is(&x, &y); break;
    case COND_IS_NOT: result = !python_is(&x, &y); break;
    case COND_EQ: result = wv_equal(&x, &y); break;
    case COND_NE: result = !wv_equal(&x, &y); break;
    default: {
        int cmp = wv_compare(&x, &y, &ok);
        result = c->op == COND_GT ? cmp > 0 : c->op == COND_GE ? cmp >= 0 : c->op == COND_LT ? cmp < 0 : cmp <= 0;
        /* NaN compares false every way. */
        if ((x.kind == WEFT_FLOAT && x.u.f != x.u.f) || (y.kind == WEFT_FLOAT && y.u.f != y.u.f)) result = false;
    }
    }
    if (!ok) return 1;
    *out = wv_bool(result);
    return 0;
}

static int eval_cond(wr *r, wref ref, weft_value *out)
{
    const cond *c = WR_AT(r, ref, cond);
    if (c->op == COND_LITERAL) {
        if (wd_eval_quiet(r, c->a, out) == 0) return 0;
        /* A VariableDoesNotExist from a filter argument is caught by the
         * if tag; anything else propagates. */
        return 1;
    }
    int rc;
    if (c->op == COND_NOT) {
        weft_value x;
        rc = operand(r, c->a, &x);
        if (!rc) *out = wv_bool(!wv_truthy(&x));
    } else {
        rc = eval_binary(r, c, out);
    }
    if (rc == 1) {
        /* The operator catches the exception and answers False. */
        if (!wr_recover(r)) return -1;
        *out = wv_bool(false);
        return 0;
    }
    return rc;
}

/* Top-level: the if tag catches only VariableDoesNotExist. */
static int test(wr *r, wref ref, bool *truth)
{
    weft_value v;
    int rc = eval_cond(r, ref, &v);
    if (rc == 1) {
        const cond *c = WR_AT(r, ref, cond);
        bool missing = r->err ? r->err->kind == WEFT_ERROR_VARIABLE_DOES_NOT_EXIST : true;
        (void)c;
        if (!missing) return -1;
        if (!wr_recover(r)) return -1;
        *truth = false;
        return 0;
    }
    if (rc) return -1;
    *truth = wv_truthy(&v);
    return 0;
}

/* ---- the tag ---------------------------------------------------------- */

typedef struct if_branch {
    wref cond; /* 0 for else */
    wref body;
} if_branch;

typedef struct if_node {
    wnode h;
    uint32_t nbranches;
    wref branches; /* if_branch[] */
} if_node;

int wd_compile_if(wparser *p, const wtoken *tok, wref *out)
{
    static const char *const until[] = {"elif", "else", "endif"};
    static const char *const until_end[] = {"endif"};
    if_branch branches[256];
    uint32_t n = 0;
    const wtoken *t = tok;
    for (;;) {
        wbit *bits;
        uint32_t nbits;
        if (wd_split(p, t, &bits, &nbits)) return -1;
        if (n == 256) return wd_fail(p, t, "too many elif branches");
        if_branch b = {0, 0};
        if (compile_condition(p, t, bits + 1, nbits - 1, &b.cond)) return -1;
        const wtoken *end;
        if (wd_parse(p, tok, until, 3, &b.body, &end)) return -1;
        branches[n++] = b;
        const char *name = wd_source(p) + end->content;
        if (end->content_len >= 4 && memcmp(name, "elif", 4) == 0 &&
            (end->content_len == 4 || name[4] == ' ')) {
            t = end;
            continue;
        }
        if (end->content_len == 4 && memcmp(name, "else", 4) == 0) {
            if_branch e = {0, 0};
            if (wd_parse(p, tok, until_end, 1, &e.body, &end)) return -1;
            branches[n++] = e;
            name = wd_source(p) + end->content;
        }
        if (end->content_len != 5 || memcmp(name, "endif", 5) != 0)
            return wd_fail(p, end, "Malformed template tag at line %u: \"%.*s\"", end->line,
                           (int)end->content_len, name);
        break;
    }
    if_node node = {{0, 0, tok->start}, n, 0};
    node.branches = pb_push(wd_program(p), branches, n * sizeof branches[0]);
    if (!node.branches) return wd_oom(p);
    *out = pb_push(wd_program(p), &node, sizeof node);
    return *out ? 0 : wd_oom(p);
}

int wd_render_if(wr *r, const wnode *node)
{
    const if_node *n = (const if_node *)node;
    const if_branch *b = WR_AT(r, n->branches, if_branch);
    for (uint32_t i = 0; i < n->nbranches; i++) {
        bool truth = true;
        if (b[i].cond && test(r, b[i].cond, &truth)) return -1;
        if (truth) return wr_render_nodelist(r, b[i].body);
    }
    return 0;
}

