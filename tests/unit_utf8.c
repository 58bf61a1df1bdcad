/* base/utf8.h, function by function: decoding (ASCII, every sequence
 * length, each kind of invalid sequence), encoding and the round trip, the
 * character classes Python's str methods answer (with letters and digits of
 * several scripts), the simple case mappings, and the normalisations. The
 * expected values are Python 3's (unicodedata, str methods). */
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "check.h"

/* Decodes s (n bytes) and checks the length and, when valid, the code point. */
static void check_decode(const char *s, size_t n, size_t want_len, int32_t want_cp)
{
    int32_t cp = -2;
    size_t got = wb_utf8_decode(s, n, &cp);
    CHECK(got == want_len, "decode of %zu bytes from %02x: length %zu, want %zu", n,
          n ? (unsigned char)s[0] : 0, got, want_len);
    if (want_len && got == want_len)
        CHECK(cp == want_cp, "decode from %02x: U+%04X, want U+%04X", (unsigned char)s[0],
              (unsigned)cp, (unsigned)want_cp);
}

static void test_decode(void)
{
    check_decode("A", 1, 1, 'A');
    check_decode("", 1, 1, 0); /* NUL is a code point like any other */
    check_decode("\x7f", 1, 1, 0x7F);
    check_decode("abc", 0, 0, 0); /* nothing to decode */
    check_decode("\xc3\xa9", 2, 2, 0xE9);            /* é */
    check_decode("\xd0\x96x", 3, 2, 0x416);          /* Ж, followed by more */
    check_decode("\xe2\x82\xac", 3, 3, 0x20AC);      /* € */
    check_decode("\xe4\xb8\xad", 3, 3, 0x4E2D);      /* 中 */
    check_decode("\xef\xbf\xbd", 3, 3, 0xFFFD);
    check_decode("\xf0\x9f\x98\x80", 4, 4, 0x1F600); /* 😀 */
    check_decode("\xf4\x8f\xbf\xbf", 4, 4, 0x10FFFF);
    /* Invalid: stray continuation, overlong forms, surrogates, beyond
     * U+10FFFF, bytes that never occur, a sequence cut short (by len, or by
     * a byte that does not continue it). */
    check_decode("\x80", 1, 0, 0);
    check_decode("\xbf\x41", 2, 0, 0);
    check_decode("\xc0\x80", 2, 0, 0);
    check_decode("\xc1\xbf", 2, 0, 0);
    check_decode("\xe0\x80\x80", 3, 0, 0);
    check_decode("\xe0\x9f\xbf", 3, 0, 0);
    check_decode("\xf0\x8f\xbf\xbf", 4, 0, 0);
    check_decode("\xed\xa0\x80", 3, 0, 0); /* U+D800 */
    check_decode("\xed\xbf\xbf", 3, 0, 0); /* U+DFFF */
    check_decode("\xed\x9f\xbf", 3, 3, 0xD7FF);
    check_decode("\xf4\x90\x80\x80", 4, 0, 0); /* U+110000 */
    check_decode("\xf5\x80\x80\x80", 4, 0, 0);
    check_decode("\xfe", 1, 0, 0);
    check_decode("\xff", 1, 0, 0);
    check_decode("\xc3\xa9", 1, 0, 0);
    check_decode("\xe2\x82\xac", 2, 0, 0);
    check_decode("\xf0\x9f\x98\x80", 3, 0, 0);
    check_decode("\xc3\x41", 2, 0, 0);
    check_decode("\xe2\x82\x41", 3, 0, 0);
}

static void test_encode(void)
{
    char out[4];
    CHECK(wb_utf8_encode('A', out) == 1 && out[0] == 'A', "encode A");
    CHECK(wb_utf8_encode(0, out) == 1 && out[0] == 0, "encode NUL");
    CHECK(wb_utf8_encode(0xE9, out) == 2 && memcmp(out, "\xc3\xa9", 2) == 0, "encode U+00E9");
    CHECK(wb_utf8_encode(0x7FF, out) == 2 && memcmp(out, "\xdf\xbf", 2) == 0, "encode U+07FF");
    CHECK(wb_utf8_encode(0x800, out) == 3 && memcmp(out, "\xe0\xa0\x80", 3) == 0, "encode U+0800");
    CHECK(wb_utf8_encode(0x20AC, out) == 3 && memcmp(out, "\xe2\x82\xac", 3) == 0, "encode U+20AC");
    CHECK(wb_utf8_encode(0x1F600, out) == 4 && memcmp(out, "\xf0\x9f\x98\x80", 4) == 0,
          "encode U+1F600");
    CHECK(wb_utf8_encode(0x10FFFF, out) == 4 && memcmp(out, "\xf4\x8f\xbf\xbf", 4) == 0,
          "encode U+10FFFF");
    CHECK(wb_utf8_encode(0x110000, out) == 0, "encode beyond U+10FFFF");
    CHECK(wb_utf8_encode(-1, out) == 0, "encode -1");
    /* Documented: a surrogate gets its 3-byte form, which decode refuses. */
    int32_t cp;
    CHECK(wb_utf8_encode(0xD800, out) == 3 && memcmp(out, "\xed\xa0\x80", 3) == 0 &&
              wb_utf8_decode(out, 3, &cp) == 0,
          "encode U+D800");
    /* Every scalar value decodes back to itself, with the length encode gave. */
    int bad = 0;
    for (int32_t c = 0; c <= 0x10FFFF; c++) {
        if (c >= 0xD800 && c <= 0xDFFF) continue;
        size_t n = wb_utf8_encode(c, out);
        size_t want = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        if (n != want || wb_utf8_decode(out, n, &cp) != n || cp != c) bad++;
    }
    CHECK(bad == 0, "round trip: %d code points differ", bad);
}

static void test_space(void)
{
    static const int32_t yes[] = {' ', '\t', '\n', 0x0B, 0x0C, '\r', 0x1C, 0x1D, 0x1E, 0x1F,
                                  0x85, 0xA0, 0x1680, 0x2000, 0x2003, 0x200A, 0x2028,
                                  0x2029, 0x202F, 0x205F, 0x3000};
    static const int32_t no[] = {'a', '0', 0, 0x08, 0x0E, 0x7F, 0x200B, 0x180E, 0xFEFF, 0x2060};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        CHECK(wb_utf8_is_space(yes[i]), "U+%04X is a space", (unsigned)yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        CHECK(!wb_utf8_is_space(no[i]), "U+%04X is not a space", (unsigned)no[i]);
}

static void test_printable(void)
{
    CHECK(wb_utf8_is_printable('a'), "a");
    CHECK(wb_utf8_is_printable(' '), "the plain space is printable");
    CHECK(wb_utf8_is_printable('~'), "~");
    CHECK(!wb_utf8_is_printable('\n'), "newline (Cc)");
    CHECK(!wb_utf8_is_printable(0x7F), "DEL (Cc)");
    CHECK(!wb_utf8_is_printable(0x85), "NEL (Cc)");
    CHECK(!wb_utf8_is_printable(0xA0), "no-break space (Zs)");
    CHECK(!wb_utf8_is_printable(0x3000), "ideographic space (Zs)");
    CHECK(!wb_utf8_is_printable(0xAD), "soft hyphen (Cf)");
    CHECK(!wb_utf8_is_printable(0x200B), "zero width space (Cf)");
    CHECK(!wb_utf8_is_printable(0x2028), "line separator (Zl)");
    CHECK(!wb_utf8_is_printable(0x2029), "paragraph separator (Zp)");
    CHECK(!wb_utf8_is_printable(0xE000), "private use (Co)");
    CHECK(!wb_utf8_is_printable(0x0378), "unassigned (Cn)");
    CHECK(!wb_utf8_is_printable(0xD800), "surrogate (Cs)");
    CHECK(wb_utf8_is_printable(0xE9), "é");
    CHECK(wb_utf8_is_printable(0x4E2D), "中");
    CHECK(wb_utf8_is_printable(0x0301), "a combining mark (Mn)");
    CHECK(wb_utf8_is_printable(0x1F600), "an emoji (So)");
}

static void test_letters(void)
{
    /* cased letters: Lu, Ll, Lt */
    CHECK(wb_utf8_is_cased_letter('A') && wb_utf8_is_cased_letter('z'), "ASCII letters are cased");
    CHECK(!wb_utf8_is_cased_letter('1') && !wb_utf8_is_cased_letter('@') &&
              !wb_utf8_is_cased_letter('[') && !wb_utf8_is_cased_letter('`'),
          "ASCII non-letters are not cased");
    CHECK(wb_utf8_is_cased_letter(0xC9), "É (Lu)");
    CHECK(wb_utf8_is_cased_letter(0x03C2), "ς (Ll)");
    CHECK(wb_utf8_is_cased_letter(0x0416), "Ж (Lu)");
    CHECK(wb_utf8_is_cased_letter(0x01C5), "ǅ (Lt)");
    CHECK(!wb_utf8_is_cased_letter(0x05D0), "א (Lo) has no case");
    CHECK(!wb_utf8_is_cased_letter(0x4E2D), "中 (Lo) has no case");
    CHECK(!wb_utf8_is_cased_letter(0x02B0), "ʰ (Lm) is not in Lu/Ll/Lt");

    /* the categories Case_Ignorable takes whole: Mn, Me, Cf, Lm, Sk */
    CHECK(wb_utf8_has_case_ignorable_category(0x0301), "combining acute (Mn)");
    CHECK(wb_utf8_has_case_ignorable_category(0x20DD), "enclosing circle (Me)");
    CHECK(wb_utf8_has_case_ignorable_category(0xAD), "soft hyphen (Cf)");
    CHECK(wb_utf8_has_case_ignorable_category(0x02B0), "ʰ (Lm)");
    CHECK(wb_utf8_has_case_ignorable_category('^') && wb_utf8_has_case_ignorable_category('`'),
          "^ and ` (Sk)");
    CHECK(!wb_utf8_has_case_ignorable_category('a') && !wb_utf8_has_case_ignorable_category('\''),
          "a and ' (the apostrophe is Word_Break, not a category)");
    CHECK(!wb_utf8_has_case_ignorable_category(0x0903), "Devanagari visarga (Mc)");

    /* letters and numbers: what \w adds to _ */
    CHECK(wb_utf8_is_alnum('a') && wb_utf8_is_alnum('Z') && wb_utf8_is_alnum('5'), "ASCII alnum");
    CHECK(!wb_utf8_is_alnum('_') && !wb_utf8_is_alnum('-') && !wb_utf8_is_alnum(' '),
          "ASCII non-alnum");
    CHECK(wb_utf8_is_alnum(0x05D0), "א (Lo)");
    CHECK(wb_utf8_is_alnum(0x0416), "Ж (Lu)");
    CHECK(wb_utf8_is_alnum(0x0E01), "Thai ko kai (Lo)");
    CHECK(wb_utf8_is_alnum(0x4E2D), "中 (Lo)");
    CHECK(wb_utf8_is_alnum(0x02B0), "ʰ (Lm)");
    CHECK(wb_utf8_is_alnum(0x0663), "Arabic-Indic three (Nd)");
    CHECK(wb_utf8_is_alnum(0x2164), "Roman numeral five (Nl)");
    CHECK(wb_utf8_is_alnum(0xB2), "superscript two (No)");
    CHECK(!wb_utf8_is_alnum(0x0301), "combining acute (Mn)");
    CHECK(!wb_utf8_is_alnum(0x3001), "ideographic comma (Po)");
    CHECK(!wb_utf8_is_alnum(0x20AC), "euro sign (Sc)");
}

static void test_digits(void)
{
    static const struct {
        int32_t cp;
        int value;
    } digits[] = {
        {'0', 0}, {'7', 7}, {'9', 9},
        {0x0660, 0}, {0x0663, 3}, {0x0669, 9}, /* Arabic-Indic */
        {0x06F4, 4},                          /* Extended Arabic-Indic */
        {0x0969, 3},                          /* Devanagari */
        {0x09E6, 0},                          /* Bengali */
        {0x0E53, 3},                          /* Thai */
        {0x0F29, 9},                          /* Tibetan */
        {0x1040, 0},                          /* Myanmar */
        {0xFF15, 5},                          /* fullwidth */
        {0x104A0, 0}, {0x104A9, 9},           /* Osmanya, beyond the BMP */
        {0x1D7CE, 0}, {0x1D7D7, 9},           /* mathematical bold */
        {0x1D7D8, 0}, {0x1D7E1, 9},           /* double-struck: adjoins bold */
        {0x1D7FF, 9},                         /* the last of the adjoining runs */
    };
    for (size_t i = 0; i < sizeof digits / sizeof *digits; i++) {
        CHECK(wb_utf8_is_decimal(digits[i].cp), "U+%04X is a decimal digit", (unsigned)digits[i].cp);
        int v = wb_utf8_digit_value(digits[i].cp);
        CHECK(v == digits[i].value, "U+%04X has value %d, want %d", (unsigned)digits[i].cp, v,
              digits[i].value);
    }
    static const int32_t not_digits[] = {'a', '/', ':', ' ', 0xB2 /* ² (No) */, 0x2164 /* Ⅴ (Nl) */,
                                         0x4E09 /* 三 (Lo) */, 0x2460 /* ① (No) */, -1, 0x110000};
    for (size_t i = 0; i < sizeof not_digits / sizeof *not_digits; i++) {
        CHECK(!wb_utf8_is_decimal(not_digits[i]), "U+%04X is not a decimal digit",
              (unsigned)not_digits[i]);
        CHECK(wb_utf8_digit_value(not_digits[i]) == -1, "U+%04X has no digit value",
              (unsigned)not_digits[i]);
    }
}

static void test_combining(void)
{
    CHECK(wb_utf8_is_combining(0x0300) && wb_utf8_is_combining(0x0301), "grave and acute");
    CHECK(wb_utf8_is_combining(0x05B0), "Hebrew point sheva");
    CHECK(wb_utf8_is_combining(0x093C), "Devanagari nukta");
    CHECK(wb_utf8_is_combining(0x3099), "kana voiced sound mark");
    CHECK(!wb_utf8_is_combining('a') && !wb_utf8_is_combining(0xB4), "a and the spacing acute");
    CHECK(!wb_utf8_is_combining(0x0903), "visarga (Mc, class 0)");
    CHECK(!wb_utf8_is_combining(0x20DD), "enclosing circle (Me, class 0)");
    CHECK(!wb_utf8_is_combining(0x4E2D), "中");
}

static void test_case(void)
{
    CHECK(wb_utf8_to_lower('A') == 'a' && wb_utf8_to_lower('a') == 'a' && wb_utf8_to_lower('1') == '1',
          "ASCII lower");
    CHECK(wb_utf8_to_upper('a') == 'A' && wb_utf8_to_upper('Z') == 'Z' && wb_utf8_to_upper('{') == '{',
          "ASCII upper");
    CHECK(wb_utf8_to_title('a') == 'A' && wb_utf8_to_title('@') == '@', "ASCII title");
    CHECK(wb_utf8_to_lower(0xC9) == 0xE9 && wb_utf8_to_upper(0xE9) == 0xC9, "É/é");
    CHECK(wb_utf8_to_lower(0x03A3) == 0x03C3 && wb_utf8_to_upper(0x03C2) == 0x03A3, "Σ σ ς");
    CHECK(wb_utf8_to_lower(0x0416) == 0x0436 && wb_utf8_to_upper(0x0436) == 0x0416, "Ж/ж");
    CHECK(wb_utf8_to_upper(0x0561) == 0x0531, "Armenian ayb");
    CHECK(wb_utf8_to_lower(0x10A0) == 0x2D00, "Georgian Asomtavruli an");
    CHECK(wb_utf8_to_lower(0x0130) == 'i', "İ lowers to i (simple mapping)");
    /* UnicodeData.txt gives ß no simple upper case; the library gives ẞ.
     * Python's "SS" comes from SpecialCasing, which the caller applies
     * first (filters_text_case.h), so neither shows. */
    CHECK(wb_utf8_to_upper(0xDF) == 0x1E9E && wb_utf8_to_lower(0x1E9E) == 0xDF, "ß and ẞ");
    CHECK(wb_utf8_to_title(0x01C6) == 0x01C5 && wb_utf8_to_title(0x01C4) == 0x01C5 &&
              wb_utf8_to_upper(0x01C6) == 0x01C4 && wb_utf8_to_lower(0x01C5) == 0x01C6,
          "dž: title ǅ, upper Ǆ");
    CHECK(wb_utf8_to_lower(0x4E2D) == 0x4E2D && wb_utf8_to_upper(0x05D0) == 0x05D0,
          "uncased letters map to themselves");
    CHECK(wb_utf8_to_upper(0x1F600) == 0x1F600, "an emoji maps to itself");
}

/* Normalises s in form and compares with want (NULL: expect failure). */
static void check_normalize(const char *s, wb_utf8_form form, const char *want)
{
    size_t n = 12345;
    char *got = wb_utf8_normalize(s, strlen(s), form, &n);
    if (!want) {
        CHECK(!got, "normalising %s must fail", s);
    } else {
        CHECK(got && n == strlen(want) && memcmp(got, want, n) == 0 && got[n] == '\0',
              "normalising %s (form %d): got %.*s", s, (int)form, got ? (int)n : 4,
              got ? got : "NULL");
    }
    free(got);
}

static void test_normalize(void)
{
    check_normalize("plain ascii", WB_UTF8_NFC, "plain ascii");
    check_normalize("", WB_UTF8_NFC, "");
    check_normalize("Cafe\xcc\x81", WB_UTF8_NFC, "Caf\xc3\xa9");            /* é composes */
    check_normalize("\xe1\x84\x80\xe1\x85\xa1", WB_UTF8_NFC, "\xea\xb0\x80"); /* Hangul ga */
    check_normalize("\xef\xac\x81", WB_UTF8_NFC, "\xef\xac\x81");          /* ﬁ stays */
    check_normalize("a\xcc\x87\xcc\xa3", WB_UTF8_NFC, "\xe1\xba\xa1\xcc\x87"); /* reordered, then composed */
    check_normalize("\xff", WB_UTF8_NFC, NULL);
    check_normalize("\xef\xac\x81", WB_UTF8_NFKC, "fi");
    check_normalize("\xe2\x91\xa0", WB_UTF8_NFKC, "1");          /* ① */
    check_normalize("\xef\xbc\xa1", WB_UTF8_NFKC, "A");          /* fullwidth A */
    check_normalize("\xd9\xa3", WB_UTF8_NFKC, "\xd9\xa3");       /* ٣ stays */
    check_normalize("Stra\xc3\x9f" "e", WB_UTF8_NFKC, "Stra\xc3\x9f" "e");
    check_normalize("\xc0\x80", WB_UTF8_NFKC, NULL);
    check_normalize("Stra\xc3\x9f" "e", WB_UTF8_NFKC_CASEFOLD, "strasse");
    check_normalize("\xef\xbc\xa1\xef\xbc\xa2", WB_UTF8_NFKC_CASEFOLD, "ab");
    check_normalize("a\xc2\xad" "b", WB_UTF8_NFKC_CASEFOLD, "ab");  /* soft hyphen dropped */
    check_normalize("\xce\xa3\xce\x91", WB_UTF8_NFKC_CASEFOLD, "\xcf\x83\xce\xb1"); /* ΣΑ -> σα */
    check_normalize("\xd0\x96", WB_UTF8_NFKC_CASEFOLD, "\xd0\xb6");
}

static void test_put_nfc(void)
{
    arena a;
    arena_init(&a);
    buf b;
    buf_init(&b, &a);
    buf_puts(&b, ">");
    const char *s = "Cafe\xcc\x81 \xe1\x84\x80\xe1\x85\xa1";
    CHECK(wb_utf8_put_nfc(&b, &a, s, strlen(s)) == 1, "put_nfc succeeds");
    const char *want = ">Caf\xc3\xa9 \xea\xb0\x80";
    CHECK(b.len == strlen(want) && memcmp(b.data, want, b.len) == 0, "put_nfc appends the NFC form");
    size_t before = b.len;
    CHECK(wb_utf8_put_nfc(&b, &a, "ok\xff", 3) == 0 && b.len == before,
          "put_nfc of malformed text appends nothing");
    CHECK(wb_utf8_put_nfc(&b, &a, "", 0) == 1 && b.len == before, "put_nfc of nothing");
    arena_free(&a);
}

static void test_nfkd_char(void)
{
    int32_t out[32];
    CHECK(wb_utf8_nfkd_char('a', out, 32) == 1 && out[0] == 'a', "a");
    CHECK(wb_utf8_nfkd_char(0xE9, out, 32) == 2 && out[0] == 'e' && out[1] == 0x301, "é");
    CHECK(wb_utf8_nfkd_char(0xFB01, out, 32) == 2 && out[0] == 'f' && out[1] == 'i', "ﬁ");
    CHECK(wb_utf8_nfkd_char(0x2460, out, 32) == 1 && out[0] == '1', "①");
    CHECK(wb_utf8_nfkd_char(0x1E69, out, 32) == 3 && out[0] == 's' && out[1] == 0x323 &&
              out[2] == 0x307,
          "ṩ: s, dot below, dot above");
    CHECK(wb_utf8_nfkd_char(0xAC00, out, 32) == 2 && out[0] == 0x1100 && out[1] == 0x1161, "가");
    CHECK(wb_utf8_nfkd_char(0x4E2D, out, 32) == 1 && out[0] == 0x4E2D, "中");
    CHECK(wb_utf8_nfkd_char(0xFDFA, out, 32) == 18, "ﷺ, the longest, has 18");
    CHECK(wb_utf8_nfkd_char(0xFDFA, out, 4) == 0, "too long for the room given");
    CHECK(wb_utf8_nfkd_char(0xE9, out, 2) == 2, "exactly the room given");
}

int main(void)
{
    test_decode();
    test_encode();
    test_space();
    test_printable();
    test_letters();
    test_digits();
    test_combining();
    test_case();
    test_normalize();
    test_put_nfc();
    test_nfkd_char();
    return check_report();
}
