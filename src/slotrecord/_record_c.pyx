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

This file declares what the core uses of CPython's C API and includes the core, one job
per file: ``_record_c_values`` (native values as raw C memory), ``_unset`` (which native
fields of blank records are unset), ``_layout`` (the schema, the metaclass's C half),
``_construction``, ``_life_cycle`` (deallocation, the collector), ``_fields`` (field
access shared by the methods), ``_methods`` (the record base), ``_building`` (making a
type) and ``_pickling``. Each section of ``_record_py.py`` names the file it mirrors (the
pure twin needs no ``_unset``: its native fields are slots, unset as any slot is).
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
import types

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
from ._pickling import pickled_type, reduce_type

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
        void *tp_alloc
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
    void _decref "Py_DECREF"(PyObject *obj)
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


# The core, one job per file, included in this order (module-level statements run
# as they come: each file may use what those before it set up).
include "_record_c_values.pxi"
include "_record_c_unset.pxi"
include "_record_c_layout.pxi"
include "_record_c_construction.pxi"
include "_record_c_life_cycle.pxi"
include "_record_c_fields.pxi"
include "_record_c_methods.pxi"
include "_record_c_building.pxi"
include "_record_c_pickling.pxi"


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
