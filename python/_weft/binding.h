/* The weft._weft extension: shared declarations of its files.
 *
 *   module.c    module state, PEP 489 init, the Engine type
 *   template.c  the Template type and render()
 *   values.c    Python objects as weft values: scalars converted at the
 *               lookup that reaches them, everything else a host object
 *   errors.c    weft_error -> the weft package's exception classes
 *
 * The binding uses only weft.h. Nothing here is a global mutable: the
 * module's references live in its state (pyw_state), reached from a type
 * with PyType_GetModuleByDef and from host hooks through the render. */
#ifndef WEFT_PYTHON_BINDING_H
#define WEFT_PYTHON_BINDING_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "weft.h"

/* Every reference in the state is owned by the state (strong), released
 * in the module's m_clear, except datetime_api, which points into the
 * datetime module's capsule (kept alive by datetime_module). */
typedef struct pyw_state {
    PyTypeObject *engine_type;
    PyTypeObject *template_type;
    /* The weft package's exception classes (weft/__init__.py). */
    PyObject *TemplateError;
    PyObject *TemplateSyntaxError;
    PyObject *TemplateDoesNotExist;
    PyObject *VariableDoesNotExist;
    PyObject *error_classes; /* dict: weft_error_kind_name() -> class */
    PyObject *decimal_type;  /* decimal.Decimal */
    PyObject *datetime_module;
    const void *datetime_api; /* PyDateTime_CAPI *, borrowed from the capsule */
    PyObject *signature;      /* inspect.signature */
    /* Interned attribute names. */
    PyObject *str_alters_data;
    PyObject *str_do_not_call;
    PyObject *str_silent_failure;
    PyObject *str_utcoffset;
    PyObject *str_module;
    PyObject *str_bind;
} pyw_state;

extern PyModuleDef pyw_module_def;

/* The state of the module that defined type (or a base of it); NULL with
 * an exception set when there is none. */
pyw_state *pyw_state_of_type(PyTypeObject *type);

/* ---- engine (module.c) ---- */
typedef struct pyw_engine {
    PyObject_HEAD
    weft_engine *engine; /* owned; freed in dealloc */
} pyw_engine;

/* ---- template (template.c) ---- */
typedef struct pyw_template {
    PyObject_HEAD
    weft_template *tpl; /* one reference, released in dealloc */
    PyObject *engine;   /* strong: the Engine it came from */
} pyw_template;

extern PyType_Spec pyw_template_spec;
/* A new Template owning tpl's reference (released on failure too). */
PyObject *pyw_template_new(pyw_state *st, PyObject *engine, weft_template *tpl);

/* ---- values (values.c) ---- */

/* One render's view of Python: the store its values are built in, and
 * every host object handed to the renderer, each holding a strong
 * reference to its Python object until pyw_render_end. */
typedef struct pyw_host pyw_host;
typedef struct pyw_host_chunk pyw_host_chunk;

typedef struct pyw_render {
    pyw_state *st;
    weft_values *store; /* owned: the context's values */
    pyw_host_chunk *chunks;
    /* Set when a hook left a Python exception set: every later hook
     * returns a failure without running Python code, and the exception
     * is what render() raises. */
    int failed;
} pyw_render;

/* Returns 0, or -1 with an exception set. */
int pyw_render_begin(pyw_render *rc, pyw_state *st);
/* Releases every reference the render took. Keeps a set exception. */
void pyw_render_end(pyw_render *rc);
/* The top-level context (a dict, another mapping, or None) as a native
 * dict: its keys and a shallow conversion of each value (scalars native,
 * the rest host objects; no attribute or item of a value is read).
 * Returns 0, or -1 with an exception set. */
int pyw_context(pyw_render *rc, PyObject *context, weft_value **out);

/* ---- errors (errors.c) ---- */

/* Raises the weft exception for err (code when err is empty). Returns NULL. */
PyObject *pyw_raise(pyw_state *st, int code, const weft_error *err);
/* Raises for a failed configuration call. Returns -1. */
int pyw_raise_status(int code, const char *what);

#endif
