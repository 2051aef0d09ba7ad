# Part of the native core, included by _record_c.pyx.
#
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
            if schema.keeps_unset and _is_unset(<PyObject *>self, schema, i):
                # Left unset, as copying the dataclass leaves it.
                if schema.kinds[i] != _OBJECT:
                    _mark_unset(<PyObject *>copy, schema.ordinals[i], schema.nnatives)
                continue
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
    cdef object owner  # the record type whose namespace holds it, once made

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

    def __reduce__(self):  # the method of the type, as cloudpickle restores a namespace
        if self.owner is None:
            raise TypeError(f"cannot pickle {self.name} of a record type being made")
        return (getattr, (self.owner, self.name))

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
