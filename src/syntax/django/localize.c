/* Django's localize() for what {{ value }} prints: numbers with the
 * language's decimal separator and never in exponent form, dates in the
 * language's formats, everything else as str(). */
#include "localize.h"

#include <stdlib.h>
#include <string.h>

#include "dateformat.h"
#include "render/run.h"
#include "tag_api.h"
#include "value/pyformat.h"

/* Writes the digits of a number given as [-]D[.DDD][e±X] in fixed notation
 * (Python's '{:f}' of a Decimal), with sep as the decimal separator. */
static void put_fixed(buf *out, const char *s, size_t len, const char *sep)
{
    size_t i = 0;
    if (i < len && (s[i] == '-' || s[i] == '+')) {
        if (s[i] == '-') buf_putc(out, '-');
        i++;
    }
    char digits[400];
    size_t nd = 0;
    long point = -1;
    long exp = 0;
    for (; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (nd < sizeof digits) digits[nd++] = c;
        } else if (c == '.') {
            point = (long)nd;
        } else if (c == 'e' || c == 'E') {
            exp = strtol(s + i + 1, NULL, 10);
            break;
        } else {
            /* Infinity, NaN: printed as they are. */
            buf_put(out, s, len);
            return;
        }
    }
    if (point < 0) point = (long)nd;
    point += exp;
    if (point <= 0) {
        buf_putc(out, '0');
        if (nd) {
            buf_puts(out, sep);
            for (long k = 0; k < -point; k++) buf_putc(out, '0');
            buf_put(out, digits, nd);
        }
        return;
    }
    for (long k = 0; k < point; k++) buf_putc(out, k < (long)nd ? digits[k] : '0');
    if ((long)nd > point) {
        buf_puts(out, sep);
        buf_put(out, digits + point, nd - (size_t)point);
    }
}

int wd_localize(wr *r, buf *out, const weft_value *v)
{
    switch ((weft_kind)v->kind) {
    case WEFT_DATE:
    case WEFT_DATETIME:
    case WEFT_TIME: {
        weft_value local = *v;
        if (wd_localtime(r, &local)) return -1;
        return wd_localize_datetime(r, out, &local);
    }
    case WEFT_FLOAT: {
        buf tmp;
        buf_init(&tmp, r->arena);
        wv_print_float(&tmp, v->u.f);
        if (tmp.oom) return wr_oom(r);
        put_fixed(out, tmp.data, tmp.len, wr_numfmt(r)->decimal_sep);
        return 0;
    }
    case WEFT_DECIMAL:
        put_fixed(out, v->u.s, v->len, wr_numfmt(r)->decimal_sep);
        return 0;
    default: wv_print(out, v, r->arena); return 0;
    }
}

int wd_write_value(wr *r, const weft_value *v)
{
    buf *out = wr_out(r);
    switch ((weft_kind)v->kind) {
    case WEFT_INT: wv_print_int(out, v->u.i); return wr_wrote(r);
    case WEFT_STRING:
        if (r->autoescape && !(v->flags & WV_SAFE)) buf_put_escaped(out, v->u.s, v->len);
        else buf_put(out, v->u.s, v->len);
        break;
    /* Numbers print as digits, signs, separators and "inf"/"nan": nothing
     * to escape. */
    case WEFT_BOOL: buf_puts(out, v->u.b ? "True" : "False"); break;
    case WEFT_FLOAT:
    case WEFT_DECIMAL:
        if (wd_localize(r, out, v)) return -1;
        break;
    default: {
        /* Everything else is localised (dates) or printed, then escaped
         * like any other text. */
        buf tmp;
        buf_init(&tmp, r->arena);
        if (wd_localize(r, &tmp, v)) return -1;
        if (tmp.oom) return wr_oom(r);
        if (r->autoescape) buf_put_escaped(out, tmp.data ? tmp.data : "", tmp.len);
        else buf_put(out, tmp.data ? tmp.data : "", tmp.len);
    }
    }
    return wr_wrote_full(r);
}
