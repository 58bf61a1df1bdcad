/* Unit tests: the tz database reader, Django date formatting, and the date
 * filters (date, time, timesince, timeuntil). */
#include <stdio.h>
#include <string.h>

#include "base/tz.h"
#include "i18n/formats.h"
#include "syntax/django/dateformat.h"
#include "render/state.h"
#include "syntax/django/filter_api.h"
#include "check.h"

#define NB "\xc2\xa0" /* U+00A0, avoid_wrapping() */

static void check_str(const char *what, const char *expected, const char *got, size_t got_len)
{
    if (strlen(expected) == got_len && memcmp(expected, got, got_len) == 0) {
        passed++;
        return;
    }
    failed++;
    printf("FAIL %s\n  expected: [%s]\n  got:      [%.*s]\n", what, expected, (int)got_len, got);
}

static void check_int(const char *what, long long expected, long long got)
{
    if (expected == got) {
        passed++;
        return;
    }
    failed++;
    printf("FAIL %s\n  expected: %lld\n  got:      %lld\n", what, expected, got);
}

static weft_value date_v(int y, int m, int d)
{
    weft_value v = {0};
    v.kind = WEFT_DATE;
    v.u.dt.year = (int16_t)y;
    v.u.dt.month = (uint8_t)m;
    v.u.dt.day = (uint8_t)d;
    return v;
}

static weft_value dt_v(int y, int mo, int d, int h, int mi, int s, int us)
{
    weft_value v = date_v(y, mo, d);
    v.kind = WEFT_DATETIME;
    v.u.dt.hour = (uint8_t)h;
    v.u.dt.minute = (uint8_t)mi;
    v.u.dt.second = (uint8_t)s;
    v.u.dt.usec = us;
    return v;
}

static weft_value aware_v(int y, int mo, int d, int h, int mi, int s, int offset_min)
{
    weft_value v = dt_v(y, mo, d, h, mi, s, 0);
    v.u.dt.tz = 1;
    v.u.dt.offset_min = (int16_t)offset_min;
    return v;
}

static weft_value time_v(int h, int mi, int s, int us)
{
    weft_value v = {0};
    v.kind = WEFT_TIME;
    v.u.dt.hour = (uint8_t)h;
    v.u.dt.minute = (uint8_t)mi;
    v.u.dt.second = (uint8_t)s;
    v.u.dt.usec = us;
    return v;
}

static int64_t utc_of(int y, int mo, int d, int h, int mi, int s)
{
    return wtz_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

/* ---- tz ---------------------------------------------------------------- */

static void check_zone(const wtz *tz, const char *what, int64_t t, bool local, int32_t off, bool dst,
                       const char *abbr)
{
    wtz_info i;
    if (local) wtz_at_local(tz, t, 0, &i);
    else wtz_at_utc(tz, t, &i);
    char label[160];
    snprintf(label, sizeof label, "%s offset", what);
    check_int(label, off, i.utc_offset);
    snprintf(label, sizeof label, "%s dst", what);
    check_int(label, dst, i.is_dst);
    snprintf(label, sizeof label, "%s abbr", what);
    check_str(label, abbr, i.abbr, strlen(i.abbr));
}

static void test_tz(void)
{
    check_int("refuse ..", 1, wtz_load("../../etc/passwd") == NULL);
    check_int("refuse absolute", 1, wtz_load("/etc/passwd") == NULL);
    check_int("refuse empty", 1, wtz_load("") == NULL);
    check_int("unknown zone", 1, wtz_load("Nowhere/Atlantis") == NULL);
    check_int("directory is no zone", 1, wtz_load("America") == NULL);

    wtz *chi = wtz_load("America/Chicago");
    if (!chi) {
        failed++;
        printf("FAIL America/Chicago does not load\n");
        return;
    }
    check_str("name", "America/Chicago", wtz_name(chi), strlen(wtz_name(chi)));
    /* Inside the transition table. */
    check_zone(chi, "winter 2010", utc_of(2010, 1, 15, 12, 0, 0), false, -21600, false, "CST");
    check_zone(chi, "summer 2010", utc_of(2010, 7, 15, 12, 0, 0), false, -18000, true, "CDT");
    /* Far future: the POSIX footer rule. */
    check_zone(chi, "summer 2090", utc_of(2090, 7, 1, 0, 0, 0), false, -18000, true, "CDT");
    check_zone(chi, "winter 2090", utc_of(2090, 12, 1, 0, 0, 0), false, -21600, false, "CST");
    /* 2095-03-13 is the second Sunday of March: the switch is 08:00 UTC. */
    check_zone(chi, "just before 2095 switch", utc_of(2095, 3, 13, 7, 59, 59), false, -21600, false, "CST");
    check_zone(chi, "at 2095 switch", utc_of(2095, 3, 13, 8, 0, 0), false, -18000, true, "CDT");
    /* Wall-clock times, fold 0: a gap takes the offset before it, an
     * ambiguous hour its first reading. 2021-03-14 02:30 does not exist;
     * 2021-11-07 01:30 happens twice. */
    check_zone(chi, "gap", utc_of(2021, 3, 14, 2, 30, 0), true, -21600, false, "CST");
    check_zone(chi, "fold", utc_of(2021, 11, 7, 1, 30, 0), true, -18000, true, "CDT");
    check_zone(chi, "after fold", utc_of(2021, 11, 7, 2, 0, 0), true, -21600, false, "CST");
    check_zone(chi, "gap 2099 (rule)", utc_of(2099, 3, 8, 2, 30, 0), true, -21600, false, "CST");
    check_zone(chi, "fold 2099 (rule)", utc_of(2099, 11, 1, 1, 30, 0), true, -18000, true, "CDT");
    check_int("ambiguous", 1, wtz_local_is_ambiguous_or_imaginary(chi, utc_of(2021, 11, 7, 1, 30, 0)));
    check_int("imaginary", 1, wtz_local_is_ambiguous_or_imaginary(chi, utc_of(2021, 3, 14, 2, 30, 0)));
    check_int("plain", 0, wtz_local_is_ambiguous_or_imaginary(chi, utc_of(2021, 3, 14, 3, 30, 0)));
    check_int("local to utc", utc_of(2021, 6, 1, 17, 0, 0), wtz_local_to_utc(chi, utc_of(2021, 6, 1, 12, 0, 0)));
    wtz_free(chi);

    wtz *syd = wtz_load("Australia/Sydney");
    if (syd) {
        check_zone(syd, "sydney january 2080", utc_of(2080, 1, 10, 0, 0, 0), false, 39600, true, "AEDT");
        check_zone(syd, "sydney july 2080", utc_of(2080, 7, 10, 0, 0, 0), false, 36000, false, "AEST");
        wtz_free(syd);
    }

    wtz *fx = wtz_fixed(-330);
    check_str("fixed name", "-0530", wtz_name(fx), strlen(wtz_name(fx)));
    check_zone(fx, "fixed", 0, false, -19800, false, "-0530");
    wtz_free(fx);
    wtz_free(NULL);
}

/* ---- formatting -------------------------------------------------------- */

static arena test_arena;

static wr *new_render(void)
{
    wr *r = wd_new_standalone(&test_arena);
    return r;
}

static void check_format(wr *r, const char *what, const weft_value *v, const char *fmt, bool time_only,
                         const char *expected, weft_error_kind expected_kind)
{
    buf b;
    buf_init(&b, &test_arena);
    char msg[256];
    weft_error_kind k = wd_dateformat_try(r, &b, v, fmt, strlen(fmt), time_only, msg, sizeof msg);
    char label[200];
    snprintf(label, sizeof label, "%s: format '%s' kind", what, fmt);
    check_int(label, expected_kind, k);
    if (k == WEFT_ERROR_NONE && expected_kind == WEFT_ERROR_NONE) {
        snprintf(label, sizeof label, "%s: format '%s'", what, fmt);
        check_str(label, expected, b.data ? b.data : "", b.len);
    } else if (expected) {
        snprintf(label, sizeof label, "%s: format '%s' message", what, fmt);
        check_str(label, expected, msg, strlen(msg));
    }
}

static void test_format_chars(void)
{
    wr *r = new_render();
    weft_value d = dt_v(2003, 10, 7, 11, 39, 5, 123);
    check_format(r, "datetime", &d, "jS F Y H:i", false, "7th October 2003 11:39", WEFT_ERROR_NONE);
    check_format(r, "datetime", &d, "a A b c d D E f F g G h H i", false,
                 "a.m. AM oct 2003-10-07T11:39:05.000123 07 Tue October 11:39 October 11 11 11 11 39",
                 WEFT_ERROR_NONE);
    check_format(r, "datetime", &d, "j l L m M n N o P s S t u w W y Y z", false,
                 "7 Tuesday False 10 Oct 10 Oct. 2003 11:39 a.m. 05 th 31 000123 2 41 03 2003 280",
                 WEFT_ERROR_NONE);
    /* Naive datetimes take the current zone (UTC here) for the zone chars. */
    check_format(r, "naive utc", &d, "e|O|T|Z|I|U|r", false,
                 "|+0000|UTC|0|0|1065526745|Tue, 07 Oct 2003 11:39:05 +0000", WEFT_ERROR_NONE);
    /* Backslash escapes, and a backslash that escapes a backslash. */
    check_format(r, "escapes", &d, "\\Y\\e\\s, Y", false, "Yes, 2003", WEFT_ERROR_NONE);
    check_format(r, "escaped backslash", &d, "\\\\Y", false, "\\Y", WEFT_ERROR_NONE);
    check_format(r, "literal text", &d, "[x] - ", false, "[x] - ", WEFT_ERROR_NONE);
    check_format(r, "utf8 literal", &d, "Y年n月j日", false, "2003年10月7日", WEFT_ERROR_NONE);

    weft_value noon = dt_v(2000, 2, 29, 12, 0, 0, 0);
    check_format(r, "noon", &noon, "P|f|g|h|a|L|t|S|z", false, "noon|12|12|12|p.m.|True|29|th|60",
                 WEFT_ERROR_NONE);
    weft_value midnight = dt_v(1999, 1, 1, 0, 0, 0, 0);
    check_format(r, "midnight", &midnight, "P|f|o|W|w|D", false, "midnight|12|1998|53|5|Fri", WEFT_ERROR_NONE);
    weft_value late = dt_v(2021, 3, 22, 23, 5, 0, 0);
    check_format(r, "late", &late, "P|f|S|y", false, "11:05 p.m.|11:05|nd|21", WEFT_ERROR_NONE);

    weft_value day = date_v(2010, 1, 3);
    check_format(r, "date", &day, "o-W l jS c U", false, "2009-53 Sunday 3rd 2010-01-03 1262476800",
                 WEFT_ERROR_NONE);
    check_format(r, "date time char", &day, "Y H", false,
                 "The format for date objects may not contain time-related format specifiers (found 'H').",
                 WEFT_ERROR_TYPE);
    check_format(r, "date r", &day, "r", false,
                 "The format for date objects may not contain time-related format specifiers (found 'r').",
                 WEFT_ERROR_TYPE);
    check_format(r, "date zone chars in DateFormat", &day, "I", false, "", WEFT_ERROR_NONE);

    weft_value t = time_v(16, 25, 0, 0);
    check_format(r, "time", &t, "P H:i:s u c", false, "4:25 p.m. 16:25:00 000000 16:25:00", WEFT_ERROR_NONE);
    check_format(r, "time e", &t, "e|O|T|Z", true, "|||", WEFT_ERROR_NONE);
    check_format(r, "time d", &t, "d", false, "'datetime.time' object has no attribute 'day'", WEFT_ERROR_ATTRIBUTE);
    check_format(r, "TimeFormat date char", &d, "H d", true, "'TimeFormat' object has no attribute 'd'",
                 WEFT_ERROR_ATTRIBUTE);
    check_format(r, "TimeFormat on date", &day, "H", true, NULL, WEFT_ERROR_TYPE);

    weft_value s = wv_str("text", 4, false);
    check_format(r, "string", &s, "m", false, "'str' object has no attribute 'month'", WEFT_ERROR_ATTRIBUTE);
    check_format(r, "string zone char", &s, "e", false, "", WEFT_ERROR_NONE);
    check_format(r, "string no chars", &s, "\\x", false, "x", WEFT_ERROR_NONE);

    /* Aware datetimes with a fixed offset. */
    weft_value a = aware_v(2009, 3, 12, 8, 15, 0, 195);
    check_format(r, "aware", &a, "e|O|T|Z|I|c|U", false,
                 "+0315|+0315|+0315|11700|0|2009-03-12T08:15:00+03:15|1236834000", WEFT_ERROR_NONE);
    check_format(r, "aware r", &a, "r", false, "Thu, 12 Mar 2009 08:15:00 +0315", WEFT_ERROR_NONE);
    weft_value w = aware_v(2009, 3, 12, 8, 15, 0, -30);
    check_format(r, "aware west", &w, "e|O|Z", false, "-0030|-0030|-1800", WEFT_ERROR_NONE);
}

static void test_zones_in_format(void)
{
    wr *r = new_render();
    wtz *chi = wtz_load("America/Chicago");
    if (!chi) return;
    r->tz = chi;
    weft_value summer = dt_v(2012, 7, 4, 9, 0, 0, 0);
    check_format(r, "naive chicago summer", &summer, "e|O|T|Z|I|U", false,
                 "|-0500|CDT|-18000|1|1341410400", WEFT_ERROR_NONE);
    weft_value winter = dt_v(2012, 1, 4, 9, 0, 0, 0);
    check_format(r, "naive chicago winter", &winter, "T|I|r", false,
                 "CST|0|Wed, 04 Jan 2012 09:00:00 -0600", WEFT_ERROR_NONE);
    weft_value fold = dt_v(2012, 11, 4, 1, 30, 0, 0);
    check_format(r, "ambiguous hour", &fold, "O|T|Z|I|e", false, "||||", WEFT_ERROR_NONE);

    /* localtime(): aware values move to the current zone under USE_TZ. */
    weft_value a = aware_v(2012, 7, 4, 12, 0, 0, 0);
    wd_localtime(r, &a); /* use_tz off: unchanged */
    check_int("localtime off", 12, a.u.dt.hour);
    wd_set_use_tz(r, WD_ON);
    wd_localtime(r, &a);
    check_int("localtime hour", 7, a.u.dt.hour);
    check_int("localtime offset", -300, a.u.dt.offset_min);
    check_format(r, "converted", &a, "e|T|O|I|H", false, "CDT|CDT|-0500|1|07", WEFT_ERROR_NONE);
    weft_value b = aware_v(2012, 12, 31, 23, 30, 0, 60);
    wd_localtime(r, &b);
    check_format(r, "converted across midnight", &b, "Y-m-d H:i T", false, "2012-12-31 16:30 CST",
                 WEFT_ERROR_NONE);

    /* now: aware in the current zone under USE_TZ, else naive local time. */
    r->now_sec = utc_of(2020, 1, 1, 3, 0, 0);
    weft_value n = wd_now_value(r);
    check_format(r, "now aware", &n, "Y-m-d H:i T", false, "2019-12-31 21:00 CST", WEFT_ERROR_NONE);
    wd_set_use_tz(r, WD_OFF);
    n = wd_now_value(r);
    check_int("now naive", 0, n.u.dt.tz);
    check_format(r, "now naive", &n, "j n Y G", false, "31 12 2019 21", WEFT_ERROR_NONE);
    wtz_free(chi);
}

static void test_named_formats(void)
{
    size_t n;
    const char *f = wi_named_date_format("de", "DATE_FORMAT", 11, &n);
    check_str("de DATE_FORMAT", "j. F Y", f, n);
    f = wi_named_date_format("zh-hans", "SHORT_DATE_FORMAT", 17, &n);
    check_str("zh-hans SHORT_DATE_FORMAT", "Y年n月j日", f, n);
    f = wi_named_date_format("de-at", "TIME_FORMAT", 11, &n);
    check_str("de-at falls back to de", "H:i", f, n);
    f = wi_named_date_format("sr-latn", "SHORT_DATE_FORMAT", 17, &n);
    check_str("sr-latn locale", "j.m.Y.", f, n);
    f = wi_named_date_format("xx", "DATETIME_FORMAT", 15, &n);
    check_str("unknown language: default", "N j, Y, P", f, n);
    f = wi_named_date_format("en", "Y-m-d", 5, &n);
    check_str("not a name", "Y-m-d", f, n);

    wr *r = new_render();
    weft_value d = dt_v(2008, 1, 1, 13, 5, 0, 0);
    buf b;
    buf_init(&b, &test_arena);
    wd_localize_datetime(r, &b, &d);
    check_str("localize datetime en", "Jan. 1, 2008, 1:05 p.m.", b.data, b.len);
    r->language = "es";
    buf_init(&b, &test_arena);
    weft_value day = date_v(2008, 1, 1);
    wd_localize_datetime(r, &b, &day);
    check_str("localize date es (escapes)", "1 de January de 2008", b.data, b.len);
    r->language = "en";
    buf_init(&b, &test_arena);
    weft_value t = time_v(0, 0, 0, 0);
    wd_localize_datetime(r, &b, &t);
    check_str("localize time en", "midnight", b.data, b.len);
    buf_init(&b, &test_arena);
    check_int("format_date fails", -1, wd_format_date(r, &b, &day, "H", 1));
}

/* ---- filters ----------------------------------------------------------- */

static const wf_def *find_filter(const char *name)
{
    for (const wf_def *f = wd_filters_dates; f->name; f++)
        if (strcmp(f->name, name) == 0) return f;
    return NULL;
}

static void check_filter(wr *r, const char *name, weft_value v, const weft_value *arg, const char *expected)
{
    const wf_def *f = find_filter(name);
    char label[120];
    snprintf(label, sizeof label, "filter %s", name);
    if (!f) {
        failed++;
        printf("FAIL %s missing\n", label);
        return;
    }
    if (f->flags & WF_EXPECTS_LOCALTIME) wd_localtime(r, &v);
    int rc = f->fn(r, &v, arg);
    if (!expected) {
        check_int(label, -1, rc);
        r->failed = false;
        return;
    }
    if (rc != 0 || v.kind != WEFT_STRING) {
        failed++;
        printf("FAIL %s: rc %d kind %d, expected [%s]\n", label, rc, v.kind, expected);
        r->failed = false;
        return;
    }
    check_str(label, expected, v.u.s, v.len);
}

static void test_filters(void)
{
    wr *r = new_render();
    wtz *chi = wtz_load("America/Chicago");
    r->tz = chi;
    weft_value fmt = wv_str("d/m", 3, false);
    check_filter(r, "date", date_v(2012, 7, 4), &fmt, "04/07");
    check_filter(r, "date", date_v(2012, 7, 4), NULL, "July 4, 2012");
    weft_value hi = wv_str("H:i", 3, false);
    check_filter(r, "date", date_v(2012, 7, 4), &hi, NULL); /* TypeError propagates */
    check_filter(r, "date", wv_str("nope", 4, false), &fmt, "");
    check_filter(r, "date", wv_null(), &fmt, "");
    check_filter(r, "date", wv_int(3), NULL, "");
    weft_value lit = wv_str("x", 1, false);
    check_filter(r, "date", wv_str("nope", 4, false), &lit, "x");
    weft_value named = wv_str("SHORT_DATE_FORMAT", 17, false);
    check_filter(r, "date", dt_v(2012, 7, 4, 9, 0, 0, 0), &named, "07/04/2012");
    check_filter(r, "time", time_v(7, 5, 0, 0), NULL, "7:05 a.m.");
    check_filter(r, "time", time_v(7, 5, 0, 0), &hi, "07:05");
    check_filter(r, "time", date_v(2012, 7, 4), &hi, "");
    check_filter(r, "time", dt_v(2012, 7, 4, 9, 0, 0, 0), &fmt, "");
    weft_value zonefmt = wv_str("T", 1, false);
    check_filter(r, "time", dt_v(2012, 7, 4, 9, 0, 0, 0), &zonefmt, "CDT");
    r->language = "de";
    check_filter(r, "time", time_v(7, 5, 0, 0), NULL, "07:05");
    r->language = "en";

    /* timesince / timeuntil against a pinned clock: 2030-06-15 12:00 in
     * Chicago (CDT, UTC-5). */
    r->now_sec = utc_of(2030, 6, 15, 17, 0, 0);
    check_filter(r, "timesince", dt_v(2030, 6, 15, 11, 58, 30, 0), NULL, "1" NB "minute");
    check_filter(r, "timesince", dt_v(2030, 6, 14, 9, 0, 0, 0), NULL, "1" NB "day, 3" NB "hours");
    check_filter(r, "timesince", dt_v(2030, 6, 16, 9, 0, 0, 0), NULL, "0" NB "minutes");
    check_filter(r, "timesince", date_v(2028, 4, 1), NULL, "2" NB "years, 2" NB "months");
    check_filter(r, "timesince", aware_v(2030, 6, 15, 16, 0, 0, 0), NULL, "1" NB "hour");
    weft_value later = dt_v(2030, 7, 1, 0, 0, 0, 0);
    check_filter(r, "timesince", dt_v(2030, 6, 1, 0, 0, 0, 0), &later, "1" NB "month");
    weft_value later2 = dt_v(2030, 6, 30, 0, 0, 0, 0);
    check_filter(r, "timesince", dt_v(2030, 6, 1, 0, 0, 0, 0), &later2, "4" NB "weeks, 1" NB "day");
    weft_value aware_later = aware_v(2030, 7, 1, 0, 0, 0, 60);
    check_filter(r, "timesince", dt_v(2030, 6, 1, 0, 0, 0, 0), &aware_later, "");
    check_filter(r, "timesince", aware_v(2030, 6, 30, 23, 0, 0, 0), &aware_later, "0" NB "minutes");
    check_filter(r, "timesince", aware_v(2030, 6, 30, 21, 0, 0, 0), &aware_later, "2" NB "hours");
    check_filter(r, "timesince", wv_str("", 0, false), NULL, "");
    check_filter(r, "timesince", wv_str("x", 1, false), NULL, NULL); /* AttributeError */
    /* Month arithmetic keeps February at 28 days. */
    weft_value mar = dt_v(2024, 3, 30, 0, 0, 0, 0);
    check_filter(r, "timesince", dt_v(2024, 1, 31, 0, 0, 0, 0), &mar, "1" NB "month, 4" NB "weeks");
    check_filter(r, "timeuntil", dt_v(2030, 6, 15, 14, 30, 0, 0), NULL, "2" NB "hours, 30" NB "minutes");
    check_filter(r, "timeuntil", dt_v(2030, 6, 14, 14, 30, 0, 0), NULL, "0" NB "minutes");
    weft_value base = date_v(2030, 1, 1);
    check_filter(r, "timeuntil", date_v(2031, 1, 8), &base, "1" NB "year");
    wtz_free(chi);
}

int main(void)
{
    arena_init(&test_arena);
    test_tz();
    test_format_chars();
    test_zones_in_format();
    test_named_formats();
    test_filters();
    arena_free(&test_arena);
    return check_report();
}
