/* Time zones from the system's tz database (TZif files), with the semantics
 * of Python's zoneinfo: the offset at a UTC instant, and the offset of a
 * wall-clock time with fold 0 (the earlier of two ambiguous readings, the
 * offset before a gap for a time that does not exist).
 *
 * A wtz is immutable once loaded: any number of threads may query it at
 * once. Nothing here reads or changes process-wide state (no TZ variable,
 * no localtime_r). */
#ifndef WEFT_TZ_H
#define WEFT_TZ_H

#include <stdbool.h>
#include <stdint.h>

typedef struct wtz wtz;

/* What a zone says about one moment. */
typedef struct wtz_info {
    int32_t utc_offset; /* seconds east of UTC */
    bool is_dst;
    char abbr[16];      /* "CST", "CDT", "+0315"; NUL-terminated */
} wtz_info;

/* Loads an IANA zone ("America/Chicago", "UTC") from the system database.
 * Returns NULL when the name is unknown or unsafe (empty, absolute, with a
 * ".." component) or out of memory. Free with wtz_free. */
wtz *wtz_load(const char *name);
/* The same, from the database rooted at dir (for tests). */
wtz *wtz_load_from(const char *dir, const char *name);
/* A fixed UTC offset, named "+HHMM"/"-HHMM" as Django's
 * get_fixed_timezone names it. NULL when out of memory. */
wtz *wtz_fixed(int offset_minutes);
void wtz_free(wtz *tz);

/* The name the zone was loaded with, or "+HHMM" for a fixed offset. */
const char *wtz_name(const wtz *tz);
/* True for zones made by wtz_fixed. */
bool wtz_is_fixed(const wtz *tz);

/* The zone's offset, abbreviation and DST flag at a UTC instant. */
void wtz_at_utc(const wtz *tz, int64_t unix_seconds, wtz_info *out);
/* The same for a wall-clock time, given as seconds since 1970-01-01T00:00
 * of that wall clock. fold is 0 or 1, as in Python. */
void wtz_at_local(const wtz *tz, int64_t local_seconds, int fold, wtz_info *out);
/* Django's _datetime_ambiguous_or_imaginary: the two folds disagree. */
bool wtz_local_is_ambiguous_or_imaginary(const wtz *tz, int64_t local_seconds);
/* The UTC instant of a wall-clock time with fold 0. */
int64_t wtz_local_to_utc(const wtz *tz, int64_t local_seconds);

/* Proleptic Gregorian calendar arithmetic (days since 1970-01-01). */
static inline int64_t wtz_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static inline void wtz_civil_from_days(int64_t z, int *year, int *month, int *day)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(y + (m <= 2));
    *month = m;
    *day = d;
}

static inline bool wtz_is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static inline int wtz_days_in_month(int64_t y, int m)
{
    static const int8_t days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && wtz_is_leap(y) ? 29 : days[m - 1];
}

/* Floor division and modulo for seconds → days. */
static inline int64_t wtz_floordiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
static inline int64_t wtz_floormod(int64_t a, int64_t b) { return a - wtz_floordiv(a, b) * b; }

#endif
