/* Translations for a render, with Django's conventions around the catalog
 * lookups (django/utils/translation/trans_real.py):
 * - gettext turns "\r\n" and "\r" into "\n" before looking up, and gives ""
 *   for "" (not the catalog's header);
 * - pgettext looks up "context\x04msgid" and gives msgid when that is not
 *   translated;
 * - ngettext falls back to English rules: singular for exactly 1;
 * - npgettext falls back to ngettext without the context, which may still
 *   find a translation.
 * A render without catalogs answers at once. The memo of what filters
 * derive from the translations (i18n_memo.h) is kept here too. */
#include <string.h>

#include "render/state.h"
#include "filter_api.h"
#include "i18n/catalog.h"
#include "i18n_memo.h"

/* msgid with its line ends normalised, copied into the render arena only
 * when it has a carriage return. NULL when out of memory. */
static const char *normalise_newlines(wr *r, const char *msgid, size_t *len)
{
    size_t n = strlen(msgid);
    if (!memchr(msgid, '\r', n)) {
        *len = n;
        return msgid;
    }
    char *copy = arena_alloc(r->arena, n + 1);
    if (!copy) return NULL;
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        if (msgid[i] == '\r') {
            copy[j++] = '\n';
            if (i + 1 < n && msgid[i + 1] == '\n') i++;
        } else {
            copy[j++] = msgid[i];
        }
    }
    copy[j] = '\0';
    *len = j;
    return copy;
}

const char *wd_gettext(wr *r, const char *msgid, size_t *out_len)
{
    size_t len;
    /* Without catalogs (English in Django's default setup) every message
     * is its own translation: only the line ends can change. */
    if (!r->catalog) {
        len = strlen(msgid);
        if (!memchr(msgid, '\r', len)) {
            *out_len = len;
            return msgid;
        }
    }
    const char *message = normalise_newlines(r, msgid, &len);
    if (!message) {
        /* Out of memory: the message untranslated is the best answer left. */
        wr_oom(r);
        *out_len = strlen(msgid);
        return msgid;
    }
    if (len == 0) {
        *out_len = 0;
        return "";
    }
    const char *out;
    if (wlang_gettext(r->catalog, message, len, &out, out_len)) return out;
    *out_len = len;
    return message;
}

const char *wd_pgettext(wr *r, const char *context, const char *msgid, size_t *out_len)
{
    /* Without catalogs nothing is translated, and an untranslated message
     * comes back as it was given. */
    if (!r->catalog) {
        *out_len = strlen(msgid);
        return msgid;
    }
    size_t context_len, len;
    const char *ctx = normalise_newlines(r, context, &context_len);
    const char *message = ctx ? normalise_newlines(r, msgid, &len) : NULL;
    const char *out;
    if (!message) {
        wr_oom(r);
    } else if (wlang_pgettext(r->catalog, ctx, context_len, message, len, &out, out_len) &&
               !memchr(out, '\x04', *out_len)) {
        return out;
    }
    *out_len = strlen(msgid);
    return msgid;
}

const char *wd_ngettext(wr *r, const char *singular, const char *plural, int64_t n,
                        size_t *out_len)
{
    const char *out;
    if (wlang_ngettext(r->catalog, singular, strlen(singular), n, &out, out_len)) return out;
    out = n == 1 ? singular : plural;
    *out_len = strlen(out);
    return out;
}

const char *wd_npgettext(wr *r, const char *context, const char *singular, const char *plural,
                         int64_t n, size_t *out_len)
{
    const char *out;
    if (wlang_npgettext(r->catalog, context, strlen(context), singular, strlen(singular), n, &out,
                        out_len) &&
        !memchr(out, '\x04', *out_len))
        return out;
    return wd_ngettext(r, singular, plural, n, out_len);
}

/* ---- the memo of derived translations (i18n_memo.h) --------------------- */

struct wd_i18n_memo {
    void *storage[WD_MEMO_SLOTS];
    const struct wlang_catalog *catalog[WD_MEMO_SLOTS]; /* what it was filled from */
    bool filled[WD_MEMO_SLOTS];
};

static void *memo_refill(wr *r, enum wd_memo_slot slot, size_t size, wd_memo_fill fill)
{
    struct wd_i18n_memo *m = wd_st(r)->i18n_memo;
    if (!m) {
        m = arena_alloc(r->arena, sizeof *m);
        if (!m) {
            wr_oom(r);
            return NULL;
        }
        memset(m, 0, sizeof *m);
        wd_st(r)->i18n_memo = m;
    }
    if (!m->storage[slot]) {
        m->storage[slot] = arena_alloc(r->arena, size);
        if (!m->storage[slot]) {
            wr_oom(r);
            return NULL;
        }
    }
    m->filled[slot] = false;
    memset(m->storage[slot], 0, size);
    if (fill(r, m->storage[slot]) < 0) return NULL;
    m->catalog[slot] = r->catalog;
    m->filled[slot] = true;
    return m->storage[slot];
}

void *wd_i18n_memo(wr *r, enum wd_memo_slot slot, size_t size, wd_memo_fill fill)
{
    const struct wd_i18n_memo *m = wd_st(r)->i18n_memo;
    if (m && m->filled[slot] && m->catalog[slot] == r->catalog) return m->storage[slot];
    return memo_refill(r, slot, size, fill);
}
