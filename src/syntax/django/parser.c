#include "parser.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "lexer.h"
#include "registry.h"

enum { MAX_LIBRARIES = 32, MAX_NESTING = 200, MAX_NAMED = 64, MAX_BLOCKS = 1024 };

typedef struct named_ref {
    const char *name;
    size_t len;
    wref node;
} named_ref;

struct wparser {
    const wd_options *options;
    const char *name;
    const char *src;
    size_t src_len;
    wtoken *tokens;
    size_t ntokens, next;
    pbuilder pb;
    arena scratch;
    weft_error *err;
    bool failed;
    weft_status status;
    uint32_t nslots;
    uint32_t depth;
    const char *libraries[MAX_LIBRARIES];
    size_t nlibraries;
    uint32_t custom_entry; /* the registry entry of the custom tag compiling */
    named_ref cycles[MAX_NAMED];
    size_t ncycles;
    wref last_cycle;
    named_ref blocks[MAX_BLOCKS];
    size_t nblocks;
    wref extends;
    bool top_nontext;
};

/* ---- errors ---------------------------------------------------------- */

static int fail_at(wparser *p, size_t offset, weft_error_kind kind, weft_status code,
                   const char *fmt, va_list ap)
{
    if (p->failed) return -1;
    p->failed = true;
    p->status = code;
    if (p->err) {
        memset(p->err, 0, sizeof *p->err);
        p->err->code = code;
        p->err->kind = kind;
        vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
        wb_error_locate(p->err, p->name, p->src, p->src_len, offset);
    }
    return -1;
}

int wd_fail(wparser *p, const wtoken *tok, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail_at(p, tok ? tok->start : 0, WEFT_ERROR_TEMPLATE_SYNTAX, WEFT_ESYNTAX, fmt, ap);
    va_end(ap);
    return -1;
}

static int fail_kind(wparser *p, const wtoken *tok, weft_error_kind kind, weft_status code,
                     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail_at(p, tok ? tok->start : 0, kind, code, fmt, ap);
    va_end(ap);
    return -1;
}

int wd_oom(wparser *p)
{
    return fail_kind(p, NULL, WEFT_ERROR_OUT_OF_MEMORY, WEFT_ENOMEM, "out of memory");
}

/* ---- small accessors ------------------------------------------------- */

const char *wd_source(const wparser *p) { return p->src; }
const wd_options *wd_options_of(const wparser *p) { return p->options; }
pbuilder *wd_program(wparser *p) { return &p->pb; }
arena *wd_scratch(wparser *p) { return &p->scratch; }
uint32_t wd_new_slot(wparser *p) { return p->nslots++; }
wref wd_last_cycle(const wparser *p) { return p->last_cycle; }
void wd_set_last_cycle(wparser *p, wref node) { p->last_cycle = node; }
bool wd_has_extends(const wparser *p) { return p->extends != 0; }
bool wd_top_has_nontext(const wparser *p) { return p->top_nontext; }

static wd_loaded loaded_of(const wparser *p)
{
    return (wd_loaded){(const char *const *)p->libraries, p->nlibraries};
}

uint32_t wd_custom_entry(const wparser *p) { return p->custom_entry; }

bool wd_library_loaded(const wparser *p, const char *library)
{
    for (size_t i = 0; i < p->nlibraries; i++)
        if (strcmp(p->libraries[i], library) == 0) return true;
    return false;
}

/* Adds "lib" or "lib:name" to the visible libraries ({% load %}). */
int wd_load_library(wparser *p, const char *entry, size_t len)
{
    if (p->nlibraries == MAX_LIBRARIES) return wd_fail(p, NULL, "too many {%% load %%} tags");
    char *copy = arena_strndup(&p->scratch, entry, len);
    if (!copy) return wd_oom(p);
    p->libraries[p->nlibraries++] = copy;
    return 0;
}

int wd_named_cycle(wparser *p, const char *name, size_t len, wref *node)
{
    for (size_t i = p->ncycles; i-- > 0;) {
        if (p->cycles[i].len == len && memcmp(p->cycles[i].name, name, len) == 0) {
            *node = p->cycles[i].node;
            return 1;
        }
    }
    return 0;
}

void wd_set_named_cycle(wparser *p, const char *name, size_t len, wref node)
{
    if (p->ncycles == MAX_NAMED) memmove(p->cycles, p->cycles + 1, sizeof p->cycles[0] * (MAX_NAMED - 1)), p->ncycles--;
    p->cycles[p->ncycles++] = (named_ref){name, len, node};
}

int wd_add_block(wparser *p, const wtoken *tok, const char *name, size_t len, wref node)
{
    for (size_t i = 0; i < p->nblocks; i++)
        if (p->blocks[i].len == len && memcmp(p->blocks[i].name, name, len) == 0)
            return wd_fail(p, tok, "'block' tag with name '%.*s' appears more than once",
                           (int)len, name);
    if (p->nblocks == MAX_BLOCKS) return wd_fail(p, tok, "too many blocks");
    p->blocks[p->nblocks++] = (named_ref){name, len, node};
    return 0;
}

int wd_set_extends(wparser *p, const wtoken *tok, wref node)
{
    if (p->extends) return wd_fail(p, tok, "'extends' cannot appear more than once in the same template");
    p->extends = node;
    return 0;
}

/* ---- smart_split ----------------------------------------------------- */

static bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/* Django's smart_split: runs of non-space, where a quoted part may hold
 * spaces; an unterminated quote falls back to a plain non-space run. */
static size_t bit_end(const char *s, size_t len, size_t i)
{
    size_t j = i;
    bool quoted_ok = true;
    while (j < len && !space(s[j])) {
        if (s[j] == '"' || s[j] == '\'') {
            char q = s[j];
            size_t k = j + 1;
            while (k < len && s[k] != q) k += s[k] == '\\' && k + 1 < len ? 2 : 1;
            if (k >= len) {
                quoted_ok = false;
                break;
            }
            j = k + 1;
        } else {
            j++;
        }
    }
    if (quoted_ok) return j;
    /* The regex's second alternative: \S+ */
    j = i;
    while (j < len && !space(s[j])) j++;
    return j;
}

int wd_split_text(wparser *p, const char *s, size_t len, wbit **bits, uint32_t *n)
{
    uint32_t cap = 8, count = 0;
    wbit *v = arena_alloc(&p->scratch, cap * sizeof *v);
    if (!v) return wd_oom(p);
    size_t i = 0;
    while (i < len) {
        while (i < len && space(s[i])) i++;
        if (i >= len) break;
        size_t j = bit_end(s, len, i);
        if (count == cap) {
            v = arena_realloc(&p->scratch, v, cap * sizeof *v, 2 * cap * sizeof *v);
            if (!v) return wd_oom(p);
            cap *= 2;
        }
        v[count++] = (wbit){s + i, (uint32_t)(j - i)};
        i = j;
    }
    *bits = v;
    *n = count;
    return 0;
}

int wd_split(wparser *p, const wtoken *tok, wbit **bits, uint32_t *n)
{
    const char *s = p->src + tok->content;
    if (wd_split_text(p, s, tok->content_len, bits, n)) return -1;
    /* split_contents: a _("...") literal split by spaces is joined again. */
    wbit *v = *bits;
    uint32_t out = 0;
    for (uint32_t i = 0; i < *n; i++) {
        wbit b = v[i];
        if (b.len >= 3 && b.s[0] == '_' && b.s[1] == '(' && (b.s[2] == '"' || b.s[2] == '\'')) {
            char q = b.s[2];
            uint32_t j = i;
            while (!(v[j].len >= 2 && v[j].s[v[j].len - 2] == q && v[j].s[v[j].len - 1] == ')') &&
                   j + 1 < *n)
                j++;
            b.len = (uint32_t)(v[j].s + v[j].len - b.s);
            i = j;
        }
        v[out++] = b;
    }
    *n = out;
    return 0;
}

/* ---- variables ------------------------------------------------------- */

/* Python's int(): optional sign, digits with single underscores between.
 * Not wpy_int: this decides at compile time whether a token is an integer
 * literal that fits an int64 (no arena, nothing clamped; a refusal lets the
 * token be read another way), not the value of an int() call. */
static bool parse_python_int(const char *s, size_t len, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    if (i < len && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    if (i >= len) return false;
    uint64_t v = 0;
    bool prev_digit = false;
    for (; i < len; i++) {
        if (s[i] == '_' && prev_digit && i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9') {
            prev_digit = false;
            continue;
        }
        if (s[i] < '0' || s[i] > '9') return false;
        uint64_t next = v * 10 + (uint64_t)(s[i] - '0');
        if (next / 10 != v || next > (uint64_t)INT64_MAX + neg) return false;
        v = next;
        prev_digit = true;
    }
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return true;
}

/* Python's float() for the forms a template can hold. */
static bool parse_python_float(const char *s, size_t len, double *out)
{
    char tmp[128];
    size_t n = 0;
    if (len >= sizeof tmp) return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '_') continue;
        if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'))
            return false;
        tmp[n++] = c;
    }
    tmp[n] = '\0';
    if (!n) return false;
    char *end;
    *out = strtod(tmp, &end);
    return *end == '\0' && end != tmp;
}

static bool has_char_ci(const char *s, size_t len, char c)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] == c || s[i] == c - 32) return true;
    return false;
}

int wd_variable(wparser *p, const wtoken *tok, const char *s, size_t len, wref *out)
{
    wvar v = {0};
    v.text_len = (uint32_t)len;
    v.text = pb_push_str(&p->pb, s, len);
    /* A number first. */
    if (memchr(s, '.', len) || has_char_ci(s, len, 'e')) {
        double f;
        if (parse_python_float(s, len, &f) && s[len - 1] != '.') {
            v.is_literal = 1;
            v.literal_kind = WC_FLOAT;
            v.lit.f = f;
            goto done;
        }
    } else {
        int64_t i;
        if (parse_python_int(s, len, &i)) {
            v.is_literal = 1;
            v.literal_kind = WC_INT;
            v.lit.i = i;
            goto done;
        }
    }
    if (len >= 3 && s[0] == '_' && s[1] == '(' && s[len - 1] == ')') {
        v.translate = 1;
        s += 2;
        len -= 3;
    }
    if (len >= 2 && (s[0] == '"' || s[0] == '\'') && s[len - 1] == s[0]) {
        /* unescape_string_literal: \q becomes q, then \\ becomes \ */
        char q = s[0];
        char *text = arena_alloc(&p->scratch, len);
        if (!text) return wd_oom(p);
        size_t n = 0;
        for (size_t i = 1; i + 1 < len; i++) {
            if (s[i] == '\\' && i + 2 < len && (s[i + 1] == q || s[i + 1] == '\\')) i++;
            text[n++] = s[i];
        }
        v.is_literal = 1;
        v.literal_kind = WC_STRING;
        v.lit.str.s = pb_push_str(&p->pb, text, n);
        v.lit.str.len = (uint32_t)n;
        goto done;
    }
    if (len == 0) return wd_fail(p, tok, "Could not find variable at start of %.*s.", (int)len, s);
    if (s[0] == '_' || memmem(s, len, "._", 2))
        return wd_fail(p, tok, "Variables and attributes may not begin with underscores: '%.*s'",
                       (int)len, s);
    {
        uint32_t nseg = 1;
        for (size_t i = 0; i < len; i++) nseg += s[i] == '.';
        if (nseg > 255) return wd_fail(p, tok, "Variable path too long: '%.*s'", (int)len, s);
        wsegment *segs = arena_alloc(&p->scratch, nseg * sizeof *segs);
        if (!segs) return wd_oom(p);
        size_t start = 0;
        for (uint32_t k = 0; k < nseg; k++) {
            size_t end = start;
            while (end < len && s[end] != '.') end++;
            int64_t idx;
            segs[k].len = (uint32_t)(end - start);
            segs[k].name = pb_push_str(&p->pb, s + start, end - start);
            segs[k].index = parse_python_int(s + start, end - start, &idx) && idx > INT32_MIN &&
                                    idx <= INT32_MAX
                                ? (int32_t)idx
                                : WSEG_NO_INDEX;
            start = end + 1;
        }
        v.nsegments = (uint8_t)nseg;
        v.segments = pb_push(&p->pb, segs, nseg * sizeof *segs);
    }
done:
    if (p->pb.oom) return wd_oom(p);
    *out = pb_push(&p->pb, &v, sizeof v);
    return *out ? 0 : wd_oom(p);
}

/* ---- filter expressions ---------------------------------------------- */

static bool word_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c >= 0x80;
}

/* A quoted string, optionally inside _( ), at s[i]; returns its end or 0. */
static size_t match_constant(const char *s, size_t len, size_t i)
{
    size_t j = i;
    bool trans = false;
    if (j + 2 < len && s[j] == '_' && s[j + 1] == '(') trans = true, j += 2;
    if (j >= len || (s[j] != '"' && s[j] != '\'')) return 0;
    char q = s[j++];
    while (j < len && s[j] != q) {
        if (s[j] == '\\') j++;
        j++;
    }
    if (j >= len) return 0;
    j++;
    if (trans) {
        if (j >= len || s[j] != ')') return 0;
        j++;
    }
    return j;
}

/* [\w.]+ or a number [-+.]?\d[\d.e]* */
static size_t match_var(const char *s, size_t len, size_t i)
{
    size_t j = i;
    if (j < len && (s[j] == '-' || s[j] == '+' || s[j] == '.')) {
        size_t k = j + 1;
        if (k < len && s[k] >= '0' && s[k] <= '9') {
            k++;
            while (k < len && ((s[k] >= '0' && s[k] <= '9') || s[k] == '.' || s[k] == 'e')) k++;
            /* The regex prefers the [\w.]+ alternative when it is longer; a
             * leading sign cannot start that, so the number stands. */
            if (s[j] != '.') return k;
        }
    }
    while (j < len && (word_char((unsigned char)s[j]) || s[j] == '.')) j++;
    if (j > i) return j;
    return 0;
}

int wd_filter(wparser *p, const wtoken *tok, const char *s, size_t len, wref *out)
{
    wexpr e = {0};
    e.text = pb_push_str(&p->pb, s, len);
    e.text_len = (uint32_t)len;
    size_t upto = 0;
    size_t end = match_constant(s, len, 0);
    if (!end) end = match_var(s, len, 0);
    if (!end)
        return wd_fail(p, tok, "Could not find variable at start of %.*s.", (int)len, s);
    if (wd_variable(p, tok, s, end, &e.var)) return -1;
    upto = end;
    wfilter_call calls[64];
    uint32_t ncalls = 0;
    for (;;) {
        /* \s*\|\s*(\w+)(?::(constant|var))? */
        size_t i = upto;
        while (i < len && space(s[i])) i++;
        if (i >= len || s[i] != '|') break;
        i++;
        while (i < len && space(s[i])) i++;
        size_t name_start = i;
        while (i < len && word_char((unsigned char)s[i])) i++;
        if (i == name_start) break;
        size_t name_len = i - name_start;
        wfilter_call call = {0};
        int id = wd_filter_find(p->options, loaded_of(p), s + name_start, name_len);
        if (id < 0) return wd_fail(p, tok, "Invalid filter: '%.*s'", (int)name_len, s + name_start);
        call.filter = (uint16_t)id;
        if (i < len && s[i] == ':') {
            size_t a = i + 1;
            size_t aend = match_constant(s, len, a);
            bool is_const = aend != 0;
            if (!aend) aend = match_var(s, len, a);
            if (aend) {
                call.has_arg = 1;
                if (wd_variable(p, tok, s + a, aend - a, &call.arg)) return -1;
                call.arg_is_var = !is_const && !PROG_AT(p->pb.data, call.arg, wvar)->is_literal;
                i = aend;
            }
        }
        const char *fname;
        uint8_t arity = wd_filter_arity(p->options, call.filter, &fname);
        if (arity == WF_ARG_REQUIRED && !call.has_arg)
            return wd_fail(p, tok, "%s requires 2 arguments, 1 provided", fname);
        if (arity == WF_ARG_NONE && call.has_arg)
            return wd_fail(p, tok, "%s requires 1 arguments, 2 provided", fname);
        if (ncalls == 64) return wd_fail(p, tok, "too many filters in '%.*s'", (int)len, s);
        calls[ncalls++] = call;
        upto = i;
    }
    if (upto != len) {
        /* Django reports characters it could not place between matches,
         * then anything left over. */
        return wd_fail(p, tok, "Could not parse the remainder: '%.*s' from '%.*s'",
                       (int)(len - upto), s + upto, (int)len, s);
    }
    e.nfilters = ncalls;
    if (ncalls) e.filters = pb_push(&p->pb, calls, ncalls * sizeof calls[0]);
    if (p->pb.oom) return wd_oom(p);
    *out = pb_push(&p->pb, &e, sizeof e);
    return *out ? 0 : wd_oom(p);
}

/* ---- the parse loop -------------------------------------------------- */

const wtoken *wd_next_token(wparser *p)
{
    return p->next < p->ntokens ? &p->tokens[p->next++] : NULL;
}

static size_t tag_name_len(const wparser *p, const wtoken *t)
{
    const char *s = p->src + t->content;
    size_t n = 0;
    while (n < t->content_len && !space(s[n])) n++;
    return n;
}

static bool is_one_of(const char *name, size_t len, const char *const *until, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(until[i]) == len && memcmp(until[i], name, len) == 0) return true;
    return false;
}

typedef struct ref_vec {
    wref *items;
    uint32_t len, cap;
} ref_vec;

static int push_ref(wparser *p, ref_vec *v, wref r)
{
    if (v->len == v->cap) {
        uint32_t cap = v->cap ? v->cap * 2 : 16;
        wref *items = arena_realloc(&p->scratch, v->items, v->cap * sizeof *items, cap * sizeof *items);
        if (!items) return wd_oom(p);
        v->items = items;
        v->cap = cap;
    }
    v->items[v->len++] = r;
    return 0;
}

static int text_node(wparser *p, const wtoken *t, wref *out)
{
    wtext_node n = {{WNODE_TEXT, 0, t->start}, t->start, t->len};
    *out = pb_push(&p->pb, &n, sizeof n);
    return *out ? 0 : wd_oom(p);
}

static int var_node(wparser *p, const wtoken *t, wref *out)
{
    if (t->content_len == 0) return wd_fail(p, t, "Empty variable tag on line %u", t->line);
    wvar_node n = {{WD_NODE_VAR, 0, t->start}, 0};
    if (wd_filter(p, t, p->src + t->content, t->content_len, &n.expr)) return -1;
    *out = pb_push(&p->pb, &n, sizeof n);
    return *out ? 0 : wd_oom(p);
}

static void describe_until(char *out, size_t size, const char *const *until, size_t n)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++)
        used += (size_t)snprintf(out + used, size - used, "%s'%s'", i ? ", " : "", until[i]);
}

int wd_parse(wparser *p, const wtoken *opener, const char *const *until, size_t n,
             wref *nodelist, const wtoken **end)
{
    if (++p->depth > MAX_NESTING) {
        p->depth--;
        return fail_kind(p, opener, WEFT_ERROR_LIMIT, WEFT_ELIMIT,
                         "tags are nested more than %d deep", MAX_NESTING);
    }
    ref_vec nodes = {0};
    bool nontext = false;
    const wtoken *t;
    *end = NULL;
    while ((t = wd_next_token(p))) {
        wref node = 0;
        switch (t->type) {
        case TOK_TEXT:
            if (text_node(p, t, &node)) goto fail;
            break;
        case TOK_COMMENT: continue;
        case TOK_VAR:
            if (var_node(p, t, &node)) goto fail;
            nontext = true;
            break;
        case TOK_BLOCK: {
            size_t nl = tag_name_len(p, t);
            const char *name = p->src + t->content;
            if (nl == 0) {
                wd_fail(p, t, "Empty block tag on line %u", t->line);
                goto fail;
            }
            if (is_one_of(name, nl, until, n)) {
                *end = t;
                goto done;
            }
            uint32_t custom = 0;
            int id = wd_tag_find(p->options, loaded_of(p), name, nl, &custom);
            if (id < 0) {
                char expected[512];
                describe_until(expected, sizeof expected, until, n);
                if (n)
                    wd_fail(p, t, "Invalid block tag on line %u: '%.*s', expected %s. Did you forget to register or load this tag?",
                            t->line, (int)nl, name, expected);
                else
                    wd_fail(p, t, "Invalid block tag on line %u: '%.*s'. Did you forget to register or load this tag?",
                            t->line, (int)nl, name);
                goto fail;
            }
            /* Django's must_be_first check for extends. */
            p->top_nontext = nontext; /* for extends' must-be-first check */
            p->custom_entry = custom;
            if (wd_tag_at((uint16_t)id)->compile(p, t, &node)) goto fail;
            if (!node) continue; /* tags like load leave no node */
            wnode *h = pb_at(&p->pb, node);
            h->tag = (uint16_t)id;
            nontext = true;
            break;
        }
        }
        if (push_ref(p, &nodes, node)) goto fail;
    }
    if (n) {
        char expected[512];
        describe_until(expected, sizeof expected, until, n);
        size_t nl = opener ? tag_name_len(p, opener) : 0;
        wd_fail(p, opener, "Unclosed tag on line %u: '%.*s'. Looking for one of: %s.",
                opener ? opener->line : 0, (int)nl, opener ? p->src + opener->content : "",
                expected);
        goto fail;
    }
done:
    p->depth--;
    {
        wref list = pb_reserve(&p->pb, sizeof(wnodelist) + nodes.len * sizeof(wref));
        if (!list) return wd_oom(p);
        wnodelist *l = pb_at(&p->pb, list);
        l->count = nodes.len;
        l->has_nontext = nontext;
        if (nodes.len) memcpy(l->nodes, nodes.items, nodes.len * sizeof(wref));
        *nodelist = list;
    }
    return 0;
fail:
    p->depth--;
    return -1;
}

int wd_skip_past(wparser *p, const wtoken *tok, const char *end_tag)
{
    const wtoken *t;
    size_t n = strlen(end_tag);
    while ((t = wd_next_token(p)))
        if (t->type == TOK_BLOCK && t->content_len == n && memcmp(p->src + t->content, end_tag, n) == 0)
            return 0;
    size_t nl = tag_name_len(p, tok);
    return wd_fail(p, tok, "Unclosed tag on line %u: '%.*s'. Looking for one of: %s.", tok->line,
                   (int)nl, p->src + tok->content, end_tag);
}

/* ---- entry point ----------------------------------------------------- */

int wd_compile(const void *options, const char *name, const char *src, size_t len, void **out,
               size_t *out_len, weft_error *err)
{
    if (len > UINT32_MAX / 2) {
        if (err) {
            memset(err, 0, sizeof *err);
            err->code = WEFT_ELIMIT;
            err->kind = WEFT_ERROR_LIMIT;
            snprintf(err->message, sizeof err->message, "template too large");
        }
        return WEFT_ELIMIT;
    }
    wparser p;
    memset(&p, 0, sizeof p);
    p.options = options;
    p.name = name;
    p.src = src;
    p.src_len = len;
    p.err = err;
    pb_init(&p.pb);
    arena_init(&p.scratch);
    int status = WEFT_OK;
    if (wd_lex(src, len, &p.tokens, &p.ntokens)) {
        wd_oom(&p);
        goto out;
    }
    wref header = pb_reserve(&p.pb, sizeof(wprogram)); /* always WPROG_HEADER */
    wref source = pb_push_str(&p.pb, src, len);
    wref name_ref = pb_push_str(&p.pb, name ? name : "", name ? strlen(name) : 0);
    wref root;
    const wtoken *end;
    if (!header || !source || !name_ref) {
        wd_oom(&p);
        goto out;
    }
    if (wd_parse(&p, NULL, NULL, 0, &root, &end)) goto out;
    wref blocks = 0;
    if (p.nblocks) {
        wref *refs = arena_alloc(&p.scratch, p.nblocks * sizeof *refs);
        if (!refs) {
            wd_oom(&p);
            goto out;
        }
        for (size_t i = 0; i < p.nblocks; i++) refs[i] = p.blocks[i].node;
        blocks = pb_push(&p.pb, refs, p.nblocks * sizeof *refs);
    }
    if (p.pb.oom) {
        wd_oom(&p);
        goto out;
    }
    wprogram *prog = pb_at(&p.pb, header);
    prog->magic = WPROG_MAGIC;
    prog->size = p.pb.len;
    prog->source = source;
    prog->source_len = (uint32_t)len;
    prog->name = name_ref;
    prog->root = root;
    prog->nslots = p.nslots;
    prog->nblocks = (uint32_t)p.nblocks;
    prog->blocks = blocks;
    prog->extends = p.extends;
    *out = p.pb.data;
    *out_len = p.pb.len;
    p.pb.data = NULL;
out:
    if (p.failed) status = p.status;
    free(p.tokens);
    pb_free(&p.pb);
    arena_free(&p.scratch);
    return status;
}
