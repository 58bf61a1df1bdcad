/* Datetimes in named zones (zones.h). */
#include "zones.h"

#include <string.h>

/* The render's zones, in its Django state. */
static int zone_index(wr *r, const wtz *zone, uint8_t *tz)
{
    wd_state *st = wd_st(r);
    for (uint32_t i = 0; i < st->nzones; i++)
        if (st->zones[i] == zone) {
            *tz = (uint8_t)(WD_TZ_ZONES + i);
            return 0;
        }
    if (st->nzones == 255 - WD_TZ_ZONES)
        return wr_fail(r, WEFT_ERROR_LIMIT, "more than %d time zones in one render", 255 - WD_TZ_ZONES);
    if (st->nzones == st->cap_zones) {
        uint32_t cap = st->cap_zones ? st->cap_zones * 2u : 4u;
        if (cap > 255) cap = 255;
        const wtz **grown = arena_realloc(wr_arena(r), st->zones, st->cap_zones * sizeof *grown,
                                          cap * sizeof *grown);
        if (!grown) return wr_oom(r);
        st->zones = grown;
        st->cap_zones = (uint8_t)cap;
    }
    st->zones[st->nzones] = zone;
    *tz = (uint8_t)(WD_TZ_ZONES + st->nzones++);
    return 0;
}

const wtz *wd_zone_of(wr *r, const wv_datetime *d)
{
    if (d->tz < WD_TZ_ZONES) return NULL;
    const wd_state *st = wd_st(r);
    uint32_t i = d->tz - WD_TZ_ZONES;
    return i < st->nzones ? st->zones[i] : NULL;
}

int64_t wd_wall_seconds(const wv_datetime *d)
{
    return wtz_days_from_civil(d->year, d->month, d->day) * 86400 + d->hour * 3600 + d->minute * 60 +
           d->second;
}

void wd_set_wall(wv_datetime *d, int64_t wall)
{
    int y, m, day;
    wtz_civil_from_days(wtz_floordiv(wall, 86400), &y, &m, &day);
    int64_t sod = wtz_floormod(wall, 86400);
    d->year = (int16_t)y;
    d->month = (uint8_t)m;
    d->day = (uint8_t)day;
    d->hour = (uint8_t)(sod / 3600);
    d->minute = (uint8_t)(sod / 60 % 60);
    d->second = (uint8_t)(sod % 60);
}

/* wd_set_wall within Python's years 1 to 9999. */
static int set_wall_checked(wr *r, wv_datetime *d, int64_t wall)
{
    int y, m, day;
    wtz_civil_from_days(wtz_floordiv(wall, 86400), &y, &m, &day);
    if (y < 1 || y > 9999) return wr_fail(r, WEFT_ERROR_OVERFLOW, "date value out of range");
    wd_set_wall(d, wall);
    return 0;
}

int wd_to_zone(wr *r, weft_value *v, const wtz *zone)
{
    wv_datetime d = v->u.dt;
    int64_t utc = wd_wall_seconds(&d) - (int64_t)d.offset_min * 60;
    wtz_info info;
    wtz_at_utc(zone, utc, &info);
    if (set_wall_checked(r, &d, utc + info.utc_offset)) return -1;
    d.offset_min = (int16_t)(info.utc_offset / 60);
    if (zone_index(r, zone, &d.tz)) return -1;
    v->u.dt = d;
    return 0;
}

int wd_make_aware(wr *r, weft_value *v, const wtz *zone)
{
    wtz_info info;
    wtz_at_local(zone, wd_wall_seconds(&v->u.dt), 0, &info);
    v->u.dt.offset_min = (int16_t)(info.utc_offset / 60);
    return zone_index(r, zone, &v->u.dt.tz);
}

/* Python's zoneinfo refuses keys that os.path.normpath would change or that
 * leave the zone directory: absolute ones, empty ones, and those with an
 * empty, "." or ".." segment. */
static const char *invalid_key(const char *name, size_t len)
{
    if (len && name[0] == '/') return "ZoneInfo keys may not be absolute paths, got: %.*s";
    size_t i = 0;
    while (i <= len) {
        size_t j = i;
        while (j < len && name[j] != '/') j++;
        size_t n = j - i;
        if (n == 2 && name[i] == '.' && name[i + 1] == '.')
            return i == 0 ? "ZoneInfo key must not point outside the zoneinfo directory, got: %.*s"
                          : "ZoneInfo keys must be normalized relative paths, got: %.*s";
        if (n == 0 || (n == 1 && name[i] == '.')) return "ZoneInfo keys must be normalized relative paths, got: %.*s";
        i = j + 1;
    }
    return NULL;
}

const wtz *wd_zone_named(wr *r, const char *name, size_t len)
{
    const char *bad = invalid_key(name, len);
    if (bad) {
        wr_fail(r, WEFT_ERROR_VALUE, bad, (int)len, name);
        return NULL;
    }
    char *key = arena_strndup(wr_arena(r), name, len);
    if (!key) {
        wr_oom(r);
        return NULL;
    }
    const wtz *zone = memchr(name, '\0', len) ? NULL : wr_find_timezone(r, key);
    if (!zone) wr_fail(r, WEFT_ERROR_ZONE_NOT_FOUND, "'No time zone found with key %s'", key);
    return zone;
}
