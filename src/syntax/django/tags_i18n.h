/* What the two files of the i18n tag library share: tags_i18n.c (translate,
 * language, get_*) and tags_blocktrans.c (blocktranslate). Private. */
#ifndef WEFT_DJANGO_TAGS_I18N_H
#define WEFT_DJANGO_TAGS_I18N_H

#include "tag_api.h"

/* {% blocktranslate %} and {% blocktrans %}. */
int wi18n_compile_blocktrans(wparser *p, const wtoken *tok, wref *out);
int wi18n_render_blocktrans(wr *r, const wnode *node);

/* Django's render_value_in_context as a string value in the render arena:
 * localised, then escaped when autoescape is on and v is not safe. The
 * result is safe when it was escaped or v was safe. */
int wi18n_render_value(wr *r, const weft_value *v, weft_value *out);

/* Python's repr() of a str, for error messages that Django builds with %r. */
void wi18n_repr(buf *b, const char *s, size_t len);

#endif
