# cython: language_level=3
"""The native core of slotrecord: record types whose fields live inline, methods in C.

It mirrors ``_record_py.py`` name for name. A record type is a heap type made by
``type.__new__`` with ``__slots__``, so CPython lays the object fields out after the object
header and gives each a member descriptor (attribute get and set keep the interpreter's
slot specialisation). Native fields (``f64``, ``i64``, ...) follow those slots, packed as
raw C values, each behind a ``_NativeField`` descriptor. Its metaclass, ``_RecordMeta``,
reads class statements through the shared front end and, in its C half
``_RecordTypeBase``, carries a ``_Schema``: the field offsets read back from those
descriptors, the kind of each field, the defaults and the options. Construction is a C
vectorcall and every method is a loop over the offsets.
"""

cimport cython
from cpython.mem cimport PyMem_Free, PyMem_Malloc, PyMem_Realloc
from cpython.object cimport PyObject, PyTypeObject
from cpython.ref cimport Py_DECREF, Py_INCREF, Py_XDECREF, Py_XINCREF
from cpython.tuple cimport PyTuple_New, PyTuple_SET_ITEM
from libc.math cimport isinf, isnan
from libc.stdint cimport int8_t, int16_t, int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t
from libc.string cimport memcmp, memcpy, memset

import copyreg
import gc as gc_module
import sys

from ._api import dataclass_factory, field, fields, record_factory
from ._spec import (
    MISSING,
    SELF_IS_EQUAL,
    UNSET,
    RecordMeta,
    RecordSpec,
    bad_state_message,
    check_record_subclass,
    check_replace_changes,
    class_namespace,
    generated_methods,
    init_signature,
    not_a_record_message,
    not_a_record_type_message,
    root_namespace,
    unexpected_keyword_message,
)
from ._native import NAN
from ._pickling import blank_record, pickled_type, reduce_type

__all__ = ["BACKEND", "Record", "asdict", "astuple", "dataclass", "field", "fields",
           "make_dataclass", "make_record",
           "replace"]

BACKEND = "cython"

ctypedef int (*visitproc)(PyObject *, void *) noexcept
ctypedef int (*traverseproc)(PyObject *, visitproc, void *) noexcept
ctypedef object (*_vectorcall_impl)(PyObject *, PyObject **, size_t, PyObject *)
ctypedef object (*richcmpfunc)(PyObject *, PyObject *, int)
ctypedef object (*ternaryfunc)(PyObject *, PyObject *, PyObject *)

cdef extern from "Python.h":
    # The parts of the type object that the core rewrites, under a name of our own so
    # as not to clash with Cython's partial declaration of PyTypeObject.
    ctypedef struct _TypeSlots "PyTypeObject":
        Py_ssize_t tp_basicsize
        PyTypeObject *tp_base
        Py_ssize_t tp_vectorcall_offset
        unsigned long tp_flags
        Py_ssize_t tp_weaklistoffset
        Py_ssize_t tp_dictoffset
        void (*tp_dealloc)(PyObject *) noexcept
        traverseproc tp_traverse
        int (*tp_clear)(PyObject *) noexcept
        void (*tp_free)(void *) noexcept
        void (*tp_finalize)(PyObject *) noexcept
        richcmpfunc tp_richcompare
        void *tp_repr
        void *tp_hash
        void *tp_init
        void *tp_new
        ternaryfunc tp_call
        PyObject *tp_dict

    ctypedef struct _HeapType "PyHeapTypeObject":
        PyObject *ht_qualname  # what type.__qualname__ returns for a heap type: every record type

    ctypedef struct PyMemberDef:
        int type
        Py_ssize_t offset

    ctypedef struct PyDescrObject:
        PyTypeObject *d_type

    ctypedef struct PyMemberDescrObject:
        PyDescrObject d_common
        PyMemberDef *d_member

    bint PyType_IsSubtype(PyTypeObject *a, PyTypeObject *b)
    object PyMethod_New(object function, object instance)

    PyTypeObject PyMemberDescr_Type
    bint PyLong_CheckExact(PyObject *obj)
    bint PyFloat_CheckExact(PyObject *obj)
    bint PyUnicode_CheckExact(PyObject *obj)
    double PyFloat_AS_DOUBLE(PyObject *obj)
    double PyLong_AsDouble(PyObject *obj)
    long long PyLong_AsLongLongAndOverflow(PyObject *obj, int *overflow)
    unsigned long long PyLong_AsUnsignedLongLong(PyObject *obj)
    object PyLong_FromLongLong(long long value)
    object PyLong_FromUnsignedLongLong(unsigned long long value)
    object PyFloat_FromDouble(double value)
    PyObject *PyErr_Occurred()
    PyObject *Py_True
    PyObject *Py_False
    void PyErr_Clear()
    bint PyObject_TypeCheck(object obj, PyTypeObject *tp)
    PyObject *_PyObject_GC_New_raw "_PyObject_GC_New"(PyTypeObject *tp)
    PyObject *_PyObject_New_raw "_PyObject_New"(PyTypeObject *tp)
    PyObject *PyType_GenericAlloc_raw "PyType_GenericAlloc"(PyTypeObject *tp,
                                                            Py_ssize_t nitems)
    PyObject *_PyType_Lookup(PyTypeObject *tp, object name)
    unsigned long Py_TPFLAGS_HAVE_GC
    unsigned long Py_TPFLAGS_HAVE_VECTORCALL
    Py_ssize_t PyVectorcall_NARGS(size_t nargsf)
    object PyType_GenericAlloc(PyTypeObject *tp, Py_ssize_t nitems)
    int PyDict_SetItem(object mapping, PyObject *key, PyObject *value) except -1
    int PyDict_DelItem(object mapping, PyObject *key) except -1
    void PyObject_GC_Track(PyObject *obj)
    void PyType_Modified(PyTypeObject *tp)
    bint PyType_IS_GC(PyTypeObject *tp)
    void PyObject_GC_UnTrack(void *obj)
    void PyObject_ClearWeakRefs(PyObject *obj)
    int PyObject_CallFinalizerFromDealloc(PyObject *obj)
    PyObject *PyObject_Init(PyObject *obj, PyTypeObject *tp)
    void PyObject_Free(void *ptr)
    void PyObject_GC_Del(void *obj)
    int Py_ReprEnter(object obj) except -1
    int Py_EnterRecursiveCall(const char *where) except 1  # nonzero: RecursionError set
    void Py_LeaveRecursiveCall()
    Py_ssize_t Py_SIZE(PyObject *obj)
    void Py_ReprLeave(object obj)
    bint PyUnicode_Check(PyObject *obj)
    Py_ssize_t PyUnicode_GET_LENGTH(PyObject *obj)
    Py_UCS4 PyUnicode_MAX_CHAR_VALUE(PyObject *obj)
    int PyUnicode_KIND(PyObject *obj)
    void *PyUnicode_DATA(PyObject *obj)
    str PyUnicode_New(Py_ssize_t size, Py_UCS4 maxchar)
    Py_ssize_t PyUnicode_CopyCharacters(str to, Py_ssize_t to_start, object source,
                                        Py_ssize_t from_start, Py_ssize_t how_many) except -1
    int PyUnicode_Compare(object left, object right) except? -1
    Py_ssize_t PyTuple_GET_SIZE(PyObject *obj)
    PyObject *PyTuple_GET_ITEM(PyObject *obj, Py_ssize_t i)
    PyObject **PySequence_Fast_ITEMS(object seq)
    int PyObject_RichCompareBool(PyObject *a, PyObject *b, int op) except -1
    object PyObject_RichCompare(PyObject *a, PyObject *b, int op)
    Py_hash_t PyObject_Hash(PyObject *obj) except -1

cdef extern from *:
    # The member table of a class made by type.__new__: one PyMemberDef per slot it adds,
    # Py_SIZE(tp) of them, after the heap type object (as PyHeapType_GET_MEMBERS finds it).
    """
    #define slotrecord_members(tp) \\
        ((PyMemberDef *)((char *)(tp) + Py_TYPE(tp)->tp_basicsize))
    """
    PyMemberDef *slotrecord_members(PyTypeObject *tp) noexcept

cdef extern from *:
    """
    #define slotrecord_set_vectorcall(tp, fn) \\
        (((PyTypeObject *)(tp))->tp_vectorcall = (vectorcallfunc)(fn))
    #define slotrecord_get_vectorcall(tp) ((void *)((PyTypeObject *)(tp))->tp_vectorcall)
    """
    void slotrecord_set_vectorcall(object tp, _vectorcall_impl fn)
    void *slotrecord_get_vectorcall(object tp)

cdef extern from *:
    # From 3.12 Py_INCREF stores 32 bits of the count and Py_DECREF loads all 64: a
    # reference taken and dropped in quick succession stalls the CPU (the load cannot be
    # forwarded from the store). So the hot paths take no reference they would drop at
    # once: they borrow the schema from a type the caller holds, and hand the allocation's
    # reference over as the result.
    """
    static inline void slotrecord_incref(PyObject *op) { Py_INCREF(op); }
    static inline PyObject *slotrecord_new_ref(PyObject *op) { return op; }
    """
    void slotrecord_incref(PyObject *op) noexcept
    object slotrecord_new_ref(PyObject *op)  # the result is the reference *op* was


cdef extern from *:
    # The value of an int of at most one digit without a call, as CPython's own fast
    # paths read it (PyLong_AsLongLongAndOverflow is a call for every int).
    """
    #if PY_VERSION_HEX < 0x030B0000
    #include "longintrepr.h"
    #endif
    static inline int slotrecord_small_int(PyObject *op, long long *value) {
    #if PY_VERSION_HEX >= 0x030C0000
        if (!PyUnstable_Long_IsCompact((PyLongObject *)op)) return 0;
        *value = (long long)PyUnstable_Long_CompactValue((PyLongObject *)op);
        return 1;
    #else
        Py_ssize_t size = Py_SIZE(op);
        if (size < -1 || size > 1) return 0;
        *value = size * (long long)((PyLongObject *)op)->ob_digit[0];
        return 1;
    #endif
    }
    """
    bint slotrecord_small_int(PyObject *op, long long *value) noexcept

cdef extern from *:
    # CPython's tuple hash (xxHash) for 64-bit and 32-bit hashes, so that a frozen record
    # hashes as the tuple of its fields does, and so as the equivalent dataclass does.
    """
    #if SIZEOF_PY_UHASH_T > 4
    #define SLOTRECORD_XXPRIME_1 ((Py_uhash_t)11400714785074694791ULL)
    #define SLOTRECORD_XXPRIME_2 ((Py_uhash_t)14029467366897019727ULL)
    #define SLOTRECORD_XXPRIME_5 ((Py_uhash_t)2870177450012600261ULL)
    #define SLOTRECORD_XXROTATE(x) ((x << 31) | (x >> 33))
    #else
    #define SLOTRECORD_XXPRIME_1 ((Py_uhash_t)2654435761UL)
    #define SLOTRECORD_XXPRIME_2 ((Py_uhash_t)2246822519UL)
    #define SLOTRECORD_XXPRIME_5 ((Py_uhash_t)374761393UL)
    #define SLOTRECORD_XXROTATE(x) ((x << 13) | (x >> 19))
    #endif
    """
    ctypedef size_t Py_uhash_t
    Py_uhash_t SLOTRECORD_XXPRIME_1
    Py_uhash_t SLOTRECORD_XXPRIME_2
    Py_uhash_t SLOTRECORD_XXPRIME_5
    Py_uhash_t SLOTRECORD_XXROTATE(Py_uhash_t x)

cdef enum:
    _Py_EQ = 2
    _Py_NE = 3
    _STACK_VALUES = 16  # records of up to this many fields build without a heap buffer


cdef object _newobj = copyreg.__newobj__
cdef bint _self_is_equal = SELF_IS_EQUAL
cdef richcmpfunc _object_richcompare = (<_TypeSlots *>object).tp_richcompare
cdef object _object_hash = object.__hash__
cdef object _object_reduce_ex = object.__reduce_ex__


cdef inline PyObject **_slot(PyObject *record, Py_ssize_t offset) noexcept nogil:
    return <PyObject **>((<char *>record) + offset)


# ---------------------------------------------------------------------------------------
# Native values: how a field of each kind is stored as raw C memory and read back. The
# C code converts exact ints and floats that fit; every other value goes to the front
# end's NativeType.convert, which gives the value to store or the error to raise.

cdef enum _Kind:
    _OBJECT = 0  # an ordinary field: a PyObject * slot laid out by CPython
    _I8, _I16, _I32, _I64, _U8, _U16, _U32, _U64, _F32, _F64, _BOOL

_KINDS = {"i8": _I8, "i16": _I16, "i32": _I32, "i64": _I64, "u8": _U8, "u16": _U16,
          "u32": _U32, "u64": _U64, "f32": _F32, "f64": _F64, "boolean": _BOOL}

cdef object _NAN = NAN  # every NaN reads as this one object, as the front end stores it

cdef enum:
    _MEMBER_OBJECT_EX = 16  # Py_T_OBJECT_EX: the member type of a __slots__ entry
    _MANAGED_WEAKREF = 1 << 3  # Py_TPFLAGS_MANAGED_WEAKREF (3.12+; unused before)
    _MANAGED_DICT = 1 << 4  # Py_TPFLAGS_MANAGED_DICT (3.11+; unused before)
    _IMMUTABLE_TYPE = 1 << 8  # Py_TPFLAGS_IMMUTABLETYPE (3.10+)
    _HEAPTYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE
    _READY = 1 << 12  # Py_TPFLAGS_READY
    _ABSTRACT = 1 << 20  # Py_TPFLAGS_IS_ABSTRACT: the class has abstract methods
    _STACK_NATIVES = 16  # records with up to this many native fields convert on the stack


cdef inline bint _store_native(char *dst, int kind, PyObject *value) noexcept:
    """Store *value* at *dst* as *kind* if it is an exact int or float that fits (a bool,
    for a boolean); else store nothing and return false, with no error set. Every raw
    value is written and read with memcpy, so that no memory is accessed through a
    pointer to a type it does not hold (C's aliasing rule)."""
    cdef long long x
    cdef unsigned long long ux
    cdef int overflow = 0
    cdef double d
    if kind == _BOOL:
        if value != Py_True and value != Py_False:
            return False
        return _put(dst, <uint8_t>(value == Py_True))
    if kind == _F32 or kind == _F64:
        if PyFloat_CheckExact(value):
            d = PyFloat_AS_DOUBLE(value)
        elif PyLong_CheckExact(value):
            d = PyLong_AsDouble(value)
            if d == -1.0 and PyErr_Occurred() != NULL:  # beyond the largest float
                PyErr_Clear()
                return False
        else:
            return False
        return _put(dst, d) if kind == _F64 else _put_f32(dst, d)
    if not PyLong_CheckExact(value):
        return False
    if not slotrecord_small_int(value, &x):
        x = PyLong_AsLongLongAndOverflow(value, &overflow)
    if overflow:
        if kind != _U64 or overflow < 0:
            return False
        ux = PyLong_AsUnsignedLongLong(value)
        if ux == <unsigned long long>-1 and PyErr_Occurred() != NULL:
            PyErr_Clear()
            return False
        return _put(dst, <uint64_t>ux)
    if kind == _I64:
        return _put(dst, <int64_t>x)
    if kind == _I32:
        return -2147483648 <= x <= 2147483647 and _put(dst, <int32_t>x)
    if kind == _I16:
        return -32768 <= x <= 32767 and _put(dst, <int16_t>x)
    if kind == _I8:
        return -128 <= x <= 127 and _put(dst, <int8_t>x)
    if kind == _U64:
        return x >= 0 and _put(dst, <uint64_t>x)
    if kind == _U32:
        return 0 <= x <= 4294967295 and _put(dst, <uint32_t>x)
    if kind == _U16:
        return 0 <= x <= 65535 and _put(dst, <uint16_t>x)
    return 0 <= x <= 255 and _put(dst, <uint8_t>x)


ctypedef fused _raw:
    int8_t
    int16_t
    int32_t
    int64_t
    uint8_t
    uint16_t
    uint32_t
    uint64_t
    float
    double


cdef inline bint _put(char *dst, _raw v) noexcept:
    """Store the raw value *v*, and return true (memcpy of a constant size is a move)."""
    memcpy(dst, &v, sizeof(v))
    return True


cdef inline _raw _load(const char *src, _raw like) noexcept:
    """The raw value at *src*, of the type of *like*."""
    memcpy(&like, src, sizeof(like))
    return like


cdef inline bint _put_f32(char *dst, double v) noexcept:
    """False, storing nothing, for a finite *v* beyond a float's range (as struct's
    PyFloat_Pack4 finds it); the front end then raises the OverflowError."""
    cdef float f = <float>v
    return not (isinf(f) and not isinf(v)) and _put(dst, f)


cdef int _store_converted(char *dst, int kind, object native, object value, object owner,
                          str name) except -1:
    """Store what the front end makes of *value*, or raise its error."""
    converted = native.convert(value, owner.__qualname__, name)
    if not _store_native(dst, kind, <PyObject *>converted):
        raise SystemError(f"{name}: {native!r} converted {value!r} to {converted!r}, "
                          "which does not fit")
    return 0


cdef inline Py_ssize_t _kind_size(int kind) noexcept:
    if kind == _F64 or kind == _I64 or kind == _U64:
        return 8
    if kind == _F32 or kind == _I32 or kind == _U32:
        return 4
    if kind == _I16 or kind == _U16:
        return 2
    return 1


cdef inline void _copy_raw(char *dst, const uint64_t *raw, int kind) noexcept:
    """Copy the raw value of *kind* that _store_native put at *raw* to *dst*."""
    cdef Py_ssize_t size = _kind_size(kind)
    if size == 8:  # constant sizes: each copy is one move
        memcpy(dst, raw, 8)
    elif size == 4:
        memcpy(dst, raw, 4)
    elif size == 2:
        memcpy(dst, raw, 2)
    else:
        memcpy(dst, raw, 1)


cdef object _read_native(const char *src, int kind):
    cdef double d
    if kind == _F64 or kind == _F32:
        d = _load(src, <double>0) if kind == _F64 else _load(src, <float>0)
        return _NAN if isnan(d) else PyFloat_FromDouble(d)
    if kind == _I64:
        return PyLong_FromLongLong(_load(src, <int64_t>0))
    if kind == _U64:
        return PyLong_FromUnsignedLongLong(_load(src, <uint64_t>0))
    if kind == _I32:
        return PyLong_FromLongLong(_load(src, <int32_t>0))
    if kind == _U32:
        return PyLong_FromLongLong(_load(src, <uint32_t>0))
    if kind == _I16:
        return PyLong_FromLongLong(_load(src, <int16_t>0))
    if kind == _U16:
        return PyLong_FromLongLong(_load(src, <uint16_t>0))
    if kind == _I8:
        return PyLong_FromLongLong(_load(src, <int8_t>0))
    if kind == _U8:
        return PyLong_FromLongLong(_load(src, <uint8_t>0))
    return True if _load(src, <uint8_t>0) else False


@cython.final
@cython.auto_pickle(False)
@cython.no_gc_clear  # a read through it needs its record type until it goes
cdef class _NativeField:
    """The descriptor of a native field: its raw value at a fixed offset in the record,
    read as an int, float or bool and written through conversion."""

    cdef object owner  # the record type that laid the field out
    cdef str name
    cdef object native  # the front end's NativeType
    cdef Py_ssize_t offset, size
    cdef int kind

    def __get__(self, instance, owner):
        if instance is None:
            return self
        self._check(instance)
        return _read_native(<char *><PyObject *>instance + self.offset, self.kind)

    def __set__(self, instance, value):
        # Converted first and checked second, as the pure-Python property does.
        cdef uint64_t converted = 0
        if not _store_native(<char *>&converted, self.kind, <PyObject *>value):
            _store_converted(<char *>&converted, self.kind, self.native, value,
                             type(instance), self.name)
        self._check(instance)
        _copy_raw(<char *><PyObject *>instance + self.offset, &converted, self.kind)

    def __delete__(self, instance):
        raise self.native.delete_error(type(instance).__qualname__, self.name)

    def __repr__(self):
        return (f"<native field {self.name!r} ({self.native.name}) of "
                f"{self.owner.__name__!r} objects>")

    cdef int _check(self, object instance) except -1:
        if not PyObject_TypeCheck(instance, <PyTypeObject *>self.owner):
            raise TypeError(f"descriptor '{self.name}' for '{self.owner.__name__}' objects "
                            f"doesn't apply to a '{type(instance).__name__}' object")
        return 0


# ---------------------------------------------------------------------------------------
# Per-type data.

@cython.final
@cython.auto_pickle(False)
@cython.no_gc_clear  # a dying record reads its layout: never clear it under a live type
cdef class _Schema:
    """The C layout and options of one record type, read by every method."""

    cdef readonly object spec
    # The type make_record built (borrowed: only compared), whose records come from the
    # free lists; NULL where they have a __dict__, which only CPython's allocator lays out.
    cdef PyObject *record_type
    cdef bint has_dict            # records have a __dict__: their state carries it
    cdef Py_ssize_t nfields
    cdef Py_ssize_t npositional
    cdef Py_ssize_t *offsets      # field i lives at offsets[i] bytes into the record
    cdef unsigned char *kinds     # and is a _Kind: _OBJECT, or how its raw value is kept
    cdef tuple natives            # each field's NativeType, or None
    cdef Py_ssize_t *object_fields  # the indices of the _OBJECT fields, in field order
    cdef Py_ssize_t *object_offsets  # and their offsets: one load less in the hot loops
    cdef Py_ssize_t nobjects
    cdef Py_ssize_t *native_fields  # and of the native ones
    cdef Py_ssize_t nnatives
    cdef Py_ssize_t *layout_offsets  # every object slot of the layout: the fields' and
    cdef Py_ssize_t nlayout          # those of a non-record base, freed and traversed
    # __init__ binds its arguments to "values": the fields, then the InitVars, which go to
    # __post_init__ only.
    cdef Py_ssize_t nvalues       # fields and InitVars
    cdef Py_ssize_t nparams       # __init__'s parameters: the fields with init, InitVars
    cdef Py_ssize_t *params       # the value index of each parameter, in order
    cdef PyObject **param_names   # the name of each parameter, owned by param_name_tuple
    cdef tuple param_name_tuple
    cdef Py_ssize_t ndirect       # nfields when the parameters are the fields, in order
    cdef tuple names              # field names, in field order
    cdef tuple defaults           # each value's default, or MISSING
    cdef tuple factories          # each field's default_factory, or None
    cdef bint has_factories
    cdef bint has_noinit          # some field is no parameter: set from its default, if any
    cdef bint may_be_unset        # and one has none: a new record may leave it unset
    cdef bint keeps_unset         # copy and pickle keep an unset field unset
    cdef tuple noinit_defaulted   # the indices of those fields that have a default
    cdef bint post_init           # the type has a __post_init__ to call after __init__
    # The fields each method reads (all of them, unless field() said otherwise).
    cdef Py_ssize_t *compared     # ==, ordering: field indices,
    cdef Py_ssize_t *compared_offsets  # their offsets
    cdef unsigned char *compared_kinds  # and kinds, read in the hot loop
    cdef Py_ssize_t ncompared
    cdef Py_ssize_t *hashed       # hash, when the type hashes its fields (hash_fields)
    cdef Py_ssize_t nhashed
    cdef bint hash_fields
    cdef Py_ssize_t *shown        # repr
    cdef Py_ssize_t nshown
    cdef tuple repr_labels        # "(a=", ", b=", ...: what precedes each shown value
    cdef bint frozen, eq, order
    cdef object by_value          # None until first pickled, then False or a TypeByValue

    def __dealloc__(self):
        PyMem_Free(self.offsets)
        PyMem_Free(self.kinds)
        PyMem_Free(self.object_fields)
        PyMem_Free(self.object_offsets)
        PyMem_Free(self.native_fields)
        PyMem_Free(self.layout_offsets)
        PyMem_Free(self.params)
        PyMem_Free(self.compared)
        PyMem_Free(self.compared_offsets)
        PyMem_Free(self.compared_kinds)
        PyMem_Free(self.hashed)
        PyMem_Free(self.shown)


cdef _Schema _make_schema(object cls, object spec):
    cdef _Schema schema = _Schema.__new__(_Schema)
    cdef tuple described = spec.fields  # the Field of each field, in order
    cdef Py_ssize_t i, n = len(described)
    schema.spec = spec
    schema.has_dict = (<_TypeSlots *><PyObject *>cls).tp_dictoffset != 0
    schema.record_type = NULL if schema.has_dict else <PyObject *>cls
    schema.nfields = n
    schema.nvalues = n + len(spec.initvars)
    schema.nparams = len(spec.params)
    schema.npositional = spec.npositional
    schema.names = spec.names
    schema.post_init = _PyType_Lookup(<PyTypeObject *>cls, "__post_init__") != NULL
    schema.frozen = spec.frozen
    schema.eq = spec.eq
    schema.order = spec.order
    schema.hash_fields = spec.hash_action == "add"
    schema.keeps_unset = spec.keeps_unset
    schema.offsets = <Py_ssize_t *>_alloc_array(n, sizeof(Py_ssize_t))
    schema.kinds = <unsigned char *>_alloc_array(n, 1)
    schema.object_fields = <Py_ssize_t *>_alloc_array(n, sizeof(Py_ssize_t))
    schema.object_offsets = <Py_ssize_t *>_alloc_array(n, sizeof(Py_ssize_t))
    schema.native_fields = <Py_ssize_t *>_alloc_array(n, sizeof(Py_ssize_t))
    schema.params = <Py_ssize_t *>_alloc_array(schema.nparams, sizeof(Py_ssize_t))
    _find_layout_slots(schema, <PyTypeObject *>cls)
    schema.has_factories = schema.has_noinit = schema.may_be_unset = False
    schema.nobjects = schema.nnatives = 0
    for i in range(n):
        item = described[i]
        schema.has_factories |= item.default_factory is not MISSING
        if not item.init:
            schema.has_noinit = True
            schema.may_be_unset |= (item.default is MISSING
                                    and item.default_factory is MISSING)
        native = item.native
        schema.kinds[i] = _OBJECT if native is None else _KINDS[native.name]
        schema.offsets[i] = _field_offset(cls, item.name, schema.kinds[i])
        if native is None:
            schema.object_fields[schema.nobjects] = i
            schema.object_offsets[schema.nobjects] = schema.offsets[i]
            schema.nobjects += 1
        else:
            schema.native_fields[schema.nnatives] = i
            schema.nnatives += 1
    for i in range(schema.nparams):
        schema.params[i] = spec.params[i]
    schema.ndirect = n if list(spec.params) == list(range(n)) and spec.npositional == n else -1
    values = described + spec.initvars
    schema.defaults = tuple([item.default for item in values])
    schema.factories = tuple([None if item.default_factory is MISSING else item.default_factory
                              for item in values])  # InitVars have none
    schema.noinit_defaulted = tuple([i for i in range(n) if not described[i].init
                                     and described[i].default is not MISSING])
    schema.natives = tuple([item.native for item in described])
    schema.param_name_tuple = tuple(spec.param_names)
    schema.param_names = PySequence_Fast_ITEMS(schema.param_name_tuple)
    _select_fields(schema, described)
    return schema


cdef void *_alloc_array(Py_ssize_t n, size_t size) except NULL:
    cdef void *array = PyMem_Malloc((n or 1) * size)
    if array == NULL:
        raise MemoryError()
    return array


cdef int _select_fields(_Schema schema, tuple described) except -1:
    """The fields that ==, ordering, hash and repr read, as field() chose them."""
    cdef Py_ssize_t i, n = schema.nfields
    schema.compared = <Py_ssize_t *>_alloc_array(n, sizeof(Py_ssize_t))
    schema.compared_offsets = <Py_ssize_t *>_alloc_array(n, sizeof(Py_ssize_t))
    schema.compared_kinds = <unsigned char *>_alloc_array(n, 1)
    schema.hashed = <Py_ssize_t *>_alloc_array(n, sizeof(Py_ssize_t))
    schema.shown = <Py_ssize_t *>_alloc_array(n, sizeof(Py_ssize_t))
    schema.ncompared = schema.nhashed = schema.nshown = 0
    labels = []
    for i in range(n):
        item = described[i]
        if item.compare:
            schema.compared[schema.ncompared] = i
            schema.compared_offsets[schema.ncompared] = schema.offsets[i]
            schema.compared_kinds[schema.ncompared] = schema.kinds[i]
            schema.ncompared += 1
        if item.compare if item.hash is None else item.hash:
            schema.hashed[schema.nhashed] = i
            schema.nhashed += 1
        if item.repr:
            labels.append(("(" if schema.nshown == 0 else ", ") + item.name + "=")
            schema.shown[schema.nshown] = i
            schema.nshown += 1
    schema.repr_labels = tuple(labels)
    return 0


cdef int _find_layout_slots(_Schema schema, PyTypeObject *cls) except -1:
    """Every object slot that the classes of *cls*'s layout (it and its bases, down to
    object) added: its fields' and a slotted base's, but not a weak reference list. The
    front end refuses any base whose instances hold data other than slots."""
    cdef PyTypeObject *tp
    cdef PyMemberDef *members
    cdef Py_ssize_t i, n = 0, weaklist = (<_TypeSlots *>cls).tp_weaklistoffset
    for step in range(2):  # count, then fill
        if step:
            schema.layout_offsets = <Py_ssize_t *>PyMem_Malloc((n or 1) * sizeof(Py_ssize_t))
            if schema.layout_offsets == NULL:
                raise MemoryError()
        n = 0
        tp = cls
        while tp != NULL:
            if (<_TypeSlots *>tp).tp_flags & _HEAPTYPE:
                members = slotrecord_members(tp)
                for i in range(Py_SIZE(<PyObject *>tp)):
                    if members[i].type == _MEMBER_OBJECT_EX and members[i].offset != weaklist:
                        if step:
                            schema.layout_offsets[n] = members[i].offset
                        n += 1
            tp = (<_TypeSlots *>tp).tp_base
    schema.nlayout = n
    return 0


cdef Py_ssize_t _field_offset(object cls, str name, int kind) except -1:
    """The offset of field *name* of *kind*: a slot, or a native field, wherever in the
    bases of *cls* it was laid out. The descriptor found must be one that a base of *cls*
    laid out, for a field of that kind: every read and write trusts the offset."""
    if kind == _OBJECT:
        return _member_offset(cls, name)
    cdef PyObject *descriptor = _PyType_Lookup(<PyTypeObject *>cls, name)  # borrowed
    cdef _NativeField native
    if descriptor != NULL and type(<object>descriptor) is _NativeField:
        native = <_NativeField>descriptor
        if native.kind == kind and PyType_IsSubtype(<PyTypeObject *>cls,
                                                    <PyTypeObject *>native.owner):
            return native.offset
    raise TypeError(f"{name!r} of {cls.__name__} is not a native field it laid out")


cdef Py_ssize_t _member_offset(object cls, str name) except -1:
    """The offset of slot *name*, wherever in the bases of *cls* it was laid out."""
    cdef PyObject *descriptor = _PyType_Lookup(<PyTypeObject *>cls, name)  # borrowed
    cdef PyMemberDescrObject *member = <PyMemberDescrObject *>descriptor
    if (descriptor == NULL or descriptor.ob_type != &PyMemberDescr_Type
            or member.d_member.type != _MEMBER_OBJECT_EX
            or not PyType_IsSubtype(<PyTypeObject *>cls, member.d_common.d_type)):
        raise TypeError(f"{name!r} of {cls.__name__} is not a slot it laid out")
    return member.d_member.offset


@cython.auto_pickle(False)  # record types pickle by reference, as every class does
@cython.no_gc_clear
cdef class _RecordTypeBase(type):
    """The C half of the metaclass of record types: a ``type`` that carries its record's
    ``_Schema``. ``_RecordMeta`` below adds the class-statement half."""

    # Owned, and NULL until _complete_type sets it, once. A raw pointer: that happens
    # while type.__new__ runs, before Cython's tp_new would initialise an object attribute.
    cdef PyObject *schema
    # Set last by _complete_type for a type whose records have a __dict__, which keeps
    # CPython's own life cycle (see _is_complete).
    cdef bint complete_with_dict

    def __cinit__(self, *args, **kwargs):
        # A type made by calling this C half directly (no completion) has no schema, so no
        # layout for records: it stays immutable, so that CPython refuses to move a record
        # into it by assigning __class__.
        if self.schema == NULL:
            (<_TypeSlots *><PyObject *>self).tp_flags |= _IMMUTABLE_TYPE

    def __dealloc__(self):
        cdef PyObject *schema = self.schema
        self.schema = NULL
        Py_XDECREF(schema)


cdef traverseproc _type_traverse = (<_TypeSlots *>type).tp_traverse


cdef int _record_type_traverse(PyObject *cls, visitproc visit, void *arg) noexcept:
    """A record type's tp_traverse: type's, and the schema, which Cython does not know
    of (a default or default_factory there may refer back to the type)."""
    cdef int result = _type_traverse(cls, visit, arg)
    cdef PyObject *schema = (<_RecordTypeBase>cls).schema
    if result == 0 and schema != NULL:
        result = visit(schema, arg)
    return result


# Clear as type does, never the schema (a dying record reads its layout from its type);
# traverse the schema too.
(<_TypeSlots *>_RecordTypeBase).tp_clear = (<_TypeSlots *>type).tp_clear
(<_TypeSlots *>_RecordTypeBase).tp_traverse = _record_type_traverse


# A record type is complete, a type with a schema every method may read, exactly when its
# deallocator is _record_dealloc: _complete_type sets the schema first and installs that
# last, and CPython gives any other class, a subclass too, a deallocator of its own. One
# comparison, where isinstance() would prove nothing (class Y(int, _RecordBase) is one).
# Records with a __dict__ (a base's instances have one) are freed, traversed and cleared
# by CPython's own functions, which know where this Python keeps the dict: their type is
# complete when its metaclass's flag says so, set as last by _complete_type.

cdef inline bint _is_complete(PyTypeObject *tp) noexcept:
    return (<_TypeSlots *>tp).tp_dealloc == _record_dealloc or (
        (<_TypeSlots *>tp).tp_dictoffset != 0 and _is_complete_with_dict(tp))


cdef bint _is_complete_with_dict(PyTypeObject *tp) noexcept:
    return (PyObject_TypeCheck(<object>tp, <PyTypeObject *>_RecordTypeBase)
            and (<_RecordTypeBase>tp).complete_with_dict)


cdef inline PyObject *_schema_ptr(PyObject *cls) noexcept:
    """The schema of complete record type *cls*, borrowed."""
    return (<_RecordTypeBase>cls).schema


cdef inline _Schema _schema_of(object record):
    """The schema of *record*'s type, or TypeError if that is no complete record type."""
    cdef PyObject *tp = <PyObject *>(<PyObject *>record).ob_type
    if not _is_complete(<PyTypeObject *>tp):
        _raise_not_a_record_type(type(record))
    return <_Schema>_schema_ptr(tp)


cdef int _raise_not_a_record_type(object cls) except -1:
    raise TypeError(not_a_record_type_message(cls))


cdef inline PyObject *_layout_schema(PyTypeObject *tp) noexcept:
    """The schema that lays out records of type *tp*, for the deallocator and the
    collector: *tp*'s own, or for a subclass never completed (made by calling the
    metaclass's C half), that of its nearest record base, whose layout it extends."""
    while tp != NULL and not _is_complete(tp):
        tp = (<_TypeSlots *>tp).tp_base
    return _schema_ptr(<PyObject *>tp) if tp != NULL else NULL


# ---------------------------------------------------------------------------------------
# Construction: validate every argument first, so no record is allocated for a call that
# fails, then allocate and store. The errors are those of the equivalent dataclass.

# What the tp_init and tp_new of a record class are, unless the class (or a base) was
# given an __init__ or __new__ after it was made: the record base's (set below).
cdef void *_record_init = NULL
cdef void *_record_new = NULL
cdef dict _RECORD_METHODS = None  # the record base's methods, for each class's namespace
cdef dict _OBJECT_COMPARISONS = None  # object's comparison methods, by name
cdef richcmpfunc _record_richcompare = NULL  # the record base's comparison slot


cdef object _record_vectorcall(PyObject *cls, PyObject **args, size_t nargsf,
                               PyObject *kwnames):
    # The caller holds the type, and the type its schema: both are borrowed. Only
    # complete types are given this function; the test costs nothing and proves it.
    cdef _TypeSlots *tp = <_TypeSlots *>cls
    if tp.tp_init != _record_init or tp.tp_new != _record_new or tp.tp_flags & _ABSTRACT:
        # One set since it was made, or abstract methods (which tp_new refuses).
        return _call_as_type(cls, args, nargsf, kwnames)
    if not _is_complete(<PyTypeObject *>cls):
        _raise_not_a_record_type(<object>cls)
    return _call_record_type(<object>cls, <_Schema>_schema_ptr(cls), args, nargsf, kwnames)


cdef object _call_as_type(PyObject *cls, PyObject **args, size_t nargsf, PyObject *kwnames):
    """Call *cls* as its metaclass's tp_call does without this vectorcall: for a class
    given an __init__ or __new__ after it was made (on itself or a base), which runs."""
    cdef Py_ssize_t i, nargs = PyVectorcall_NARGS(nargsf)
    cdef tuple positional = PyTuple_New(nargs)
    for i in range(nargs):
        _put_piece(positional, i, <object>args[i])
    keywords = None
    if kwnames != NULL:
        keywords = {}
        for i in range(PyTuple_GET_SIZE(kwnames)):
            PyDict_SetItem(keywords, PyTuple_GET_ITEM(kwnames, i), args[nargs + i])
    cdef ternaryfunc call = (<_TypeSlots *>cls.ob_type).tp_call
    return call(cls, <PyObject *>positional, <PyObject *>keywords if keywords else NULL)


cdef object _call_record_type(object cls, _Schema schema, PyObject **args, size_t nargsf,
                              PyObject *kwnames):
    cdef Py_ssize_t nargs = PyVectorcall_NARGS(nargsf)
    cdef PyObject *stack_values[_STACK_VALUES]
    if kwnames == NULL and nargs == schema.ndirect:
        return _construct(cls, schema, args)  # every field, in order: nothing to bind
    if schema.nvalues > _STACK_VALUES or schema.has_factories:
        return _call_with_buffer(cls, schema, args, nargs, kwnames)
    memset(stack_values, 0, schema.nvalues * sizeof(PyObject *))
    _collect_args(schema, args, nargs, kwnames, args + nargs, stack_values, NULL)
    return _construct(cls, schema, stack_values)


cdef object _call_with_buffer(object cls, _Schema schema, PyObject **args, Py_ssize_t nargs,
                              PyObject *kwnames):
    """_call_record_type for many fields or default factories: the values in a buffer,
    and after them what the factories made, owned there, where no code of the user's can
    reach them (gc.get_objects() finds any list), until the record holds them."""
    cdef PyObject **values = _alloc_values(2 * schema.nvalues)
    try:
        _collect_args(schema, args, nargs, kwnames, args + nargs, values,
                      values + schema.nvalues)
        return _construct(cls, schema, values)
    finally:
        _free_values(values, schema.nvalues)


cdef object _construct(object cls, _Schema schema, PyObject **values):
    """What calling *cls* makes of *values* (its fields' values, then its InitVars'): the
    new record, after its __post_init__."""
    if not schema.post_init:
        return _new_record(cls, schema, values)
    record = _new_record(cls, schema, values)
    _post_init(record, schema, values)
    return record


cdef int _post_init(object record, _Schema schema, PyObject **values) except -1:
    """Call record.__post_init__ with the InitVars' values, as a dataclass's __init__ does."""
    cdef Py_ssize_t i, n = schema.nvalues - schema.nfields
    if n == 0:
        record.__post_init__()
        return 0
    cdef tuple initvars = PyTuple_New(n)
    for i in range(n):
        _put_piece(initvars, i, <object>values[schema.nfields + i])
    record.__post_init__(*initvars)
    return 0


cdef PyObject **_alloc_values(Py_ssize_t n) except NULL:
    cdef PyObject **values = <PyObject **>PyMem_Malloc((n or 1) * sizeof(PyObject *))
    if values == NULL:
        raise MemoryError()
    memset(values, 0, n * sizeof(PyObject *))
    return values


cdef void _free_values(PyObject **values, Py_ssize_t nborrowed) noexcept:
    """Free a buffer of _alloc_values(2 * nborrowed): borrowed values, then owned ones."""
    _release_values(values + nborrowed, nborrowed)
    PyMem_Free(values)


cdef void _release_values(PyObject **values, Py_ssize_t n) noexcept:
    """Release the *n* owned references at *values* (NULL where there is none)."""
    cdef Py_ssize_t i
    for i in range(n):
        Py_XDECREF(values[i])


cdef object _new_record(object cls, _Schema schema, PyObject **values):
    """A new record of type *cls* holding *values* (borrowed), one per field. The values
    of native fields are converted first, so that one that does not fit raises before
    the record exists."""
    cdef uint64_t stack_raw[_STACK_NATIVES]
    cdef uint64_t *raw
    if schema.nnatives <= _STACK_NATIVES:
        if schema.nnatives:
            _convert_natives(cls, schema, values, stack_raw)
        return _fill_record(cls, schema, values, stack_raw)
    raw = <uint64_t *>PyMem_Malloc(schema.nnatives * sizeof(uint64_t))
    if raw == NULL:
        raise MemoryError()
    try:
        _convert_natives(cls, schema, values, raw)
        return _fill_record(cls, schema, values, raw)
    finally:
        PyMem_Free(raw)


cdef inline int _convert_natives(object cls, _Schema schema, PyObject **values,
                                 uint64_t *raw) except -1:
    """Put the raw value of each native field in *raw*, in the order of native_fields."""
    cdef Py_ssize_t i, j
    for j in range(schema.nnatives):
        i = schema.native_fields[j]
        if not _store_native(<char *>&raw[j], schema.kinds[i], values[i]):
            _store_converted(<char *>&raw[j], schema.kinds[i], schema.natives[i],
                             <object>values[i], cls, schema.names[i])
    return 0


cdef inline object _fill_record(object cls, _Schema schema, PyObject **values,
                                const uint64_t *raw):
    """A new record of type *cls* with its object fields *values* and its native fields
    *raw*, which cannot fail once allocated."""
    cdef PyTypeObject *tp = <PyTypeObject *>cls
    cdef PyObject *obj = _alloc_record(tp, <PyObject *>cls == schema.record_type)
    cdef Py_ssize_t i, j
    if schema.may_be_unset:  # a field with init=False and no default stays NULL
        for j in range(schema.nobjects):
            i = schema.object_fields[j]
            Py_XINCREF(values[i])
            _slot(obj, schema.object_offsets[j])[0] = values[i]
    else:
        for j in range(schema.nobjects):
            i = schema.object_fields[j]
            slotrecord_incref(values[i])
            _slot(obj, schema.object_offsets[j])[0] = values[i]
    for j in range(schema.nnatives):
        i = schema.native_fields[j]
        _copy_raw(<char *>obj + schema.offsets[i], &raw[j], schema.kinds[i])
    if PyType_IS_GC(tp):
        PyObject_GC_Track(obj)
    return slotrecord_new_ref(obj)  # the allocation's reference is the one returned


cdef PyObject *_alloc_record(PyTypeObject *tp, bint exact) except NULL:
    """A new record of type *tp*, untracked, its fields zero (a new reference)."""
    cdef PyObject *obj = _take_recycled(tp) if exact else NULL
    if obj != NULL:
        PyObject_Init(obj, tp)
    elif not exact:  # a subclass may carry a __dict__ or slots of its own: the generic way
        obj = PyType_GenericAlloc_raw(tp, 0)
        if obj != NULL and PyType_IS_GC(tp):
            PyObject_GC_UnTrack(obj)  # tracked again once its fields are stored
        return obj
    elif PyType_IS_GC(tp):
        obj = _PyObject_GC_New_raw(tp)
    else:
        obj = _PyObject_New_raw(tp)
    if obj != NULL:  # _PyObject_*New leave the body as malloc gave it: the weakref slot too
        memset(<char *>obj + sizeof(PyObject), 0,
               (<_TypeSlots *>tp).tp_basicsize - sizeof(PyObject))
    return obj


cdef int _collect_args(_Schema schema, PyObject **args, Py_ssize_t nargs, PyObject *kwnames,
                       PyObject **kwvalues, PyObject **values, PyObject **made) except -1:
    """Put each argument in *values* (borrowed, by value index), as CPython binds the
    arguments of a Python function: keywords, then the positional count, then defaults,
    then (once every argument is known to be there) the default factories, whose results
    *made* owns (by value index; NULL where the type has no factories). Fields that are
    no parameter take their defaults."""
    cdef Py_ssize_t p, i, j, hint = 0
    cdef Py_ssize_t npositional = schema.npositional
    cdef Py_ssize_t nkeywords = PyTuple_GET_SIZE(kwnames) if kwnames != NULL else 0
    for p in range(min(nargs, npositional)):
        values[schema.params[p]] = args[p]
    if kwnames != NULL:
        for j in range(nkeywords):
            p = _find_param(schema, PyTuple_GET_ITEM(kwnames, j), hint)
            if p < 0:
                _raise_unknown_keyword(schema, <object>PyTuple_GET_ITEM(kwnames, j), p)
            i = schema.params[p]
            if values[i] != NULL:
                _raise_multiple_values(schema, <object>PyTuple_GET_ITEM(kwnames, j))
            values[i] = kwvalues[j]
            hint = p + 1
    if nargs > npositional:
        _raise_too_many_positional(schema, nargs, values)
    # Each argument bound a parameter of its own (a second one for a parameter raised
    # above), so some parameter is unbound exactly when there are fewer arguments.
    cdef bint unbound = nargs + nkeywords < schema.nparams
    if unbound:
        _fill_defaults(schema, values, 0, npositional, "positional")
        _fill_defaults(schema, values, npositional, schema.nparams, "keyword-only")
    if schema.has_noinit:
        _fill_noinit_defaults(schema, values)
    if schema.has_factories and (unbound or schema.has_noinit):
        _call_factories(schema, values, made)
    return 0


cdef enum:
    _UNKNOWN = -1  # what _find_param returns for a keyword that names no parameter
    _SELF = -2     # and for one that names __init__'s self, a str subclass's __eq__ says


cdef inline Py_ssize_t _find_param(_Schema schema, PyObject *name, Py_ssize_t hint) except? -3:
    """The parameter index of keyword *name*, or _UNKNOWN or _SELF. Keywords usually come
    in field order and interned, so the search starts after the last match and by
    identity; then, as CPython binds a Python function's keywords, by ==."""
    cdef Py_ssize_t p, n = schema.nparams
    for p in range(hint, n):
        if schema.param_names[p] == name:
            return p
    for p in range(hint):
        if schema.param_names[p] == name:
            return p
    if PyUnicode_CheckExact(name):  # == of two exact strs: their contents, no code runs
        for p in range(n):
            if <str>schema.param_names[p] == <str>name:
                return p
        return _UNKNOWN
    return _find_param_by_eq(schema, <object>name)


cdef Py_ssize_t _find_param_by_eq(_Schema schema, object name) except? -3:
    """What CPython's own binding finds for a keyword that is a str subclass: the first
    of self and the parameters, in order, that *name* == (which may run its __eq__)."""
    cdef Py_ssize_t p
    param_names = schema.param_name_tuple  # held: __eq__ may run any code
    if PyObject_RichCompareBool(<PyObject *>name, <PyObject *>schema.spec.self_name, _Py_EQ):
        return _SELF
    for p in range(len(param_names)):
        if PyObject_RichCompareBool(<PyObject *>name, PyTuple_GET_ITEM(<PyObject *>param_names, p),
                                    _Py_EQ):
            return p
    return _UNKNOWN


cdef int _fill_defaults(_Schema schema, PyObject **values, Py_ssize_t start, Py_ssize_t stop,
                        str kind) except -1:
    cdef Py_ssize_t p, i
    cdef list missing = None
    for p in range(start, stop):
        i = schema.params[p]
        if values[i] != NULL:
            continue
        default = schema.defaults[i]
        if default is not MISSING:
            values[i] = <PyObject *>default  # borrowed from schema.defaults
        elif schema.factories[i] is not None:
            continue  # called by _call_factories, once nothing is missing
        elif missing is None:
            missing = [schema.names[i]]
        else:
            missing.append(schema.names[i])
    if missing is not None:
        raise TypeError(_missing_message(schema.spec.init_qualname, kind, missing))
    return 0


cdef int _fill_noinit_defaults(_Schema schema, PyObject **values) except -1:
    cdef Py_ssize_t i
    for i in schema.noinit_defaulted:
        values[i] = <PyObject *>schema.defaults[i]  # borrowed from schema.defaults
    return 0


cdef int _call_factories(_Schema schema, PyObject **values, PyObject **made) except -1:
    cdef Py_ssize_t i
    for i in range(schema.nfields):  # in field order, as a dataclass's __init__ calls them
        if values[i] == NULL and schema.factories[i] is not None:
            result = schema.factories[i]()
            Py_INCREF(result)
            made[i] = values[i] = <PyObject *>result
    return 0


cdef str _missing_message(str qualname, str kind, list names):
    cdef Py_ssize_t n = len(names)
    quoted = [repr(name) for name in names]
    if n == 1:
        listed = quoted[0]
    elif n == 2:
        listed = f"{quoted[0]} and {quoted[1]}"
    else:
        listed = ", ".join(quoted[:n - 1]) + f", and {quoted[n - 1]}"
    plural = "s" if n != 1 else ""
    return f"{qualname}() missing {n} required {kind} argument{plural}: {listed}"


cdef int _raise_too_many_positional(_Schema schema, Py_ssize_t nargs,
                                    PyObject **values) except -1:
    # Counts include ``self``, as CPython's message for a Python __init__ does.
    cdef Py_ssize_t p, most = schema.npositional + 1, given = nargs + 1
    cdef Py_ssize_t kwonly_given = 0
    cdef Py_ssize_t with_default = 0
    for p in range(schema.npositional, schema.nparams):
        kwonly_given += values[schema.params[p]] != NULL
    for p in range(schema.npositional):
        with_default += (schema.defaults[schema.params[p]] is not MISSING
                         or schema.factories[schema.params[p]] is not None)
    if with_default:
        takes = f"from {most - with_default} to {most} positional arguments"
    else:
        takes = f"{most} positional argument{'s' if most != 1 else ''}"
    if kwonly_given:
        given_text = (f"{given} positional argument{'s' if given != 1 else ''} (and "
                      f"{kwonly_given} keyword-only argument{'s' if kwonly_given != 1 else ''})"
                      " were")
    else:
        given_text = f"{given} {'was' if given == 1 else 'were'}"
    raise TypeError(f"{schema.spec.init_qualname}() takes {takes} but {given_text} given")


cdef int _raise_unknown_keyword(_Schema schema, object name, Py_ssize_t found) except -1:
    if not isinstance(name, str):
        raise TypeError(f"{schema.spec.init_qualname}() keywords must be strings")
    # A dataclass's __init__ binds self to the instance: a second value for it.
    if found == _SELF or (PyUnicode_CheckExact(<PyObject *>name)
                          and PyUnicode_Compare(name, schema.spec.self_name) == 0):
        _raise_multiple_values(schema, name)
    raise TypeError(unexpected_keyword_message(schema.spec, str(name)))


cdef int _raise_multiple_values(_Schema schema, object name) except -1:
    # Named by the keyword as given, as CPython names it (str() of a str subclass).
    raise TypeError(f"{schema.spec.init_qualname}() got multiple values for argument "
                    f"'{str(name)}'")


cdef int _install_construction(object cls) except -1:
    """Give *cls* the C vectorcall, unless a custom __init__ or __new__ must run."""
    cdef _TypeSlots *tp = <_TypeSlots *>cls
    cdef _TypeSlots *base = <_TypeSlots *>_RecordBase
    cdef _TypeSlots *meta = <_TypeSlots *>(<PyObject *>cls).ob_type
    if _PyType_Lookup(<PyTypeObject *>cls, "__new__") == _base_new:
        # CPython gives a class the tp_new of its layout base, which for a mixin listed
        # first is object's: records are made (and unpickled) by the record base's own.
        tp.tp_new = base.tp_new
    if (tp.tp_init == base.tp_init and tp.tp_new == base.tp_new
            and (<_Schema>_schema_ptr(<PyObject *>cls)).spec.init):
        slotrecord_set_vectorcall(cls, _record_vectorcall)
    else:
        slotrecord_set_vectorcall(cls, NULL)
    # Before 3.12 a subclass of type does not inherit the flag that makes CPython call
    # tp_vectorcall at all: give it to the metaclass, whose offset of it is inherited,
    # unless the metaclass has a __call__ of its own, which calling a type must then run.
    if meta.tp_vectorcall_offset and meta.tp_call == <ternaryfunc>(<_TypeSlots *>type).tp_call:
        meta.tp_flags |= Py_TPFLAGS_HAVE_VECTORCALL
    return 0


cdef inline bint _called_by_vectorcall(object cls) noexcept:
    """Whether calling *cls* runs _record_vectorcall, as CPython decides it: its type
    calls through tp_vectorcall, which is that function (no __init__, __new__ or
    metaclass __call__ of the user's to honour)."""
    cdef _TypeSlots *tp = <_TypeSlots *><PyObject *>cls
    return ((<_TypeSlots *>(<PyObject *>cls).ob_type).tp_flags & Py_TPFLAGS_HAVE_VECTORCALL
            and slotrecord_get_vectorcall(cls) == <void *>_record_vectorcall
            and tp.tp_init == _record_init and tp.tp_new == _record_new)


# ---------------------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------------------
# Field access shared by the methods.

cdef inline object _get_field(object record, _Schema schema, Py_ssize_t i):
    """Field *i* of *record* as a new reference; AttributeError when it was deleted."""
    if schema.kinds[i] != _OBJECT:
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
    for j in range(n):  # a native field always holds a value
        i = indices[j]
        if schema.kinds[i] == _OBJECT and \
                _slot(<PyObject *>record, schema.offsets[i])[0] == NULL:
            _raise_unset(record, schema, i)
    return 0


cdef inline int _set_field(object record, _Schema schema, Py_ssize_t i,
                           object value) except -1:
    cdef char *place = <char *><PyObject *>record + schema.offsets[i]
    if schema.kinds[i] != _OBJECT:
        if not _store_native(place, schema.kinds[i], <PyObject *>value):
            _store_converted(place, schema.kinds[i], schema.natives[i], value, type(record),
                             schema.names[i])
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


cdef object _pickled_type(object cls, _Schema schema):
    """``pickled_type(cls)``, kept in the schema: the type, or what carries it by value.
    (The schema never holds the type itself, which would make a cycle no one clears.)"""
    if schema.by_value is None:
        named = pickled_type(cls)
        schema.by_value = False if named is cls else named
    return schema.by_value or cls


cdef tuple _field_tuple(object record, _Schema schema):
    cdef Py_ssize_t i
    cdef tuple values = PyTuple_New(schema.nfields)
    for i in range(schema.nfields):
        _put_piece(values, i, _get_field(record, schema, i))
    return values


cdef tuple _state_tuple(object record, _Schema schema):
    """The fields' values, with UNSET for an unset field where this Python's dataclasses
    copy and pickle one (see RecordSpec.keeps_unset); then, for a record with a
    __dict__, that dict (None when empty), as object's own state carries it."""
    cdef Py_ssize_t i
    cdef tuple values = PyTuple_New(schema.nfields + schema.has_dict)
    if schema.has_dict:
        _put_piece(values, schema.nfields, record.__dict__ or None)
    for i in range(schema.nfields):
        if (schema.keeps_unset and schema.kinds[i] == _OBJECT
                and _slot(<PyObject *>record, schema.offsets[i])[0] == NULL):
            _put_piece(values, i, UNSET)
        else:
            _put_piece(values, i, _get_field(record, schema, i))
    return values


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
        elif not _native_equal(x, y, kind):
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
    for j in range(schema.ncompared):
        if schema.compared_kinds[j] == _OBJECT and (
                _slot(<PyObject *>a, schema.compared_offsets[j])[0] == NULL
                or _slot(<PyObject *>b, schema.compared_offsets[j])[0] == NULL):
            _check_fields_set(a, schema, schema.compared, schema.ncompared)
            _check_fields_set(b, schema, schema.compared, schema.ncompared)
    return 0


cdef object _reduce(object record):
    """``__reduce__``: the type (or what carries it by value) and the field values, which
    unpickling gives to a blank record (neither __init__ nor __post_init__ runs, as for a
    dataclass)."""
    cdef _Schema schema = _schema_of(record)
    cls = type(record)
    named = _pickled_type(cls, schema)
    return (_newobj if named is cls else blank_record, (named,), _state_tuple(record, schema))


# ---------------------------------------------------------------------------------------
# The base of every record type: the methods, each a loop over the offsets.

@cython.auto_pickle(False)  # records pickle through __reduce__ below
cdef class _RecordBase:
    """The base of every record type made by this implementation."""

    def __cinit__(self, *args, **kwargs):
        # The vectorcall allocates without this: it makes the blank records of unpickling,
        # copy and cls.__new__(cls), of complete record types only.
        if not _is_complete((<PyObject *>self).ob_type):
            _raise_not_a_record_type(type(self))
        if (<_TypeSlots *>(<PyObject *>self).ob_type).tp_flags & _ABSTRACT:
            object.__new__(type(self))  # raises CPython's own error, naming the methods

    def __init__(self, *args, **kwargs):
        # Reached by a type whose __new__ or __init__ the class replaced, or by a call of
        # record.__init__: the values in a buffer, with what factories made (see
        # _call_with_buffer).
        _schema_of(self)  # raises unless the type is a complete record type
        cdef _Schema schema = _init_schema(type(self))
        if schema is None:  # no class up the MRO generated __init__ (init=False)
            object.__init__(self, *args, **kwargs)
        else:
            _init_record(self, schema, args, kwargs)

    def __repr__(self):
        # Product(id=1, name='x'): the type's name, then each field's label and value's
        # repr, copied end to end into one new str (no sequence to join).
        cdef _Schema schema = _schema_of(self)
        cdef Py_ssize_t i, made = 0, n = schema.nshown
        cdef PyObject *stack_pieces[2 * _STACK_VALUES + 2]
        cdef PyObject **pieces = stack_pieces
        if Py_ReprEnter(self):
            return "..."
        # Owned here: a value's repr may rename the type, dropping the old name.
        qualname = <object>(<_HeapType *>(<PyObject *>self).ob_type).ht_qualname
        try:
            if n > _STACK_VALUES:
                pieces = _alloc_values(2 * n + 2)
            pieces[0] = <PyObject *>qualname
            for i in range(n):
                pieces[2 * i + 1] = PyTuple_GET_ITEM(<PyObject *>schema.repr_labels, i)
                value_repr = repr(_get_field(self, schema, schema.shown[i]))
                Py_INCREF(value_repr)
                pieces[2 * i + 2] = <PyObject *>value_repr
                made += 1
            pieces[2 * n + 1 if n else 1] = <PyObject *>(")" if n else "()")
            return _concat(pieces, 2 * n + 2 if n else 2)
        finally:
            for i in range(made):
                Py_DECREF(<object>pieces[2 * i + 2])
            if pieces != stack_pieces:
                PyMem_Free(pieces)
            Py_ReprLeave(self)

    def __richcmp__(self, other, int op):
        # As the dataclass's methods: only records of the very same type compare; without
        # eq (or order) the operation is object's, as a dataclass inherits it (identity).
        cdef _Schema schema = _schema_of(self)
        if not (schema.order if op not in (_Py_EQ, _Py_NE) else schema.eq):
            return _object_richcompare(<PyObject *>self, <PyObject *>other, op)
        if op == _Py_NE and (<_TypeSlots *>(<PyObject *>self).ob_type).tp_richcompare \
                != _record_richcompare:
            # The class's own __eq__ (a body's, a mixin's): != is its negation, as object
            # makes it.
            return _object_richcompare(<PyObject *>self, <PyObject *>other, op)
        if type(other) is not type(self):
            return NotImplemented
        if op == _Py_EQ or op == _Py_NE:
            if self is other and _self_is_equal:
                return op == _Py_EQ
            return (_compare(self, other, schema, _Py_EQ) is True) == (op == _Py_EQ)
        return _compare(self, other, schema, op)

    def __hash__(self):
        # The hash of the tuple of the hashed fields, where dataclasses' table adds one
        # (frozen with eq, or unsafe_hash); else object's, as a class that inherits it.
        cdef _Schema schema = _schema_of(self)
        cdef Py_ssize_t i
        cdef Py_uhash_t lane, acc = SLOTRECORD_XXPRIME_5
        cdef bint checked = False  # whether every field is known to be set
        if not schema.hash_fields:
            return _object_hash(self)
        for i in range(schema.nhashed):
            lane = _field_hash(self, schema, schema.hashed[i], &checked)
            acc += lane * SLOTRECORD_XXPRIME_2
            acc = SLOTRECORD_XXROTATE(acc)
            acc *= SLOTRECORD_XXPRIME_1
        acc += <Py_uhash_t>schema.nhashed ^ (SLOTRECORD_XXPRIME_5 ^ 3527539UL)
        if acc == <Py_uhash_t>-1:
            return 1546275796
        return <Py_hash_t>acc

    def __reduce__(self):
        return _reduce(self)

    def __reduce_ex__(self, protocol):
        # What pickle and deepcopy call. object's own would look __reduce__ up on the
        # record and call it: here one cached look-up tells whether a class overrides it.
        # Anything else, a protocol that is no small int included, goes to object's.
        cdef long long small
        if (not PyLong_CheckExact(<PyObject *>protocol)
                or not slotrecord_small_int(<PyObject *>protocol, &small)):
            return _object_reduce_ex(self, protocol)
        if _PyType_Lookup((<PyObject *>self).ob_type, "__reduce__") != _base_reduce:
            # Protocols 0 and 1 as 2: copyreg's own way for them would make a state by
            # calling the record base (the first class not made at run time) on the record.
            return _object_reduce_ex(self, max(small, 2))
        return _reduce(self)

    def __setstate__(self, state):
        cdef _Schema schema = _schema_of(self)
        cdef Py_ssize_t i
        if "__getstate__" in schema.spec.body:  # the class's own state: as a dataclass
            _set_from_values(self, schema, state)  # takes it
            return
        if (type(state) is not tuple or len(state) != schema.nfields + schema.has_dict
                or schema.has_dict and not isinstance((<tuple>state)[-1], (dict, type(None)))):
            raise TypeError(bad_state_message(schema.spec, state))
        if schema.has_dict and (<tuple>state)[-1]:
            self.__dict__.update((<tuple>state)[-1])
        for i in range(schema.nfields):
            if (<tuple>state)[i] is not UNSET:
                _set_field(self, schema, i, (<tuple>state)[i])

    def __copy__(self):
        cdef _Schema schema = _schema_of(self)
        cdef Py_ssize_t i
        cls = type(self)
        copy = PyType_GenericAlloc(<PyTypeObject *>cls, 0)
        for i in range(schema.nfields):
            if (schema.keeps_unset and schema.kinds[i] == _OBJECT
                    and _slot(<PyObject *>self, schema.offsets[i])[0] == NULL):
                continue  # left unset, as copying the dataclass leaves it
            _set_field(copy, schema, i, _get_field(self, schema, i))
        if schema.has_dict:
            copy.__dict__.update(self.__dict__)
        return copy

    def __replace__(self, **changes):
        return _replace(self, _schema_of(self), changes)


cdef int _init_record(object record, _Schema schema, tuple args, dict kwargs) except -1:
    """What the generated __init__ of the type *schema* describes does to *record* (which
    may be of a subclass): bind the arguments, set the fields, call __post_init__. The
    values wait in a buffer, with what factories made (see _call_with_buffer)."""
    cdef Py_ssize_t i
    cdef PyObject **values = _alloc_values(2 * schema.nvalues)
    try:
        kwnames = tuple(kwargs) if kwargs else None
        kwvalues = tuple(kwargs.values()) if kwargs else ()
        _collect_args(schema, PySequence_Fast_ITEMS(args), len(args),
                      <PyObject *>kwnames if kwargs else NULL,
                      PySequence_Fast_ITEMS(kwvalues), values, values + schema.nvalues)
        for i in range(schema.nfields):
            if values[i] != NULL:  # a field with init=False and no default is left
                _set_field(record, schema, i, <object>values[i])
        if schema.post_init:
            _post_init(record, schema, values)
    finally:
        _free_values(values, schema.nvalues)
    return 0


cdef int _set_from_values(object record, _Schema schema, object state) except -1:
    """Set the fields, in order, from the values *state* holds (as many as there are), as
    a frozen slotted dataclass's __setstate__ takes what its class's __getstate__ gave."""
    cdef Py_ssize_t i = 0
    for value in state:
        if i == schema.nfields:
            break
        _set_field(record, schema, i, value)
        i += 1
    return 0


cdef _Schema _init_schema(object cls):
    """The schema of the class whose generated __init__ a lookup of __init__ on *cls*
    finds (the class itself, or with init=False a base's), or None: then object's."""
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        if type(init) is not _GeneratedMethod or not _is_complete(<PyTypeObject *>klass):
            return None
        return <_Schema>_schema_ptr(<PyObject *>klass)
    return None


# The generated methods that are named for their class (as dataclasses name theirs), and
# the signatures they show.
_NAMED_METHODS = {"__init__": None, "__repr__": "self", "__hash__": "self",
                  "__eq__": "self, other", "__lt__": "self, other", "__le__": "self, other",
                  "__gt__": "self, other", "__ge__": "self, other"}


@cython.final
@cython.auto_pickle(False)
cdef class _GeneratedMethod:
    """A generated method in a record type's own namespace, named for the type as
    dataclasses name theirs (``Product.__eq__.__qualname__ == "Product.__eq__"``), with
    its signature and annotations. The type's C slot runs the record base's code
    directly (_install_slots); this object serves look-ups and calls by name
    (``Product.__eq__(a, b)``, ``super().__init__(...)``)."""

    cdef readonly str name
    cdef object spec
    cdef object base_method  # the record base's own method of that name

    def __init__(self, str name, spec, base_method):
        if (type(spec) is not RecordSpec or name not in _NAMED_METHODS
                or base_method is not _RECORD_METHODS[name]):
            raise TypeError("generated methods are made by slotrecord, for a record type")
        self.name = name
        self.spec = spec
        self.base_method = base_method

    @property
    def __name__(self):
        return self.name

    @property
    def __qualname__(self):
        return f"{self.spec.qualname}.{self.name}"

    @property
    def __module__(self):
        return self.spec.module

    @property
    def __globals__(self):
        """The module's namespace, where typing.get_type_hints resolves annotations."""
        module = sys.modules.get(self.spec.module)
        return getattr(module, "__dict__", {})

    @property
    def __annotations__(self):
        if self.name != "__init__":
            return {}
        described = self.spec.fields + self.spec.initvars
        annotations = {described[i].name: described[i].type for i in self.spec.params}
        annotations["return"] = None
        return annotations

    @property
    def __signature__(self):
        from inspect import Parameter, Signature

        if self.name == "__init__":
            signature = init_signature(self.spec)
            first = Parameter(self.spec.self_name, Parameter.POSITIONAL_OR_KEYWORD)
            return signature.replace(parameters=[first, *signature.parameters.values()])
        return Signature([Parameter(name.strip(), Parameter.POSITIONAL_OR_KEYWORD)
                          for name in _NAMED_METHODS[self.name].split(",")])

    def __get__(self, instance, owner):
        return self if instance is None else PyMethod_New(self, instance)

    def __call__(self, *args, **kwargs):
        if self.name != "__init__":
            return self.base_method(*args, **kwargs)
        if not args:
            raise TypeError(f"{self.__qualname__}() missing 1 required positional argument: "
                            f"'{self.spec.self_name}'")
        record = args[0]
        _schema_of(record)  # raises unless it is a record of a complete type
        _init_record(record, _owner_schema(self, type(record)), args[1:], kwargs)

    def __repr__(self):
        return f"<function {self.__qualname__} at {id(self):#x}>"


cdef _GeneratedMethod _generated_method(str name, object spec):
    """_GeneratedMethod(name, spec, ...) for a type being built, without the checks of its
    __init__ (which only a user's call needs)."""
    cdef _GeneratedMethod method = _GeneratedMethod.__new__(_GeneratedMethod)
    method.name = name
    method.spec = spec
    method.base_method = _RECORD_METHODS[name]
    return method


cdef _Schema _owner_schema(_GeneratedMethod method, object cls):
    """The schema of the class among *cls* and its bases whose namespace holds *method*."""
    for klass in cls.__mro__:
        if klass.__dict__.get(method.name) is method and _is_complete(<PyTypeObject *>klass):
            return <_Schema>_schema_ptr(<PyObject *>klass)
    raise TypeError(f"{method.__qualname__}() requires a record of its own class, not "
                    f"{cls.__qualname__}")


def _getstate(self):
    """The fields' values, as a frozen slotted dataclass's __getstate__ gives them to the
    __setstate__ of its class."""
    return list(_field_tuple(self, _schema_of(self)))


def _init_record_subclass(cls, **kwargs):
    check_record_subclass(cls)
    super(_RecordBase, cls).__init_subclass__(**kwargs)


# Cython cannot define __init_subclass__ in an extension type: it goes in the type's dict.
_init_subclass = classmethod(_init_record_subclass)
PyDict_SetItem(<object>(<_TypeSlots *>_RecordBase).tp_dict, <PyObject *>"__init_subclass__",
               <PyObject *>_init_subclass)
PyType_Modified(<PyTypeObject *>_RecordBase)


# ---------------------------------------------------------------------------------------
# Building a type.

def _build_type(spec, body=None, meta=None):
    """The record type *spec* describes, with the class body *body*, if any."""
    namespace = class_namespace(spec, body, _complete_type)
    for name in generated_methods(spec):
        if name not in namespace or name == "__hash__":  # a method the class body wrote
            # stays (a __hash__ there is Python's None, which the hash rules override).
            # The base's own descriptor (CPython maps a slot wrapper back to its C slot),
            # or one named for the class, whose slot _install_slots sets.
            if name in _NAMED_METHODS:
                namespace[name] = _generated_method(name, spec)
            else:
                namespace[name] = _RECORD_METHODS[name]
    if not spec.tracked or _has_natives(spec):
        # CPython lays out the object fields as slots; the native ones follow, laid out
        # by _complete_type. A record without the GC header keeps its weak references in
        # a slot of its own.
        namespace["__slots__"] = tuple([
            _WEAKREF_SLOT if name == "__weakref__" and not spec.tracked else name
            for name in spec.slots if _native_of(spec, name) is None])
    return _RecordTypeBase.__new__(meta or _RecordMeta, spec.typename, _record_bases(spec),
                                   namespace)


def _complete_type(cls, spec):
    """Make *cls*, whose slots type.__new__ has just laid out, a record type: its native
    fields, its schema, the slots of its life cycle and construction. Called from there,
    before any hook of the user's (see the front end's Completion); it trusts nothing of
    what it is given but what it checks here."""
    cdef _TypeSlots *tp = <_TypeSlots *><PyObject *>cls
    if not (isinstance(cls, _RecordTypeBase) and tp.tp_flags & _HEAPTYPE
            and tp.tp_flags & _READY and (<_RecordTypeBase>cls).schema == NULL):
        raise TypeError(f"{cls!r} is not a record type being made")
    natives = [name for name in spec.slots if _native_of(spec, name) is not None]
    if natives:
        _lay_out_native_fields(cls, natives, spec)
    if _WEAKREF_SLOT in cls.__dict__:
        _install_weakref_slot(cls)
    if (tp.tp_dictoffset != 0) != spec.has_dict:
        raise TypeError(f"{cls!r} is not laid out as its record description says")
    schema = _make_schema(cls, spec)
    Py_INCREF(schema)  # owned by the type from here on, and never replaced
    (<_RecordTypeBase>cls).schema = <PyObject *>schema
    if not schema.has_dict:  # else CPython's own life cycle stays (see _is_complete)
        # A slotted base's object slots need the collector, even if every field is native.
        _install_life_cycle(cls, spec.tracked or (spec.gc and schema.nlayout > 0)
                            or _keeps_gc_header(cls, spec))
    if cls.__dict__["__slots__"] is not spec.slots:  # as the pure-Python class reports them
        type.__setattr__(cls, "__slots__", spec.slots)
    _install_slots(cls)
    _install_construction(cls)
    _install_richcompare(cls)
    (<_RecordTypeBase>cls).complete_with_dict = schema.has_dict
    PyType_Modified(<PyTypeObject *>cls)


_COMPARISONS = ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__")


cdef int _install_slots(object cls) except -1:
    """Give *cls* the record base's C slot for each generated method its namespace holds:
    CPython gave it the generic slot, which looks the method up by name and calls it."""
    cdef _TypeSlots *tp = <_TypeSlots *><PyObject *>cls
    cdef _TypeSlots *base = <_TypeSlots *>_RecordBase
    namespace = cls.__dict__
    if type(namespace.get("__init__")) is _GeneratedMethod:
        tp.tp_init = base.tp_init
    if type(namespace.get("__repr__")) is _GeneratedMethod:
        tp.tp_repr = base.tp_repr
    if type(namespace.get("__hash__")) is _GeneratedMethod:
        tp.tp_hash = base.tp_hash
    return 0


cdef int _install_richcompare(object cls) except -1:
    """Give *cls* the record base's comparison slot where each of the six comparisons is
    the record base's or object's (the record's comparison does what object's would where
    the type has no such method): CPython would use its generic slot, which looks each
    method up by name, unless all six were the same."""
    cdef PyObject *found
    for name in _COMPARISONS:
        found = _PyType_Lookup(<PyTypeObject *>cls, name)
        if (found != <PyObject *>_RECORD_METHODS[name]
                and found != <PyObject *>_OBJECT_COMPARISONS[name]
                and (found == NULL or found.ob_type != <PyTypeObject *>_GeneratedMethod)):
            return 0
    (<_TypeSlots *><PyObject *>cls).tp_richcompare = _record_richcompare
    return 0


cdef object _native_of(object spec, str name):
    for field in spec.fields:
        if field.name == name:
            return field.native
    return None


cdef bint _has_natives(object spec):
    for field in spec.fields:
        if field.native is not None:
            return True
    return False


cdef int _lay_out_native_fields(object cls, list names, object spec) except -1:
    """Lay out the native fields *names* after everything else in a *cls* record, widest
    first (so that each is aligned to its size with no padding), each behind a
    ``_NativeField``; the record grows by their size, rounded up to a pointer's."""
    cdef _TypeSlots *tp = <_TypeSlots *><PyObject *>cls
    cdef Py_ssize_t offset = tp.tp_basicsize
    cdef _NativeField descriptor
    # No lambda for the key: Cython 3.3 leaks a reference to its function type per closure.
    widest_first = sorted([(-_kind_size(_KINDS[_native_of(spec, name).name]), i, name)
                           for i, name in enumerate(names)])
    for _, _, name in widest_first:
        descriptor = _NativeField.__new__(_NativeField)
        descriptor.owner = cls
        descriptor.name = name
        descriptor.native = _native_of(spec, name)
        descriptor.kind = _KINDS[descriptor.native.name]
        descriptor.size = _kind_size(descriptor.kind)
        descriptor.offset = (offset + descriptor.size - 1) // descriptor.size * descriptor.size
        offset = descriptor.offset + descriptor.size
        type.__setattr__(cls, name, descriptor)
    tp.tp_basicsize = (offset + sizeof(void *) - 1) // sizeof(void *) * sizeof(void *)
    return 0


cdef void _make_mutable(object cls) noexcept:
    """Undo what _RecordTypeBase.__cinit__ does to a type made without a schema."""
    (<_TypeSlots *><PyObject *>cls).tp_flags &= ~(<unsigned long>_IMMUTABLE_TYPE)


def _record_bases(spec):
    if not spec.bases:
        return (Record,)
    if any([isinstance(base, _RecordMeta) for base in spec.bases]):
        return spec.bases
    return (*spec.bases, Record)


class _RecordMeta(RecordMeta, _RecordTypeBase):
    __slots__ = ()
    _build_type = staticmethod(_build_type)


_record_init = (<_TypeSlots *>_RecordBase).tp_init
_record_new = (<_TypeSlots *>_RecordBase).tp_new
cdef PyObject *_base_reduce = _PyType_Lookup(<PyTypeObject *>_RecordBase, "__reduce__")
cdef PyObject *_base_new = _PyType_Lookup(<PyTypeObject *>_RecordBase, "__new__")

# The methods each record class gets in its own namespace (generated_methods). Those a
# class may lack (a deleted one, __hash__ without eq, ordering without order) leave the
# record base's dict, so that the class finds object's, as the pure-Python class does
# (functools.total_ordering looks for them); __init__, __eq__ and __ne__ stay.
_RECORD_METHODS = dict(_RecordBase.__dict__, __getstate__=_getstate)
_OBJECT_COMPARISONS = {name: object.__dict__[name] for name in _COMPARISONS}
_record_richcompare = (<_TypeSlots *>_RecordBase).tp_richcompare
for _name in ("__repr__", "__hash__", "__reduce__", "__setstate__", "__copy__", "__replace__",
              "__lt__", "__le__", "__gt__", "__ge__"):
    PyDict_DelItem(<object>(<_TypeSlots *>_RecordBase).tp_dict, <PyObject *>_name)
PyType_Modified(<PyTypeObject *>_RecordBase)
Record = _RecordTypeBase.__new__(_RecordMeta, "Record", (_RecordBase,), root_namespace(__name__))
# Schema-less, yet mutable as every base class: a record without fields matches its layout
# and may be moved into it, after which every method refuses it (see _is_complete).
_make_mutable(Record)
make_record = record_factory(_build_type)
dataclass, make_dataclass = dataclass_factory(_RecordMeta)


def _reduce_record_type(cls):
    """The ``copyreg`` reducer of record types: by name, in C, for a type already known to
    be importable (every pickle of its records names it); else the front end decides."""
    cdef PyObject *schema = (<_RecordTypeBase>cls).schema
    if schema != NULL and (<_Schema>schema).by_value is False:
        return cls.__qualname__
    return reduce_type(cls)


copyreg.pickle(_RecordMeta, _reduce_record_type)  # a record type pickles as its records do


# ---------------------------------------------------------------------------------------
# Module-level helpers.

cdef inline PyObject *_record_schema(object record, str function) except NULL:
    """The schema of *record*'s type, borrowed (for functions that run no code of the
    user's, which could change the record's type), or TypeError if it is no record."""
    if not _is_complete((<PyObject *>record).ob_type):
        raise TypeError(not_a_record_message(function, record))
    return _schema_ptr(<PyObject *>(<PyObject *>record).ob_type)


# asdict and astuple are builtin functions, called as msgspec's are (a Cython function
# costs ~6 ns more a call); their signatures are written for inspect, as Argument Clinic's.
@cython.binding(False)
@cython.embedsignature(False)
def asdict(record, /):
    """asdict(record, /)
--

Return a new dict of the record's fields, in field order (shallow)."""
    return _asdict(record, <_Schema>_record_schema(record, "asdict"))


cdef dict _asdict(object record, _Schema schema):
    cdef Py_ssize_t i
    cdef dict result = {}  # not presized: that makes a table for any keys, slower for str
    cdef PyObject *name
    cdef PyObject *value
    for i in range(schema.nfields):
        name = PyTuple_GET_ITEM(<PyObject *>schema.names, i)
        if schema.kinds[i] != _OBJECT:
            native = _get_field(record, schema, i)
            PyDict_SetItem(result, name, <PyObject *>native)
            continue
        # Borrowed: storing a str key runs no code that could empty the slot meanwhile.
        value = _slot(<PyObject *>record, schema.offsets[i])[0]
        if value == NULL:
            _raise_unset(record, schema, i)
        PyDict_SetItem(result, name, value)
    return result


@cython.binding(False)
@cython.embedsignature(False)
def astuple(record, /):
    """astuple(record, /)
--

Return a tuple of the record's field values, in field order (shallow)."""
    return _field_tuple(record, <_Schema>_record_schema(record, "astuple"))


def replace(record, /, **changes):
    """Return a copy of *record* with the given fields replaced, as ``dataclasses.replace``."""
    cdef _Schema schema = <_Schema>_record_schema(record, "replace")  # owned: code may run
    return _replace(record, schema, changes)
