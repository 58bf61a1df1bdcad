/* Splits Django template source into tokens exactly as Django's Lexer does:
 * a tag is "{%", "{{" or "{#" up to the first matching closer on the same
 * line; everything else is text; inside {% verbatim %} only the matching
 * end tag is a tag. */
#ifndef WEFT_LEXER_H
#define WEFT_LEXER_H

#include "tag_api.h"

/* Tokenises src into a malloc'd array. Returns 0, or -1 when out of memory. */
int wd_lex(const char *src, size_t len, wtoken **tokens, size_t *ntokens);

#endif
