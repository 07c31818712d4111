/* reportparse's one compiled module, optional (setup.py builds it where a C compiler is at hand; without it
 * the same loops run in Python, with the same results):
 *
 *   chars, objects, segments   readers/pdfium's loops over a page's characters, objects and path segments:
 *                              the same pdfium calls, the same arithmetic in the same order, the same values
 *   upright_on_page, may_repeat
 *                              the two checks readers/pages and layout make of every page's characters
 *                              (numpy's otherwise, whose import a parse then does without)
 *   Freq                       jieba's prefix dictionary, read from the cache without a dict of 500,000
 *                              strings, and the route of search._cut_dag through a sentence
 *   plain                      is a record plain JSON data (batch: a worker's rows of the live record)
 *
 * tests/test_speedups.py holds each to its Python twin.
 *
 * pdfium's functions are not linked: their addresses come from pypdfium2's ctypes bindings (bind()),
 * whose signatures readers/pdfium.py checks first.  Characters whose advance the font does not give are
 * not read here: a page with any returns None, and the Python loop reads the whole page.
 *
 * Built with -ffp-contract=off: a multiply-add fused into one instruction rounds once where Python rounds
 * twice, and the boxes would differ in the last bit.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
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
    int (*draw_mode)(void *, int *, int *);
    int (*count_segments)(void *);
    void *(*segment)(void *, int);
    int (*segment_type)(void *);
    int (*segment_point)(void *, float *, float *);
    int (*segment_close)(void *);
    int (*count_objects)(void *);
    void *(*object)(void *, int);
    int (*object_type)(void *);
} F;
#define N_FUNCTIONS 17
static int bound = 0;

static PyObject *K_TEXT, *K_X0, *K_X1, *K_TOP, *K_BOTTOM, *K_SIZE, *K_FONTNAME, *K_MATRIX, *CID, *EMPTY;

typedef struct {  /* what a character's box needs of its text object, worked out once an object */
    void *key;
    int used, simple, has_axes;
    double a, b, c, d, size, lo, hi;
    double axes[4];  /* the glyph's axes on the page as it reads, where its baseline does not run left to right */
    void *font;
    PyObject *name;  /* borrowed from the fonts dict, which lives as long as the call */
} Obj;

/* readers/pdfium._box: (x0, x1, y0, y1) of a glyph at origin (x, y) spanning ``adv`` along the baseline and
 * lo..hi across it; corners through the page's CTM where the text is not simple, min and max taken in
 * Python's order (the first of equal values kept, a NaN never chosen over a number after it) */
static void glyph_box(double x, double y, const Obj *o, double adv, double lo, double hi, const double *ctm,
                      double mb_x0, double shift_x, double shift_y, double out[4]) {
    if (o->simple) {
        double x0 = x, x1 = x + o->a * adv, y0 = y + o->d * lo, y1 = y + o->d * hi, t;
        if (x1 < x0) { t = x0; x0 = x1; x1 = t; }
        if (y1 < y0) { t = y0; y0 = y1; y1 = t; }
        out[0] = x0 + shift_x;
        out[1] = x1 + shift_x;
        out[2] = y0 + shift_y;
        out[3] = y1 + shift_y;
        return;
    }
    double us[2] = {0.0, adv}, vs[2] = {lo, hi}, xs[4], ys[4];
    int k = 0;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++, k++) {
            double px = x + o->a * us[i] + o->c * vs[j], py = y + o->b * us[i] + o->d * vs[j];
            xs[k] = ctm[0] * px + ctm[2] * py + ctm[4];
            ys[k] = ctm[1] * px + ctm[3] * py + ctm[5];
        }
    double x0 = xs[0], x1 = xs[0], y0 = ys[0], y1 = ys[0];
    for (k = 1; k < 4; k++) {
        if (xs[k] < x0) x0 = xs[k];
        if (xs[k] > x1) x1 = xs[k];
        if (ys[k] < y0) y0 = ys[k];
        if (ys[k] > y1) y1 = ys[k];
    }
    out[0] = x0 + mb_x0;
    out[1] = x1 + mb_x0;
    out[2] = y0;
    out[3] = y1;
}

static PyObject *bind(PyObject *Py_UNUSED(self), PyObject *args) {
    if (PyTuple_GET_SIZE(args) != N_FUNCTIONS) {
        PyErr_Format(PyExc_TypeError, "bind() takes %d function addresses", N_FUNCTIONS);
        return NULL;
    }
    void *p[N_FUNCTIONS];
    for (int i = 0; i < N_FUNCTIONS; i++) {
        p[i] = PyLong_AsVoidPtr(PyTuple_GET_ITEM(args, i));
        if (!p[i]) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "a null function address");
            return NULL;
        }
    }
    /* in the order of readers/pdfium._C_FUNCTIONS */
    *(void **)&F.is_generated = p[0];
    *(void **)&F.map_error = p[1];
    *(void **)&F.text_object = p[2];
    *(void **)&F.origin = p[3];
    *(void **)&F.matrix = p[4];
    *(void **)&F.font_size = p[5];
    *(void **)&F.object_font = p[6];
    *(void **)&F.glyph_width = p[7];
    *(void **)&F.draw_mode = p[8];
    *(void **)&F.count_segments = p[9];
    *(void **)&F.segment = p[10];
    *(void **)&F.segment_type = p[11];
    *(void **)&F.segment_point = p[12];
    *(void **)&F.segment_close = p[13];
    *(void **)&F.count_objects = p[14];
    *(void **)&F.object = p[15];
    *(void **)&F.object_type = p[16];
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
    double flip, shift_x, shift_y, ctm[6], mb_x0;
    int upright;
    if (!PyArg_ParseTuple(args, "KO!ddd(dddddd)dpOO!", &tp_addr, &PyList_Type, &codes, &flip, &shift_x, &shift_y,
                          &ctm[0], &ctm[1], &ctm[2], &ctm[3], &ctm[4], &ctm[5], &mb_x0, &upright, &font_info,
                          &PySet_Type, &seen))
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
            double lo = descent * size, hi = (descent + 1.0) * size;
            o->has_axes = 0;
            if (b != 0.0 || c != 0.0 || a <= 0.0 || !upright) {  /* at a slant (a watermark, a seal) or turned */
                o->axes[0] = a * ctm[0] + b * ctm[2];
                o->axes[1] = a * ctm[1] + b * ctm[3];
                o->axes[2] = c * ctm[0] + d * ctm[2];
                o->axes[3] = c * ctm[1] + d * ctm[3];
                o->has_axes = !(o->axes[1] == 0.0 && o->axes[0] > 0.0);
            }
            o->simple = b == 0.0 && c == 0.0 && a > 0.0 && upright;
            o->used = 1;
            o->key = key;
            o->a = a;
            o->b = b;
            o->c = c;
            o->d = d;
            o->size = size;
            o->lo = lo;
            o->hi = hi;
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
        /* vertical writing: pdfium's origin is pdfminer's box corner, the advance runs down */
        int vertical = adv < 0;
        double box[4];
        if (vertical)
            glyph_box(x, y, o, o->size, o->size + adv, o->size, ctm, mb_x0, shift_x, shift_y, box);
        else
            glyph_box(x, y, o, adv, o->lo, o->hi, ctm, mb_x0, shift_x, shift_y, box);
        double top = flip - box[3], bottom = flip - box[2];
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
        PyObject *ch = char_dict(text, box[0], box[1], top, bottom, vertical ? box[1] - box[0] : bottom - top,
                                 o->name);
        Py_DECREF(text);
        if (ch && !vertical && o->has_axes) {
            PyObject *m = Py_BuildValue("(dddd)", o->axes[0], o->axes[1], o->axes[2], o->axes[3]);
            if (!m || PyDict_SetItem(ch, K_MATRIX, m) < 0)
                Py_CLEAR(ch);
            Py_XDECREF(m);
        }
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

/* objects(page) -> [(type, address), ...]: the page's objects (FPDFPage_GetObject), in their order; a null one
 * left out */
static PyObject *objects(PyObject *Py_UNUSED(self), PyObject *arg) {
    if (!bound) {
        PyErr_SetString(PyExc_RuntimeError, "bind() the pdfium functions first");
        return NULL;
    }
    void *page = PyLong_AsVoidPtr(arg);
    if (!page && PyErr_Occurred())
        return NULL;
    int n = F.count_objects(page);
    PyObject *out = PyList_New(0);
    if (!out)
        return NULL;
    for (int k = 0; k < n; k++) {
        void *obj = F.object(page, k);
        if (!obj)
            continue;
        PyObject *item = Py_BuildValue("(iN)", F.object_type(obj), PyLong_FromVoidPtr(obj));
        if (!item || PyList_Append(out, item) < 0) {
            Py_XDECREF(item);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(item);
    }
    return out;
}

/* as written in the content stream: ``rounded.get(v)`` or ``rounded[v] = round(v, 4)``; zero (whose sign a
 * dict would lose) is its own rounding */
static PyObject *as_written(double v, PyObject *rounded, PyObject *round_fn) {
    PyObject *key = PyFloat_FromDouble(v);
    if (!key || v == 0.0)
        return key;
    PyObject *r = PyDict_GetItemWithError(rounded, key);
    if (r) {
        Py_DECREF(key);
        return Py_NewRef(r);
    }
    if (PyErr_Occurred() || !(r = PyObject_CallFunction(round_fn, "Oi", key, 4)) || PyDict_SetItem(rounded, key, r) < 0) {
        Py_DECREF(key);
        Py_XDECREF(r);
        return NULL;
    }
    Py_DECREF(key);
    return r;
}

/* segments(path, (a, b, c, d, e, f), rounded, round, fillmode, stroke, x, y) -> (ops, points) or None
 *
 * readers/pdfium._path's loop over a path object's segments: its draw mode into the ints at fillmode and
 * stroke, each segment's point (into the floats at x and y) as written (``as_written``) and placed by the
 * matrix; ops one letter a point (m, l, c; h closing, with the sub-path's start again).  None where the path
 * draws nothing (no draw mode, no segments, neither filled nor stroked, no point). */
static PyObject *segments(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *obj_arg, *rounded, *round_fn, *fm_arg, *st_arg, *x_arg, *y_arg;
    double a, b, c, d, e, f;
    if (!PyArg_ParseTuple(args, "O(dddddd)O!OOOOO", &obj_arg, &a, &b, &c, &d, &e, &f, &PyDict_Type, &rounded,
                          &round_fn, &fm_arg, &st_arg, &x_arg, &y_arg))
        return NULL;
    if (!bound) {
        PyErr_SetString(PyExc_RuntimeError, "bind() the pdfium functions first");
        return NULL;
    }
    void *obj = PyLong_AsVoidPtr(obj_arg);
    int *fillmode = PyLong_AsVoidPtr(fm_arg), *stroke = PyLong_AsVoidPtr(st_arg);
    float *x = PyLong_AsVoidPtr(x_arg), *y = PyLong_AsVoidPtr(y_arg);
    if (PyErr_Occurred())
        return NULL;
    if (!obj || !fillmode || !stroke || !x || !y) {
        PyErr_SetString(PyExc_ValueError, "a null address");
        return NULL;
    }
    if (!F.draw_mode(obj, fillmode, stroke))
        Py_RETURN_NONE;
    int n = F.count_segments(obj);
    if (n <= 0 || !(*fillmode != 0 || *stroke))
        Py_RETURN_NONE;
    char *ops = PyMem_Malloc(2 * (size_t)n + 1);
    PyObject *pts = PyList_New(0), *start = NULL, *result = NULL;
    if (!ops || !pts) {
        PyErr_NoMemory();
        goto done;
    }
    start = Py_BuildValue("(dd)", 0.0, 0.0);
    if (!start)
        goto done;
    size_t n_ops = 0;
    long bezier = 0;
    for (int k = 0; k < n; k++) {
        void *seg = F.segment(obj, k);
        int kind = F.segment_type(seg);
        if (kind == 1) {  /* FPDF_SEGMENT_BEZIERTO: pdfminer keeps only a curve's end point */
            bezier += 1;
            if (bezier % 3)
                continue;
        }
        F.segment_point(seg, x, y);
        PyObject *sx = as_written((double)*x, rounded, round_fn);
        PyObject *sy = sx ? as_written((double)*y, rounded, round_fn) : NULL;
        if (!sy) {
            Py_XDECREF(sx);
            goto done;
        }
        double vx = PyFloat_AsDouble(sx), vy = PyFloat_AsDouble(sy);
        Py_DECREF(sx);
        Py_DECREF(sy);
        if ((vx == -1.0 || vy == -1.0) && PyErr_Occurred())
            goto done;
        PyObject *pt = Py_BuildValue("(dd)", a * vx + c * vy + e, b * vx + d * vy + f);
        if (!pt)
            goto done;
        if (kind == 2) {  /* FPDF_SEGMENT_MOVETO */
            ops[n_ops++] = 'm';
            Py_SETREF(start, Py_NewRef(pt));
            bezier = 0;
        } else if (kind == 1) {
            ops[n_ops++] = 'c';
        } else {
            ops[n_ops++] = 'l';
            bezier = 0;
        }
        int bad = PyList_Append(pts, pt) < 0;
        Py_DECREF(pt);
        if (bad)
            goto done;
        if (F.segment_close(seg)) {
            ops[n_ops++] = 'h';
            if (PyList_Append(pts, start) < 0)
                goto done;
        }
    }
    if (!n_ops) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    result = Py_BuildValue("(s#O)", ops, (Py_ssize_t)n_ops, pts);
done:
    PyMem_Free(ops);
    Py_XDECREF(pts);
    Py_XDECREF(start);
    return result;
}

/* a float of the character dict ``ch`` (a KeyError where it has none) */
static int number(PyObject *ch, PyObject *key, double *out) {
    PyObject *v = PyDict_GetItemWithError(ch, key);
    if (!v) {
        if (!PyErr_Occurred())
            PyErr_SetObject(PyExc_KeyError, key);
        return -1;
    }
    *out = PyFloat_AsDouble(v);
    return (*out == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

/* upright_on_page(chars, width, height) -> bool: readers/pages._all_upright_on_page (no character has a
 * "matrix", every character's middle within a page's width and height of the page) */
static PyObject *upright_on_page(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *chars;
    double width, height;
    if (!PyArg_ParseTuple(args, "O!dd", &PyList_Type, &chars, &width, &height))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(chars);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *ch = PyList_GET_ITEM(chars, i);
        if (!PyDict_Check(ch)) {
            PyErr_SetString(PyExc_TypeError, "a character is a dict");
            return NULL;
        }
        int has = PyDict_Contains(ch, K_MATRIX);
        if (has < 0)
            return NULL;
        if (has)
            Py_RETURN_FALSE;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *ch = PyList_GET_ITEM(chars, i);
        double x0, x1, top, bottom;
        if (number(ch, K_X0, &x0) < 0 || number(ch, K_X1, &x1) < 0 || number(ch, K_TOP, &top) < 0
            || number(ch, K_BOTTOM, &bottom) < 0)
            return NULL;
        double x = (x0 + x1) / 2, y = (top + bottom) / 2;
        if (!(-width <= x && x <= 2 * width && -height <= y && y <= 2 * height))
            Py_RETURN_FALSE;  /* a NaN fails these too */
    }
    Py_RETURN_TRUE;
}

static int compare_keys(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* may_repeat(chars, tolerance) -> bool: layout._may_repeat (False only where no two characters of one text
 * share a square of 2 x 2 tolerance in any of the four grids offset by a tolerance along each axis) */
static PyObject *may_repeat(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *chars;
    double tol;
    if (!PyArg_ParseTuple(args, "O!d", &PyList_Type, &chars, &tol))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(chars);
    if (n < 2)
        Py_RETURN_FALSE;
    int64_t *kx = PyMem_Malloc(n * sizeof(int64_t)), *ky = PyMem_Malloc(n * sizeof(int64_t));
    uint64_t *texts = PyMem_Malloc(n * sizeof(uint64_t)), *keys = PyMem_Malloc(n * sizeof(uint64_t));
    PyObject *result = NULL;
    if (!kx || !ky || !texts || !keys) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *ch = PyList_GET_ITEM(chars, i);
        if (!PyDict_Check(ch)) {
            PyErr_SetString(PyExc_TypeError, "a character is a dict");
            goto done;
        }
        double x, y;
        if (number(ch, K_X0, &x) < 0 || number(ch, K_TOP, &y) < 0)
            goto done;
        x /= tol;
        y /= tol;
        if (!isfinite(x) || !isfinite(y) || fabs(x) > 1099511627776.0 || fabs(y) > 1099511627776.0) {
            result = Py_NewRef(Py_True);  /* out of the grids' range: dedupe_chars looks */
            goto done;
        }
        PyObject *text = PyDict_GetItemWithError(ch, K_TEXT);
        if (!text) {
            if (!PyErr_Occurred())
                PyErr_SetObject(PyExc_KeyError, K_TEXT);
            goto done;
        }
        Py_hash_t h = PyObject_Hash(text);
        if (h == -1 && PyErr_Occurred())
            goto done;
        texts[i] = (uint64_t)(int64_t)h;
        kx[i] = (int64_t)floor(x);
        ky[i] = (int64_t)floor(y);
    }
    for (int sx = 0; sx < 2; sx++)
        for (int sy = 0; sy < 2; sy++) {
            for (Py_ssize_t i = 0; i < n; i++)  /* (kx + sx) >> 1 and (ky + sy) >> 1 floor, as numpy's */
                keys[i] = texts[i] ^ ((uint64_t)((kx[i] + sx) >> 1) << 22) ^ (uint64_t)((ky[i] + sy) >> 1);
            qsort(keys, n, sizeof(uint64_t), compare_keys);
            for (Py_ssize_t i = 1; i < n; i++)
                if (keys[i] == keys[i - 1]) {
                    result = Py_NewRef(Py_True);
                    goto done;
                }
        }
    result = Py_NewRef(Py_False);
done:
    PyMem_Free(kx);
    PyMem_Free(ky);
    PyMem_Free(texts);
    PyMem_Free(keys);
    return result;
}

/* ------------------------------------------------------------------ jieba's prefix dictionary
 *
 * Freq(words, counts): jieba's FREQ (every word and every prefix of a word -> its count, 0 for a prefix)
 * as a table over the one string the cache keeps them in (words joined by newlines) and their counts
 * (int64 bytes), built in C in ~20 ms where a dict of its 500,000 strings took 0.13-0.2 s of every batch's
 * start.  It answers what jieba and export/search ask of FREQ: ``w in freq``, ``freq[w]``, ``freq.get(w)``,
 * ``len(freq)``; ``route(sentence, logtotal)`` is search._cut_dag's route through a sentence. */

typedef struct {
    PyObject_HEAD
    PyObject *words;     /* the words joined by "\n" (kept: the table points into it) */
    Py_ssize_t n;        /* words in the string */
    Py_ssize_t unique;   /* of them distinct: len() */
    uint32_t *start;     /* each word's offset in words */
    uint16_t *length;
    int64_t *count;
    uint64_t *hash;
    uint32_t *slots;     /* open addressing: index + 1 of a word, 0 for none */
    size_t mask;
} Freq;

static inline uint64_t hash_step(uint64_t h, Py_UCS4 c) { return (h ^ c) * 0x100000001b3ull; }
#define HASH_SEED 0xcbf29ce484222325ull

/* the word of ``s`` from i to j (exclusive) whose running hash is h: its index, or -1 */
static Py_ssize_t freq_find(Freq *f, int kind, const void *data, Py_ssize_t i, Py_ssize_t j, uint64_t h) {
    int wkind = PyUnicode_KIND(f->words);
    const void *wdata = PyUnicode_DATA(f->words);
    for (size_t k = (size_t)(h ^ (h >> 29)) & f->mask;; k = (k + 1) & f->mask) {
        uint32_t slot = f->slots[k];
        if (!slot)
            return -1;
        Py_ssize_t w = (Py_ssize_t)slot - 1;
        if (f->hash[w] != h || f->length[w] != j - i)
            continue;
        Py_ssize_t at = f->start[w], m = 0;
        while (m < j - i && PyUnicode_READ(wkind, wdata, at + m) == PyUnicode_READ(kind, data, i + m))
            m++;
        if (m == j - i)
            return w;
    }
}

static void freq_dealloc(Freq *f) {
    Py_XDECREF(f->words);
    PyMem_Free(f->start);
    PyMem_Free(f->length);
    PyMem_Free(f->count);
    PyMem_Free(f->hash);
    PyMem_Free(f->slots);
    Py_TYPE(f)->tp_free((PyObject *)f);
}

static PyObject *freq_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    PyObject *words;
    Py_buffer counts;
    static char *kwlist[] = {"words", "counts", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "Uy*", kwlist, &words, &counts))
        return NULL;
    Freq *f = (Freq *)type->tp_alloc(type, 0);
    if (!f) {
        PyBuffer_Release(&counts);
        return NULL;
    }
    Py_ssize_t len = PyUnicode_GET_LENGTH(words), n = len ? 1 : 0;
    int kind = PyUnicode_KIND(words);
    const void *data = PyUnicode_DATA(words);
    for (Py_ssize_t i = 0; i < len; i++)
        n += PyUnicode_READ(kind, data, i) == '\n';
    if (counts.len != n * (Py_ssize_t)sizeof(int64_t) || len > 0xFFFFFFF0) {
        PyErr_SetString(PyExc_ValueError, "Freq: one count (int64) a word");
        goto fail;
    }
    size_t cap = 16;
    while (cap < 2 * (size_t)n + 2)
        cap <<= 1;
    f->words = Py_NewRef(words);
    f->n = n;
    f->mask = cap - 1;
    f->start = PyMem_Malloc((n + 1) * sizeof(uint32_t));
    f->length = PyMem_Malloc((n + 1) * sizeof(uint16_t));
    f->count = PyMem_Malloc((n + 1) * sizeof(int64_t));
    f->hash = PyMem_Malloc((n + 1) * sizeof(uint64_t));
    f->slots = PyMem_Calloc(cap, sizeof(uint32_t));
    if (!f->start || !f->length || !f->count || !f->hash || !f->slots) {
        PyErr_NoMemory();
        goto fail;
    }
    memcpy(f->count, counts.buf, n * sizeof(int64_t));
    Py_ssize_t w = 0, at = 0;
    uint64_t h = HASH_SEED;
    for (Py_ssize_t i = 0; i <= len && n; i++) {
        if (i < len && PyUnicode_READ(kind, data, i) != '\n') {
            h = hash_step(h, PyUnicode_READ(kind, data, i));
            continue;
        }
        if (i - at > 0xFFFF) {
            PyErr_SetString(PyExc_ValueError, "Freq: a word of more than 65535 characters");
            goto fail;
        }
        f->start[w] = (uint32_t)at;
        f->length[w] = (uint16_t)(i - at);
        f->hash[w] = h;
        for (size_t k = (size_t)(h ^ (h >> 29)) & f->mask;; k = (k + 1) & f->mask) {
            uint32_t slot = f->slots[k];
            if (!slot) {
                f->slots[k] = (uint32_t)(w + 1);
                f->unique++;
                break;
            }
            Py_ssize_t o = (Py_ssize_t)slot - 1, m = 0;
            if (f->hash[o] != h || f->length[o] != i - at)
                continue;
            while (m < i - at && PyUnicode_READ(kind, data, f->start[o] + m) == PyUnicode_READ(kind, data, at + m))
                m++;
            if (m == i - at) {
                f->count[o] = f->count[w];  /* a word given twice: the last count, as a dict keeps it */
                break;
            }
        }
        w++;
        at = i + 1;
        h = HASH_SEED;
    }
    PyBuffer_Release(&counts);
    return (PyObject *)f;
fail:
    PyBuffer_Release(&counts);
    Py_DECREF(f);
    return NULL;
}

/* the index of the word ``key``, -1 if none (or ``key`` is no str) */
static Py_ssize_t freq_index(Freq *f, PyObject *key) {
    if (!PyUnicode_Check(key))
        return -1;
    int kind = PyUnicode_KIND(key);
    const void *data = PyUnicode_DATA(key);
    Py_ssize_t len = PyUnicode_GET_LENGTH(key);
    uint64_t h = HASH_SEED;
    for (Py_ssize_t i = 0; i < len; i++)
        h = hash_step(h, PyUnicode_READ(kind, data, i));
    return freq_find(f, kind, data, 0, len, h);
}

static int freq_contains(Freq *f, PyObject *key) { return freq_index(f, key) >= 0; }

static Py_ssize_t freq_len(Freq *f) { return f->unique; }

static PyObject *freq_getitem(Freq *f, PyObject *key) {
    Py_ssize_t w = freq_index(f, key);
    if (w < 0) {
        PyErr_SetObject(PyExc_KeyError, key);
        return NULL;
    }
    return PyLong_FromLongLong(f->count[w]);
}

static PyObject *freq_get(Freq *f, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs < 1 || nargs > 2) {
        PyErr_SetString(PyExc_TypeError, "get(key, default=None)");
        return NULL;
    }
    Py_ssize_t w = freq_index(f, args[0]);
    if (w < 0)
        return Py_NewRef(nargs == 2 ? args[1] : Py_None);
    return PyLong_FromLongLong(f->count[w]);
}

/* route(sentence, logtotal) -> [end of the word starting at each character]: jieba's get_DAG and calc in
 * one backward pass (search._cut_dag's loop): from each character the words of the dictionary (count > 0)
 * starting there, found by extending the prefix while it is in the table; the most probable route, ties to
 * the longer word; a character that starts no word alone, at log(1). */
static PyObject *freq_route(Freq *f, PyObject *args) {
    PyObject *sentence;
    double logtotal;
    if (!PyArg_ParseTuple(args, "Ud", &sentence, &logtotal))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(sentence);
    int kind = PyUnicode_KIND(sentence);
    const void *data = PyUnicode_DATA(sentence);
    double *prob = PyMem_Malloc((n + 1) * sizeof(double));
    Py_ssize_t *end = PyMem_Malloc((n + 1) * sizeof(Py_ssize_t));
    if (!prob || !end) {
        PyMem_Free(prob);
        PyMem_Free(end);
        return PyErr_NoMemory();
    }
    prob[n] = 0.0;
    end[n] = 0;
    for (Py_ssize_t k = n - 1; k >= 0; k--) {
        int found = 0;
        double best = 0.0;
        Py_ssize_t best_i = k;
        uint64_t h = HASH_SEED;
        for (Py_ssize_t i = k; i < n; i++) {
            h = hash_step(h, PyUnicode_READ(kind, data, i));
            Py_ssize_t w = freq_find(f, kind, data, k, i + 1, h);
            if (w < 0)
                break;  /* no word goes on with this prefix */
            int64_t c = f->count[w];
            if (c) {
                double p = (log((double)c) - logtotal) + prob[i + 1];
                if (!found || p > best || (p == best && i > best_i)) {
                    best = p;
                    best_i = i;
                    found = 1;
                }
            }
        }
        if (!found) {
            best = (log(1.0) - logtotal) + prob[k + 1];
            best_i = k;
        }
        prob[k] = best;
        end[k] = best_i;
    }
    PyObject *out = PyList_New(n);
    for (Py_ssize_t k = 0; out && k < n; k++) {
        PyObject *v = PyLong_FromSsize_t(end[k]);
        if (!v) {
            Py_CLEAR(out);
            break;
        }
        PyList_SET_ITEM(out, k, v);
    }
    PyMem_Free(prob);
    PyMem_Free(end);
    return out;
}

static PyMethodDef freq_methods[] = {
    {"get", (PyCFunction)(void (*)(void))freq_get, METH_FASTCALL, "get(word, default=None) -> its count"},
    {"route", (PyCFunction)freq_route, METH_VARARGS, "route(sentence, logtotal) -> [end of each word]"},
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods freq_as_sequence = {.sq_contains = (objobjproc)freq_contains};
static PyMappingMethods freq_as_mapping = {.mp_length = (lenfunc)freq_len, .mp_subscript = (binaryfunc)freq_getitem};

static PyTypeObject FreqType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "reportparse._speedups.Freq",
    .tp_basicsize = sizeof(Freq),
    .tp_dealloc = (destructor)freq_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Freq(words, counts): jieba's prefix dictionary over the cache's string of words",
    .tp_new = freq_new,
    .tp_methods = freq_methods,
    .tp_as_sequence = &freq_as_sequence,
    .tp_as_mapping = &freq_as_mapping,
};

/* plain(obj) -> bool: is ``obj`` plain JSON data (dicts with str keys, lists, str, int, float, bool, None, each
 * of exactly that type: a subclass, numpy's float64 say, is not), nested at most 64 deep */
static int is_plain(PyObject *o, int depth) {
    if (o == Py_None || PyUnicode_CheckExact(o) || PyLong_CheckExact(o) || PyFloat_CheckExact(o) || PyBool_Check(o))
        return 1;
    if (depth > 64)
        return 0;
    if (PyList_CheckExact(o)) {
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(o); i++)
            if (!is_plain(PyList_GET_ITEM(o, i), depth + 1))
                return 0;
        return 1;
    }
    if (PyDict_CheckExact(o)) {
        Py_ssize_t pos = 0;
        PyObject *k, *v;
        while (PyDict_Next(o, &pos, &k, &v))
            if (!PyUnicode_CheckExact(k) || !is_plain(v, depth + 1))
                return 0;
        return 1;
    }
    return 0;
}

static PyObject *plain(PyObject *Py_UNUSED(self), PyObject *o) { return PyBool_FromLong(is_plain(o, 0)); }

static PyMethodDef methods[] = {
    {"plain", plain, METH_O, "plain(obj) -> bool: plain JSON data of exact types"},
    {"upright_on_page", upright_on_page, METH_VARARGS, "upright_on_page(chars, width, height) -> bool"},
    {"may_repeat", may_repeat, METH_VARARGS, "may_repeat(chars, tolerance) -> bool"},
    {"objects", objects, METH_O, "objects(page) -> [(type, address)]"},
    {"segments", segments, METH_VARARGS, "segments(path, matrix, rounded, round, fillmode, stroke, x, y)"},
    {"bind", bind, METH_VARARGS, "bind(17 function addresses): pdfium's functions the loops call"},
    {"chars", chars, METH_VARARGS, "chars(text_page, codes, flip, shift_x, shift_y, font_info, seen)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_speedups", NULL, -1, methods};

PyMODINIT_FUNC PyInit__speedups(void) {
    K_TEXT = PyUnicode_InternFromString("text");
    K_X0 = PyUnicode_InternFromString("x0");
    K_X1 = PyUnicode_InternFromString("x1");
    K_TOP = PyUnicode_InternFromString("top");
    K_BOTTOM = PyUnicode_InternFromString("bottom");
    K_SIZE = PyUnicode_InternFromString("size");
    K_FONTNAME = PyUnicode_InternFromString("fontname");
    K_MATRIX = PyUnicode_InternFromString("matrix");
    CID = PyUnicode_InternFromString("(cid:0)");
    EMPTY = PyUnicode_InternFromString("");
    if (!K_TEXT || !K_X0 || !K_X1 || !K_TOP || !K_BOTTOM || !K_SIZE || !K_FONTNAME || !K_MATRIX || !CID || !EMPTY)
        return NULL;
    if (PyType_Ready(&FreqType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m && PyModule_AddObjectRef(m, "Freq", (PyObject *)&FreqType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    /* reportparse.speedups.API: a module built from another version of this file is not used */
    if (m && PyModule_AddIntConstant(m, "API", 6) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
