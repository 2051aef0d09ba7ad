"""The front end: turn the arguments of ``make_record`` into one validated ``RecordSpec``.

Both implementations build their types from a ``RecordSpec`` and never validate on their
own, so every error about a record *description* is raised here, once, with one message.
"""

from __future__ import annotations

import sys
from collections import namedtuple
from collections.abc import Iterable, Mapping
from keyword import iskeyword

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds to import: only type checkers read it
    from collections.abc import Callable
    from typing import Any

__all__ = [
    "MISSING",
    "Field",
    "RecordSpec",
    "bad_state_message",
    "class_namespace",
    "fields",
    "frozen_error",
    "not_a_record_message",
    "parse_spec",
    "record_factory",
]


class _MissingType:
    """The type of ``MISSING``: a field's default when it has none."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"

    def __reduce__(self) -> str:
        return "MISSING"


MISSING: Any = _MissingType()


class Field(namedtuple("Field", ["name", "default", "kw_only"])):
    """One field of a record type, as ``slotrecord.fields()`` reports it."""

    __slots__ = ()


_SPEC_ATTRIBUTES = ["typename", "module", "doc", "fields", "frozen", "eq", "order", "gc",
                    "weakref", "names", "params", "npositional"]


class RecordSpec(namedtuple("RecordSpec", _SPEC_ATTRIBUTES)):
    """Everything both implementations need to build one record type, made by
    ``parse_spec`` only.

    ``names`` are the field names in field order. ``params`` lists field indices in
    ``__init__`` parameter order: the ``npositional`` positional parameters first, then
    the keyword-only ones, as dataclasses order them.
    """

    __slots__ = ()

    @property
    def match_args(self) -> tuple[str, ...]:
        return tuple(self.names[i] for i in self.params[:self.npositional])

    @property
    def self_name(self) -> str:
        """The name of ``__init__``'s first parameter, as dataclasses choose it."""
        return "__dataclass_self__" if "self" in self.names else "self"

    @property
    def init_qualname(self) -> str:
        """The ``__qualname__`` of ``__init__``, which prefixes its ``TypeError`` messages."""
        return f"{self.typename}.__init__"


def record_factory(build_type: Callable[[RecordSpec], type]) -> Callable[..., type]:
    """The ``make_record`` of one implementation: parse here, build with *build_type*.

    Written once so that both implementations take the same arguments and reject bad
    ones with the same messages.
    """

    def make_record(
        typename: str,
        fields: Iterable[str] | str,
        *,
        defaults: Mapping[str, Any] | None = None,
        frozen: bool = False,
        eq: bool = True,
        order: bool = False,
        kw_only: bool = False,
        gc: bool = True,
        weakref: bool = False,
        module: str | None = None,
        doc: str | None = None,
    ) -> type:
        """Make a record type: a class with a fixed set of fields stored inline.

        ``make_record(typename, fields, *, defaults=None, frozen=False, eq=True, order=False,
        kw_only=False, gc=True, weakref=False, module=None, doc=None)``

        *fields* is an iterable of names or one string, ``"id name price"`` or
        ``"id, name, price"``. Instances behave as those of the equivalent
        ``dataclasses.dataclass(slots=True)``: construction by position and keyword with the
        same errors, ``repr``, ``==``, ordering with ``order=True``, hashing when ``frozen``
        and ``eq``, no instance ``__dict__``, ``copy``, ``pickle`` and ``__replace__``.

        * *defaults*: a mapping of field name to default value.
        * *frozen*: assigning or deleting a field raises ``dataclasses.FrozenInstanceError``.
        * *eq* and *order*: generate ``==`` and ``<``, ``<=``, ``>``, ``>=``.
        * *kw_only*: every field is a keyword-only parameter of the constructor.
        * *gc*: ``False`` leaves out the garbage collector's 16-byte header (native core
          only): such records are never tracked, so a reference cycle through them is never
          freed.
        * *weakref*: add a ``__weakref__`` slot so that instances can be weakly referenced.
        * *module*: the ``__module__`` of the type; by default the caller's module, so that a
          type bound to a module-level name pickles.
        * *doc*: the docstring; by default ``"typename(field, ...)"``.
        """
        return build_type(parse_spec(
            typename, fields, defaults=defaults, frozen=frozen, eq=eq, order=order,
            kw_only=kw_only, gc=gc, weakref=weakref, module=module, doc=doc,
        ))

    make_record.__module__ = "slotrecord"
    make_record.__qualname__ = "make_record"
    return make_record


def parse_spec(
    typename: object,
    fields: object,
    *,
    defaults: object = None,
    frozen: object = False,
    eq: object = True,
    order: object = False,
    kw_only: object = False,
    gc: object = True,
    weakref: object = False,
    module: object = None,
    doc: object = None,
) -> RecordSpec:
    """Validate the arguments of ``make_record`` and return their ``RecordSpec``."""
    typename = _check_typename(typename)
    names = _parse_names(fields)
    options = {"frozen": frozen, "eq": eq, "order": order, "kw_only": kw_only,
               "gc": gc, "weakref": weakref}
    for option, value in options.items():
        if not isinstance(value, bool):
            raise TypeError(f"{option} must be a bool, got {type(value).__name__}")
    if order and not eq:
        raise ValueError("eq must be true if order is true")
    field_specs = _make_fields(names, _parse_defaults(names, defaults), kw_only)
    positional = tuple(i for i, field in enumerate(field_specs) if not field.kw_only)
    keyword_only = tuple(i for i, field in enumerate(field_specs) if field.kw_only)
    return RecordSpec(
        typename=typename,
        module=_check_optional_str("module", module) or _caller_module(),
        doc=_check_optional_str("doc", doc) or f"{typename}({', '.join(names)})",
        fields=field_specs,
        frozen=frozen,
        eq=eq,
        order=order,
        gc=gc,
        weakref=weakref,
        names=names,
        params=positional + keyword_only,
        npositional=len(positional),
    )


def class_namespace(spec: RecordSpec) -> dict[str, Any]:
    """The class attributes that both implementations give a record type."""
    slots = (*spec.names, "__weakref__") if spec.weakref else spec.names
    namespace = {
        "__slots__": slots,
        "__match_args__": spec.match_args,
        "__module__": spec.module,
        "__qualname__": spec.typename,
        "__doc__": spec.doc,
        "__slotrecord__": spec,
    }
    if spec.eq and not spec.frozen:
        namespace["__hash__"] = None  # as dataclasses do: mutable and comparable is unhashable
    return namespace


def _check_typename(typename: object) -> str:
    if not isinstance(typename, str):
        raise TypeError(f"typename must be a string, got {type(typename).__name__}")
    typename = str.__str__(typename)  # a plain str, whatever subclass came in
    if not typename.isidentifier() or iskeyword(typename):
        raise ValueError(f"typename must be a valid identifier, got {typename!r}")
    return typename


def _parse_names(fields: object) -> tuple[str, ...]:
    if isinstance(fields, str):
        fields = fields.replace(",", " ").split()
    elif isinstance(fields, Mapping) or not isinstance(fields, Iterable):
        raise TypeError(
            f"fields must be a string or an iterable of strings, got {type(fields).__name__}"
        )
    names: list[str] = []
    seen: set[str] = set()
    for name in fields:
        name = _check_field_name(name)
        if name in seen:
            raise ValueError(f"duplicate field name {name!r}")
        seen.add(name)
        names.append(sys.intern(name))
    return tuple(names)


def _check_field_name(name: object) -> str:
    if not isinstance(name, str):
        raise TypeError(f"field names must be strings, got {type(name).__name__}: {name!r}")
    name = str.__str__(name)
    if not name.isidentifier():
        raise ValueError(f"field name must be a valid identifier, got {name!r}")
    if iskeyword(name):
        raise ValueError(f"field name must not be a keyword, got {name!r}")
    if name.startswith("__"):
        raise ValueError(f"field name must not start with '__', got {name!r}")
    if not name.isascii():
        # Python reads identifiers in NFKC form: a name in another form could be set
        # with setattr() but never written in source code.
        from unicodedata import normalize

        if normalize("NFKC", name) != name:
            raise ValueError(f"field name must be in NFKC normal form, got {name!r}")
    return name


def _parse_defaults(names: tuple[str, ...], defaults: object) -> dict[str, Any]:
    if defaults is None:
        return {}
    if not isinstance(defaults, Mapping):
        raise TypeError(
            f"defaults must be a mapping of field name to value, got {type(defaults).__name__}"
        )
    parsed = dict(defaults)
    for name, value in parsed.items():
        if name not in names:
            raise ValueError(f"default given for unknown field {name!r}")
        if type(value).__hash__ is None:
            raise ValueError(
                f"mutable default {type(value)} for field {name} is not allowed: "
                "use an immutable value"
            )
    return parsed


def _make_fields(
    names: tuple[str, ...], defaults: dict[str, Any], kw_only: bool
) -> tuple[Field, ...]:
    fields = tuple(Field(name, defaults.get(name, MISSING), kw_only) for name in names)
    with_default = None
    for field in fields:
        if field.kw_only:
            continue  # keyword-only fields may take defaults in any order
        if field.default is not MISSING:
            with_default = field.name
        elif with_default is not None:
            raise TypeError(
                f"non-default argument {field.name!r} follows default argument {with_default!r}"
            )
    return fields


def _check_optional_str(option: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{option} must be a string or None, got {type(value).__name__}")
    return str.__str__(value)


def _caller_module() -> str:
    """The module that called ``make_record``, as ``collections.namedtuple`` infers it.

    Walks out of slotrecord's own frames, so the answer is the same whether the
    implementation calling this is compiled (frameless) or pure Python.
    """
    try:
        frame = sys._getframe(1)
    except (AttributeError, ValueError):  # not CPython, or no caller
        return "__main__"
    while frame is not None:
        name = frame.f_globals.get("__name__")
        if name != "slotrecord" and not str(name).startswith("slotrecord."):
            return name if isinstance(name, str) else "__main__"
        frame = frame.f_back
    return "__main__"


# ---------------------------------------------------------------------------------------
# What both implementations share after a type is built: the ``fields()`` helper and the
# messages of the errors that records raise outside ``__init__``.


def fields(record_or_type: object) -> tuple[Field, ...]:
    """Return the fields of a record type or instance, in declaration order."""
    spec = getattr(record_or_type, "__slotrecord__", None)
    if type(spec) is not RecordSpec:
        raise TypeError(
            "fields() argument must be a record type or instance, "
            f"not {type(record_or_type).__name__}"
        )
    return spec.fields


def not_a_record_message(function: str, obj: object) -> str:
    return f"{function}() argument must be a record instance, not {type(obj).__name__}"


def bad_state_message(spec: RecordSpec, state: object) -> str:
    got = f"a tuple of {len(state)}" if type(state) is tuple else type(state).__name__
    return (
        f"{spec.typename}.__setstate__() expects a tuple of {len(spec.fields)} "
        f"field values, got {got}"
    )


def frozen_error(action: str, name: str) -> Exception:
    """``dataclasses.FrozenInstanceError``, imported on first use: dataclasses is slow to
    import, and only a frozen record that is written to needs it."""
    from dataclasses import FrozenInstanceError

    return FrozenInstanceError(f"{action} {name!r}")
