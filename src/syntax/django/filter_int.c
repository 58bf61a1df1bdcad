/* The render failure of a Python int() that raised, shared by the text,
 * numeric and HTML filter families. */
#include "filter_int.h"

int wf_fail_int(wr *r, wpy_status st, const weft_value *v, bool name_overflow)
{
    if (st == WPY_NO_MEMORY) return wr_oom(r);
    buf b;
    wr_buf(r, &b);
    if (st == WPY_OVERFLOW_ERROR && name_overflow) buf_puts(&b, "OverflowError: ");
    wpy_put_int_error(&b, v, st);
    if (b.oom) return wr_oom(r);
    return wr_fail(r, st == WPY_TYPE_ERROR ? WEFT_ERROR_TYPE : WEFT_ERROR_VALUE, "%.*s", (int)b.len, b.data);
}
