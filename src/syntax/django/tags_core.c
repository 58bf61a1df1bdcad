/* Text, variables, and the tags that shape output without logic: comment,
 * verbatim, templatetag, load, autoescape, spaceless, filter, csrf_token,
 * debug, firstof, with. */
#include <stdio.h>
#include <string.h>

#include "registry.h"
#include "tag_api.h"

/* Text and variable nodes are rendered by the renderer's loop itself
 * (wr_render_nodelist); these entries serve the other callers. */
static int render_text(wr *r, const wnode *node)
{
    const wtext_node *n = (const wtext_node *)node;
    const wprogram *h = WR_AT(r, WPROG_HEADER, wprogram);
    return wr_write(r, WR_AT(r, h->source, char) + n->start, n->len);
}

static int render_var(wr *r, const wnode *node)
{
    weft_value v;
    if (wd_eval(r, ((const wvar_node *)node)->expr, &v)) return -1;
    return wd_write_value(r, &v);
}

/* A node that renders nothing: comment, load. */
static int render_nothing(wr *r, const wnode *node)
{
    (void)r;
    (void)node;
    return 0;
}

static int compile_unreachable(wparser *p, const wtoken *tok, wref *out)
{
    (void)out;
    return wd_fail(p, tok, "internal node kind used as a tag");
}

static int compile_comment(wparser *p, const wtoken *tok, wref *out)
{
    if (wd_skip_past(p, tok, "endcomment")) return -1;
    wnode n = {0, 0, tok->start};
    WD_PUSH_NODE(p, n, out);
    return 0;
}

/* ---- verbatim ---- */

typedef struct body_node {
    wnode h;
    wref body;
} body_node;

static int compile_verbatim(wparser *p, const wtoken *tok, wref *out)
{
    static const char *const until[] = {"endverbatim"};
    body_node n = {{0, 0, tok->start}, 0};
    const wtoken *end;
    if (wd_parse(p, tok, until, 1, &n.body, &end)) return -1;
    WD_PUSH_NODE(p, n, out);
    return 0;
}

static int render_body(wr *r, const wnode *node)
{
    return wr_render_nodelist(r, ((const body_node *)node)->body);
}

/* ---- templatetag ---- */

typedef struct const_node {
    wnode h;
    wref text;
    uint32_t len;
} const_node;

static int compile_templatetag(wparser *p, const wtoken *tok, wref *out)
{
    static const char *const names[] = {"openblock", "closeblock", "openvariable", "closevariable",
                                        "openbrace", "closebrace", "opencomment", "closecomment"};
    static const char *const values[] = {"{%", "%}", "{{", "}}", "{", "}", "{#", "#}"};
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    if (n != 2) return wd_fail(p, tok, "'templatetag' statement takes one argument");
    for (size_t i = 0; i < 8; i++) {
        if (wbit_is(bits[1], names[i])) {
            const_node node = {{0, 0, tok->start}, 0, (uint32_t)strlen(values[i])};
            node.text = pb_push_str(wd_program(p), values[i], node.len);
            WD_PUSH_NODE(p, node, out);
            return 0;
        }
    }
    return wd_fail(p, tok,
                   "Invalid templatetag argument: '%.*s'. Must be one of: openblock, closeblock, "
                   "openvariable, closevariable, openbrace, closebrace, opencomment, closecomment",
                   (int)bits[1].len, bits[1].s);
}

static int render_const(wr *r, const wnode *node)
{
    const const_node *n = (const const_node *)node;
    return wr_write(r, WR_AT(r, n->text, char), n->len);
}

/* ---- load ---- */

/* Django's find_library: an unknown name lists every library there is. */
static int check_library(wparser *p, const wtoken *tok, wbit lib)
{
    if (wd_library_exists(wd_options_of(p), lib.s, lib.len)) return 0;
    buf names;
    buf_init(&names, wd_scratch(p));
    wd_library_names(wd_options_of(p), &names);
    if (names.oom) return wd_oom(p);
    return wd_fail(p, tok, "'%.*s' is not a registered tag library. Must be one of:\n%.*s",
                   (int)lib.len, lib.s, (int)names.len, names.data);
}

static int compile_load(wparser *p, const wtoken *tok, wref *out)
{
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    if (n >= 4 && wbit_is(bits[n - 2], "from")) {
        wbit lib = bits[n - 1];
        if (check_library(p, tok, lib)) return -1;
        for (uint32_t i = 1; i < n - 2; i++) {
            if (!wd_library_has(wd_options_of(p), lib.s, lib.len, bits[i].s, bits[i].len))
                return wd_fail(p, tok, "'%.*s' is not a valid tag or filter in tag library '%.*s'",
                               (int)bits[i].len, bits[i].s, (int)lib.len, lib.s);
            buf entry;
            buf_init(&entry, wd_scratch(p));
            buf_put(&entry, lib.s, lib.len);
            buf_putc(&entry, ':');
            buf_put(&entry, bits[i].s, bits[i].len);
            if (entry.oom) return wd_oom(p);
            if (wd_load_library(p, entry.data, entry.len)) return -1;
        }
    } else {
        for (uint32_t i = 1; i < n; i++) {
            if (check_library(p, tok, bits[i])) return -1;
            if (wd_load_library(p, bits[i].s, bits[i].len)) return -1;
        }
    }
    wnode node = {0, 0, tok->start};
    WD_PUSH_NODE(p, node, out);
    return 0;
}

/* ---- autoescape ---- */

typedef struct autoescape_node {
    wnode h;
    uint32_t on;
    wref body;
} autoescape_node;

static int compile_autoescape(wparser *p, const wtoken *tok, wref *out)
{
    static const char *const until[] = {"endautoescape"};
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    if (n != 2) return wd_fail(p, tok, "'autoescape' tag requires exactly one argument.");
    if (!wbit_is(bits[1], "on") && !wbit_is(bits[1], "off"))
        return wd_fail(p, tok, "'autoescape' argument should be 'on' or 'off'");
    autoescape_node node = {{0, 0, tok->start}, wbit_is(bits[1], "on"), 0};
    const wtoken *end;
    if (wd_parse(p, tok, until, 1, &node.body, &end)) return -1;
    WD_PUSH_NODE(p, node, out);
    return 0;
}

static int render_autoescape(wr *r, const wnode *node)
{
    const autoescape_node *n = (const autoescape_node *)node;
    bool old = wr_set_autoescape(r, n->on);
    int rc = wr_render_nodelist(r, n->body);
    wr_set_autoescape(r, old);
    return rc;
}

/* ---- spaceless ---- */

static int compile_spaceless(wparser *p, const wtoken *tok, wref *out)
{
    static const char *const until[] = {"endspaceless"};
    body_node node = {{0, 0, tok->start}, 0};
    const wtoken *end;
    if (wd_parse(p, tok, until, 1, &node.body, &end)) return -1;
    WD_PUSH_NODE(p, node, out);
    return 0;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

static int render_spaceless(wr *r, const wnode *node)
{
    weft_value v;
    if (wr_capture(r, ((const body_node *)node)->body, &v)) return -1;
    const char *s = v.u.s;
    size_t start = 0, end = v.len;
    while (start < end && is_space(s[start])) start++;
    while (end > start && is_space(s[end - 1])) end--;
    /* strip_spaces_between_tags: ">\s+<" becomes "><". */
    size_t run = start;
    for (size_t i = start; i < end; i++) {
        if (s[i] != '>') continue;
        size_t j = i + 1;
        while (j < end && is_space(s[j])) j++;
        if (j > i + 1 && j < end && s[j] == '<') {
            if (wr_write(r, s + run, i + 1 - run)) return -1;
            run = j;
            i = j - 1;
        }
    }
    return wr_write(r, s + run, end - run);
}

/* ---- filter ---- */

typedef struct filter_node {
    wnode h;
    wref expr;
    wref body;
} filter_node;

static int compile_filter(wparser *p, const wtoken *tok, wref *out)
{
    static const char *const until[] = {"endfilter"};
    const char *s = wd_source(p) + tok->content;
    size_t len = tok->content_len;
    size_t i = 6; /* "filter" */
    while (i < len && is_space(s[i])) i++;
    /* The filters apply to a variable named "var" holding the body. */
    buf expr;
    buf_init(&expr, wd_scratch(p));
    buf_puts(&expr, "var|");
    buf_put(&expr, s + i, len - i);
    if (expr.oom) return wd_oom(p);
    filter_node node = {{0, 0, tok->start}, 0, 0};
    if (wd_filter(p, tok, expr.data, expr.len, &node.expr)) return -1;
    const wexpr *e = PROG_AT(wd_program(p)->data, node.expr, wexpr);
    const wfilter_call *calls = PROG_AT(wd_program(p)->data, e->filters, wfilter_call);
    for (uint32_t k = 0; k < e->nfilters; k++) {
        const char *name;
        wd_filter_arity(wd_options_of(p), calls[k].filter, &name);
        if (!strcmp(name, "escape") || !strcmp(name, "safe"))
            return wd_fail(p, tok, "Filter '%s' is not permitted.  Use the autoescape tag instead.", name);
    }
    const wtoken *end;
    if (wd_parse(p, tok, until, 1, &node.body, &end)) return -1;
    WD_PUSH_NODE(p, node, out);
    return 0;
}

static int render_filter(wr *r, const wnode *node)
{
    const filter_node *n = (const filter_node *)node;
    weft_value body, result;
    if (wr_capture(r, n->body, &body)) return -1;
    body.flags |= WV_SAFE; /* a rendered nodelist is a SafeString */
    if (wr_push(r)) return -1;
    int rc = wr_set(r, "var", 3, &body);
    if (!rc) rc = wd_eval(r, n->expr, &result);
    wr_pop(r);
    if (rc) return -1;
    weft_value text;
    if (wr_str(r, &result, &text)) return -1;
    return wr_write(r, text.u.s, text.len);
}

/* ---- csrf_token ---- */

static int compile_csrf(wparser *p, const wtoken *tok, wref *out)
{
    wnode node = {0, 0, tok->start};
    WD_PUSH_NODE(p, node, out);
    return 0;
}

static int render_csrf(wr *r, const wnode *node)
{
    (void)node;
    const weft_value *token = wr_lookup(r, "csrf_token", 10);
    if (!token || !wv_truthy(token)) return 0;
    weft_value s;
    if (wr_str(r, token, &s)) return -1;
    if (s.len == 11 && memcmp(s.u.s, "NOTPROVIDED", 11) == 0) return 0;
    buf b;
    wr_buf(r, &b);
    buf_puts(&b, "<input type=\"hidden\" name=\"csrfmiddlewaretoken\" value=\"");
    if (s.flags & WV_SAFE) buf_put(&b, s.u.s, s.len);
    else buf_put_escaped(&b, s.u.s, s.len);
    buf_puts(&b, "\">");
    if (b.oom) return wr_oom(r);
    return wr_write(r, b.data, b.len);
}

/* ---- debug ---- */

static int render_debug(wr *r, const wnode *node)
{
    /* Django renders {% debug %} as nothing unless settings.DEBUG is on,
     * and then as pformat() of Python's module table: weft has no DEBUG
     * and no such table, so it renders what Django does in production. */
    (void)node;
    (void)r;
    return 0;
}

/* ---- firstof ---- */

typedef struct firstof_node {
    wnode h;
    uint32_t nexprs;
    wref exprs; /* wref[nexprs] */
    wref as_name;
    uint32_t as_len;
} firstof_node;

static int compile_exprs(wparser *p, const wtoken *tok, const wbit *bits, uint32_t n, wref *out)
{
    wref refs[256];
    if (n > 256) return wd_fail(p, tok, "too many arguments");
    for (uint32_t i = 0; i < n; i++)
        if (wd_filter(p, tok, bits[i].s, bits[i].len, &refs[i])) return -1;
    *out = n ? pb_push(wd_program(p), refs, n * sizeof refs[0]) : 0;
    if (n && !*out) return wd_oom(p);
    return 0;
}

static int compile_firstof(wparser *p, const wtoken *tok, wref *out)
{
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    if (n < 2) return wd_fail(p, tok, "'firstof' statement requires at least one argument");
    firstof_node node = {{0, 0, tok->start}, 0, 0, 0, 0};
    uint32_t count = n - 1;
    if (n >= 3 && wbit_is(bits[n - 2], "as")) {
        node.as_name = pb_push_str(wd_program(p), bits[n - 1].s, bits[n - 1].len);
        node.as_len = bits[n - 1].len;
        count -= 2;
    }
    node.nexprs = count;
    if (compile_exprs(p, tok, bits + 1, count, &node.exprs)) return -1;
    WD_PUSH_NODE(p, node, out);
    return 0;
}

static int render_firstof(wr *r, const wnode *node)
{
    const firstof_node *n = (const firstof_node *)node;
    const wref *exprs = WR_AT(r, n->exprs, wref);
    weft_value v = wv_str("", 0, false);
    for (uint32_t i = 0; i < n->nexprs; i++) {
        weft_value candidate;
        if (wd_eval_quiet(r, exprs[i], &candidate)) return -1;
        if (wv_truthy(&candidate)) {
            v = candidate;
            break;
        }
    }
    if (!n->as_len) return wd_write_value(r, &v);
    /* With "as", the escaped text is stored, as render_value_in_context
     * would print it. */
    weft_value text;
    if (wr_str(r, &v, &text)) return -1;
    if (wr_autoescape(r) && !(v.kind == WEFT_STRING && (v.flags & WV_SAFE))) {
        buf b;
        wr_buf(r, &b);
        buf_put_escaped(&b, text.u.s, text.len);
        if (wr_buf_value(r, &b, true, &text)) return -1;
    }
    return wr_set(r, WR_AT(r, n->as_name, char), n->as_len, &text);
}

/* ---- with ---- */

typedef struct with_node {
    wnode h;
    uint32_t nkw;
    wref kw;
    wref body;
} with_node;

static int compile_with(wparser *p, const wtoken *tok, wref *out)
{
    static const char *const until[] = {"endwith"};
    wbit *bits;
    uint32_t n, i = 1;
    if (wd_split(p, tok, &bits, &n)) return -1;
    with_node node = {{0, 0, tok->start}, 0, 0, 0};
    if (wd_kwargs(p, tok, bits, n, &i, true, &node.kw, &node.nkw)) return -1;
    if (!node.nkw) return wd_fail(p, tok, "'with' expected at least one variable assignment");
    if (i < n)
        return wd_fail(p, tok, "'with' received an invalid token: '%.*s'", (int)bits[i].len, bits[i].s);
    const wtoken *end;
    if (wd_parse(p, tok, until, 1, &node.body, &end)) return -1;
    WD_PUSH_NODE(p, node, out);
    return 0;
}

static int render_with(wr *r, const wnode *node)
{
    const with_node *n = (const with_node *)node;
    if (wr_push(r)) return -1;
    int rc = wd_set_kwargs(r, n->kw, n->nkw);
    if (!rc) rc = wr_render_nodelist(r, n->body);
    wr_pop(r);
    return rc;
}

const wtag_def wd_tags_core[] = {
    /* The first two are the node kinds WNODE_TEXT and WD_NODE_VAR. */
    {"\x01text", NULL, compile_unreachable, render_text},
    {"\x01var", NULL, compile_unreachable, render_var},
    {"comment", NULL, compile_comment, render_nothing},
    {"verbatim", NULL, compile_verbatim, render_body},
    {"templatetag", NULL, compile_templatetag, render_const},
    {"load", NULL, compile_load, render_nothing},
    {"autoescape", NULL, compile_autoescape, render_autoescape},
    {"spaceless", NULL, compile_spaceless, render_spaceless},
    {"filter", NULL, compile_filter, render_filter},
    {"csrf_token", NULL, compile_csrf, render_csrf},
    {"debug", NULL, compile_csrf, render_debug},
    {"firstof", NULL, compile_firstof, render_firstof},
    {"with", NULL, compile_with, render_with},
    {NULL, NULL, NULL, NULL},
};
