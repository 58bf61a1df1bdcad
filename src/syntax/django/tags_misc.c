/* Tags that produce a single piece of text from their arguments: now, url,
 * lorem, widthratio, querystring, and the static library (static,
 * get_static_prefix, get_media_prefix).
 *
 * None of these keeps state between renders except lorem's random mode,
 * whose generator lives in a per-render slot. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "render/state.h"
#include "dateformat.h"
#include "lorem.h"
#include "tag_api.h"

/* The name of an `as var` target, stored in the program. */
typedef struct wname {
    wref s; /* NUL-terminated; 0 when there is no target */
    uint32_t len;
} wname;

static int push_name(wparser *p, wbit b, wname *out)
{
    out->len = b.len;
    out->s = pb_push_str(wd_program(p), b.s, b.len);
    return out->s ? 0 : wd_oom(p);
}

/* context[name] = value (the top scope), for `as var`. */
static int set_target(wr *r, const wname *name, const weft_value *v)
{
    return wr_set(r, WR_AT(r, name->s, char), name->len, v);
}

static bool is_word_byte(unsigned char c)
{
    /* Python's \w on str; every non-ASCII byte counts, as most letters do. */
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c >= 0x80;
}

/* Django's kwarg_re, (?:(\w+)=)?(.+): the length of the name before '=',
 * or 0 when the bit is a positional argument. */
static uint32_t kwarg_name_len(wbit b)
{
    uint32_t i = 0;
    while (i < b.len && is_word_byte((unsigned char)b.s[i])) i++;
    return i > 0 && i + 1 < b.len && b.s[i] == '=' ? i : 0;
}

/* str(v) as a NUL-terminated string in the render arena. */
static const char *c_str(wr *r, const weft_value *v)
{
    weft_value s;
    if (wr_str(r, v, &s)) return NULL;
    char *copy = arena_strndup(wr_arena(r), s.u.s ? s.u.s : "", s.len);
    if (!copy) wr_oom(r);
    return copy;
}

/* ---- Python's int() and float() ---------------------------------------- */

enum py_conv { CONV_OK, CONV_VALUE_ERROR, CONV_TYPE_ERROR, CONV_OVERFLOW };

static bool py_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* Copies the number text of s (whitespace stripped, underscores between
 * digits removed) into tmp; false when an underscore is misplaced. */
static bool strip_number(const char *s, size_t len, char *tmp, size_t size, size_t *out_len)
{
    while (len && py_space(*s)) s++, len--;
    while (len && py_space(s[len - 1])) len--;
    if (len == 0 || len >= size) return false;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '_') {
            bool digit_before = i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9';
            bool digit_after = i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9';
            if (!digit_before || !digit_after) return false;
            continue;
        }
        tmp[n++] = s[i];
    }
    tmp[n] = '\0';
    *out_len = n;
    return true;
}

/* float(text): decimal notation, inf, infinity and nan, nothing else. */
static enum py_conv parse_py_float(const char *s, size_t len, double *out)
{
    char tmp[512];
    size_t n;
    if (!strip_number(s, len, tmp, sizeof tmp, &n)) return CONV_VALUE_ERROR;
    const char *t = tmp + (tmp[0] == '+' || tmp[0] == '-');
    if (!strcasecmp(t, "inf") || !strcasecmp(t, "infinity") || !strcasecmp(t, "nan")) {
        double v = (t[0] == 'n' || t[0] == 'N') ? NAN : INFINITY;
        *out = tmp[0] == '-' ? -v : v;
        return CONV_OK;
    }
    size_t i = 0, digits = 0;
    const char *u = t;
    while (u[i] >= '0' && u[i] <= '9') i++, digits++;
    if (u[i] == '.') {
        i++;
        while (u[i] >= '0' && u[i] <= '9') i++, digits++;
    }
    if (!digits) return CONV_VALUE_ERROR;
    if (u[i] == 'e' || u[i] == 'E') {
        i++;
        if (u[i] == '+' || u[i] == '-') i++;
        if (!(u[i] >= '0' && u[i] <= '9')) return CONV_VALUE_ERROR;
        while (u[i] >= '0' && u[i] <= '9') i++;
    }
    if (u[i]) return CONV_VALUE_ERROR;
    *out = strtod(tmp, NULL);
    return CONV_OK;
}

/* int(text): an optional sign and decimal digits. The value is returned as
 * a double, which is how widthratio uses it and exact where lorem needs it. */
static enum py_conv parse_py_int(const char *s, size_t len, double *out)
{
    char tmp[512];
    size_t n;
    if (!strip_number(s, len, tmp, sizeof tmp, &n)) return CONV_VALUE_ERROR;
    size_t i = tmp[0] == '+' || tmp[0] == '-';
    if (!tmp[i]) return CONV_VALUE_ERROR;
    for (; tmp[i]; i++)
        if (tmp[i] < '0' || tmp[i] > '9') return CONV_VALUE_ERROR;
    *out = strtod(tmp, NULL);
    return CONV_OK;
}

static enum py_conv py_float(const weft_value *v, double *out)
{
    switch (v->kind) {
    case WEFT_BOOL: *out = v->u.b; return CONV_OK;
    case WEFT_INT: *out = (double)v->u.i; return CONV_OK;
    case WEFT_FLOAT: *out = v->u.f; return CONV_OK;
    case WEFT_STRING: return parse_py_float(v->u.s, v->len, out);
    case WEFT_DECIMAL: {
        /* float(Decimal) reads its text; only sNaN is refused. */
        if (v->len >= 4 && (v->u.s[0] == 's' || v->u.s[1] == 's')) return CONV_VALUE_ERROR;
        return parse_py_float(v->u.s, v->len, out);
    }
    default: return CONV_TYPE_ERROR;
    }
}

static enum py_conv py_int(const weft_value *v, double *out)
{
    switch (v->kind) {
    case WEFT_BOOL: *out = v->u.b; return CONV_OK;
    case WEFT_INT: *out = (double)v->u.i; return CONV_OK;
    case WEFT_FLOAT:
        if (isnan(v->u.f)) return CONV_VALUE_ERROR;
        if (isinf(v->u.f)) return CONV_OVERFLOW;
        *out = trunc(v->u.f);
        return CONV_OK;
    case WEFT_STRING: return parse_py_int(v->u.s, v->len, out);
    case WEFT_DECIMAL: {
        double d;
        if (parse_py_float(v->u.s, v->len, &d)) return CONV_VALUE_ERROR;
        if (isnan(d)) return CONV_VALUE_ERROR;
        if (isinf(d)) return CONV_OVERFLOW;
        *out = trunc(d);
        return CONV_OK;
    }
    default: return CONV_TYPE_ERROR;
    }
}

/* ---- now ------------------------------------------------------------- */

typedef struct now_node {
    wnode h;
    wref format;
    uint32_t format_len;
    wname target;
} now_node;

static int compile_now(wparser *p, const wtoken *tok, wref *out)
{
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    now_node node = {{0, 0, tok->start}, 0, 0, {0, 0}};
    if (n == 4 && wbit_is(bits[2], "as")) {
        if (push_name(p, bits[3], &node.target)) return -1;
        n = 2;
    }
    if (n != 2) return wd_fail(p, tok, "'now' statement takes one argument");
    /* bits[1][1:-1]: the quotes are dropped without being checked. */
    wbit f = bits[1];
    node.format_len = f.len >= 2 ? f.len - 2 : 0;
    node.format = pb_push_str(wd_program(p), f.s + (f.len >= 2 ? 1 : 0), node.format_len);
    if (!node.format) return wd_oom(p);
    WD_PUSH_NODE(p, node, out);
    return 0;
}

static int render_now(wr *r, const wnode *node)
{
    const now_node *n = (const now_node *)node;
    weft_value now = wd_now_value(r);
    buf b;
    wr_buf(r, &b);
    if (wd_format_date(r, &b, &now, WR_AT(r, n->format, char), n->format_len)) return -1;
    weft_value text;
    if (wr_buf_value(r, &b, false, &text)) return -1;
    if (n->target.s) return set_target(r, &n->target, &text);
    /* A node's own output is not escaped. */
    return wr_write(r, text.u.s, text.len);
}

/* ---- url ------------------------------------------------------------- */

typedef struct url_node {
    wnode h;
    wref view; /* wexpr */
    uint32_t nargs;
    wref args; /* wref[nargs] of wexpr */
    uint32_t nkwargs;
    wref kwargs; /* wkwarg[nkwargs] */
    wname target;
} url_node;

enum { MAX_TAG_ARGS = 64, URL_MAX = 8192 };

static int compile_url(wparser *p, const wtoken *tok, wref *out)
{
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    if (n < 2)
        return wd_fail(p, tok, "'%.*s' takes at least one argument, a URL pattern name.",
                       (int)bits[0].len, bits[0].s);
    url_node node = {{0, 0, tok->start}, 0, 0, 0, 0, 0, {0, 0}};
    if (wd_filter(p, tok, bits[1].s, bits[1].len, &node.view)) return -1;
    if (n >= 4 && wbit_is(bits[n - 2], "as")) {
        if (push_name(p, bits[n - 1], &node.target)) return -1;
        n -= 2;
    }
    if (n - 2 > MAX_TAG_ARGS) return wd_fail(p, tok, "too many arguments to the url tag");
    wref args[MAX_TAG_ARGS];
    wkwarg kwargs[MAX_TAG_ARGS];
    for (uint32_t i = 2; i < n; i++) {
        uint32_t kl = kwarg_name_len(bits[i]);
        if (!kl) {
            if (wd_filter(p, tok, bits[i].s, bits[i].len, &args[node.nargs])) return -1;
            node.nargs++;
            continue;
        }
        wkwarg k = {0, kl, 0};
        if (wd_filter(p, tok, bits[i].s + kl + 1, bits[i].len - kl - 1, &k.expr)) return -1;
        /* A repeated name replaces the earlier value, as in a dict. */
        uint32_t at = node.nkwargs;
        for (uint32_t j = 0; j < node.nkwargs; j++)
            if (kwargs[j].len == kl &&
                memcmp(pb_at(wd_program(p), kwargs[j].name), bits[i].s, kl) == 0)
                at = j;
        if (at == node.nkwargs) {
            k.name = pb_push_str(wd_program(p), bits[i].s, kl);
            if (!k.name) return wd_oom(p);
            node.nkwargs++;
        } else {
            k.name = kwargs[at].name;
        }
        kwargs[at] = k;
    }
    if (node.nargs && !(node.args = pb_push(wd_program(p), args, node.nargs * sizeof args[0])))
        return wd_oom(p);
    if (node.nkwargs &&
        !(node.kwargs = pb_push(wd_program(p), kwargs, node.nkwargs * sizeof kwargs[0])))
        return wd_oom(p);
    WD_PUSH_NODE(p, node, out);
    return 0;
}

static int render_url(wr *r, const wnode *node)
{
    const url_node *n = (const url_node *)node;
    const char *args[MAX_TAG_ARGS], *names[MAX_TAG_ARGS], *values[MAX_TAG_ARGS];
    weft_value v;
    for (uint32_t i = 0; i < n->nargs; i++) {
        if (wd_eval(r, WR_AT(r, n->args, wref)[i], &v)) return -1;
        if (!(args[i] = c_str(r, &v))) return -1;
    }
    const wkwarg *kw = n->nkwargs ? WR_AT(r, n->kwargs, wkwarg) : NULL;
    for (uint32_t i = 0; i < n->nkwargs; i++) {
        names[i] = WR_AT(r, kw[i].name, char);
        if (wd_eval(r, kw[i].expr, &v)) return -1;
        if (!(values[i] = c_str(r, &v))) return -1;
    }
    if (wd_eval(r, n->view, &v)) return -1;
    const char *view = c_str(r, &v);
    if (!view) return -1;

    const wd_options *e = wd_opt(r);
    char *path = arena_alloc(wr_arena(r), URL_MAX);
    if (!path) return wr_oom(r);
    int status = WEFT_ENOTFOUND;
    if (e->url)
        status = e->url(e->url_data, view, args, n->nargs, names, values, n->nkwargs, path,
                        URL_MAX);
    weft_value url = wv_str("", 0, false);
    if (status == WEFT_OK) {
        path[URL_MAX - 1] = '\0';
        url = wv_str(path, strlen(path), false);
    } else if (status == WEFT_ENOMEM) {
        return wr_oom(r);
    } else if (status != WEFT_ENOTFOUND) {
        return wr_fail(r, WEFT_ERROR_VALUE, "the URL resolver failed for '%s' (status %d)", view,
                       status);
    } else if (!n->target.s) {
        return wr_fail(r, WEFT_ERROR_NO_REVERSE_MATCH,
                       "Reverse for '%s' not found. '%s' is not a valid view function or pattern name.",
                       view, view);
    }
    /* With `as var` a failed reverse gives "" and no error. */
    if (n->target.s) return set_target(r, &n->target, &url);
    return wd_write_value(r, &url);
}

/* ---- lorem ----------------------------------------------------------- */

typedef struct lorem_node {
    wnode h;
    wref count; /* wexpr */
    uint8_t method; /* 'w', 'p' or 'b' */
    uint8_t common;
    uint32_t slot;  /* the random generator of this render */
} lorem_node;

static int compile_lorem(wparser *p, const wtoken *tok, wref *out)
{
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    lorem_node node = {{0, 0, tok->start}, 0, 'b', 1, 0};
    if (wbit_is(bits[n - 1], "random")) {
        node.common = 0;
        n--;
    }
    if (n > 0 && (wbit_is(bits[n - 1], "w") || wbit_is(bits[n - 1], "p") || wbit_is(bits[n - 1], "b"))) {
        node.method = (uint8_t)bits[n - 1].s[0];
        n--;
    }
    wbit count = {"1", 1};
    if (n > 1) count = bits[--n];
    if (wd_filter(p, tok, count.s, count.len, &node.count)) return -1;
    if (n != 1) return wd_fail(p, tok, "Incorrect format for '%.*s' tag", (int)bits[0].len, bits[0].s);
    node.slot = wd_new_slot(p);
    WD_PUSH_NODE(p, node, out);
    return 0;
}

enum { LOREM_MAX_COUNT = 100000 }; /* keeps a typo from filling memory */

static int render_lorem(wr *r, const wnode *node)
{
    const lorem_node *n = (const lorem_node *)node;
    weft_value v;
    if (wd_eval(r, n->count, &v)) return -1;
    double d = 1;
    enum py_conv c = py_int(&v, &d);
    if (c == CONV_OVERFLOW) return wr_fail(r, WEFT_ERROR_VALUE, "cannot convert float infinity to integer");
    if (c != CONV_OK) d = 1; /* int() failed: one */
    if (d > LOREM_MAX_COUNT)
        return wr_fail(r, WEFT_ERROR_LIMIT, "lorem count %.0f is larger than %d", d, LOREM_MAX_COUNT);
    int64_t count = d < -1e9 ? -1000000000 : (int64_t)d;

    /* One generator per node and render, seeded from the render's clock and
     * state, so concurrent renders share nothing. */
    void **slot = wr_slot(r, n->slot);
    if (!*slot) {
        wd_lorem_rng *g = arena_alloc(wr_arena(r), sizeof *g);
        if (!g) return wr_oom(r);
        int64_t sec;
        int32_t usec;
        wr_now(r, &sec, &usec);
        g->state = (uint64_t)sec * 1000003u ^ (uint64_t)usec << 20 ^ (uint64_t)(uintptr_t)g ^
                   (uint64_t)n->h.pos << 40;
        *slot = g;
    }
    buf b;
    wr_buf(r, &b);
    if (n->method == 'w') wd_lorem_words(&b, count, n->common, *slot);
    else wd_lorem_paragraphs(&b, count, n->common, n->method == 'p', *slot);
    if (b.oom) return wr_oom(r);
    return wr_write(r, b.data ? b.data : "", b.len);
}

/* ---- widthratio ------------------------------------------------------ */

typedef struct widthratio_node {
    wnode h;
    wref value, max_value, max_width; /* wexpr */
    wname target;
} widthratio_node;

static int compile_widthratio(wparser *p, const wtoken *tok, wref *out)
{
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    widthratio_node node = {{0, 0, tok->start}, 0, 0, 0, {0, 0}};
    if (n == 6) {
        if (!wbit_is(bits[4], "as"))
            return wd_fail(p, tok, "Invalid syntax in widthratio tag. Expecting 'as' keyword");
        if (push_name(p, bits[5], &node.target)) return -1;
    } else if (n != 4) {
        return wd_fail(p, tok, "widthratio takes at least three arguments");
    }
    if (wd_filter(p, tok, bits[1].s, bits[1].len, &node.value) ||
        wd_filter(p, tok, bits[2].s, bits[2].len, &node.max_value) ||
        wd_filter(p, tok, bits[3].s, bits[3].len, &node.max_width))
        return -1;
    WD_PUSH_NODE(p, node, out);
    return 0;
}

/* str() of an integral double, exactly, as Python prints round()'s int. */
static void put_integral(buf *out, double d)
{
    if (fabs(d) < 9.2e18) {
        buf_printf(out, "%lld", (long long)d);
        return;
    }
    /* d = mant * 2^exp with exp > 0: multiply out in base 1e9 limbs. */
    int exp;
    double frac = frexp(fabs(d), &exp);
    uint64_t mant = (uint64_t)ldexp(frac, 53);
    exp -= 53;
    uint32_t limbs[40] = {(uint32_t)(mant % 1000000000u), (uint32_t)(mant / 1000000000u % 1000000000u),
                          (uint32_t)(mant / 1000000000000000000u)};
    size_t nl = 3;
    for (int i = 0; i < exp; i++) {
        uint32_t carry = 0;
        for (size_t j = 0; j < nl; j++) {
            uint64_t x = (uint64_t)limbs[j] * 2 + carry;
            limbs[j] = (uint32_t)(x % 1000000000u);
            carry = (uint32_t)(x / 1000000000u);
        }
        if (carry && nl < 40) limbs[nl++] = carry;
    }
    while (nl > 1 && !limbs[nl - 1]) nl--;
    if (d < 0) buf_putc(out, '-');
    buf_printf(out, "%u", limbs[nl - 1]);
    for (size_t j = nl - 1; j-- > 0;) buf_printf(out, "%09u", limbs[j]);
}

static int render_widthratio(wr *r, const wnode *node)
{
    const widthratio_node *n = (const widthratio_node *)node;
    weft_value value, max_value, max_width;
    if (wd_eval(r, n->value, &value) || wd_eval(r, n->max_value, &max_value) ||
        wd_eval(r, n->max_width, &max_width))
        return -1;
    double width;
    switch (py_int(&max_width, &width)) {
    case CONV_OK: break;
    case CONV_OVERFLOW: return wr_fail(r, WEFT_ERROR_VALUE, "cannot convert float infinity to integer");
    default: return wr_fail(r, WEFT_ERROR_TEMPLATE_SYNTAX, "widthratio final argument must be a number");
    }
    buf b;
    wr_buf(r, &b);
    double val, max;
    if (py_float(&value, &val) == CONV_OK && py_float(&max_value, &max) == CONV_OK) {
        if (max == 0) {
            buf_putc(&b, '0'); /* ZeroDivisionError */
        } else {
            double ratio = val / max * width;
            /* round() is half-to-even, like rint in the default mode; NaN
             * and infinity raise, and the tag then prints nothing. */
            if (isfinite(ratio)) put_integral(&b, rint(ratio));
        }
    }
    weft_value text;
    if (wr_buf_value(r, &b, false, &text)) return -1;
    if (n->target.s) return set_target(r, &n->target, &text);
    return wr_write(r, text.u.s, text.len);
}

/* ---- querystring ----------------------------------------------------- */

typedef struct querystring_node {
    wnode h;
    wref query_dict; /* wexpr, or 0 for request.GET */
    uint32_t nkwargs;
    wref kwargs;     /* wkwarg[nkwargs] */
    wname target;
} querystring_node;

static int compile_querystring(wparser *p, const wtoken *tok, wref *out)
{
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    querystring_node node = {{0, 0, tok->start}, 0, 0, 0, {0, 0}};
    if (n >= 3 && wbit_is(bits[n - 2], "as")) {
        if (push_name(p, bits[n - 1], &node.target)) return -1;
        n -= 2;
    }
    if (n - 1 > MAX_TAG_ARGS) return wd_fail(p, tok, "too many arguments to the querystring tag");
    wkwarg kwargs[MAX_TAG_ARGS];
    const char *tag = "querystring";
    for (uint32_t i = 1; i < n; i++) {
        uint32_t kl = kwarg_name_len(bits[i]);
        if (!kl) {
            if (node.nkwargs)
                return wd_fail(p, tok, "'%s' received some positional argument(s) after some keyword argument(s)", tag);
            if (node.query_dict)
                return wd_fail(p, tok, "'%s' received too many positional arguments", tag);
            if (wd_filter(p, tok, bits[i].s, bits[i].len, &node.query_dict)) return -1;
            continue;
        }
        for (uint32_t j = 0; j < node.nkwargs; j++)
            if (kwargs[j].len == kl && memcmp(pb_at(wd_program(p), kwargs[j].name), bits[i].s, kl) == 0)
                return wd_fail(p, tok, "'%s' received multiple values for keyword argument '%.*s'",
                               tag, (int)kl, bits[i].s);
        wkwarg k = {0, kl, 0};
        if (!(k.name = pb_push_str(wd_program(p), bits[i].s, kl))) return wd_oom(p);
        if (wd_filter(p, tok, bits[i].s + kl + 1, bits[i].len - kl - 1, &k.expr)) return -1;
        kwargs[node.nkwargs++] = k;
    }
    if (node.nkwargs &&
        !(node.kwargs = pb_push(wd_program(p), kwargs, node.nkwargs * sizeof kwargs[0])))
        return wd_oom(p);
    WD_PUSH_NODE(p, node, out);
    return 0;
}

/* One key of the QueryDict being built and its list of values. */
typedef struct qs_param {
    weft_value key;           /* a string */
    const weft_value *values; /* NULL: the one value in single */
    uint32_t nvalues;
    weft_value single;
} qs_param;

/* The items of an iterable that is not a string (list, tuple, dict keys),
 * or false for a single value. *failed is set when out of memory. */
static bool iterable_items(wr *r, const weft_value *v, qs_param *q, bool *failed)
{
    if (wv_is_seq(v)) {
        q->values = v->u.list->items;
        q->nvalues = v->u.list->len;
        return true;
    }
    if (v->kind == WEFT_DICT) {
        weft_value *keys = arena_alloc(wr_arena(r), (v->u.dict->len + 1) * sizeof *keys);
        if (!keys) return *failed = true;
        for (uint32_t i = 0; i < v->u.dict->len; i++) keys[i] = v->u.dict->entries[i].key;
        q->values = keys;
        q->nvalues = v->u.dict->len;
        return true;
    }
    q->values = NULL;
    q->single = *v;
    q->nvalues = 1;
    return false;
}

/* urllib's quote_plus: letters, digits and _.-~ stay, a space is '+'. */
static void put_quote_plus(buf *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '_' || c == '.' || c == '-' || c == '~') {
            buf_putc(out, (char)c);
        } else if (c == ' ') {
            buf_putc(out, '+');
        } else {
            buf_putc(out, '%');
            buf_putc(out, hex[c >> 4]);
            buf_putc(out, hex[c & 15]);
        }
    }
}

static int render_querystring(wr *r, const wnode *node)
{
    const querystring_node *n = (const querystring_node *)node;
    weft_value query;
    bool have_query = false;
    if (n->query_dict) {
        if (wd_eval(r, n->query_dict, &query)) return -1;
        have_query = query.kind != WEFT_NULL;
    }
    if (!have_query) {
        /* context.request.GET: the request is a variable of the context. */
        const weft_value *request = wr_lookup(r, "request", 7);
        if (!request) return wr_fail(r, WEFT_ERROR_ATTRIBUTE, "'Context' object has no attribute 'request'");
        int found = wd_resolve_path(r, request, "GET", 3, &query);
        if (found < 0) return -1;
        if (!found)
            return wr_fail(r, WEFT_ERROR_ATTRIBUTE, "'%s' object has no attribute 'GET'", wv_type_name(request));
    }
    if (query.kind != WEFT_DICT)
        return wr_fail(r, WEFT_ERROR_ATTRIBUTE, "'%s' object has no attribute 'copy'", wv_type_name(&query));

    /* params = query_dict.copy(): a list value is the key's list. */
    uint32_t cap = query.u.dict->len + n->nkwargs, np = 0;
    qs_param *params = arena_alloc(wr_arena(r), (cap + 1) * sizeof *params);
    if (!params) return wr_oom(r);
    for (uint32_t i = 0; i < query.u.dict->len; i++) {
        const wv_entry *e = &query.u.dict->entries[i];
        qs_param *q = &params[np++];
        if (wr_str(r, &e->key, &q->key)) return -1;
        if (wv_is_seq(&e->val)) {
            q->values = e->val.u.list->items;
            q->nvalues = e->val.u.list->len;
        } else {
            q->values = NULL;
            q->single = e->val;
            q->nvalues = 1;
        }
    }
    bool query_empty = np == 0;

    const wkwarg *kw = n->nkwargs ? WR_AT(r, n->kwargs, wkwarg) : NULL;
    for (uint32_t i = 0; i < n->nkwargs; i++) {
        const char *name = WR_AT(r, kw[i].name, char);
        weft_value v;
        if (wd_eval(r, kw[i].expr, &v)) return -1;
        uint32_t at = np;
        for (uint32_t j = 0; j < np; j++)
            if (params[j].key.len == kw[i].len && memcmp(params[j].key.u.s, name, kw[i].len) == 0)
                at = j;
        if (v.kind == WEFT_NULL) { /* del params[key] */
            if (at < np) {
                memmove(&params[at], &params[at + 1], (np - at - 1) * sizeof *params);
                np--;
            }
            continue;
        }
        /* setlist() for an iterable other than a string, else [value]; an
         * existing key keeps its place. */
        qs_param q = {wv_str(name, kw[i].len, false), NULL, 1, v};
        bool failed = false;
        if (v.kind != WEFT_STRING) iterable_items(r, &v, &q, &failed);
        if (failed) return wr_oom(r);
        if (at == np) np++;
        params[at] = q;
    }
    if (np == 0 && query_empty) {
        weft_value empty = wv_str("", 0, false);
        return n->target.s ? set_target(r, &n->target, &empty) : 0;
    }

    buf b;
    wr_buf(r, &b);
    buf_putc(&b, '?');
    bool first = true;
    for (uint32_t i = 0; i < np; i++) {
        for (uint32_t j = 0; j < params[i].nvalues; j++) {
            weft_value s;
            const weft_value *item = params[i].values ? &params[i].values[j] : &params[i].single;
            if (wr_str(r, item, &s)) return -1;
            if (!first) buf_putc(&b, '&');
            first = false;
            put_quote_plus(&b, params[i].key.u.s, params[i].key.len);
            buf_putc(&b, '=');
            put_quote_plus(&b, s.u.s, s.len);
        }
    }
    weft_value text;
    if (wr_buf_value(r, &b, false, &text)) return -1;
    if (n->target.s) return set_target(r, &n->target, &text);
    return wd_write_value(r, &text); /* a simple tag's output is escaped */
}

/* ---- the static library ---------------------------------------------- */

/* Python's quote(s, safe): ASCII letters, digits, _.-~ and the safe
 * characters stay; every other byte of the UTF-8 text is %XX. */
static void put_quoted(buf *out, const char *s, size_t len, const char *safe)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '_' || c == '.' || c == '-' || c == '~' || (c && c < 0x80 && strchr(safe, c))) {
            buf_putc(out, (char)c);
        } else {
            buf_putc(out, '%');
            buf_putc(out, hex[c >> 4]);
            buf_putc(out, hex[c & 15]);
        }
    }
}

/* settings.STATIC_URL or MEDIA_URL as PrefixNode.handle_simple gives it:
 * relative values get the script prefix "/", then iri_to_uri(). */
static int prefix_value(wr *r, bool media, weft_value *out)
{
    const wd_options *e = wd_opt(r);
    const char *url = media ? e->media_url : e->static_url;
    if (!url) url = "";
    buf b;
    wr_buf(r, &b);
    if (!(strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0 || url[0] == '/'))
        buf_putc(&b, '/');
    put_quoted(&b, url, strlen(url), "/#%[]=:;$&()+,!?*@'~");
    return wr_buf_value(r, &b, false, out);
}

/* urllib.parse.urljoin(base, url) for a url made by quote(path, "/"): it
 * has no scheme, query or fragment, so only its path (or a "//host" netloc)
 * matters. */
static void urljoin_path(buf *out, const char *base, size_t blen, const char *url, size_t ulen)
{
    if (ulen == 0) {
        buf_put(out, base, blen);
        return;
    }
    /* The base's scheme and netloc. */
    size_t i = 0, scheme_end = 0;
    if (blen && ((base[0] | 32) >= 'a' && (base[0] | 32) <= 'z')) {
        size_t j = 1;
        while (j < blen && (((base[j] | 32) >= 'a' && (base[j] | 32) <= 'z') ||
                            (base[j] >= '0' && base[j] <= '9') || base[j] == '+' ||
                            base[j] == '-' || base[j] == '.'))
            j++;
        if (j < blen && base[j] == ':') scheme_end = j + 1;
    }
    i = scheme_end;
    size_t netloc_start = i, netloc_end = i;
    if (blen - i >= 2 && base[i] == '/' && base[i + 1] == '/') {
        netloc_start = i;
        netloc_end = i + 2;
        while (netloc_end < blen && base[netloc_end] != '/' && base[netloc_end] != '?' &&
               base[netloc_end] != '#')
            netloc_end++;
    }
    if (ulen >= 2 && url[0] == '/' && url[1] == '/') {
        buf_put(out, base, scheme_end);
        buf_put(out, url, ulen);
        return;
    }
    size_t path_end = netloc_end;
    while (path_end < blen && base[path_end] != '?' && base[path_end] != '#') path_end++;
    const char *bpath = base + netloc_end;
    size_t bplen = path_end - netloc_end;

    /* The segments to resolve: the url's own when it is absolute, else the
     * base's directory followed by the url. */
    enum { MAX_SEGS = 512 };
    const char *seg[MAX_SEGS];
    size_t seglen[MAX_SEGS];
    size_t ns = 0;
    bool absolute = url[0] == '/';
    if (!absolute) {
        size_t start = 0;
        for (size_t k = 0; k <= bplen && ns < MAX_SEGS; k++) {
            if (k == bplen || bpath[k] == '/') {
                seg[ns] = bpath + start;
                seglen[ns++] = k - start;
                start = k + 1;
            }
        }
        if (ns && seglen[ns - 1] != 0) ns--; /* the last segment is a file, not a directory */
    }
    size_t base_count = ns, start = 0;
    for (size_t k = 0; k <= ulen && ns < MAX_SEGS; k++) {
        if (k == ulen || url[k] == '/') {
            seg[ns] = url + start;
            seglen[ns++] = k - start;
            start = k + 1;
        }
    }
    /* segments[1:-1] = filter(None, segments[1:-1]) for a relative url. */
    if (!absolute && ns > 2) {
        size_t w = 1;
        for (size_t k = 1; k + 1 < ns; k++)
            if (seglen[k]) seg[w] = seg[k], seglen[w++] = seglen[k];
        seg[w] = seg[ns - 1], seglen[w++] = seglen[ns - 1];
        ns = w;
    }
    (void)base_count;
    const char *res[MAX_SEGS];
    size_t reslen[MAX_SEGS];
    size_t nr = 0;
    for (size_t k = 0; k < ns; k++) {
        if (seglen[k] == 2 && seg[k][0] == '.' && seg[k][1] == '.') {
            if (nr) nr--;
        } else if (!(seglen[k] == 1 && seg[k][0] == '.')) {
            res[nr] = seg[k], reslen[nr++] = seglen[k];
        }
    }
    if (ns && ((seglen[ns - 1] == 1 && seg[ns - 1][0] == '.') ||
               (seglen[ns - 1] == 2 && seg[ns - 1][0] == '.' && seg[ns - 1][1] == '.')))
        res[nr] = "", reslen[nr++] = 0;

    buf path;
    buf_init(&path, out->arena);
    for (size_t k = 0; k < nr; k++) {
        if (k) buf_putc(&path, '/');
        buf_put(&path, res[k], reslen[k]);
    }
    if (path.len == 0) buf_putc(&path, '/');
    /* urlunparse: a netloc needs a path that starts with '/'. */
    buf_put(out, base, scheme_end);
    if (netloc_end > netloc_start) {
        buf_put(out, base + netloc_start, netloc_end - netloc_start);
        if (path.data[0] != '/') buf_putc(out, '/');
    }
    buf_put(out, path.data ? path.data : "", path.len);
    if (path.oom) out->oom = true;
}

typedef struct prefix_node {
    wnode h;
    uint8_t media;
    wname target;
} prefix_node;

static int compile_prefix(wparser *p, const wtoken *tok, wref *out, bool media)
{
    /* token.contents.split(): plain whitespace, no quotes. */
    const char *s = wd_source(p) + tok->content;
    uint32_t len = tok->content_len;
    wbit words[3];
    uint32_t nw = 0;
    for (uint32_t i = 0; i < len && nw < 3;) {
        while (i < len && py_space(s[i])) i++;
        if (i == len) break;
        uint32_t start = i;
        while (i < len && !py_space(s[i])) i++;
        words[nw++] = (wbit){s + start, i - start};
    }
    prefix_node node = {{0, 0, tok->start}, media, {0, 0}};
    if (nw > 1 && !wbit_is(words[1], "as"))
        return wd_fail(p, tok, "First argument in '%.*s' must be 'as'", (int)words[0].len, words[0].s);
    if (nw == 2) return wd_fail(p, tok, "'%.*s as' needs a variable name", (int)words[0].len, words[0].s);
    if (nw == 3 && push_name(p, words[2], &node.target)) return -1;
    WD_PUSH_NODE(p, node, out);
    return 0;
}

static int compile_static_prefix(wparser *p, const wtoken *tok, wref *out)
{
    return compile_prefix(p, tok, out, false);
}

static int compile_media_prefix(wparser *p, const wtoken *tok, wref *out)
{
    return compile_prefix(p, tok, out, true);
}

static int render_prefix(wr *r, const wnode *node)
{
    const prefix_node *n = (const prefix_node *)node;
    weft_value v;
    if (prefix_value(r, n->media, &v)) return -1;
    if (n->target.s) return set_target(r, &n->target, &v);
    return wr_write(r, v.u.s, v.len);
}

typedef struct static_node {
    wnode h;
    wref path; /* wexpr */
    wname target;
} static_node;

static int compile_static(wparser *p, const wtoken *tok, wref *out)
{
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    if (n < 2)
        return wd_fail(p, tok, "'%.*s' takes at least one argument (path to file)", (int)bits[0].len,
                       bits[0].s);
    static_node node = {{0, 0, tok->start}, 0, {0, 0}};
    if (wd_filter(p, tok, bits[1].s, bits[1].len, &node.path)) return -1;
    /* Django takes bits[3] as the name whenever bits[-2] is "as". */
    if (wbit_is(bits[n - 2], "as")) {
        if (n < 4) return wd_fail(p, tok, "'%.*s as' needs a variable name", (int)bits[0].len, bits[0].s);
        if (push_name(p, bits[3], &node.target)) return -1;
    }
    WD_PUSH_NODE(p, node, out);
    return 0;
}

static int render_static(wr *r, const wnode *node)
{
    const static_node *n = (const static_node *)node;
    weft_value path, prefix;
    if (wd_eval(r, n->path, &path)) return -1;
    if (path.kind != WEFT_STRING)
        return wr_fail(r, WEFT_ERROR_TYPE, "quote_from_bytes() expected bytes");
    if (prefix_value(r, false, &prefix)) return -1;
    buf quoted, url;
    wr_buf(r, &quoted);
    put_quoted(&quoted, path.u.s, path.len, "/");
    wr_buf(r, &url);
    urljoin_path(&url, prefix.u.s, prefix.len, quoted.data ? quoted.data : "", quoted.len);
    if (quoted.oom) return wr_oom(r);
    /* The escaped url is what `as var` stores too (a SafeString then). */
    bool escape = wr_autoescape(r);
    weft_value text;
    if (escape) {
        buf esc;
        wr_buf(r, &esc);
        buf_put_escaped(&esc, url.data ? url.data : "", url.len);
        if (wr_buf_value(r, &esc, true, &text)) return -1;
    } else if (wr_buf_value(r, &url, false, &text)) {
        return -1;
    }
    if (n->target.s) return set_target(r, &n->target, &text);
    return wr_write(r, text.u.s, text.len);
}

const wtag_def wd_tags_misc[] = {
    {"now", NULL, compile_now, render_now},
    {"url", NULL, compile_url, render_url},
    {"lorem", NULL, compile_lorem, render_lorem},
    {"widthratio", NULL, compile_widthratio, render_widthratio},
    {"querystring", NULL, compile_querystring, render_querystring},
    {"static", "static", compile_static, render_static},
    {"get_static_prefix", "static", compile_static_prefix, render_prefix},
    {"get_media_prefix", "static", compile_media_prefix, render_prefix},
    {NULL, NULL, NULL, NULL},
};
