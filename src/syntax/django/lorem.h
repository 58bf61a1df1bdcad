/* Placeholder Latin text as django.utils.lorem_ipsum makes it: the fixed
 * "common" opening, and random words, sentences and paragraphs drawn from a
 * generator the caller owns (no process-wide random state). */
#ifndef WEFT_LOREM_H
#define WEFT_LOREM_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"

/* A small pseudo-random generator (splitmix64); seed it per render. */
typedef struct wd_lorem_rng {
    uint64_t state;
} wd_lorem_rng;

/* words(count, common): the common words first when common, then random
 * samples of the vocabulary; a count <= the common words cuts the list
 * (negative counts cut from the end, as a Python slice does). */
void wd_lorem_words(buf *out, int64_t count, bool common, wd_lorem_rng *g);

/* paragraphs(count, common) joined by blank lines; the first one is the
 * common paragraph when common. html wraps each in <p>...</p>. */
void wd_lorem_paragraphs(buf *out, int64_t count, bool common, bool html, wd_lorem_rng *g);

#endif
