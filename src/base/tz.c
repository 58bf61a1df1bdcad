/* TZif reader (RFC 8536, versions 1 to 4) with the POSIX TZ footer for
 * instants after the last transition, answering as Python's zoneinfo does. */
#include "tz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tz_type {
    int32_t utoff;
    bool isdst;
    uint32_t abbr; /* index into abbrs */
} tz_type;

/* A date of a POSIX TZ rule: Jn (1-365, no Feb 29), n (0-365), Mm.w.d. */
typedef struct rule_date {
    char kind; /* 'J', 'N', 'M' */
    int m, w, d, n;
    int32_t time; /* seconds after local midnight; may be negative or > 24h */
} rule_date;

typedef struct posix_rule {
    char std_abbr[16], dst_abbr[16];
    int32_t std_off, dst_off; /* seconds east of UTC */
    bool has_dst;
    rule_date start, end;
} posix_rule;

struct wtz {
    char *name;
    bool fixed;
    int32_t fixed_off;
    uint32_t ntrans;
    int64_t *trans;         /* UTC instants, ascending */
    int64_t *wall[2];       /* the same transitions on the wall clock, per fold */
    uint8_t *trans_type;
    uint32_t ntypes;
    tz_type *types;
    char *abbrs;
    uint32_t nabbrs;
    uint32_t before_type;   /* type for instants before the first transition */
    bool has_rule;
    posix_rule rule;
};

static const char *const zone_dirs[] = {"/usr/share/zoneinfo", "/usr/lib/zoneinfo",
                                        "/usr/share/lib/zoneinfo", "/etc/zoneinfo"};

/* ---- reading ---------------------------------------------------------- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p) { return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4)); }

static bool name_is_safe(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > 255 || name[0] == '/' || strstr(name, "..") || strchr(name, '\\'))
        return false;
    return true;
}

static unsigned char *read_file(const char *path, size_t *out_len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, len = 0;
    unsigned char *data = malloc(cap);
    while (data) {
        size_t n = fread(data + len, 1, cap - len, f);
        len += n;
        if (n == 0) break;
        if (len == cap) {
            if (cap > (1u << 22)) { free(data); data = NULL; break; } /* not a zone file */
            unsigned char *grown = realloc(data, cap * 2);
            if (!grown) { free(data); data = NULL; break; }
            data = grown;
            cap *= 2;
        }
    }
    if (data && ferror(f)) { free(data); data = NULL; }
    fclose(f);
    *out_len = len;
    return data;
}

/* ---- the POSIX TZ footer ---------------------------------------------- */

static bool parse_abbr(const char **p, char *out)
{
    const char *s = *p;
    size_t n = 0;
    if (*s == '<') {
        s++;
        while (*s && *s != '>') {
            if (n + 1 >= 16) return false;
            out[n++] = *s++;
        }
        if (*s != '>') return false;
        s++;
    } else {
        while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')) {
            if (n + 1 >= 16) return false;
            out[n++] = *s++;
        }
    }
    out[n] = 0;
    *p = s;
    return n > 0;
}

/* [+-]hh[:mm[:ss]] as seconds. */
static bool parse_hms(const char **p, int32_t *out)
{
    const char *s = *p;
    int sign = 1;
    if (*s == '+' || *s == '-') sign = *s++ == '-' ? -1 : 1;
    if (*s < '0' || *s > '9') return false;
    int32_t parts[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++) {
        if (i > 0) {
            if (*s != ':') break;
            s++;
        }
        if (*s < '0' || *s > '9') return false;
        int v = 0;
        while (*s >= '0' && *s <= '9') {
            v = v * 10 + (*s++ - '0');
            if (v > 1000) return false;
        }
        parts[i] = v;
    }
    *out = sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
    *p = s;
    return true;
}

static bool parse_int(const char **p, int *out)
{
    const char *s = *p;
    if (*s < '0' || *s > '9') return false;
    int v = 0;
    while (*s >= '0' && *s <= '9') {
        v = v * 10 + (*s++ - '0');
        if (v > 100000) return false;
    }
    *out = v;
    *p = s;
    return true;
}

static bool parse_rule_date(const char **p, rule_date *d)
{
    const char *s = *p;
    memset(d, 0, sizeof *d);
    if (*s == 'M') {
        s++;
        d->kind = 'M';
        if (!parse_int(&s, &d->m) || *s++ != '.' || !parse_int(&s, &d->w) || *s++ != '.' ||
            !parse_int(&s, &d->d))
            return false;
        if (d->m < 1 || d->m > 12 || d->w < 1 || d->w > 5 || d->d > 6) return false;
    } else if (*s == 'J') {
        s++;
        d->kind = 'J';
        if (!parse_int(&s, &d->n) || d->n < 1 || d->n > 365) return false;
    } else {
        d->kind = 'N';
        if (!parse_int(&s, &d->n) || d->n > 365) return false;
    }
    d->time = 2 * 3600;
    if (*s == '/' && (s++, !parse_hms(&s, &d->time))) return false;
    *p = s;
    return true;
}

static bool parse_posix(const char *s, posix_rule *r)
{
    memset(r, 0, sizeof *r);
    int32_t off;
    if (!parse_abbr(&s, r->std_abbr) || !parse_hms(&s, &off)) return false;
    r->std_off = -off; /* POSIX offsets are positive west of Greenwich */
    if (!*s) return true;
    if (!parse_abbr(&s, r->dst_abbr)) return false;
    r->has_dst = true;
    r->dst_off = r->std_off + 3600;
    if (*s && *s != ',') {
        if (!parse_hms(&s, &off)) return false;
        r->dst_off = -off;
    }
    if (!*s) {
        /* No rule given: the US rules POSIX implementations default to. */
        const char *start = "M3.2.0", *end = "M11.1.0";
        return parse_rule_date(&start, &r->start) && parse_rule_date(&end, &r->end);
    }
    if (*s++ != ',' || !parse_rule_date(&s, &r->start) || *s++ != ',' || !parse_rule_date(&s, &r->end))
        return false;
    return *s == 0;
}

/* The wall-clock second (of the local time in force before it) at which a
 * rule date falls in a given year. */
static int64_t rule_local_seconds(const rule_date *d, int64_t year)
{
    int64_t days;
    if (d->kind == 'M') {
        int64_t first = wtz_days_from_civil(year, d->m, 1);
        int wday_first = (int)wtz_floormod(first + 4, 7); /* 1970-01-01 was a Thursday */
        int day = 1 + (d->d - wday_first + 7) % 7 + (d->w - 1) * 7;
        if (day > wtz_days_in_month(year, d->m)) day -= 7;
        days = first + day - 1;
    } else if (d->kind == 'J') {
        days = wtz_days_from_civil(year, 1, 1) + d->n - 1 + (wtz_is_leap(year) && d->n >= 60);
    } else {
        days = wtz_days_from_civil(year, 1, 1) + d->n;
    }
    return days * 86400 + d->time;
}

/* A bounded copy of a NUL-terminated abbreviation: this runs for every
 * datetime a template formats, where snprintf would cost more than the
 * rest of the lookup. */
static void set_abbr(wtz_info *out, const char *abbr)
{
    size_t n = strnlen(abbr, sizeof out->abbr - 1);
    memcpy(out->abbr, abbr, n);
    out->abbr[n] = '\0';
}

static void info_from_rule(const posix_rule *r, bool dst, wtz_info *out)
{
    out->utc_offset = dst ? r->dst_off : r->std_off;
    out->is_dst = dst;
    set_abbr(out, dst ? r->dst_abbr : r->std_abbr);
}

static int64_t year_of_seconds(int64_t secs)
{
    int y, m, d;
    wtz_civil_from_days(wtz_floordiv(secs, 86400), &y, &m, &d);
    return y;
}

static bool in_dst_window(int64_t start, int64_t end, int64_t t)
{
    if (start < end) return start <= t && t < end;
    return !(end <= t && t < start); /* southern hemisphere: DST spans new year */
}

static void rule_at_utc(const posix_rule *r, int64_t t, wtz_info *out)
{
    if (!r->has_dst) { info_from_rule(r, false, out); return; }
    int64_t year = year_of_seconds(t);
    int64_t start = rule_local_seconds(&r->start, year) - r->std_off;
    int64_t end = rule_local_seconds(&r->end, year) - r->dst_off;
    info_from_rule(r, in_dst_window(start, end, t), out);
}

static void rule_at_local(const posix_rule *r, int64_t t, int fold, wtz_info *out)
{
    if (!r->has_dst) { info_from_rule(r, false, out); return; }
    int64_t year = year_of_seconds(t);
    int64_t start = rule_local_seconds(&r->start, year);
    int64_t end = rule_local_seconds(&r->end, year);
    int32_t diff = r->dst_off - r->std_off;
    /* With fold 0 the reading with the smaller offset runs from the end of
     * the gap to the end of the fold; with fold 1 from the start of the gap
     * to the start of the fold (zoneinfo's rule). */
    if ((fold != 0) == (diff >= 0)) end -= diff;
    else start += diff;
    info_from_rule(r, in_dst_window(start, end, t), out);
}

/* ---- loading ---------------------------------------------------------- */

static bool parse_tzif(wtz *tz, const unsigned char *data, size_t len)
{
    if (len < 44 || memcmp(data, "TZif", 4) != 0) return false;
    int version = data[4] ? data[4] - '0' : 1;
    const unsigned char *p = data;
    size_t remaining = len;
    int time_size = 4;
    for (int pass = 0; pass < 2; pass++) {
        if (remaining < 44 || memcmp(p, "TZif", 4) != 0) return false;
        uint32_t isutcnt = be32(p + 20), isstdcnt = be32(p + 24), leapcnt = be32(p + 28);
        uint32_t timecnt = be32(p + 32), typecnt = be32(p + 36), charcnt = be32(p + 40);
        if (timecnt > 100000 || typecnt == 0 || typecnt > 256 || charcnt > 65536 || leapcnt > 100000)
            return false;
        size_t body = (size_t)timecnt * time_size + timecnt + (size_t)typecnt * 6 + charcnt +
                      (size_t)leapcnt * (time_size + 4) + isstdcnt + isutcnt;
        if (remaining - 44 < body) return false;
        if (pass == 0 && version >= 2) { /* skip the 32-bit data */
            p += 44 + body;
            remaining -= 44 + body;
            time_size = 8;
            continue;
        }
        const unsigned char *q = p + 44;
        tz->ntrans = timecnt;
        tz->ntypes = typecnt;
        tz->nabbrs = charcnt;
        tz->trans = malloc(sizeof(int64_t) * (timecnt ? timecnt : 1));
        tz->wall[0] = malloc(sizeof(int64_t) * (timecnt ? timecnt : 1));
        tz->wall[1] = malloc(sizeof(int64_t) * (timecnt ? timecnt : 1));
        tz->trans_type = malloc(timecnt ? timecnt : 1);
        tz->types = malloc(sizeof(tz_type) * typecnt);
        tz->abbrs = malloc(charcnt + 1);
        if (!tz->trans || !tz->wall[0] || !tz->wall[1] || !tz->trans_type || !tz->types || !tz->abbrs)
            return false;
        for (uint32_t i = 0; i < timecnt; i++, q += time_size)
            tz->trans[i] = time_size == 8 ? be64(q) : (int32_t)be32(q);
        for (uint32_t i = 0; i < timecnt; i++) {
            tz->trans_type[i] = *q++;
            if (tz->trans_type[i] >= typecnt) return false;
        }
        for (uint32_t i = 0; i < typecnt; i++, q += 6) {
            tz->types[i].utoff = (int32_t)be32(q);
            tz->types[i].isdst = q[4] != 0;
            tz->types[i].abbr = q[5] < charcnt ? q[5] : 0;
        }
        memcpy(tz->abbrs, q, charcnt);
        tz->abbrs[charcnt] = 0;
        p = p + 44 + body;
        remaining -= 44 + body;
        break;
    }
    /* The footer: "\n<POSIX TZ>\n" (version 2 and later). */
    if (version >= 2 && remaining >= 2 && p[0] == '\n') {
        const unsigned char *nl = memchr(p + 1, '\n', remaining - 1);
        if (nl && nl > p + 1 && (size_t)(nl - p - 1) < 128) {
            char footer[128];
            memcpy(footer, p + 1, (size_t)(nl - p - 1));
            footer[nl - p - 1] = 0;
            tz->has_rule = parse_posix(footer, &tz->rule);
        }
    }
    /* Before the first transition: the first standard-time type, as zoneinfo. */
    tz->before_type = 0;
    for (uint32_t i = 0; i < tz->ntypes; i++)
        if (!tz->types[i].isdst) { tz->before_type = i; break; }
    /* Wall-clock transition times: fold 0 switches at the later of the two
     * readings, fold 1 at the earlier. */
    for (uint32_t i = 0; i < tz->ntrans; i++) {
        int32_t before = i == 0 ? tz->types[tz->before_type].utoff : tz->types[tz->trans_type[i - 1]].utoff;
        int32_t after = tz->types[tz->trans_type[i]].utoff;
        int32_t hi = before > after ? before : after, lo = before > after ? after : before;
        tz->wall[0][i] = tz->trans[i] + hi;
        tz->wall[1][i] = tz->trans[i] + lo;
    }
    return true;
}

wtz *wtz_load_from(const char *dir, const char *name)
{
    if (!name || !name_is_safe(name)) return NULL;
    char path[1024];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path) return NULL;
    size_t len;
    unsigned char *data = read_file(path, &len);
    if (!data) return NULL;
    wtz *tz = calloc(1, sizeof *tz);
    if (tz) tz->name = strdup(name);
    if (!tz || !tz->name || !parse_tzif(tz, data, len)) {
        wtz_free(tz);
        tz = NULL;
    }
    free(data);
    return tz;
}

wtz *wtz_load(const char *name)
{
    if (!name || !name_is_safe(name)) return NULL;
    for (size_t i = 0; i < sizeof zone_dirs / sizeof *zone_dirs; i++) {
        wtz *tz = wtz_load_from(zone_dirs[i], name);
        if (tz) return tz;
    }
    return NULL;
}

static void fixed_name(int32_t off_seconds, char *out, size_t size)
{
    int32_t minutes = off_seconds / 60;
    int32_t a = minutes < 0 ? -minutes : minutes;
    int32_t h = a / 60 % 100, m = a % 60;
    char text[6] = {minutes < 0 ? '-' : '+', (char)('0' + h / 10), (char)('0' + h % 10),
                    (char)('0' + m / 10), (char)('0' + m % 10), '\0'};
    /* Offsets are below a day, so the hours fit two digits. */
    size_t n = size - 1 < sizeof text - 1 ? size - 1 : sizeof text - 1;
    memcpy(out, text, n);
    out[n] = '\0';
}

wtz *wtz_fixed(int offset_minutes)
{
    wtz *tz = calloc(1, sizeof *tz);
    if (!tz) return NULL;
    tz->fixed = true;
    tz->fixed_off = offset_minutes * 60;
    char name[16];
    fixed_name(tz->fixed_off, name, sizeof name);
    tz->name = strdup(name);
    if (!tz->name) { free(tz); return NULL; }
    return tz;
}

void wtz_free(wtz *tz)
{
    if (!tz) return;
    free(tz->name);
    free(tz->trans);
    free(tz->wall[0]);
    free(tz->wall[1]);
    free(tz->trans_type);
    free(tz->types);
    free(tz->abbrs);
    free(tz);
}

const char *wtz_name(const wtz *tz) { return tz->name; }
bool wtz_is_fixed(const wtz *tz) { return tz->fixed; }

/* ---- queries ---------------------------------------------------------- */

static void info_from_type(const wtz *tz, uint32_t type, wtz_info *out)
{
    const tz_type *t = &tz->types[type];
    out->utc_offset = t->utoff;
    out->is_dst = t->isdst;
    set_abbr(out, tz->abbrs + t->abbr);
}

static bool fixed_info(const wtz *tz, wtz_info *out)
{
    if (!tz->fixed) return false;
    out->utc_offset = tz->fixed_off;
    out->is_dst = false;
    fixed_name(tz->fixed_off, out->abbr, sizeof out->abbr);
    return true;
}

/* Number of transitions at or before t (bisect_right). */
static uint32_t count_at_or_before(const int64_t *times, uint32_t n, int64_t t)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (times[mid] <= t) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

void wtz_at_utc(const wtz *tz, int64_t t, wtz_info *out)
{
    if (fixed_info(tz, out)) return;
    uint32_t idx = count_at_or_before(tz->trans, tz->ntrans, t);
    if (idx == tz->ntrans && tz->has_rule) { rule_at_utc(&tz->rule, t, out); return; }
    info_from_type(tz, idx == 0 ? tz->before_type : tz->trans_type[idx - 1], out);
}

void wtz_at_local(const wtz *tz, int64_t t, int fold, wtz_info *out)
{
    if (fixed_info(tz, out)) return;
    const int64_t *wall = tz->wall[fold ? 1 : 0];
    uint32_t idx = count_at_or_before(wall, tz->ntrans, t);
    if (idx == tz->ntrans && tz->has_rule) { rule_at_local(&tz->rule, t, fold, out); return; }
    info_from_type(tz, idx == 0 ? tz->before_type : tz->trans_type[idx - 1], out);
}

bool wtz_local_is_ambiguous_or_imaginary(const wtz *tz, int64_t t)
{
    wtz_info a, b;
    wtz_at_local(tz, t, 0, &a);
    wtz_at_local(tz, t, 1, &b);
    return a.utc_offset != b.utc_offset;
}

int64_t wtz_local_to_utc(const wtz *tz, int64_t t)
{
    wtz_info info;
    wtz_at_local(tz, t, 0, &info);
    return t - info.utc_offset;
}
