/* {% blocktranslate %} (and its older name blocktrans): a block of text and
 * simple {{ variables }} translated as one message, "%(name)s" standing for
 * each variable, with an optional plural form chosen by a count.
 *
 * The message ids are fixed when the template compiles (text with its %
 * doubled, variables as placeholders, trimmed if asked); a render looks them
 * up in the render's language and fills the placeholders with the rendered,
 * escaped values. A translation whose placeholders do not fit falls back to
 * the untranslated message, as Django does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/state.h"
#include "filter_api.h"
#include "i18n/catalog.h"
#include "tags_i18n.h"

typedef struct bt_var {
    wref name; /* NUL-terminated */
    uint32_t len;
} bt_var;

typedef struct blocktrans_node {
    wnode h;
    wref with;          /* wkwarg[nwith] */
    uint32_t nwith;
    wref count;         /* wkwarg[1], or 0 */
    uint32_t has_plural; /* count given and a non-empty plural part */
    wref context;       /* wexpr, or 0 */
    wref singular;      /* the message ids, NUL-terminated */
    wref plural;
    wref vars;          /* bt_var[nvars]: singular's, then plural's */
    uint32_t nvars;
    wref asvar;
    uint32_t asvar_len;
    wref tag;           /* "blocktrans" or "blocktranslate" */
    uint32_t tag_len;
} blocktrans_node;

/* ---- compile ----------------------------------------------------------- */

/* The length of the white space character at s[i..len), or 0: Python's
 * str.isspace() for the characters a template can hold. */
static size_t space_at(const char *s, size_t i, size_t len)
{
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f)) return 1;
    if (c == 0xC2 && i + 1 < len) {
        unsigned char d = (unsigned char)s[i + 1];
        return d == 0x85 || d == 0xA0 ? 2 : 0;
    }
    if ((c == 0xE1 || c == 0xE2 || c == 0xE3) && i + 2 < len) {
        unsigned char d = (unsigned char)s[i + 1], e = (unsigned char)s[i + 2];
        if (c == 0xE1) return d == 0x9A && e == 0x80 ? 3 : 0; /* U+1680 */
        if (c == 0xE3) return d == 0x80 && e == 0x80 ? 3 : 0; /* U+3000 */
        if (d == 0x80 && ((e >= 0x80 && e <= 0x8A) || e == 0xA8 || e == 0xA9 || e == 0xAF))
            return 3; /* U+2000..200A, 2028, 2029, 202F */
        if (d == 0x81 && e == 0x9F) return 3; /* U+205F */
    }
    return 0;
}

/* The white space ending at s[end) (its length), or 0. */
static size_t space_before(const char *s, size_t start, size_t end)
{
    for (size_t k = 1; k <= 3 && k <= end - start; k++)
        if (space_at(s, end - k, end) == k) return k;
    return 0;
}

/* Django's trim_whitespace: strip, then every run of white space that holds
 * a newline becomes one space. */
static void trim(buf *out, const char *s, size_t len)
{
    size_t start = 0, end = len, k;
    while (start < end && (k = space_at(s, start, end))) start += k;
    while (end > start && (k = space_before(s, start, end))) end -= k;
    size_t i = start;
    while (i < end) {
        if (!space_at(s, i, end)) {
            buf_putc(out, s[i++]);
            continue;
        }
        size_t run = i;
        bool newline = false;
        while (i < end && (k = space_at(s, i, end))) {
            if (s[i] == '\n') newline = true;
            i += k;
        }
        if (newline) buf_putc(out, ' ');
        else buf_put(out, s + run, i - run);
    }
}

typedef struct part {
    buf msg;
    bt_var vars[256];
    uint32_t nvars;
    uint32_t ntokens;
} part;

/* Appends a text or variable token to the message being built. */
static int add_token(wparser *p, const wtoken *blocktag, const wtoken *t, part *part)
{
    const char *s = wd_source(p) + t->content;
    if (t->type == TOK_TEXT) {
        for (uint32_t i = 0; i < t->content_len; i++) {
            if (s[i] == '%') buf_putc(&part->msg, '%');
            buf_putc(&part->msg, s[i]);
        }
        return 0;
    }
    buf_puts(&part->msg, "%(");
    buf_put(&part->msg, s, t->content_len);
    buf_puts(&part->msg, ")s");
    if (part->nvars == 256) return wd_fail(p, blocktag, "too many variables in a blocktranslate");
    bt_var v = {pb_push_str(wd_program(p), s, t->content_len), t->content_len};
    if (!v.name) return wd_oom(p);
    part->vars[part->nvars++] = v;
    return 0;
}

/* Reads text and variable tokens into part up to the first other token,
 * which *last becomes (it stays as it was at the end of the template). */
static int read_part(wparser *p, const wtoken *blocktag, part *part, const wtoken **last)
{
    const wtoken *t;
    while ((t = wd_next_token(p))) {
        *last = t;
        if (t->type != TOK_TEXT && t->type != TOK_VAR) break;
        if (add_token(p, blocktag, t, part)) return -1;
        part->ntokens++;
    }
    return 0;
}

/* Whether a token's contents, stripped, are word (Django compares
 * token.contents.strip()). */
static bool contents_are(wparser *p, const wtoken *t, const char *word, size_t wlen)
{
    const char *s = wd_source(p) + t->content;
    size_t start = 0, end = t->content_len, k;
    while (start < end && (k = space_at(s, start, end))) start += k;
    while (end > start && (k = space_before(s, start, end))) end -= k;
    return end - start == wlen && memcmp(s + start, word, wlen) == 0;
}

static int fail_repr(wparser *p, const wtoken *tok, const char *before, const char *s, size_t len,
                     const char *after)
{
    buf b;
    buf_init(&b, wd_scratch(p));
    buf_puts(&b, before);
    wi18n_repr(&b, s, len);
    buf_puts(&b, after);
    const char *m = buf_cstr(&b);
    if (!m) return wd_oom(p);
    return wd_fail(p, tok, "%s", m);
}

/* The message id of a part, trimmed if asked, pushed into the program. */
static wref push_msgid(wparser *p, part *part, bool trimmed)
{
    const char *s = part->msg.len ? part->msg.data : "";
    size_t len = part->msg.len;
    buf t;
    if (trimmed) {
        buf_init(&t, wd_scratch(p));
        trim(&t, s, len);
        if (t.oom) return 0;
        s = t.len ? t.data : "";
        len = t.len;
    }
    return pb_push_str(wd_program(p), s, len);
}

int wi18n_compile_blocktrans(wparser *p, const wtoken *tok, wref *out)
{
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    wbit tag = bits[0];
    blocktrans_node node;
    memset(&node, 0, sizeof node);
    node.h = (wnode){0, 0, tok->start};
    bool seen_with = false, seen_count = false, seen_context = false, seen_trimmed = false,
         seen_asvar = false;
    for (uint32_t i = 1; i < n;) {
        wbit option = bits[i++];
        bool *seen = wbit_is(option, "with")      ? &seen_with
                     : wbit_is(option, "count")   ? &seen_count
                     : wbit_is(option, "context") ? &seen_context
                     : wbit_is(option, "trimmed") ? &seen_trimmed
                     : wbit_is(option, "asvar")   ? &seen_asvar
                                                  : NULL;
        if (!seen) {
            buf b;
            buf_init(&b, wd_scratch(p));
            buf_puts(&b, "Unknown argument for ");
            wi18n_repr(&b, tag.s, tag.len);
            buf_puts(&b, " tag: ");
            wi18n_repr(&b, option.s, option.len);
            buf_putc(&b, '.');
            const char *m = buf_cstr(&b);
            if (!m) return wd_oom(p);
            return wd_fail(p, tok, "%s", m);
        }
        if (*seen)
            return fail_repr(p, tok, "The ", option.s, option.len,
                             " option was specified more than once.");
        *seen = true;
        if (seen == &seen_with) {
            if (wd_kwargs(p, tok, bits, n, &i, true, &node.with, &node.nwith)) return -1;
            if (!node.nwith)
                return fail_repr(p, tok, "\"with\" in ", tag.s, tag.len,
                                 " tag needs at least one keyword argument.");
        } else if (seen == &seen_count) {
            uint32_t count;
            if (wd_kwargs(p, tok, bits, n, &i, true, &node.count, &count)) return -1;
            if (count != 1)
                return fail_repr(p, tok, "\"count\" in ", tag.s, tag.len,
                                 " tag expected exactly one keyword argument.");
        } else if (seen == &seen_context) {
            if (i >= n)
                return fail_repr(p, tok, "\"context\" in ", tag.s, tag.len,
                                 " tag expected exactly one argument.");
            if (wd_filter(p, tok, bits[i].s, bits[i].len, &node.context)) return -1;
            i++;
        } else if (seen == &seen_asvar) {
            if (i >= n)
                return wd_fail(p, tok,
                               "No argument provided to the '%.*s' tag for the asvar option.",
                               (int)tag.len, tag.s);
            node.asvar = pb_push_str(wd_program(p), bits[i].s, bits[i].len);
            if (!node.asvar) return wd_oom(p);
            node.asvar_len = bits[i].len;
            i++;
        }
    }

    part *singular = arena_alloc(wd_scratch(p), sizeof *singular);
    part *plural = arena_alloc(wd_scratch(p), sizeof *plural);
    if (!singular || !plural) return wd_oom(p);
    buf_init(&singular->msg, wd_scratch(p));
    buf_init(&plural->msg, wd_scratch(p));
    singular->nvars = plural->nvars = 0;
    singular->ntokens = plural->ntokens = 0;
    const wtoken *last = tok; /* Django reads its own token when none follow */
    if (read_part(p, tok, singular, &last)) return -1;
    bool plural_tokens = false;
    if (node.count) {
        if (!contents_are(p, last, "plural", 6))
            return fail_repr(p, tok, "", tag.s, tag.len,
                             " doesn't allow other block tags inside it");
        if (read_part(p, tok, plural, &last)) return -1;
        /* An empty plural part is falsy to Django: the singular is used. */
        plural_tokens = plural->ntokens > 0;
    }
    char end_name[64];
    int end_len = snprintf(end_name, sizeof end_name, "end%.*s", (int)tag.len, tag.s);
    if (end_len < 0 || (size_t)end_len >= sizeof end_name ||
        !contents_are(p, last, end_name, (size_t)end_len)) {
        buf b;
        buf_init(&b, wd_scratch(p));
        wi18n_repr(&b, tag.s, tag.len);
        buf_puts(&b, " doesn't allow other block tags (seen ");
        wi18n_repr(&b, wd_source(p) + last->content, last->content_len);
        buf_puts(&b, ") inside it");
        const char *m = buf_cstr(&b);
        if (!m) return wd_oom(p);
        return wd_fail(p, tok, "%s", m);
    }
    if (singular->msg.oom || plural->msg.oom) return wd_oom(p);

    node.has_plural = plural_tokens;
    node.singular = push_msgid(p, singular, seen_trimmed);
    node.plural = push_msgid(p, plural, seen_trimmed);
    if (!node.singular || !node.plural) return wd_oom(p);
    node.nvars = singular->nvars + plural->nvars;
    if (node.nvars) {
        bt_var all[512];
        memcpy(all, singular->vars, singular->nvars * sizeof all[0]);
        memcpy(all + singular->nvars, plural->vars, plural->nvars * sizeof all[0]);
        node.vars = pb_push(wd_program(p), all, node.nvars * sizeof all[0]);
        if (!node.vars) return wd_oom(p);
    }
    node.tag = pb_push_str(wd_program(p), tag.s, tag.len);
    node.tag_len = tag.len;
    if (!node.tag) return wd_oom(p);
    *out = pb_push(wd_program(p), &node, sizeof node);
    if (!*out) return wd_oom(p);
    return 0;
}

/* ---- render ------------------------------------------------------------ */

/* Python's `message % data` for a mapping, for what translations hold:
 * "%%" and "%(name)s". Returns 1 where Python raises KeyError or
 * ValueError (an unknown name, any other directive). */
static int format_message(const char *t, size_t len, const bt_var *vars, const char *prog,
                          const weft_value *vals, uint32_t nvars, buf *out)
{
    for (size_t i = 0; i < len; i++) {
        if (t[i] != '%') {
            buf_putc(out, t[i]);
            continue;
        }
        if (++i >= len) return 1;
        if (t[i] == '%') {
            buf_putc(out, '%');
            continue;
        }
        if (t[i] != '(') return 1;
        size_t key = ++i;
        int depth = 1;
        while (i < len) {
            if (t[i] == '(') depth++;
            else if (t[i] == ')' && --depth == 0) break;
            i++;
        }
        if (i >= len) return 1;
        size_t key_len = i - key;
        if (++i >= len || t[i] != 's') return 1;
        const weft_value *val = NULL;
        for (uint32_t k = 0; k < nvars; k++) {
            if (vars[k].len == key_len && memcmp(prog + vars[k].name, t + key, key_len) == 0) {
                val = &vals[k];
                break;
            }
        }
        if (!val) return 1;
        buf_put(out, val->u.s, val->len);
    }
    return 0;
}

/* The count as a number for the plural rules. A fractional count is never
 * "one": it picks the same form as the next integer up would under the
 * usual n == 1 and n > 1 rules. */
static bool count_number(wr *r, const weft_value *v, int64_t *n)
{
    double d;
    switch (v->kind) {
    case WEFT_INT: *n = v->u.i; return true;
    case WEFT_BOOL: *n = v->u.b; return true;
    case WEFT_FLOAT: d = v->u.f; break;
    case WEFT_DECIMAL: {
        char tmp[64];
        snprintf(tmp, sizeof tmp, "%.*s", (int)v->len, v->u.s);
        d = strtod(tmp, NULL);
        break;
    }
    default: return false;
    }
    (void)r;
    if (d != d) d = 0;
    if (d > 9.2e18) d = 9.2e18;
    if (d < -9.2e18) d = -9.2e18;
    int64_t i = (int64_t)d;
    if ((double)i != d && i == 1) i = 2;
    *n = i;
    return true;
}

/* The value of a placeholder: the variable of that exact name in the
 * context, else string_if_invalid ("%s" taking the name). */
static int placeholder_value(wr *r, const char *name, uint32_t len, weft_value *out)
{
    const weft_value *v = wr_lookup(r, name, len);
    weft_value val;
    if (v) {
        val = *v;
    } else {
        size_t sii_len;
        const char *sii = wd_string_if_invalid(r, &sii_len);
        const char *pct = sii_len ? memmem(sii, sii_len, "%s", 2) : NULL;
        if (pct) {
            buf b;
            wr_buf(r, &b);
            buf_put(&b, sii, (size_t)(pct - sii));
            buf_put(&b, name, len);
            buf_put(&b, pct + 2, sii_len - (size_t)(pct - sii) - 2);
            if (wr_buf_value(r, &b, false, &val)) return -1;
        } else {
            val = wv_str(sii_len ? sii : "", sii_len, false);
        }
    }
    return wi18n_render_value(r, &val, out);
}

static int fail_unformattable(wr *r, const blocktrans_node *n, const char *result,
                              const bt_var *vars, const weft_value *vals)
{
    buf b;
    wr_buf(r, &b);
    wi18n_repr(&b, WR_AT(r, n->tag, char), n->tag_len);
    buf_puts(&b, " is unable to format string returned by gettext: ");
    wi18n_repr(&b, result, strlen(result));
    buf_puts(&b, " using {");
    for (uint32_t i = 0; i < n->nvars; i++) {
        if (i) buf_puts(&b, ", ");
        wi18n_repr(&b, WR_AT(r, vars[i].name, char), vars[i].len);
        buf_puts(&b, ": ");
        wi18n_repr(&b, vals[i].u.s, vals[i].len);
    }
    buf_putc(&b, '}');
    const char *m = buf_cstr(&b);
    if (!m) return wr_oom(r);
    return wr_fail(r, WEFT_ERROR_TEMPLATE_SYNTAX, "%s", m);
}

int wi18n_render_blocktrans(wr *r, const wnode *node)
{
    const blocktrans_node *n = (const blocktrans_node *)node;
    const char *context = NULL;
    if (n->context) {
        weft_value c, s;
        if (wd_eval(r, n->context, &c)) return -1;
        if (wv_truthy(&c)) {
            if (wr_str(r, &c, &s)) return -1;
            char *copy = arena_strndup(wr_arena(r), s.len ? s.u.s : "", s.len);
            if (!copy) return wr_oom(r);
            context = copy;
        }
    }
    const char *singular = WR_AT(r, n->singular, char);
    const char *plural = WR_AT(r, n->plural, char);
    if (wr_push(r)) return -1;
    int rc = wd_set_kwargs(r, n->with, n->nwith);
    const char *result = NULL;
    size_t result_len = 0;
    int64_t count = 0;
    if (!rc && n->has_plural) {
        const wkwarg *k = WR_AT(r, n->count, wkwarg);
        weft_value c;
        rc = wd_eval(r, k->expr, &c);
        if (!rc && !count_number(r, &c, &count)) {
            buf b;
            wr_buf(r, &b);
            wi18n_repr(&b, WR_AT(r, k->name, char), k->len);
            buf_puts(&b, " argument to ");
            wi18n_repr(&b, WR_AT(r, n->tag, char), n->tag_len);
            buf_puts(&b, " tag must be a number.");
            const char *m = buf_cstr(&b);
            rc = m ? wr_fail(r, WEFT_ERROR_TEMPLATE_SYNTAX, "%s", m) : wr_oom(r);
        }
        if (!rc) rc = wr_set(r, WR_AT(r, k->name, char), k->len, &c);
        if (!rc)
            result = context ? wd_npgettext(r, context, singular, plural, count, &result_len)
                             : wd_ngettext(r, singular, plural, count, &result_len);
    } else if (!rc) {
        result = context ? wd_pgettext(r, context, singular, &result_len)
                         : wd_gettext(r, singular, &result_len);
    }
    if (!rc && r->failed) rc = -1;
    const bt_var *vars = n->nvars ? WR_AT(r, n->vars, bt_var) : NULL;
    weft_value *vals = NULL;
    if (!rc && n->nvars) {
        vals = arena_alloc(wr_arena(r), n->nvars * sizeof *vals);
        if (!vals) rc = wr_oom(r);
        for (uint32_t i = 0; !rc && i < n->nvars; i++)
            rc = placeholder_value(r, WR_AT(r, vars[i].name, char), vars[i].len, &vals[i]);
    }
    wr_pop(r);
    if (rc) return -1;

    buf b;
    wr_buf(r, &b);
    if (format_message(result, result_len, vars, wr_prog(r), vals, n->nvars, &b)) {
        /* Django renders again without translations. */
        const char *message = n->has_plural && count != 1 ? plural : singular;
        wr_buf(r, &b);
        if (format_message(message, strlen(message), vars, wr_prog(r), vals, n->nvars, &b))
            return fail_unformattable(r, n, message, vars, vals);
    }
    weft_value text;
    if (wr_buf_value(r, &b, true, &text)) return -1;
    if (n->asvar_len) return wr_set(r, WR_AT(r, n->asvar, char), n->asvar_len, &text);
    return wr_write(r, text.u.s, text.len);
}
