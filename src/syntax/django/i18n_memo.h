/* A render's memo of what filters derive from its translations: the
 * truncation text of truncatechars analysed, the month and weekday names of
 * the date formats. A filter called once per row of a long list would
 * otherwise look the same messages up in the catalogs, and analyse them,
 * on every call.
 *
 * Each slot belongs to one filter family and holds what that family derived
 * from the translations of one catalog. A {% language %} block switches the
 * render's catalog: the slot is then filled again. The memo lives in the
 * render's state and arena, so renders share nothing and need no lock. */
#ifndef WEFT_DJANGO_I18N_MEMO_H
#define WEFT_DJANGO_I18N_MEMO_H

#include <stdbool.h>
#include <stddef.h>

#include "filter_api.h"

enum wd_memo_slot {
    WD_MEMO_TRUNCATION, /* filters_text.c */
    WD_MEMO_DATE_NAMES, /* dateformat.c */
    WD_MEMO_SLOTS
};

/* Fills a slot's storage (size bytes, zeroed) from the render's current
 * translations. Returns 0, or -1 on a failure it reported (wr_oom). */
typedef int (*wd_memo_fill)(wr *r, void *storage);

/* The storage of a slot for the render's current catalog, filled by fill
 * when it is not yet (the first call, or the catalog changed since). A slot
 * has the same size and fill at every call. Returns NULL on a failure
 * already reported; the slot is then filled again at the next call. */
void *wd_i18n_memo(wr *r, enum wd_memo_slot slot, size_t size, wd_memo_fill fill);

#endif
