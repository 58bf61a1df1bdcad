/* The cache library (django/templatetags/cache.py): {% cache timeout
 * fragment_name [vary_on...] [using="cache"] %}, through the fragment
 * cache hooks the host gives the engine. Keys are Django's
 * make_template_fragment_key, so a cache shared with Django's own engine
 * sees the same entries. Without hooks the body renders every time, as
 * with Django's dummy cache. */
#include <md5.h>
#include <string.h>

#include "tag_api.h"
#include "value/pyconvert.h"

typedef struct cache_node {
    wnode h;
    wref timeout;   /* wexpr */
    wref fragment;  /* the name as written: never a variable */
    uint32_t fragment_len;
    uint32_t nvary;
    wref vary;      /* wref[nvary] of wexpr */
    wref using;     /* wexpr, or 0 for the default cache */
    wref body;
} cache_node;

static int compile_cache(wparser *p, const wtoken *tok, wref *out)
{
    static const char *const until[] = {"endcache"};
    cache_node node = {{0, 0, tok->start}, 0, 0, 0, 0, 0, 0, 0};
    /* Django parses the body before it looks at the arguments. */
    const wtoken *end;
    if (wd_parse(p, tok, until, 1, &node.body, &end)) return -1;
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    if (n < 3)
        return wd_fail(p, tok, "''%.*s'' tag requires at least 2 arguments.", (int)bits[0].len, bits[0].s);
    if (n > 3 && bits[n - 1].len >= 6 && !memcmp(bits[n - 1].s, "using=", 6)) {
        if (wd_filter(p, tok, bits[n - 1].s + 6, bits[n - 1].len - 6, &node.using)) return -1;
        n--;
    }
    if (wd_filter(p, tok, bits[1].s, bits[1].len, &node.timeout)) return -1;
    node.fragment = pb_push_str(wd_program(p), bits[2].s, bits[2].len);
    node.fragment_len = bits[2].len;
    node.nvary = n - 3;
    if (node.nvary) {
        wref *vary = arena_alloc(wd_scratch(p), node.nvary * sizeof *vary);
        if (!vary) return wd_oom(p);
        for (uint32_t i = 0; i < node.nvary; i++)
            if (wd_filter(p, tok, bits[3 + i].s, bits[3 + i].len, &vary[i])) return -1;
        node.vary = pb_push(wd_program(p), vary, node.nvary * sizeof *vary);
    }
    WD_PUSH_NODE(p, node, out);
    return 0;
}

/* Python's repr() of a value, for the tag's messages. */
static const char *repr_of(wr *r, const weft_value *v)
{
    buf b;
    wr_buf(r, &b);
    wv_repr(&b, v, wr_arena(r));
    return buf_cstr(&b) ? b.data : "?";
}

/* make_template_fragment_key: "template.cache.NAME." and the md5 of
 * str(arg) + ":" for each vary_on argument. */
static int fragment_key(wr *r, const cache_node *n, buf *key)
{
    MD5_CTX md5;
    MD5Init(&md5);
    const wref *vary = n->nvary ? WR_AT(r, n->vary, wref) : NULL;
    for (uint32_t i = 0; i < n->nvary; i++) {
        weft_value v, s;
        if (wd_eval(r, vary[i], &v) || wr_str(r, &v, &s)) return -1;
        MD5Update(&md5, (const uint8_t *)s.u.s, s.len);
        MD5Update(&md5, (const uint8_t *)":", 1);
    }
    uint8_t digest[MD5_DIGEST_LENGTH];
    MD5Final(digest, &md5);
    buf_puts(key, "template.cache.");
    buf_put(key, WR_AT(r, n->fragment, char), n->fragment_len);
    buf_putc(key, '.');
    for (size_t i = 0; i < sizeof digest; i++) buf_printf(key, "%02x", digest[i]);
    return key->oom ? wr_oom(r) : 0;
}

/* FilterExpression.resolve, where a missing filter argument
 * (VariableDoesNotExist) becomes the tag's own TemplateSyntaxError naming
 * the expression's variable, as Django's repr shows it. */
static int eval_or_unknown(wr *r, wref expr, weft_value *out)
{
    if (!wd_eval(r, expr, out)) return 0;
    if (!r->err || r->err->kind != WEFT_ERROR_VARIABLE_DOES_NOT_EXIST || !wr_recover(r)) return -1;
    const wexpr *e = WR_AT(r, expr, wexpr);
    const wvar *v = WR_AT(r, e->var, wvar);
    return wr_fail(r, WEFT_ERROR_TEMPLATE_SYNTAX, "\"cache\" tag got an unknown variable: <Variable: '%.*s'>",
                   (int)v->text_len, WR_AT(r, v->text, char));
}

static int render_cache(wr *r, const wnode *node)
{
    const cache_node *n = (const cache_node *)node;
    const wd_options *o = wd_opt(r);
    weft_value timeout;
    if (eval_or_unknown(r, n->timeout, &timeout)) return -1;
    bool has_timeout = timeout.kind != WEFT_NULL;
    int64_t seconds = 0;
    if (has_timeout) {
        wpy_status st = wpy_int64(wr_arena(r), &timeout, &seconds);
        if (st == WPY_OVERFLOW_ERROR)
            return wr_fail(r, WEFT_ERROR_OVERFLOW, "cannot convert float infinity to integer");
        if (st == WPY_NO_MEMORY) return wr_oom(r);
        if (st != WPY_OK)
            return wr_fail(r, WEFT_ERROR_TEMPLATE_SYNTAX, "\"cache\" tag got a non-integer timeout value: %s",
                           repr_of(r, &timeout));
    }
    const char *cache_name = NULL;
    weft_value name_value = wv_str("default", 7, false);
    if (n->using) {
        weft_value s;
        if (eval_or_unknown(r, n->using, &name_value) || wr_str(r, &name_value, &s)) return -1;
        if (!(cache_name = arena_strndup(wr_arena(r), s.u.s, s.len))) return wr_oom(r);
    }
    buf key;
    wr_buf(r, &key);
    if (fragment_key(r, n, &key)) return -1;
    if (o->cache_get) {
        weft_value *hit = NULL;
        int rc = o->cache_get(o->cache_data, cache_name, key.data, key.len, wr_host_store(r), &hit);
        if (rc == WEFT_OK && hit) {
            weft_value s;
            if (wr_str(r, hit, &s)) return -1;
            return wr_write(r, s.u.s, s.len);
        }
        if (rc == WEFT_EINVAL)
            return wr_fail(r, WEFT_ERROR_TEMPLATE_SYNTAX, "Invalid cache name specified for cache tag: %s",
                           repr_of(r, &name_value));
        if (rc == WEFT_ENOMEM) return wr_oom(r);
        if (rc != WEFT_ENOTFOUND)
            return wr_fail(r, WEFT_ERROR_IO, "the fragment cache failed to read '%s'", key.data);
    }
    weft_value fragment;
    if (wr_capture(r, n->body, &fragment)) return -1;
    if (o->cache_set) {
        int rc = o->cache_set(o->cache_data, cache_name, key.data, key.len, fragment.u.s, fragment.len,
                              has_timeout, seconds);
        if (rc == WEFT_EINVAL)
            return wr_fail(r, WEFT_ERROR_TEMPLATE_SYNTAX, "Invalid cache name specified for cache tag: %s",
                           repr_of(r, &name_value));
        if (rc == WEFT_ENOMEM) return wr_oom(r);
        if (rc != WEFT_OK) return wr_fail(r, WEFT_ERROR_IO, "the fragment cache failed to store '%s'", key.data);
    }
    return wr_write(r, fragment.u.s, fragment.len);
}

const wtag_def wd_tags_cache[] = {
    {"cache", "cache", compile_cache, render_cache},
    {NULL, NULL, NULL, NULL},
};
