#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
    arena_block *next;
    size_t size; /* usable bytes after the header */
    size_t used;
    max_align_t data[];
};

enum { ARENA_FIRST_BLOCK = 4096, ARENA_ALIGN = sizeof(max_align_t) };

static size_t align_up(size_t n) { return (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1); }

void arena_init(arena *a)
{
    a->head = NULL;
    a->spare = NULL;
    a->next_size = ARENA_FIRST_BLOCK;
}

static arena_block *take_block(arena *a, size_t need)
{
    /* Reuse a spare block that is big enough before asking malloc. */
    for (arena_block **pp = &a->spare; *pp; pp = &(*pp)->next) {
        if ((*pp)->size >= need) {
            arena_block *b = *pp;
            *pp = b->next;
            b->used = 0;
            return b;
        }
    }
    size_t size = a->next_size;
    while (size < need) size *= 2;
    if (size > SIZE_MAX - sizeof(arena_block)) return NULL;
    arena_block *b = malloc(sizeof(arena_block) + size);
    if (!b) return NULL;
    b->size = size;
    b->used = 0;
    if (a->next_size < (1u << 20)) a->next_size *= 2;
    return b;
}

void *arena_alloc(arena *a, size_t n)
{
    if (n > SIZE_MAX / 2) return NULL;
    n = align_up(n ? n : 1);
    arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        b = take_block(a, n);
        if (!b) return NULL;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

void *arena_realloc(arena *a, void *p, size_t old_n, size_t new_n)
{
    if (!p) return arena_alloc(a, new_n);
    arena_block *b = a->head;
    size_t old_aligned = align_up(old_n ? old_n : 1);
    if (b && (char *)p + old_aligned == (char *)b->data + b->used) {
        size_t start = (size_t)((char *)p - (char *)b->data);
        size_t need = align_up(new_n ? new_n : 1);
        if (start + need <= b->size) {
            b->used = start + need;
            return p;
        }
    }
    if (new_n <= old_n) return p;
    void *q = arena_alloc(a, new_n);
    if (q) memcpy(q, p, old_n);
    return q;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (!p) return NULL;
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void arena_reset(arena *a)
{
    while (a->head) {
        arena_block *b = a->head;
        a->head = b->next;
        b->next = a->spare;
        a->spare = b;
    }
}

static void free_chain(arena_block *b)
{
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
}

void arena_free(arena *a)
{
    if (!a) return;
    free_chain(a->head);
    free_chain(a->spare);
    arena_init(a);
}
