/* Containers, the public value builders, and Python's truthiness,
 * comparison and membership for weft values. */
#include "value.h"
#include "decimal.h"

#include "base/tz.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

wv_list *wv_list_new(arena *a, uint32_t cap)
{
    wv_list *l = arena_alloc(a, sizeof *l);
    if (!l) return NULL;
    l->len = 0;
    l->cap = cap;
    l->items = NULL;
    if (cap && !(l->items = arena_alloc(a, cap * sizeof *l->items))) return NULL;
    return l;
}

bool wv_list_push(arena *a, wv_list *l, const weft_value *item)
{
    if (l->len == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 4;
        weft_value *items =
            arena_realloc(a, l->items, l->cap * sizeof *items, (size_t)cap * sizeof *items);
        if (!items) return false;
        l->items = items;
        l->cap = cap;
    }
    l->items[l->len++] = *item;
    return true;
}

weft_value wv_list_value(wv_list *l, bool tuple)
{
    weft_value v = {0};
    v.kind = tuple ? WEFT_TUPLE : WEFT_LIST;
    v.u.list = l;
    return v;
}

wv_dict *wv_dict_new(arena *a, uint32_t cap)
{
    wv_dict *d = arena_alloc(a, sizeof *d);
    if (!d) return NULL;
    d->len = 0;
    d->cap = cap;
    d->entries = NULL;
    if (cap && !(d->entries = arena_alloc(a, cap * sizeof *d->entries))) return NULL;
    return d;
}

const weft_value *wv_dict_get_value(const wv_dict *d, const weft_value *key)
{
    for (uint32_t i = 0; i < d->len; i++)
        if (wv_equal(&d->entries[i].key, key)) return &d->entries[i].val;
    return NULL;
}

bool wv_dict_set(arena *a, wv_dict *d, const weft_value *key, const weft_value *val)
{
    for (uint32_t i = 0; i < d->len; i++) {
        if (wv_equal(&d->entries[i].key, key)) {
            d->entries[i].val = *val;
            return true;
        }
    }
    if (d->len == d->cap) {
        uint32_t cap = d->cap ? d->cap * 2 : 4;
        wv_entry *e =
            arena_realloc(a, d->entries, d->cap * sizeof *e, (size_t)cap * sizeof *e);
        if (!e) return false;
        d->entries = e;
        d->cap = cap;
    }
    d->entries[d->len].key = *key;
    d->entries[d->len].val = *val;
    d->len++;
    return true;
}

/* ---- Python semantics ---------------------------------------------- */

const char *wv_type_name(const weft_value *v)
{
    switch ((weft_kind)v->kind) {
    case WEFT_NULL: return "NoneType";
    case WEFT_BOOL: return "bool";
    case WEFT_INT: return "int";
    case WEFT_FLOAT: return "float";
    case WEFT_STRING: return wv_is_safe(v) ? "SafeString" : "str";
    case WEFT_LIST: return "list";
    case WEFT_TUPLE: return "tuple";
    case WEFT_DICT: return "dict";
    case WEFT_DATE: return "datetime.date";
    case WEFT_DATETIME: return "datetime.datetime";
    case WEFT_TIME: return "datetime.time";
    case WEFT_DURATION: return "datetime.timedelta";
    case WEFT_DECIMAL: return "decimal.Decimal";
    case WEFT_HOST: return v->u.host.ops && v->u.host.ops->type_name ? v->u.host.ops->type_name : "object";
    }
    return "object";
}

static bool decimal_is_zero(const weft_value *v)
{
    for (uint32_t i = 0; i < v->len; i++) {
        char c = v->u.s[i];
        if (c >= '1' && c <= '9') return false;
        if (c == 'e' || c == 'E') break;
        if (c == 'N' || c == 'n' || c == 'I' || c == 'i') return false; /* NaN, Infinity */
    }
    return true;
}

bool wv_truthy(const weft_value *v)
{
    switch ((weft_kind)v->kind) {
    case WEFT_NULL: return false;
    case WEFT_BOOL: return v->u.b;
    case WEFT_INT: return v->u.i != 0;
    case WEFT_FLOAT: return v->u.f != 0.0;
    case WEFT_STRING: return v->len != 0;
    case WEFT_LIST:
    case WEFT_TUPLE: return v->u.list->len != 0;
    case WEFT_DICT: return v->u.dict->len != 0;
    case WEFT_DURATION: return v->u.dur.days || v->u.dur.seconds || v->u.dur.usec;
    case WEFT_DECIMAL: return !decimal_is_zero(v);
    case WEFT_HOST:
        if (v->u.host.ops->truthy) {
            bool b = true;
            if (v->u.host.ops->truthy(v->u.host.obj, &b) == WEFT_OK) return b;
        }
        if (v->u.host.ops->length) {
            size_t n;
            if (v->u.host.ops->length(v->u.host.obj, &n) == WEFT_OK) return n != 0;
        }
        return true;
    case WEFT_DATE:
    case WEFT_DATETIME:
    case WEFT_TIME: return true;
    }
    return true;
}

static bool is_number(const weft_value *v)
{
    return v->kind == WEFT_BOOL || v->kind == WEFT_INT || v->kind == WEFT_FLOAT ||
           v->kind == WEFT_DECIMAL;
}

static double number_of(const weft_value *v)
{
    switch (v->kind) {
    case WEFT_BOOL: return v->u.b;
    case WEFT_INT: return (double)v->u.i;
    case WEFT_FLOAT: return v->u.f;
    case WEFT_DECIMAL: {
        char tmp[64];
        size_t n = v->len < sizeof tmp - 1 ? v->len : sizeof tmp - 1;
        memcpy(tmp, v->u.s, n);
        tmp[n] = '\0';
        return strtod(tmp, NULL);
    }
    default: return 0;
    }
}

static bool is_date_kind(int k) { return k == WEFT_DATE || k == WEFT_DATETIME || k == WEFT_TIME; }

/* Seconds since an arbitrary origin, for ordering dates and datetimes. An
 * aware datetime is moved to UTC; Python refuses to compare naive with aware,
 * which callers see through `comparable`. */
static void date_key(const weft_value *v, int64_t *sec, int32_t *usec)
{
    const wv_datetime *t = &v->u.dt;
    int64_t days = v->kind == WEFT_TIME ? 0 : wtz_days_from_civil(t->year, t->month, t->day);
    int64_t s = days * 86400;
    if (v->kind != WEFT_DATE) s += t->hour * 3600 + t->minute * 60 + t->second;
    if (v->kind == WEFT_DATETIME && t->tz) s -= (int64_t)t->offset_min * 60;
    *sec = s;
    *usec = v->kind == WEFT_DATE ? 0 : t->usec;
}

bool wv_equal(const weft_value *a, const weft_value *b)
{
    if (is_number(a) && is_number(b)) {
        if (a->kind != WEFT_FLOAT && a->kind != WEFT_DECIMAL && b->kind != WEFT_FLOAT &&
            b->kind != WEFT_DECIMAL) {
            int64_t x = a->kind == WEFT_BOOL ? a->u.b : a->u.i;
            int64_t y = b->kind == WEFT_BOOL ? b->u.b : b->u.i;
            return x == y;
        }
        return number_of(a) == number_of(b);
    }
    if (a->kind != b->kind) return false;
    switch ((weft_kind)a->kind) {
    case WEFT_NULL: return true;
    case WEFT_STRING: return a->len == b->len && memcmp(a->u.s, b->u.s, a->len) == 0;
    case WEFT_LIST:
    case WEFT_TUPLE:
        if (a->u.list->len != b->u.list->len) return false;
        for (uint32_t i = 0; i < a->u.list->len; i++)
            if (!wv_equal(&a->u.list->items[i], &b->u.list->items[i])) return false;
        return true;
    case WEFT_DICT:
        if (a->u.dict->len != b->u.dict->len) return false;
        for (uint32_t i = 0; i < a->u.dict->len; i++) {
            const weft_value *other = wv_dict_get_value(b->u.dict, &a->u.dict->entries[i].key);
            if (!other || !wv_equal(&a->u.dict->entries[i].val, other)) return false;
        }
        return true;
    case WEFT_DATE:
    case WEFT_DATETIME:
    case WEFT_TIME: {
        if (a->kind == WEFT_DATETIME && a->u.dt.tz != b->u.dt.tz) return false;
        int64_t sa, sb;
        int32_t ua, ub;
        date_key(a, &sa, &ua);
        date_key(b, &sb, &ub);
        return sa == sb && ua == ub;
    }
    case WEFT_DURATION:
        return a->u.dur.days == b->u.dur.days && a->u.dur.seconds == b->u.dur.seconds &&
               a->u.dur.usec == b->u.dur.usec;
    case WEFT_HOST: return a->u.host.obj == b->u.host.obj;
    default: return false;
    }
}

static int cmp3(double x, double y) { return x < y ? -1 : x > y ? 1 : 0; }

int wv_compare(const weft_value *a, const weft_value *b, bool *ok)
{
    *ok = true;
    if (is_number(a) && is_number(b)) {
        if (a->kind == WEFT_INT && b->kind == WEFT_INT)
            return a->u.i < b->u.i ? -1 : a->u.i > b->u.i;
        return cmp3(number_of(a), number_of(b));
    }
    if (a->kind == WEFT_STRING && b->kind == WEFT_STRING) {
        size_t n = a->len < b->len ? a->len : b->len;
        int c = memcmp(a->u.s, b->u.s, n);
        if (c) return c < 0 ? -1 : 1;
        return a->len < b->len ? -1 : a->len > b->len;
    }
    if (a->kind == b->kind && (a->kind == WEFT_LIST || a->kind == WEFT_TUPLE)) {
        const wv_list *x = a->u.list, *y = b->u.list;
        for (uint32_t i = 0; i < x->len && i < y->len; i++) {
            if (wv_equal(&x->items[i], &y->items[i])) continue;
            return wv_compare(&x->items[i], &y->items[i], ok);
        }
        return x->len < y->len ? -1 : x->len > y->len;
    }
    if (a->kind == b->kind && is_date_kind(a->kind)) {
        if (a->kind == WEFT_DATETIME && a->u.dt.tz != b->u.dt.tz) {
            *ok = false;
            return 0;
        }
        int64_t sa, sb;
        int32_t ua, ub;
        date_key(a, &sa, &ua);
        date_key(b, &sb, &ub);
        if (sa != sb) return sa < sb ? -1 : 1;
        return ua < ub ? -1 : ua > ub;
    }
    if (a->kind == WEFT_DURATION && b->kind == WEFT_DURATION) {
        int64_t x = (int64_t)a->u.dur.days * 86400 + a->u.dur.seconds;
        int64_t y = (int64_t)b->u.dur.days * 86400 + b->u.dur.seconds;
        if (x != y) return x < y ? -1 : 1;
        return a->u.dur.usec < b->u.dur.usec ? -1 : a->u.dur.usec > b->u.dur.usec;
    }
    *ok = false;
    return 0;
}

bool wv_contains(const weft_value *container, const weft_value *item, bool *ok)
{
    *ok = true;
    switch (container->kind) {
    case WEFT_LIST:
    case WEFT_TUPLE:
        for (uint32_t i = 0; i < container->u.list->len; i++)
            if (wv_equal(&container->u.list->items[i], item)) return true;
        return false;
    case WEFT_DICT: return wv_dict_get_value(container->u.dict, item) != NULL;
    case WEFT_STRING: {
        if (item->kind != WEFT_STRING) {
            *ok = false;
            return false;
        }
        if (item->len == 0) return true;
        if (item->len > container->len) return false;
        for (size_t i = 0; i + item->len <= container->len; i++)
            if (memcmp(container->u.s + i, item->u.s, item->len) == 0) return true;
        return false;
    }
    default: *ok = false; return false;
    }
}

/* ---- public builders ------------------------------------------------ */

weft_values *weft_values_new(void)
{
    weft_values *s = malloc(sizeof *s);
    if (s) arena_init(&s->arena);
    return s;
}

void weft_values_free(weft_values *store)
{
    if (!store) return;
    arena_free(&store->arena);
    free(store);
}

static weft_value *store_value(weft_values *store, weft_value v)
{
    weft_value *p = arena_alloc(&store->arena, sizeof *p);
    if (p) *p = v;
    return p;
}

weft_value *weft_value_null(weft_values *s) { return store_value(s, wv_null()); }
weft_value *weft_value_bool(weft_values *s, bool b) { return store_value(s, wv_bool(b)); }
weft_value *weft_value_int(weft_values *s, int64_t i) { return store_value(s, wv_int(i)); }
weft_value *weft_value_float(weft_values *s, double d) { return store_value(s, wv_float(d)); }

static weft_value *store_string(weft_values *s, const char *str, size_t len, bool safe)
{
    if (len > UINT32_MAX) return NULL;
    char *copy = arena_strndup(&s->arena, str, len);
    return copy ? store_value(s, wv_str(copy, len, safe)) : NULL;
}

weft_value *weft_value_string(weft_values *s, const char *str, size_t len)
{
    return store_string(s, str, len, false);
}

weft_value *weft_value_safe_string(weft_values *s, const char *str, size_t len)
{
    return store_string(s, str, len, true);
}

weft_value *weft_value_decimal(weft_values *s, const char *text, size_t len)
{
    /* Kept as str(Decimal(text)), the text every print of it shows;
     * text Python would refuse is kept as given. */
    wpy_dec d;
    buf canonical;
    buf_init(&canonical, &s->arena);
    if (wpy_dec_parse(&s->arena, text, len, &d) == 1) {
        wpy_dec_put_str(&canonical, &d);
        if (canonical.oom) return NULL;
        text = canonical.data;
        len = canonical.len;
    }
    weft_value *v = store_string(s, text, len, false);
    if (v) v->kind = WEFT_DECIMAL;
    return v;
}

static weft_value *store_list(weft_values *s, bool tuple)
{
    wv_list *l = wv_list_new(&s->arena, 0);
    return l ? store_value(s, wv_list_value(l, tuple)) : NULL;
}

weft_value *weft_value_list(weft_values *s) { return store_list(s, false); }
weft_value *weft_value_tuple(weft_values *s) { return store_list(s, true); }

weft_value *weft_value_dict(weft_values *s)
{
    wv_dict *d = wv_dict_new(&s->arena, 0);
    if (!d) return NULL;
    weft_value v = {0};
    v.kind = WEFT_DICT;
    v.u.dict = d;
    return store_value(s, v);
}

static weft_value dt_value(weft_kind kind, int y, int mo, int d, int h, int mi, int sec, int us)
{
    weft_value v = {0};
    v.kind = (uint8_t)kind;
    v.u.dt.year = (int16_t)y;
    v.u.dt.month = (uint8_t)mo;
    v.u.dt.day = (uint8_t)d;
    v.u.dt.hour = (uint8_t)h;
    v.u.dt.minute = (uint8_t)mi;
    v.u.dt.second = (uint8_t)sec;
    v.u.dt.usec = us;
    return v;
}

static bool valid_date(int y, int m, int d)
{
    static const uint8_t mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && d == 29 && !leap);
}

static bool valid_time(int h, int mi, int s, int us)
{
    return h >= 0 && h < 24 && mi >= 0 && mi < 60 && s >= 0 && s < 60 && us >= 0 && us < 1000000;
}

weft_value *weft_value_date(weft_values *s, int y, int m, int d)
{
    if (!valid_date(y, m, d)) return NULL;
    return store_value(s, dt_value(WEFT_DATE, y, m, d, 0, 0, 0, 0));
}

weft_value *weft_value_datetime(weft_values *s, int y, int m, int d, int h, int mi, int sec,
                                int us, bool has_offset, int offset_minutes)
{
    if (!valid_date(y, m, d) || !valid_time(h, mi, sec, us)) return NULL;
    if (has_offset && (offset_minutes <= -24 * 60 || offset_minutes >= 24 * 60)) return NULL;
    weft_value v = dt_value(WEFT_DATETIME, y, m, d, h, mi, sec, us);
    v.u.dt.tz = has_offset;
    v.u.dt.offset_min = (int16_t)(has_offset ? offset_minutes : 0);
    return store_value(s, v);
}

weft_value *weft_value_time(weft_values *s, int h, int mi, int sec, int us)
{
    if (!valid_time(h, mi, sec, us)) return NULL;
    return store_value(s, dt_value(WEFT_TIME, 0, 1, 1, h, mi, sec, us));
}

weft_value *weft_value_duration(weft_values *s, int64_t days, int64_t seconds, int64_t usec)
{
    /* Normalise as timedelta does: carry microseconds into seconds and
     * seconds into days, leaving both remainders non-negative. */
    int64_t carry = usec / 1000000;
    usec %= 1000000;
    if (usec < 0) usec += 1000000, carry--;
    seconds += carry;
    carry = seconds / 86400;
    seconds %= 86400;
    if (seconds < 0) seconds += 86400, carry--;
    days += carry;
    if (days < -999999999 || days > 999999999) return NULL;
    weft_value v = {0};
    v.kind = WEFT_DURATION;
    v.u.dur.days = (int32_t)days;
    v.u.dur.seconds = (int32_t)seconds;
    v.u.dur.usec = (int32_t)usec;
    return store_value(s, v);
}

weft_value *weft_value_host(weft_values *s, const weft_host_ops *ops, void *obj)
{
    if (!ops) return NULL;
    weft_value v = {0};
    v.kind = WEFT_HOST;
    v.u.host.ops = ops;
    v.u.host.obj = obj;
    return store_value(s, v);
}

int weft_list_append(weft_values *s, weft_value *list, const weft_value *item)
{
    if (!list || !item || !wv_is_seq(list)) return WEFT_EINVAL;
    return wv_list_push(&s->arena, list->u.list, item) ? WEFT_OK : WEFT_ENOMEM;
}

int weft_dict_set_value(weft_values *s, weft_value *dict, const weft_value *key,
                        const weft_value *val)
{
    if (!dict || !key || !val || dict->kind != WEFT_DICT) return WEFT_EINVAL;
    return wv_dict_set(&s->arena, dict->u.dict, key, val) ? WEFT_OK : WEFT_ENOMEM;
}

int weft_dict_set(weft_values *s, weft_value *dict, const char *key, size_t key_len,
                  const weft_value *val)
{
    if (!dict || !key || dict->kind != WEFT_DICT || key_len > UINT32_MAX) return WEFT_EINVAL;
    char *copy = arena_strndup(&s->arena, key, key_len);
    if (!copy) return WEFT_ENOMEM;
    weft_value k = wv_str(copy, key_len, false);
    return weft_dict_set_value(s, dict, &k, val);
}

weft_kind weft_value_kind(const weft_value *v) { return v ? (weft_kind)v->kind : WEFT_NULL; }
