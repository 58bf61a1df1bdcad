/* Python's number semantics that Django's filters rely on, all in one
 * include for the files that want the lot (the render state, localize).
 * Each part has its own header; include those where you can:
 *   numprint.h   float repr digits, django.utils.numberformat, wpy_numfmt
 *   decimal.h    Python's Decimal (parse, quantize, print)
 *   pyconvert.h  Python's int() and float(), wpy_status
 *   percent.h    printf-style `fmt % value` */
#ifndef WEFT_PYFORMAT_H
#define WEFT_PYFORMAT_H

#include "decimal.h"
#include "numprint.h"
#include "percent.h"
#include "pyconvert.h"

/* Transitional: a copy of i18n/formats.h's declaration (value may not
 * include i18n), because render/state.c calls wi_number_formats and
 * reaches it only through this header. i18n/formats.c sees both, so the
 * compiler checks that they agree. Delete it once render/state.c includes
 * i18n/formats.h. */
void wi_number_formats(const char *language, wpy_numfmt *out);

#endif
