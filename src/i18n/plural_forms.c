/* The "plural=" expression of a gettext header, compiled into a small tree
 * and evaluated the way Python's gettext.c2py evaluates it (Django reads .mo
 * files through Python): C syntax and precedence, Python arithmetic.
 *
 * The text comes from files, so nothing in it may blow the stack: Python
 * rejects expressions longer than 1000 characters and nests at most 20
 * levels; here the parser counts its own nesting and the tree's node count
 * is bounded by the text length. */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"

#define PLURAL_MAX_TEXT 1000
#define PLURAL_MAX_NESTING 40

enum pop {
    POP_NUM, POP_N, POP_NOT, POP_COND,
    /* binary operators, by increasing precedence group */
    POP_OR, POP_AND, POP_EQ, POP_NE, POP_LT, POP_GT, POP_LE, POP_GE,
    POP_ADD, POP_SUB, POP_MUL, POP_DIV, POP_MOD
};

typedef struct pnode {
    uint8_t op;
    int32_t a, b, c; /* children (node indexes), -1 when unused */
    int64_t value;   /* POP_NUM */
} pnode;

struct wplural {
    int32_t root;
    int32_t n_nodes;
    pnode nodes[];
};

/* ---------------------------------------------------------------- */
/* Tokens                                                            */
/* ---------------------------------------------------------------- */

enum ptok { T_END, T_NUM, T_N, T_LPAREN, T_RPAREN, T_NOT, T_QUESTION, T_COLON, T_BINOP, T_BAD };

typedef struct parser {
    const char *s, *end;
    enum ptok tok;
    enum pop binop; /* for T_BINOP */
    int64_t num;    /* for T_NUM */
    int depth;
    pnode *nodes;
    int32_t n_nodes, cap;
} parser;

static bool is_word_char(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           c == '_';
}

static void next_token(parser *p)
{
    while (p->s < p->end && (*p->s == ' ' || *p->s == '\t')) p->s++;
    if (p->s >= p->end) {
        p->tok = T_END;
        return;
    }
    char c = *p->s;
    char c2 = p->s + 1 < p->end ? p->s[1] : '\0';
    if (c >= '0' && c <= '9') {
        int64_t v = 0;
        while (p->s < p->end && *p->s >= '0' && *p->s <= '9') {
            if (v > (INT64_MAX - 9) / 10) {
                p->tok = T_BAD;
                return;
            }
            v = v * 10 + (*p->s++ - '0');
        }
        /* "2n" is one invalid word in Python's tokenizer, not 2 then n. */
        p->tok = p->s < p->end && is_word_char(*p->s) ? T_BAD : T_NUM;
        p->num = v;
        return;
    }
    if (c == 'n' && !(c2 && is_word_char(c2))) {
        p->s++;
        p->tok = T_N;
        return;
    }
    p->s++;
    switch (c) {
    case '(': p->tok = T_LPAREN; return;
    case ')': p->tok = T_RPAREN; return;
    case '?': p->tok = T_QUESTION; return;
    case ':': p->tok = T_COLON; return;
    case '+': p->tok = T_BINOP; p->binop = POP_ADD; return;
    case '-': p->tok = T_BINOP; p->binop = POP_SUB; return;
    case '*': p->tok = T_BINOP; p->binop = POP_MUL; return;
    case '/': p->tok = T_BINOP; p->binop = POP_DIV; return;
    case '%': p->tok = T_BINOP; p->binop = POP_MOD; return;
    case '!':
        if (c2 == '=') { p->s++; p->tok = T_BINOP; p->binop = POP_NE; return; }
        p->tok = T_NOT;
        return;
    case '<':
        if (c2 == '=') { p->s++; p->tok = T_BINOP; p->binop = POP_LE; return; }
        p->tok = T_BINOP; p->binop = POP_LT;
        return;
    case '>':
        if (c2 == '=') { p->s++; p->tok = T_BINOP; p->binop = POP_GE; return; }
        p->tok = T_BINOP; p->binop = POP_GT;
        return;
    case '=':
        if (c2 == '=') { p->s++; p->tok = T_BINOP; p->binop = POP_EQ; return; }
        break;
    case '&':
        if (c2 == '&') { p->s++; p->tok = T_BINOP; p->binop = POP_AND; return; }
        break;
    case '|':
        if (c2 == '|') { p->s++; p->tok = T_BINOP; p->binop = POP_OR; return; }
        break;
    default:
        break;
    }
    p->tok = T_BAD;
}

/* ---------------------------------------------------------------- */
/* Parser: precedence climbing, nesting counted                      */
/* ---------------------------------------------------------------- */

static int precedence(enum pop op)
{
    switch (op) {
    case POP_OR: return 1;
    case POP_AND: return 2;
    case POP_EQ: case POP_NE: return 3;
    case POP_LT: case POP_GT: case POP_LE: case POP_GE: return 4;
    case POP_ADD: case POP_SUB: return 5;
    case POP_MUL: case POP_DIV: case POP_MOD: return 6;
    default: return 0;
    }
}

static int32_t add_node(parser *p, enum pop op, int32_t a, int32_t b, int32_t c, int64_t value)
{
    if (p->n_nodes >= p->cap) return -1;
    pnode *n = &p->nodes[p->n_nodes];
    n->op = (uint8_t)op;
    n->a = a;
    n->b = b;
    n->c = c;
    n->value = value;
    return p->n_nodes++;
}

static int32_t parse_expr(parser *p);

static int32_t parse_primary(parser *p)
{
    if (p->tok == T_NOT) {
        next_token(p);
        if (++p->depth > PLURAL_MAX_NESTING) return -1;
        int32_t operand = parse_primary(p);
        p->depth--;
        if (operand < 0) return -1;
        return add_node(p, POP_NOT, operand, -1, -1, 0);
    }
    if (p->tok == T_LPAREN) {
        next_token(p);
        int32_t inner = parse_expr(p);
        if (inner < 0 || p->tok != T_RPAREN) return -1;
        next_token(p);
        return inner;
    }
    if (p->tok == T_N) {
        next_token(p);
        return add_node(p, POP_N, -1, -1, -1, 0);
    }
    if (p->tok == T_NUM) {
        int64_t v = p->num;
        next_token(p);
        return add_node(p, POP_NUM, -1, -1, -1, v);
    }
    return -1;
}

/* Binary operators of precedence >= min_prec, left-associative. */
static int32_t parse_binary(parser *p, int min_prec)
{
    int32_t left = parse_primary(p);
    while (left >= 0 && p->tok == T_BINOP && precedence(p->binop) >= min_prec) {
        enum pop op = p->binop;
        next_token(p);
        int32_t right = parse_binary(p, precedence(op) + 1);
        if (right < 0) return -1;
        left = add_node(p, op, left, right, -1, 0);
    }
    return left;
}

/* A full expression: binary operators, then an optional right-associative
 * conditional. */
static int32_t parse_expr(parser *p)
{
    if (++p->depth > PLURAL_MAX_NESTING) return -1;
    int32_t cond = parse_binary(p, 1);
    if (cond >= 0 && p->tok == T_QUESTION) {
        next_token(p);
        int32_t if_true = parse_expr(p);
        if (if_true < 0 || p->tok != T_COLON) return -1;
        next_token(p);
        int32_t if_false = parse_expr(p);
        if (if_false < 0) return -1;
        cond = add_node(p, POP_COND, cond, if_true, if_false, 0);
    }
    p->depth--;
    return cond;
}

wplural *wplural_compile(const char *text, size_t len)
{
    if (len > PLURAL_MAX_TEXT) return NULL;
    /* Every node but a conditional consumes at least one token of at least
     * one byte, and a conditional consumes two: len + 1 nodes suffice. */
    int32_t cap = (int32_t)len + 1;
    wplural *pl = malloc(sizeof *pl + (size_t)cap * sizeof(pnode));
    if (!pl) return NULL;
    parser p = {.s = text, .end = text + len, .nodes = pl->nodes, .cap = cap};
    next_token(&p);
    int32_t root = parse_expr(&p);
    if (root < 0 || p.tok != T_END) {
        free(pl);
        return NULL;
    }
    pl->root = root;
    pl->n_nodes = p.n_nodes;
    return pl;
}

void wplural_free(wplural *p) { free(p); }

/* ---------------------------------------------------------------- */
/* Evaluation                                                        */
/* ---------------------------------------------------------------- */

static bool eval_node(const wplural *pl, int32_t i, int64_t n, int64_t *out)
{
    const pnode *node = &pl->nodes[i];
    int64_t a, b;
    switch ((enum pop)node->op) {
    case POP_NUM: *out = node->value; return true;
    case POP_N: *out = n; return true;
    case POP_NOT:
        if (!eval_node(pl, node->a, n, &a)) return false;
        *out = a == 0;
        return true;
    case POP_COND:
        if (!eval_node(pl, node->a, n, &a)) return false;
        return eval_node(pl, a ? node->b : node->c, n, out);
    case POP_OR: /* Python's "or" gives the deciding operand */
        if (!eval_node(pl, node->a, n, &a)) return false;
        if (a) { *out = a; return true; }
        return eval_node(pl, node->b, n, out);
    case POP_AND:
        if (!eval_node(pl, node->a, n, &a)) return false;
        if (!a) { *out = a; return true; }
        return eval_node(pl, node->b, n, out);
    default:
        break;
    }
    if (!eval_node(pl, node->a, n, &a) || !eval_node(pl, node->b, n, &b)) return false;
    switch ((enum pop)node->op) {
    case POP_EQ: *out = a == b; return true;
    case POP_NE: *out = a != b; return true;
    case POP_LT: *out = a < b; return true;
    case POP_GT: *out = a > b; return true;
    case POP_LE: *out = a <= b; return true;
    case POP_GE: *out = a >= b; return true;
    case POP_ADD: return !__builtin_add_overflow(a, b, out);
    case POP_SUB: return !__builtin_sub_overflow(a, b, out);
    case POP_MUL: return !__builtin_mul_overflow(a, b, out);
    case POP_DIV: /* Python's //: the quotient rounded down */
        if (b == 0 || (a == INT64_MIN && b == -1)) return false;
        *out = a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
        return true;
    case POP_MOD: /* Python's %: the remainder takes the divisor's sign */
        if (b == 0) return false;
        if (b == -1) { *out = 0; return true; }
        *out = a % b;
        if (*out != 0 && ((*out < 0) != (b < 0))) *out += b;
        return true;
    default:
        return false;
    }
}

bool wplural_eval(const wplural *p, int64_t n, int64_t *out)
{
    return eval_node(p, p->root, n, out);
}
