"""Pickling record types by value, where unpickling could not import them.

A record's pickle names its type. A type that unpickling can import (by ``__module__``
and ``__qualname__``, outside ``__main__``) is named by reference, as every class is.
Any other type (made inside a function, by ``make_record`` at run time, or in
``__main__``, which a spawned process does not share) is named by its *description*:
plain data that the front end validates again when it is unpickled, as if a class
statement gave it. Each description carries a random token, so that a process rebuilds
the type once however many pickles name it, and a type that comes back to the process
that made it comes back as itself.

Both implementations share this module: an instance's ``__reduce__`` names its type,
and each metaclass is registered with ``copyreg`` (``reduce_type``), so that pickle
saves a record type by name or by value as this module decides. cloudpickle saves a
type it cannot import its own way, which ``TypeCarrier`` serves.
"""

from __future__ import annotations

import os
import pickle
import sys

from ._api import field
from ._spec import (
    Pending,
    RecordSpec,
    TypeCarrier,
    _check_typename,
    _parse_bases,
    _without_carrier,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_VERSION = 2
_BACKENDS = {"cython": "slotrecord._record_c", "python": "slotrecord._record_py"}
_rebuilt: Any = None  # token -> type, made on first use: WeakValueDictionary


class TypeByValue:
    """Stands for a record type in a pickle: unpickles as the type, rebuilt if needed.

    A type that came by cloudpickle goes on by cloudpickle (*carried*): its class body's
    methods may be defined nowhere plain pickle could name them."""

    __slots__ = ("carried", "cls", "token")

    def __init__(self, cls: type, token: bytes, carried: bool = False) -> None:
        self.cls = cls
        self.token = token
        self.carried = carried
        _registry()[token] = cls

    def __reduce__(self):
        if self.carried:
            import cloudpickle

            return (pickle.loads, (cloudpickle.dumps(self.cls),))
        return (rebuild_type, (_by_reference(describe(self.cls, self.token)),))


def pickled_type(cls: type) -> type | TypeByValue:
    """What a pickle of an instance of *cls* names as its type: *cls* itself where it can
    be imported, else its ``TypeByValue`` (decided once per type, on first use, and kept
    by the type's carrier)."""
    carrier = _carrier_of(cls)
    holder = carrier.by_value if carrier is not None else None
    if holder is None:
        holder = False if _importable(cls) else TypeByValue(cls, os.urandom(16))
        if carrier is not None:
            carrier.by_value = holder
    return holder or cls


def _carrier_of(cls: type) -> TypeCarrier | None:
    bases = cls.__dict__.get("__orig_bases__")
    if type(bases) is tuple and bases and type(bases[-1]) is TypeCarrier:
        return bases[-1]
    return None


def blank_record(cls: type):
    """A record of *cls* with no field set yet, for ``__setstate__`` to fill: how earlier
    pickles named an instance whose type travels by value (a record now names its type,
    which the pickler saves by value itself); kept so that those pickles load."""
    return cls.__new__(cls)


def reduce_type(cls: type):
    """The ``copyreg`` reducer of record types themselves."""
    named = pickled_type(cls)
    return cls.__qualname__ if named is cls else named.__reduce__()


def _importable(cls: type) -> bool:
    return cls.__module__ != "__main__" and _defined_in(cls.__module__, cls.__qualname__) is cls


def _defined_in(module: object, qualname: object) -> object:
    """What the loaded module *module* holds under the dotted name *qualname*, or None."""
    if not isinstance(module, str) or not isinstance(qualname, str):
        return None
    found: object = sys.modules.get(module)
    for part in qualname.split("."):
        found = getattr(found, part, None)
    return found


def reduce_carrier(carrier: TypeCarrier):
    """``TypeCarrier.__reduce__``: the type's description, with its class body's methods
    and other objects left pending. cloudpickle saves a class's bases before the class, so
    a method there that refers to the class (by name, or through ``super()``) would have
    it saved again, endlessly; it sets every attribute after, which fills them in."""
    named = pickled_type(carrier.cls)
    # An importable type is carried by value all the same where cloudpickle is asked to.
    token = named.token if named is not carrier.cls else _importable_token(carrier.cls)
    return (carried_type, (describe(carrier.cls, token, pending=True),))


def _importable_token(cls: type) -> bytes:
    tokens = _registry()
    for token, known in tokens.items():
        if known is cls:
            return token
    token = os.urandom(16)
    tokens[token] = cls
    return token


def carried_type(description: object) -> TypeCarrier:
    """The carrier of the type *description* describes, rebuilt once per process; a type
    rebuilt here goes on by cloudpickle."""
    known = _registry().get(description[1]) if isinstance(description, tuple) and len(
        description) > 1 and isinstance(description[1], bytes) else None
    cls = rebuild_type(description)
    carrier = _carrier_of(cls)
    if carrier is None:
        raise TypeError(f"record type {cls.__qualname__} has no carrier")
    if known is None and carrier.by_value and carrier.by_value.token == description[1]:
        carrier.by_value.carried = True  # rebuilt here, not a type this process defines
    return carrier


_DATA = (str, int, float, bool, bytes, type(None))


def describe(cls: type, token: bytes, pending: bool = False) -> tuple:
    """The description of *cls*: what a class statement would say, as plain data (the
    class body's objects other than plain data *pending*, if so asked)."""
    spec: RecordSpec = cls.__slotrecord__
    base = _parse_bases(spec.typename, spec.bases)[1]  # the record whose fields come first
    inherited = (base.fields + base.initvars) if base else ()
    declared = {f.name: f for f in spec.fields + spec.initvars}
    own = [declared[name] for name in spec.declared
           if not any(declared[name] is g for g in inherited)] + list(spec.classvars)
    fields = tuple((f.name, _annotation(f), f.default, f.default_factory, f.init, f.repr,
                    f.hash, f.compare, dict(f.metadata), f.kw_only) for f in own)
    options = {"init": spec.init, "repr": spec.repr, "eq": spec.eq, "order": spec.order,
               "unsafe_hash": spec.unsafe_hash, "frozen": spec.frozen,
               "match_args": spec.match_args is not None, "kw_only": spec.kw_only,
               "gc": spec.gc, "weakref": spec.weakref}
    classvars = {f.name for f in spec.classvars}  # their values travel with their fields
    body = {name: cls.__dict__[name] for name in spec.body if name not in classvars}
    if pending:
        body = {name: value if type(value) in _DATA else Pending(name)
                for name, value in body.items()}
    if "__orig_bases__" in cls.__dict__:  # a generic's bases, as its class statement gave
        orig_bases = _without_carrier(cls.__dict__["__orig_bases__"])
        if orig_bases != cls.__bases__:
            body["__orig_bases__"] = orig_bases
    backend = _backend_of(type(cls))
    return (_VERSION, token, backend, spec.typename, spec.qualname, spec.module, spec.doc,
            spec.bases, fields, options, body)


def _by_reference(description: tuple) -> tuple:
    """*description* with the class body's properties, class methods and static methods
    named by where they are (which pickle cannot do for them: it names their functions)."""
    module, qualname, body = description[5], description[4], description[10]
    body = {name: ClassAttribute(module, qualname, name)
            if type(value) in (property, classmethod, staticmethod) else value
            for name, value in body.items()}
    return (*description[:10], body)


class ClassAttribute:
    """Pickles as the attribute *name* of the class *module*.*qualname*, from its own
    namespace: found where that module defines the class, as a function is found."""

    __slots__ = ("module", "name", "qualname")

    def __init__(self, module: str, qualname: str, name: str) -> None:
        self.module, self.qualname, self.name = module, qualname, name

    def __reduce__(self):
        return (class_attribute, (self.module, self.qualname, self.name))


def class_attribute(module: str, qualname: str, name: str) -> object:
    found = _defined_in(module, qualname)
    if not isinstance(found, type) or name not in found.__dict__:
        raise AttributeError(f"Can't get attribute '{qualname}.{name}' on module {module!r}")
    return found.__dict__[name]


def _backend_of(meta: type) -> str:
    """The implementation whose metaclass *meta* is, or derives from (a user's subclass
    lives in the user's module)."""
    modules = {module: backend for backend, module in _BACKENDS.items()}
    for klass in meta.__mro__:
        if klass.__module__ in modules:
            return modules[klass.__module__]
    raise TypeError(f"{meta.__qualname__} is no metaclass of record types")


def _annotation(field) -> object:
    """A field's annotation as a description carries it: a string naming a native type is
    resolved where the type was made, as the process that unpickles it may not resolve it."""
    if field.native is not None and isinstance(field.type, str):
        return field.native.annotation
    return field.type


def rebuild_type(description: object) -> type:
    """The record type *description* describes: the one this process already has for its
    token, or a new one, validated as a class statement would be."""
    if not (isinstance(description, tuple) and len(description) == 11):
        raise TypeError("not a record type description: expected a tuple of 11 items")
    (version, token, backend, typename, qualname, module, doc, bases, fields, options,
     body) = description
    if version != _VERSION:
        raise ValueError(f"unsupported record type description version {version!r}")
    if not isinstance(token, bytes):
        raise TypeError("record type description: the token must be bytes")
    known = _registry().get(token) or _defined_alike(description)
    if known is not None:
        _registry()[token] = known
        return known
    if backend not in _BACKENDS:
        raise ValueError(f"record type description: unknown implementation {backend!r}")
    if not isinstance(options, dict) or not isinstance(body, dict):
        raise TypeError("record type description: options and body must be dicts")
    for name, value in (("qualname", qualname), ("module", module)):
        if not isinstance(value, str):
            raise TypeError(f"record type description: {name} must be a string")
    namespace = {"__module__": module, "__qualname__": qualname, "__doc__": doc,
                 "__annotations__": {}}
    for name, value in body.items():
        if not isinstance(name, str) or name in namespace:
            raise ValueError(f"record type description: bad class attribute {name!r}")
        namespace[name] = value
    for name, annotation, value in _described_fields(fields):
        if name in namespace["__annotations__"] or name in body:
            raise ValueError(f"record type description: field {name!r} given twice")
        namespace["__annotations__"][name] = annotation
        namespace[name] = value
    meta = _meta(backend)
    cls = meta(_check_typename(typename), bases, namespace, **options)
    carrier = _carrier_of(cls)
    if carrier is not None:
        carrier.by_value = TypeByValue(cls, token)
    return cls


def _defined_alike(description: tuple):
    """The record type that the module *description* names defines under its qualified
    name, if it describes that type word for word: as in a process started by ``spawn``,
    which runs ``__main__``'s top level again, so that its records are of the type its
    code names (``isinstance(record, Product)``)."""
    module = description[5]
    found = _defined_in(module, description[4])
    carrier = _carrier_of(found) if isinstance(found, type) else None
    if carrier is None or _meta_backend(type(found)) != description[2]:
        return None
    try:
        own = list(describe(found, description[1]))
        if sys.modules.get(own[5]) is sys.modules[module]:  # __mp_main__ is __main__ there
            own[5] = module
        alike = own[2:] == list(description[2:])
    except Exception:  # a value whose == fails, a type not fit to describe: not alike
        return None
    return found if alike else None


def _meta_backend(meta: type) -> str | None:
    try:
        return _backend_of(meta)
    except TypeError:
        return None


def _described_fields(fields: object):
    if not isinstance(fields, tuple):
        raise TypeError("record type description: fields must be a tuple")
    for described in fields:
        if not (isinstance(described, tuple) and len(described) == 10):
            raise TypeError("record type description: each field must be a tuple of 10 items")
        name, annotation, default, factory, init, repr, hash, compare, metadata, kw_only = (
            described)
        value = field(default=default, default_factory=factory, init=init, repr=repr,
                      hash=hash, compare=compare, metadata=metadata, kw_only=kw_only)
        yield name, annotation, value


def _meta(backend: str) -> type:
    module = sys.modules.get(_BACKENDS[backend])
    if module is None:
        import importlib

        try:
            module = importlib.import_module(_BACKENDS[backend])
        except ImportError:  # made by the native core, unpickled where it is not built
            module = importlib.import_module(_BACKENDS["python"])
    return type(module.Record)


def _registry():
    global _rebuilt
    if _rebuilt is None:
        from weakref import WeakValueDictionary

        _rebuilt = WeakValueDictionary()
    return _rebuilt
