/* Locating an error in a template's source, on demand. */
#ifndef WEFT_BASE_ERROR_H
#define WEFT_BASE_ERROR_H

#include <stddef.h>

#include "weft.h"

/* Fills err's name and position fields (line, column, snippet) for a byte
 * offset of src. */
void wb_error_locate(weft_error *err, const char *name, const char *src, size_t len, size_t offset);

#endif
