/* The loop of readers/pdfium._chars over a page's characters, in C: the same pdfium calls, the same
 * arithmetic in the same order, the same dicts.  Optional (setup.py builds it where a compiler is at
 * hand); without it the Python loop runs.  tests/test_pdf_variants.py holds the two to the same output.
 *
 * pdfium's functions are not linked: their addresses come from pypdfium2's ctypes bindings (bind()),
 * whose signatures readers/pdfium.py checks first.  Only characters of text set upright on an upright
 * page, whose advance the font gives, are read here: a page with any other (a slanted or turned object,
 * vertical writing, a font without widths) returns None, and the Python loop reads the whole page.
 *
 * Built with -ffp-contract=off: a multiply-add fused into one instruction rounds once where Python rounds
 * twice, and the boxes would differ in the last bit.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

typedef struct { float a, b, c, d, e, f; } FS_MATRIX;

static struct {
    int (*is_generated)(void *, int);
    int (*map_error)(void *, int);
    void *(*text_object)(void *, int);
    int (*origin)(void *, int, double *, double *);
    int (*matrix)(void *, int, FS_MATRIX *);
    double (*font_size)(void *, int);
    void *(*object_font)(void *);
    int (*glyph_width)(void *, uint32_t, float, float *);
} F;
static int bound = 0;

static PyObject *K_TEXT, *K_X0, *K_X1, *K_TOP, *K_BOTTOM, *K_SIZE, *K_FONTNAME, *CID, *EMPTY;

typedef struct {  /* what a character's box needs of its text object, worked out once an object */
    void *key;
    int used;
    double a, d, size, dlo, dhi;
    void *font;
    PyObject *name;  /* borrowed from the fonts dict, which lives as long as the call */
} Obj;

static PyObject *bind(PyObject *Py_UNUSED(self), PyObject *args) {
    unsigned long long p[8];
    if (!PyArg_ParseTuple(args, "KKKKKKKK", &p[0], &p[1], &p[2], &p[3], &p[4], &p[5], &p[6], &p[7]))
        return NULL;
    for (int i = 0; i < 8; i++)
        if (!p[i]) {
            PyErr_SetString(PyExc_ValueError, "a null function address");
            return NULL;
        }
    F.is_generated = (int (*)(void *, int))(uintptr_t)p[0];
    F.map_error = (int (*)(void *, int))(uintptr_t)p[1];
    F.text_object = (void *(*)(void *, int))(uintptr_t)p[2];
    F.origin = (int (*)(void *, int, double *, double *))(uintptr_t)p[3];
    F.matrix = (int (*)(void *, int, FS_MATRIX *))(uintptr_t)p[4];
    F.font_size = (double (*)(void *, int))(uintptr_t)p[5];
    F.object_font = (void *(*)(void *))(uintptr_t)p[6];
    F.glyph_width = (int (*)(void *, uint32_t, float, float *))(uintptr_t)p[7];
    bound = 1;
    Py_RETURN_NONE;
}

typedef struct {  /* a font's advance of a code, asked once a page (text objects hold a few characters each,
                  * and pdfium finds a CID font's code for a Unicode value by a walk through its map) */
    void *font;
    long code;
    int used, ok;
    float width;
} Width;

static Width *width_slot(Width *table, size_t mask, void *font, long code) {
    size_t h = (((uintptr_t)font >> 4) ^ ((size_t)code * 0x85EBCA6Bu)) * 0x9E3779B97F4A7C15ull;
    for (size_t i = (h >> 20) & mask;; i = (i + 1) & mask)
        if (!table[i].used || (table[i].font == font && table[i].code == code))
            return &table[i];
}

/* the object's slot in an open-addressing table of 2^bits slots (a power of two past twice the characters) */
static Obj *slot(Obj *table, size_t mask, void *key) {
    size_t h = ((uintptr_t)key >> 4) * 0x9E3779B97F4A7C15ull;
    for (size_t i = h & mask;; i = (i + 1) & mask)
        if (!table[i].used || table[i].key == key)
            return &table[i];
}

static PyObject *char_dict(PyObject *text, double x0, double x1, double top, double bottom, double size,
                           PyObject *name) {
    PyObject *d = PyDict_New();
    if (!d)
        return NULL;
    PyObject *v[5] = {PyFloat_FromDouble(x0), PyFloat_FromDouble(x1), PyFloat_FromDouble(top),
                      PyFloat_FromDouble(bottom), PyFloat_FromDouble(size)};
    int bad = !v[0] || !v[1] || !v[2] || !v[3] || !v[4]
              || PyDict_SetItem(d, K_TEXT, text) < 0 || PyDict_SetItem(d, K_X0, v[0]) < 0
              || PyDict_SetItem(d, K_X1, v[1]) < 0 || PyDict_SetItem(d, K_TOP, v[2]) < 0
              || PyDict_SetItem(d, K_BOTTOM, v[3]) < 0 || PyDict_SetItem(d, K_SIZE, v[4]) < 0
              || PyDict_SetItem(d, K_FONTNAME, name) < 0;
    for (int i = 0; i < 5; i++)
        Py_XDECREF(v[i]);
    if (bad) {
        Py_DECREF(d);
        return NULL;
    }
    return d;
}

/* chars(text_page, codes, flip, shift_x, shift_y, font_info, seen) -> list of dicts, or None
 *
 * text_page: the FPDF_TEXTPAGE's address; codes: each character's UTF-16 unit (one each: _codes);
 * font_info(address) -> (name, descent); seen: a set, given each text object's address. */
static PyObject *chars(PyObject *Py_UNUSED(self), PyObject *args) {
    unsigned long long tp_addr;
    PyObject *codes, *font_info, *seen;
    double flip, shift_x, shift_y;
    if (!PyArg_ParseTuple(args, "KO!dddOO!", &tp_addr, &PyList_Type, &codes, &flip, &shift_x, &shift_y,
                          &font_info, &PySet_Type, &seen))
        return NULL;
    if (!bound) {
        PyErr_SetString(PyExc_RuntimeError, "bind() the pdfium functions first");
        return NULL;
    }
    void *tp = (void *)(uintptr_t)tp_addr;
    Py_ssize_t n = PyList_GET_SIZE(codes);
    size_t cap = 16;
    while (cap < 2 * (size_t)n + 2)
        cap <<= 1;
    Obj *table = PyMem_Calloc(cap, sizeof(Obj));
    Width *widths = PyMem_Calloc(cap, sizeof(Width));
    PyObject *fonts = PyDict_New(), *out = PyList_New(0), *result = NULL;
    if (!table || !widths || !fonts || !out) {
        PyErr_NoMemory();
        goto done;
    }
    FS_MATRIX m;
    memset(&m, 0, sizeof m);
    double ox = 0.0, oy = 0.0;
    for (Py_ssize_t i = 0; i < n; i++) {
        long code = PyLong_AsLong(PyList_GET_ITEM(codes, i));
        if (code == -1 && PyErr_Occurred())
            goto done;
        if ((code == 0x20 || code == 0x0D || code == 0x0A || code == 0x02) && F.is_generated(tp, (int)i))
            continue;  /* pdfium generates only these */
        if (code < 0 || code > 0xFFFF || (code >= 0xD800 && code < 0xE000))
            goto fallback;  /* not one UTF-16 unit a character: the Python loop's */
        int cid = F.map_error(tp, (int)i) == 1;
        void *key = F.text_object(tp, (int)i);
        Obj *o = slot(table, cap - 1, key);
        if (!o->used) {
            F.matrix(tp, (int)i, &m);
            double size = F.font_size(tp, (int)i);
            void *font = key ? F.object_font(key) : NULL;
            PyObject *fkey = PyLong_FromVoidPtr(font);
            if (!fkey)
                goto done;
            PyObject *info = PyDict_GetItemWithError(fonts, fkey);
            if (!info) {
                if (PyErr_Occurred() || !(info = PyObject_CallOneArg(font_info, fkey))) {
                    Py_DECREF(fkey);
                    goto done;
                }
                if (!PyTuple_Check(info) || PyTuple_GET_SIZE(info) != 2) {
                    PyErr_SetString(PyExc_TypeError, "font_info must give (name, descent)");
                    Py_DECREF(info);
                    Py_DECREF(fkey);
                    goto done;
                }
                int bad = PyDict_SetItem(fonts, fkey, info) < 0;
                Py_DECREF(info);  /* the dict holds it (or, on an error, nothing does: not read again) */
                if (bad) {
                    Py_DECREF(fkey);
                    goto done;
                }
            }
            Py_DECREF(fkey);
            double descent = PyFloat_AsDouble(PyTuple_GET_ITEM(info, 1));
            if (descent == -1.0 && PyErr_Occurred())
                goto done;
            double a = m.a, b = m.b, c = m.c, d = m.d;
            if (b != 0.0 || c != 0.0 || !(a > 0.0))
                goto fallback;  /* at a slant, turned or mirrored (or not a number): the Python loop's */
            double lo = descent * size, hi = (descent + 1.0) * size;
            o->used = 1;
            o->key = key;
            o->a = a;
            o->d = d;
            o->size = size;
            o->dlo = d * lo;
            o->dhi = d * hi;
            o->font = font;
            o->name = PyTuple_GET_ITEM(info, 0);
            PyObject *k = PyLong_FromVoidPtr(key);
            if (!k || PySet_Add(seen, k) < 0) {
                Py_XDECREF(k);
                goto done;
            }
            Py_DECREF(k);
        }
        F.origin(tp, (int)i, &ox, &oy);
        double x = ox, y = oy;
        if (!o->font)
            goto fallback;  /* no font: the Python loop measures the glyph */
        Width *w = width_slot(widths, cap - 1, o->font, code);
        if (!w->used) {
            w->used = 1;
            w->font = o->font;
            w->code = code;
            w->ok = F.glyph_width(o->font, (uint32_t)code, 1000.0f, &w->width) != 0;
        }
        if (!w->ok)
            goto fallback;  /* no width from the font: the Python loop measures the glyph */
        double adv = (double)w->width * o->size / 1000.0;
        if (adv < 0)
            goto fallback;  /* vertical writing */
        double x0 = x, x1 = x + o->a * adv;
        if (x1 < x0) {
            double t = x0;
            x0 = x1;
            x1 = t;
        }
        double y0 = y + o->dlo, y1 = y + o->dhi;
        if (y1 < y0) {
            double t = y0;
            y0 = y1;
            y1 = t;
        }
        double top = flip - (y1 + shift_y), bottom = flip - (y0 + shift_y);
        PyObject *text;
        if (cid) {
            text = Py_NewRef(CID);
        } else if (code) {
            text = PyUnicode_FromOrdinal((int)code);
            if (!text)
                goto done;
        } else {
            text = Py_NewRef(EMPTY);
        }
        PyObject *ch = char_dict(text, x0 + shift_x, x1 + shift_x, top, bottom, bottom - top, o->name);
        Py_DECREF(text);
        if (!ch || PyList_Append(out, ch) < 0) {
            Py_XDECREF(ch);
            goto done;
        }
        Py_DECREF(ch);
    }
    result = Py_NewRef(out);
    goto done;
fallback:
    result = Py_NewRef(Py_None);
done:
    PyMem_Free(table);
    PyMem_Free(widths);
    Py_XDECREF(fonts);
    Py_XDECREF(out);
    return result;
}

static PyMethodDef methods[] = {
    {"bind", bind, METH_VARARGS, "bind(8 function addresses): pdfium's functions the loop calls"},
    {"chars", chars, METH_VARARGS, "chars(text_page, codes, flip, shift_x, shift_y, font_info, seen)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_pdfium_chars", NULL, -1, methods};

PyMODINIT_FUNC PyInit__pdfium_chars(void) {
    K_TEXT = PyUnicode_InternFromString("text");
    K_X0 = PyUnicode_InternFromString("x0");
    K_X1 = PyUnicode_InternFromString("x1");
    K_TOP = PyUnicode_InternFromString("top");
    K_BOTTOM = PyUnicode_InternFromString("bottom");
    K_SIZE = PyUnicode_InternFromString("size");
    K_FONTNAME = PyUnicode_InternFromString("fontname");
    CID = PyUnicode_InternFromString("(cid:0)");
    EMPTY = PyUnicode_InternFromString("");
    if (!K_TEXT || !K_X0 || !K_X1 || !K_TOP || !K_BOTTOM || !K_SIZE || !K_FONTNAME || !CID || !EMPTY)
        return NULL;
    return PyModule_Create(&module);
}
