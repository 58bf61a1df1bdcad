/* Django's date and time formatting (django.utils.dateformat and the date
 * parts of django.utils.formats): PHP-style format characters, month and
 * weekday names through the render's translations, the named formats of
 * each language (DATE_FORMAT, ...), and the conversions to the current time
 * zone that the template language applies.
 *
 * Everything here reads only the render state it is given: thread-safe for
 * distinct renders. */
#ifndef WD_DATEFORMAT_H
#define WD_DATEFORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "filter_api.h"

/* Applies Django's DateFormat (time_only false) or TimeFormat (time_only
 * true) to v and appends the text to out. The format is used as given (no
 * named-format lookup). Nothing is reported to r: the result is
 * WEFT_ERROR_NONE, or the kind of exception Django would raise
 * (WEFT_ERROR_ATTRIBUTE when v lacks what a character needs, WEFT_ERROR_TYPE
 * for a time character on a date, WEFT_ERROR_OUT_OF_MEMORY) with Python's
 * message in msg. out may hold partial text after a failure. */
weft_error_kind wd_dateformat_try(wr *r, buf *out, const weft_value *v, const char *fmt,
                                    size_t fmt_len, bool time_only, char *msg, size_t msg_size);

/* The common case of wd_dateformat_try with time_only false, without its
 * buffer: a date or datetime and a format of the characters that need no
 * time zone and raise nothing, written to dst (cap bytes). Returns the
 * length of the text; WD_DATEFORMAT_GENERAL when the caller must take
 * wd_dateformat_try instead (which then gives what Django gives), before
 * anything was reported; WD_DATEFORMAT_FAILED when out of memory
 * (reported). Names come from a memo of the render (i18n_memo.h). */
enum { WD_DATEFORMAT_GENERAL = -1, WD_DATEFORMAT_FAILED = -2 };
enum { WD_DATEFORMAT_FAST_MAX = 160 }; /* a good size for dst */
int wd_dateformat_fast(wr *r, const weft_value *v, const char *fmt, size_t fmt_len, char *dst,
                         size_t cap);


/* formats.date_format(v, fmt): resolves a named format (fmt NULL means
 * DATE_FORMAT), then DateFormat. Fails the render with wr_fail on Django's
 * exceptions. Returns 0 or -1. */
int wd_format_date(wr *r, buf *out, const weft_value *v, const char *fmt, size_t fmt_len);
/* formats.time_format(v, fmt): the same with TIME_FORMAT and TimeFormat. */
int wd_format_time(wr *r, buf *out, const weft_value *v, const char *fmt, size_t fmt_len);

/* localize() of a date, datetime or time in a template ({{ value }}):
 * DATETIME_FORMAT, DATE_FORMAT or TIME_FORMAT of the render's language.
 * Appends nothing for other kinds. Returns 0 or -1 (reported). */
int wd_localize_datetime(wr *r, buf *out, const weft_value *v);

/* template_localtime(): an aware datetime converted to the current time
 * zone when wd_use_tz(r); other values are left alone. Returns 0. */
int wd_localtime(wr *r, weft_value *v);

/* The value of datetime.now() the way the now tag takes it: aware in the
 * current time zone when wd_use_tz(r), else naive local wall-clock time of
 * the current time zone. */
weft_value wd_now_value(wr *r);

#endif
