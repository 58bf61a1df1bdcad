/* The Template type: a compiled weft_template and its render(). */
#include "binding.h"

#include <stdlib.h>
#include <string.h>

PyObject *pyw_template_new(pyw_state *st, PyObject *engine, weft_template *tpl)
{
    pyw_template *self = PyObject_GC_New(pyw_template, st->template_type);
    if (!self) {
        weft_template_release(tpl);
        return NULL;
    }
    self->tpl = tpl;                     /* takes the caller's reference */
    self->engine = Py_NewRef(engine);    /* released in dealloc */
    PyObject_GC_Track(self);
    return (PyObject *)self;
}

static int template_traverse(pyw_template *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(self->engine);
    return 0;
}

static int template_clear(pyw_template *self)
{
    Py_CLEAR(self->engine);
    return 0;
}

static void template_dealloc(pyw_template *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    /* Release the program before the engine it came from. */
    weft_template_release(self->tpl);
    self->tpl = NULL;
    template_clear(self);
    tp->tp_free(self);
    Py_DECREF(tp);
}

static PyObject *template_render(pyw_template *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"context", NULL};
    PyObject *context = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|O:render", keywords, &context)) return NULL;
    pyw_state *st = pyw_state_of_type(Py_TYPE(self));
    if (!st) return NULL;

    pyw_render rc;
    if (pyw_render_begin(&rc, st)) return NULL;
    /* The caller's context stays referenced by the caller's arguments for
     * the whole call; the host objects made from it hold their own
     * references until pyw_render_end. */
    weft_value *ctx;
    if (pyw_context(&rc, context, &ctx)) {
        pyw_render_end(&rc);
        return NULL;
    }
    char *out = NULL;
    size_t out_len = 0;
    weft_error err;
    /* The GIL stays held: every host hook calls Python. */
    int status = weft_render_to_string(self->tpl, ctx, NULL, &out, &out_len, &err);
    PyObject *result = NULL;
    if (rc.failed || PyErr_Occurred()) {
        /* A Python exception raised by Python code during the render
         * propagates unchanged, whatever the renderer made of it. */
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_SystemError, "render failed without an exception");
    } else if (status != WEFT_OK) {
        pyw_raise(st, status, &err);
    } else {
        result = PyUnicode_DecodeUTF8(out ? out : "", (Py_ssize_t)out_len, "strict");
    }
    free(out);
    pyw_render_end(&rc);
    return result;
}

static PyObject *template_get_name(pyw_template *self, void *closure)
{
    const char *name = weft_template_name(self->tpl);
    if (!name) Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(name, (Py_ssize_t)strlen(name), "replace");
}

static PyObject *template_get_engine(pyw_template *self, void *closure)
{
    return Py_NewRef(self->engine ? self->engine : Py_None);
}

static PyObject *template_repr(pyw_template *self)
{
    const char *name = weft_template_name(self->tpl);
    return PyUnicode_FromFormat("<weft.Template '%s'>", name ? name : "");
}

static PyMethodDef template_methods[] = {
    {"render", (PyCFunction)(void (*)(void))template_render, METH_VARARGS | METH_KEYWORDS,
     "render(context=None) -> str\n\nRenders with context, a dict of Python objects read lazily."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef template_getset[] = {
    {"name", (getter)template_get_name, NULL, "the template's name", NULL},
    {"engine", (getter)template_get_engine, NULL, "the Engine it came from", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyType_Slot template_slots[] = {
    {Py_tp_dealloc, template_dealloc},
    {Py_tp_traverse, template_traverse},
    {Py_tp_clear, template_clear},
    {Py_tp_methods, template_methods},
    {Py_tp_getset, template_getset},
    {Py_tp_repr, template_repr},
    {Py_tp_doc, "A compiled template; render it from any number of threads."},
    {0, NULL},
};

PyType_Spec pyw_template_spec = {
    .name = "weft._weft.Template",
    .basicsize = sizeof(pyw_template),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE |
             Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = template_slots,
};
