/* weft_error as the weft package's exceptions: the class named after the
 * error's kind (weft._ERROR_CLASSES, kept in the module state), with the
 * error's position as attributes. */
#include "binding.h"

static int set_attr(PyObject *exc, const char *name, PyObject *value)
{
    if (!value) return -1;
    int rc = PyObject_SetAttrString(exc, name, value);
    Py_DECREF(value); /* the attribute holds its own reference */
    return rc;
}

static PyObject *optional_str(const char *s)
{
    if (!s[0]) Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

PyObject *pyw_raise(pyw_state *st, int code, const weft_error *err)
{
    if (code == WEFT_ENOMEM || (err && err->kind == WEFT_ERROR_OUT_OF_MEMORY)) return PyErr_NoMemory();
    weft_error_kind kind = err ? err->kind : WEFT_ERROR_NONE;
    if (kind == WEFT_ERROR_NONE) {
        switch (code) {
        case WEFT_ESYNTAX: kind = WEFT_ERROR_TEMPLATE_SYNTAX; break;
        case WEFT_ENOTFOUND: kind = WEFT_ERROR_TEMPLATE_DOES_NOT_EXIST; break;
        case WEFT_ELIMIT: kind = WEFT_ERROR_LIMIT; break;
        case WEFT_EIO: kind = WEFT_ERROR_IO; break;
        default: break;
        }
    }
    const char *kind_name = weft_error_kind_name(kind);
    /* Borrowed from the state's dict. */
    PyObject *cls = PyDict_GetItemString(st->error_classes, kind_name);
    if (!cls) cls = st->TemplateError;
    const char *message = err && err->message[0] ? err->message : "template error";
    PyObject *msg = PyUnicode_DecodeUTF8(message, (Py_ssize_t)strlen(message), "replace");
    if (!msg) return NULL;
    PyObject *exc = PyObject_CallOneArg(cls, msg);
    Py_DECREF(msg);
    if (!exc) return NULL;
    static const weft_error empty;
    const weft_error *e = err ? err : &empty;
    if (set_attr(exc, "kind", PyUnicode_FromString(kind_name)) ||
        set_attr(exc, "template_name", optional_str(e->template_name)) ||
        set_attr(exc, "lineno", e->line ? PyLong_FromUnsignedLong(e->line) : Py_NewRef(Py_None)) ||
        set_attr(exc, "column", e->column ? PyLong_FromUnsignedLong(e->column) : Py_NewRef(Py_None)) ||
        set_attr(exc, "snippet", optional_str(e->snippet)) ||
        set_attr(exc, "snippet_column",
                 e->snippet_column ? PyLong_FromUnsignedLong(e->snippet_column) : Py_NewRef(Py_None))) {
        Py_DECREF(exc);
        return NULL;
    }
    if (err && err->kind != WEFT_ERROR_NONE) {
        char text[WEFT_ERROR_MESSAGE_MAX + WEFT_ERROR_NAME_MAX + 2 * WEFT_ERROR_SNIPPET_MAX + 64];
        weft_error_format(err, text, sizeof text);
        if (set_attr(exc, "formatted", PyUnicode_DecodeUTF8(text, (Py_ssize_t)strlen(text), "replace"))) {
            Py_DECREF(exc);
            return NULL;
        }
    }
    PyErr_SetObject(cls, exc);
    Py_DECREF(exc);
    return NULL;
}

int pyw_raise_status(int code, const char *what)
{
    switch (code) {
    case WEFT_ENOMEM: PyErr_NoMemory(); break;
    case WEFT_EBUSY: PyErr_Format(PyExc_RuntimeError, "%s: the engine is already in use", what); break;
    default: PyErr_Format(PyExc_ValueError, "invalid %s", what); break;
    }
    return -1;
}
