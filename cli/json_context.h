/* JSON to weft values, for the weft command and the test runners.
 *
 * Plain JSON maps to Python's json module types: null -> None, true/false,
 * integers -> int, reals -> float, strings -> str, arrays -> list, objects ->
 * dict in document order. An object with exactly one of these keys is a
 * tagged value carrying a Python type JSON lacks (the conformance corpus'
 * convention):
 *   {"$safe": "s"}                       SafeString
 *   {"$date": "YYYY-MM-DD"}              datetime.date
 *   {"$datetime": "YYYY-MM-DDTHH:MM:SS[.ffffff][+HH:MM|Z]"}
 *   {"$time": "HH:MM:SS[.ffffff]"}       datetime.time (an offset is ignored)
 *   {"$timedelta": seconds}              datetime.timedelta
 *   {"$decimal": "text"}                 decimal.Decimal
 *   {"$float": "nan" | "inf" | "-inf"}   a non-finite float
 *   {"$tuple": [...]}                    tuple
 * Uses only the public API of weft.h. */
#ifndef WEFT_CLI_JSON_CONTEXT_H
#define WEFT_CLI_JSON_CONTEXT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "weft.h"

/* Converts json into a value owned by store. On failure returns NULL and
 * writes the reason into errbuf (bad tagged value or out of memory). */
weft_value *wjson_to_value(weft_values *store, const json_t *json, char *errbuf,
                           size_t errsize);

/* Reads a JSON file (path "-" is standard input) whose top level must be an
 * object, and returns it as a dict value owned by store, or NULL with the
 * reason in errbuf. */
weft_value *wjson_load_context(weft_values *store, const char *path, char *errbuf,
                               size_t errsize);

/* An ISO 8601 date and time as the corpus writes them. */
typedef struct wjson_datetime {
    int year, month, day;
    int hour, minute, second, microsecond;
    bool has_offset;
    int offset_minutes; /* east of UTC */
} wjson_datetime;

/* Parses "YYYY-MM-DD[(T| )HH:MM[:SS[.ffffff]]][Z|(+|-)HH[:]MM]". Returns
 * false when the text is not such a date. */
bool wjson_parse_datetime(const char *s, size_t len, wjson_datetime *out);

/* Parses "HH:MM[:SS[.ffffff]]" with an optional offset, which is ignored. */
bool wjson_parse_time(const char *s, size_t len, wjson_datetime *out);

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t wjson_days_from_civil(int year, int month, int day);

/* Converts an ISO date-time to a UTC instant. An aware time uses its own
 * offset; a naive one is wall time in zone (an IANA name, NULL for UTC),
 * resolved as Python resolves it (fold=0: the earlier of two ambiguous
 * times). The zone's offset comes from weft itself, by formatting the time
 * with the date filter's "Z" in a private engine, so that the tz database is
 * read by one implementation only. Returns false with errbuf filled. */
bool wjson_local_to_utc(const char *iso, const char *zone, int64_t *unix_seconds,
                        int32_t *microseconds, char *errbuf, size_t errsize);

#endif
