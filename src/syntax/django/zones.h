/* Datetimes in named time zones, as the tz library makes them: a value the
 * localtime, utc and timezone filters return carries its zone (Python's
 * tzinfo), which its date formats print ("JST") and which keeps it from
 * being converted to the current zone again (Django's
 * convert_to_local_time = False).
 *
 * A datetime's tz field says what it is: 0 naive, 1 aware with a fixed
 * offset, 2 + i aware in the i-th zone of the render's table of zones. The
 * table lives in the render's state: such values exist only during the
 * render that made them. */
#ifndef WEFT_DJANGO_ZONES_H
#define WEFT_DJANGO_ZONES_H

#include "base/tz.h"
#include "filter_api.h"

enum { WD_TZ_NAIVE = 0, WD_TZ_FIXED = 1, WD_TZ_ZONES = 2 };

/* A datetime's wall-clock reading as seconds since 1970-01-01 00:00 (no
 * offset applied), and the reverse (no range check). */
int64_t wd_wall_seconds(const wv_datetime *d);
void wd_set_wall(wv_datetime *d, int64_t wall);

/* The zone a datetime was put in by the tz library, or NULL. */
const wtz *wd_zone_of(wr *r, const wv_datetime *d);

/* An aware datetime as the same instant in zone, carrying it (Python's
 * localtime(value, zone)). Returns 0, or -1 on a failure reported
 * (OverflowError out of the year range, out of memory). */
int wd_to_zone(wr *r, weft_value *v, const wtz *zone);

/* A naive datetime made aware in zone, fold 0 (Django's make_aware with
 * zoneinfo: a time in a gap or a fold takes the offset before it). */
int wd_make_aware(wr *r, weft_value *v, const wtz *zone);

/* zoneinfo.ZoneInfo(name): the zone, or NULL with Django's exception
 * reported (ValueError for a key that is not a normalized relative path,
 * ZoneInfoNotFoundError for one the database lacks). */
const wtz *wd_zone_named(wr *r, const char *name, size_t len);

#endif
