/* Django's list and logic built-in filters (django/template/defaultfilters.py,
 * "LISTS" and "LOGIC" sections, and pprint), with Python's sequence
 * semantics: strings index and slice by code point, dicts iterate over their
 * keys, negative indices count from the end.
 *
 * Input values are shared (the host's, or other renders'): results are new
 * values in the render arena, never edits of the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "filter_api.h"
#include "value/decimal.h"
#include "value/pyconvert.h"

static int empty(weft_value *val)
{
    *val = wv_str("", 0, false);
    return 0;
}

/* ---- code points ------------------------------------------------------------ */

/* Byte offsets of each code point start, plus the end (n + 1 entries). */
static int cp_offsets(wr *r, const char *s, size_t len, size_t **out, size_t *n)
{
    size_t count = wv_count_code_points(s, len);
    size_t *off = arena_alloc(wr_arena(r), (count + 1) * sizeof *off);
    if (!off) return wr_oom(r);
    size_t k = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) off[k++] = i;
    off[k] = len;
    *out = off;
    *n = count;
    return 0;
}

/* ---- iteration ---------------------------------------------------------------- */

/* Python's list(value): items of a list or tuple (shared, not copied), code
 * points of a string, keys of a dict, items of a host sequence. Returns 1,
 * 0 when the value is not iterable, -1 on failure. */
static int iterate(wr *r, const weft_value *v, const weft_value **items, size_t *n)
{
    arena *a = wr_arena(r);
    switch (v->kind) {
    case WEFT_LIST:
    case WEFT_TUPLE:
        *items = v->u.list->items;
        *n = v->u.list->len;
        return 1;
    case WEFT_STRING: {
        size_t *off, count;
        if (cp_offsets(r, v->u.s, v->len, &off, &count)) return -1;
        weft_value *out = arena_alloc(a, (count ? count : 1) * sizeof *out);
        if (!out) return wr_oom(r);
        for (size_t i = 0; i < count; i++)
            out[i] = wv_str(v->u.s + off[i], off[i + 1] - off[i], false);
        *items = out;
        *n = count;
        return 1;
    }
    case WEFT_DICT: {
        const wv_dict *d = v->u.dict;
        weft_value *out = arena_alloc(a, (d->len ? d->len : 1) * sizeof *out);
        if (!out) return wr_oom(r);
        for (uint32_t i = 0; i < d->len; i++) out[i] = d->entries[i].key;
        *items = out;
        *n = d->len;
        return 1;
    }
    case WEFT_HOST: {
        const weft_host_ops *ops = v->u.host.ops;
        size_t count;
        if (!ops->length || !ops->item || ops->length(v->u.host.obj, &count) != WEFT_OK) return 0;
        weft_value *out = arena_alloc(a, (count ? count : 1) * sizeof *out);
        if (!out) return wr_oom(r);
        weft_values store = {*a};
        for (size_t i = 0; i < count; i++) {
            weft_value *item = NULL;
            int rc = ops->item(v->u.host.obj, i, &store, &item);
            if (rc != WEFT_OK || !item) {
                *a = store.arena;
                return wr_fail(r, WEFT_ERROR_TYPE, "'%s' object is not iterable", wv_type_name(v));
            }
            out[i] = *item;
        }
        *a = store.arena;
        *items = out;
        *n = count;
        return 1;
    }
    default: return 0;
    }
}

/* ---- default, default_if_none, yesno -------------------------------------------- */

static int f_default(wr *r, weft_value *val, const weft_value *arg)
{
    if (!wv_truthy(val)) *val = *arg;
    return 0;
}

static int f_default_if_none(wr *r, weft_value *val, const weft_value *arg)
{
    if (val->kind == WEFT_NULL) *val = *arg;
    return 0;
}

static int f_yesno(wr *r, weft_value *val, const weft_value *arg)
{
    weft_value spec;
    if (arg) {
        if (arg->kind != WEFT_STRING)
            return wr_fail(r, WEFT_ERROR_ATTRIBUTE, "'%s' object has no attribute 'split'",
                           wv_type_name(arg));
        spec = *arg;
    } else {
        size_t len;
        /* Translators: Please do not add spaces around commas. */
        const char *s = wd_gettext(r, "yes,no,maybe", &len);
        spec = wv_str(s, len, false);
    }
    const char *bits[3];
    size_t lens[3], n = 0;
    const char *s = spec.u.s, *end = s + spec.len;
    for (;;) {
        const char *comma = memchr(s, ',', (size_t)(end - s));
        if (n < 3) {
            bits[n] = s;
            lens[n] = comma ? (size_t)(comma - s) : (size_t)(end - s);
        }
        n++;
        if (!comma) break;
        s = comma + 1;
    }
    if (n < 2) return 0; /* an invalid argument gives the value back */
    if (n != 3) { /* no "maybe" (or too many parts): None maps like False */
        bits[2] = bits[1];
        lens[2] = lens[1];
    }
    int pick = val->kind == WEFT_NULL ? 2 : wv_truthy(val) ? 0 : 1;
    *val = wv_str(bits[pick], lens[pick], false);
    return 0;
}

/* ---- first, last, length, random -------------------------------------------------- */

/* value[index] for a negative-or-not index: 1 found, 0 IndexError, -1 on a
 * failure (TypeError or KeyError, as Django lets them escape). */
static int item_at(wr *r, const weft_value *v, int64_t index, weft_value *out)
{
    switch (v->kind) {
    case WEFT_LIST:
    case WEFT_TUPLE: {
        int64_t n = v->u.list->len;
        if (index < 0) index += n;
        if (index < 0 || index >= n) return 0;
        *out = v->u.list->items[index];
        return 1;
    }
    case WEFT_STRING: {
        size_t *off, n;
        if (cp_offsets(r, v->u.s, v->len, &off, &n)) return -1;
        if (index < 0) index += (int64_t)n;
        if (index < 0 || index >= (int64_t)n) return 0;
        *out = wv_str(v->u.s + off[index], off[index + 1] - off[index], false);
        return 1;
    }
    case WEFT_DICT: {
        weft_value key = wv_int(index);
        const weft_value *found = wv_dict_get_value(v->u.dict, &key);
        if (!found) return wr_fail(r, WEFT_ERROR_VALUE, "KeyError: %lld", (long long)index);
        *out = *found;
        return 1;
    }
    case WEFT_HOST: {
        const weft_host_ops *ops = v->u.host.ops;
        if (!ops->item) break;
        size_t n = 0;
        if (index < 0) {
            if (!ops->length || ops->length(v->u.host.obj, &n) != WEFT_OK) break;
            index += (int64_t)n;
            if (index < 0) return 0;
        }
        arena *a = wr_arena(r);
        weft_values store = {*a};
        weft_value *item = NULL;
        int rc = ops->item(v->u.host.obj, (size_t)index, &store, &item);
        *a = store.arena;
        if (rc == WEFT_ENOTFOUND) return 0;
        if (rc != WEFT_OK || !item)
            return wr_fail(r, WEFT_ERROR_TYPE, "'%s' object is not subscriptable", wv_type_name(v));
        *out = *item;
        return 1;
    }
    default: break;
    }
    return wr_fail(r, WEFT_ERROR_TYPE, "'%s' object is not subscriptable", wv_type_name(v));
}

static int pick_item(wr *r, weft_value *val, int64_t index)
{
    weft_value out;
    int rc = item_at(r, val, index, &out);
    if (rc < 0) return -1;
    if (rc == 0) return empty(val);
    *val = out;
    return 0;
}

static int f_first(wr *r, weft_value *val, const weft_value *arg) { return pick_item(r, val, 0); }
static int f_last(wr *r, weft_value *val, const weft_value *arg) { return pick_item(r, val, -1); }

/* len(value), or false when the value has no length. */
static bool length_of(const weft_value *v, size_t *n)
{
    switch (v->kind) {
    case WEFT_LIST:
    case WEFT_TUPLE: *n = v->u.list->len; return true;
    case WEFT_DICT: *n = v->u.dict->len; return true;
    case WEFT_STRING: *n = wv_count_code_points(v->u.s, v->len); return true;
    case WEFT_HOST:
        return v->u.host.ops->length && v->u.host.ops->length(v->u.host.obj, n) == WEFT_OK;
    default: return false;
    }
}

static int f_length(wr *r, weft_value *val, const weft_value *arg)
{
    size_t n;
    *val = wv_int(length_of(val, &n) ? (int64_t)n : 0);
    return 0;
}

/* splitmix64: a cheap, good-enough mixer for one pick. */
static uint64_t mix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

static int f_random(wr *r, weft_value *val, const weft_value *arg)
{
    size_t n;
    if (val->kind == WEFT_DICT || !length_of(val, &n))
        return wr_fail(r, WEFT_ERROR_TYPE, "object of type '%s' has no len()", wv_type_name(val));
    if (n == 0) return empty(val);
    /* No process-wide generator: seed from this render (its arena and the
     * value's address) and the monotonic clock. */
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t seed = (uint64_t)(uintptr_t)wr_arena(r) ^ ((uint64_t)(uintptr_t)val << 17) ^
                    ((uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec);
    return pick_item(r, val, (int64_t)(mix64(seed) % n));
}

/* ---- slice ----------------------------------------------------------------------------- */

/* Python's slice.indices(length). */
static void slice_indices(bool has[3], int64_t v[3], int64_t len, int64_t *start, int64_t *stop,
                          int64_t *step)
{
    *step = has[2] ? v[2] : 1;
    bool back = *step < 0;
    int64_t lower = back ? -1 : 0, upper = back ? len - 1 : len;
    if (!has[0]) {
        *start = back ? upper : lower;
    } else {
        *start = v[0] < 0 ? v[0] + len : v[0];
        if (*start < lower) *start = lower;
        if (*start > upper) *start = upper;
    }
    if (!has[1]) {
        *stop = back ? lower : upper;
    } else {
        *stop = v[1] < 0 ? v[1] + len : v[1];
        if (*stop < lower) *stop = lower;
        if (*stop > upper) *stop = upper;
    }
}

static int f_slice(wr *r, weft_value *val, const weft_value *arg)
{
    arena *a = wr_arena(r);
    if (val->kind != WEFT_LIST && val->kind != WEFT_TUPLE && val->kind != WEFT_STRING)
        return 0; /* TypeError: Django gives the value back */
    weft_value spec;
    if (wr_str(r, arg, &spec)) return -1;
    bool has[3] = {false, false, false};
    int64_t v[3] = {0, 0, 0};
    size_t nbits = 0;
    const char *s = spec.u.s, *end = s + spec.len;
    for (;;) {
        const char *colon = memchr(s, ':', (size_t)(end - s));
        size_t len = colon ? (size_t)(colon - s) : (size_t)(end - s);
        if (nbits >= 3) return 0; /* slice() takes at most 3 arguments */
        if (len) {
            wpy_dec d;
            wpy_status st = wpy_int_text(a, s, len, &d);
            if (st == WPY_NO_MEMORY) return wr_oom(r);
            if (st) return 0; /* ValueError: the value back */
            if (!wpy_dec_to_i64(&d, &v[nbits])) /* beyond any length anyway */
                v[nbits] = d.neg ? INT64_MIN / 4 : INT64_MAX / 4;
            has[nbits] = true;
        }
        nbits++;
        if (!colon) break;
        s = colon + 1;
    }
    if (nbits == 1) { /* slice(stop) */
        has[1] = has[0];
        v[1] = v[0];
        has[0] = false;
    }
    if (has[2] && v[2] == 0) return 0; /* ValueError: slice step cannot be zero */

    size_t *off = NULL, n;
    if (val->kind == WEFT_STRING) {
        if (cp_offsets(r, val->u.s, val->len, &off, &n)) return -1;
    } else {
        n = val->u.list->len;
    }
    int64_t start, stop, step;
    slice_indices(has, v, (int64_t)n, &start, &stop, &step);

    if (val->kind == WEFT_STRING) {
        if (step == 1) {
            if (stop < start) stop = start;
            *val = wv_str(val->u.s + off[start], off[stop] - off[start], false);
            return 0;
        }
        buf b;
        wr_buf(r, &b);
        for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step)
            buf_put(&b, val->u.s + off[i], off[i + 1] - off[i]);
        return wr_buf_value(r, &b, false, val);
    }
    wv_list *l = wv_list_new(a, 0);
    if (!l) return wr_oom(r);
    for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step)
        if (!wv_list_push(a, l, &val->u.list->items[i])) return wr_oom(r);
    *val = wv_list_value(l, val->kind == WEFT_TUPLE);
    return 0;
}

/* ---- join --------------------------------------------------------------------------------- */

static void put_conditional_escape(buf *b, const weft_value *v, arena *scratch)
{
    if (wv_is_safe(v)) {
        buf_put(b, v->u.s, v->len);
        return;
    }
    if (v->kind == WEFT_STRING) {
        buf_put_escaped(b, v->u.s, v->len);
        return;
    }
    buf tmp;
    buf_init(&tmp, scratch);
    wv_print(&tmp, v, scratch);
    if (tmp.oom) {
        b->oom = true;
        return;
    }
    buf_put_escaped(b, tmp.data ? tmp.data : "", tmp.len);
}

static int f_join(wr *r, weft_value *val, const weft_value *arg)
{
    const weft_value *items;
    size_t n;
    int rc = iterate(r, val, &items, &n);
    if (rc < 0) return -1;
    if (rc == 0) return 0; /* not iterable: the value back */
    arena *a = wr_arena(r);
    buf b;
    wr_buf(r, &b);
    if (wr_autoescape(r)) {
        buf joiner;
        wr_buf(r, &joiner);
        put_conditional_escape(&joiner, arg, a);
        if (joiner.oom) return wr_oom(r);
        for (size_t i = 0; i < n; i++) {
            if (i) buf_put(&b, joiner.data, joiner.len);
            put_conditional_escape(&b, &items[i], a);
        }
    } else {
        if (arg->kind != WEFT_STRING)
            return wr_fail(r, WEFT_ERROR_ATTRIBUTE, "'%s' object has no attribute 'join'",
                           wv_type_name(arg));
        for (size_t i = 0; i < n; i++)
            if (items[i].kind != WEFT_STRING) return 0; /* TypeError: the value back */
        for (size_t i = 0; i < n; i++) {
            if (i) buf_put(&b, arg->u.s, arg->len);
            buf_put(&b, items[i].u.s, items[i].len);
        }
    }
    return wr_buf_value(r, &b, true, val);
}

/* ---- dictsort, dictsortreversed --------------------------------------------------------------- */

/* Django's _property_resolver(arg) applied to one item: an index or key
 * when arg reads as a number, else a dotted path of keys and attributes.
 * Returns 1, 0 when the item has no such property, -1 on failure. */
static int sort_key(wr *r, const weft_value *item, const weft_value *arg, bool numeric,
                    weft_value *out)
{
    if (numeric) { /* operator.itemgetter(arg) */
        if (arg->kind == WEFT_INT && (item->kind == WEFT_LIST || item->kind == WEFT_TUPLE)) {
            int64_t n = item->u.list->len, i = arg->u.i < 0 ? arg->u.i + n : arg->u.i;
            if (i < 0 || i >= n) return 0;
            *out = item->u.list->items[i];
            return 1;
        }
        if (item->kind == WEFT_DICT) {
            const weft_value *found = wv_dict_get_value(item->u.dict, arg);
            if (!found) return 0;
            *out = *found;
            return 1;
        }
        if (item->kind == WEFT_HOST && arg->kind == WEFT_STRING)
            return wd_resolve_path(r, item, arg->u.s, arg->len, out);
        if (item->kind == WEFT_HOST && arg->kind == WEFT_INT && arg->u.i >= 0) {
            int rc = item_at(r, item, arg->u.i, out);
            return rc;
        }
        return 0;
    }
    weft_value cur = *item;
    const char *s = arg->u.s, *end = s + arg->len;
    for (;;) {
        const char *dot = memchr(s, '.', (size_t)(end - s));
        size_t len = dot ? (size_t)(dot - s) : (size_t)(end - s);
        if (cur.kind == WEFT_DICT) {
            const weft_value *found = wv_dict_get(cur.u.dict, s, len);
            if (!found) return 0;
            cur = *found;
        } else if (cur.kind == WEFT_HOST || cur.kind == WEFT_DATE || cur.kind == WEFT_DATETIME ||
                   cur.kind == WEFT_TIME || cur.kind == WEFT_DURATION) {
            weft_value next;
            int rc = wd_resolve_path(r, &cur, s, len, &next);
            if (rc <= 0) return rc;
            cur = next;
        } else {
            return 0; /* lists and strings take no string keys and have no such attribute */
        }
        if (!dot) break;
        s = dot + 1;
    }
    *out = cur;
    return 1;
}

typedef struct keyed {
    weft_value key;
    weft_value item;
} keyed;

/* A stable merge sort; sets *ok false when two keys do not compare. */
static void merge_sort(keyed *v, keyed *tmp, size_t n, bool reverse, bool *ok)
{
    if (n < 2 || !*ok) return;
    size_t half = n / 2;
    merge_sort(v, tmp, half, reverse, ok);
    merge_sort(v + half, tmp, n - half, reverse, ok);
    if (!*ok) return;
    size_t i = 0, j = half, k = 0;
    while (i < half && j < n) {
        bool cmp_ok;
        /* Take from the right only when it sorts strictly first: stable. */
        int c = reverse ? wv_compare(&v[i].key, &v[j].key, &cmp_ok)
                        : wv_compare(&v[j].key, &v[i].key, &cmp_ok);
        if (!cmp_ok) {
            *ok = false;
            return;
        }
        tmp[k++] = c < 0 ? v[j++] : v[i++];
    }
    while (i < half) tmp[k++] = v[i++];
    while (j < n) tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

static int dictsort(wr *r, weft_value *val, const weft_value *arg, bool reverse)
{
    arena *a = wr_arena(r);
    /* float(arg) succeeds: itemgetter(arg); else a path, private names refused. */
    bool numeric;
    if (arg->kind == WEFT_STRING) {
        double ignored;
        wpy_status st = wpy_float_text(a, arg->u.s, arg->len, &ignored);
        if (st == WPY_NO_MEMORY) return wr_oom(r);
        numeric = st == WPY_OK;
        if (!numeric) {
            if (arg->len == 0 || arg->u.s[0] == '_') return empty(val);
            for (uint32_t i = 0; i + 1 < arg->len; i++)
                if (arg->u.s[i] == '.' && arg->u.s[i + 1] == '_') return empty(val);
        }
    } else if (arg->kind == WEFT_INT || arg->kind == WEFT_BOOL || arg->kind == WEFT_FLOAT ||
               arg->kind == WEFT_DECIMAL) {
        numeric = true;
    } else {
        return empty(val);
    }
    weft_value index = *arg;
    if (arg->kind == WEFT_BOOL) index = wv_int(arg->u.b);

    const weft_value *items;
    size_t n;
    int rc = iterate(r, val, &items, &n);
    if (rc < 0) return -1;
    if (rc == 0) return empty(val);
    keyed *v = arena_alloc(a, (n ? n : 1) * sizeof *v);
    keyed *tmp = arena_alloc(a, (n ? n : 1) * sizeof *tmp);
    if (!v || !tmp) return wr_oom(r);
    for (size_t i = 0; i < n; i++) {
        v[i].item = items[i];
        rc = sort_key(r, &items[i], &index, numeric, &v[i].key);
        if (rc < 0) return -1;
        if (rc == 0) return empty(val);
    }
    bool ok = true;
    merge_sort(v, tmp, n, reverse, &ok);
    if (!ok) return empty(val);
    wv_list *l = wv_list_new(a, (uint32_t)n);
    if (!l) return wr_oom(r);
    for (size_t i = 0; i < n; i++)
        if (!wv_list_push(a, l, &v[i].item)) return wr_oom(r);
    *val = wv_list_value(l, false);
    return 0;
}

static int f_dictsort(wr *r, weft_value *val, const weft_value *arg) { return dictsort(r, val, arg, false); }
static int f_dictsortreversed(wr *r, weft_value *val, const weft_value *arg) { return dictsort(r, val, arg, true); }

/* ---- pprint ---------------------------------------------------------------------------------------- */

/* Python's pprint.pformat(value): width 80, indent 1, dict keys sorted. */
#define PP_WIDTH 80

typedef struct pp {
    wr *r;
    buf *out;
} pp;

/* Sorted dict entries (sort_dicts=True); keys that do not compare keep
 * their order. */
static const wv_entry **sorted_entries(wr *r, const wv_dict *d)
{
    arena *a = wr_arena(r);
    size_t n = d->len;
    keyed *v = arena_alloc(a, (n ? n : 1) * sizeof *v);
    keyed *tmp = arena_alloc(a, (n ? n : 1) * sizeof *tmp);
    const wv_entry **out = arena_alloc(a, (n ? n : 1) * sizeof *out);
    if (!v || !tmp || !out) return NULL;
    for (size_t i = 0; i < n; i++) {
        v[i].key = d->entries[i].key;
        v[i].item = wv_int((int64_t)i);
    }
    bool ok = true;
    merge_sort(v, tmp, n, false, &ok);
    for (size_t i = 0; i < n; i++) out[i] = &d->entries[ok ? v[i].item.u.i : (int64_t)i];
    return out;
}

/* repr() with dicts sorted at every level (pprint's safe_repr). */
static bool pp_repr(wr *r, buf *out, const weft_value *v)
{
    arena *a = wr_arena(r);
    switch (v->kind) {
    case WEFT_LIST:
    case WEFT_TUPLE: {
        bool tuple = v->kind == WEFT_TUPLE;
        buf_putc(out, tuple ? '(' : '[');
        for (uint32_t i = 0; i < v->u.list->len; i++) {
            if (i) buf_puts(out, ", ");
            if (!pp_repr(r, out, &v->u.list->items[i])) return false;
        }
        if (tuple && v->u.list->len == 1) buf_putc(out, ',');
        buf_putc(out, tuple ? ')' : ']');
        return true;
    }
    case WEFT_DICT: {
        const wv_entry **e = sorted_entries(r, v->u.dict);
        if (!e) return false;
        buf_putc(out, '{');
        for (uint32_t i = 0; i < v->u.dict->len; i++) {
            if (i) buf_puts(out, ", ");
            if (!pp_repr(r, out, &e[i]->key)) return false;
            buf_puts(out, ": ");
            if (!pp_repr(r, out, &e[i]->val)) return false;
        }
        buf_putc(out, '}');
        return true;
    }
    default: wv_repr(out, v, a); return !out->oom;
    }
}

static bool pp_format(pp *p, const weft_value *v, int64_t indent, int64_t allowance, int level);

static bool pp_items(pp *p, const weft_value *items, size_t n, int64_t indent, int64_t allowance,
                     int level)
{
    indent += 1;
    for (size_t i = 0; i < n; i++) {
        bool last = i + 1 == n;
        if (i) {
            buf_puts(p->out, ",\n");
            for (int64_t k = 0; k < indent; k++) buf_putc(p->out, ' ');
        }
        if (!pp_format(p, &items[i], indent, last ? allowance : 1, level)) return false;
    }
    return true;
}

/* A long string, cut at line ends and then between words. */
static bool pp_string(pp *p, const weft_value *v, int64_t indent, int64_t allowance, int level)
{
    wr *r = p->r;
    arena *a = wr_arena(r);
    if (v->len == 0) {
        buf_puts(p->out, "''");
        return true;
    }
    if (level == 1) {
        indent += 1;
        allowance += 1;
    }
    int64_t max_width1 = PP_WIDTH - indent, max_width = PP_WIDTH - indent;
    /* chunks as a list of string values, reprs written at the end */
    wv_list *chunks = wv_list_new(a, 4);
    if (!chunks) return false;
    const char *s = v->u.s, *end = s + v->len;
    buf rep;
    buf_init(&rep, a);
    while (s < end) {
        /* one line, keeping its line end (str.splitlines(True) for \n, \r\n, \r) */
        const char *e = s;
        while (e < end && *e != '\n' && *e != '\r') e++;
        if (e < end) e += (*e == '\r' && e + 1 < end && e[1] == '\n') ? 2 : 1;
        bool last_line = e == end;
        if (last_line) max_width1 -= allowance;
        rep.len = 0;
        wv_repr(&rep, &(weft_value){.kind = WEFT_STRING, .len = (uint32_t)(e - s), .u.s = s}, a);
        if (rep.oom) return false;
        if ((int64_t)wv_count_code_points(rep.data, rep.len) <= max_width1) {
            weft_value line = wv_str(s, (size_t)(e - s), false);
            if (!wv_list_push(a, chunks, &line)) return false;
        } else {
            /* parts: runs of non-space followed by spaces (re \S*\s*) */
            int64_t max_width2 = max_width;
            const char *cur = s, *cur_end = s;
            const char *q = s;
            while (q < e) {
                const char *part = q;
                while (q < e && !(*q == ' ' || (*q >= '\t' && *q <= '\r'))) q++;
                while (q < e && (*q == ' ' || (*q >= '\t' && *q <= '\r'))) q++;
                if (q == e && last_line) max_width2 -= allowance;
                rep.len = 0;
                wv_repr(&rep,
                        &(weft_value){.kind = WEFT_STRING, .len = (uint32_t)(q - cur), .u.s = cur},
                        a);
                if (rep.oom) return false;
                if ((int64_t)wv_count_code_points(rep.data, rep.len) > max_width2) {
                    if (cur_end > cur) {
                        weft_value c = wv_str(cur, (size_t)(cur_end - cur), false);
                        if (!wv_list_push(a, chunks, &c)) return false;
                    }
                    cur = part;
                }
                cur_end = q;
            }
            if (cur_end > cur) {
                weft_value c = wv_str(cur, (size_t)(cur_end - cur), false);
                if (!wv_list_push(a, chunks, &c)) return false;
            }
        }
        s = e;
    }
    if (chunks->len == 1) {
        wv_repr(p->out, v, a);
        return true;
    }
    if (level == 1) buf_putc(p->out, '(');
    for (uint32_t i = 0; i < chunks->len; i++) {
        if (i) {
            buf_putc(p->out, '\n');
            for (int64_t k = 0; k < indent; k++) buf_putc(p->out, ' ');
        }
        wv_repr(p->out, &chunks->items[i], a);
    }
    if (level == 1) buf_putc(p->out, ')');
    return true;
}

static bool pp_format(pp *p, const weft_value *v, int64_t indent, int64_t allowance, int level)
{
    arena *a = wr_arena(p->r);
    buf rep;
    buf_init(&rep, a);
    if (!pp_repr(p->r, &rep, v) || rep.oom) return false;
    int64_t max_width = PP_WIDTH - indent - allowance;
    if ((int64_t)wv_count_code_points(rep.data, rep.len) <= max_width) {
        buf_put(p->out, rep.data, rep.len);
        return true;
    }
    switch (v->kind) {
    case WEFT_LIST:
        buf_putc(p->out, '[');
        if (!pp_items(p, v->u.list->items, v->u.list->len, indent, allowance + 1, level + 1))
            return false;
        buf_putc(p->out, ']');
        return true;
    case WEFT_TUPLE: {
        const char *endchar = v->u.list->len == 1 ? ",)" : ")";
        buf_putc(p->out, '(');
        if (!pp_items(p, v->u.list->items, v->u.list->len, indent,
                      allowance + (int64_t)strlen(endchar), level + 1))
            return false;
        buf_puts(p->out, endchar);
        return true;
    }
    case WEFT_DICT: {
        const wv_dict *d = v->u.dict;
        const wv_entry **e = sorted_entries(p->r, d);
        if (!e) return false;
        buf_putc(p->out, '{');
        int64_t inner = indent + 1;
        for (uint32_t i = 0; i < d->len; i++) {
            bool last = i + 1 == d->len;
            buf krep;
            buf_init(&krep, a);
            if (!pp_repr(p->r, &krep, &e[i]->key) || krep.oom) return false;
            buf_put(p->out, krep.data, krep.len);
            buf_puts(p->out, ": ");
            if (!pp_format(p, &e[i]->val, inner + (int64_t)wv_count_code_points(krep.data, krep.len) + 2,
                           last ? allowance + 1 : 1, level + 1))
                return false;
            if (!last) {
                buf_puts(p->out, ",\n");
                for (int64_t k = 0; k < inner; k++) buf_putc(p->out, ' ');
            }
        }
        buf_putc(p->out, '}');
        return true;
    }
    case WEFT_STRING: return pp_string(p, v, indent, allowance, level + 1);
    default: buf_put(p->out, rep.data, rep.len); return true;
    }
}

static int f_pprint(wr *r, weft_value *val, const weft_value *arg)
{
    buf out;
    wr_buf(r, &out);
    pp p = {r, &out};
    if (!pp_format(&p, val, 0, 0, 0) || out.oom) return wr_oom(r);
    return wr_buf_value(r, &out, false, val);
}

const wf_def wd_filters_lists[] = {
    {"default", f_default, WF_ARG_REQUIRED, 0},
    {"default_if_none", f_default_if_none, WF_ARG_REQUIRED, 0},
    {"dictsort", f_dictsort, WF_ARG_REQUIRED, 0},
    {"dictsortreversed", f_dictsortreversed, WF_ARG_REQUIRED, 0},
    {"first", f_first, WF_ARG_NONE, 0},
    {"join", f_join, WF_ARG_REQUIRED, WF_IS_SAFE | WF_NEEDS_AUTOESCAPE},
    {"last", f_last, WF_ARG_NONE, WF_IS_SAFE},
    {"length", f_length, WF_ARG_NONE, 0},
    {"random", f_random, WF_ARG_NONE, WF_IS_SAFE},
    {"slice", f_slice, WF_ARG_REQUIRED, WF_IS_SAFE},
    {"yesno", f_yesno, WF_ARG_OPTIONAL, 0},
    {"pprint", f_pprint, WF_ARG_NONE, WF_IS_SAFE},
    {NULL, NULL, 0, 0},
};
