"""The functions of the front end that users call: ``make_record`` (as each
implementation's ``record_factory`` makes it), ``field`` and ``fields``.

They stay pure Python where the rest of the front end is compiled (``setup.py`` builds
``_spec`` and ``_native`` with Cython), so that a call with wrong arguments gets CPython's
own ``TypeError``, word for word, whichever way slotrecord was installed.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ._spec import (
    _OPTIONS,
    MISSING,
    Field,
    RecordSpec,
    _caller_module,
    _own_annotations,
    _without_carrier,
    parse_spec,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds to import: only type checkers read it
    from collections.abc import Callable, Iterable
    from typing import Any

__all__ = ["dataclass_factory", "field", "fields", "record_factory"]


_MAKE_RECORD_SIGNATURE = "".join([
    "(typename, fields, *, defaults=None, bases=(), ",
    *[f"{option}={default!r}, " for option, default in _OPTIONS.items()],
    "module=None, doc=None)"])


def record_factory(build_type: Callable[[RecordSpec], type]) -> Callable[..., type]:
    """The ``make_record`` of one implementation: parse here, build with *build_type*.

    Written once so that both implementations take the same arguments and reject bad
    ones with the same messages.
    """

    def make_record(
        typename: str,
        fields: Iterable[str | tuple[str, Any]] | Mapping[str, Any] | str,
        *,
        defaults: Mapping[str, Any] | None = None,
        bases: tuple[type, ...] = (),
        module: str | None = None,
        doc: str | None = None,
        **options: bool,
    ) -> type:
        """Make a record type: a class with a fixed set of fields stored inline.

        *typename* is the type's name. *fields* is one string, ``"id name price"`` or
        ``"id, name, price"``; an iterable of names or of ``(name, type)`` pairs; or a
        mapping of name to type. A type is the field's annotation, as in a class body: a
        native type (``slotrecord.f64``, ...) stores the field as a raw C value. Instances
        behave as those of the equivalent ``dataclasses.dataclass(slots=True)``:
        construction by position and keyword with the same errors, ``repr``, ``==``,
        ordering with ``order=True``, hashing when ``frozen`` and ``eq``, no instance
        ``__dict__``, ``copy``, ``pickle`` and ``__replace__``.

        * *defaults*: a mapping of field name to default value or ``field(...)``.
        * *bases*: classes to inherit from. A record type among them contributes its fields
          first, and its options *frozen*, *eq*, *order*, *gc* and *weakref* unless given
          here (*gc* and *weakref* cannot differ from the base's); the others must have
          ``__slots__``.
        * *init*, *repr*: generate ``__init__`` and ``__repr__``.
        * *eq* and *order*: generate ``==`` and ``<``, ``<=``, ``>``, ``>=``.
        * *unsafe_hash*: generate ``__hash__`` even though the record is not frozen.
        * *frozen*: assigning or deleting a field raises ``dataclasses.FrozenInstanceError``.
        * *match_args*: set ``__match_args__`` for ``match`` statements.
        * *kw_only*: every field is a keyword-only parameter of the constructor.
        * *gc*: ``False`` leaves out the garbage collector's 16-byte header (native core
          only): such records are never tracked, so a reference cycle through them is never
          freed.
        * *weakref*: add a ``__weakref__`` slot so that instances can be weakly referenced.
        * *module*: the ``__module__`` of the type; by default the caller's module, so that a
          type bound to a module-level name pickles.
        * *doc*: the docstring; by default the signature, as dataclasses write it:
          ``"Product(id: 'typing.Any', name: 'typing.Any')"``.
        """
        return build_type(parse_spec(typename, fields, defaults, bases, module, doc, options))

    # The options are taken as **options, to know which were given (the others come from
    # a record base); inspect.signature, help() and Sphinx read this signature instead,
    # which names each option with its default.
    make_record.__text_signature__ = _MAKE_RECORD_SIGNATURE
    make_record.__module__ = "slotrecord"
    make_record.__qualname__ = "make_record"
    return make_record


def dataclass_factory(meta: type) -> tuple[Callable[..., Any], Callable[..., type]]:
    """The ``dataclass`` decorator and ``make_dataclass`` of the implementation whose
    metaclass is *meta*: the stdlib's signatures, making record types."""

    def dataclass(cls: type | None = None, /, *, init: bool = True, repr: bool = True,
                  eq: bool = True, order: bool = False, unsafe_hash: bool = False,
                  frozen: bool = False, match_args: bool = True, kw_only: bool = False,
                  slots: bool = True, weakref_slot: bool = False, gc: bool = True) -> Any:
        """Make a record type of the decorated class, as ``dataclasses.dataclass(slots=True)``
        makes a new class of it: ``from slotrecord import dataclass, field`` in place of
        ``from dataclasses import dataclass, field``.

        The parameters are those of ``dataclasses.dataclass``, with *slots* true by default
        (a record always is slotted: ``slots=False`` is refused) and *weakref_slot* the
        record option *weakref*; *gc* is the record option ``gc``.
        """
        if not slots:
            raise TypeError("slotrecord.dataclass makes slotted classes only: slots=False is "
                            "not supported (use dataclasses.dataclass for a class whose "
                            "instances have a __dict__)")
        # Any values, read as true or false, as dataclasses read them.
        options = {"init": init, "repr": repr, "eq": eq, "order": order,
                   "unsafe_hash": unsafe_hash, "frozen": frozen, "match_args": match_args,
                   "kw_only": kw_only, "weakref": weakref_slot, "gc": gc}
        options = {name: bool(value) for name, value in options.items()}

        def wrap(cls: type) -> type:
            return _record_from_class(meta, cls, options)

        return wrap if cls is None else wrap(cls)

    def make_dataclass(cls_name: str, fields: Iterable[Any], *, bases: tuple[type, ...] = (),
                       namespace: dict[str, Any] | None = None, init: bool = True,
                       repr: bool = True, eq: bool = True, order: bool = False,
                       unsafe_hash: bool = False, frozen: bool = False,
                       match_args: bool = True, kw_only: bool = False, slots: bool = True,
                       weakref_slot: bool = False, module: str | None = None) -> type:
        """Make a record type as ``dataclasses.make_dataclass`` makes a dataclass: *fields*
        are names, ``(name, type)`` or ``(name, type, field(...))``; a bare name is
        annotated ``'typing.Any'``."""
        import types

        annotations, defaults = _make_dataclass_fields(fields)
        module = module or _caller_module()

        def body(ns: dict[str, Any]) -> None:
            ns.update(namespace or {})
            ns.update(defaults)
            ns["__annotations__"] = annotations
            ns["__module__"] = module

        cls = types.new_class(cls_name, bases, {}, body)
        return dataclass(cls, init=init, repr=repr, eq=eq, order=order,
                         unsafe_hash=unsafe_hash, frozen=frozen, match_args=match_args,
                         kw_only=kw_only, slots=slots, weakref_slot=weakref_slot)

    for function in (dataclass, make_dataclass):
        function.__module__ = "slotrecord"
        function.__qualname__ = function.__name__
    return dataclass, make_dataclass


def _record_from_class(meta: type, cls: type, options: dict[str, bool]) -> type:
    """The record type made of class *cls*: its namespace, bases and metaclass."""
    if not isinstance(cls, type):
        raise TypeError(f"dataclass() should be applied to a class, got {cls!r}")
    spec = cls.__dict__.get("__slotrecord__")
    if type(spec) is RecordSpec:  # a class statement deriving from a record made it one
        namespace = _class_body(cls, spec)
    elif "__slots__" in cls.__dict__:
        raise TypeError(f"{cls.__name__} already specifies __slots__")
    else:
        namespace = {key: value for key, value in cls.__dict__.items()
                     if key not in ("__dict__", "__weakref__")}
    namespace["__qualname__"] = cls.__qualname__
    for name in _own_annotations(cls.__dict__):
        # A default that is a descriptor is what the class gives for it, as dataclasses
        # read defaults with getattr (a descriptor that raises gives none).
        value = namespace.get(name)
        if hasattr(type(value), "__get__"):
            value = getattr(cls, name, MISSING)
            if value is MISSING:
                del namespace[name]
            else:
                namespace[name] = value
    bases = tuple([base for base in cls.__bases__ if base is not object])
    # The layout options only where they differ from their defaults: the others are the
    # decorator's, as dataclasses inherit no option, but a subclass keeps its base's layout.
    options = {key: value for key, value in options.items()
               if key not in _LAYOUT_DEFAULTS or value != _LAYOUT_DEFAULTS[key]}
    record = _metaclass_for(meta, type(cls))(cls.__name__, bases, namespace, **options)
    _rebind_class_cells(namespace, cls, record)
    return record


def _metaclass_for(meta: type, own: type) -> type:
    """The metaclass of the record type made of a class whose metaclass is *own*: *meta*,
    or, for a metaclass of the user's (``ABCMeta``, ...), one deriving from both, the
    user's first, so that its ``__new__`` makes the class as it makes any (through the
    record metaclass's) and then does its own work, as for a dataclass. One per record
    type: a cache would keep every metaclass it saw alive."""
    if own is type or issubclass(own, meta):
        return own if own is not type else meta
    return type(meta)(own.__name__, (own, meta), {"__module__": own.__module__,
                                                   "__qualname__": own.__qualname__})


_LAYOUT_DEFAULTS = {"gc": True, "weakref": False}


def _class_body(cls: type, spec: RecordSpec) -> dict[str, Any]:
    """The class body that record type *cls* was made of, to make it again."""
    namespace = {name: cls.__dict__[name] for name in spec.body if name in cls.__dict__}
    for name in ("__orig_bases__", "__firstlineno__", "__static_attributes__"):
        if name in cls.__dict__:  # what the class statement added (a generic's bases)
            namespace[name] = cls.__dict__[name]
    if "__orig_bases__" in namespace:  # but not what carries the type to cloudpickle
        namespace["__orig_bases__"] = _without_carrier(namespace["__orig_bases__"])
    namespace.update(spec.values)
    namespace["__module__"] = spec.module
    namespace["__annotations__"] = _own_annotations(cls.__dict__)
    if spec.doc is not None:
        namespace["__doc__"] = spec.doc
    return namespace


def _rebind_class_cells(namespace: dict[str, Any], old: type, new: type) -> None:
    """Point the ``__class__`` cell of the body's methods (what ``super()`` with no
    arguments reads) at the record type, as ``dataclass(slots=True)`` does for the class
    it makes."""
    for value in namespace.values():
        for function in (value, getattr(value, "__func__", None), getattr(value, "fget", None),
                         getattr(value, "fset", None), getattr(value, "fdel", None)):
            code = getattr(function, "__code__", None)
            if code is None or "__class__" not in code.co_freevars:
                continue
            cell = function.__closure__[code.co_freevars.index("__class__")]
            if cell.cell_contents is old:
                cell.cell_contents = new


def _make_dataclass_fields(fields: Iterable[Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The annotations and defaults of ``make_dataclass``'s fields, checked as the stdlib
    checks them."""
    from keyword import iskeyword

    annotations: dict[str, Any] = {}
    defaults: dict[str, Any] = {}
    for item in fields:
        if isinstance(item, str):
            name, annotation = item, "typing.Any"
        elif len(item) == 2:
            name, annotation = item
        elif len(item) == 3:
            name, annotation, defaults[item[0]] = item
        else:
            raise TypeError(f"Invalid field: {item!r}")
        if not isinstance(name, str) or not name.isidentifier():
            raise TypeError(f"Field names must be valid identifiers: {name!r}")
        if iskeyword(name):
            raise TypeError(f"Field names must not be keywords: {name!r}")
        if name in annotations:
            raise TypeError(f"Field name duplicated: {name!r}")
        annotations[name] = annotation
    return annotations, defaults


def field(
    *,
    default: Any = MISSING,
    default_factory: Callable[[], Any] | Any = MISSING,
    init: bool = True,
    repr: bool = True,
    hash: bool | None = None,
    compare: bool = True,
    metadata: Mapping[Any, Any] | None = None,
    kw_only: bool | Any = MISSING,
) -> Any:
    """Describe a field further than a plain default can: ``dataclasses.field``, whose
    ``Field`` it returns, with its arguments checked.

    * *default*: the value a missing argument takes.
    * *default_factory*: a callable of no arguments, called for each new record whose
      argument is missing (``field(default_factory=list)`` gives each record its own list).
    * *init*: the field is a parameter of the constructor; if not, it takes its default
      (or its factory's value), or stays unset.
    * *repr*: the field is shown in the ``repr``.
    * *hash*: the field is hashed; None (the default) follows *compare*.
    * *compare*: the field takes part in ``==`` and ordering.
    * *metadata*: a mapping kept, read-only (wrapped, not copied), for third-party tools.
    * *kw_only*: the field is a keyword-only parameter of the constructor (by default, the
      class's ``kw_only`` option decides).
    """
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    if default_factory is not MISSING and not callable(default_factory):
        raise TypeError(
            f"default_factory must be callable, got {type(default_factory).__name__}")
    for name, flag in (("init", init), ("repr", repr), ("compare", compare)):
        if not isinstance(flag, bool):
            raise TypeError(f"{name} must be a bool, got {type(flag).__name__}")
    if hash is not None and not isinstance(hash, bool):
        raise TypeError(f"hash must be a bool or None, got {type(hash).__name__}")
    if kw_only is not MISSING and not isinstance(kw_only, bool):
        raise TypeError(f"kw_only must be a bool, got {type(kw_only).__name__}")
    if metadata is not None:
        try:
            MappingProxyType(metadata)  # what dataclasses wrap it in
        except TypeError:
            raise TypeError("metadata must be a mapping or None, got "
                            f"{type(metadata).__name__}") from None
    import dataclasses

    return dataclasses.field(
        default=dataclasses.MISSING if default is MISSING else default,
        default_factory=dataclasses.MISSING if default_factory is MISSING else default_factory,
        init=init, repr=repr, hash=hash, compare=compare, metadata=metadata,
        kw_only=dataclasses.MISSING if kw_only is MISSING else kw_only)


def fields(record_or_type: object) -> tuple[Field, ...]:
    """Return the fields of a record type or instance, in declaration order."""
    spec = getattr(record_or_type, "__slotrecord__", None)
    if type(spec) is not RecordSpec:
        raise TypeError(
            "fields() argument must be a record type or instance, "
            f"not {type(record_or_type).__name__}"
        )
    return spec.fields
