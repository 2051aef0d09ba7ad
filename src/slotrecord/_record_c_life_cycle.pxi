# Part of the native core, included by _record_c.pyx.
#
# Life cycle: the type slots of every record type. They read the layout from the type,
# with no Python-level access to the record (which may be dying).

# Freeing a record drops its fields, which may free records in turn: a chain of a million
# records would recurse a million deep and overflow the C stack. Past _DEALLOC_NESTING
# nested deallocations a record is put aside instead, and the outermost deallocation
# frees what was put aside, iteratively, as CPython's trashcan does for its containers
# (which needs a GC header, so it cannot serve records with gc=False). The GIL guards
# these globals: the core is not declared free-threading compatible.
cdef enum:
    _DEALLOC_NESTING = 50

cdef Py_ssize_t _dealloc_depth = 0
cdef PyObject **_put_aside = NULL  # records whose deallocation is deferred
cdef Py_ssize_t _nput_aside = 0
cdef Py_ssize_t _put_aside_capacity = 0


cdef void _record_dealloc(PyObject *obj) noexcept:
    global _dealloc_depth, _nput_aside
    if (<_TypeSlots *>obj.ob_type).tp_finalize != NULL:
        # __del__ runs first, on a record still tracked, as CPython's own types run it;
        # it may resurrect the record, which then stays alive.
        if PyObject_CallFinalizerFromDealloc(obj) < 0:
            return
    if PyType_IS_GC(obj.ob_type):
        PyObject_GC_UnTrack(obj)
    if _dealloc_depth >= _DEALLOC_NESTING and _put_record_aside(obj):
        return
    _dealloc_depth += 1
    _free_record(obj)
    _dealloc_depth -= 1
    while _dealloc_depth == 0 and _nput_aside:  # the outermost one drains the stack
        _nput_aside -= 1
        _dealloc_depth += 1
        _free_record(_put_aside[_nput_aside])
        _dealloc_depth -= 1


cdef bint _put_record_aside(PyObject *obj) noexcept:
    """Defer freeing *obj*; false (free it now, recursing) if no memory is left for that."""
    global _put_aside, _nput_aside, _put_aside_capacity
    cdef PyObject **grown
    if _nput_aside == _put_aside_capacity:
        grown = <PyObject **>PyMem_Realloc(_put_aside,
                                           (2 * _put_aside_capacity + 64) * sizeof(PyObject *))
        if grown == NULL:
            return False
        _put_aside = grown
        _put_aside_capacity = 2 * _put_aside_capacity + 64
    _put_aside[_nput_aside] = obj
    _nput_aside += 1
    return True


cdef void _free_record(PyObject *obj) noexcept:
    """The deallocation proper: weak references, fields, memory, and the type's reference
    that every instance of a heap type holds."""
    cdef PyTypeObject *tp = obj.ob_type
    _forget_unset(obj)  # before its memory may serve another record
    if not _is_complete(tp):
        _free_subclass_record(obj)
        return
    if (<_TypeSlots *>tp).tp_weaklistoffset:
        PyObject_ClearWeakRefs(obj)
    # Borrowed: no code can reach a record being freed (its weak references are gone),
    # so nothing can change its type, which holds the schema, meanwhile.
    _release_fields(obj, _schema_ptr(<PyObject *>tp))
    if not _recycle(obj, tp):
        (<_TypeSlots *>tp).tp_free(obj)
    Py_DECREF(<object>tp)


cdef void _free_subclass_record(PyObject *obj) noexcept:
    """_free_record for a record of a subclass never completed (made by calling the
    metaclass's C half, see _layout_schema): laid out as its record base, never recycled
    (its block may be larger)."""
    cdef PyTypeObject *tp = obj.ob_type
    if (<_TypeSlots *>tp).tp_weaklistoffset:
        PyObject_ClearWeakRefs(obj)
    _release_fields(obj, _layout_schema(tp))
    (<_TypeSlots *>tp).tp_free(obj)
    Py_DECREF(<object>tp)


# Recycling. Allocating and freeing a record's memory (and, for the collector, linking it
# in and out) is most of what building one costs; records are often made and dropped in
# quick succession. So a freed record's memory is kept, up to _RECYCLE_DEPTH blocks per
# size and GC flag, for the next record of that size, as msgspec and CPython's own tuples
# do. Only plain layouts are kept: no __del__ to honour, no weak reference list, no
# pre-header. A kept block is untracked, its fields cleared; its first word links the list.
# Every full collection empties the lists, as it empties CPython's own free lists.
cdef enum:
    _RECYCLE_SIZES = 24     # records of up to 20 fields (size counted in pointers)
    _RECYCLE_DEPTH = 64

cdef PyObject *_recycled[2][_RECYCLE_SIZES]
cdef int _nrecycled[2][_RECYCLE_SIZES]
memset(_recycled, 0, sizeof(_recycled))
memset(_nrecycled, 0, sizeof(_nrecycled))


cdef inline Py_ssize_t _recycle_size(PyTypeObject *tp) noexcept:
    """The free-list size class of *tp*'s records, or -1 if they are not recycled."""
    cdef _TypeSlots *slots = <_TypeSlots *>tp
    cdef Py_ssize_t size = slots.tp_basicsize // sizeof(void *)
    if size >= _RECYCLE_SIZES or slots.tp_finalize != NULL or slots.tp_weaklistoffset:
        return -1
    return size


cdef inline bint _recycle(PyObject *obj, PyTypeObject *tp) noexcept:
    cdef Py_ssize_t size = _recycle_size(tp)
    cdef int gc = PyType_IS_GC(tp)
    if size < 0 or _nrecycled[gc][size] >= _RECYCLE_DEPTH:
        return False
    # A kept block must not name its type, which may go before the block does: freeing
    # it reads the type for the size of what precedes the object (a tuple: the GC header).
    obj.ob_type = <PyTypeObject *>tuple
    (<PyObject **>obj)[0] = _recycled[gc][size]
    _recycled[gc][size] = obj
    _nrecycled[gc][size] += 1
    return True


cdef void _free_recycled() noexcept:
    """Give every kept block back to the allocator it came from."""
    cdef int gc
    cdef Py_ssize_t size
    cdef PyObject *obj
    for gc in range(2):
        for size in range(_RECYCLE_SIZES):
            while _recycled[gc][size] != NULL:
                obj = _recycled[gc][size]
                _recycled[gc][size] = (<PyObject **>obj)[0]
                if gc:
                    PyObject_GC_Del(obj)
                else:
                    PyObject_Free(obj)
            _nrecycled[gc][size] = 0


def _empty_free_lists(phase, info):
    """A ``gc.callbacks`` entry: a full collection empties the free lists."""
    if phase == "stop" and info["generation"] == 2:  # after it: with what it freed
        _free_recycled()


gc_module.callbacks.append(_empty_free_lists)


cdef inline PyObject *_take_recycled(PyTypeObject *tp) noexcept:
    cdef Py_ssize_t size = _recycle_size(tp)
    cdef int gc = PyType_IS_GC(tp)
    cdef PyObject *obj
    if size < 0 or _recycled[gc][size] == NULL:
        return NULL
    obj = _recycled[gc][size]
    _recycled[gc][size] = (<PyObject **>obj)[0]
    _nrecycled[gc][size] -= 1
    return obj


cdef int _record_traverse(PyObject *obj, visitproc visit, void *arg) noexcept:
    # The schema is borrowed: visiting runs no code, and the record holds its type, which
    # holds its schema. (A _Schema local would cost a reference count and a test.)
    cdef PyTypeObject *tp = (<PyObject *>obj).ob_type
    cdef PyObject *schema = _layout_schema(tp)
    cdef Py_ssize_t i
    cdef PyObject *value
    cdef int result = visit(<PyObject *>tp, arg)  # heap types' instances own their type
    if result or schema == NULL:
        return result
    for i in range((<_Schema>schema).nlayout):
        value = _slot(obj, (<_Schema>schema).layout_offsets[i])[0]
        if value != NULL:
            result = visit(value, arg)
            if result:
                return result
    return 0


cdef int _record_clear(PyObject *obj) noexcept:
    # The collector's tp_clear, on a record still alive: releasing a field may run code
    # that reaches the record and assigns its __class__, freeing the old type and its
    # schema, so the schema is held meanwhile.
    cdef PyObject *schema = _layout_schema(obj.ob_type)
    Py_XINCREF(schema)
    _release_fields(obj, schema)
    Py_XDECREF(schema)
    return 0


cdef inline void _release_fields(PyObject *obj, PyObject *schema) noexcept:
    """Empty the object slots of *obj*, laid out as *schema* (borrowed; the caller keeps
    it alive) says, and release what they held."""
    cdef Py_ssize_t i, n
    cdef Py_ssize_t *offsets
    cdef PyObject **slot
    cdef PyObject *value
    if schema == NULL:
        return
    n = (<_Schema>schema).nlayout
    offsets = (<_Schema>schema).layout_offsets
    for i in range(n):
        slot = _slot(obj, offsets[i])
        value = slot[0]
        slot[0] = NULL
        Py_XDECREF(value)


cdef bint _keeps_gc_header(object cls, object spec):
    """Whether records of *cls*, which is not ``spec.tracked`` (gc=False, or every field
    native), carry the collector's header all the same, because the type needs it: CPython
    placed a base's weak reference list or dict before the object (from 3.12), at an
    offset that counts the header; or an all-native record has a __del__, whose run-once
    flag lives in the header."""
    cdef _TypeSlots *tp = <_TypeSlots *><PyObject *>cls
    if tp.tp_flags & (_MANAGED_WEAKREF | _MANAGED_DICT) or tp.tp_weaklistoffset < 0 \
            or tp.tp_dictoffset < 0:
        return True
    return spec.gc and tp.tp_finalize != NULL


cdef int _install_life_cycle(object cls, bint gc) except -1:
    cdef _TypeSlots *tp = <_TypeSlots *>cls
    tp.tp_dealloc = _record_dealloc
    tp.tp_traverse = _record_traverse
    tp.tp_clear = _record_clear
    if not gc:
        # No instance exists yet, so every instance is allocated without the GC header.
        tp.tp_flags &= ~Py_TPFLAGS_HAVE_GC
        tp.tp_free = PyObject_Free
    return 0


# Since 3.12 type.__new__ keeps a __weakref__ slot before the object, at an offset that
# assumes a GC header: a record without one keeps its weak references in a plain slot.
_WEAKREF_SLOT = "__slotrecord_weakref__"


cdef int _install_weakref_slot(object cls) except -1:
    (<_TypeSlots *><PyObject *>cls).tp_weaklistoffset = _member_offset(cls, _WEAKREF_SLOT)
    type.__delattr__(cls, _WEAKREF_SLOT)  # the list belongs to the weakref machinery alone
    return 0
