#include "output.h"

int weft_localize(wr *r, buf *out, const weft_value *v)
{
    wv_print(out, v, r->arena);
    return 0;
}
