# Part of the native core, included by _record_c.pyx.
#
# Pickling: a record's state is its fields' values (and its __dict__, where it has one);
# its type is named by reference, or carried by value where it cannot be imported.

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
        if schema.keeps_unset and _is_unset(<PyObject *>record, schema, i):
            _put_piece(values, i, UNSET)
        else:
            _put_piece(values, i, _get_field(record, schema, i))
    return values


cdef object _reduce(object record):
    """``__reduce__``: the type and the field values, which unpickling gives to a blank
    record (neither __init__ nor __post_init__ runs, as for a dataclass). The pickler
    saves the type as it saves any class: by name, by value where it cannot be imported
    (see _reduce_record_type), by cloudpickle's own means under cloudpickle."""
    cdef _Schema schema = _schema_of(record)
    return (_newobj, (type(record),), _state_tuple(record, schema))


def _reduce_record_type(cls):
    """The ``copyreg`` reducer of record types: by name, in C, for a type already known to
    be importable (every pickle of its records names it); else the front end decides."""
    cdef PyObject *schema = (<_RecordTypeBase>cls).schema
    if schema != NULL and _pickled_type(cls, <_Schema>schema) is cls:
        return cls.__qualname__
    return reduce_type(cls)


copyreg.pickle(_RecordMeta, _reduce_record_type)  # a record type pickles as its records do
