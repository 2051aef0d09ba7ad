"""The pure-Python implementation of slotrecord: ``__slots__`` classes with generated methods.

It mirrors ``_record_c.pyx`` name for name. Where the native core loops over field
offsets in C, this module writes each method's source once per type (as dataclasses and
namedtuple do) so that the method runs as straight-line Python, with CPython's own slot
specialisation for every attribute access.
"""

from __future__ import annotations

import copyreg
import sys
from reprlib import recursive_repr

from ._api import dataclass_factory, field, fields, record_factory
from ._pickling import reduce_type
from ._spec import (
    HAS_FACTORY,
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
    init_default,
    not_a_record_message,
    not_a_record_type_message,
    root_namespace,
)

__all__ = ["BACKEND", "Record", "asdict", "astuple", "dataclass", "field", "fields",
           "make_dataclass", "make_record",
           "replace"]

BACKEND = "python"


# ---------------------------------------------------------------------------------------
# The record base (as _record_c_methods.pxi, whose methods this module generates per type).


class _RecordBase:
    """The base of ``Record``, and so of every record type made by this implementation."""

    __slots__ = ()

    def __init_subclass__(cls, **kwargs):
        check_record_subclass(cls)
        super().__init_subclass__(**kwargs)

    def __init__(self, /, *args, **kwargs):
        # Reached by a record type with init=False whose bases generated no __init__
        # either: object's, as for such a dataclass. Record itself is no record type.
        if type(type(self).__dict__.get("__slotrecord__")) is not RecordSpec:
            raise TypeError(not_a_record_type_message(type(self)))
        object.__init__(self, *args, **kwargs)


# ---------------------------------------------------------------------------------------
# Building a type (as _record_c_building.pxi).


def _build_type(spec: RecordSpec, body: dict | None = None, meta: type | None = None) -> type:
    """The record type *spec* describes, with the class body *body*, if any."""
    namespace = class_namespace(spec, body, _complete_type)
    return type.__new__(meta or _RecordMeta, spec.typename, _record_bases(spec), namespace)


def _complete_type(cls: type, spec: RecordSpec) -> None:
    """Give *cls*, whose slots ``type.__new__`` has just laid out, its native fields and
    the methods its class body did not write (called before any hook of the user's)."""
    _install_native_fields(cls, spec)
    methods = _generate_methods(spec, cls)
    for name in generated_methods(spec):
        # A method the class body wrote stays; a __hash__ = None there is Python's, set
        # beside the body's __eq__, which the hash rules override.
        if name not in cls.__dict__ or name == "__hash__":
            methods[name].__qualname__ = f"{spec.qualname}.{name}"
            type.__setattr__(cls, name, methods[name])


def _record_bases(spec: RecordSpec) -> tuple[type, ...]:
    if any(isinstance(base, _RecordMeta) for base in spec.bases):
        return spec.bases
    return (*spec.bases, Record)


# ---------------------------------------------------------------------------------------
# Native fields (as _record_c_values.pxi): slots here, behind a descriptor that converts.


def _install_native_fields(cls: type, spec: RecordSpec) -> None:
    """Put a ``_NativeField`` in front of the slot of each native field *cls* adds.

    Here a native field is an object slot holding the converted value (so it takes the
    memory of an object field and of the value's object); the native core keeps it raw.
    """
    for described in spec.fields:
        if described.native is not None and described.name in spec.slots:
            member = cls.__dict__[described.name]
            type.__setattr__(cls, described.name,
                             _NativeField(member, described.native, described.name, cls))


class _NativeField(property):
    """The descriptor of a native field: the slot *member* holding the value as
    ``native.convert`` makes it. Read as the slot is; written through conversion."""

    def __init__(self, member, native, name: str, owner: type) -> None:
        def delete_native(record):
            raise native.delete_error(type(record).__qualname__, name)

        setter = _native_store_source("record", name, native, "value", "store", "convert")
        namespace = {"store": member.__set__, "convert": native.convert}
        exec(f"def set_native(record, value):\n    {setter}\n", namespace)  # our own source
        # Read as the slot: unset in a blank record (cls.__new__(cls)) until it is set.
        super().__init__(member.__get__, namespace["set_native"], delete_native,
                         f"{name} ({native.name})")
        self.member, self.native, self.name, self.owner = member, native, name, owner

    def __reduce__(self):  # as the member descriptor of a slot pickles
        return (getattr, (self.owner, self.name))


def _native_store_source(target: str, name: str, native, value: str, store: str,
                         convert: str) -> str:
    """Source that stores *value* (a local name) in native field *name* of *target* with
    the function *store*: unchanged when it is what the field holds anyway (an exact int
    in range, a float other than NaN, a bool: the common case, tested inline), else as
    the function *convert* (``native.convert``) makes it. The native core's
    ``_store_native`` draws the same line."""
    if native.python_type is int:
        as_is = f"type({value}) is int and {native.low} <= {value} <= {native.high}"
    elif native.python_type is bool:
        as_is = f"{value} is True or {value} is False"
    elif native.size == 8:
        as_is = f"type({value}) is float and {value} == {value}"
    else:  # an f32 is always rounded
        return f"{store}({target}, {convert}({value}, type({target}).__qualname__, {name!r}))"
    return (f"{store}({target}, {value} if {as_is} else "
            f"{convert}({value}, type({target}).__qualname__, {name!r}))")


# ---------------------------------------------------------------------------------------
# The metaclass (as _record_c_building.pxi).


class _RecordMeta(RecordMeta):
    __slots__ = ()
    _build_type = staticmethod(_build_type)


Record = type.__new__(_RecordMeta, "Record", (_RecordBase,), root_namespace(__name__))


make_record = record_factory(_build_type)
copyreg.pickle(_RecordMeta, reduce_type)  # a record type itself pickles as its instances do


# ---------------------------------------------------------------------------------------
# Method generation (as _record_c_methods.pxi and _record_c_fields.pxi). Each method is the
# Python a person would write for this one type; the native core's methods are the same
# loops over the field offsets.


def _generate_methods(spec: RecordSpec, cls: type) -> dict:
    names = spec.names
    namespace = {
        "__slotrecord_newobj": copyreg.__newobj__,
        "__slotrecord_object_new": object.__new__,
        "__slotrecord_state_error": _state_error,
        "__slotrecord_has_factory": HAS_FACTORY,
        "__slotrecord_check_replace": check_replace_changes,
        "__slotrecord_getattr": getattr,
        "__slotrecord_unset": UNSET,
    }
    for described in spec.fields:
        if described.default_factory is not MISSING:
            namespace[f"__slotrecord_factory_{described.name}"] = described.default_factory
        elif not described.init and described.default is not MISSING:
            namespace[f"__slotrecord_default_{described.name}"] = described.default
    natives = {}
    for name in names:
        descriptor = _member(cls, name)
        if isinstance(descriptor, _NativeField):  # stored in its slot after conversion
            natives[name] = descriptor.native
            namespace[f"__slotrecord_set_{name}"] = descriptor.member.__set__
            namespace[f"__slotrecord_convert_{name}"] = descriptor.native.convert
        elif spec.frozen:  # fields of a frozen record are written through their descriptors
            namespace[f"__slotrecord_set_{name}"] = descriptor.__set__

    def assign(target: str, name: str, value: str) -> str:
        if name in natives:  # the value evaluated once, then tested and stored
            return f"__slotrecord_value = {value}; " + _native_store_source(
                target, name, natives[name], "__slotrecord_value", f"__slotrecord_set_{name}",
                f"__slotrecord_convert_{name}")
        if spec.frozen:
            return f"__slotrecord_set_{name}({target}, {value})"
        return f"{target}.{name} = {value}"

    compared = tuple([field.name for field in spec.fields if field.compare])
    hashed = tuple([field.name for field in spec.fields
                    if (field.compare if field.hash is None else field.hash)])
    sources = {
        "__init__": _init_source(spec, assign, hasattr(cls, "__post_init__")),
        "__repr__": _repr_source(spec),
        "__reduce__": _reduce_source(spec),
        "__setstate__": _setstate_source(spec, assign),
        "__copy__": _copy_source(spec, assign),
        "__replace__": _replace_source(spec),
        "__eq__": _eq_source(compared),
        "__hash__": _hash_source(hashed),
        "__getstate__": f"def __getstate__(self):\n    return [*{_tuple_of('self', names)}]\n",
    }
    for method, op in (("__lt__", "<"), ("__le__", "<="), ("__gt__", ">"), ("__ge__", ">=")):
        sources[method] = _compare_source(method, op, compared)
    wanted = generated_methods(spec)
    sources = {name: source for name, source in sources.items() if name in wanted}
    methods = _compile_methods(spec, sources, namespace)
    if "__init__" in methods:
        _describe_init(methods["__init__"], spec)
    if "__repr__" in methods:
        methods["__repr__"] = recursive_repr()(methods["__repr__"])
    for method in methods.values():
        method.__slotrecord_generated__ = True  # what its code does, the layout decides
    return methods


def _compile_methods(spec: RecordSpec, sources: dict[str, str], namespace: dict) -> dict:
    """The functions *sources* define, made as dataclasses make theirs: their globals are
    the class's module's (so that ``typing.get_type_hints`` resolves string annotations
    there), and what *namespace* names reaches them as closure variables of a function
    run once."""
    body = "".join(f"    {line}\n" for source in sources.values() for line in source.split("\n"))
    result = ", ".join(f"{name!r}: {name}" for name in sources)
    source = (f"def __slotrecord_make({', '.join(namespace)}):\n{body}"
              f"    return {{{result}}}\n")
    module = sys.modules.get(spec.module)
    scope: dict = {}
    exec(source, getattr(module, "__dict__", None) or {}, scope)  # our own source
    return scope["__slotrecord_make"](**namespace)


def _describe_init(init, spec: RecordSpec) -> None:
    """Give the generated ``__init__`` the defaults and annotations a dataclass's has."""
    described = spec.fields + spec.initvars
    positional = [described[i] for i in spec.params[:spec.npositional]]
    keyword_only = [described[i] for i in spec.params[spec.npositional:]]
    init.__defaults__ = tuple(init_default(field) for field in positional
                              if init_default(field) is not MISSING) or None
    init.__kwdefaults__ = {field.name: init_default(field) for field in keyword_only
                           if init_default(field) is not MISSING} or None
    annotations = {described[i].name: described[i].type for i in spec.params}
    annotations["return"] = None
    init.__annotations__ = annotations


def _member(cls: type, name: str):
    """The member descriptor of slot *name*, wherever in the bases it was laid out."""
    for klass in cls.__mro__:
        if name in klass.__dict__:
            return klass.__dict__[name]
    raise AttributeError(name)


def _tuple_of(target: str, names: tuple[str, ...]) -> str:
    return "(" + "".join(f"{target}.{name}, " for name in names) + ")"


def _init_source(spec: RecordSpec, assign, post_init: bool) -> str:
    names = spec.param_names
    positional, keyword = names[:spec.npositional], names[spec.npositional:]
    params = [spec.self_name, *positional, *(["*", *keyword] if keyword else [])]
    # Every default factory runs before any field is stored (and converted), as in the
    # native core, so that the two raise the same error first.
    body = [f"{field.name} = {_init_value(field)}" for field in spec.fields
            if field.default_factory is not MISSING or (not field.init
                                                        and field.default is not MISSING)]
    body += [assign(spec.self_name, field.name, field.name) for field in spec.fields
             if field.init or field.default is not MISSING
             or field.default_factory is not MISSING]
    if post_init:
        initvars = ", ".join([field.name for field in spec.initvars])
        body.append(f"{spec.self_name}.__post_init__({initvars})")
    return f"def __init__({', '.join(params)}):\n" + "".join(
        f"    {line}\n" for line in body or ["pass"])


def _init_value(field) -> str:
    if not field.init:  # not a parameter: always the default, or the factory's value
        if field.default_factory is MISSING:
            return f"__slotrecord_default_{field.name}"
        return f"__slotrecord_factory_{field.name}()"
    if field.default_factory is MISSING:
        return field.name
    return (f"__slotrecord_factory_{field.name}() if {field.name} is __slotrecord_has_factory "
            f"else {field.name}")


def _repr_source(spec: RecordSpec) -> str:
    parts = ", ".join(f"{field.name}={{self.{field.name}!r}}" for field in spec.fields
                      if field.repr)
    return f'def __repr__(self):\n    return f"{{type(self).__qualname__}}({parts})"\n'


def _eq_source(names: tuple[str, ...]) -> str:
    """``__eq__`` with the meaning of comparing the tuples of the fields (every field read,
    then each pair equal when identical or ==, in order, up to the first that is not),
    without building the tuples: on 3.13, where a dataclass compares field by field, the
    tuples took 1.46x its time."""
    read = [f"        a{i} = self.{name}\n" for i, name in enumerate(names)]
    read += [f"        b{i} = other.{name}\n" for i, name in enumerate(names)]
    equal = " and ".join(f"(a{i} is b{i} or a{i} == b{i})" for i in range(len(names)))
    identity = "    if self is other:\n        return True\n" if SELF_IS_EQUAL else ""
    result = f"True if {equal} else False" if names else "True"
    return (
        "def __eq__(self, other):\n"
        + identity
        + "    if other.__class__ is self.__class__:\n"
        + "".join(read)
        + f"        return {result}\n"
        "    return NotImplemented\n"
    )


def _compare_source(method: str, op: str, names: tuple[str, ...]) -> str:
    return (
        f"def {method}(self, other):\n"
        f"    if other.__class__ is self.__class__:\n"
        f"        return {_tuple_of('self', names)} {op} {_tuple_of('other', names)}\n"
        f"    return NotImplemented\n"
    )


def _hash_source(names: tuple[str, ...]) -> str:
    return f"def __hash__(self):\n    return hash({_tuple_of('self', names)})\n"


def _copy_source(spec: RecordSpec, assign) -> str:
    if not spec.keeps_unset:
        body = [assign("new", name, f"self.{name}") for name in spec.names]
    else:
        body = [f"value = __slotrecord_getattr(self, {name!r}, __slotrecord_unset)\n"
                f"    if value is not __slotrecord_unset: " + assign("new", name, "value")
                for name in spec.names]
    if spec.has_dict:
        body.append("new.__dict__.update(self.__dict__)")
    return (
        "def __copy__(self):\n"
        "    new = __slotrecord_object_new(self.__class__)\n"
        + "".join(f"    {line}\n" for line in body)
        + "    return new\n"
    )


def _replace_source(spec: RecordSpec) -> str:
    body = [f"if {field.name!r} not in changes:\n        changes[{field.name!r}] = "
            f"self.{field.name}" for field in spec.fields if field.init]
    check = ["__slotrecord_check_replace(self.__slotrecord__, changes)"] if (
        spec.initvars or not all([field.init for field in spec.fields])) else []
    return (
        "def __replace__(self, /, **changes):\n"
        + "".join(f"    {line}\n" for line in check + body)
        + "    return self.__class__(**changes)\n"
    )


# ---------------------------------------------------------------------------------------
# Pickling (as _record_c_pickling.pxi): a record's state is its fields' values, then its
# __dict__ where it has one.


def _state_of(spec: RecordSpec, target: str) -> str:
    """Source of the tuple of *target*'s fields, UNSET for an unset one where the
    dataclass's copy and pickle keep one (see RecordSpec.keeps_unset)."""
    names = spec.names
    if not spec.keeps_unset:
        values = "".join(f"{target}.{name}, " for name in names)
    else:
        values = "".join(f"__slotrecord_getattr({target}, {name!r}, __slotrecord_unset), "
                         for name in names)
    if spec.has_dict:  # then the record's __dict__, as object's state carries it
        values += f"{target}.__dict__ or None, "
    return f"({values})"


def _reduce_source(spec: RecordSpec) -> str:
    state = _state_of(spec, "self")
    return (
        "def __reduce__(self):\n"
        f"    return (__slotrecord_newobj, (self.__class__,), {state})\n"
    )


def _setstate_source(spec: RecordSpec, assign) -> str:
    body = [f"if state[{i}] is not __slotrecord_unset: " + assign("self", name, f"state[{i}]")
            for i, name in enumerate(spec.names)]
    return (
        "def __setstate__(self, state):\n"
        + _state_check(spec)
        + "".join(f"    {line}\n" for line in body)
    )


def _state_check(spec: RecordSpec) -> str:
    """What __setstate__ makes of *state* first: the class's own __getstate__'s values are
    taken as a frozen slotted dataclass takes them (as many as there are, in field order);
    else it must be the tuple __reduce__ made."""
    if "__getstate__" in spec.body:
        return (f"    state = (*state, *[__slotrecord_unset] * {len(spec.names)})"
                f"[:{len(spec.names)}]\n")
    check = (f"    if type(state) is not tuple or len(state) != {len(spec.names)}:\n"
             "        raise __slotrecord_state_error(self, state)\n")
    if not spec.has_dict:
        return check
    return (f"    if (type(state) is not tuple or len(state) != {len(spec.names) + 1}\n"
            "            or not isinstance(state[-1], (dict, type(None)))):\n"
            "        raise __slotrecord_state_error(self, state)\n"
            "    if state[-1]:\n"
            "        self.__dict__.update(state[-1])\n")


def _state_error(self, state):
    return TypeError(bad_state_message(type(self).__slotrecord__, state))


# ---------------------------------------------------------------------------------------
# Module-level helpers.


def _record_spec(record, function: str) -> RecordSpec:
    spec = getattr(type(record), "__slotrecord__", None)
    if not isinstance(record, _RecordBase) or type(spec) is not RecordSpec:
        raise TypeError(not_a_record_message(function, record))
    return spec


def asdict(record, /):
    """Return a new dict of the record's fields, in field order (shallow)."""
    return {name: getattr(record, name) for name in _record_spec(record, "asdict").names}


def astuple(record, /):
    """Return a tuple of the record's field values, in field order (shallow)."""
    return tuple([getattr(record, name) for name in _record_spec(record, "astuple").names])


def replace(record, /, **changes):
    """Return a copy of *record* with the given fields replaced, as ``dataclasses.replace``."""
    _record_spec(record, "replace")
    return record.__replace__(**changes)


dataclass, make_dataclass = dataclass_factory(_RecordMeta)
