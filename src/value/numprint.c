/* Number printing without printf (see numprint.h): the float repr shortcut
 * that str(), floatformat and Decimal(float) share, and Django's
 * numberformat. */
#include "numprint.h"

#include <math.h>
#include <string.h>

void wpy_number_format(buf *out, const char *num, size_t len, int decimal_pos,
                       const wpy_numfmt *fmt, bool grouping)
{
    if (len && num[0] == '-') {
        buf_putc(out, '-');
        num++;
        len--;
    }
    const char *dot = memchr(num, '.', len);
    size_t int_len = dot ? (size_t)(dot - num) : len;
    const char *dec = dot ? dot + 1 : "";
    size_t dec_len = dot ? len - int_len - 1 : 0;
    if (decimal_pos >= 0 && dec_len > (size_t)decimal_pos) dec_len = (size_t)decimal_pos;

    if (grouping && fmt->grouping > 0) {
        size_t g = (size_t)fmt->grouping;
        for (size_t i = 0; i < int_len; i++) {
            size_t left = int_len - i; /* digits from here to the end */
            if (i && left % g == 0) buf_puts(out, fmt->thousand_sep);
            buf_putc(out, num[i]);
        }
    } else {
        buf_put(out, num, int_len);
    }
    size_t pad = decimal_pos > 0 && (size_t)decimal_pos > dec_len ? (size_t)decimal_pos - dec_len : 0;
    if (dec_len + pad) {
        buf_puts(out, fmt->decimal_sep);
        buf_put(out, dec, dec_len);
        for (size_t i = 0; i < pad; i++) buf_putc(out, '0');
    }
}

bool wpy_float_repr_fixed(double d, uint64_t *digits, int *scale)
{
    static const double pow10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
    double mag = fabs(d);
    if (mag == 0) {
        *digits = 0;
        *scale = 0;
        return true;
    }
    if (!(mag >= 1e-4 && mag < 1e15)) return false;
    /* If N / 10^k reads back as d for the smallest such k, then N's digits
     * are repr's: no two decimals of at most 15 significant digits read
     * back as the same double, so the shortest round trip is that one.
     * Division of exact integers is correctly rounded: the test is exact.
     * One test suffices, at the largest k that keeps N below 10^15: when
     * N0 / 10^k0 reads back as d, d * 10^k is within 1/4 of N0 * 10^(k-k0)
     * (d is within half an ulp, the product rounds by half an ulp, and
     * ulps are at most 1/8 below 2^50), so rounding finds that multiple. */
    int k = 8;
    while (mag * pow10[k] >= 1e15) k--;
    double t = mag * pow10[k];
    /* t + 0.5 is exact below 2^50: rounds without a libm call. */
    uint64_t n = (uint64_t)(t + 0.5);
    if ((double)n / pow10[k] != mag) return false;
    *digits = n;
    *scale = k;
    return true;
}
