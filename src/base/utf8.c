/* UTF-8 and Unicode character data (see utf8.h), over utf8proc: the one
 * file that includes it, so that which library (and which Unicode version)
 * answers is decided here alone.
 *
 * The category questions test a bit mask of utf8proc's category numbers
 * rather than a chain of comparisons: one property lookup and one AND per
 * character, for the filters that ask per character. */
#include "utf8.h"

#include <stdlib.h>

#include <utf8proc.h>

#define CAT_BIT(cat) (UINT32_C(1) << (cat))
#define CAT(c) CAT_BIT(UTF8PROC_CATEGORY_##c)

/* Whether cp's general category is in mask. */
static bool category_in(int32_t cp, uint32_t mask)
{
    return (CAT_BIT(utf8proc_category(cp)) & mask) != 0;
}

size_t wb_utf8_decode_multibyte(const char *s, size_t len, int32_t *cp)
{
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, cp);
    return n > 0 ? (size_t)n : 0;
}

size_t wb_utf8_encode(int32_t cp, char out[4])
{
    return (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out);
}

bool wb_utf8_is_printable(int32_t cp)
{
    if (cp < 0x80) return cp >= 0x20 && cp < 0x7F;
    return !category_in(cp, CAT(CC) | CAT(CF) | CAT(CS) | CAT(CO) | CAT(CN) | CAT(ZL) | CAT(ZP) |
                                CAT(ZS));
}

bool wb_utf8_is_cased_letter(int32_t cp)
{
    if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    return category_in(cp, CAT(LU) | CAT(LL) | CAT(LT));
}

bool wb_utf8_has_case_ignorable_category(int32_t cp)
{
    return category_in(cp, CAT(MN) | CAT(ME) | CAT(CF) | CAT(LM) | CAT(SK));
}

bool wb_utf8_is_alnum(int32_t cp)
{
    if (cp < 0x80) return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
    return category_in(cp, CAT(LU) | CAT(LL) | CAT(LT) | CAT(LM) | CAT(LO) | CAT(ND) | CAT(NL) |
                               CAT(NO));
}

bool wb_utf8_is_decimal(int32_t cp)
{
    /* The only ASCII decimal digits are 0-9; the next is U+0660. */
    if (cp < 0x80) return cp >= '0' && cp <= '9';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

int wb_utf8_digit_value(int32_t cp)
{
    if (cp < 0x80) return cp >= '0' && cp <= '9' ? cp - '0' : -1;
    if (utf8proc_category(cp) != UTF8PROC_CATEGORY_ND) return -1;
    /* Nd digits come in runs of ten starting at zero (some runs adjoin, as
     * the mathematical digits do), so the value is the distance from the
     * run's start, modulo ten. */
    int32_t start = cp;
    while (start > 0 && utf8proc_category(start - 1) == UTF8PROC_CATEGORY_ND) start--;
    return (int)((cp - start) % 10);
}

bool wb_utf8_is_combining(int32_t cp)
{
    /* No code point below U+0300 combines: spare the property lookup. */
    return cp >= 0x300 && utf8proc_get_property(cp)->combining_class != 0;
}

int32_t wb_utf8_to_lower(int32_t cp)
{
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
    return utf8proc_tolower(cp);
}

int32_t wb_utf8_to_upper(int32_t cp)
{
    if (cp < 0x80) return cp >= 'a' && cp <= 'z' ? cp - 32 : cp;
    return utf8proc_toupper(cp);
}

int32_t wb_utf8_to_title(int32_t cp)
{
    if (cp < 0x80) return cp >= 'a' && cp <= 'z' ? cp - 32 : cp;
    return utf8proc_totitle(cp);
}

char *wb_utf8_normalize(const char *s, size_t len, wb_utf8_form form, size_t *out_len)
{
    /* The option sets are the ones the callers have always used: STABLE
     * for NFC as utf8proc_NFC sets it, none for NFKC. */
    utf8proc_option_t opts;
    switch (form) {
    case WB_UTF8_NFC: opts = UTF8PROC_COMPOSE | UTF8PROC_STABLE; break;
    case WB_UTF8_NFKC: opts = UTF8PROC_COMPOSE | UTF8PROC_COMPAT; break;
    default:
        opts = UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE;
        break;
    }
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &mapped, opts);
    if (n < 0) return NULL; /* utf8proc_map has freed its buffer */
    *out_len = (size_t)n;
    return (char *)mapped;
}

int wb_utf8_put_nfc(buf *out, arena *a, const char *s, size_t len)
{
    const utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    const utf8proc_uint8_t *src = (const utf8proc_uint8_t *)s;
    /* utf8proc_map would malloc: decompose into the arena instead, sized by
     * a first counting pass. */
    utf8proc_ssize_t need = utf8proc_decompose(src, (utf8proc_ssize_t)len, NULL, 0, opts);
    if (need < 0) return 0;
    int32_t *cps = arena_alloc(a, ((size_t)need + 1) * sizeof *cps);
    if (!cps) return -1;
    utf8proc_ssize_t n = utf8proc_decompose(src, (utf8proc_ssize_t)len, cps, need, opts);
    if (n < 0 || n > need) return 0;
    n = utf8proc_normalize_utf32(cps, n, opts);
    if (n < 0) return 0;
    for (utf8proc_ssize_t i = 0; i < n; i++) buf_put_utf8(out, (uint32_t)cps[i]);
    return 1;
}

size_t wb_utf8_nfkd_char(int32_t cp, int32_t *out, size_t cap)
{
    int boundclass = 0; /* only read with UTF8PROC_CHARBOUND */
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, out, (utf8proc_ssize_t)cap,
                                                 UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &boundclass);
    return n < 0 || (size_t)n > cap ? 0 : (size_t)n;
}
