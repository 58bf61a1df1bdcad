/* The i18n tag library ({% load i18n %}), after Django's
 * django/templatetags/i18n.py: translate/trans, language, and the get_*
 * tags that expose the render's language and Django's language tables.
 * blocktranslate lives in tags_blocktrans.c. */
#include <stdio.h>
#include <string.h>

#include "localize.h"
#include "render/state.h"
#include "filter_api.h"
#include "i18n/catalog.h"
#include "i18n/lang_info.h"
#include "tags_i18n.h"

/* ---- shared helpers ---------------------------------------------------- */

void wi18n_repr(buf *b, const char *s, size_t len)
{
    /* Python picks double quotes only for a text with ' and no ". */
    bool has_single = memchr(s, '\'', len) != NULL;
    bool has_double = memchr(s, '"', len) != NULL;
    char quote = has_single && !has_double ? '"' : '\'';
    buf_putc(b, quote);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\\' || c == (unsigned char)quote) {
            buf_putc(b, '\\');
            buf_putc(b, (char)c);
        } else if (c == '\n') {
            buf_puts(b, "\\n");
        } else if (c == '\r') {
            buf_puts(b, "\\r");
        } else if (c == '\t') {
            buf_puts(b, "\\t");
        } else if (c < 0x20 || c == 0x7f) {
            buf_printf(b, "\\x%02x", c);
        } else {
            buf_putc(b, (char)c);
        }
    }
    buf_putc(b, quote);
}

/* repr() of a list of strings: ['a', 'b']. */
static void repr_bits(buf *b, const wbit *bits, uint32_t n)
{
    buf_putc(b, '[');
    for (uint32_t i = 0; i < n; i++) {
        if (i) buf_puts(b, ", ");
        wi18n_repr(b, bits[i].s, bits[i].len);
    }
    buf_putc(b, ']');
}

int wi18n_render_value(wr *r, const weft_value *v, weft_value *out)
{
    bool autoescape = wr_autoescape(r);
    if (v->kind == WEFT_STRING) {
        if (!autoescape || (v->flags & WV_SAFE)) {
            *out = *v;
            return 0;
        }
        buf b;
        wr_buf(r, &b);
        buf_put_escaped(&b, v->u.s, v->len);
        return wr_buf_value(r, &b, true, out);
    }
    buf text;
    wr_buf(r, &text);
    if (wd_localize(r, &text, v)) return -1;
    if (text.oom) return wr_oom(r);
    if (!autoescape) return wr_buf_value(r, &text, false, out);
    buf b;
    wr_buf(r, &b);
    buf_put_escaped(&b, text.len ? text.data : "", text.len);
    return wr_buf_value(r, &b, true, out);
}

/* A NUL-terminated copy of a string value in the render arena. */
static const char *cstr(wr *r, const weft_value *s)
{
    char *copy = arena_strndup(wr_arena(r), s->len ? s->u.s : "", s->len);
    if (!copy) wr_oom(r);
    return copy;
}

/* The words of a tag's contents split on white space (str.split()), for the
 * tags Django parses that way. */
static uint32_t split_words(const char *s, size_t len, wbit *words, uint32_t max)
{
    uint32_t n = 0;
    size_t i = 0;
    while (i < len) {
        while (i < len && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) i++;
        if (i == len) break;
        size_t start = i;
        while (i < len && !(s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) i++;
        if (n < max) words[n] = (wbit){s + start, (uint32_t)(i - start)};
        n++;
    }
    return n;
}

/* Django's to_language: "pt_BR" -> "pt-br", "DE" -> "de". */
static const char *to_language(wr *r, const char *locale, size_t len)
{
    char *out = arena_alloc(wr_arena(r), len + 1);
    if (!out) {
        wr_oom(r);
        return NULL;
    }
    for (size_t i = 0; i < len; i++) {
        char c = locale[i];
        if (c == '_') c = '-';
        else if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        out[i] = c;
    }
    out[len] = '\0';
    return out;
}

/* ---- translate / trans ------------------------------------------------- */

typedef struct trans_node {
    wnode h;
    uint32_t noop;
    wref expr;     /* wexpr: the message as written */
    wref filtered; /* wexpr: its filters over the translated value, or 0 */
    wref context;  /* wexpr, or 0 */
    wref asvar;
    uint32_t asvar_len;
} trans_node;

/* The name under which the translated message meets its filters. It cannot
 * be written in a template, so it hides nothing. */
static const char TRANSLATED_NAME[] = "\x01translated";
#define TRANSLATED_LEN (sizeof TRANSLATED_NAME - 1)

/* A copy of the expression e whose variable is TRANSLATED_NAME, so the
 * filters can run after the translation the plain expression would skip. */
static int compile_refilter(wparser *p, wref expr, wref *out)
{
    pbuilder *pb = wd_program(p);
    wexpr e = *(const wexpr *)pb_at(pb, expr);
    *out = 0;
    if (!e.var || !e.nfilters) return 0;
    const wvar orig = *(const wvar *)pb_at(pb, e.var);
    wsegment seg = {0, (uint32_t)TRANSLATED_LEN, WSEG_NO_INDEX};
    seg.name = pb_push_str(pb, TRANSLATED_NAME, TRANSLATED_LEN);
    wvar v = {0};
    v.nsegments = 1;
    v.text = orig.text;
    v.text_len = orig.text_len;
    v.segments = pb_push(pb, &seg, sizeof seg);
    e.var = pb_push(pb, &v, sizeof v);
    *out = pb_push(pb, &e, sizeof e);
    if (!seg.name || !v.segments || !e.var || !*out) return wd_oom(p);
    return 0;
}

static int compile_trans(wparser *p, const wtoken *tok, wref *out)
{
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    const char *tag = bits[0].s;
    int tag_len = (int)bits[0].len;
    if (n < 2) return wd_fail(p, tok, "'%.*s' takes at least one argument", tag_len, tag);
    trans_node node = {{0, 0, tok->start}, 0, 0, 0, 0, 0, 0};
    if (wd_filter(p, tok, bits[1].s, bits[1].len, &node.expr)) return -1;
    bool seen_noop = false, seen_context = false, seen_as = false;
    for (uint32_t i = 2; i < n;) {
        wbit option = bits[i++];
        bool is_noop = wbit_is(option, "noop"), is_context = wbit_is(option, "context"),
             is_as = wbit_is(option, "as");
        if ((is_noop && seen_noop) || (is_context && seen_context) || (is_as && seen_as))
            return wd_fail(p, tok, "The '%.*s' option was specified more than once.",
                           (int)option.len, option.s);
        if (is_noop) {
            node.noop = 1;
            seen_noop = true;
        } else if (is_context) {
            if (i >= n)
                return wd_fail(p, tok,
                               "No argument provided to the '%.*s' tag for the context option.",
                               tag_len, tag);
            wbit value = bits[i++];
            if (wbit_is(value, "as") || wbit_is(value, "noop"))
                return wd_fail(p, tok,
                               "Invalid argument '%.*s' provided to the '%.*s' tag for the context "
                               "option",
                               (int)value.len, value.s, tag_len, tag);
            if (wd_filter(p, tok, value.s, value.len, &node.context)) return -1;
            seen_context = true;
        } else if (is_as) {
            if (i >= n)
                return wd_fail(p, tok, "No argument provided to the '%.*s' tag for the as option.",
                               tag_len, tag);
            wbit value = bits[i++];
            node.asvar = pb_push_str(wd_program(p), value.s, value.len);
            if (!node.asvar) return wd_oom(p);
            node.asvar_len = value.len;
            seen_as = true;
        } else {
            return wd_fail(p, tok,
                           "Unknown argument for '%.*s' tag: '%.*s'. The only options available "
                           "are 'noop', 'context' \"xxx\", and 'as VAR'.",
                           tag_len, tag, (int)option.len, option.s);
        }
    }
    if (compile_refilter(p, node.expr, &node.filtered)) return -1;
    WD_PUSH_NODE(p, node, out);
    return 0;
}

/* Variable.resolve with translate set: the message gets its % doubled (it
 * is a format string to gettext's callers) and is translated; a safe
 * message gives a safe translation. */
static int translate_message(wr *r, const trans_node *n, weft_value *v)
{
    const char *context = NULL;
    if (n->context) {
        weft_value c, s;
        if (wd_eval(r, n->context, &c) || wr_str(r, &c, &s)) return -1;
        if (s.len && !(context = cstr(r, &s))) return -1;
    }
    weft_value s = *v;
    if (v->kind == WEFT_HOST) {
        if (wr_str(r, v, &s)) return -1;
    } else if (v->kind != WEFT_STRING) {
        return wr_fail(r, WEFT_ERROR_ATTRIBUTE, "'%s' object has no attribute 'replace'",
                       wv_type_name(v));
    }
    buf b;
    wr_buf(r, &b);
    for (uint32_t i = 0; i < s.len; i++) {
        if (s.u.s[i] == '%') buf_putc(&b, '%');
        buf_putc(&b, s.u.s[i]);
    }
    const char *msgid = buf_cstr(&b);
    if (!msgid) return wr_oom(r);
    size_t len;
    const char *t = context ? wd_pgettext(r, context, msgid, &len) : wd_gettext(r, msgid, &len);
    if (r->failed) return -1;
    *v = wv_str(t, len, wv_is_safe(&s));
    return 0;
}

static int render_trans(wr *r, const wnode *node)
{
    const trans_node *n = (const trans_node *)node;
    const wexpr *e = WR_AT(r, n->expr, wexpr);
    weft_value v;
    int found = e->var ? wd_var(r, e->var, &v) : 0;
    if (found < 0) return -1;
    if (!found) {
        /* A missing variable is not translated: the expression gives
         * string_if_invalid, or "" through the filters. */
        if (wd_eval(r, n->expr, &v)) return -1;
    } else {
        if (!n->noop && translate_message(r, n, &v)) return -1;
        if (n->filtered) {
            if (wr_push(r)) return -1;
            int rc = wr_set(r, TRANSLATED_NAME, TRANSLATED_LEN, &v);
            weft_value filtered;
            if (!rc) rc = wd_eval(r, n->filtered, &filtered);
            wr_pop(r);
            if (rc) return -1;
            v = filtered;
        }
    }
    weft_value text;
    if (wi18n_render_value(r, &v, &text)) return -1;
    /* The percent signs doubled for gettext come back single. */
    if (text.len && memmem(text.u.s, text.len, "%%", 2)) {
        buf b;
        wr_buf(r, &b);
        for (uint32_t i = 0; i < text.len; i++) {
            buf_putc(&b, text.u.s[i]);
            if (text.u.s[i] == '%' && i + 1 < text.len && text.u.s[i + 1] == '%') i++;
        }
        if (wr_buf_value(r, &b, wv_is_safe(&text), &text)) return -1;
    }
    if (n->asvar_len) return wr_set(r, WR_AT(r, n->asvar, char), n->asvar_len, &text);
    return wr_write(r, text.u.s, text.len);
}

/* ---- language ---------------------------------------------------------- */

typedef struct language_node {
    wnode h;
    wref expr;
    wref body;
} language_node;

static int compile_language(wparser *p, const wtoken *tok, wref *out)
{
    static const char *const until[] = {"endlanguage"};
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    if (n != 2)
        return wd_fail(p, tok, "'%.*s' takes one argument (language)", (int)bits[0].len, bits[0].s);
    language_node node = {{0, 0, tok->start}, 0, 0};
    if (wd_filter(p, tok, bits[1].s, bits[1].len, &node.expr)) return -1;
    const wtoken *end;
    if (wd_parse(p, tok, until, 1, &node.body, &end)) return -1;
    WD_PUSH_NODE(p, node, out);
    return 0;
}

/* translation.override(language) around the body: the render's language
 * and catalog change for the body only (an empty language changes
 * nothing, as activate("") does). */
static int render_language(wr *r, const wnode *node)
{
    const language_node *n = (const language_node *)node;
    weft_value v, s;
    if (wd_eval(r, n->expr, &v) || wr_str(r, &v, &s)) return -1;
    if (!s.len) return wr_render_nodelist(r, n->body);
    const char *language = cstr(r, &s);
    if (!language) return -1;
    const char *old = wr_set_language(r, language);
    int rc = wr_render_nodelist(r, n->body);
    wr_set_language(r, old);
    return rc;
}

/* ---- get_current_language, _bidi, get_available_languages -------------- */

typedef struct as_node {
    wnode h;
    wref name;
    uint32_t len;
} as_node;

/* {% tag as variable %}, split on white space as Django splits it. */
static int compile_as_variable(wparser *p, const wtoken *tok, wref *out)
{
    const char *s = wd_source(p) + tok->content;
    wbit words[8];
    uint32_t n = split_words(s, tok->content_len, words, 8);
    if (n != 3 || !wbit_is(words[1], "as")) {
        buf b;
        buf_init(&b, wd_scratch(p));
        if (n > 8) {
            /* Rare: list every word again without the fixed array. */
            wbit *all = arena_alloc(wd_scratch(p), n * sizeof *all);
            if (!all) return wd_oom(p);
            split_words(s, tok->content_len, all, n);
            repr_bits(&b, all, n);
        } else {
            repr_bits(&b, words, n);
        }
        const char *got = buf_cstr(&b);
        if (!got) return wd_oom(p);
        return wd_fail(p, tok, "'%.*s' requires 'as variable' (got %s)", (int)words[0].len,
                       words[0].s, got);
    }
    as_node node = {{0, 0, tok->start}, 0, words[2].len};
    node.name = pb_push_str(wd_program(p), words[2].s, words[2].len);
    if (!node.name) return wd_oom(p);
    WD_PUSH_NODE(p, node, out);
    return 0;
}

static int set_as(wr *r, const wnode *node, const weft_value *v)
{
    const as_node *n = (const as_node *)node;
    return wr_set(r, WR_AT(r, n->name, char), n->len, v);
}

static int render_current_language(wr *r, const wnode *node)
{
    const char *language = to_language(r, r->language, strlen(r->language));
    if (!language) return -1;
    weft_value v = wv_str(language, strlen(language), false);
    return set_as(r, node, &v);
}

static int render_current_language_bidi(wr *r, const wnode *node)
{
    weft_value v = wv_bool(wlang_is_bidi(r->language));
    return set_as(r, node, &v);
}

/* [(code, translated name), ...] from settings.LANGUAGES. */
static int render_available_languages(wr *r, const wnode *node)
{
    arena *a = wr_arena(r);
    wv_list *list = wv_list_new(a, (uint32_t)wi_languages_count);
    if (!list) return wr_oom(r);
    for (size_t i = 0; i < wi_languages_count; i++) {
        const wlanguage *l = &wi_languages[i];
        size_t len;
        const char *name = wd_gettext(r, l->name, &len);
        if (r->failed) return -1;
        wv_list *pair = wv_list_new(a, 2);
        weft_value code = wv_str(l->code, strlen(l->code), false);
        weft_value translated = wv_str(name, len, false);
        if (!pair || !wv_list_push(a, pair, &code) || !wv_list_push(a, pair, &translated))
            return wr_oom(r);
        weft_value item = wv_list_value(pair, true);
        if (!wv_list_push(a, list, &item)) return wr_oom(r);
    }
    weft_value v = wv_list_value(list, false);
    return set_as(r, node, &v);
}

/* ---- get_language_info, get_language_info_list -------------------------- */

typedef struct info_node {
    wnode h;
    wref expr;
    wref name;
    uint32_t len;
} info_node;

static int compile_info(wparser *p, const wtoken *tok, const char *what, wref *out)
{
    wbit *bits;
    uint32_t n;
    if (wd_split(p, tok, &bits, &n)) return -1;
    if (n != 5 || !wbit_is(bits[1], "for") || !wbit_is(bits[3], "as")) {
        buf b;
        buf_init(&b, wd_scratch(p));
        repr_bits(&b, bits + 1, n - 1);
        const char *got = buf_cstr(&b);
        if (!got) return wd_oom(p);
        return wd_fail(p, tok, "'%.*s' requires '%s' (got %s)", (int)bits[0].len, bits[0].s, what,
                       got);
    }
    info_node node = {{0, 0, tok->start}, 0, 0, bits[4].len};
    if (wd_filter(p, tok, bits[2].s, bits[2].len, &node.expr)) return -1;
    node.name = pb_push_str(wd_program(p), bits[4].s, bits[4].len);
    if (!node.name) return wd_oom(p);
    WD_PUSH_NODE(p, node, out);
    return 0;
}

static int compile_language_info(wparser *p, const wtoken *tok, wref *out)
{
    return compile_info(p, tok, "for string as variable", out);
}

static int compile_language_info_list(wparser *p, const wtoken *tok, wref *out)
{
    return compile_info(p, tok, "for sequence as variable", out);
}

/* Django's get_language_info(code) as the dict it returns, with
 * name_translated in the render's language. */
static int language_info(wr *r, const weft_value *code, weft_value *out)
{
    if (code->kind != WEFT_STRING) {
        if (code->kind == WEFT_LIST || code->kind == WEFT_DICT)
            return wr_fail(r, WEFT_ERROR_TYPE, "unhashable type: '%s'", wv_type_name(code));
        return wr_fail(r, WEFT_ERROR_TYPE, "argument of type '%s' is not iterable",
                       wv_type_name(code));
    }
    const wlang_info *info = wlang_info_get(code->u.s, code->len);
    if (!info) {
        char message[256];
        wlang_info_unknown(code->u.s, code->len, message, sizeof message);
        return wr_fail(r, WEFT_ERROR_VALUE, "'%s'", message); /* KeyError */
    }
    size_t translated_len;
    const char *translated = wd_gettext(r, info->name, &translated_len);
    if (r->failed) return -1;
    arena *a = wr_arena(r);
    wv_dict *d = wv_dict_new(a, 5);
    if (!d) return wr_oom(r);
    /* The key order of Django's LANG_INFO entries. */
    const char *keys[] = {"bidi", "code", "name", "name_local", "name_translated"};
    weft_value vals[5] = {
        wv_bool(info->bidi),
        wv_str(info->code, strlen(info->code), false),
        wv_str(info->name, strlen(info->name), false),
        wv_str(info->name_local, strlen(info->name_local), false),
        wv_str(translated, translated_len, false),
    };
    for (size_t i = 0; i < 5; i++) {
        weft_value key = wv_str(keys[i], strlen(keys[i]), false);
        if (!wv_dict_set(a, d, &key, &vals[i])) return wr_oom(r);
    }
    out->kind = WEFT_DICT;
    out->flags = 0;
    out->len = 0;
    out->u.dict = d;
    return 0;
}

static int render_language_info(wr *r, const wnode *node)
{
    const info_node *n = (const info_node *)node;
    weft_value code, info;
    if (wd_eval(r, n->expr, &code) || language_info(r, &code, &info)) return -1;
    return wr_set(r, WR_AT(r, n->name, char), n->len, &info);
}

static size_t codepoints(const weft_value *s)
{
    size_t n = 0;
    for (uint32_t i = 0; i < s->len; i++)
        if (((unsigned char)s->u.s[i] & 0xC0) != 0x80) n++;
    return n;
}

/* One item of get_language_info_list: a code, or a sequence whose first
 * item is the code (Django tests len(item[0]) > 1, else uses str(item)). */
static int item_info(wr *r, const weft_value *item, weft_value *out)
{
    if (item->kind == WEFT_STRING) {
        if (!item->len) return wr_fail(r, WEFT_ERROR_VALUE, "string index out of range");
        return language_info(r, item, out);
    }
    if (wv_is_seq(item)) {
        const wv_list *l = item->u.list;
        if (!l->len)
            return wr_fail(r, WEFT_ERROR_VALUE, "%s index out of range",
                           item->kind == WEFT_TUPLE ? "tuple" : "list");
        const weft_value *first = &l->items[0];
        if (first->kind == WEFT_STRING && codepoints(first) > 1) return language_info(r, first, out);
    }
    weft_value s;
    if (wr_str(r, item, &s)) return -1;
    return language_info(r, &s, out);
}

static int render_language_info_list(wr *r, const wnode *node)
{
    const info_node *n = (const info_node *)node;
    weft_value langs;
    if (wd_eval(r, n->expr, &langs)) return -1;
    arena *a = wr_arena(r);
    wv_list *result = wv_list_new(a, 8);
    if (!result) return wr_oom(r);
    uint32_t count;
    if (wv_is_seq(&langs)) count = langs.u.list->len;
    else if (langs.kind == WEFT_DICT) count = langs.u.dict->len;
    else if (langs.kind == WEFT_STRING) count = langs.len;
    else return wr_fail(r, WEFT_ERROR_TYPE, "'%s' object is not iterable", wv_type_name(&langs));
    for (uint32_t i = 0; i < count; i++) {
        weft_value item, info;
        if (wv_is_seq(&langs)) {
            item = langs.u.list->items[i];
        } else if (langs.kind == WEFT_DICT) {
            item = langs.u.dict->entries[i].key;
        } else {
            /* Iterating a string gives its characters. */
            uint32_t len = 1;
            while (i + len < langs.len && ((unsigned char)langs.u.s[i + len] & 0xC0) == 0x80) len++;
            item = wv_str(langs.u.s + i, len, false);
            i += len - 1;
        }
        if (item_info(r, &item, &info)) return -1;
        if (!wv_list_push(a, result, &info)) return wr_oom(r);
    }
    weft_value v = wv_list_value(result, false);
    return wr_set(r, WR_AT(r, n->name, char), n->len, &v);
}

const wtag_def wd_tags_i18n[] = {
    {"trans", "i18n", compile_trans, render_trans},
    {"translate", "i18n", compile_trans, render_trans},
    {"blocktrans", "i18n", wi18n_compile_blocktrans, wi18n_render_blocktrans},
    {"blocktranslate", "i18n", wi18n_compile_blocktrans, wi18n_render_blocktrans},
    {"language", "i18n", compile_language, render_language},
    {"get_current_language", "i18n", compile_as_variable, render_current_language},
    {"get_current_language_bidi", "i18n", compile_as_variable, render_current_language_bidi},
    {"get_available_languages", "i18n", compile_as_variable, render_available_languages},
    {"get_language_info", "i18n", compile_language_info, render_language_info},
    {"get_language_info_list", "i18n", compile_language_info_list, render_language_info_list},
    {NULL, NULL, NULL, NULL},
};
