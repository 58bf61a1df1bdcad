/* UTF-8 and the Unicode character data weft asks about, in weft's terms:
 * decoding and encoding one code point, the general-category questions
 * that Python's str methods and regular expressions answer (and that
 * Django's output therefore depends on), simple case mappings, and the
 * normalisations Django applies (NFC, NFKC, NFKD, case folding).
 *
 * utf8.c is the one file that talks to the Unicode library; everything
 * else asks here, so that the data and its version have one door. Code
 * points are int32_t, as the code point arrays of the callers are.
 *
 * Everything here is pure (constant tables only): thread-safe. */
#ifndef WEFT_BASE_UTF8_H
#define WEFT_BASE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"

/* ---- decoding and encoding ------------------------------------------------ */

/* The out-of-line part of wb_utf8_decode; call that instead. */
size_t wb_utf8_decode_multibyte(const char *s, size_t len, int32_t *cp);

/* Decodes the code point that starts s (len bytes available): returns its
 * byte length (1 to 4) and stores it in *cp. Returns 0 when there is none
 * (len 0) or the bytes are not valid UTF-8: a stray continuation byte, an
 * overlong form, a surrogate, beyond U+10FFFF, or cut short; *cp is then
 * unspecified. ASCII, the common case, is decided here without a call. */
static inline size_t wb_utf8_decode(const char *s, size_t len, int32_t *cp)
{
    if (len && (unsigned char)s[0] < 0x80) {
        *cp = (unsigned char)s[0];
        return 1;
    }
    return wb_utf8_decode_multibyte(s, len, cp);
}

/* Writes cp in UTF-8 to out; returns its length (1 to 4), or 0 when cp is
 * outside 0..U+10FFFF. Surrogates are written in their 3-byte form (which
 * is not valid UTF-8): callers that can meet one check for it. */
size_t wb_utf8_encode(int32_t cp, char out[4]);

/* ---- character classes ------------------------------------------------------ */

/* Python's str.isspace(): the code points str.split() and str.strip()
 * treat as whitespace (Unicode White_Space plus the ASCII separators
 * U+001C..U+001F). A table of its own, with no lookup: it runs per
 * character in split-heavy filters. */
static inline bool wb_utf8_is_space(int32_t c)
{
    if (c < 0x80) return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
    switch (c) {
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202F: case 0x205F: case 0x3000:
        return true;
    default:
        return c >= 0x2000 && c <= 0x200A;
    }
}

/* Python's str.isprintable() of one code point, which repr() uses to decide
 * what to escape: false for the categories Cc, Cf, Cs, Co, Cn, Zl, Zp and
 * Zs, except the plain space. */
bool wb_utf8_is_printable(int32_t cp);

/* An upper-, lower- or title-case letter (Lu, Ll, Lt): the "cased" of
 * str.title() before Python's Other_Lowercase/Other_Uppercase additions. */
bool wb_utf8_is_cased_letter(int32_t cp);

/* In a category that Unicode's Case_Ignorable property takes whole (Mn, Me,
 * Cf, Lm, Sk); the property adds a few Word_Break code points the caller
 * knows (filters_text_case.h). */
bool wb_utf8_has_case_ignorable_category(int32_t cp);

/* A letter or a number (categories L* and N*): what Python's \w matches
 * beyond the underscore. */
bool wb_utf8_is_alnum(int32_t cp);

/* A decimal digit of any script (category Nd): Python's str.isdecimal(),
 * what \d matches and what int(), float() and Decimal() read as digits. */
bool wb_utf8_is_decimal(int32_t cp);

/* The value 0..9 of a decimal digit of any script ("\u0663" is 3), or -1
 * when cp is not one. */
int wb_utf8_digit_value(int32_t cp);

/* Has a non-zero canonical combining class (a combining mark, which
 * Django's Truncator does not count as a character). */
bool wb_utf8_is_combining(int32_t cp);

/* ---- case mapping ------------------------------------------------------------ */

/* The simple (one code point to one) lower, upper and title case mappings
 * of UnicodeData.txt; cp itself when it has none. One addition: ß upper-
 * and title-cases to ẞ (U+1E9E). Python's multi-code-point mappings
 * (SpecialCasing.txt, where ß is "SS") are the caller's to apply first
 * (filters_text_case.h). */
int32_t wb_utf8_to_lower(int32_t cp);
int32_t wb_utf8_to_upper(int32_t cp);
int32_t wb_utf8_to_title(int32_t cp);

/* ---- normalisation ------------------------------------------------------------- */

typedef enum wb_utf8_form {
    WB_UTF8_NFC,          /* unicodedata.normalize("NFC", s) */
    WB_UTF8_NFKC,         /* unicodedata.normalize("NFKC", s) */
    /* NFKC with full case folding and the default-ignorable code points
     * dropped: IDNA's nameprep, near enough */
    WB_UTF8_NFKC_CASEFOLD,
} wb_utf8_form;

/* s (len bytes) in the given form, as a new NUL-terminated string from
 * malloc (the caller frees it with free()); *out_len gets its length.
 * NULL when s is not valid UTF-8 or out of memory. For code that runs
 * rarely (outside the arena); in a filter prefer wb_utf8_put_nfc. */
char *wb_utf8_normalize(const char *s, size_t len, wb_utf8_form form, size_t *out_len);

/* Appends the NFC form of s (len bytes) to out, with its scratch space in
 * the arena a: no malloc. Returns 1; 0 when s is not valid UTF-8 (nothing
 * appended); -1 out of memory. */
int wb_utf8_put_nfc(buf *out, arena *a, const char *s, size_t len);

/* The compatibility decomposition (NFKD) of one code point, without the
 * canonical reordering of a whole string: writes it to out and returns how
 * many code points it has, or 0 when that is more than cap (no code point
 * has more than 18) or cp is not a code point. */
size_t wb_utf8_nfkd_char(int32_t cp, int32_t *out, size_t cap);

#endif
