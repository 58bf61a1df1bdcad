/* Python's `fmt % value` (see percent.h), conversion by conversion as
 * CPython's PyUnicode_Format does it: flags, width and precision (or '*'),
 * then s, r, a, c, the integer and the float conversions. */
#include "percent.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/utf8.h"

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

enum { F_LJUST = 1, F_SIGN = 2, F_BLANK = 4, F_ALT = 8, F_ZERO = 16 };

typedef struct fmt_spec {
    int flags;
    int64_t width; /* -1: none */
    int64_t prec;  /* -1: none */
    char conv;
} fmt_spec;

typedef struct fmt_args {
    const weft_value *args;
    int64_t argidx, arglen; /* Python's bookkeeping: a lone argument has -2, -1 */
    bool mapping;
} fmt_args;

/* Widths and precisions beyond this are Python's MemoryError in effect. */
#define FMT_MAX_PAD ((int64_t)1 << 26)

static const weft_value *next_arg(fmt_args *fa)
{
    if (fa->argidx >= fa->arglen) return NULL;
    int64_t i = fa->argidx++;
    if (fa->arglen < 0) return fa->args;
    return &fa->args->u.list->items[i];
}

static size_t count_cps(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) n++;
    return n;
}

/* Byte length of the first n code points of s. */
static size_t cps_prefix(const char *s, size_t len, int64_t n)
{
    size_t i = 0;
    for (; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && n-- == 0) break;
    return i;
}

static void put_fill(buf *out, char c, int64_t n)
{
    for (int64_t i = 0; i < n; i++) buf_putc(out, c);
}

/* Writes a number as Python pads it: the sign and prefix, then zeros when
 * the '0' flag asks for them, or spaces on the left or right. */
static void put_number(buf *out, const fmt_spec *sp, const char *sign, const char *prefix,
                       const char *body, size_t body_len)
{
    int64_t len = (int64_t)(strlen(sign) + strlen(prefix) + body_len);
    int64_t pad = sp->width > len ? sp->width - len : 0;
    if (!(sp->flags & F_LJUST) && !(sp->flags & F_ZERO)) put_fill(out, ' ', pad);
    buf_puts(out, sign);
    buf_puts(out, prefix);
    if (!(sp->flags & F_LJUST) && (sp->flags & F_ZERO)) put_fill(out, '0', pad);
    buf_put(out, body, body_len);
    if (sp->flags & F_LJUST) put_fill(out, ' ', pad);
}

static void put_text(buf *out, const fmt_spec *sp, const char *s, size_t len)
{
    if (sp->prec >= 0) len = cps_prefix(s, len, sp->prec);
    int64_t n = (int64_t)count_cps(s, len);
    int64_t pad = sp->width > n ? sp->width - n : 0;
    if (!(sp->flags & F_LJUST)) put_fill(out, ' ', pad);
    buf_put(out, s, len);
    if (sp->flags & F_LJUST) put_fill(out, ' ', pad);
}

static const char *sign_of(bool neg, const fmt_spec *sp)
{
    if (neg) return "-";
    if (sp->flags & F_SIGN) return "+";
    if (sp->flags & F_BLANK) return " ";
    return "";
}

/* repr() with non-ASCII characters escaped: Python's ascii(). */
static void put_ascii(buf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t n = wb_utf8_decode(s + i, len - i, &cp);
        if (!n) {
            cp = (unsigned char)s[i];
            n = 1;
        }
        if (cp < 0x80) buf_putc(out, (char)cp);
        else if (cp < 0x100) buf_printf(out, "\\x%02x", (unsigned)cp);
        else if (cp < 0x10000) buf_printf(out, "\\u%04x", (unsigned)cp);
        else buf_printf(out, "\\U%08x", (unsigned)cp);
        i += n;
    }
}

static wpy_status format_text(arena *a, buf *out, const fmt_spec *sp, const weft_value *v)
{
    buf tmp;
    buf_init(&tmp, a);
    if (sp->conv == 's') {
        if (v->kind == WEFT_STRING) {
            put_text(out, sp, v->u.s, v->len);
            return WPY_OK;
        }
        wv_print(&tmp, v, a);
    } else if (sp->conv == 'r') {
        wv_repr(&tmp, v, a);
    } else {
        buf rep;
        buf_init(&rep, a);
        wv_repr(&rep, v, a);
        if (rep.oom) return WPY_NO_MEMORY;
        put_ascii(&tmp, rep.data, rep.len);
    }
    if (tmp.oom) return WPY_NO_MEMORY;
    put_text(out, sp, tmp.len ? tmp.data : "", tmp.len);
    return WPY_OK;
}

static wpy_status format_char(buf *out, const fmt_spec *sp, const weft_value *v)
{
    char enc[4];
    size_t n;
    if (v->kind == WEFT_INT || v->kind == WEFT_BOOL) {
        int64_t c = v->kind == WEFT_BOOL ? v->u.b : v->u.i;
        if (c < 0 || c > 0x10FFFF) return WPY_OVERFLOW_ERROR;
        n = wb_utf8_encode((int32_t)c, enc);
        if (!n) { /* not reached: c is in range, and surrogates encode */
            memcpy(enc, "\xef\xbf\xbd", 3);
            n = 3;
        }
        fmt_spec text = *sp;
        text.prec = -1;
        put_text(out, &text, enc, n);
        return WPY_OK;
    }
    if (v->kind == WEFT_STRING && v->len && count_cps(v->u.s, v->len) == 1) {
        fmt_spec text = *sp;
        text.prec = -1;
        put_text(out, &text, v->u.s, v->len);
        return WPY_OK;
    }
    return WPY_TYPE_ERROR;
}

static wpy_status format_int(arena *a, buf *out, const fmt_spec *sp, const weft_value *v)
{
    char conv = sp->conv;
    bool neg;
    const char *digits;
    size_t nd;
    char tmp[80];
    if (conv == 'd' || conv == 'i' || conv == 'u') {
        if (v->kind != WEFT_INT && v->kind != WEFT_BOOL && v->kind != WEFT_FLOAT &&
            v->kind != WEFT_DECIMAL)
            return WPY_TYPE_ERROR;
        wpy_dec d;
        wpy_status st = wpy_int(a, v, &d);
        if (st) return st;
        neg = d.neg && !wpy_dec_is_zero(&d);
        digits = d.digits;
        nd = d.ndigits;
    } else {
        if (v->kind != WEFT_INT && v->kind != WEFT_BOOL) return WPY_TYPE_ERROR;
        int64_t i = v->kind == WEFT_BOOL ? v->u.b : v->u.i;
        neg = i < 0;
        unsigned long long u = neg ? 0ULL - (unsigned long long)i : (unsigned long long)i;
        int n = snprintf(tmp, sizeof tmp, conv == 'o' ? "%llo" : conv == 'x' ? "%llx" : "%llX", u);
        digits = tmp;
        nd = (size_t)n;
    }
    const char *prefix = "";
    if (sp->flags & F_ALT) prefix = conv == 'o' ? "0o" : conv == 'x' ? "0x" : conv == 'X' ? "0X" : "";
    if (sp->prec > (int64_t)nd) {
        if (sp->prec > FMT_MAX_PAD) return WPY_NO_MEMORY;
        char *padded = arena_alloc(a, (size_t)sp->prec);
        if (!padded) return WPY_NO_MEMORY;
        size_t z = (size_t)sp->prec - nd;
        memset(padded, '0', z);
        memcpy(padded + z, digits, nd);
        digits = padded;
        nd = (size_t)sp->prec;
    }
    put_number(out, sp, sign_of(neg, sp), prefix, digits, nd);
    return WPY_OK;
}

static wpy_status format_float(arena *a, buf *out, const fmt_spec *sp, const weft_value *v)
{
    if (v->kind == WEFT_STRING || v->kind == WEFT_NULL) return WPY_TYPE_ERROR;
    double x;
    wpy_status st = wpy_float(a, v, &x);
    if (st) return st;
    bool upper = sp->conv == 'E' || sp->conv == 'F' || sp->conv == 'G';
    bool neg = signbit(x) && !isnan(x);
    if (isnan(x) || isinf(x)) {
        const char *body = isnan(x) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
        put_number(out, sp, sign_of(neg, sp), "", body, 3);
        return WPY_OK;
    }
    int64_t prec = sp->prec < 0 ? 6 : sp->prec;
    if (prec > FMT_MAX_PAD) return WPY_NO_MEMORY;
    char cfmt[8];
    snprintf(cfmt, sizeof cfmt, "%%%s.*%c", (sp->flags & F_ALT) ? "#" : "", sp->conv);
    int n = snprintf(NULL, 0, cfmt, (int)prec, fabs(x));
    if (n < 0) return WPY_VALUE_ERROR;
    char *body = arena_alloc(a, (size_t)n + 1);
    if (!body) return WPY_NO_MEMORY;
    snprintf(body, (size_t)n + 1, cfmt, (int)prec, fabs(x));
    /* The process locale might write a decimal comma; Python never does. */
    for (int i = 0; i < n; i++)
        if (body[i] == ',') body[i] = '.';
    put_number(out, sp, sign_of(neg, sp), "", body, (size_t)n);
    return WPY_OK;
}

/* A '*' width or precision takes the next argument, which must be an int. */
static wpy_status star_arg(fmt_args *fa, int64_t *out)
{
    const weft_value *v = next_arg(fa);
    if (!v) return WPY_TYPE_ERROR;
    if (v->kind == WEFT_INT) *out = v->u.i;
    else if (v->kind == WEFT_BOOL) *out = v->u.b;
    else return WPY_TYPE_ERROR;
    return WPY_OK;
}

/* Reads a run of digits as a width or precision. */
static wpy_status read_number(const char *f, size_t len, size_t *i, int64_t *out)
{
    int64_t n = 0;
    while (*i < len && is_digit(f[*i])) {
        n = n * 10 + (f[*i] - '0');
        if (n > FMT_MAX_PAD) return WPY_VALUE_ERROR; /* "width too big" */
        (*i)++;
    }
    *out = n;
    return WPY_OK;
}

wpy_status wpy_percent_format(arena *a, buf *out, const char *f, size_t len,
                              const weft_value *value)
{
    fmt_args fa = {value, -2, -1, false};
    if (value->kind == WEFT_TUPLE) {
        fa.argidx = 0;
        fa.arglen = value->u.list->len;
    }
    fa.mapping = value->kind == WEFT_DICT || value->kind == WEFT_LIST;
    size_t i = 0;
    while (i < len) {
        const char *pct = memchr(f + i, '%', len - i);
        size_t lit_end = pct ? (size_t)(pct - f) : len;
        buf_put(out, f + i, lit_end - i);
        if (!pct) break;
        i = lit_end + 1;
        if (i >= len) return WPY_VALUE_ERROR; /* incomplete format */
        if (f[i] == '%') {
            buf_putc(out, '%');
            i++;
            continue;
        }
        const weft_value *arg = NULL;
        if (f[i] == '(') {
            if (!fa.mapping) return WPY_TYPE_ERROR; /* format requires a mapping */
            size_t depth = 1, start = ++i;
            while (i < len && depth) {
                if (f[i] == '(') depth++;
                else if (f[i] == ')') depth--;
                i++;
            }
            if (depth) return WPY_VALUE_ERROR; /* incomplete format key */
            if (value->kind != WEFT_DICT) return WPY_TYPE_ERROR;
            arg = wv_dict_get(value->u.dict, f + start, i - 1 - start);
            if (!arg) return WPY_KEY_ERROR;
            fa.arglen = -1;
            fa.argidx = -2;
        }
        fmt_spec sp = {0, -1, -1, 0};
        for (; i < len; i++) {
            char c = f[i];
            if (c == '-') sp.flags |= F_LJUST;
            else if (c == '+') sp.flags |= F_SIGN;
            else if (c == ' ') sp.flags |= F_BLANK;
            else if (c == '#') sp.flags |= F_ALT;
            else if (c == '0') sp.flags |= F_ZERO;
            else break;
        }
        wpy_status st;
        if (i < len && f[i] == '*') {
            if ((st = star_arg(&fa, &sp.width))) return st;
            if (sp.width < 0) {
                sp.flags |= F_LJUST;
                sp.width = -sp.width;
            }
            if (sp.width > FMT_MAX_PAD) return WPY_NO_MEMORY;
            i++;
        } else if (i < len && is_digit(f[i])) {
            if ((st = read_number(f, len, &i, &sp.width))) return st;
        }
        if (i < len && f[i] == '.') {
            i++;
            if (i < len && f[i] == '*') {
                if ((st = star_arg(&fa, &sp.prec))) return st;
                if (sp.prec < 0) sp.prec = 0;
                if (sp.prec > FMT_MAX_PAD) return WPY_NO_MEMORY;
                i++;
            } else {
                if ((st = read_number(f, len, &i, &sp.prec))) return st;
            }
        }
        while (i < len && (f[i] == 'h' || f[i] == 'l' || f[i] == 'L')) i++;
        if (i >= len) return WPY_VALUE_ERROR; /* incomplete format */
        sp.conv = f[i++];
        if (!sp.conv || !strchr("sradiuoxXeEfFgGc", sp.conv)) return WPY_VALUE_ERROR;
        if (!arg && !(arg = next_arg(&fa))) return WPY_TYPE_ERROR; /* not enough arguments */
        switch (sp.conv) {
        case 's': case 'r': case 'a': st = format_text(a, out, &sp, arg); break;
        case 'c': st = format_char(out, &sp, arg); break;
        case 'd': case 'i': case 'u': case 'o': case 'x': case 'X':
            st = format_int(a, out, &sp, arg);
            break;
        default: st = format_float(a, out, &sp, arg); break;
        }
        if (st) return st;
    }
    if (fa.argidx < fa.arglen && !fa.mapping) return WPY_TYPE_ERROR; /* not all converted */
    return out->oom ? WPY_NO_MEMORY : WPY_OK;
}
