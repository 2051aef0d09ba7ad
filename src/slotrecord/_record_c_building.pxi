# Part of the native core, included by _record_c.pyx.
#
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
    if schema.nnatives:  # cls.__new__(cls) makes a blank record, its native fields unset
        tp.tp_alloc = <void *>_alloc_blank
        if schema.has_dict:
            tp.tp_free = _free_dict_record
    if not schema.has_dict:  # else CPython's own life cycle stays (see _is_complete)
        # A slotted base's object slots need the collector, even if every field is native.
        _install_life_cycle(cls, spec.tracked or (spec.gc and schema.nlayout > 0)
                            or _keeps_gc_header(cls, spec))
    if cls.__dict__["__slots__"] is not spec.slots:  # as the pure-Python class reports them
        type.__setattr__(cls, "__slots__", spec.slots)
    _install_slots(cls)
    for method in cls.__dict__.values():
        if type(method) is _GeneratedMethod and (<_GeneratedMethod>method).owner is None:
            (<_GeneratedMethod>method).owner = cls
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
    cdef Py_ssize_t ordinal = len([1 for field in spec.fields if field.native]) - len(names)
    for _, _, name in widest_first:  # after the inherited ones, by offset
        descriptor = _NativeField.__new__(_NativeField)
        descriptor.owner = cls
        descriptor.name = name
        descriptor.native = _native_of(spec, name)
        descriptor.kind = _KINDS[descriptor.native.name]
        descriptor.size = _kind_size(descriptor.kind)
        descriptor.offset = (offset + descriptor.size - 1) // descriptor.size * descriptor.size
        offset = descriptor.offset + descriptor.size
        descriptor.ordinal = ordinal
        ordinal += 1
        type.__setattr__(cls, name, descriptor)
    tp.tp_basicsize = (offset + sizeof(void *) - 1) // sizeof(void *) * sizeof(void *)
    # From 3.13 a type whose instances have a __dict__ and no slots keeps the dict's
    # values inline, in the space after the object header that the native fields now
    # take: its dict is kept apart instead, as for any type with slots.
    tp.tp_flags &= ~(<unsigned long>_INLINE_VALUES)
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
# Those of the record base's methods that each class's namespace holds as they are, where
# pickle finds them by name (cloudpickle pickles a class's namespace).
_shared_methods = types.SimpleNamespace()
for _name in ("__copy__", "__replace__", "__reduce__", "__setstate__"):
    setattr(_shared_methods, _name, _RECORD_METHODS[_name])
    _RECORD_METHODS[_name].__qualname__ = f"_shared_methods.{_name}"
Record = _RecordTypeBase.__new__(_RecordMeta, "Record", (_RecordBase,), root_namespace(__name__))
# Schema-less, yet mutable as every base class: a record without fields matches its layout
# and may be moved into it, after which every method refuses it (see _is_complete).
_make_mutable(Record)
make_record = record_factory(_build_type)
dataclass, make_dataclass = dataclass_factory(_RecordMeta)
