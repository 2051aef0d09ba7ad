# Part of the native core, included by _record_c.pyx.
#
# Field access shared by the methods.

cdef inline object _get_field(object record, _Schema schema, Py_ssize_t i):
    """Field *i* of *record* as a new reference; AttributeError when it was deleted."""
    if schema.kinds[i] != _OBJECT:
        if _may_be_unset(<PyObject *>record) and _native_unset(<PyObject *>record,
                                                               schema.ordinals[i]):
            _raise_unset(record, schema, i)
        return _read_native(<char *><PyObject *>record + schema.offsets[i], schema.kinds[i])
    cdef PyObject *value = _slot(<PyObject *>record, schema.offsets[i])[0]
    if value == NULL:
        _raise_unset(record, schema, i)
    return <object>value


cdef inline Py_uhash_t _field_hash(object record, _Schema schema, Py_ssize_t i,
                                   bint *checked) except? -1:
    """The hash of field *i*, as hashing the tuple of the fields would give it. The hash
    of a str, int or float (or of a native value) runs no code, so such a field is hashed
    through a borrowed reference, and an unset field found after such fields alone raises
    as if the tuple were built first; before any other value's hash, which may run code,
    every field is checked (once: *checked*)."""
    cdef PyObject *value
    if schema.kinds[i] == _OBJECT:
        value = _slot(<PyObject *>record, schema.offsets[i])[0]
        if value == NULL:
            _raise_unset(record, schema, i)
        if PyUnicode_CheckExact(value) or PyLong_CheckExact(value) or PyFloat_CheckExact(value):
            return <Py_uhash_t>PyObject_Hash(value)
        if not checked[0]:
            _check_fields_set(record, schema, schema.hashed, schema.nhashed)
            checked[0] = True
    owned = _get_field(record, schema, i)
    return _guarded_hash(owned)


cdef Py_uhash_t _guarded_hash(object value) except? -1:
    """hash(*value*) inside CPython's recursion guard, which PyObject_Hash does not enter:
    a record that holds itself, or a long chain of records, would overflow the C stack."""
    Py_EnterRecursiveCall(" while hashing a record")
    try:
        return <Py_uhash_t>PyObject_Hash(<PyObject *>value)
    finally:
        Py_LeaveRecursiveCall()


cdef str _concat(PyObject **pieces, Py_ssize_t n):
    """The *n* strs *pieces* (borrowed) end to end, as ``"".join`` would give them."""
    cdef Py_ssize_t i, length = 0, at = 0
    cdef Py_UCS4 maxchar = 0
    for i in range(n):
        length += PyUnicode_GET_LENGTH(pieces[i])
        maxchar = max(maxchar, PyUnicode_MAX_CHAR_VALUE(pieces[i]))
    result = PyUnicode_New(length, maxchar)
    cdef int kind = PyUnicode_KIND(<PyObject *>result)
    cdef char *data = <char *>PyUnicode_DATA(<PyObject *>result)
    for i in range(n):
        length = PyUnicode_GET_LENGTH(pieces[i])
        if PyUnicode_KIND(pieces[i]) == kind:  # most often all ASCII: a plain copy
            memcpy(data + at * kind, PyUnicode_DATA(pieces[i]), length * kind)
        else:
            PyUnicode_CopyCharacters(result, at, <object>pieces[i], 0, length)
        at += length
    return result


cdef inline void _put_piece(tuple pieces, Py_ssize_t i, object piece) noexcept:
    """Set item *i* of a new tuple (which takes a reference of its own)."""
    Py_INCREF(piece)
    PyTuple_SET_ITEM(pieces, i, piece)


cdef int _raise_unset(object record, _Schema schema, Py_ssize_t i) except -1:
    name = schema.names[i]  # held: a __getattr__ may run, and the schema may be borrowed
    getattr(record, name)  # the member descriptor raises CPython's own error
    raise AttributeError(f"'{type(record).__name__}' object has no attribute '{name}'")


cdef inline int _check_fields_set(object record, _Schema schema, Py_ssize_t *indices,
                                  Py_ssize_t n) except -1:
    """Raise for the first unset field of the *n* fields *indices*, in order."""
    cdef Py_ssize_t j, i
    for j in range(n):
        i = indices[j]
        if _is_unset(<PyObject *>record, schema, i):
            _raise_unset(record, schema, i)
    return 0


cdef inline int _set_field(object record, _Schema schema, Py_ssize_t i,
                           object value) except -1:
    cdef char *place = <char *><PyObject *>record + schema.offsets[i]
    if schema.kinds[i] != _OBJECT:
        if not _store_native(place, schema.kinds[i], <PyObject *>value):
            _store_converted(place, schema.kinds[i], schema.natives[i], value, type(record),
                             schema.names[i])
        if _may_be_unset(<PyObject *>record):
            _mark_set(<PyObject *>record, schema.ordinals[i])
        return 0
    cdef PyObject **slot = <PyObject **>place
    cdef PyObject *old = slot[0]
    Py_INCREF(value)
    slot[0] = <PyObject *>value
    Py_XDECREF(old)
    return 0


cdef object _replace(object record, _Schema schema, dict changes):
    """A new record like *record* with *changes*, as ``type(record)(**fields)`` makes it."""
    cls = type(record)  # the type *schema* describes: code run below may reassign it
    if schema.ndirect < 0 or not _called_by_vectorcall(cls):
        # Parameters that are not the fields, or the class's own construction: as the
        # pure-Python __replace__ does it.
        return _replace_as_python(record, schema, changes)
    for name in changes:
        if not PyUnicode_CheckExact(<PyObject *>name):
            return _replace_as_python(record, schema, changes)
    # Owned: a native field's conversion runs code that may empty *changes*.
    cdef PyObject **values = _alloc_values(schema.nfields)
    try:
        _replaced_values(record, schema, changes, values)
        return _construct(cls, schema, values)
    finally:
        _release_values(values, schema.nfields)
        PyMem_Free(values)


cdef int _replaced_values(object record, _Schema schema, dict changes,
                          PyObject **values) except -1:
    """Fill *values* (owned references) with *changes* (exact str keys) and, for every
    other field, *record*'s value."""
    cdef Py_ssize_t i, p
    unknown = None
    for name, value in changes.items():  # matched as the constructor matches them
        p = _find_param(schema, <PyObject *>name, 0)
        if p >= 0:
            Py_INCREF(value)
            values[schema.params[p]] = <PyObject *>value
        elif unknown is None:
            unknown = name
    for i in range(schema.nfields):  # unset fields raise first, as record.x would
        if values[i] == NULL:
            value = _get_field(record, schema, i)
            Py_INCREF(value)
            values[i] = <PyObject *>value
    if unknown is not None:
        _raise_unknown_keyword(schema, unknown, _UNKNOWN)
    return 0


cdef object _replace_as_python(object record, _Schema schema, dict changes):
    """``replace`` as the pure-Python ``__replace__`` does it, word for word: for a type
    whose construction is the class's own (an __init__, __new__ or metaclass __call__ of
    the user's), or a keyword that is a str subclass (whose == and hash may run code)."""
    cdef Py_ssize_t i
    spec = schema.spec
    if schema.has_noinit or schema.nvalues > schema.nfields:
        check_replace_changes(spec, changes)
    described = spec.fields
    for i in range(len(described)):
        if described[i].init and described[i].name not in changes:
            changes[described[i].name] = getattr(record, described[i].name)
    return record.__class__(**changes)


cdef object _compare(object a, object b, _Schema schema, int op):
    """``(a.x, a.y, ...) <op> (b.x, b.y, ...)`` without building the tuples: the first
    pair of fields that is not trivially equal is compared as the tuples would compare it
    (the result of <op> on it), or all are equal."""
    cdef Py_ssize_t j = _first_difference(a, b, schema, 0)
    if j == schema.ncompared:
        return op in (1, 2, 5)  # all equal: <=, ==, >= hold; <, > do not
    _check_both_set(a, b, schema)  # both tuples would be built before comparing
    while j < schema.ncompared:
        first = _get_field(a, schema, schema.compared[j])  # new references: a comparison
        second = _get_field(b, schema, schema.compared[j])  # may empty these slots
        if not PyObject_RichCompareBool(<PyObject *>first, <PyObject *>second, _Py_EQ):
            if op == _Py_EQ:
                return False
            return PyObject_RichCompare(<PyObject *>first, <PyObject *>second, op)
        j = _first_difference(a, b, schema, j + 1)
    return op in (1, 2, 5)


cdef inline Py_ssize_t _first_difference(object a, object b, _Schema schema,
                                         Py_ssize_t start) noexcept:
    """The index among the compared fields of the first from *start* on whose values need
    a comparison (or are unset), or ncompared: the same object in both, or equal raw
    values, need none."""
    cdef Py_ssize_t j
    cdef int kind
    cdef char *x
    cdef char *y
    for j in range(start, schema.ncompared):
        x = <char *><PyObject *>a + schema.compared_offsets[j]
        y = <char *><PyObject *>b + schema.compared_offsets[j]
        kind = schema.compared_kinds[j]
        if kind == _OBJECT:
            if (<PyObject **>x)[0] != (<PyObject **>y)[0] or (<PyObject **>x)[0] == NULL:
                return j
        elif not _native_equal(x, y, kind) or _either_unset(a, b, schema, j):
            return j
    return schema.ncompared


cdef inline bint _native_equal(const char *x, const char *y, int kind) noexcept:
    """Whether two raw values of *kind* read back as equal fields: floats by value
    (0.0 == -0.0), and two NaNs as equal, since both read as the one NaN object and a
    tuple finds the same object equal; the other kinds by their bytes."""
    cdef double first, second
    if kind == _F64 or kind == _F32:
        first = _load(x, <double>0) if kind == _F64 else _load(x, <float>0)
        second = _load(y, <double>0) if kind == _F64 else _load(y, <float>0)
        return first == second or (isnan(first) and isnan(second))
    return memcmp(x, y, _kind_size(kind)) == 0


cdef inline int _check_both_set(object a, object b, _Schema schema) except -1:
    """Raise for the first unset field of *a*, then of *b*, as building their tuples
    would; one pass over the slots when every field is set."""
    cdef Py_ssize_t j
    cdef Py_ssize_t i
    for j in range(schema.ncompared):
        i = schema.compared[j]
        if _is_unset(<PyObject *>a, schema, i) or _is_unset(<PyObject *>b, schema, i):
            _check_fields_set(a, schema, schema.compared, schema.ncompared)
            _check_fields_set(b, schema, schema.compared, schema.ncompared)
    return 0


cdef inline bint _either_unset(object a, object b, _Schema schema, Py_ssize_t j) noexcept:
    """Whether compared field *j*, a native one, is unset in *a* or in *b*."""
    if not (_may_be_unset(<PyObject *>a) or _may_be_unset(<PyObject *>b)):
        return False
    cdef Py_ssize_t ordinal = schema.ordinals[schema.compared[j]]
    return _native_unset(<PyObject *>a, ordinal) or _native_unset(<PyObject *>b, ordinal)
