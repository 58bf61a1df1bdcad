/* The text rules that Python's number constructors share (int(str),
 * float(str), Decimal(str)): which whitespace they strip, which words they
 * read without regard to case, which characters are digits (those of any
 * script). Pure. Thread-safe. */
#ifndef WEFT_VALUE_NUMSCAN_H
#define WEFT_VALUE_NUMSCAN_H

#include <stdbool.h>
#include <stddef.h>

/* Drops Python's str.strip() whitespace from both ends of *s. */
void wpy_strip_spaces(const char **s, size_t *len);

/* s (len bytes) is word (lower-case ASCII) up to ASCII case: "Inf", "NaN". */
bool wpy_ieq(const char *s, size_t len, const char *word);

/* The decimal digit (Unicode category Nd, as Python's int() and float()
 * accept: "\u0661\u0662" is 12) at s: its value, or -1; *width gets its
 * byte length (1 when there is none). */
int wpy_digit_at(const char *s, size_t len, size_t *width);

#endif
