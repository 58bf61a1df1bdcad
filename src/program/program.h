/* The compiled form of a template: one contiguous block of memory in which
 * everything refers to everything else by byte offset (wref), never by
 * pointer, so that a program can later be saved by writing the block and
 * loaded by reading or mapping it (not built yet: bundles). Built once by
 * a syntax's compiler, then never written again: any number of threads
 * render it at once. Node layouts beyond the header, text and printed
 * expressions are the syntax's.
 *
 * The builder hands out offsets. A pointer into the block is only valid
 * until the next allocation (the block may move while it grows), so a
 * compiler fills a node on its stack and pushes it whole (pb_push). */
#ifndef WEFT_PROGRAM_H
#define WEFT_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint32_t wref; /* byte offset in the program; 0 is "none" */

typedef struct pbuilder {
    char *data;
    uint32_t len, cap;
    bool oom;
} pbuilder;

void pb_init(pbuilder *pb);
void pb_free(pbuilder *pb);
/* Copies n bytes into the program, aligned to 8. Returns 0 on failure. */
wref pb_push(pbuilder *pb, const void *data, size_t n);
/* Copies a string and a terminating NUL. */
wref pb_push_str(pbuilder *pb, const char *s, size_t n);
/* Reserves n zeroed bytes. */
wref pb_reserve(pbuilder *pb, size_t n);
static inline void *pb_at(const pbuilder *pb, wref r) { return pb->data + r; }

/* Reading a finished program. */
#define PROG_AT(base, ref, type) ((const type *)((const char *)(base) + (ref)))

/* Every node starts with this header. */
typedef struct wnode {
    uint16_t tag;   /* what the node is: WNODE_TEXT, or an id of the syntax's */
    uint16_t flags;
    uint32_t pos;   /* byte offset of the node's token in the source */
} wnode;

/* Text, the node kind every syntax has: the renderer writes it itself,
 * without a call through the syntax. */
enum { WNODE_TEXT = 0 };

typedef struct wtext_node {
    wnode h;
    uint32_t start, len; /* the text: a range of the program's source */
} wtext_node;

/* An expression whose value is printed ({{ x }} in Django). */
typedef struct wvar_node {
    wnode h;
    wref expr; /* wexpr */
} wvar_node;

/* A sequence of nodes. */
typedef struct wnodelist {
    uint32_t count;
    uint32_t has_nontext; /* Django's contains_nontext */
    wref nodes[];
} wnodelist;

/* A literal from the template, materialised into a weft_value at render. */
enum wconst_kind { WC_NONE, WC_INT, WC_FLOAT, WC_STRING };

/* Django's Variable: a literal or a dotted lookup path. */
typedef struct wvar {
    uint8_t is_literal;
    uint8_t literal_kind; /* enum wconst_kind */
    uint8_t translate;    /* _("...") */
    uint8_t nsegments;
    uint32_t text_len;    /* the variable as written */
    wref text;            /* NUL-terminated */
    union {
        int64_t i;
        double f;
        struct {
            wref s;
            uint32_t len;
        } str;
    } lit;
    wref segments;        /* wsegment[nsegments] */
} wvar;

typedef struct wsegment {
    wref name;           /* NUL-terminated */
    uint32_t len;
    int32_t index;       /* the segment read as an int, or WSEG_NO_INDEX */
} wsegment;
#define WSEG_NO_INDEX INT32_MIN

typedef struct wfilter_call {
    uint16_t filter;     /* index in the filter registry */
    uint8_t has_arg;
    uint8_t arg_is_var;  /* else the argument is a literal */
    wref arg;            /* wvar */
} wfilter_call;

/* Django's FilterExpression. */
typedef struct wexpr {
    wref var;            /* wvar, or 0 when the expression has none */
    uint32_t nfilters;
    wref filters;        /* wfilter_call[nfilters] */
    uint32_t text_len;
    wref text;           /* the expression as written */
} wexpr;

/* A name=expression pair of with, include, blocktrans, url. */
typedef struct wkwarg {
    wref name; /* NUL-terminated */
    uint32_t len;
    wref expr; /* wexpr */
} wkwarg;

/* Header of a finished program. */
typedef struct wprogram {
    uint32_t magic;
    uint32_t size;
    wref source;         /* the template source, NUL-terminated */
    uint32_t source_len;
    wref name;
    wref root;           /* wnodelist */
    uint32_t nslots;     /* per-render state slots */
    uint32_t nblocks;
    wref blocks;         /* wref[nblocks] of block nodes, for {% extends %} */
    wref extends;        /* the extends node, or 0 */
} wprogram;

#define WPROG_MAGIC 0x54464557u /* "WEFT" */
/* The header is the first thing a builder reserves. */
#define WPROG_HEADER 8u

#endif
