/* token_kwargs, shared by with, include, blocktrans and url. */
#include <string.h>

#include "tag_api.h"

bool wbit_is(wbit b, const char *word)
{
    return strlen(word) == b.len && memcmp(b.s, word, b.len) == 0;
}

/* The (\w+)= prefix of a bit: its length, or 0. */
static uint32_t kwarg_name_len(wbit b)
{
    uint32_t i = 0;
    while (i < b.len) {
        unsigned char c = (unsigned char)b.s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c >= 0x80))
            break;
        i++;
    }
    return i > 0 && i < b.len && b.s[i] == '=' && i + 1 < b.len ? i : 0;
}

int wd_kwargs(wparser *p, const wtoken *tok, const wbit *bits, uint32_t n, uint32_t *i,
              bool legacy, wref *kw, uint32_t *nkw)
{
    *kw = 0;
    *nkw = 0;
    if (*i >= n) return 0;
    bool kwarg_format = kwarg_name_len(bits[*i]) > 0;
    if (!kwarg_format && (!legacy || n - *i < 3 || !wbit_is(bits[*i + 1], "as"))) return 0;
    wkwarg items[64];
    uint32_t count = 0;
    while (*i < n && count < 64) {
        wbit key, value;
        if (kwarg_format) {
            uint32_t kl = kwarg_name_len(bits[*i]);
            if (!kl) break;
            key = (wbit){bits[*i].s, kl};
            value = (wbit){bits[*i].s + kl + 1, bits[*i].len - kl - 1};
            *i += 1;
        } else {
            if (n - *i < 3 || !wbit_is(bits[*i + 1], "as")) break;
            key = bits[*i + 2];
            value = bits[*i];
            *i += 3;
        }
        wkwarg k = {0};
        k.name = pb_push_str(wd_program(p), key.s, key.len);
        k.len = key.len;
        if (wd_filter(p, tok, value.s, value.len, &k.expr)) return -1;
        /* A later duplicate replaces an earlier one, as in a Python dict. */
        uint32_t at = count;
        for (uint32_t j = 0; j < count; j++)
            if (items[j].len == k.len &&
                memcmp(pb_at(wd_program(p), items[j].name), key.s, key.len) == 0)
                at = j;
        items[at] = k;
        if (at == count) count++;
        if (*i < n && !kwarg_format) {
            if (!wbit_is(bits[*i], "and")) break;
            *i += 1;
        }
    }
    if (count) {
        *kw = pb_push(wd_program(p), items, count * sizeof items[0]);
        if (!*kw) return wd_oom(p);
    }
    *nkw = count;
    return 0;
}

int wd_set_kwargs(wr *r, wref kw, uint32_t nkw)
{
    if (!nkw) return 0;
    const wkwarg *k = WR_AT(r, kw, wkwarg);
    /* Every value is resolved before any is bound: {% with a=b b=a %}. */
    weft_value vals[64];
    for (uint32_t i = 0; i < nkw; i++)
        if (wd_eval(r, k[i].expr, &vals[i])) return -1;
    for (uint32_t i = 0; i < nkw; i++)
        if (wr_set(r, WR_AT(r, k[i].name, char), k[i].len, &vals[i])) return -1;
    return 0;
}
