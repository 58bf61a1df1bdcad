/* Python objects as weft values, converted at the lookup that reaches them.
 *
 * Scalars (None, bool, int within int64, float, str, SafeString, date,
 * datetime, time, timedelta, Decimal) become native values. Everything else
 * is a host object: a pyw_host holding a strong reference to the object,
 * whose hooks call Python with Django's rules. Host hooks run on the
 * rendering thread, which holds the GIL for the whole render.
 *
 * A hook that meets a Python exception leaves it set and returns a failure
 * status (Django would let it propagate); rc->failed then makes every later
 * hook fail without running Python, and render() raises that exception
 * unchanged. Exceptions with a true silent_variable_failure are swallowed
 * as Django does: the lookup is then "not found". */
#include "binding.h"

#include <string.h>

/* datetime.h defines a static API pointer this file does not use: the API
 * is kept in the module state. Only its struct-access macros are used. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-variable"
#include <datetime.h>
#pragma GCC diagnostic pop

struct pyw_host {
    PyObject *obj;   /* strong */
    PyObject *items; /* strong or NULL: list(obj), made by length() for iteration */
    pyw_render *rc;   /* the render this host object belongs to */
};

enum { CHUNK_HOSTS = 64 };

/* Host objects never move (the renderer holds their address), so they are
 * kept in a list of fixed chunks. */
struct pyw_host_chunk {
    pyw_host_chunk *next;
    unsigned used;
    pyw_host hosts[CHUNK_HOSTS];
};

static const weft_host_ops plain_ops;
static const weft_host_ops callable_ops;

int pyw_render_begin(pyw_render *rc, pyw_state *st)
{
    memset(rc, 0, sizeof *rc);
    rc->st = st;
    rc->store = weft_values_new();
    if (!rc->store) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

void pyw_render_end(pyw_render *rc)
{
    /* Releasing a reference may run __del__; keep the render's exception
     * aside meanwhile so it reaches the caller unchanged. */
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    pyw_host_chunk *c = rc->chunks;
    while (c) {
        pyw_host_chunk *next = c->next;
        for (unsigned i = 0; i < c->used; i++) {
            Py_XDECREF(c->hosts[i].obj);
            Py_XDECREF(c->hosts[i].items);
        }
        PyMem_Free(c);
        c = next;
    }
    rc->chunks = NULL;
    weft_values_free(rc->store);
    rc->store = NULL;
    PyErr_Restore(type, value, tb);
}

/* ---- failures -------------------------------------------------------- */

/* A Python exception is set. Swallowed when it asks to be
 * (silent_variable_failure): WEFT_ENOTFOUND. Otherwise left set for the
 * caller of render(): a failure status. */
static int py_failed(pyw_render *rc)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    int silent = 0;
    if (value) {
        PyObject *flag = PyObject_GetAttr(value, rc->st->str_silent_failure);
        if (flag) {
            silent = PyObject_IsTrue(flag) == 1;
            Py_DECREF(flag);
        }
        PyErr_Clear(); /* a failing getattr means "not silent" */
    }
    if (silent) {
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(tb);
        return WEFT_ENOTFOUND;
    }
    PyErr_Restore(type, value, tb);
    rc->failed = 1;
    return WEFT_ERENDER;
}

/* Out of memory in the library: a MemoryError unless an exception is
 * already set. */
static int no_memory(pyw_render *rc)
{
    if (!PyErr_Occurred()) PyErr_NoMemory();
    rc->failed = 1;
    return WEFT_ENOMEM;
}

/* ---- conversion ------------------------------------------------------ */

/* Django's SafeData, found by name in the type's MRO so that Django is
 * never imported by the binding. */
static int is_safe_data(pyw_state *st, PyTypeObject *tp)
{
    PyObject *mro = tp->tp_mro;
    if (!mro || !PyTuple_Check(mro)) return 0;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(mro); i++) {
        PyTypeObject *base = (PyTypeObject *)PyTuple_GET_ITEM(mro, i);
        const char *name = base->tp_name;
        const char *dot = strrchr(name, '.');
        if (strcmp(dot ? dot + 1 : name, "SafeData") != 0) continue;
        /* Borrowed from the type's own dict: no code runs. */
        PyObject *module = base->tp_dict ? PyDict_GetItemWithError(base->tp_dict, st->str_module) : NULL;
        if (!module) {
            PyErr_Clear();
            continue;
        }
        if (PyUnicode_Check(module) && PyUnicode_CompareWithASCIIString(module, "django.utils.safestring") == 0)
            return 1;
    }
    return 0;
}

static weft_value *new_host(pyw_render *rc, weft_values *store, PyObject *obj, const weft_host_ops *ops)
{
    pyw_host_chunk *c = rc->chunks;
    if (!c || c->used == CHUNK_HOSTS) {
        c = PyMem_Malloc(sizeof *c);
        if (!c) return NULL;
        c->next = rc->chunks;
        c->used = 0;
        rc->chunks = c;
    }
    pyw_host *h = &c->hosts[c->used];
    weft_value *v = weft_value_host(store, ops, h);
    if (!v) return NULL;
    c->used++;
    Py_INCREF(obj);
    h->obj = obj; /* released by pyw_render_end */
    h->items = NULL;
    h->rc = rc;
    return v;
}

/* Django calls a callable unless it says do_not_call_in_templates. */
static int host_ops_for(pyw_render *rc, PyObject *obj, const weft_host_ops **ops)
{
    *ops = &plain_ops;
    if (!PyCallable_Check(obj)) return 0;
    PyObject *flag = PyObject_GetAttr(obj, rc->st->str_do_not_call);
    int no_call = 0;
    if (flag) {
        no_call = PyObject_IsTrue(flag);
        Py_DECREF(flag);
        if (no_call < 0) return -1;
    } else if (PyErr_ExceptionMatches(PyExc_AttributeError)) {
        PyErr_Clear();
    } else {
        return -1;
    }
    if (!no_call) *ops = &callable_ops;
    return 0;
}

static weft_value *utf8_value(weft_values *store, PyObject *s, int safe)
{
    Py_ssize_t len;
    const char *u = PyUnicode_AsUTF8AndSize(s, &len);
    if (!u) return NULL;
    return safe ? weft_value_safe_string(store, u, (size_t)len) : weft_value_string(store, u, (size_t)len);
}

/* The UTC offset of an aware datetime, in minutes; *has is 0 when naive. */
static int utc_offset(pyw_state *st, PyObject *dt, int *has, int *minutes)
{
    *has = 0;
    PyObject *off = PyObject_CallMethodNoArgs(dt, st->str_utcoffset);
    if (!off) return -1;
    if (off != Py_None) {
        const PyDateTime_CAPI *api = st->datetime_api;
        if (!PyObject_TypeCheck(off, api->DeltaType)) {
            Py_DECREF(off);
            PyErr_SetString(PyExc_TypeError, "utcoffset() must return a timedelta or None");
            return -1;
        }
        *has = 1;
        *minutes = PyDateTime_DELTA_GET_DAYS(off) * 1440 + PyDateTime_DELTA_GET_SECONDS(off) / 60;
    }
    Py_DECREF(off);
    return 0;
}

/* Sets *out to obj as a weft value built in store (the render's, as the
 * hook was given it, or the context's). Returns WEFT_OK, or a failure
 * with a Python exception set (through py_failed or no_memory). */
static int convert(pyw_render *rc, weft_values *store, PyObject *obj, weft_value **out)
{
    pyw_state *st = rc->st;
    const PyDateTime_CAPI *api = st->datetime_api;
    weft_value *v = NULL;
    if (obj == Py_None) {
        v = weft_value_null(store);
    } else if (PyBool_Check(obj)) {
        v = weft_value_bool(store, obj == Py_True);
    } else if (PyLong_Check(obj)) {
        int overflow = 0;
        long long i = PyLong_AsLongLongAndOverflow(obj, &overflow);
        if (i == -1 && PyErr_Occurred()) return py_failed(rc);
        /* An int beyond int64 stays a Python object: it prints as str(). */
        v = overflow ? new_host(rc, store, obj, &plain_ops) : weft_value_int(store, i);
    } else if (PyFloat_Check(obj)) {
        v = weft_value_float(store, PyFloat_AS_DOUBLE(obj));
    } else if (PyUnicode_Check(obj)) {
        int safe = !PyUnicode_CheckExact(obj) && is_safe_data(st, Py_TYPE(obj));
        v = utf8_value(store, obj, safe);
        if (!v && PyErr_Occurred()) return py_failed(rc);
    } else if (PyObject_TypeCheck(obj, api->DateTimeType)) {
        int has, minutes = 0;
        if (utc_offset(st, obj, &has, &minutes)) return py_failed(rc);
        v = weft_value_datetime(store, PyDateTime_GET_YEAR(obj), PyDateTime_GET_MONTH(obj),
                                PyDateTime_GET_DAY(obj), PyDateTime_DATE_GET_HOUR(obj),
                                PyDateTime_DATE_GET_MINUTE(obj), PyDateTime_DATE_GET_SECOND(obj),
                                PyDateTime_DATE_GET_MICROSECOND(obj), has, minutes);
    } else if (PyObject_TypeCheck(obj, api->DateType)) {
        v = weft_value_date(store, PyDateTime_GET_YEAR(obj), PyDateTime_GET_MONTH(obj),
                            PyDateTime_GET_DAY(obj));
    } else if (PyObject_TypeCheck(obj, api->TimeType)) {
        v = weft_value_time(store, PyDateTime_TIME_GET_HOUR(obj), PyDateTime_TIME_GET_MINUTE(obj),
                            PyDateTime_TIME_GET_SECOND(obj), PyDateTime_TIME_GET_MICROSECOND(obj));
    } else if (PyObject_TypeCheck(obj, api->DeltaType)) {
        v = weft_value_duration(store, PyDateTime_DELTA_GET_DAYS(obj), PyDateTime_DELTA_GET_SECONDS(obj),
                                PyDateTime_DELTA_GET_MICROSECONDS(obj));
    } else if (PyObject_TypeCheck(obj, (PyTypeObject *)st->decimal_type)) {
        PyObject *text = PyObject_Str(obj);
        if (!text) return py_failed(rc);
        Py_ssize_t len;
        const char *u = PyUnicode_AsUTF8AndSize(text, &len);
        if (u) v = weft_value_decimal(store, u, (size_t)len);
        Py_DECREF(text);
        if (!u) return py_failed(rc);
    } else {
        const weft_host_ops *ops;
        if (host_ops_for(rc, obj, &ops)) return py_failed(rc);
        v = new_host(rc, store, obj, ops);
    }
    if (!v) return no_memory(rc);
    *out = v;
    return WEFT_OK;
}

/* ---- the top-level context --------------------------------------------- */

static int put_entry(pyw_render *rc, weft_value *dict, PyObject *key, PyObject *val)
{
    /* Context names are strings; other keys cannot be named in a template. */
    if (!PyUnicode_Check(key)) return 0;
    Py_ssize_t len;
    const char *k = PyUnicode_AsUTF8AndSize(key, &len);
    if (!k) return -1;
    weft_value *v;
    if (convert(rc, rc->store, val, &v) != WEFT_OK) {
        if (rc->failed || PyErr_Occurred()) return -1;
        return 0; /* a silent failure: the name stays unbound */
    }
    if (weft_dict_set(rc->store, dict, k, (size_t)len, v) != WEFT_OK) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

int pyw_context(pyw_render *rc, PyObject *context, weft_value **out)
{
    weft_value *dict = weft_value_dict(rc->store);
    if (!dict) {
        PyErr_NoMemory();
        return -1;
    }
    *out = dict;
    if (context == NULL || context == Py_None) return 0;
    if (PyDict_Check(context)) {
        /* The dict's own entries: a subclass's __getitem__ is not called,
         * so no value is computed for a name the template never uses.
         * Borrowed references; the dict is not modified meanwhile (no
         * Python code runs but do_not_call_in_templates lookups). */
        Py_ssize_t pos = 0;
        PyObject *key, *val;
        Py_INCREF(context);
        int rc_ = 0;
        while (PyDict_Next(context, &pos, &key, &val)) {
            Py_INCREF(key);
            Py_INCREF(val);
            rc_ = put_entry(rc, dict, key, val);
            Py_DECREF(key);
            Py_DECREF(val);
            if (rc_) break;
        }
        Py_DECREF(context);
        return rc_;
    }
    /* Lists pass PyMapping_Check: ask for a mapping's keys() too. */
    if (!PyMapping_Check(context) || !PyObject_HasAttrString(context, "keys")) {
        PyErr_Format(PyExc_TypeError, "context must be a dict or a mapping, not %.200s",
                     Py_TYPE(context)->tp_name);
        return -1;
    }
    /* Another mapping: the renderer takes only a native dict as context,
     * so each of its items is read once. */
    PyObject *items = PyMapping_Items(context);
    if (!items) return -1;
    int rc_ = 0;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(items) && !rc_; i++) {
        PyObject *pair = PyList_GET_ITEM(items, i);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
            PyErr_SetString(PyExc_TypeError, "mapping items must be pairs");
            rc_ = -1;
            break;
        }
        rc_ = put_entry(rc, dict, PyTuple_GET_ITEM(pair, 0), PyTuple_GET_ITEM(pair, 1));
    }
    Py_DECREF(items);
    return rc_;
}

/* ---- host hooks ------------------------------------------------------- */

/* The exceptions Django's lookups catch to try the next way. */
static int matches_item_error(void)
{
    return PyErr_ExceptionMatches(PyExc_TypeError) || PyErr_ExceptionMatches(PyExc_AttributeError) ||
           PyErr_ExceptionMatches(PyExc_KeyError) || PyErr_ExceptionMatches(PyExc_ValueError) ||
           PyErr_ExceptionMatches(PyExc_IndexError);
}

/* Whether obj[...] can succeed at all: saves raising a TypeError for
 * every attribute of a plain object. */
static int subscriptable(PyObject *obj)
{
    PyTypeObject *tp = Py_TYPE(obj);
    return (tp->tp_as_mapping && tp->tp_as_mapping->mp_subscript) ||
           (tp->tp_as_sequence && tp->tp_as_sequence->sq_item) || PyType_Check(obj);
}

/* Django's Variable._resolve_lookup for one segment: obj[name], then
 * getattr(obj, name) (re-raised when name is in dir(obj): a property
 * failed), then obj[int(name)]. */
static PyObject *django_lookup(pyw_render *rc, PyObject *obj, PyObject *name, int *found)
{
    *found = 0;
    if (subscriptable(obj)) {
        PyObject *got = PyObject_GetItem(obj, name);
        if (got) {
            *found = 1;
            return got;
        }
        if (!matches_item_error()) return NULL;
        PyErr_Clear();
    }
    PyObject *got = PyObject_GetAttr(obj, name);
    if (got) {
        *found = 1;
        return got;
    }
    if (!PyErr_ExceptionMatches(PyExc_TypeError) && !PyErr_ExceptionMatches(PyExc_AttributeError))
        return NULL;
    /* Django re-raises when the name is a real attribute whose getter
     * failed: keep the exception aside while dir() runs. */
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyObject *names = PyObject_Dir(obj);
    int listed = names ? PySequence_Contains(names, name) : -1;
    Py_XDECREF(names);
    if (listed != 0) {
        if (listed < 0) {
            /* dir() itself failed: that exception propagates. */
            Py_XDECREF(type);
            Py_XDECREF(value);
            Py_XDECREF(tb);
        } else {
            PyErr_Restore(type, value, tb);
        }
        return NULL;
    }
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    if (!subscriptable(obj)) return Py_NewRef(Py_None); /* not found */
    PyObject *index = PyLong_FromUnicodeObject(name, 10);
    if (!index) {
        if (!PyErr_ExceptionMatches(PyExc_ValueError)) return NULL;
        PyErr_Clear();
        return Py_NewRef(Py_None);
    }
    got = PyObject_GetItem(obj, index);
    Py_DECREF(index);
    if (got) {
        *found = 1;
        return got;
    }
    if (!PyErr_ExceptionMatches(PyExc_IndexError) && !PyErr_ExceptionMatches(PyExc_ValueError) &&
        !PyErr_ExceptionMatches(PyExc_KeyError) && !PyErr_ExceptionMatches(PyExc_TypeError))
        return NULL;
    PyErr_Clear();
    return Py_NewRef(Py_None);
}

static int host_lookup(void *obj, const char *name, size_t len, weft_values *store, weft_value **out)
{
    pyw_host *h = obj;
    pyw_render *rc = h->rc;
    if (rc->failed) return WEFT_ERENDER;
    PyObject *key = PyUnicode_DecodeUTF8(name, (Py_ssize_t)len, "strict");
    if (!key) return py_failed(rc);
    int found;
    PyObject *got = django_lookup(rc, h->obj, key, &found);
    Py_DECREF(key);
    if (!got) return py_failed(rc);
    int status = found ? convert(rc, store, got, out) : WEFT_ENOTFOUND;
    Py_DECREF(got);
    return status;
}

/* The items iteration sees, made once per host object: Django's for tag
 * turns anything without __len__ into a list, and dicts iterate keys. */
static int host_length(void *obj, size_t *out)
{
    pyw_host *h = obj;
    pyw_render *rc = h->rc;
    if (rc->failed) return WEFT_ERENDER;
    if (PyList_CheckExact(h->obj) || PyTuple_CheckExact(h->obj)) {
        *out = (size_t)Py_SIZE(h->obj);
        return WEFT_OK;
    }
    if (!h->items) {
        PyObject *items = PySequence_List(h->obj);
        if (!items) {
            if (!PyErr_ExceptionMatches(PyExc_TypeError)) return py_failed(rc);
            /* Not iterable; a length of its own still counts. */
            PyErr_Clear();
            Py_ssize_t n = PyObject_Size(h->obj);
            if (n < 0) {
                if (!PyErr_ExceptionMatches(PyExc_TypeError)) return py_failed(rc);
                PyErr_Clear();
                return WEFT_ENOTFOUND;
            }
            *out = (size_t)n;
            return WEFT_OK;
        }
        h->items = items; /* released by pyw_render_end */
    }
    *out = (size_t)PyList_GET_SIZE(h->items);
    return WEFT_OK;
}

static int host_item(void *obj, size_t index, weft_values *store, weft_value **out)
{
    pyw_host *h = obj;
    pyw_render *rc = h->rc;
    if (rc->failed) return WEFT_ERENDER;
    PyObject *seq = h->items;
    if (!seq && (PyList_CheckExact(h->obj) || PyTuple_CheckExact(h->obj))) seq = h->obj;
    if (!seq || index >= (size_t)PySequence_Fast_GET_SIZE(seq)) return WEFT_ENOTFOUND;
    /* Borrowed: seq holds it, and seq lives as long as the host. */
    return convert(rc, store, PySequence_Fast_GET_ITEM(seq, (Py_ssize_t)index), out);
}

static int host_truthy(void *obj, bool *out)
{
    pyw_host *h = obj;
    pyw_render *rc = h->rc;
    if (rc->failed) return WEFT_ERENDER;
    int t = PyObject_IsTrue(h->obj);
    if (t < 0) return py_failed(rc);
    *out = t;
    return WEFT_OK;
}

static int host_to_string(void *obj, weft_values *store, weft_value **out)
{
    pyw_host *h = obj;
    pyw_render *rc = h->rc;
    if (rc->failed) return WEFT_ERENDER;
    PyObject *s = PyObject_Str(h->obj);
    if (!s) return py_failed(rc);
    /* store may be a scratch store of the printer, not the render's. */
    weft_value *v = utf8_value(store, s, !PyUnicode_CheckExact(s) && is_safe_data(rc->st, Py_TYPE(s)));
    Py_DECREF(s);
    if (!v) return PyErr_Occurred() ? py_failed(rc) : no_memory(rc);
    *out = v;
    return WEFT_OK;
}

/* Django's TypeError rule: a call that fails because arguments are
 * required gives string_if_invalid; any other TypeError propagates. */
static int arguments_required(pyw_state *st, PyObject *callable)
{
    PyObject *sig = PyObject_CallOneArg(st->signature, callable);
    if (!sig) {
        PyErr_Clear();
        return 0;
    }
    PyObject *bound = PyObject_CallMethodNoArgs(sig, st->str_bind);
    Py_DECREF(sig);
    if (bound) {
        Py_DECREF(bound);
        return 0;
    }
    int required = PyErr_ExceptionMatches(PyExc_TypeError);
    PyErr_Clear();
    return required;
}

static int host_call(void *obj, weft_values *store, weft_value **out)
{
    pyw_host *h = obj;
    pyw_render *rc = h->rc;
    if (rc->failed) return WEFT_ERENDER;
    PyObject *flag = PyObject_GetAttr(h->obj, rc->st->str_alters_data);
    if (flag) {
        int alters = PyObject_IsTrue(flag);
        Py_DECREF(flag);
        if (alters < 0) return py_failed(rc);
        if (alters) return WEFT_ENOTFOUND; /* string_if_invalid */
    } else if (PyErr_ExceptionMatches(PyExc_AttributeError)) {
        PyErr_Clear();
    } else {
        return py_failed(rc);
    }
    PyObject *got = PyObject_CallNoArgs(h->obj);
    if (!got) {
        if (PyErr_ExceptionMatches(PyExc_TypeError)) {
            PyObject *type, *value, *tb;
            PyErr_Fetch(&type, &value, &tb);
            int required = arguments_required(rc->st, h->obj);
            PyErr_Restore(type, value, tb);
            if (required) {
                PyErr_Clear();
                return WEFT_ENOTFOUND;
            }
        }
        return py_failed(rc);
    }
    int status = convert(rc, store, got, out);
    Py_DECREF(got);
    return status;
}

static const weft_host_ops plain_ops = {
    "object", host_lookup, host_length, host_item, host_truthy, host_to_string, NULL,
};
static const weft_host_ops callable_ops = {
    "object", host_lookup, host_length, host_item, host_truthy, host_to_string, host_call,
};
