/* The value representation shared by the whole library. A weft_value is a
 * small tagged union copied by value; strings, lists and dicts point into a
 * store (the host's weft_values, or a render's arena). Values are never
 * modified once they are reachable from a render. */
#ifndef WEFT_VALUE_H
#define WEFT_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "weft.h"
#include "base/arena.h"
#include "base/buf.h"

enum { WV_SAFE = 1 }; /* flags: a string marked safe (SafeString) */

typedef struct wv_list wv_list;
typedef struct wv_dict wv_dict;

/* Date, time and datetime share one layout. tz: 0 naive, 1 offset-aware
 * (offset_min east of UTC). */
typedef struct wv_datetime {
    int16_t year;
    uint8_t month, day;
    uint8_t hour, minute, second;
    uint8_t tz;
    int32_t usec;
    int16_t offset_min;
} wv_datetime;

/* Python's timedelta, normalised: 0 <= seconds < 86400, 0 <= usec < 1e6. */
typedef struct wv_duration {
    int32_t days;
    int32_t seconds;
    int32_t usec;
} wv_duration;

struct weft_value {
    uint8_t kind;  /* weft_kind */
    uint8_t flags; /* WV_SAFE */
    uint16_t reserved;
    uint32_t len;  /* byte length of a STRING or DECIMAL */
    union {
        bool b;
        int64_t i;
        double f;
        const char *s; /* STRING, DECIMAL: not NUL-terminated in general */
        wv_list *list; /* LIST, TUPLE */
        wv_dict *dict;
        wv_datetime dt; /* DATE, DATETIME, TIME */
        wv_duration dur;
        struct {
            const weft_host_ops *ops;
            void *obj;
        } host;
    } u;
};

struct wv_list {
    uint32_t len, cap;
    weft_value *items;
};

typedef struct wv_entry {
    weft_value key;
    weft_value val;
} wv_entry;

struct wv_dict {
    uint32_t len, cap;
    wv_entry *entries;
};

/* Only an arena: code that holds a render's arena may treat it as the
 * weft_values store host callbacks expect (print.c relies on this). */
struct weft_values {
    arena arena;
};

/* Constructors of plain values (no allocation). */
static inline weft_value wv_null(void) { weft_value v = {0}; v.kind = WEFT_NULL; return v; }
static inline weft_value wv_bool(bool b) { weft_value v = {0}; v.kind = WEFT_BOOL; v.u.b = b; return v; }
static inline weft_value wv_int(int64_t i) { weft_value v = {0}; v.kind = WEFT_INT; v.u.i = i; return v; }
static inline weft_value wv_float(double f) { weft_value v = {0}; v.kind = WEFT_FLOAT; v.u.f = f; return v; }
/* s must outlive the value (arena or static memory). */
static inline weft_value wv_str(const char *s, size_t len, bool safe)
{
    weft_value v = {0};
    v.kind = WEFT_STRING;
    v.flags = safe ? WV_SAFE : 0;
    v.len = (uint32_t)len;
    v.u.s = s;
    return v;
}
static inline bool wv_is_safe(const weft_value *v) { return v->kind == WEFT_STRING && (v->flags & WV_SAFE); }
static inline bool wv_is_seq(const weft_value *v) { return v->kind == WEFT_LIST || v->kind == WEFT_TUPLE; }

/* Containers built in an arena. */
wv_list *wv_list_new(arena *a, uint32_t cap);
bool wv_list_push(arena *a, wv_list *l, const weft_value *item);
weft_value wv_list_value(wv_list *l, bool tuple);
wv_dict *wv_dict_new(arena *a, uint32_t cap);
/* Replaces an equal key in place, else appends. */
bool wv_dict_set(arena *a, wv_dict *d, const weft_value *key, const weft_value *val);
/* Byte equality for the short strings keys and names are: two overlapping
 * word loads instead of a call to memcmp, which costs more than the
 * comparison itself at these lengths. */
static inline bool wv_bytes_equal(const char *a, const char *b, size_t n)
{
    if (n >= 8) {
        if (n > 16) return memcmp(a, b, n) == 0;
        uint64_t a0, b0, a1, b1;
        memcpy(&a0, a, 8);
        memcpy(&b0, b, 8);
        memcpy(&a1, a + n - 8, 8);
        memcpy(&b1, b + n - 8, 8);
        return ((a0 ^ b0) | (a1 ^ b1)) == 0;
    }
    if (n >= 4) {
        uint32_t a0, b0, a1, b1;
        memcpy(&a0, a, 4);
        memcpy(&b0, b, 4);
        memcpy(&a1, a + n - 4, 4);
        memcpy(&b1, b + n - 4, 4);
        return ((a0 ^ b0) | (a1 ^ b1)) == 0;
    }
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i]) return false;
    return true;
}

/* Finds a string key; NULL when absent. Template dicts are small: a scan
 * that rejects on length before comparing beats hashing the key. */
static inline const weft_value *wv_dict_get(const wv_dict *d, const char *key, size_t len)
{
    const wv_entry *e = d->entries;
    for (uint32_t i = 0, n = d->len; i < n; i++) {
        const weft_value *k = &e[i].key;
        /* Length, then first byte: most keys of a record differ there. */
        if (k->len == len && k->kind == WEFT_STRING && (!len || k->u.s[0] == key[0]) &&
            wv_bytes_equal(k->u.s, key, len))
            return &e[i].val;
    }
    return NULL;
}
const weft_value *wv_dict_get_value(const wv_dict *d, const weft_value *key);

/* The type name Python's exception messages print for v (the type's
 * tp_name): type(v).__name__, except that the C types of datetime and
 * decimal carry their module ("datetime.date", "decimal.Decimal"), as in
 * "'datetime.date' object is not iterable". A safe string is a SafeString;
 * a host object has its ops' type_name, or "object". */
const char *wv_type_name(const weft_value *v);

/* The number of code points in UTF-8 text (Python's len() of a str). */
static inline size_t wv_count_code_points(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* Python truthiness. Host objects without a truthy hook are true. */
bool wv_truthy(const weft_value *v);
/* Python ==, for the kinds templates compare. */
bool wv_equal(const weft_value *a, const weft_value *b);
/* Python <: sets *ok false when the kinds cannot be ordered (TypeError). */
int wv_compare(const weft_value *a, const weft_value *b, bool *ok);
/* Python `a in b`: sets *ok false when b is not a container. */
bool wv_contains(const weft_value *container, const weft_value *item, bool *ok);

/* Appends Python's str(v) to out. Strings are appended as they are. */
void wv_print(buf *out, const weft_value *v, arena *scratch);
/* Appends Python's repr(v) (used inside containers). */
void wv_repr(buf *out, const weft_value *v, arena *scratch);
/* An integer in decimal, without printf. */
void wv_print_int(buf *out, int64_t i);
/* Python's repr(float), the shortest text that reads back exactly. */
void wv_print_float(buf *out, double d);

/* Python's str(v) as a string value: strings come back unchanged (no copy),
 * other kinds are printed into a. Returns false when out of memory. */
bool wv_to_str(arena *a, const weft_value *v, weft_value *out);

#endif
