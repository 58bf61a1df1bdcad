/* Variable resolution and filter application: Django's Variable.resolve and
 * FilterExpression.resolve. Lookup order per segment follows Django: key,
 * then attribute, then list index; a callable result is called with no
 * arguments. */
#include <string.h>

#include "dateformat.h"
#include "registry.h"
#include "render/run.h"

/* custom.c: a filter of the engine's libraries. */
int wd_custom_filter_call(wr *r, uint32_t index, weft_value *val, const weft_value *arg);

/* A native dict's methods that templates call: items, keys, values. */
static int dict_method(wr *r, const wv_dict *d, const char *name, size_t len, weft_value *out)
{
    int which = len == 5 && !memcmp(name, "items", 5)  ? 0
                : len == 4 && !memcmp(name, "keys", 4) ? 1
                : len == 6 && !memcmp(name, "values", 6) ? 2
                                                         : -1;
    if (which < 0) return 0;
    wv_list *l = wv_list_new(r->arena, d->len);
    if (!l) return wr_oom(r);
    for (uint32_t i = 0; i < d->len; i++) {
        weft_value item;
        if (which == 0) {
            wv_list *pair = wv_list_new(r->arena, 2);
            if (!pair) return wr_oom(r);
            wv_list_push(r->arena, pair, &d->entries[i].key);
            wv_list_push(r->arena, pair, &d->entries[i].val);
            item = wv_list_value(pair, true);
        } else {
            item = which == 1 ? d->entries[i].key : d->entries[i].val;
        }
        if (!wv_list_push(r->arena, l, &item)) return wr_oom(r);
    }
    *out = wv_list_value(l, false);
    return 1;
}

/* Attributes of dates, times and durations. */
static int temporal_attr(const weft_value *v, const char *name, size_t len, weft_value *out)
{
#define IS(s) (len == sizeof(s) - 1 && memcmp(name, s, len) == 0)
    const wv_datetime *t = &v->u.dt;
    if (v->kind == WEFT_DURATION) {
        if (IS("days")) *out = wv_int(v->u.dur.days);
        else if (IS("seconds")) *out = wv_int(v->u.dur.seconds);
        else if (IS("microseconds")) *out = wv_int(v->u.dur.usec);
        else return 0;
        return 1;
    }
    if (v->kind != WEFT_TIME) {
        if (IS("year")) { *out = wv_int(t->year); return 1; }
        if (IS("month")) { *out = wv_int(t->month); return 1; }
        if (IS("day")) { *out = wv_int(t->day); return 1; }
    }
    if (v->kind != WEFT_DATE) {
        if (IS("hour")) { *out = wv_int(t->hour); return 1; }
        if (IS("minute")) { *out = wv_int(t->minute); return 1; }
        if (IS("second")) { *out = wv_int(t->second); return 1; }
        if (IS("microsecond")) { *out = wv_int(t->usec); return 1; }
    }
    return 0;
#undef IS
}

/* Python's seq[i] with negative indices counted from the end. */
static bool index_of(int64_t i, size_t n, size_t *out)
{
    if (i < 0) i += (int64_t)n;
    if (i < 0 || (uint64_t)i >= n) return false;
    *out = (size_t)i;
    return true;
}

static int string_index(wr *r, const weft_value *s, int64_t i, weft_value *out)
{
    /* Index by code point, as Python strings do. */
    size_t count = 0;
    for (uint32_t k = 0; k < s->len; k++) count += ((unsigned char)s->u.s[k] & 0xC0) != 0x80;
    size_t want;
    if (!index_of(i, count, &want)) return 0;
    size_t cp = 0;
    for (uint32_t k = 0; k < s->len; k++) {
        if (((unsigned char)s->u.s[k] & 0xC0) == 0x80) continue;
        if (cp++ == want) {
            uint32_t e = k + 1;
            while (e < s->len && ((unsigned char)s->u.s[e] & 0xC0) == 0x80) e++;
            *out = wv_str(s->u.s + k, e - k, false);
            return 1;
        }
    }
    return 0;
}

/* One segment of a lookup: 1 found, 0 not found, -1 failure. */
static int lookup_segment(wr *r, const weft_value *cur, const char *name, size_t len,
                          int32_t index, weft_value *out)
{
    switch ((weft_kind)cur->kind) {
    case WEFT_DICT: {
        const weft_value *v = wv_dict_get(cur->u.dict, name, len);
        if (!v && index != WSEG_NO_INDEX) {
            weft_value key = wv_int(index);
            v = wv_dict_get_value(cur->u.dict, &key);
        }
        if (v) {
            *out = *v;
            return 1;
        }
        return dict_method(r, cur->u.dict, name, len, out);
    }
    case WEFT_LIST:
    case WEFT_TUPLE: {
        size_t i;
        if (index == WSEG_NO_INDEX || !index_of(index, cur->u.list->len, &i)) return 0;
        *out = cur->u.list->items[i];
        return 1;
    }
    case WEFT_STRING:
        if (index == WSEG_NO_INDEX) return 0;
        return string_index(r, cur, index, out);
    case WEFT_DATE:
    case WEFT_DATETIME:
    case WEFT_TIME:
    case WEFT_DURATION: return temporal_attr(cur, name, len, out);
    case WEFT_HOST: {
        const weft_host_ops *ops = cur->u.host.ops;
        weft_value *got = NULL;
        if (ops->lookup) {
            int rc = ops->lookup(cur->u.host.obj, name, len, &r->run->store, &got);
            if (rc == WEFT_OK && got) {
                *out = *got;
                return 1;
            }
            if (rc == WEFT_ENOMEM) return wr_oom(r);
            if (rc != WEFT_ENOTFOUND && rc != WEFT_OK) {
                if (!r->failed)
                    wr_fail(r, WEFT_ERROR_ATTRIBUTE, "lookup of '%.*s' failed", (int)len, name);
                return -1;
            }
        }
        if (ops->item && index != WSEG_NO_INDEX && index >= 0) {
            int rc = ops->item(cur->u.host.obj, (size_t)index, &r->run->store, &got);
            if (rc == WEFT_OK && got) {
                *out = *got;
                return 1;
            }
        }
        return 0;
    }
    default: return 0;
    }
}

/* Host callables are called with no arguments, as Django does. */
static int call_host(wr *r, weft_value *v)
{
    weft_value *got = NULL;
    int rc = v->u.host.ops->call(v->u.host.obj, &r->run->store, &got);
    if (rc == WEFT_ENOMEM) return wr_oom(r);
    if (rc != WEFT_OK || !got) {
        /* A call Django refuses (alters_data, arguments required) gives
         * string_if_invalid. */
        size_t len;
        const char *sii = wd_string_if_invalid(r, &len);
        *v = wv_str(sii, len, false);
        return 0;
    }
    *v = *got;
    return 0;
}

static inline int call_if_callable(wr *r, weft_value *v)
{
    if (v->kind != WEFT_HOST || !v->u.host.ops->call) return 0;
    return call_host(r, v);
}

static weft_value literal_value(const char *prog, const wvar *v)
{
    switch (v->literal_kind) {
    case WC_INT: return wv_int(v->lit.i);
    case WC_FLOAT: return wv_float(v->lit.f);
    case WC_STRING: return wv_str(prog + v->lit.str.s, v->lit.str.len, true);
    default: return wv_null();
    }
}

/* Variable.resolve's translation of _("...") at render time, in the
 * render's language. */
static int translate(wr *r, weft_value *v)
{
    weft_value s;
    if (wr_str(r, v, &s)) return -1;
    buf b;
    wr_buf(r, &b);
    for (uint32_t i = 0; i < s.len; i++) {
        if (s.u.s[i] == '%') buf_putc(&b, '%');
        buf_putc(&b, s.u.s[i]);
    }
    char *msgid = buf_cstr(&b);
    if (!msgid) return wr_oom(r);
    size_t n;
    const char *t = wd_gettext(r, msgid, &n);
    /* gettext keeps the safety of its message. */
    *v = wv_str(t, n, wv_is_safe(&s));
    return 0;
}

static const weft_value builtin_true = {.kind = WEFT_BOOL, .u.b = true};
static const weft_value builtin_false = {.kind = WEFT_BOOL, .u.b = false};
static const weft_value builtin_none = {.kind = WEFT_NULL};

/* A name no binding holds: the caller's dict, then Django's builtins
 * True, False and None. */
/* Inlined: every variable's first segment that no tag bound comes here. */
static inline __attribute__((always_inline)) const weft_value *
lookup_unbound(const struct wr_run *run, const char *name, size_t len)
{
    const weft_value *v = wr_lookup_context(run, name, len);
    if (v) return v;
    if (len == 4 && memcmp(name, "True", 4) == 0) return &builtin_true;
    if (len == 5 && memcmp(name, "False", 5) == 0) return &builtin_false;
    if (len == 4 && memcmp(name, "None", 4) == 0) return &builtin_none;
    return NULL;
}

const weft_value *wd_lookup(wr *r, const char *name, size_t len)
{
    const weft_value *v = wr_find_binding(r->run, name, len);
    return v ? v : lookup_unbound(r->run, name, len);
}

const char *wd_string_if_invalid(const wr *r, size_t *len)
{
    const wd_options *o = wd_opt(r);
    *len = o->string_if_invalid_len;
    return o->string_if_invalid ? o->string_if_invalid : "";
}

int wd_var(wr *r, wref ref, weft_value *out)
{
    const char *prog = r->run->prog;
    const wvar *v = PROG_AT(prog, ref, wvar);
    if (v->is_literal) {
        *out = literal_value(prog, v);
    } else {
        const wsegment *seg = PROG_AT(prog, v->segments, wsegment);
        const weft_value *p = wr_find_binding(r->run, prog + seg[0].name, seg[0].len);
        if (!p && !(p = lookup_unbound(r->run, prog + seg[0].name, seg[0].len))) return 0;
        /* The common steps, keys of native dicts and indices of native
         * lists, walk by pointer; the first other step (a host object, a
         * missing key, a date's attribute) takes the general path. */
        uint32_t i = 1;
        for (; i < v->nsegments; i++) {
            const weft_value *next = NULL;
            if (p->kind == WEFT_DICT) {
                next = wv_dict_get(p->u.dict, prog + seg[i].name, seg[i].len);
            } else if (wv_is_seq(p) && seg[i].index != WSEG_NO_INDEX) {
                size_t at;
                if (index_of(seg[i].index, p->u.list->len, &at)) next = &p->u.list->items[at];
            }
            if (!next) break;
            p = next;
        }
        weft_value cur = *p;
        if (call_if_callable(r, &cur)) return -1;
        for (; i < v->nsegments; i++) {
            weft_value next;
            int found = lookup_segment(r, &cur, prog + seg[i].name, seg[i].len, seg[i].index, &next);
            if (found <= 0) return found;
            cur = next;
            if (call_if_callable(r, &cur)) return -1;
        }
        *out = cur;
    }
    if (v->translate && translate(r, out)) return -1;
    return 1;
}

int wd_resolve_path(wr *r, const weft_value *base, const char *path, size_t len, weft_value *out)
{
    weft_value cur = *base;
    size_t start = 0;
    while (start <= len) {
        size_t end = start;
        while (end < len && path[end] != '.') end++;
        int32_t index = WSEG_NO_INDEX;
        if (end > start) {
            int64_t n = 0;
            size_t k = start;
            bool neg = path[k] == '-';
            if (neg) k++;
            bool digits = k < end;
            for (; k < end && digits; k++) {
                if (path[k] < '0' || path[k] > '9' || n > INT32_MAX / 10) digits = false;
                else n = n * 10 + (path[k] - '0');
            }
            if (digits) index = (int32_t)(neg ? -n : n);
        }
        weft_value next;
        int found = lookup_segment(r, &cur, path + start, end - start, index, &next);
        if (found <= 0) return found;
        cur = next;
        if (call_if_callable(r, &cur)) return -1;
        start = end + 1;
    }
    *out = cur;
    return 1;
}

static int fail_missing(wr *r, const wvar *v)
{
    return wr_fail(r, WEFT_ERROR_VARIABLE_DOES_NOT_EXIST, "Failed lookup for key [%s]",
                   r->run->prog + v->text);
}

static int apply_filters(wr *r, const wexpr *e, weft_value *val)
{
    const char *prog = r->run->prog;
    const wfilter_call *calls = PROG_AT(prog, e->filters, wfilter_call);
    for (uint32_t i = 0; i < e->nfilters; i++) {
        uint16_t id = calls[i].filter;
        weft_value arg, *argp = NULL;
        if (calls[i].has_arg) {
            int found = wd_var(r, calls[i].arg, &arg);
            if (found < 0) return -1;
            if (!found) return fail_missing(r, PROG_AT(prog, calls[i].arg, wvar));
            argp = &arg;
        }
        if (id & WD_CUSTOM_FILTER) {
            if (wd_custom_filter_call(r, id & ~WD_CUSTOM_FILTER, val, argp)) return -1;
            continue;
        }
        const wf_def *def = wd_filter_at(id);
        if ((def->flags & WF_EXPECTS_LOCALTIME) && wd_localtime(r, val)) return -1;
        bool was_safe = wv_is_safe(val);
        if (def->fn(r, val, argp)) return -1;
        if ((def->flags & WF_IS_SAFE) && was_safe && val->kind == WEFT_STRING) val->flags |= WV_SAFE;
    }
    return 0;
}

/* A variable that is not there: None for the quiet callers (if, for,
 * firstof), else string_if_invalid, then the filters. */
static int eval_missing(wr *r, const wexpr *e, bool quiet, weft_value *out)
{
    size_t sii_len;
    const char *sii = wd_string_if_invalid(r, &sii_len);
    if (quiet) {
        *out = wv_null();
    } else if (sii_len) {
        const char *pct = memmem(sii, sii_len, "%s", 2);
        if (!pct) {
            *out = wv_str(sii, sii_len, false);
            return 0;
        }
        /* "%s" takes the variable as written. */
        const wvar *v = PROG_AT(r->run->prog, e->var, wvar);
        buf b;
        wr_buf(r, &b);
        buf_put(&b, sii, (size_t)(pct - sii));
        buf_put(&b, r->run->prog + v->text, v->text_len);
        buf_put(&b, pct + 2, sii_len - (size_t)(pct - sii) - 2);
        return wr_buf_value(r, &b, false, out);
    } else {
        *out = wv_str("", 0, false);
    }
    return apply_filters(r, e, out);
}

static inline int eval(wr *r, wref ref, bool quiet, weft_value *out)
{
    const wexpr *e = PROG_AT(r->run->prog, ref, wexpr);
    int found = wd_var(r, e->var, out);
    if (found > 0) return e->nfilters ? apply_filters(r, e, out) : 0;
    if (found < 0) return -1;
    return eval_missing(r, e, quiet, out);
}

int wd_eval(wr *r, wref expr, weft_value *out) { return eval(r, expr, false, out); }
int wd_eval_quiet(wr *r, wref expr, weft_value *out) { return eval(r, expr, true, out); }
