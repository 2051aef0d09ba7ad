# Part of the native core, included by _record_c.pyx.
#
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
