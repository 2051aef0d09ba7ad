# Part of the native core, included by _record_c.pyx.
#
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
    _INLINE_VALUES = 1 << 2  # Py_TPFLAGS_INLINE_VALUES (3.13+; unused before)
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
    cdef Py_ssize_t ordinal  # its rank by offset among the layout's native fields
    cdef int kind
    # What the last read returned, kept alive until the next: a read makes a new object,
    # and C code that drops its reference to an attribute before it uses the value (as
    # orjson does for slotted dataclasses, whose slots keep theirs alive) must not find it
    # freed.
    cdef object last_read

    def __get__(self, instance, owner):
        if instance is None:
            return self
        self._check(instance)
        if _may_be_unset(<PyObject *>instance) and _native_unset(<PyObject *>instance,
                                                                 self.ordinal):
            raise _unset_error(instance, self.name)
        value = _read_native(<char *><PyObject *>instance + self.offset, self.kind)
        self.last_read = value
        return value

    def __set__(self, instance, value):
        # Converted first and checked second, as the pure-Python property does.
        cdef uint64_t converted = 0
        if not _store_native(<char *>&converted, self.kind, <PyObject *>value):
            _store_converted(<char *>&converted, self.kind, self.native, value,
                             type(instance), self.name)
        self._check(instance)
        _copy_raw(<char *><PyObject *>instance + self.offset, &converted, self.kind)
        if _may_be_unset(<PyObject *>instance):
            _mark_set(<PyObject *>instance, self.ordinal)

    def __delete__(self, instance):
        raise self.native.delete_error(type(instance).__qualname__, self.name)

    def __reduce__(self):  # as the member descriptor of a slot pickles
        return (getattr, (self.owner, self.name))

    def __repr__(self):
        return (f"<native field {self.name!r} ({self.native.name}) of "
                f"{self.owner.__name__!r} objects>")

    cdef int _check(self, object instance) except -1:
        if not PyObject_TypeCheck(instance, <PyTypeObject *>self.owner):
            raise TypeError(f"descriptor '{self.name}' for '{self.owner.__name__}' objects "
                            f"doesn't apply to a '{type(instance).__name__}' object")
        return 0
