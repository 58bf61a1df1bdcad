/* Python's printf-style formatting, `fmt % value`, for Django's
 * stringformat and the messages filesizeformat builds. Pure. Thread-safe. */
#ifndef WEFT_VALUE_PERCENT_H
#define WEFT_VALUE_PERCENT_H

#include <stddef.h>

#include "pyconvert.h"
#include "value.h"

/* Appends Python's `fmt % value` to out. A tuple value supplies one argument
 * per item; a dict (or list: Python treats any mapping so) serves %(key)s.
 * On a Python exception, returns its kind; out then holds partial text. */
wpy_status wpy_percent_format(arena *a, buf *out, const char *fmt, size_t len,
                              const weft_value *value);

#endif
