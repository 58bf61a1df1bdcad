/* Django's per-language formats (django/conf/locale/<locale>/formats.py,
 * read as django.utils.formats.get_format reads them): the number formats
 * (DECIMAL_SEPARATOR, THOUSAND_SEPARATOR, NUMBER_GROUPING) and the named
 * date formats (DATE_FORMAT, DATETIME_FORMAT, ...). Languages are Django's
 * codes: "de", "de-ch", "pt-br", "zh-hans". Constant tables only:
 * thread-safe. */
#ifndef WEFT_I18N_FORMATS_H
#define WEFT_I18N_FORMATS_H

#include <stddef.h>

#include "value/numprint.h"

/* The number formats of language: the locale's own module first, then its
 * base language's, then Django's global defaults (".", ",", 0), setting by
 * setting, as get_format. language NULL is "". */
void wi_number_formats(const char *language, wpy_numfmt *out);
/* DECIMAL_SEPARATOR of language. Never NULL. */
const char *wi_decimal_separator(const char *language);

/* get_format(): the format a setting name stands for in language
 * (DATE_FORMAT, DATETIME_FORMAT, TIME_FORMAT, YEAR_MONTH_FORMAT,
 * MONTH_DAY_FORMAT, SHORT_DATE_FORMAT, SHORT_DATETIME_FORMAT; language NULL
 * is "en"), or fmt itself when it names no format. *out_len receives the
 * length. The result is a constant string or fmt. */
const char *wi_named_date_format(const char *language, const char *fmt, size_t fmt_len,
                                 size_t *out_len);

#endif
