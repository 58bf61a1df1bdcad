/* Django's localize() for what {{ value }} prints, with the use_l10n of
 * the render ({% localize %}): numbers in the language's number format
 * (separators, grouping with USE_THOUSAND_SEPARATOR, never in exponent
 * form below Django's 200-digit cutoff), dates in the language's formats;
 * unlocalized, numbers as str() and dates in the settings' formats;
 * everything else as str(). */
#include "localize.h"

#include <stdlib.h>
#include <string.h>

#include "dateformat.h"
#include "render/run.h"
#include "tag_api.h"
#include "value/pyformat.h"

/* A number as Django's numberformat.format writes it before grouping:
 * [-]D[.DDD][e±X] (a Decimal's text or a float's repr) in fixed notation,
 * as Python's '{:f}' of a Decimal, with '.' as the point. A value of more
 * than 200 digits in all (digits and exponent, as Decimal.as_tuple counts
 * them) is written as '{:e}' writes it instead, its exponent part going to
 * *exp_part: Django's cutoff against printing a billion zeros. Infinity and
 * NaN come through as they are. point_text is written for the point. */
/* The common case of plain_number: a float's repr or a Decimal's text
 * without an exponent, leading zeros or a sign of "+", short of the
 * cutoff, is already the fixed text. */
static bool plain_number_fast(buf *out, const char *s, size_t len, const char *point_text)
{
    size_t i = s[0] == '-';
    if (len > 200 || i == len || s[i] == '.' || (s[i] == '0' && i + 1 < len && s[i + 1] != '.')) return false;
    size_t point = 0;
    for (size_t k = i; k < len; k++) {
        if (s[k] == '.') {
            if (point) return false;
            point = k;
        } else if (s[k] < '0' || s[k] > '9') {
            return false;
        }
    }
    if (!point || point + 1 == len) {
        buf_put(out, s, point ? point : len);
        return true;
    }
    buf_put(out, s, point);
    buf_puts(out, point_text);
    buf_put(out, s + point + 1, len - point - 1);
    return true;
}

static void plain_number(buf *out, buf *exp_part, const char *s, size_t len, const char *point_text)
{
    if (len && plain_number_fast(out, s, len, point_text)) return;
    size_t i = 0;
    bool neg = false;
    if (i < len && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    size_t start = i, point = SIZE_MAX, end = len;
    long long exp = 0;
    for (; i < len; i++) {
        char c = s[i];
        if (c == '.') {
            point = i;
        } else if (c == 'e' || c == 'E') {
            end = i;
            char *stop;
            exp = strtoll(s + i + 1, &stop, 10);
            break;
        } else if (c < '0' || c > '9') {
            buf_put(out, s, len); /* inf, nan, Infinity, NaN */
            return;
        }
    }
    /* The coefficient's digits without the point or leading zeros. */
    size_t first = start;
    while (first < end && (s[first] == '0' || s[first] == '.')) first++;
    size_t ndigits = 0, frac = 0;
    for (size_t k = start; k < end; k++) {
        if (s[k] == '.') continue;
        if (point != SIZE_MAX && k > point) frac++;
        if (k >= first) ndigits++;
    }
    long long exponent = exp - (long long)frac; /* of the last digit */
    if (neg) buf_putc(out, '-');
    if (!ndigits) ndigits = 1; /* zero: the single digit 0 */
    unsigned long long aexp = exponent < 0 ? 0ULL - (unsigned long long)exponent : (unsigned long long)exponent;
    if (aexp + ndigits > 200) {
        /* '{:e}': d[.ddd]e±X over all the coefficient's digits. */
        bool wrote_first = false;
        for (size_t k = first; k < end; k++) {
            if (s[k] == '.') continue;
            buf_putc(out, s[k]);
            if (!wrote_first && ndigits > 1) buf_puts(out, point_text);
            wrote_first = true;
        }
        if (!wrote_first) buf_putc(out, '0');
        long long adjusted = exponent + (long long)ndigits - 1;
        buf_printf(exp_part, "e%c%llu", adjusted < 0 ? '-' : '+',
                   adjusted < 0 ? 0ULL - (unsigned long long)adjusted : (unsigned long long)adjusted);
        return;
    }
    /* Fixed notation: the digits with the point moved by the exponent. */
    char digits[256];
    size_t nd = 0;
    for (size_t k = start; k < end; k++)
        if (s[k] != '.' && nd < sizeof digits) digits[nd++] = s[k];
    long long at = (long long)(point == SIZE_MAX ? nd : point - start) + exp;
    if (at <= 0) {
        buf_putc(out, '0');
        if (nd) {
            buf_puts(out, point_text);
            for (long long k = 0; k < -at; k++) buf_putc(out, '0');
            buf_put(out, digits, nd);
        }
        return;
    }
    for (long long k = 0; k < at; k++) buf_putc(out, k < (long long)nd ? digits[k] : '0');
    if ((long long)nd > at) {
        buf_puts(out, point_text);
        buf_put(out, digits + at, nd - (size_t)at);
    }
}

/* number_format(value) in the render's language: the separators, and the
 * grouping when USE_THOUSAND_SEPARATOR is on. text is the number as
 * plain_number reads it. */
static int number_format(wr *r, buf *out, const char *text, size_t len)
{
    const wpy_numfmt *fmt = wr_numfmt(r);
    buf exp;
    buf_init(&exp, r->arena);
    if (!wd_opt(r)->use_thousand_separator || fmt->grouping <= 0) {
        /* No grouping: the separator goes in as the digits are written. */
        plain_number(out, &exp, text, len, fmt->decimal_sep);
    } else {
        buf plain;
        buf_init(&plain, r->arena);
        plain_number(&plain, &exp, text, len, ".");
        if (plain.oom) return wr_oom(r);
        wpy_number_format(out, plain.data, plain.len, -1, fmt, true);
    }
    if (exp.oom) return wr_oom(r);
    if (exp.len) buf_put(out, exp.data, exp.len);
    return 0;
}

/* localize() of a date, datetime or time with use_l10n False: the
 * settings' formats (DATETIME_FORMAT "N j, Y, P", DATE_FORMAT "N j, Y",
 * TIME_FORMAT "P"), names still in the render's language. */
static int unlocalized_datetime(wr *r, buf *out, const weft_value *v)
{
    switch ((weft_kind)v->kind) {
    case WEFT_DATETIME: return wd_format_date(r, out, v, "N j, Y, P", 9);
    case WEFT_DATE: return wd_format_date(r, out, v, "N j, Y", 6);
    default: return wd_format_time(r, out, v, "P", 1);
    }
}

int wd_localize_as(wr *r, buf *out, const weft_value *v, bool use_l10n)
{
    switch ((weft_kind)v->kind) {
    case WEFT_DATE:
    case WEFT_DATETIME:
    case WEFT_TIME: {
        weft_value local = *v;
        if (wd_localtime(r, &local)) return -1;
        return use_l10n ? wd_localize_datetime(r, out, &local) : unlocalized_datetime(r, out, &local);
    }
    case WEFT_INT:
        /* numberformat's fast path: an int without grouping is str(). */
        if (!use_l10n || !wd_opt(r)->use_thousand_separator) {
            wv_print_int(out, v->u.i);
            return 0;
        } else {
            char digits[24];
            buf b = {.data = digits, .cap = sizeof digits};
            wv_print_int(&b, v->u.i);
            return number_format(r, out, digits, b.len);
        }
    case WEFT_FLOAT: {
        buf tmp;
        buf_init(&tmp, r->arena);
        wv_print_float(&tmp, v->u.f);
        if (tmp.oom) return wr_oom(r);
        /* str(float) when unlocalized; number_format takes a float whose
         * repr has an exponent as Decimal(repr). */
        if (!use_l10n) return buf_put(out, tmp.data, tmp.len), 0;
        return number_format(r, out, tmp.data, tmp.len);
    }
    case WEFT_DECIMAL:
        if (!use_l10n) return buf_put(out, v->u.s, v->len), 0;
        return number_format(r, out, v->u.s, v->len);
    default: wv_print(out, v, r->arena); return 0;
    }
}

int wd_localize(wr *r, buf *out, const weft_value *v)
{
    return wd_localize_as(r, out, v, wd_st(r)->use_l10n != WD_OFF);
}

/* Whether a language's separators hold a character escaping changes (an
 * apostrophe): numbers are escaped like any text, but their digits and
 * the usual separators never need it. */
static bool separators_escape(wr *r)
{
    const wpy_numfmt *f = wr_numfmt(r);
    for (const char *c = f->decimal_sep; *c; c++)
        if (*c == '<' || *c == '>' || *c == '&' || *c == '\'' || *c == '"') return true;
    return wd_opt(r)->use_thousand_separator && strpbrk(f->thousand_sep, "<>&'\"");
}

int wd_write_value(wr *r, const weft_value *v)
{
    buf *out = wr_out(r);
    switch ((weft_kind)v->kind) {
    case WEFT_INT:
        /* The common case, an int printed as it is: no grouping. */
        if (!wd_opt(r)->use_thousand_separator || wd_st(r)->use_l10n == WD_OFF) {
            wv_print_int(out, v->u.i);
            return wr_wrote(r);
        }
        /* fall through */
    case WEFT_FLOAT:
    case WEFT_DECIMAL:
        if (r->autoescape && separators_escape(r)) goto escaped;
        if (wd_localize(r, out, v)) return -1;
        break;
    case WEFT_STRING:
        if (r->autoescape && !(v->flags & WV_SAFE)) buf_put_escaped(out, v->u.s, v->len);
        else buf_put(out, v->u.s, v->len);
        break;
    case WEFT_BOOL: buf_puts(out, v->u.b ? "True" : "False"); break;
    case WEFT_HOST: {
        /* str(obj), escaped unless the host marked it safe. */
        weft_value text;
        if (wr_str(r, v, &text)) return -1;
        if (r->autoescape && !wv_is_safe(&text)) buf_put_escaped(out, text.u.s, text.len);
        else buf_put(out, text.u.s, text.len);
        break;
    }
    default:
    escaped: {
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
