/* JSON to weft values; see json_context.h. */
#include "json_context.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static weft_value *fail(char *errbuf, size_t errsize, const char *what, const char *detail)
{
    if (errsize > 0)
        snprintf(errbuf, errsize, "%s%s%s", what, detail ? ": " : "", detail ? detail : "");
    return NULL;
}

/* ---- ISO 8601 ---------------------------------------------------------- */

/* Reads exactly n digits at *p. */
static bool digits(const char **p, const char *end, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (*p >= end || (*p)[0] < '0' || (*p)[0] > '9')
            return false;
        v = v * 10 + (*(*p)++ - '0');
    }
    *out = v;
    return true;
}

static bool accept(const char **p, const char *end, char c)
{
    if (*p < end && **p == c) {
        (*p)++;
        return true;
    }
    return false;
}

/* [:SS[.ffffff]] after HH:MM. Fractions longer than six digits are cut. */
static bool parse_seconds(const char **p, const char *end, wjson_datetime *out)
{
    out->second = 0;
    out->microsecond = 0;
    if (!accept(p, end, ':'))
        return true;
    if (!digits(p, end, 2, &out->second))
        return false;
    if (accept(p, end, '.') || accept(p, end, ',')) {
        int scale = 100000, n = 0;
        while (*p < end && **p >= '0' && **p <= '9') {
            out->microsecond += (**p - '0') * scale;
            scale /= 10;
            (*p)++;
            n++;
        }
        if (n == 0)
            return false;
    }
    return true;
}

/* [Z|(+|-)HH[:]MM] up to end. */
static bool parse_offset(const char **p, const char *end, wjson_datetime *out)
{
    out->has_offset = false;
    out->offset_minutes = 0;
    if (*p == end)
        return true;
    if (accept(p, end, 'Z') || accept(p, end, 'z')) {
        out->has_offset = true;
        return *p == end;
    }
    int sign = **p == '-' ? -1 : 1;
    if (!accept(p, end, '+') && !accept(p, end, '-'))
        return false;
    int hh, mm;
    if (!digits(p, end, 2, &hh))
        return false;
    accept(p, end, ':');
    if (!digits(p, end, 2, &mm))
        return false;
    out->has_offset = true;
    out->offset_minutes = sign * (hh * 60 + mm);
    return *p == end;
}

static bool valid_date(int y, int m, int d)
{
    static const int days_in_month[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days_in_month[m - 1] + (m == 2 && leap);
}

static bool valid_clock(const wjson_datetime *t)
{
    return t->hour < 24 && t->minute < 60 && t->second < 60;
}

bool wjson_parse_time(const char *s, size_t len, wjson_datetime *out)
{
    const char *p = s, *end = s + len;
    memset(out, 0, sizeof *out);
    if (!digits(&p, end, 2, &out->hour) || !accept(&p, end, ':') ||
        !digits(&p, end, 2, &out->minute) || !parse_seconds(&p, end, out) ||
        !parse_offset(&p, end, out))
        return false;
    return valid_clock(out);
}

bool wjson_parse_datetime(const char *s, size_t len, wjson_datetime *out)
{
    const char *p = s, *end = s + len;
    memset(out, 0, sizeof *out);
    if (!digits(&p, end, 4, &out->year) || !accept(&p, end, '-') ||
        !digits(&p, end, 2, &out->month) || !accept(&p, end, '-') ||
        !digits(&p, end, 2, &out->day))
        return false;
    if (!valid_date(out->year, out->month, out->day))
        return false;
    if (p == end)
        return true;
    if (!accept(&p, end, 'T') && !accept(&p, end, ' '))
        return false;
    if (!digits(&p, end, 2, &out->hour) || !accept(&p, end, ':') ||
        !digits(&p, end, 2, &out->minute) || !parse_seconds(&p, end, out) ||
        !parse_offset(&p, end, out))
        return false;
    return valid_clock(out);
}

/* Howard Hinnant's days_from_civil. */
int64_t wjson_days_from_civil(int year, int month, int day)
{
    int64_t y = year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* ---- values ------------------------------------------------------------ */

static weft_value *tagged(weft_values *store, const char *tag, const json_t *arg, bool *known,
                          char *errbuf, size_t errsize);

static weft_value *sequence(weft_values *store, const json_t *array, bool tuple, char *errbuf,
                            size_t errsize)
{
    weft_value *seq = tuple ? weft_value_tuple(store) : weft_value_list(store);
    if (!seq)
        return fail(errbuf, errsize, "out of memory", NULL);
    size_t i;
    const json_t *item;
    json_array_foreach(array, i, item) {
        weft_value *v = wjson_to_value(store, item, errbuf, errsize);
        if (!v)
            return NULL;
        if (weft_list_append(store, seq, v) != WEFT_OK)
            return fail(errbuf, errsize, "out of memory", NULL);
    }
    return seq;
}

static weft_value *object(weft_values *store, const json_t *obj, char *errbuf, size_t errsize)
{
    if (json_object_size(obj) == 1) {
        const char *key = json_object_iter_key(json_object_iter((json_t *)obj));
        if (key[0] == '$') {
            const json_t *arg = json_object_get(obj, key);
            bool known;
            weft_value *v = tagged(store, key, arg, &known, errbuf, errsize);
            if (known)
                return v;
            /* an unknown $key: an ordinary dict */
        }
    }
    weft_value *dict = weft_value_dict(store);
    if (!dict)
        return fail(errbuf, errsize, "out of memory", NULL);
    const char *key;
    size_t key_len;
    const json_t *val;
    json_object_keylen_foreach((json_t *)obj, key, key_len, val) {
        weft_value *v = wjson_to_value(store, val, errbuf, errsize);
        if (!v)
            return NULL;
        if (weft_dict_set(store, dict, key, key_len, v) != WEFT_OK)
            return fail(errbuf, errsize, "out of memory", NULL);
    }
    return dict;
}

static weft_value *timedelta(weft_values *store, double seconds, char *errbuf, size_t errsize)
{
    double total_us = round(seconds * 1e6);
    if (!isfinite(total_us) || fabs(total_us) > 9e18)
        return fail(errbuf, errsize, "$timedelta out of range", NULL);
    int64_t us = (int64_t)total_us;
    const int64_t us_per_day = 86400LL * 1000000LL;
    int64_t days = us / us_per_day, rest = us % us_per_day;
    if (rest < 0) {
        rest += us_per_day;
        days--;
    }
    return weft_value_duration(store, days, rest / 1000000, rest % 1000000);
}

/* Sets *known false (and returns NULL) when tag is not one of ours. */
static weft_value *tagged(weft_values *store, const char *tag, const json_t *arg, bool *known,
                          char *errbuf, size_t errsize)
{
    const char *s = json_string_value(arg);
    size_t len = s ? json_string_length(arg) : 0;
    wjson_datetime t;
    weft_value *v;

    *known = true;
    if (!strcmp(tag, "$tuple")) {
        if (!json_is_array(arg))
            return fail(errbuf, errsize, "$tuple needs an array", NULL);
        return sequence(store, arg, true, errbuf, errsize);
    }
    if (!strcmp(tag, "$timedelta")) {
        if (!json_is_number(arg))
            return fail(errbuf, errsize, "$timedelta needs a number of seconds", NULL);
        return timedelta(store, json_number_value(arg), errbuf, errsize);
    }
    *known = !strcmp(tag, "$safe") || !strcmp(tag, "$date") || !strcmp(tag, "$datetime") ||
             !strcmp(tag, "$time") || !strcmp(tag, "$decimal") || !strcmp(tag, "$float");
    if (!*known)
        return NULL;
    if (!s)
        return fail(errbuf, errsize, tag, "needs a string");

    if (!strcmp(tag, "$safe")) {
        v = weft_value_safe_string(store, s, len);
    } else if (!strcmp(tag, "$decimal")) {
        v = weft_value_decimal(store, s, len);
    } else if (!strcmp(tag, "$float")) {
        double d;
        if (!strcmp(s, "nan"))
            d = NAN;
        else if (!strcmp(s, "inf"))
            d = INFINITY;
        else if (!strcmp(s, "-inf"))
            d = -INFINITY;
        else
            return fail(errbuf, errsize, "$float must be nan, inf or -inf", s);
        v = weft_value_float(store, d);
    } else if (!strcmp(tag, "$time")) {
        if (!wjson_parse_time(s, len, &t))
            return fail(errbuf, errsize, "bad $time", s);
        v = weft_value_time(store, t.hour, t.minute, t.second, t.microsecond);
    } else if (!strcmp(tag, "$date")) {
        if (!wjson_parse_datetime(s, len, &t) || len != 10)
            return fail(errbuf, errsize, "bad $date", s);
        v = weft_value_date(store, t.year, t.month, t.day);
    } else { /* $datetime */
        if (!wjson_parse_datetime(s, len, &t))
            return fail(errbuf, errsize, "bad $datetime", s);
        v = weft_value_datetime(store, t.year, t.month, t.day, t.hour, t.minute, t.second,
                                t.microsecond, t.has_offset, t.offset_minutes);
    }
    return v ? v : fail(errbuf, errsize, "out of memory", NULL);
}

weft_value *wjson_to_value(weft_values *store, const json_t *json, char *errbuf, size_t errsize)
{
    weft_value *v = NULL;
    if (errsize > 0)
        errbuf[0] = '\0';
    switch (json_typeof(json)) {
    case JSON_NULL:
        v = weft_value_null(store);
        break;
    case JSON_TRUE:
        v = weft_value_bool(store, true);
        break;
    case JSON_FALSE:
        v = weft_value_bool(store, false);
        break;
    case JSON_INTEGER:
        v = weft_value_int(store, (int64_t)json_integer_value(json));
        break;
    case JSON_REAL:
        v = weft_value_float(store, json_real_value(json));
        break;
    case JSON_STRING:
        v = weft_value_string(store, json_string_value(json), json_string_length(json));
        break;
    case JSON_ARRAY:
        return sequence(store, json, false, errbuf, errsize);
    case JSON_OBJECT:
        return object(store, json, errbuf, errsize);
    }
    return v ? v : fail(errbuf, errsize, "out of memory", NULL);
}

weft_value *wjson_load_context(weft_values *store, const char *path, char *errbuf,
                               size_t errsize)
{
    json_error_t jerr;
    json_t *root = !strcmp(path, "-") ? json_loadf(stdin, JSON_ALLOW_NUL, &jerr)
                                      : json_load_file(path, JSON_ALLOW_NUL, &jerr);
    if (!root) {
        if (errsize > 0 && jerr.line > 0)
            snprintf(errbuf, errsize, "%s:%d:%d: %s", path, jerr.line, jerr.column, jerr.text);
        else if (errsize > 0)
            snprintf(errbuf, errsize, "%s", jerr.text);
        return NULL;
    }
    weft_value *v = NULL;
    if (!json_is_object(root))
        fail(errbuf, errsize, path, "the context must be a JSON object");
    else
        v = wjson_to_value(store, root, errbuf, errsize);
    json_decref(root);
    return v;
}

/* ---- local time to UTC ------------------------------------------------- */

static int collect(void *userdata, const char *data, size_t len)
{
    char *out = userdata;
    size_t have = strlen(out);
    if (have + len >= 32)
        return 1;
    memcpy(out + have, data, len);
    out[have + len] = '\0';
    return 0;
}

/* Howard Hinnant's civil_from_days. */
static void civil_from_days(int64_t z, int *year, int *month, int *day)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(yoe + era * 400 + (*month <= 2));
}

static weft_value *naive_at(weft_values *store, int64_t wall)
{
    int y, m, d;
    int64_t secs = wall % 86400 < 0 ? wall % 86400 + 86400 : wall % 86400;
    civil_from_days((wall - secs) / 86400, &y, &m, &d);
    return weft_value_datetime(store, y, m, d, (int)(secs / 3600), (int)(secs / 60 % 60),
                               (int)(secs % 60), 0, false, 0);
}

/* The UTC offset, in seconds, of a naive wall time (seconds since the epoch
 * as if it were UTC) in zone. Django's date format "Z" of a naive datetime
 * gives its default zone's offset, but prints nothing for a wall time that
 * is ambiguous or skipped; Python (fold=0) then takes the offset in force
 * before the transition, which three hours earlier still shows. */
static bool zone_offset(int64_t wall, const char *zone, long *offset, char *errbuf,
                        size_t errsize)
{
    static const char probe[] = "{{ t|date:\"Z\" }} {{ before|date:\"Z\" }}";
    bool ok = false;
    char text[32] = "";
    weft_error err = {0};
    weft_engine *engine = weft_engine_new();
    weft_values *store = weft_values_new();
    weft_template *tpl = NULL;
    weft_value *ctx = store ? weft_value_dict(store) : NULL;
    weft_value *now = store ? naive_at(store, wall) : NULL;
    weft_value *before = store ? naive_at(store, wall - 3 * 3600) : NULL;
    if (!engine || !ctx || !now || !before || weft_dict_set(store, ctx, "t", 1, now) ||
        weft_dict_set(store, ctx, "before", 6, before)) {
        fail(errbuf, errsize, "out of memory", NULL);
        goto done;
    }
    if (weft_engine_set_time_zone(engine, zone) != WEFT_OK) {
        fail(errbuf, errsize, "unknown time zone", zone);
        goto done;
    }
    tpl = weft_engine_compile(engine, "<offset probe>", probe, sizeof probe - 1, &err);
    if (!tpl || weft_render(tpl, ctx, NULL, collect, text, &err) != WEFT_OK) {
        fail(errbuf, errsize, "cannot compute the time zone offset", err.message);
        goto done;
    }
    const char *p = text[0] == ' ' ? text + 1 : text; /* empty: use "before" */
    char *end;
    *offset = strtol(p, &end, 10);
    ok = end != p && (*end == ' ' || *end == '\0');
    if (!ok)
        fail(errbuf, errsize, "cannot compute the time zone offset", text);
done:
    weft_template_release(tpl);
    weft_values_free(store);
    weft_engine_free(engine);
    return ok;
}

bool wjson_local_to_utc(const char *iso, const char *zone, int64_t *unix_seconds,
                        int32_t *microseconds, char *errbuf, size_t errsize)
{
    wjson_datetime t;
    if (!wjson_parse_datetime(iso, strlen(iso), &t)) {
        fail(errbuf, errsize, "not an ISO 8601 date and time", iso);
        return false;
    }
    int64_t wall = wjson_days_from_civil(t.year, t.month, t.day) * 86400 + t.hour * 3600 +
                   t.minute * 60 + t.second;
    long offset = 0;
    if (t.has_offset)
        offset = t.offset_minutes * 60L;
    else if (zone && strcmp(zone, "UTC") != 0 && !zone_offset(wall, zone, &offset, errbuf, errsize))
        return false;
    *unix_seconds = wall - offset;
    *microseconds = t.microsecond;
    return true;
}
