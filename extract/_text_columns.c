/* One pass in C over a PDFium text page's characters, for extract/pdf_fast.py.
 *
 * Reading a page's character boxes asks PDFium two or three things per character (is it
 * one PDFium generated, its origin, its text object). PDFium has no call for a range of
 * characters, and one ctypes call costs about 0.45 us, which alone put a text page at
 * twice PDFium's own cost of reading its text. Here the same calls are made from a C
 * loop, one Python call per page.
 *
 * The PDFium functions are passed in as addresses (pypdfium2 loaded the library; this
 * module links to nothing), with the text page's handle. The caller holds the GIL and
 * pdf_fast's PDFium lock, as for its ctypes calls: PDFium is not thread-safe.
 *
 * The module is optional: pdf_fast reads pages the same way through ctypes when it is
 * not built (no C compiler at install).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

typedef int (*is_generated_fn)(void *text_page, int index);
typedef int (*char_origin_fn)(void *text_page, int index, double *x, double *y);
typedef void *(*text_object_fn)(void *text_page, int index);

static int
check_buffer(Py_buffer *view, Py_ssize_t items, Py_ssize_t item_size, const char *name)
{
    if (view->len != items * item_size) {
        PyErr_Format(PyExc_ValueError, "%s: %zd bytes, expected %zd", name, view->len,
                     items * item_size);
        return 0;
    }
    return 1;
}

PyDoc_STRVAR(char_columns_doc,
"char_columns(is_generated, char_origin, text_object, text_page, codes, generated, xy, objects)\n"
"\n"
"For every character of the text page (``codes``: its UTF-16 units, one per character):\n"
"``generated[i]`` = 1 where the unit is a blank, CR or LF that PDFium generated; for every\n"
"other character its origin into ``xy[2i]``, ``xy[2i+1]`` and its text object's handle\n"
"into ``objects[i]`` (0 for none). The first three arguments are the addresses of\n"
"FPDFText_IsGenerated, FPDFText_GetCharOrigin and FPDFText_GetTextObject; ``generated``\n"
"(uint8), ``xy`` (float64) and ``objects`` (uint64) are writable buffers of the page's\n"
"length (``xy`` twice that).");

static PyObject *
char_columns(PyObject *self, PyObject *args)
{
    unsigned long long is_generated_addr, origin_addr, object_addr, text_page_addr;
    Py_buffer codes = {0}, generated = {0}, xy = {0}, objects = {0};
    PyObject *result = NULL;

    if (!PyArg_ParseTuple(args, "KKKKy*w*w*w*", &is_generated_addr, &origin_addr,
                          &object_addr, &text_page_addr, &codes, &generated, &xy, &objects))
        return NULL;
    if (!is_generated_addr || !origin_addr || !object_addr || !text_page_addr) {
        PyErr_SetString(PyExc_ValueError, "a null function or text page");
        goto done;
    }
    Py_ssize_t n = codes.len / 2;
    if (!check_buffer(&codes, n, 2, "codes") || !check_buffer(&generated, n, 1, "generated")
        || !check_buffer(&xy, 2 * n, 8, "xy") || !check_buffer(&objects, n, 8, "objects"))
        goto done;
    if (n > INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "more characters than PDFium counts");
        goto done;
    }

    is_generated_fn is_generated = (is_generated_fn)(uintptr_t)is_generated_addr;
    char_origin_fn char_origin = (char_origin_fn)(uintptr_t)origin_addr;
    text_object_fn text_object = (text_object_fn)(uintptr_t)object_addr;
    void *text_page = (void *)(uintptr_t)text_page_addr;
    const uint16_t *unit = (const uint16_t *)codes.buf;
    uint8_t *gen = (uint8_t *)generated.buf;
    double *origin = (double *)xy.buf;
    uint64_t *object = (uint64_t *)objects.buf;

    for (Py_ssize_t i = 0; i < n; i++) {
        uint16_t u = unit[i];
        int own = (u == 32 || u == 13 || u == 10) && is_generated(text_page, (int)i);
        gen[i] = (uint8_t)own;
        if (own) {
            origin[2 * i] = origin[2 * i + 1] = 0.0;
            object[i] = 0;
            continue;
        }
        if (!char_origin(text_page, (int)i, &origin[2 * i], &origin[2 * i + 1]))
            origin[2 * i] = origin[2 * i + 1] = 0.0;
        object[i] = (uint64_t)(uintptr_t)text_object(text_page, (int)i);
    }
    result = Py_NewRef(Py_None);

done:
    PyBuffer_Release(&codes);
    PyBuffer_Release(&generated);
    PyBuffer_Release(&xy);
    PyBuffer_Release(&objects);
    return result;
}

/* PDFium's FS_MATRIX and FS_RECTF (fpdfview.h). */
typedef struct { float a, b, c, d, e, f; } fs_matrix;
typedef struct { float left, top, right, bottom; } fs_rectf;
typedef int (*char_matrix_fn)(void *text_page, int index, fs_matrix *matrix);
typedef double (*font_size_fn)(void *text_page, int index);
typedef void *(*object_font_fn)(void *text_object);
typedef int (*loose_box_fn)(void *text_page, int index, fs_rectf *rect);
typedef int (*char_box_fn)(void *text_page, int index, double *left, double *right,
                           double *bottom, double *top);

PyDoc_STRVAR(object_columns_doc,
"object_columns(char_matrix, font_size, object_font, text_page, indices, objects, values, fonts)\n"
"\n"
"For each character ``indices[k]`` (int32) of text object ``objects[k]`` (uint64): its\n"
"matrix's a, b, c, d and its font size into ``values[5k:5k+5]`` (float64), and the\n"
"object's font handle into ``fonts[k]`` (uint64). The first three arguments are the\n"
"addresses of FPDFText_GetMatrix, FPDFText_GetFontSize and FPDFTextObj_GetFont.");

static PyObject *
object_columns(PyObject *self, PyObject *args)
{
    unsigned long long matrix_addr, size_addr, font_addr, text_page_addr;
    Py_buffer indices = {0}, objects = {0}, values = {0}, fonts = {0};
    PyObject *result = NULL;

    if (!PyArg_ParseTuple(args, "KKKKy*y*w*w*", &matrix_addr, &size_addr, &font_addr,
                          &text_page_addr, &indices, &objects, &values, &fonts))
        return NULL;
    if (!matrix_addr || !size_addr || !font_addr || !text_page_addr) {
        PyErr_SetString(PyExc_ValueError, "a null function or text page");
        goto done;
    }
    Py_ssize_t k = indices.len / 4;
    if (!check_buffer(&indices, k, 4, "indices") || !check_buffer(&objects, k, 8, "objects")
        || !check_buffer(&values, 5 * k, 8, "values") || !check_buffer(&fonts, k, 8, "fonts"))
        goto done;

    char_matrix_fn char_matrix = (char_matrix_fn)(uintptr_t)matrix_addr;
    font_size_fn font_size = (font_size_fn)(uintptr_t)size_addr;
    object_font_fn object_font = (object_font_fn)(uintptr_t)font_addr;
    void *text_page = (void *)(uintptr_t)text_page_addr;
    const int32_t *index = (const int32_t *)indices.buf;
    const uint64_t *object = (const uint64_t *)objects.buf;
    double *value = (double *)values.buf;
    uint64_t *font = (uint64_t *)fonts.buf;

    for (Py_ssize_t j = 0; j < k; j++) {
        fs_matrix m = {0};
        char_matrix(text_page, index[j], &m);
        value[5 * j] = m.a;
        value[5 * j + 1] = m.b;
        value[5 * j + 2] = m.c;
        value[5 * j + 3] = m.d;
        value[5 * j + 4] = font_size(text_page, index[j]);
        font[j] = object[j] ? (uint64_t)(uintptr_t)object_font((void *)(uintptr_t)object[j]) : 0;
    }
    result = Py_NewRef(Py_None);

done:
    PyBuffer_Release(&indices);
    PyBuffer_Release(&objects);
    PyBuffer_Release(&values);
    PyBuffer_Release(&fonts);
    return result;
}

PyDoc_STRVAR(right_edges_doc,
"right_edges(loose_box, char_box, text_page, indices, rights)\n"
"\n"
"For each character ``indices[k]`` (int32): the right edge of its loose box into\n"
"``rights[2k]`` and of its (ink) box into ``rights[2k+1]`` (float64). The first two\n"
"arguments are the addresses of FPDFText_GetLooseCharBox and FPDFText_GetCharBox.");

static PyObject *
right_edges(PyObject *self, PyObject *args)
{
    unsigned long long loose_addr, box_addr, text_page_addr;
    Py_buffer indices = {0}, rights = {0};
    PyObject *result = NULL;

    if (!PyArg_ParseTuple(args, "KKKy*w*", &loose_addr, &box_addr, &text_page_addr, &indices,
                          &rights))
        return NULL;
    if (!loose_addr || !box_addr || !text_page_addr) {
        PyErr_SetString(PyExc_ValueError, "a null function or text page");
        goto done;
    }
    Py_ssize_t k = indices.len / 4;
    if (!check_buffer(&indices, k, 4, "indices") || !check_buffer(&rights, 2 * k, 8, "rights"))
        goto done;

    loose_box_fn loose_box = (loose_box_fn)(uintptr_t)loose_addr;
    char_box_fn char_box = (char_box_fn)(uintptr_t)box_addr;
    void *text_page = (void *)(uintptr_t)text_page_addr;
    const int32_t *index = (const int32_t *)indices.buf;
    double *right = (double *)rights.buf;

    for (Py_ssize_t j = 0; j < k; j++) {
        fs_rectf loose = {0};
        double left = 0, box_right = 0, bottom = 0, top = 0;
        loose_box(text_page, index[j], &loose);
        char_box(text_page, index[j], &left, &box_right, &bottom, &top);
        right[2 * j] = loose.right;
        right[2 * j + 1] = box_right;
    }
    result = Py_NewRef(Py_None);

done:
    PyBuffer_Release(&indices);
    PyBuffer_Release(&rights);
    return result;
}

PyDoc_STRVAR(first_places_doc,
"first_places(keys, first)\n"
"\n"
"``first[i]`` = the smallest j with ``keys[j] == keys[i]`` (both int64 buffers of one\n"
"length): a page's first place of each font and character in one pass, where sorting\n"
"the keys (numpy's unique) costs more than the rest of reading the page's boxes.");

static PyObject *
first_places(PyObject *self, PyObject *args)
{
    Py_buffer keys = {0}, first = {0};
    PyObject *result = NULL;
    int64_t *slot_key = NULL, *slot_place = NULL;

    if (!PyArg_ParseTuple(args, "y*w*", &keys, &first))
        return NULL;
    Py_ssize_t n = keys.len / 8;
    if (!check_buffer(&keys, n, 8, "keys") || !check_buffer(&first, n, 8, "first"))
        goto done;
    /* Open addressing, at most half full. */
    Py_ssize_t size = 16;
    while (size < 2 * n)
        size *= 2;
    slot_key = PyMem_Malloc(size * sizeof(int64_t));
    slot_place = PyMem_Malloc(size * sizeof(int64_t));
    if (!slot_key || !slot_place) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t j = 0; j < size; j++)
        slot_place[j] = -1;
    const int64_t *key = (const int64_t *)keys.buf;
    int64_t *out = (int64_t *)first.buf;
    for (Py_ssize_t i = 0; i < n; i++) {
        uint64_t h = (uint64_t)key[i] * 0x9E3779B97F4A7C15ull;
        Py_ssize_t j = (Py_ssize_t)(h >> 32) & (size - 1);
        while (slot_place[j] >= 0 && slot_key[j] != key[i])
            j = (j + 1) & (size - 1);
        if (slot_place[j] < 0) {
            slot_key[j] = key[i];
            slot_place[j] = i;
        }
        out[i] = slot_place[j];
    }
    result = Py_NewRef(Py_None);

done:
    PyMem_Free(slot_key);
    PyMem_Free(slot_place);
    PyBuffer_Release(&keys);
    PyBuffer_Release(&first);
    return result;
}

static PyMethodDef methods[] = {
    {"first_places", first_places, METH_VARARGS, first_places_doc},
    {"char_columns", char_columns, METH_VARARGS, char_columns_doc},
    {"object_columns", object_columns, METH_VARARGS, object_columns_doc},
    {"right_edges", right_edges, METH_VARARGS, right_edges_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_text_columns",
    "A PDFium text page's characters read in one C loop (see extract/pdf_fast.py).", -1,
    methods,
};

PyMODINIT_FUNC
PyInit__text_columns(void)
{
    return PyModule_Create(&module);
}
