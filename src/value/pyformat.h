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

#endif
