/* A bump allocator: many small allocations, freed all at once. Renders reset
 * theirs between uses instead of freeing it, so a steady-state render does
 * not call malloc. Not thread-safe: each arena has one owner. */
#ifndef WEFT_ARENA_H
#define WEFT_ARENA_H

#include <stddef.h>

typedef struct arena_block arena_block;

typedef struct arena {
    arena_block *head;   /* the block being filled */
    arena_block *spare;  /* blocks kept by arena_reset for reuse */
    size_t next_size;
} arena;

void arena_init(arena *a);
/* Memory aligned for any type, or NULL when out of memory. */
void *arena_alloc(arena *a, size_t n);
/* Grows the most recent allocation in place when it can, else copies. */
void *arena_realloc(arena *a, void *p, size_t old_n, size_t new_n);
char *arena_strndup(arena *a, const char *s, size_t n);
/* Forgets every allocation but keeps the memory. */
void arena_reset(arena *a);
void arena_free(arena *a);

#endif
