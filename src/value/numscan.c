/* The text rules of Python's number constructors (see numscan.h). */
#include "numscan.h"

#include <string.h>

#include "base/utf8.h"

/* Python's str.strip() whitespace, for the ASCII and Latin-1 range and the
 * common Unicode spaces. Returns the byte length of the space at s, or 0. */
static size_t space_at(const char *s, size_t len)
{
    unsigned char c = (unsigned char)s[0];
    if ((c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20)) return 1;
    if (len >= 2 && c == 0xC2 && ((unsigned char)s[1] == 0x85 || (unsigned char)s[1] == 0xA0))
        return 2;
    if (len >= 3 && c == 0xE2 && (unsigned char)s[1] == 0x80) {
        unsigned char d = (unsigned char)s[2];
        if (d <= 0x8A || d == 0xA8 || d == 0xA9 || d == 0xAF) return 3;
    }
    if (len >= 3 && c == 0xE2 && (unsigned char)s[1] == 0x81 && (unsigned char)s[2] == 0x9F)
        return 3;
    if (len >= 3 && c == 0xE3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80)
        return 3;
    if (len >= 3 && c == 0xE1 && (unsigned char)s[1] == 0x9A && (unsigned char)s[2] == 0x80)
        return 3;
    return 0;
}

static size_t space_before(const char *s, size_t len)
{
    for (size_t n = 1; n <= 3 && n <= len; n++)
        if (space_at(s + len - n, n) == n) return n;
    return 0;
}

void wpy_strip_spaces(const char **s, size_t *len)
{
    size_t n;
    while (*len && (n = space_at(*s, *len)) > 0) {
        *s += n;
        *len -= n;
    }
    while (*len && (n = space_before(*s, *len)) > 0) *len -= n;
}

bool wpy_ieq(const char *s, size_t len, const char *word)
{
    size_t n = strlen(word);
    if (len != n) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c != word[i]) return false;
    }
    return true;
}

int wpy_digit_at(const char *s, size_t len, size_t *width)
{
    *width = 1;
    if (s[0] >= '0' && s[0] <= '9') return s[0] - '0';
    if ((unsigned char)s[0] < 0x80) return -1;
    int32_t c;
    size_t n = wb_utf8_decode(s, len, &c);
    int digit = n ? wb_utf8_digit_value(c) : -1;
    if (digit >= 0) *width = n;
    return digit;
}
