/* Python's str() and repr() of weft values: Django's output depends on them
 * ({{ 1.5 }}, {{ some_list }}, the default of filters that coerce to text). */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "numprint.h"
#include "value.h"

/* The common case without printf: zero, or a value with at most 15
 * significant digits and a few decimals (prices, measures). */
static bool print_float_fast(buf *out, double d)
{
    uint64_t u;
    int k;
    if (!wpy_float_repr_fixed(d, &u, &k)) return false;
    while (k >= 4 && u % 10000 == 0) {
        u /= 10000;
        k -= 4;
    }
    while (k > 0 && u % 10 == 0) {
        u /= 10;
        k--;
    }
    char digits[24];
    char *p = digits + sizeof digits;
    int written = 0;
    /* At least k + 1 digits, so that 0.05 keeps its leading zero. */
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
        written++;
    } while (u || written <= k);
    size_t len = (size_t)(digits + sizeof digits - p);
    if (signbit(d)) buf_putc(out, '-');
    buf_put(out, p, len - (size_t)k);
    buf_putc(out, '.');
    if (k) buf_put(out, p + len - (size_t)k, (size_t)k);
    else buf_putc(out, '0');
    return true;
}

void wv_print_float(buf *out, double d)
{
    if (isnan(d)) {
        buf_puts(out, "nan");
        return;
    }
    if (isinf(d)) {
        buf_puts(out, d < 0 ? "-inf" : "inf");
        return;
    }
    if (print_float_fast(out, d)) return;
    /* The shortest digit string that reads back to d (Python's repr). Any
     * decimal of at most 15 significant digits survives the trip through a
     * double, so when 15 digits read back, the shortest form is those
     * digits without trailing zeros; otherwise 16, else 17, digits do. */
    char digits[32];
    /* Subnormals carry fewer digits, so their search starts from one. */
    for (int prec = fabs(d) < DBL_MIN ? 1 : 15; prec <= 17; prec++) {
        snprintf(digits, sizeof digits, "%.*e", prec - 1, d);
        if (prec == 17 || strtod(digits, NULL) == d) break;
    }
    /* digits is "-D.DDDDe+XX": split mantissa digits and exponent. */
    char mant[20];
    size_t nm = 0;
    const char *p = digits;
    bool neg = *p == '-';
    if (neg) p++;
    for (; *p && *p != 'e'; p++)
        if (*p != '.') mant[nm++] = *p;
    int exp10 = atoi(p + 1); /* value = 0.mant * 10^(exp10+1) */
    while (nm > 1 && mant[nm - 1] == '0') nm--;
    if (neg) buf_putc(out, '-');
    int point = exp10 + 1; /* digits before the decimal point */
    if (exp10 >= -4 && exp10 < 16) {
        if (point <= 0) {
            buf_puts(out, "0.");
            for (int i = 0; i < -point; i++) buf_putc(out, '0');
            buf_put(out, mant, nm);
        } else if ((size_t)point >= nm) {
            buf_put(out, mant, nm);
            for (size_t i = nm; i < (size_t)point; i++) buf_putc(out, '0');
            buf_puts(out, ".0");
        } else {
            buf_put(out, mant, (size_t)point);
            buf_putc(out, '.');
            buf_put(out, mant + point, nm - (size_t)point);
        }
    } else {
        buf_putc(out, mant[0]);
        if (nm > 1) {
            buf_putc(out, '.');
            buf_put(out, mant + 1, nm - 1);
        }
        buf_printf(out, "e%c%02d", exp10 < 0 ? '-' : '+', abs(exp10));
    }
}

void wv_print_int(buf *out, int64_t i)
{
    char digits[24];
    char *p = digits + sizeof digits;
    /* Negate in unsigned arithmetic: INT64_MIN has no positive twin. */
    uint64_t u = i < 0 ? 0 - (uint64_t)i : (uint64_t)i;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (i < 0) *--p = '-';
    buf_put(out, p, (size_t)(digits + sizeof digits - p));
}

static void print_date(buf *out, const wv_datetime *t)
{
    buf_printf(out, "%04d-%02u-%02u", t->year, t->month, t->day);
}

static void print_time(buf *out, const wv_datetime *t)
{
    buf_printf(out, "%02u:%02u:%02u", t->hour, t->minute, t->second);
    if (t->usec) buf_printf(out, ".%06d", (int)t->usec);
}

static void print_offset(buf *out, int minutes)
{
    char sign = minutes < 0 ? '-' : '+';
    if (minutes < 0) minutes = -minutes;
    buf_printf(out, "%c%02d:%02d", sign, minutes / 60, minutes % 60);
}

static void print_duration(buf *out, const wv_duration *d)
{
    if (d->days) buf_printf(out, "%d day%s, ", (int)d->days, (d->days == 1 || d->days == -1) ? "" : "s");
    int s = d->seconds;
    buf_printf(out, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    if (d->usec) buf_printf(out, ".%06d", (int)d->usec);
}

/* Python's repr of a str: single quotes unless the text has a single quote
 * and no double quote. */
static void repr_string(buf *out, const char *s, size_t len)
{
    bool has_single = memchr(s, '\'', len) != NULL;
    bool has_double = memchr(s, '"', len) != NULL;
    char q = has_single && !has_double ? '"' : '\'';
    buf_putc(out, q);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == (unsigned char)q || c == '\\') {
            buf_putc(out, '\\');
            buf_putc(out, (char)c);
        } else if (c == '\n') {
            buf_puts(out, "\\n");
        } else if (c == '\r') {
            buf_puts(out, "\\r");
        } else if (c == '\t') {
            buf_puts(out, "\\t");
        } else if (c < 0x20 || c == 0x7f) {
            buf_printf(out, "\\x%02x", c);
        } else if (c < 0x80) {
            buf_putc(out, (char)c);
        } else {
            /* Python escapes what it does not consider printable: other
             * and separator categories, except the plain space. */
            int32_t cp;
            size_t n = wb_utf8_decode(s + i, len - i, &cp);
            if (!n) {
                buf_printf(out, "\\x%02x", c);
                continue;
            }
            if (wb_utf8_is_printable(cp)) buf_put(out, s + i, n);
            else if (cp < 0x100) buf_printf(out, "\\x%02x", (unsigned)cp);
            else if (cp < 0x10000) buf_printf(out, "\\u%04x", (unsigned)cp);
            else buf_printf(out, "\\U%08x", (unsigned)cp);
            i += n - 1;
        }
    }
    buf_putc(out, q);
}

/* str(obj) of a host object, as the host gives it (a string, possibly
 * safe), or NULL when it gives none. */
static const weft_value *host_str(const weft_value *v, arena *scratch)
{
    const weft_host_ops *ops = v->u.host.ops;
    if (!ops->to_string || !scratch) return NULL;
    /* A store is an arena and nothing else, so the arena is the store the
     * host builds its string in. */
    weft_values *store = (weft_values *)(void *)scratch;
    weft_value *s = NULL;
    int rc = ops->to_string(v->u.host.obj, store, &s);
    return rc == WEFT_OK && s && s->kind == WEFT_STRING ? s : NULL;
}

static void print_host(buf *out, const weft_value *v, arena *scratch)
{
    const weft_value *s = host_str(v, scratch);
    if (s) {
        buf_put(out, s->u.s, s->len);
        return;
    }
    const weft_host_ops *ops = v->u.host.ops;
    buf_printf(out, "<%s object>", ops->type_name ? ops->type_name : "host");
}

void wv_repr(buf *out, const weft_value *v, arena *scratch)
{
    switch ((weft_kind)v->kind) {
    case WEFT_STRING: repr_string(out, v->u.s, v->len); return;
    case WEFT_DATE:
        buf_printf(out, "datetime.date(%d, %u, %u)", v->u.dt.year, v->u.dt.month, v->u.dt.day);
        return;
    case WEFT_DECIMAL:
        buf_puts(out, "Decimal('");
        buf_put(out, v->u.s, v->len);
        buf_puts(out, "')");
        return;
    case WEFT_LIST:
    case WEFT_TUPLE: {
        const wv_list *l = v->u.list;
        bool tuple = v->kind == WEFT_TUPLE;
        buf_putc(out, tuple ? '(' : '[');
        for (uint32_t i = 0; i < l->len; i++) {
            if (i) buf_puts(out, ", ");
            wv_repr(out, &l->items[i], scratch);
        }
        if (tuple && l->len == 1) buf_putc(out, ',');
        buf_putc(out, tuple ? ')' : ']');
        return;
    }
    case WEFT_DICT: {
        const wv_dict *d = v->u.dict;
        buf_putc(out, '{');
        for (uint32_t i = 0; i < d->len; i++) {
            if (i) buf_puts(out, ", ");
            wv_repr(out, &d->entries[i].key, scratch);
            buf_puts(out, ": ");
            wv_repr(out, &d->entries[i].val, scratch);
        }
        buf_putc(out, '}');
        return;
    }
    default: wv_print(out, v, scratch); return;
    }
}

void wv_print(buf *out, const weft_value *v, arena *scratch)
{
    switch ((weft_kind)v->kind) {
    case WEFT_NULL: buf_puts(out, "None"); return;
    case WEFT_BOOL: buf_puts(out, v->u.b ? "True" : "False"); return;
    case WEFT_INT: wv_print_int(out, v->u.i); return;
    case WEFT_FLOAT: wv_print_float(out, v->u.f); return;
    case WEFT_STRING:
    case WEFT_DECIMAL: buf_put(out, v->u.s, v->len); return;
    case WEFT_LIST:
    case WEFT_TUPLE:
    case WEFT_DICT: wv_repr(out, v, scratch); return;
    case WEFT_DATE: print_date(out, &v->u.dt); return;
    case WEFT_DATETIME:
        print_date(out, &v->u.dt);
        buf_putc(out, ' ');
        print_time(out, &v->u.dt);
        if (v->u.dt.tz) print_offset(out, v->u.dt.offset_min);
        return;
    case WEFT_TIME: print_time(out, &v->u.dt); return;
    case WEFT_DURATION: print_duration(out, &v->u.dur); return;
    case WEFT_HOST: print_host(out, v, scratch); return;
    }
}

bool wv_to_str(arena *a, const weft_value *v, weft_value *out)
{
    if (v->kind == WEFT_STRING) {
        *out = *v;
        return true;
    }
    if (v->kind == WEFT_HOST) {
        /* A host's str() keeps its safety (a SafeString __str__). */
        const weft_value *s = host_str(v, a);
        if (s) {
            *out = *s;
            return true;
        }
    }
    buf b;
    buf_init(&b, a);
    wv_print(&b, v, a);
    if (b.oom) return false;
    *out = wv_str(b.len ? b.data : "", b.len, false);
    return true;
}
