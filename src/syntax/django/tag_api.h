/* How a tag is compiled and rendered: the interface between the Django
 * parser/renderer and each family of tags (src/django/tags_*.c).
 *
 * Compile side: a tag's compile function reads its token, splits and
 * compiles its arguments with the wd_* helpers, parses its body with
 * wd_parse, and pushes one node (a struct that starts with a wnode) into the
 * program. Render side: the tag's render function gets that node back,
 * read-only, and writes output and changes scopes only through the wr_*
 * helpers, so all it changes belongs to the render. */
#ifndef WEFT_TAG_API_H
#define WEFT_TAG_API_H

#include <stdbool.h>
#include <stdint.h>

#include "program/program.h"
#include "filter_api.h"

/* ---- tokens ---------------------------------------------------------- */

enum wtoken_type { TOK_TEXT, TOK_VAR, TOK_BLOCK, TOK_COMMENT };

typedef struct wtoken {
    uint8_t type;
    uint32_t start, len;       /* the raw token in the source */
    uint32_t content, content_len; /* the stripped inside of a tag */
    uint32_t line;
} wtoken;

/* A piece of a tag's contents after Django's smart_split (quotes kept). */
typedef struct wbit {
    const char *s;
    uint32_t len;
} wbit;

typedef struct wparser wparser;

typedef int (*wtag_compile_fn)(wparser *p, const wtoken *tok, wref *out);
typedef int (*wtag_render_fn)(wr *r, const wnode *node);

typedef struct wtag_def {
    const char *name;
    const char *library; /* NULL: built in; else the {% load %} name */
    wtag_compile_fn compile;
    wtag_render_fn render;
} wtag_def;

/* Each family of tags exports a table ending with {NULL}. */
extern const wtag_def wd_tags_core[];    /* text, variables, comment, ... */
extern const wtag_def wd_tags_logic[];   /* if, for, with, cycle, ... */
extern const wtag_def wd_tags_inherit[]; /* extends, block, include */
extern const wtag_def wd_tags_misc[];    /* now, url, lorem, static, ... */
extern const wtag_def wd_tags_i18n[];
extern const wtag_def wd_tags_l10n[];    /* localize */
extern const wtag_def wd_tags_tz[];      /* localtime, timezone, get_current_timezone */
extern const wtag_def wd_tags_cache[];   /* cache */

/* ---- compile-time helpers -------------------------------------------- */

const char *wd_source(const wparser *p);
struct wd_options;
/* The engine's settings for Django templates (django.h). */
const struct wd_options *wd_options_of(const wparser *p);
/* The registry entry of the engine's tag being compiled (custom.c). */
uint32_t wd_custom_entry(const wparser *p);
pbuilder *wd_program(wparser *p);
arena *wd_scratch(wparser *p); /* freed when the compile ends */

/* Fails the compile with a TemplateSyntaxError at tok. Returns -1. */
int wd_fail(wparser *p, const wtoken *tok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int wd_oom(wparser *p);

/* Copies the node struct `node` into the program and sets the wref *out to
 * it; on out of memory returns wd_oom(p) from the calling compile function. */
#define WD_PUSH_NODE(p, node, out)                              \
    do {                                                        \
        *(out) = pb_push(wd_program(p), &(node), sizeof(node)); \
        if (!*(out)) return wd_oom(p);                          \
    } while (0)

/* Splits the contents of tok as Token.split_contents() does. bits[0] is
 * the tag name. The array lives in the scratch arena. */
int wd_split(wparser *p, const wtoken *tok, wbit **bits, uint32_t *n);
/* Django's smart_split of any text, for tags that split again. */
int wd_split_text(wparser *p, const char *s, size_t len, wbit **bits, uint32_t *n);

/* Compiles a filter expression ("var|filter:arg") into a wexpr. */
int wd_filter(wparser *p, const wtoken *tok, const char *s, size_t len, wref *out);
/* Compiles a bare Variable (no filters). */
int wd_variable(wparser *p, const wtoken *tok, const char *s, size_t len, wref *out);

/* Django's token_kwargs: consumes "a=b c=d" (or, with legacy, "b as a and
 * d as c") from bits[*i..n), compiling each value. *kw is a wkwarg array in
 * the program (0 when none), *nkw its length. */
int wd_kwargs(wparser *p, const wtoken *tok, const wbit *bits, uint32_t n, uint32_t *i,
              bool legacy, wref *kw, uint32_t *nkw);
/* Whether a bit equals a word. */
bool wbit_is(wbit b, const char *word);

/* Parses nodes until a block tag whose name is one of until[0..n-1] (n may
 * be 0: until the end). *end is that tag's token (NULL at the end of the
 * template). Missing end tag: TemplateSyntaxError naming tok's tag. */
int wd_parse(wparser *p, const wtoken *tok, const char *const *until, size_t n, wref *nodelist,
             const wtoken **end);
/* The next raw token, or NULL at the end (for verbatim-like tags). */
const wtoken *wd_next_token(wparser *p);
/* Skips tokens up to and including the block tag named end_tag. */
int wd_skip_past(wparser *p, const wtoken *tok, const char *end_tag);

/* A new per-render state slot (Django's render_context[node]). */
uint32_t wd_new_slot(wparser *p);
/* Whether a library is loaded whole; wd_load_library makes "lib" or one
 * "lib:name" visible to the rest of the template. */
bool wd_library_loaded(const wparser *p, const char *library);
int wd_load_library(wparser *p, const char *entry, size_t len);

/* A block that switches a setting on or off for its body ({% localize %},
 * {% localtime %}): "on" when the tag has no argument. */
typedef struct wd_switch_node {
    wnode h;
    uint32_t on; /* WD_ON or WD_OFF */
    wref body;
} wd_switch_node;
int wd_compile_switch(wparser *p, const wtoken *tok, const char *end_tag, wref *out);

/* Named cycles and the last cycle, for {% cycle name %} and resetcycle. */
int wd_named_cycle(wparser *p, const char *name, size_t len, wref *node);
void wd_set_named_cycle(wparser *p, const char *name, size_t len, wref node);
wref wd_last_cycle(const wparser *p);
void wd_set_last_cycle(wparser *p, wref node);

/* Tags that must see the whole template (extends, block) register here. */
int wd_add_block(wparser *p, const wtoken *tok, const char *name, size_t len, wref node);
int wd_set_extends(wparser *p, const wtoken *tok, wref node);
bool wd_has_extends(const wparser *p);
/* Django's contains_nontext for the nodelist being parsed at the top level. */
bool wd_top_has_nontext(const wparser *p);

/* ---- render-time helpers (Django's; the core's are in render/render.h) */

/* FilterExpression.resolve: an unresolvable variable gives the engine's
 * string_if_invalid (filters not applied when that is set). */
int wd_eval(wr *r, wref expr, weft_value *out);
/* resolve(ignore_failures=True): an unresolvable variable gives None. */
int wd_eval_quiet(wr *r, wref expr, weft_value *out);
/* Resolves a bare wvar; returns 1 found, 0 not found, -1 failure. */
int wd_var(wr *r, wref var, weft_value *out);
/* render_value_in_context: localise, then escape when autoescape is on. */
int wd_write_value(wr *r, const weft_value *v);
/* Binds every kwarg's value in the top scope. */
int wd_set_kwargs(wr *r, wref kw, uint32_t nkw);
/* The engine's string_if_invalid. */
const char *wd_string_if_invalid(const wr *r, size_t *len);
/* Looks a name up as a template variable's first segment: the scopes,
 * then the caller's context, then True, False and None. NULL when unbound. */
const weft_value *wd_lookup(wr *r, const char *name, size_t len);

#endif
