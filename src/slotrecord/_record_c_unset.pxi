# Part of the native core, included by _record_c.pyx.
#
# Unset native fields. A native field is raw bytes, which always read as some value; but
# a blank record, made by its type's tp_alloc with no __init__ run (cls.__new__(cls),
# unpickling, msgspec's decoding), must behave as a slotted dataclass's blank instance:
# every field unset, AttributeError until it is set. Blank records are few and short-
# lived, so which of their native fields are unset is kept beside them, in a table keyed
# by address, and the record stays the size of its fields. The hot paths consult the
# table only for an address within the range it has held since it was last empty: two
# comparisons, false for every record while no blank one is alive.
#
# The table is open addressing with linear probing, at most half full, each entry a bit
# per native field, by the field's ordinal (its rank by offset among the native fields of
# the layout, which a subclass and a __class__ assignment keep).

ctypedef struct _Blank:
    PyObject *record  # NULL: a free entry
    uint64_t first    # bit k: the native field of ordinal k is unset, for k < 64
    uint64_t *rest    # the bits of ordinals 64 on, or NULL (PyMem)
    Py_ssize_t nrest

cdef _Blank *_blanks = NULL
cdef size_t _blanks_size = 0  # entries, a power of two
cdef size_t _nblanks = 0
cdef size_t _unset_low = <size_t>-1  # the range of the addresses held since last empty
cdef size_t _unset_high = 0


cdef inline bint _may_be_unset(PyObject *record) noexcept:
    return _unset_low <= <size_t>record <= _unset_high


cdef inline size_t _home(PyObject *record) noexcept:
    return (<size_t>record >> 4) & (_blanks_size - 1)  # blocks are 16-byte aligned


cdef _Blank *_find_blank(PyObject *record) noexcept:
    """The entry of *record*, or NULL."""
    if _nblanks == 0:
        return NULL
    cdef size_t i = _home(record)
    while _blanks[i].record != NULL:
        if _blanks[i].record == record:
            return &_blanks[i]
        i = (i + 1) & (_blanks_size - 1)
    return NULL


cdef PyObject *_alloc_blank(PyTypeObject *tp, Py_ssize_t nitems) except NULL:
    """The tp_alloc of a record type with native fields: a blank record, its native
    fields unset (a subclass never completed has no schema to name them, and reads
    zeros, which no method of ours reads)."""
    cdef PyObject *record = PyType_GenericAlloc_raw(tp, nitems)
    if record == NULL or not _is_complete(tp):
        return record
    if _add_blank(record, (<_Schema>_schema_ptr(<PyObject *>tp)).nnatives) < 0:
        _decref(record)
        return NULL
    return record


cdef int _add_blank(PyObject *record, Py_ssize_t nnatives) except -1:
    """Enter *record* with its *nnatives* native fields unset."""
    global _unset_low, _unset_high, _nblanks
    if 2 * (_nblanks + 1) > _blanks_size:
        _grow_blanks()
    cdef uint64_t *rest = NULL
    cdef Py_ssize_t nrest = (nnatives - 1) // 64 if nnatives > 64 else 0
    if nrest:
        rest = <uint64_t *>PyMem_Malloc(nrest * sizeof(uint64_t))
        if rest == NULL:
            raise MemoryError()
        memset(rest, 0xff, nrest * sizeof(uint64_t))
    cdef size_t i = _home(record)
    while _blanks[i].record != NULL:
        i = (i + 1) & (_blanks_size - 1)
    _blanks[i].record = record
    _blanks[i].first = <uint64_t>-1
    _blanks[i].rest = rest
    _blanks[i].nrest = nrest
    _nblanks += 1
    _unset_low = min(_unset_low, <size_t>record)
    _unset_high = max(_unset_high, <size_t>record)
    return 0


cdef int _grow_blanks() except -1:
    global _blanks, _blanks_size
    cdef size_t size = 2 * _blanks_size or 16
    cdef _Blank *grown = <_Blank *>PyMem_Malloc(size * sizeof(_Blank))
    if grown == NULL:
        raise MemoryError()
    memset(grown, 0, size * sizeof(_Blank))
    cdef _Blank *old = _blanks
    cdef size_t i, j, old_size = _blanks_size
    _blanks, _blanks_size = grown, size
    for i in range(old_size):
        if old[i].record != NULL:
            j = _home(old[i].record)
            while _blanks[j].record != NULL:
                j = (j + 1) & (size - 1)
            _blanks[j] = old[i]
    PyMem_Free(old)
    return 0


cdef inline bint _bit(_Blank *entry, Py_ssize_t ordinal) noexcept:
    if ordinal < 64:
        return (entry.first >> ordinal) & 1
    return ordinal < 64 * (entry.nrest + 1) and (entry.rest[ordinal // 64 - 1]
                                                 >> (ordinal % 64)) & 1


cdef bint _native_unset(PyObject *record, Py_ssize_t ordinal) noexcept:
    """Whether the native field of *ordinal* in *record* is unset: only where
    _may_be_unset(record), as the caller checks first."""
    cdef _Blank *entry = _find_blank(record)
    return entry != NULL and _bit(entry, ordinal)


cdef inline bint _is_unset(PyObject *record, _Schema schema, Py_ssize_t i) noexcept:
    """Whether field *i* of *record* is unset: an empty slot, or a native field marked so."""
    if schema.kinds[i] == _OBJECT:
        return _slot(record, schema.offsets[i])[0] == NULL
    return _may_be_unset(record) and _native_unset(record, schema.ordinals[i])


cdef void _mark_set(PyObject *record, Py_ssize_t ordinal) noexcept:
    """The native field of *ordinal* in *record* has been stored: set from now on."""
    cdef _Blank *entry = _find_blank(record)
    if entry == NULL:
        return
    if ordinal < 64:
        entry.first &= ~((<uint64_t>1) << ordinal)
    elif ordinal < 64 * (entry.nrest + 1):
        entry.rest[ordinal // 64 - 1] &= ~((<uint64_t>1) << (ordinal % 64))
    if entry.first == 0 and _all_clear(entry.rest, entry.nrest):
        _remove_blank(entry)


cdef bint _all_clear(uint64_t *words, Py_ssize_t n) noexcept:
    cdef Py_ssize_t i
    for i in range(n):
        if words[i]:
            return False
    return True


cdef int _mark_unset(PyObject *record, Py_ssize_t ordinal, Py_ssize_t nnatives) except -1:
    """Mark the native field of *ordinal* (of *nnatives*) in *record* unset."""
    cdef _Blank *entry = _find_blank(record)
    if entry == NULL:
        _add_blank(record, nnatives)
        entry = _find_blank(record)
        entry.first = 0
        memset(entry.rest, 0, entry.nrest * sizeof(uint64_t))
    if ordinal < 64:
        entry.first |= (<uint64_t>1) << ordinal
    elif ordinal < 64 * (entry.nrest + 1):
        entry.rest[ordinal // 64 - 1] |= (<uint64_t>1) << (ordinal % 64)
    return 0


cdef void _forget_unset(PyObject *record) noexcept:
    """Drop *record*'s entry as it is freed: its address may serve another record next."""
    cdef _Blank *entry
    if _may_be_unset(record):
        entry = _find_blank(record)
        if entry != NULL:
            _remove_blank(entry)


cdef void _remove_blank(_Blank *entry) noexcept:
    """Free *entry*, moving back the entries after it that probing would no longer find."""
    global _nblanks, _unset_low, _unset_high
    PyMem_Free(entry.rest)
    cdef size_t mask = _blanks_size - 1
    cdef size_t hole = <size_t>(entry - _blanks), i = hole, home
    while True:
        i = (i + 1) & mask
        if _blanks[i].record == NULL:
            break
        home = _home(_blanks[i].record)
        # The entry at i stays if its home lies cyclically in (hole, i].
        if (i - home) & mask >= (i - hole) & mask:
            _blanks[hole] = _blanks[i]
            hole = i
    _blanks[hole].record = NULL
    _blanks[hole].rest = NULL
    _nblanks -= 1
    if _nblanks == 0:  # the range starts afresh
        _unset_low = <size_t>-1
        _unset_high = 0


cdef void _free_dict_record(void *record) noexcept:
    """The tp_free of a record type with native fields and a __dict__, whose records
    CPython's own deallocator frees (see _is_complete): as the collector's, after
    forgetting the record's unset native fields."""
    _forget_unset(<PyObject *>record)
    PyObject_GC_Del(record)


cdef object _unset_error(object record, str name):
    """What reading an unset field raises: the error of an empty slot, word for word. It
    names the type by its __name__, and from 3.13 by its module and qualified name (the
    module left out where it is builtins or __main__)."""
    cls = type(record)
    shown = cls.__name__
    if _QUALIFIED_NAMES:
        module = cls.__dict__.get("__module__")
        shown = cls.__qualname__
        if isinstance(module, str) and module not in ("builtins", "__main__"):
            shown = f"{module}.{shown}"
    return AttributeError(f"'{shown}' object has no attribute '{name}'", name=name,
                          obj=record)


cdef bint _QUALIFIED_NAMES = sys.version_info >= (3, 13)
