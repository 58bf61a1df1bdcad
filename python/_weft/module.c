/* The weft._weft module (PEP 489 multi-phase init, state per module
 * object, heap types) and the Engine type. */
#include "binding.h"

#include <string.h>

pyw_state *pyw_state_of_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &pyw_module_def); /* borrowed */
    return module ? PyModule_GetState(module) : NULL;
}

/* ---- Engine -------------------------------------------------------------- */

static int configure_str(weft_engine *e, int (*set)(weft_engine *, const char *), PyObject *value,
                         const char *what)
{
    if (!PyUnicode_Check(value)) {
        PyErr_Format(PyExc_TypeError, "%s must be a str", what);
        return -1;
    }
    Py_ssize_t len;
    const char *s = PyUnicode_AsUTF8AndSize(value, &len);
    if (!s) return -1;
    if ((size_t)len != strlen(s)) {
        PyErr_Format(PyExc_ValueError, "%s contains a NUL character", what);
        return -1;
    }
    int rc = set(e, s);
    return rc == WEFT_OK ? 0 : pyw_raise_status(rc, what);
}

static int add_dirs(weft_engine *e, PyObject *dirs)
{
    if (PyUnicode_Check(dirs) || PyBytes_Check(dirs)) {
        PyErr_SetString(PyExc_TypeError, "dirs must be a sequence of paths, not a single path");
        return -1;
    }
    PyObject *it = PyObject_GetIter(dirs);
    if (!it) return -1;
    PyObject *item;
    while ((item = PyIter_Next(it))) {
        PyObject *path = PyOS_FSPath(item);
        Py_DECREF(item);
        if (!path) break;
        PyObject *text = PyUnicode_Check(path) ? Py_NewRef(path) : PyUnicode_DecodeFSDefaultAndSize(PyBytes_AS_STRING(path), PyBytes_GET_SIZE(path));
        Py_DECREF(path);
        if (!text) break;
        int rc = configure_str(e, weft_engine_add_dir, text, "template directory");
        Py_DECREF(text);
        if (rc) break;
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? -1 : 0;
}

static int add_templates(weft_engine *e, PyObject *templates)
{
    if (!PyDict_Check(templates)) {
        PyErr_SetString(PyExc_TypeError, "templates must be a dict of name -> source");
        return -1;
    }
    Py_ssize_t pos = 0;
    PyObject *name, *source; /* borrowed from the dict */
    while (PyDict_Next(templates, &pos, &name, &source)) {
        if (!PyUnicode_Check(name) || !PyUnicode_Check(source)) {
            PyErr_SetString(PyExc_TypeError, "template names and sources must be str");
            return -1;
        }
        Py_ssize_t nlen, slen;
        const char *n = PyUnicode_AsUTF8AndSize(name, &nlen);
        const char *s = n ? PyUnicode_AsUTF8AndSize(source, &slen) : NULL;
        if (!s) return -1;
        if ((size_t)nlen != strlen(n)) {
            PyErr_SetString(PyExc_ValueError, "template name contains a NUL character");
            return -1;
        }
        int rc = weft_engine_add_template(e, n, s, (size_t)slen);
        if (rc != WEFT_OK) return pyw_raise_status(rc, "template");
    }
    return 0;
}

static PyObject *engine_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"dirs", "autoescape", "string_if_invalid", "language",
                               "time_zone", "use_tz", "templates", NULL};
    PyObject *dirs = NULL, *string_if_invalid = NULL, *language = NULL, *time_zone = NULL;
    PyObject *templates = Py_None;
    int autoescape = 1, use_tz = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|O$pUUUpO:Engine", keywords, &dirs, &autoescape,
                                     &string_if_invalid, &language, &time_zone, &use_tz, &templates))
        return NULL;
    pyw_engine *self = (pyw_engine *)type->tp_alloc(type, 0);
    if (!self) return NULL;
    self->engine = weft_engine_new();
    if (!self->engine) {
        Py_DECREF(self);
        return PyErr_NoMemory();
    }
    weft_engine *e = self->engine;
    int rc;
    if ((dirs && add_dirs(e, dirs)) ||
        ((rc = weft_engine_set_autoescape(e, autoescape)) != WEFT_OK && pyw_raise_status(rc, "autoescape")) ||
        (string_if_invalid && configure_str(e, weft_engine_set_string_if_invalid, string_if_invalid, "string_if_invalid")) ||
        (language && configure_str(e, weft_engine_set_language, language, "language")) ||
        (time_zone && configure_str(e, weft_engine_set_time_zone, time_zone, "time_zone")) ||
        ((rc = weft_engine_set_use_tz(e, use_tz)) != WEFT_OK && pyw_raise_status(rc, "use_tz")) ||
        (templates != Py_None && add_templates(e, templates))) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

static void engine_dealloc(pyw_engine *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    /* Templates keep the Engine alive, so no render uses it any more. */
    weft_engine_free(self->engine);
    tp->tp_free(self);
    Py_DECREF(tp); /* instances of heap types own a reference to the type */
}

static PyObject *engine_from_string(pyw_engine *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"source", "name", NULL};
    PyObject *source;
    const char *name = "<string>";
    Py_ssize_t name_len = 8;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "U|s#:from_string", keywords, &source, &name, &name_len))
        return NULL;
    if ((size_t)name_len != strlen(name)) {
        PyErr_SetString(PyExc_ValueError, "name contains a NUL character");
        return NULL;
    }
    pyw_state *st = pyw_state_of_type(Py_TYPE(self));
    if (!st) return NULL;
    Py_ssize_t len;
    /* Owned by source, which the caller's arguments keep alive. */
    const char *text = PyUnicode_AsUTF8AndSize(source, &len);
    if (!text) return NULL;
    weft_error err;
    weft_template *tpl;
    /* The compiler touches no Python object. */
    Py_BEGIN_ALLOW_THREADS
    tpl = weft_engine_compile(self->engine, name, text, (size_t)len, &err);
    Py_END_ALLOW_THREADS
    if (!tpl) return pyw_raise(st, err.code, &err);
    return pyw_template_new(st, (PyObject *)self, tpl);
}

static PyObject *engine_get_template(pyw_engine *self, PyObject *arg)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "template name must be a str");
        return NULL;
    }
    pyw_state *st = pyw_state_of_type(Py_TYPE(self));
    if (!st) return NULL;
    Py_ssize_t len;
    const char *name = PyUnicode_AsUTF8AndSize(arg, &len);
    if (!name) return NULL;
    if ((size_t)len != strlen(name)) {
        PyErr_SetString(PyExc_ValueError, "template name contains a NUL character");
        return NULL;
    }
    weft_error err;
    weft_template *tpl;
    /* Loading and compiling touch no Python object. */
    Py_BEGIN_ALLOW_THREADS
    tpl = weft_engine_get(self->engine, name, &err);
    Py_END_ALLOW_THREADS
    if (!tpl) return pyw_raise(st, err.code, &err);
    return pyw_template_new(st, (PyObject *)self, tpl);
}

static PyMethodDef engine_methods[] = {
    {"from_string", (PyCFunction)(void (*)(void))engine_from_string, METH_VARARGS | METH_KEYWORDS,
     "from_string(source, name='<string>') -> Template\n\nCompiles source."},
    {"get_template", (PyCFunction)engine_get_template, METH_O,
     "get_template(name) -> Template\n\nFinds name in the in-memory templates, then the directories."},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot engine_slots[] = {
    {Py_tp_new, engine_new},
    {Py_tp_dealloc, engine_dealloc},
    {Py_tp_methods, engine_methods},
    {Py_tp_doc, "Engine(dirs=(), *, autoescape=True, string_if_invalid='', language='en-us', "
                "time_zone='UTC', use_tz=False, templates=None)\n\n"
                "A weft engine: configuration, loaders and the template cache."},
    {0, NULL},
};

static PyType_Spec engine_spec = {
    .name = "weft._weft.Engine",
    .basicsize = sizeof(pyw_engine),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = engine_slots,
};

/* ---- the module ----------------------------------------------------------- */

/* A new reference to module.attr. */
static PyObject *import_attr(const char *module, const char *attr)
{
    PyObject *mod = PyImport_ImportModule(module);
    if (!mod) return NULL;
    PyObject *got = PyObject_GetAttrString(mod, attr);
    Py_DECREF(mod);
    return got;
}

static int module_exec(PyObject *module)
{
    pyw_state *st = PyModule_GetState(module);
    /* Every reference stored below is owned by the state (module_clear). */
    st->engine_type = (PyTypeObject *)PyType_FromModuleAndSpec(module, &engine_spec, NULL);
    if (!st->engine_type || PyModule_AddType(module, st->engine_type)) return -1;
    st->template_type = (PyTypeObject *)PyType_FromModuleAndSpec(module, &pyw_template_spec, NULL);
    if (!st->template_type || PyModule_AddType(module, st->template_type)) return -1;

    /* The package defines its exceptions before it imports this module,
     * so the partly initialised package already has them. */
    PyObject *pkg = PyImport_ImportModule("weft");
    if (!pkg) return -1;
    st->TemplateError = PyObject_GetAttrString(pkg, "TemplateError");
    st->TemplateSyntaxError = PyObject_GetAttrString(pkg, "TemplateSyntaxError");
    st->TemplateDoesNotExist = PyObject_GetAttrString(pkg, "TemplateDoesNotExist");
    st->VariableDoesNotExist = PyObject_GetAttrString(pkg, "VariableDoesNotExist");
    st->error_classes = PyObject_GetAttrString(pkg, "_ERROR_CLASSES");
    Py_DECREF(pkg);
    if (!st->TemplateError || !st->TemplateSyntaxError || !st->TemplateDoesNotExist ||
        !st->VariableDoesNotExist || !st->error_classes)
        return -1;
    if (!PyDict_Check(st->error_classes)) {
        PyErr_SetString(PyExc_TypeError, "weft._ERROR_CLASSES must be a dict");
        return -1;
    }

    st->decimal_type = import_attr("decimal", "Decimal");
    st->signature = import_attr("inspect", "signature");
    st->datetime_module = PyImport_ImportModule("datetime");
    if (!st->decimal_type || !st->signature || !st->datetime_module) return -1;
    st->datetime_api = PyCapsule_Import("datetime.datetime_CAPI", 0);
    if (!st->datetime_api) return -1;

    if (!(st->str_alters_data = PyUnicode_InternFromString("alters_data")) ||
        !(st->str_do_not_call = PyUnicode_InternFromString("do_not_call_in_templates")) ||
        !(st->str_silent_failure = PyUnicode_InternFromString("silent_variable_failure")) ||
        !(st->str_utcoffset = PyUnicode_InternFromString("utcoffset")) ||
        !(st->str_module = PyUnicode_InternFromString("__module__")) ||
        !(st->str_bind = PyUnicode_InternFromString("bind")))
        return -1;
    return 0;
}

static int module_traverse(PyObject *module, visitproc visit, void *arg)
{
    pyw_state *st = PyModule_GetState(module);
    Py_VISIT(st->engine_type);
    Py_VISIT(st->template_type);
    Py_VISIT(st->TemplateError);
    Py_VISIT(st->TemplateSyntaxError);
    Py_VISIT(st->TemplateDoesNotExist);
    Py_VISIT(st->VariableDoesNotExist);
    Py_VISIT(st->error_classes);
    Py_VISIT(st->decimal_type);
    Py_VISIT(st->datetime_module);
    Py_VISIT(st->signature);
    return 0;
}

static int module_clear(PyObject *module)
{
    pyw_state *st = PyModule_GetState(module);
    Py_CLEAR(st->engine_type);
    Py_CLEAR(st->template_type);
    Py_CLEAR(st->TemplateError);
    Py_CLEAR(st->TemplateSyntaxError);
    Py_CLEAR(st->TemplateDoesNotExist);
    Py_CLEAR(st->VariableDoesNotExist);
    Py_CLEAR(st->error_classes);
    Py_CLEAR(st->decimal_type);
    Py_CLEAR(st->datetime_module);
    st->datetime_api = NULL;
    Py_CLEAR(st->signature);
    Py_CLEAR(st->str_alters_data);
    Py_CLEAR(st->str_do_not_call);
    Py_CLEAR(st->str_silent_failure);
    Py_CLEAR(st->str_utcoffset);
    Py_CLEAR(st->str_module);
    Py_CLEAR(st->str_bind);
    return 0;
}

static void module_free(void *module) { module_clear(module); }

static PyModuleDef_Slot module_slots[] = {
    {Py_mod_exec, module_exec},
    {0, NULL},
};

PyModuleDef pyw_module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "weft._weft",
    .m_doc = "The weft template engine (C extension; use the weft package).",
    .m_size = sizeof(pyw_state),
    .m_slots = module_slots,
    .m_traverse = module_traverse,
    .m_clear = module_clear,
    .m_free = module_free,
};

PyMODINIT_FUNC PyInit__weft(void) { return PyModuleDef_Init(&pyw_module_def); }
