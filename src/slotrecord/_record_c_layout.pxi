# Part of the native core, included by _record_c.pyx.
#
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
    cdef Py_ssize_t *ordinals     # each native field's rank by offset (see _unset.pxi)
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
        PyMem_Free(self.ordinals)
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
    schema.ordinals = <Py_ssize_t *>_alloc_array(n, sizeof(Py_ssize_t))
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
    _rank_natives(schema)
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


cdef void _rank_natives(_Schema schema) noexcept:
    """Each native field's ordinal: how many native fields lie before it."""
    cdef Py_ssize_t i, j
    for i in range(schema.nfields):
        schema.ordinals[i] = -1
        if schema.kinds[i] != _OBJECT:
            schema.ordinals[i] = 0
            for j in range(schema.nnatives):
                if schema.offsets[schema.native_fields[j]] < schema.offsets[i]:
                    schema.ordinals[i] += 1


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
