/* Django's date formatting: django.utils.dateformat (DateFormat and
 * TimeFormat), formats.date_format() over the named formats of each
 * language (their tables are i18n/formats.c), localize() of dates and
 * template_localtime(). */
#include "dateformat.h"

#include <stdio.h>
#include <string.h>

#include "base/tz.h"
#include "base/utf8.h"
#include "i18n/formats.h"
#include "i18n_memo.h"
#include "zones.h"

/* ---- named formats ----------------------------------------------------- */

/* ---- names ------------------------------------------------------------- */

static const char *const month_names[12] = {"January", "February", "March", "April", "May", "June",
                                            "July", "August", "September", "October", "November",
                                            "December"};
static const char *const month_3[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
static const char *const month_ap[12] = {"Jan.", "Feb.", "March", "April", "May", "June",
                                         "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."};
static const char *const weekday_names[7] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                             "Friday", "Saturday", "Sunday"};
static const char *const weekday_abbr[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
/* email.utils.format_datetime never translates. */
static const char *const rfc_months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* Which characters are format characters, and which of those need a time
 * (TimeFormat's methods): a table, since every character is looked up. */
enum { CH_FORMAT = 1, CH_TIME = 2 };
static const unsigned char char_class[256] = {
    ['A'] = CH_FORMAT | CH_TIME, ['D'] = CH_FORMAT, ['E'] = CH_FORMAT, ['F'] = CH_FORMAT,
    ['G'] = CH_FORMAT | CH_TIME, ['H'] = CH_FORMAT | CH_TIME, ['I'] = CH_FORMAT,
    ['L'] = CH_FORMAT, ['M'] = CH_FORMAT, ['N'] = CH_FORMAT, ['O'] = CH_FORMAT | CH_TIME,
    ['P'] = CH_FORMAT | CH_TIME, ['S'] = CH_FORMAT, ['T'] = CH_FORMAT | CH_TIME,
    ['U'] = CH_FORMAT, ['W'] = CH_FORMAT, ['Y'] = CH_FORMAT, ['Z'] = CH_FORMAT | CH_TIME,
    ['a'] = CH_FORMAT | CH_TIME, ['b'] = CH_FORMAT, ['c'] = CH_FORMAT, ['d'] = CH_FORMAT,
    ['e'] = CH_FORMAT | CH_TIME, ['f'] = CH_FORMAT | CH_TIME, ['g'] = CH_FORMAT | CH_TIME,
    ['h'] = CH_FORMAT | CH_TIME, ['i'] = CH_FORMAT | CH_TIME, ['j'] = CH_FORMAT,
    ['l'] = CH_FORMAT, ['m'] = CH_FORMAT, ['n'] = CH_FORMAT, ['o'] = CH_FORMAT,
    ['r'] = CH_FORMAT, ['s'] = CH_FORMAT | CH_TIME, ['t'] = CH_FORMAT,
    ['u'] = CH_FORMAT | CH_TIME, ['w'] = CH_FORMAT, ['y'] = CH_FORMAT, ['z'] = CH_FORMAT,
};

/* ---- formatting -------------------------------------------------------- */

typedef struct fmt_ctx {
    wr *r;
    const weft_value *v;
    const wv_datetime *dt;
    bool has_date, has_time;
    /* What Django's TimeFormat keeps as self.timezone (datetimes only). */
    bool zone;
    bool aware;
    bool ambiguous; /* ambiguous or imaginary wall time in that zone */
    int32_t offset; /* utcoffset, seconds */
    bool is_dst;
    char tzname[16];
    char *msg;
    size_t msg_size;
} fmt_ctx;

static weft_error_kind no_attribute(fmt_ctx *c, const char *attr)
{
    snprintf(c->msg, c->msg_size, "'%s' object has no attribute '%s'", wv_type_name(c->v), attr);
    return WEFT_ERROR_ATTRIBUTE;
}

static void put_translated(fmt_ctx *c, buf *out, const char *context, const char *msgid)
{
    size_t n;
    const char *s = context ? wd_pgettext(c->r, context, msgid, &n) : wd_gettext(c->r, msgid, &n);
    buf_put(out, s, n);
}

/* Python's str.title(): a cased character after a cased one is lowered, any
 * other is title-cased. */
static void put_title(buf *out, const char *s, size_t len)
{
    bool prev_cased = false;
    size_t i = 0;
    while (i < len) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x80) {
            /* ASCII: the same rule without the Unicode tables. */
            bool upper = ch >= 'A' && ch <= 'Z', lower = ch >= 'a' && ch <= 'z';
            if (prev_cased && upper) ch = (unsigned char)(ch + 32);
            else if (!prev_cased && lower) ch = (unsigned char)(ch - 32);
            buf_putc(out, (char)ch);
            prev_cased = upper || lower;
            i++;
            continue;
        }
        int32_t cp;
        size_t n = wb_utf8_decode(s + i, len - i, &cp);
        if (!n) { buf_putc(out, s[i]); i++; prev_cased = false; continue; }
        bool cased = wb_utf8_is_cased_letter(cp);
        buf_put_utf8(out, (uint32_t)(prev_cased ? wb_utf8_to_lower(cp) : wb_utf8_to_title(cp)));
        prev_cased = cased;
        i += n;
    }
}

static int64_t date_days(const wv_datetime *d) { return wtz_days_from_civil(d->year, d->month, d->day); }
static int weekday(const wv_datetime *d) { return (int)wtz_floormod(date_days(d) + 3, 7); } /* Monday 0 */

static void iso_calendar(const wv_datetime *d, int *iso_year, int *iso_week)
{
    int64_t days = date_days(d);
    int64_t thursday = days - weekday(d) + 3;
    int y, m, dd;
    wtz_civil_from_days(thursday, &y, &m, &dd);
    *iso_year = y;
    *iso_week = (int)((thursday - wtz_days_from_civil(y, 1, 1)) / 7 + 1);
}


/* "+HH:MM[:SS]" (isoformat), "+HHMM[SS]" (strftime %z), or "+HHMM" (the
 * O character, which drops seconds). */
static void put_offset(buf *out, int32_t seconds, bool colon, bool with_seconds)
{
    char sign = seconds < 0 ? '-' : '+';
    int32_t a = seconds < 0 ? -seconds : seconds;
    if (colon) {
        buf_printf(out, "%c%02d:%02d", sign, (int)(a / 3600), (int)(a / 60 % 60));
        if (a % 60 && with_seconds) buf_printf(out, ":%02d", (int)(a % 60));
    } else {
        buf_printf(out, "%c%02d%02d", sign, (int)(a / 3600), (int)(a / 60 % 60));
        if (a % 60 && with_seconds) buf_put_int(out, (int)(a % 60), 2);
    }
}

static void put_iso(fmt_ctx *c, buf *out)
{
    const wv_datetime *d = c->dt;
    if (c->has_date) buf_printf(out, "%04d-%02d-%02d", d->year, d->month, d->day);
    if (c->has_date && c->has_time) buf_putc(out, 'T');
    if (c->has_time) {
        buf_printf(out, "%02d:%02d:%02d", d->hour, d->minute, d->second);
        if (d->usec) buf_printf(out, ".%06d", (int)d->usec);
        if (d->tz) put_offset(out, d->offset_min * 60, true, true);
    }
}

/* The zone of a datetime as Django's TimeFormat sees it. An aware datetime
 * carries only its offset; when time zone support is on and the current zone
 * has that offset at that instant, the value is taken to be in the current
 * zone (template_localtime put it there), which gives its abbreviation and
 * DST flag, else it is a fixed offset named "+HHMM". */
static void setup_zone(fmt_ctx *c)
{
    const wv_datetime *d = c->dt;
    const wtz *cur = wr_timezone(c->r);
    int64_t wall = wd_wall_seconds(d);
    c->zone = true;
    if (!d->tz) {
        /* A naive datetime is read in the default zone (TIME_ZONE), not
         * the current one, as Django's TimeFormat reads it. */
        const wtz *fallback = wr_find_timezone(c->r, NULL);
        if (fallback) cur = fallback;
        if (!cur) {
            c->offset = 0;
            snprintf(c->tzname, sizeof c->tzname, "UTC");
            return;
        }
        wtz_info info;
        wtz_at_local(cur, wall, 0, &info);
        c->offset = info.utc_offset;
        c->is_dst = info.is_dst;
        memcpy(c->tzname, info.abbr, sizeof c->tzname);
        c->ambiguous = wtz_local_is_ambiguous_or_imaginary(cur, wall);
        return;
    }
    c->aware = true;
    c->offset = d->offset_min * 60;
    const wtz *own = wd_zone_of(c->r, d);
    if (own) {
        /* Put in a zone by the tz library: that zone names it. */
        wtz_info info;
        wtz_at_utc(own, wall - c->offset, &info);
        c->is_dst = info.is_dst;
        memcpy(c->tzname, info.abbr, sizeof c->tzname);
        c->ambiguous = !wtz_is_fixed(own) && wtz_local_is_ambiguous_or_imaginary(own, wall);
        return;
    }
    if (wd_use_tz(c->r)) {
        if (!cur) {
            if (c->offset == 0) {
                snprintf(c->tzname, sizeof c->tzname, "UTC");
                return;
            }
        } else {
            wtz_info info;
            wtz_at_utc(cur, wall - c->offset, &info);
            if (info.utc_offset == c->offset) {
                c->is_dst = info.is_dst;
                memcpy(c->tzname, info.abbr, sizeof c->tzname);
                c->ambiguous = !wtz_is_fixed(cur) && wtz_local_is_ambiguous_or_imaginary(cur, wall);
                return;
            }
        }
    }
    int32_t a = d->offset_min < 0 ? -d->offset_min : d->offset_min;
    snprintf(c->tzname, sizeof c->tzname, "%c%02d%02d", d->offset_min < 0 ? '-' : '+', (int)(a / 60),
             (int)(a % 60));
}

static weft_error_kind put_timestamp(fmt_ctx *c, buf *out)
{
    if (!c->has_date) {
        snprintf(c->msg, c->msg_size, "combine() argument 1 must be datetime.date, not %s",
                 wv_type_name(c->v));
        return WEFT_ERROR_TYPE;
    }
    const wv_datetime *d = c->dt;
    int64_t wall = c->has_time ? wd_wall_seconds(d) : date_days(d) * 86400;
    int64_t utc;
    if (c->has_time && d->tz) utc = wall - d->offset_min * 60;
    else {
        /* A naive value is local time of the process, which Django sets to
         * the time zone of the site. */
        const wtz *cur = wr_timezone(c->r);
        utc = cur ? wtz_local_to_utc(cur, wall) : wall;
    }
    /* int(timestamp()) truncates toward zero. */
    if (utc < 0 && c->has_time && d->usec) utc += 1;
    buf_printf(out, "%lld", (long long)utc);
    return WEFT_ERROR_NONE;
}

static weft_error_kind put_rfc5322(fmt_ctx *c, buf *out)
{
    if (c->v->kind == WEFT_DATE) {
        snprintf(c->msg, c->msg_size,
                 "The format for date objects may not contain time-related format specifiers (found 'r').");
        return WEFT_ERROR_TYPE;
    }
    if (c->v->kind == WEFT_TIME) return no_attribute(c, "timetuple");
    if (!c->has_date) return no_attribute(c, "utcoffset");
    const wv_datetime *d = c->dt;
    buf_printf(out, "%s, %02d %s %04d %02d:%02d:%02d ", weekday_abbr[weekday(d)], d->day,
               rfc_months[d->month - 1], d->year, d->hour, d->minute, d->second);
    put_offset(out, c->offset, false, true);
    return WEFT_ERROR_NONE;
}

static weft_error_kind put_format_char(fmt_ctx *c, buf *out, char ch, bool time_only)
{
    const wv_datetime *d = c->dt;
    if (c->v->kind == WEFT_DATE && (char_class[(unsigned char)ch] & CH_TIME)) {
        snprintf(c->msg, c->msg_size,
                 "The format for date objects may not contain time-related format specifiers (found '%c').", ch);
        return WEFT_ERROR_TYPE;
    }
    if (time_only && !(char_class[(unsigned char)ch] & CH_TIME)) {
        snprintf(c->msg, c->msg_size, "'TimeFormat' object has no attribute '%c'", ch);
        return WEFT_ERROR_ATTRIBUTE;
    }
    /* The zone characters answer "" for anything without a zone. */
    bool zone_usable = c->zone && !c->ambiguous;
    switch (ch) {
    case 'e':
        /* Django 4.0+ has no time zone for an ambiguous or imaginary time. */
        if (c->zone && c->aware && !c->ambiguous) buf_puts(out, c->tzname);
        return WEFT_ERROR_NONE;
    case 'O':
        if (zone_usable) put_offset(out, c->offset, false, false);
        return WEFT_ERROR_NONE;
    case 'T':
        if (zone_usable) buf_puts(out, c->tzname);
        return WEFT_ERROR_NONE;
    case 'Z':
        if (zone_usable) buf_put_int(out, (int)c->offset, 0);
        return WEFT_ERROR_NONE;
    case 'I':
        if (zone_usable) buf_putc(out, c->is_dst ? '1' : '0');
        return WEFT_ERROR_NONE;
    case 'c':
        if (!c->has_date && !c->has_time) return no_attribute(c, "isoformat");
        put_iso(c, out);
        return WEFT_ERROR_NONE;
    case 'U': return put_timestamp(c, out);
    case 'r': return put_rfc5322(c, out);
    default: break;
    }
    if ((char_class[(unsigned char)ch] & CH_TIME)) {
        if (!c->has_time) {
            const char *attr = ch == 'i' ? "minute" : ch == 's' ? "second" : ch == 'u' ? "microsecond" : "hour";
            return no_attribute(c, attr);
        }
        int h12 = d->hour % 12 ? d->hour % 12 : 12;
        switch (ch) {
        case 'a': put_translated(c, out, NULL, d->hour > 11 ? "p.m." : "a.m."); break;
        case 'A': put_translated(c, out, NULL, d->hour > 11 ? "PM" : "AM"); break;
        case 'f':
            if (d->minute) buf_printf(out, "%d:%02d", h12, d->minute);
            else buf_put_int(out, h12, 0);
            break;
        case 'g': buf_put_int(out, h12, 0); break;
        case 'G': buf_put_int(out, d->hour, 0); break;
        case 'h': buf_put_int(out, h12, 2); break;
        case 'H': buf_put_int(out, d->hour, 2); break;
        case 'i': buf_put_int(out, d->minute, 2); break;
        case 's': buf_put_int(out, d->second, 2); break;
        case 'u': buf_put_int(out, (int)d->usec, 6); break;
        case 'P':
            if (d->minute == 0 && d->hour == 0) put_translated(c, out, NULL, "midnight");
            else if (d->minute == 0 && d->hour == 12) put_translated(c, out, NULL, "noon");
            else {
                if (d->minute) buf_printf(out, "%d:%02d ", h12, d->minute);
                else buf_printf(out, "%d ", h12);
                put_translated(c, out, NULL, d->hour > 11 ? "p.m." : "a.m.");
            }
            break;
        }
        return WEFT_ERROR_NONE;
    }
    if (!c->has_date) {
        const char *attr = "month";
        if (strchr("dSj", ch)) attr = "day";
        else if (strchr("Dlw", ch)) attr = "weekday";
        else if (strchr("LyYt", ch)) attr = "year";
        else if (strchr("oW", ch)) attr = "isocalendar";
        else if (ch == 'z') attr = "timetuple";
        return no_attribute(c, attr);
    }
    int iso_year, iso_week;
    switch (ch) {
    case 'b': put_translated(c, out, NULL, month_3[d->month - 1]); break;
    case 'd': buf_put_int(out, d->day, 2); break;
    case 'D': put_translated(c, out, NULL, weekday_abbr[weekday(d)]); break;
    case 'E': put_translated(c, out, "alt. month", month_names[d->month - 1]); break;
    case 'F': put_translated(c, out, NULL, month_names[d->month - 1]); break;
    case 'j': buf_put_int(out, d->day, 0); break;
    case 'l': put_translated(c, out, NULL, weekday_names[weekday(d)]); break;
    case 'L': buf_puts(out, wtz_is_leap(d->year) ? "True" : "False"); break;
    case 'm': buf_put_int(out, d->month, 2); break;
    case 'M': {
        size_t n;
        const char *s = wd_gettext(c->r, month_3[d->month - 1], &n);
        put_title(out, s, n);
        break;
    }
    case 'n': buf_put_int(out, d->month, 0); break;
    case 'N': put_translated(c, out, "abbrev. month", month_ap[d->month - 1]); break;
    case 'o': iso_calendar(d, &iso_year, &iso_week); buf_put_int(out, iso_year, 0); break;
    case 'S': {
        int day = d->day, last = day % 10;
        const char *suffix = "th";
        if (day < 11 || day > 13) suffix = last == 1 ? "st" : last == 2 ? "nd" : last == 3 ? "rd" : "th";
        buf_puts(out, suffix);
        break;
    }
    case 't': buf_put_int(out, wtz_days_in_month(d->year, d->month), 2); break;
    case 'w': buf_put_int(out, (weekday(d) + 1) % 7, 0); break;
    case 'W': iso_calendar(d, &iso_year, &iso_week); buf_put_int(out, iso_week, 0); break;
    case 'y': buf_put_int(out, d->year % 100, 2); break;
    case 'Y': buf_put_int(out, d->year, 4); break;
    case 'z': buf_put_int(out, (int)(date_days(d) - wtz_days_from_civil(d->year, 1, 1) + 1), 0); break;
    }
    return WEFT_ERROR_NONE;
}

static bool is_format_char(const char *fmt, size_t i)
{
    return (char_class[(unsigned char)fmt[i]] & CH_FORMAT) && !(i > 0 && fmt[i - 1] == '\\');
}

weft_error_kind wd_dateformat_try(wr *r, buf *out, const weft_value *v, const char *fmt,
                                    size_t fmt_len, bool time_only, char *msg, size_t msg_size)
{
    fmt_ctx c;
    memset(&c, 0, sizeof c);
    c.r = r;
    c.v = v;
    c.msg = msg;
    c.msg_size = msg_size;
    if (msg_size) msg[0] = 0;
    if (v->kind == WEFT_DATE || v->kind == WEFT_DATETIME || v->kind == WEFT_TIME) {
        c.dt = &v->u.dt;
        c.has_date = v->kind != WEFT_TIME;
        c.has_time = v->kind != WEFT_DATE;
        if (v->kind == WEFT_DATETIME) setup_zone(&c);
    }
    size_t i = 0;
    while (i < fmt_len) {
        if (is_format_char(fmt, i)) {
            weft_error_kind k = put_format_char(&c, out, fmt[i], time_only);
            if (k != WEFT_ERROR_NONE) return k;
            i++;
            continue;
        }
        size_t end = i;
        while (end < fmt_len && !is_format_char(fmt, end)) end++;
        /* re_escaped: a backslash and the character after it (not a newline)
         * stand for that character. */
        for (size_t k = i; k < end;) {
            if (fmt[k] == '\\' && k + 1 < end && fmt[k + 1] != '\n') {
                buf_putc(out, fmt[k + 1]);
                k += 2;
            } else {
                buf_putc(out, fmt[k]);
                k++;
            }
        }
        i = end;
    }
    if (out->oom) {
        snprintf(msg, msg_size, "out of memory");
        return WEFT_ERROR_OUT_OF_MEMORY;
    }
    return WEFT_ERROR_NONE;
}

/* ---- the common path ---------------------------------------------------- */

/* The names the date characters print, in the render's language, each
 * looked up (and for 'M' title-cased) the first time a render needs it:
 * 12 each for M b F N E, 7 each for D l, then the words of a A P. */
enum {
    NAME_M = 0, NAME_b = 12, NAME_F = 24, NAME_N = 36, NAME_E = 48, NAME_D = 60, NAME_l = 67,
    NAME_am = 74, NAME_pm, NAME_AM, NAME_PM, NAME_midnight, NAME_noon, NAME_COUNT
};

typedef struct date_names {
    struct {
        const char *s; /* NULL: not looked up yet */
        size_t len;
    } name[NAME_COUNT];
} date_names;

static int no_names_yet(wr *r, void *storage) { return 0; }

/* Looks a name up the way put_format_char does. Returns -1 when out of
 * memory (reported). */
static int find_name(wr *r, date_names *names, int which)
{
    const char *msgid, *context = NULL;
    if (which < NAME_b) msgid = month_3[which - NAME_M];
    else if (which < NAME_F) msgid = month_3[which - NAME_b];
    else if (which < NAME_N) msgid = month_names[which - NAME_F];
    else if (which < NAME_E) msgid = month_ap[which - NAME_N], context = "abbrev. month";
    else if (which < NAME_D) msgid = month_names[which - NAME_E], context = "alt. month";
    else if (which < NAME_l) msgid = weekday_abbr[which - NAME_D];
    else if (which < NAME_am) msgid = weekday_names[which - NAME_l];
    else {
        static const char *const words[] = {"a.m.", "p.m.", "AM", "PM", "midnight", "noon"};
        msgid = words[which - NAME_am];
    }
    size_t n;
    const char *s = context ? wd_pgettext(r, context, msgid, &n) : wd_gettext(r, msgid, &n);
    if (which < NAME_b) {
        buf b;
        wr_buf(r, &b);
        put_title(&b, s, n);
        if (b.oom) return wr_oom(r);
        s = b.len ? b.data : "";
        n = b.len;
    }
    names->name[which].s = s;
    names->name[which].len = n;
    return 0;
}

static const char two_digits[] = "0001020304050607080910111213141516171819"
                                 "2021222324252627282930313233343536373839"
                                 "4041424344454647484950515253545556575859"
                                 "6061626364656667686970717273747576777879"
                                 "8081828384858687888990919293949596979899";

/* The fields of a date, each written without a division loop. */
static char *put_2(char *p, unsigned v) /* v < 100, "%02d" */
{
    memcpy(p, two_digits + 2 * v, 2);
    return p + 2;
}

static char *put_1or2(char *p, unsigned v) /* v < 100, "%d" */
{
    if (v < 10) {
        *p = (char)('0' + v);
        return p + 1;
    }
    return put_2(p, v);
}

static char *put_uint(char *p, unsigned v) /* v < 100000, "%d" */
{
    char digits[8];
    unsigned n = 0;
    do {
        digits[sizeof digits - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    memcpy(p, digits + sizeof digits - n, n);
    return p + n;
}

/* Every character but a name writes at most this much. */
enum { FIELD_MAX = 12 };

int wd_dateformat_fast(wr *r, const weft_value *v, const char *fmt, size_t fmt_len, char *dst,
                         size_t cap)
{
    if (v->kind != WEFT_DATE && v->kind != WEFT_DATETIME) return WD_DATEFORMAT_GENERAL;
    const wv_datetime *d = &v->u.dt;
    /* Dates as Python has them: the fields below are written for those. */
    if (d->year < 1 || d->year > 9999 || d->month - 1u > 11 || d->day - 1u > 30 || d->hour > 23 ||
        d->minute > 59 || d->second > 59 || d->usec < 0 || d->usec > 999999 || cap < FIELD_MAX)
        return WD_DATEFORMAT_GENERAL;
    bool has_time = v->kind == WEFT_DATETIME;
    date_names *names = NULL;
    char *p = dst;
    char *const end = dst + cap, *const field_end = end - FIELD_MAX;
    for (size_t i = 0; i < fmt_len; i++) {
        unsigned char ch = (unsigned char)fmt[i];
        if (p > field_end) return WD_DATEFORMAT_GENERAL;
        if (!(char_class[ch] & CH_FORMAT)) {
            /* A backslash escapes, and stops the next character from being
             * one of the format's: the general path knows the rules. */
            if (ch == '\\') return WD_DATEFORMAT_GENERAL;
            *p++ = (char)ch;
            continue;
        }
        /* Time characters need a time (the general path raises). */
        if ((char_class[ch] & CH_TIME) && !has_time) return WD_DATEFORMAT_GENERAL;
        int which = -1;
        unsigned h12 = d->hour == 0 ? 12 : d->hour > 12 ? d->hour - 12u : d->hour;
        int iso_year, iso_week;
        switch (ch) {
        case 'd': p = put_2(p, d->day); break;
        case 'j': p = put_1or2(p, d->day); break;
        case 'm': p = put_2(p, d->month); break;
        case 'n': p = put_1or2(p, d->month); break;
        case 'y': p = put_2(p, (unsigned)d->year % 100); break;
        case 'Y': p = put_2(put_2(p, (unsigned)d->year / 100), (unsigned)d->year % 100); break;
        case 'L': memcpy(p, wtz_is_leap(d->year) ? "True" : "False", 5), p += wtz_is_leap(d->year) ? 4 : 5; break;
        case 't': p = put_2(p, (unsigned)wtz_days_in_month(d->year, d->month)); break;
        case 'w': p = put_1or2(p, (unsigned)(weekday(d) + 1) % 7); break;
        case 'z': p = put_uint(p, (unsigned)(date_days(d) - wtz_days_from_civil(d->year, 1, 1) + 1)); break;
        case 'o': iso_calendar(d, &iso_year, &iso_week); p = put_uint(p, (unsigned)iso_year); break;
        case 'W': iso_calendar(d, &iso_year, &iso_week); p = put_1or2(p, (unsigned)iso_week); break;
        case 'S': {
            int day = d->day, last = day % 10;
            const char *suffix = "th";
            if (day < 11 || day > 13) suffix = last == 1 ? "st" : last == 2 ? "nd" : last == 3 ? "rd" : "th";
            memcpy(p, suffix, 2);
            p += 2;
            break;
        }
        case 'M': which = NAME_M + d->month - 1; break;
        case 'b': which = NAME_b + d->month - 1; break;
        case 'F': which = NAME_F + d->month - 1; break;
        case 'N': which = NAME_N + d->month - 1; break;
        case 'E': which = NAME_E + d->month - 1; break;
        case 'D': which = NAME_D + weekday(d); break;
        case 'l': which = NAME_l + weekday(d); break;
        case 'a': which = d->hour > 11 ? NAME_pm : NAME_am; break;
        case 'A': which = d->hour > 11 ? NAME_PM : NAME_AM; break;
        case 'f':
            p = put_1or2(p, h12);
            if (d->minute) *p++ = ':', p = put_2(p, d->minute);
            break;
        case 'g': p = put_1or2(p, h12); break;
        case 'G': p = put_1or2(p, d->hour); break;
        case 'h': p = put_2(p, h12); break;
        case 'H': p = put_2(p, d->hour); break;
        case 'i': p = put_2(p, d->minute); break;
        case 's': p = put_2(p, d->second); break;
        case 'u': {
            unsigned us = (unsigned)d->usec;
            p = put_2(put_2(put_2(p, us / 10000), us / 100 % 100), us % 100);
            break;
        }
        case 'P':
            if (d->minute == 0 && d->hour == 0) which = NAME_midnight;
            else if (d->minute == 0 && d->hour == 12) which = NAME_noon;
            else {
                p = put_1or2(p, h12);
                if (d->minute) *p++ = ':', p = put_2(p, d->minute);
                *p++ = ' ';
                which = d->hour > 11 ? NAME_pm : NAME_am;
            }
            break;
        default: return WD_DATEFORMAT_GENERAL; /* c e I O r T U Z: zones and the like */
        }
        if (which >= 0) {
            if (!names) {
                names = wd_i18n_memo(r, WD_MEMO_DATE_NAMES, sizeof *names, no_names_yet);
                if (!names) return WD_DATEFORMAT_FAILED;
            }
            if (!names->name[which].s && find_name(r, names, which) < 0) return WD_DATEFORMAT_FAILED;
            size_t n = names->name[which].len;
            if (n > (size_t)(end - p)) return WD_DATEFORMAT_GENERAL;
            memcpy(p, names->name[which].s, n);
            p += n;
        }
    }
    return (int)(p - dst);
}

static int format_named(wr *r, buf *out, const weft_value *v, const char *fmt, size_t fmt_len,
                        bool time_only)
{
    if (!fmt) {
        fmt = time_only ? "TIME_FORMAT" : "DATE_FORMAT";
        fmt_len = strlen(fmt);
    }
    size_t len;
    const char *resolved = wi_named_date_format(wr_language(r), fmt, fmt_len, &len);
    if (!time_only) {
        char text[WD_DATEFORMAT_FAST_MAX];
        int n = wd_dateformat_fast(r, v, resolved, len, text, sizeof text);
        if (n == WD_DATEFORMAT_FAILED) return -1;
        if (n >= 0) {
            buf_put(out, text, (size_t)n);
            return out->oom ? wr_oom(r) : 0;
        }
    }
    char msg[256];
    weft_error_kind k = wd_dateformat_try(r, out, v, resolved, len, time_only, msg, sizeof msg);
    if (k == WEFT_ERROR_NONE) return 0;
    if (k == WEFT_ERROR_OUT_OF_MEMORY) return wr_oom(r);
    return wr_fail(r, k, "%s", msg);
}

int wd_format_date(wr *r, buf *out, const weft_value *v, const char *fmt, size_t fmt_len)
{
    return format_named(r, out, v, fmt, fmt_len, false);
}

int wd_format_time(wr *r, buf *out, const weft_value *v, const char *fmt, size_t fmt_len)
{
    return format_named(r, out, v, fmt, fmt_len, true);
}

int wd_localize_datetime(wr *r, buf *out, const weft_value *v)
{
    switch (v->kind) {
    case WEFT_DATETIME: return format_named(r, out, v, "DATETIME_FORMAT", 15, false);
    case WEFT_DATE: return format_named(r, out, v, "DATE_FORMAT", 11, false);
    case WEFT_TIME: return format_named(r, out, v, "TIME_FORMAT", 11, true);
    default: return 0;
    }
}

/* ---- time zone conversions --------------------------------------------- */

/* The instant t (UTC seconds) as an aware datetime in the current zone. */
static void to_current_zone(wr *r, int64_t t, int32_t usec, wv_datetime *d)
{
    const wtz *cur = wr_timezone(r);
    int32_t off = 0;
    if (cur) {
        wtz_info info;
        wtz_at_utc(cur, t, &info);
        off = info.utc_offset;
    }
    wd_set_wall(d, t + off);
    d->usec = usec;
    d->tz = 1;
    d->offset_min = (int16_t)(off / 60);
}

int wd_localtime(wr *r, weft_value *v)
{
    /* A datetime the tz library put in a zone stays there (Django's
     * convert_to_local_time = False). */
    if (v->kind != WEFT_DATETIME || v->u.dt.tz != WD_TZ_FIXED || !wd_use_tz(r)) return 0;
    wv_datetime d = v->u.dt;
    int64_t utc = wd_wall_seconds(&d) - (int64_t)d.offset_min * 60;
    to_current_zone(r, utc, d.usec, &d);
    v->u.dt = d;
    return 0;
}

weft_value wd_now_value(wr *r)
{
    int64_t sec;
    int32_t usec;
    wr_now(r, &sec, &usec);
    weft_value v = {0};
    v.kind = WEFT_DATETIME;
    to_current_zone(r, sec, usec, &v.u.dt);
    if (!wd_use_tz(r)) {
        v.u.dt.tz = 0;
        v.u.dt.offset_min = 0;
    }
    return v;
}
