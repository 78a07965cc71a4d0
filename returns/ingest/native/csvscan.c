/* A one-pass reader for the plain CSV that case systems export: no quotation marks,
 * lines ending in LF or CRLF. It gives the same table polars' reader gives for such
 * a file (returns/ingest/reader.py says what that is), faster: every coded column comes
 * out as small integers with the column's distinct texts, every other column as an
 * Arrow string array. Anything else it does not read: it says so (returns None), and
 * the caller reads the file with polars instead. docs/architecture.md, under "Scale".
 *
 * The bytes are untrusted. Every read is bounded by the end of the buffer, every
 * allocation is checked, and nothing is written outside what was allocated for it.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h> /* sixteen bytes at a time; elsewhere, one at a time */
#endif

#define NULL_CODE UINT32_MAX
#define MAX_THREADS 4
#define MAX_COLUMNS 1024 /* the reader allows 300 */
#define MAX_PROBES 64

/* The Arrow C data interface (https://arrow.apache.org/docs/format/CDataInterface.html). */
struct ArrowSchema {
    const char *format;
    const char *name;
    const char *metadata;
    int64_t flags;
    int64_t n_children;
    struct ArrowSchema **children;
    struct ArrowSchema *dictionary;
    void (*release)(struct ArrowSchema *);
    void *private_data;
};

struct ArrowArray {
    int64_t length;
    int64_t null_count;
    int64_t offset;
    int64_t n_buffers;
    int64_t n_children;
    const void **buffers;
    struct ArrowArray **children;
    struct ArrowArray *dictionary;
    void (*release)(struct ArrowArray *);
    void *private_data;
};

/* A field's first sixteen bytes as two words (zero past its end), read without going
 * past `limit`, the end of the buffer. */
typedef struct {
    uint64_t w0, w1;
} Head;

static inline uint64_t load_word(const char *p, size_t n, const char *limit) {
    uint64_t w = 0;
    if (n >= 8) {
        memcpy(&w, p, 8);
    } else if (n && p + 8 <= limit) {
        memcpy(&w, p, 8);
        w &= (1ULL << (n * 8)) - 1;
    } else {
        for (size_t i = 0; i < n; i++) w |= (uint64_t)(unsigned char)p[i] << (8 * i);
    }
    return w;
}

static inline Head head_of(const char *p, size_t n, const char *limit) {
    Head h;
    h.w0 = load_word(p, n < 8 ? n : 8, limit);
    h.w1 = n > 8 ? load_word(p + 8, n < 16 ? n - 8 : 8, limit) : 0;
    return h;
}

/* A seeded hash: the seed is drawn once per process, so no file can be made whose
 * values all fall in one slot of a table. */
static uint64_t seed = 0x9e3779b97f4a7c15ULL;

static inline uint64_t mix(uint64_t a, uint64_t b) {
    __uint128_t m = (__uint128_t)(a ^ 0xa0761d6478bd642fULL) * (b ^ 0xe7037ed1a0b428dbULL);
    return (uint64_t)m ^ (uint64_t)(m >> 64);
}

static inline uint64_t hash_of(Head head, const char *p, size_t n, const char *limit) {
    uint64_t h = mix(seed ^ n, head.w0 ^ mix(head.w1, seed));
    for (size_t at = 16; at < n; at += 8) {
        size_t k = n - at < 8 ? n - at : 8;
        h = mix(h, load_word(p + at, k, limit));
    }
    return h;
}

/* A column's distinct texts: an open-addressing table of slices of the buffer. */
typedef struct {
    const char *text;
    uint64_t length;
    uint64_t hash;
    Head head;
} Key;

/* A short text met lately, kept where its word hashes to: most cells are found here. */
#define RECENT_BITS 7
typedef struct {
    uint64_t word;
    uint32_t code;
    uint32_t length; /* 0: empty */
} Recent;

typedef struct {
    uint32_t *slots; /* index + 1 into keys; 0 is empty */
    uint64_t mask;
    Key *keys;
    uint32_t count, capacity;
    Recent recent[1 << RECENT_BITS];
} Dict;

static int dict_init(Dict *d) {
    memset(d->recent, 0, sizeof(d->recent));
    d->mask = 63;
    d->slots = calloc(d->mask + 1, sizeof(uint32_t));
    d->capacity = 32;
    d->count = 0;
    d->keys = malloc(d->capacity * sizeof(Key));
    return d->slots && d->keys;
}

static void dict_free(Dict *d) {
    free(d->slots);
    free(d->keys);
    d->slots = NULL;
    d->keys = NULL;
}

static int dict_grow(Dict *d) {
    uint64_t mask = d->mask * 2 + 1;
    uint32_t *slots = calloc(mask + 1, sizeof(uint32_t));
    if (!slots) return 0;
    for (uint32_t i = 0; i < d->count; i++) {
        uint64_t at = d->keys[i].hash & mask;
        while (slots[at]) at = (at + 1) & mask;
        slots[at] = i + 1;
    }
    free(d->slots);
    d->slots = slots;
    d->mask = mask;
    return 1;
}

/* The code of a text in `d`, added if new; NULL_CODE - 1 on running out of memory, or
 * when a text's slot is MAX_PROBES away (values made to collide: polars reads the file). */
static inline uint32_t dict_code(Dict *d, const char *text, size_t length, const char *limit) {
    Head head = head_of(text, length, limit);
    uint64_t h = hash_of(head, text, length, limit);
    uint64_t at = h & d->mask;
    for (int probes = 0;; probes++) {
        uint32_t slot = d->slots[at];
        if (!slot) break;
        if (probes == MAX_PROBES) return NULL_CODE - 1;
        const Key *k = &d->keys[slot - 1];
        if (k->hash == h && k->length == length && k->head.w0 == head.w0 &&
            k->head.w1 == head.w1 && (length <= 16 || memcmp(k->text, text, length) == 0))
            return slot - 1;
        at = (at + 1) & d->mask;
    }
    if (d->count >= NULL_CODE - 2) return NULL_CODE - 1;
    if (d->count == d->capacity) {
        Key *keys = realloc(d->keys, (size_t)d->capacity * 2 * sizeof(Key));
        if (!keys) return NULL_CODE - 1;
        d->keys = keys;
        d->capacity *= 2;
    }
    d->keys[d->count] = (Key){text, length, h, head};
    d->slots[at] = d->count + 1;
    uint32_t code = d->count++;
    if ((uint64_t)d->count * 2 > d->mask) {
        if (!dict_grow(d)) return NULL_CODE - 1;
    }
    return code;
}

/* dict_code, through the texts met lately for a text of up to eight bytes. */
static inline uint32_t code_of(Dict *d, const char *text, size_t length, const char *limit) {
    if (length > 8) return dict_code(d, text, length, limit);
    uint64_t word = load_word(text, length, limit);
    uint64_t at = (((word ^ seed) + length) * 0x9e3779b97f4a7c15ULL) >> (64 - RECENT_BITS);
    Recent *r = &d->recent[at];
    if (r->length == length && r->word == word) return r->code;
    uint32_t code = dict_code(d, text, length, limit);
    if (code < NULL_CODE - 1) *r = (Recent){word, code, (uint32_t)length};
    return code;
}

/* A text column's values in one chunk. */
typedef struct {
    char *data;
    size_t used, capacity;
    int64_t *offsets; /* rows + 1, from 0 within the chunk */
} Text;

typedef struct {
    const char *start, *end; /* whole lines */
    const char *limit;       /* the end of the buffer */
    const void *specials; /* the separator and the bytes that end or refuse a value */
    int width;
    const unsigned char *coded;
    char separator;
    int64_t first_row, rows;
    uint32_t **codes;  /* per column: the output's codes (coded columns) */
    uint8_t **valid;   /* per column: 1 where the cell is not blank (text columns) */
    Dict *dicts;       /* per column */
    Text *texts;       /* per column */
    int refused;       /* 1: not a plain file, or out of memory */
    uint8_t *has_null; /* per column: 1 where a coded cell is blank */
} Chunk;

static int text_push(Text *t, int64_t row, const char *p, size_t n) {
    if (t->used + n > t->capacity) {
        size_t capacity = t->capacity ? t->capacity : 1 << 16;
        while (capacity < t->used + n) capacity *= 2;
        char *data = realloc(t->data, capacity);
        if (!data) return 0;
        t->data = data;
        t->capacity = capacity;
    }
    if (n) memcpy(t->data + t->used, p, n);
    t->used += n;
    t->offsets[row + 1] = (int64_t)t->used;
    return 1;
}

/* Lines in [start, end): each LF ends one; a last line without one counts if not empty. */
static int64_t count_lines(const char *start, const char *end) {
    int64_t lines = 0;
    const char *p = start;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) {
            lines++;
            break;
        }
        lines++;
        p = nl + 1;
    }
    return lines;
}

static void *count_chunk(void *arg) {
    Chunk *c = arg;
    c->rows = count_lines(c->start, c->end);
    return NULL;
}

/* The next byte at or after `p` that `special` marks. With SSE2, sixteen bytes at a time
 * while sixteen remain before `limit`; then byte by byte, stopping at the NUL a bytes
 * object has past its end at the latest. */
static inline const unsigned char *next_special(const unsigned char *p, const char *limit,
                                                const unsigned char *special, const void *specials) {
#if defined(__SSE2__)
    const __m128i *wanted = specials;
    while (p + 16 <= (const unsigned char *)limit) {
        __m128i bytes = _mm_loadu_si128((const __m128i *)p);
        __m128i hit = _mm_cmpeq_epi8(bytes, wanted[0]);
        for (int i = 1; i < 5; i++) hit = _mm_or_si128(hit, _mm_cmpeq_epi8(bytes, wanted[i]));
        unsigned mask = (unsigned)_mm_movemask_epi8(hit);
        if (mask) return p + __builtin_ctz(mask);
        p += 16;
    }
#endif
    while (!special[*p]) p++;
    return p;
}

static void *scan_chunk(void *arg) {
    Chunk *c = arg;
    const unsigned char *p = (const unsigned char *)c->start;
    const unsigned char *end = (const unsigned char *)c->end;
    const int width = c->width;
    const unsigned char separator = (unsigned char)c->separator;
    /* The bytes that end a value (the separator, a line end) or send the file to polars. */
    unsigned char special[256] = {0};
    special[separator] = special['\n'] = special['\r'] = special['"'] = special[0] = 1;
#if defined(__SSE2__)
    const __m128i specials[5] = {
        _mm_set1_epi8(c->separator), _mm_set1_epi8('\n'), _mm_set1_epi8('\r'),
        _mm_set1_epi8('"'), _mm_set1_epi8(0),
    };
    c->specials = specials;
#endif
    for (int64_t r = 0; r < c->rows; r++) {
        int64_t row = c->first_row + r;
        int column = 0;
        int line_over = 0;
        while (!line_over) {
            const unsigned char *field = p;
            p = next_special(p, c->limit, special, c->specials);
            const unsigned char *field_end = p;
            if (p < end && *p == separator) { /* the most common end of a value */
                p++;
            } else if (p >= end) {
                line_over = 1;
            } else if (*p == '\n') {
                p++;
                line_over = 1;
            } else if (*p == '\r' && p + 1 < end && p[1] == '\n') {
                p += 2;
                line_over = 1;
            } else { /* a carriage return inside a line, a quotation mark or a NUL */
                c->refused = 1;
                return NULL;
            }
            if (column >= width) { /* more values than headings: polars says what is wrong */
                c->refused = 1;
                return NULL;
            }
            size_t n = (size_t)(field_end - field);
            if (c->coded[column]) {
                uint32_t code = NULL_CODE;
                if (n) {
                    code = code_of(&c->dicts[column], (const char *)field, n, c->limit);
                    if (code == NULL_CODE - 1) {
                        c->refused = 1;
                        return NULL;
                    }
                } else {
                    c->has_null[column] = 1;
                }
                c->codes[column][row] = code;
            } else {
                if (!text_push(&c->texts[column], r, (const char *)field, n)) {
                    c->refused = 1;
                    return NULL;
                }
                c->valid[column][row] = n > 0;
            }
            column++;
        }
        for (; column < width; column++) { /* fewer values than headings: the rest blank */
            if (c->coded[column]) {
                c->codes[column][row] = NULL_CODE;
                c->has_null[column] = 1;
            } else {
                Text *t = &c->texts[column];
                t->offsets[r + 1] = (int64_t)t->used;
                c->valid[column][row] = 0;
            }
        }
    }
    return NULL;
}

/* Arrow: a large UTF-8 array over buffers this module allocated. */
typedef struct {
    void *validity, *offsets, *data;
    const void *buffers[3];
} StringArray;

static void release_array(struct ArrowArray *array) {
    StringArray *s = array->private_data;
    if (s) {
        free(s->validity);
        free(s->offsets);
        free(s->data);
        free(s);
    }
    array->private_data = NULL;
    array->release = NULL;
}

static void release_schema(struct ArrowSchema *schema) { schema->release = NULL; }

static void schema_capsule_free(PyObject *capsule) {
    struct ArrowSchema *schema = PyCapsule_GetPointer(capsule, "arrow_schema");
    if (schema) {
        if (schema->release) schema->release(schema);
        free(schema);
    }
}

static void array_capsule_free(PyObject *capsule) {
    struct ArrowArray *array = PyCapsule_GetPointer(capsule, "arrow_array");
    if (array) {
        if (array->release) array->release(array);
        free(array);
    }
}

/* (schema capsule, array capsule) for one text column; takes the buffers. */
static PyObject *string_capsules(int64_t rows, int64_t nulls, uint8_t *validity,
                                 int64_t *offsets, char *data) {
    struct ArrowSchema *schema = calloc(1, sizeof(*schema));
    struct ArrowArray *array = calloc(1, sizeof(*array));
    StringArray *s = calloc(1, sizeof(*s));
    if (!schema || !array || !s) {
        free(schema);
        free(array);
        free(s);
        free(validity);
        free(offsets);
        free(data);
        return PyErr_NoMemory();
    }
    schema->format = "U";
    schema->name = "";
    schema->flags = 2; /* nullable */
    schema->release = release_schema;
    s->validity = nulls ? validity : NULL;
    if (!nulls) free(validity);
    s->offsets = offsets;
    s->data = data;
    s->buffers[0] = s->validity;
    s->buffers[1] = offsets;
    s->buffers[2] = data;
    array->length = rows;
    array->null_count = nulls;
    array->n_buffers = 3;
    array->buffers = s->buffers;
    array->release = release_array;
    array->private_data = s;
    PyObject *a = PyCapsule_New(array, "arrow_array", array_capsule_free);
    if (!a) {
        release_array(array);
        free(array);
        free(schema);
        return NULL;
    }
    PyObject *sc = PyCapsule_New(schema, "arrow_schema", schema_capsule_free);
    if (!sc) {
        Py_DECREF(a);
        free(schema);
        return NULL;
    }
    return Py_BuildValue("(NN)", sc, a);
}

static void free_chunks(Chunk *chunks, int n, int width) {
    for (int i = 0; i < n; i++) {
        for (int col = 0; col < width; col++) {
            if (chunks[i].dicts) dict_free(&chunks[i].dicts[col]);
            if (chunks[i].texts) {
                free(chunks[i].texts[col].data);
                free(chunks[i].texts[col].offsets);
            }
        }
        free(chunks[i].dicts);
        free(chunks[i].texts);
        free(chunks[i].has_null);
    }
}

static void run(Chunk *chunks, int n, void *(*work)(void *)) {
    pthread_t threads[MAX_THREADS];
    int started[MAX_THREADS] = {0};
    for (int i = 1; i < n; i++) started[i] = pthread_create(&threads[i], NULL, work, &chunks[i]) == 0;
    work(&chunks[0]);
    for (int i = 1; i < n; i++) {
        if (started[i])
            pthread_join(threads[i], NULL);
        else
            work(&chunks[i]);
    }
}

/* scan(body, start, separator, coded, threads, max_rows) -> None, rows, or (rows, columns).
 *   body: the file as UTF-8 (a bytes object); start: where the records begin;
 *   coded: one byte per column, 1 for a coded column; threads: at most this many;
 *   max_rows: more records than this are not read, and their number is the answer.
 *   A coded column is (codes, texts): codes a bytes object of native uint32, one per
 *   row, indexing texts (a list of str), and len(texts) for a blank cell. Any other
 *   column is (schema capsule, array capsule) of an Arrow large UTF-8 array.
 */
static PyObject *scan(PyObject *self, PyObject *args) {
    PyObject *body;
    Py_ssize_t start;
    int separator;
    Py_buffer coded;
    int threads = MAX_THREADS;
    Py_ssize_t max_rows = -1;
    if (!PyArg_ParseTuple(args, "SnCy*|in", &body, &start, &separator, &coded, &threads,
                          &max_rows))
        return NULL;
    PyObject *result = NULL;
    /* A bytes object ends in a NUL byte past its length, where every scan stops. */
    const char *buf = PyBytes_AS_STRING(body);
    const char *end = buf + PyBytes_GET_SIZE(body);
    const int width = (int)coded.len;
    const unsigned char *is_coded = coded.buf;
    if (start < 0 || start > PyBytes_GET_SIZE(body) || width < 1 || width > MAX_COLUMNS || separator == '"' ||
        separator == '\n' || separator == '\r' || separator == 0 || separator > 127) {
        PyBuffer_Release(&coded);
        Py_RETURN_NONE;
    }
    const char *records = buf + start;
    size_t length = (size_t)(end - records);
    int n = threads < 1 ? 1 : threads > MAX_THREADS ? MAX_THREADS : threads;
    if (length < (1 << 20)) n = 1;
    Chunk chunks[MAX_THREADS];
    memset(chunks, 0, sizeof(chunks));
    const char *cut = records;
    for (int i = 0; i < n; i++) {
        const char *stop = end;
        if (i < n - 1) {
            const char *mid = records + length * (size_t)(i + 1) / (size_t)n;
            const char *nl = mid < end ? memchr(mid, '\n', (size_t)(end - mid)) : NULL;
            stop = nl ? nl + 1 : end;
        }
        if (stop < cut) stop = cut;
        chunks[i] = (Chunk){.start = cut, .end = stop, .width = width, .coded = is_coded,
                            .separator = (char)separator, .limit = end};
        cut = stop;
    }

    Py_BEGIN_ALLOW_THREADS
    run(chunks, n, count_chunk);
    Py_END_ALLOW_THREADS

    int64_t rows = 0;
    for (int i = 0; i < n; i++) {
        chunks[i].first_row = rows;
        rows += chunks[i].rows;
    }
    if (max_rows >= 0 && rows > max_rows) {
        /* Too many lines to read. Without a quotation mark each is a record: say how many;
         * with one, a quoted value may hold a line break, and polars counts the records. */
        PyBuffer_Release(&coded);
        if (memchr(records, '"', length)) Py_RETURN_NONE;
        return PyLong_FromLongLong((long long)rows);
    }
    PyObject *code_bytes[MAX_COLUMNS] = {0};
    uint32_t *codes[MAX_COLUMNS] = {0};
    uint8_t *valid[MAX_COLUMNS] = {0};
    int ok = 1;
    for (int col = 0; col < width && ok; col++) {
        if (is_coded[col]) {
            code_bytes[col] = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(rows * 4));
            ok = code_bytes[col] != NULL;
            if (ok) codes[col] = (uint32_t *)PyBytes_AS_STRING(code_bytes[col]);
        } else {
            valid[col] = malloc((size_t)rows + 1);
            ok = valid[col] != NULL;
        }
    }
    for (int i = 0; i < n && ok; i++) {
        Chunk *c = &chunks[i];
        c->codes = codes;
        c->valid = valid;
        c->dicts = calloc((size_t)width, sizeof(Dict));
        c->texts = calloc((size_t)width, sizeof(Text));
        c->has_null = calloc((size_t)width, 1);
        ok = c->dicts && c->texts && c->has_null;
        for (int col = 0; col < width && ok; col++) {
            if (is_coded[col]) {
                ok = dict_init(&c->dicts[col]);
            } else {
                c->texts[col].offsets = calloc((size_t)c->rows + 1, sizeof(int64_t));
                ok = c->texts[col].offsets != NULL;
            }
        }
    }
    if (!ok) {
        PyErr_NoMemory();
        goto done;
    }

    Py_BEGIN_ALLOW_THREADS
    run(chunks, n, scan_chunk);
    Py_END_ALLOW_THREADS

    for (int i = 0; i < n; i++) {
        if (chunks[i].refused) {
            result = Py_None;
            Py_INCREF(result);
            goto done;
        }
    }

    PyObject *columns = PyList_New(width);
    if (!columns) goto done;
    for (int col = 0; col < width; col++) {
        PyObject *column = NULL;
        if (is_coded[col]) {
            /* The first chunk's texts keep their codes; a later chunk's are renumbered. */
            Dict *whole = &chunks[0].dicts[col];
            int has_null = chunks[0].has_null[col];
            int failed = 0;
            for (int i = 1; i < n && !failed; i++) {
                Dict *part = &chunks[i].dicts[col];
                has_null |= chunks[i].has_null[col];
                uint32_t *renumber = malloc(((size_t)part->count + 1) * sizeof(uint32_t));
                if (!renumber) {
                    failed = 1;
                    break;
                }
                int same = 1;
                for (uint32_t k = 0; k < part->count; k++) {
                    renumber[k] = dict_code(whole, part->keys[k].text, part->keys[k].length, end);
                    if (renumber[k] == NULL_CODE - 1) failed = 1;
                    same &= renumber[k] == k;
                }
                if (!same && !failed) {
                    uint32_t *out = codes[col] + chunks[i].first_row;
                    for (int64_t r = 0; r < chunks[i].rows; r++)
                        if (out[r] != NULL_CODE) out[r] = renumber[out[r]];
                }
                free(renumber);
            }
            if (failed) {
                Py_DECREF(columns);
                PyErr_NoMemory();
                goto done;
            }
            if (has_null) {
                uint32_t blank = whole->count;
                uint32_t *out = codes[col];
                for (int64_t r = 0; r < rows; r++)
                    if (out[r] == NULL_CODE) out[r] = blank;
            }
            PyObject *texts = PyList_New(whole->count);
            for (uint32_t k = 0; texts && k < whole->count; k++) {
                PyObject *s = PyUnicode_DecodeUTF8(whole->keys[k].text, whole->keys[k].length,
                                                   "strict");
                if (!s) {
                    Py_CLEAR(texts);
                    break;
                }
                PyList_SET_ITEM(texts, k, s);
            }
            if (!texts) {
                Py_DECREF(columns);
                if (PyErr_ExceptionMatches(PyExc_UnicodeDecodeError)) {
                    PyErr_Clear();
                    result = Py_None;
                    Py_INCREF(result);
                }
                goto done;
            }
            column = Py_BuildValue("(ON)", code_bytes[col], texts);
        } else {
            size_t total = 0;
            for (int i = 0; i < n; i++) total += chunks[i].texts[col].used;
            char *data = malloc(total ? total : 1);
            int64_t *offsets = malloc(((size_t)rows + 1) * sizeof(int64_t));
            uint8_t *bitmap = calloc((size_t)(rows / 8 + 1), 1);
            if (!data || !offsets || !bitmap) {
                free(data);
                free(offsets);
                free(bitmap);
                Py_DECREF(columns);
                PyErr_NoMemory();
                goto done;
            }
            size_t at = 0;
            offsets[0] = 0;
            for (int i = 0; i < n; i++) {
                Text *t = &chunks[i].texts[col];
                if (t->used) memcpy(data + at, t->data, t->used);
                int64_t *out = offsets + chunks[i].first_row;
                for (int64_t r = 1; r <= chunks[i].rows; r++) out[r] = t->offsets[r] + (int64_t)at;
                at += t->used;
            }
            int64_t nulls = 0;
            for (int64_t r = 0; r < rows; r++) {
                if (valid[col][r])
                    bitmap[r >> 3] |= (uint8_t)(1u << (r & 7));
                else
                    nulls++;
            }
            column = string_capsules(rows, nulls, bitmap, offsets, data);
        }
        if (!column) {
            Py_DECREF(columns);
            goto done;
        }
        PyList_SET_ITEM(columns, col, column);
    }
    result = Py_BuildValue("(LN)", (long long)rows, columns);

done:
    free_chunks(chunks, n, width);
    for (int col = 0; col < width; col++) {
        Py_XDECREF(code_bytes[col]);
        free(valid[col]);
    }
    PyBuffer_Release(&coded);
    return result;
}

static PyMethodDef methods[] = {
    {"scan", scan, METH_VARARGS, "Read a plain CSV file's records (see the module's source)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_csvscan", NULL, -1, methods};

PyMODINIT_FUNC PyInit__csvscan(void) {
    PyObject *os = PyImport_ImportModule("os");
    PyObject *random = os ? PyObject_CallMethod(os, "urandom", "i", 8) : NULL;
    Py_XDECREF(os);
    if (!random) return NULL;
    memcpy(&seed, PyBytes_AS_STRING(random), 8);
    Py_DECREF(random);
    return PyModule_Create(&module);
}
