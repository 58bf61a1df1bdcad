/* The date filters: date, time, timesince, timeuntil (Django 5.2). */
#include <string.h>

#include "base/tz.h"
#include "i18n/formats.h"
#include "dateformat.h"

static bool is_none_or_empty(const weft_value *v)
{
    return v->kind == WEFT_NULL || (v->kind == WEFT_STRING && v->len == 0);
}

/* str(arg) of a filter argument; "None" when there is none, as Python would
 * print the default. */
static int arg_text(wr *r, const weft_value *arg, weft_value *out)
{
    if (!arg) {
        *out = wv_str("None", 4, false);
        return 0;
    }
    if (arg->kind == WEFT_STRING) { /* the usual literal format */
        *out = *arg;
        return 0;
    }
    return wr_str(r, arg, out);
}

/* date and time: the localized format first (get_format), then the
 * argument as it was; Django catches AttributeError (and, for time,
 * TypeError) from both and gives "". */
static int format_filter(wr *r, weft_value *val, const weft_value *arg, bool time_only)
{
    if (is_none_or_empty(val)) {
        *val = wv_str("", 0, false);
        return 0;
    }
    weft_value raw;
    if (arg_text(r, arg, &raw) < 0) return -1;
    const char *fmt = time_only ? "TIME_FORMAT" : "DATE_FORMAT";
    size_t fmt_len = strlen(fmt);
    if (arg && (arg->kind == WEFT_STRING ? arg->len != 0 : wv_truthy(arg))) {
        fmt = raw.u.s;
        fmt_len = raw.len;
    }
    size_t len;
    const char *resolved = wi_named_date_format(wr_language(r), fmt, fmt_len, &len);
    if (!time_only) {
        char text[WD_DATEFORMAT_FAST_MAX];
        int n = wd_dateformat_fast(r, val, resolved, len, text, sizeof text);
        if (n == WD_DATEFORMAT_FAILED) return -1;
        if (n >= 0) {
            char *copy = arena_alloc(wr_arena(r), n ? (size_t)n : 1);
            if (!copy) return wr_oom(r);
            memcpy(copy, text, (size_t)n);
            *val = wv_str(copy, (size_t)n, false);
            return 0;
        }
    }
    char msg[256];
    for (int attempt = 0; attempt < 2; attempt++) {
        buf b;
        wr_buf(r, &b);
        weft_error_kind k = attempt == 0
                                ? wd_dateformat_try(r, &b, val, resolved, len, time_only, msg, sizeof msg)
                                : wd_dateformat_try(r, &b, val, raw.u.s, raw.len, time_only, msg, sizeof msg);
        if (k == WEFT_ERROR_NONE) return wr_buf_value(r, &b, false, val);
        if (k == WEFT_ERROR_OUT_OF_MEMORY) return wr_oom(r);
        bool caught = k == WEFT_ERROR_ATTRIBUTE || (time_only && k == WEFT_ERROR_TYPE);
        if (!caught) return wr_fail(r, k, "%s", msg);
    }
    *val = wv_str("", 0, false);
    return 0;
}

static int f_date(wr *r, weft_value *val, const weft_value *arg) { return format_filter(r, val, arg, false); }
static int f_time(wr *r, weft_value *val, const weft_value *arg) { return format_filter(r, val, arg, true); }

/* ---- timesince ---------------------------------------------------------- */

/* A datetime as timesince sees it: wall-clock seconds, and the offset when
 * aware. */
typedef struct moment {
    bool aware;
    int32_t offset; /* seconds east of UTC */
    int64_t wall;   /* seconds since 1970-01-01 on its own wall clock */
    int32_t usec;
} moment;

static int64_t civil_seconds(int y, int m, int d, int hh, int mm, int ss)
{
    return wtz_days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
}

/* Dates become midnight datetimes; anything else lacks .year. */
static bool to_moment(const weft_value *v, moment *out)
{
    const wv_datetime *d = &v->u.dt;
    memset(out, 0, sizeof *out);
    if (v->kind == WEFT_DATE) {
        out->wall = civil_seconds(d->year, d->month, d->day, 0, 0, 0);
        return true;
    }
    if (v->kind != WEFT_DATETIME) return false;
    out->wall = civil_seconds(d->year, d->month, d->day, d->hour, d->minute, d->second);
    out->usec = d->usec;
    out->aware = d->tz != 0;
    out->offset = d->offset_min * 60;
    return true;
}

static const char *py_type(const weft_value *v)
{
    switch (v->kind) {
    case WEFT_STRING: return "str";
    case WEFT_INT: return "int";
    case WEFT_FLOAT: return "float";
    case WEFT_BOOL: return "bool";
    case WEFT_LIST: return "list";
    case WEFT_TUPLE: return "tuple";
    case WEFT_DICT: return "dict";
    case WEFT_TIME: return "datetime.time";
    case WEFT_DURATION: return "datetime.timedelta";
    case WEFT_DECIMAL: return "decimal.Decimal";
    default: return "object";
    }
}

static void civil_of(int64_t wall, int *y, int *m, int *d, int64_t *sod)
{
    wtz_civil_from_days(wtz_floordiv(wall, 86400), y, m, d);
    *sod = wtz_floormod(wall, 86400);
}

/* ngettext("%(num)d minute", "%(num)d minutes", n) % {"num": n}, wrapped
 * in avoid_wrapping (spaces become no-break spaces). */
static void put_unit(wr *r, buf *out, const char *singular, const char *plural, int64_t n)
{
    size_t len;
    const char *s = wd_ngettext(r, singular, plural, n, &len);
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '%' && i + 7 <= len && memcmp(s + i, "%(num)d", 7) == 0) {
            buf_printf(out, "%lld", (long long)n);
            i += 6;
        } else if (s[i] == '%' && i + 1 < len && s[i + 1] == '%') {
            buf_putc(out, '%');
            i++;
        } else if (s[i] == ' ') {
            buf_puts(out, "\xc2\xa0");
        } else {
            buf_putc(out, s[i]);
        }
    }
}

static const char *const unit_singular[6] = {"%(num)d year", "%(num)d month", "%(num)d week",
                                             "%(num)d day", "%(num)d hour", "%(num)d minute"};
static const char *const unit_plural[6] = {"%(num)d years", "%(num)d months", "%(num)d weeks",
                                           "%(num)d days", "%(num)d hours", "%(num)d minutes"};

/* django.utils.timesince.timesince with depth 2. Returns 0 with the text in
 * out, 1 when Django raises TypeError (naive against aware), -1 on a failure
 * already reported. */
static int timesince_text(wr *r, buf *out, const weft_value *value, const weft_value *arg, bool reversed)
{
    moment d, now;
    if (!to_moment(value, &d))
        return wr_fail(r, WEFT_ERROR_ATTRIBUTE, "'%s' object has no attribute 'year'", py_type(value));
    if (arg && wv_truthy(arg)) {
        if (!to_moment(arg, &now))
            return wr_fail(r, WEFT_ERROR_ATTRIBUTE, "'%s' object has no attribute 'year'", py_type(arg));
        if (now.aware && d.aware) { /* compared datetimes must be in the same zone */
            now.wall += d.offset - now.offset;
            now.offset = d.offset;
        }
    } else {
        int64_t sec;
        int32_t usec;
        wr_now(r, &sec, &usec);
        now.aware = d.aware;
        now.usec = usec;
        if (d.aware) {
            now.offset = d.offset;
        } else {
            /* datetime.now(): local time of the site's zone. */
            const wtz *cur = wr_timezone(r);
            now.offset = 0;
            if (cur) {
                wtz_info info;
                wtz_at_utc(cur, sec, &info);
                now.offset = info.utc_offset;
            }
        }
        now.wall = sec + now.offset;
        if (!d.aware) now.offset = 0;
    }
    if (reversed) {
        moment t = d;
        d = now;
        now = t;
    }
    if (d.aware != now.aware) return 1; /* can't subtract offset-naive and offset-aware */
    int64_t delta_sec = (now.wall - now.offset) - (d.wall - d.offset);
    int64_t delta_us = delta_sec * 1000000 + now.usec - d.usec;
    int64_t since = wtz_floordiv(delta_us, 1000000);
    if (since <= 0) {
        put_unit(r, out, unit_singular[5], unit_plural[5], 0);
        return 0;
    }
    int dy, dm, dd, ny, nm, nd;
    int64_t dsod, nsod;
    civil_of(d.wall, &dy, &dm, &dd, &dsod);
    civil_of(now.wall, &ny, &nm, &nd, &nsod);
    int64_t total_months = (int64_t)(ny - dy) * 12 + (nm - dm);
    if (dd > nd || (dd == nd && (dsod > nsod || (dsod == nsod && d.usec > now.usec)))) total_months--;
    int64_t years = wtz_floordiv(total_months, 12), months = wtz_floormod(total_months, 12);
    int64_t pivot_wall = d.wall;
    int32_t pivot_usec = d.usec;
    if (years || months) {
        static const int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        int64_t py = dy + years;
        int pm = dm + (int)months;
        if (pm > 12) {
            pm -= 12;
            py++;
        }
        int pd = dd < month_days[pm - 1] ? dd : month_days[pm - 1];
        pivot_wall = wtz_days_from_civil(py, pm, pd) * 86400 + dsod;
        pivot_usec = 0;
    }
    int64_t remaining = (now.wall - pivot_wall) * 1000000 + now.usec - pivot_usec;
    int64_t parts[6] = {years, months, 0, 0, 0, 0};
    static const int64_t chunks[4] = {604800, 86400, 3600, 60};
    for (int i = 0; i < 4; i++) {
        int64_t chunk = chunks[i] * 1000000;
        parts[2 + i] = wtz_floordiv(remaining, chunk);
        remaining -= parts[2 + i] * chunk;
    }
    int first = 0;
    while (first < 6 && parts[first] == 0) first++;
    if (first == 6) {
        put_unit(r, out, unit_singular[5], unit_plural[5], 0);
        return 0;
    }
    size_t sep_len;
    const char *sep = wd_gettext(r, ", ", &sep_len);
    for (int i = first; i < 6 && i < first + 2 && parts[i] != 0; i++) {
        if (i > first) buf_put(out, sep, sep_len);
        put_unit(r, out, unit_singular[i], unit_plural[i], parts[i]);
    }
    return 0;
}

static int since_filter(wr *r, weft_value *val, const weft_value *arg, bool reversed)
{
    if (!wv_truthy(val)) {
        *val = wv_str("", 0, false);
        return 0;
    }
    buf b;
    wr_buf(r, &b);
    int rc = timesince_text(r, &b, val, arg, reversed);
    if (rc < 0) return -1;
    if (rc > 0) {
        *val = wv_str("", 0, false);
        return 0;
    }
    return wr_buf_value(r, &b, false, val);
}

static int f_timesince(wr *r, weft_value *val, const weft_value *arg) { return since_filter(r, val, arg, false); }
static int f_timeuntil(wr *r, weft_value *val, const weft_value *arg) { return since_filter(r, val, arg, true); }

const wf_def wd_filters_dates[] = {
    {"date", f_date, WF_ARG_OPTIONAL, WF_EXPECTS_LOCALTIME},
    {"time", f_time, WF_ARG_OPTIONAL, WF_EXPECTS_LOCALTIME},
    {"timesince", f_timesince, WF_ARG_OPTIONAL, 0},
    {"timeuntil", f_timeuntil, WF_ARG_OPTIONAL, 0},
    {NULL, NULL, 0, 0},
};
