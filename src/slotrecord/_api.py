"""The functions of the front end that users call: ``make_record`` (as each
implementation's ``record_factory`` makes it), ``field`` and ``fields``.

They stay pure Python where the rest of the front end is compiled (``setup.py`` builds
``_spec`` and ``_native`` with Cython), so that a call with wrong arguments gets CPython's
own ``TypeError``, word for word, whichever way slotrecord was installed.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ._spec import _NO_METADATA, MISSING, Field, RecordSpec, parse_spec

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds to import: only type checkers read it
    from collections.abc import Callable, Iterable
    from typing import Any

__all__ = ["field", "fields", "record_factory"]


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

        ``make_record(typename, fields, *, defaults=None, bases=(), frozen=False, eq=True,
        order=False, kw_only=False, gc=True, weakref=False, module=None, doc=None)``

        *fields* is one string, ``"id name price"`` or ``"id, name, price"``; an iterable
        of names or of ``(name, type)`` pairs; or a mapping of name to type. A type is
        the field's annotation, as in a class body: a native type (``slotrecord.f64``,
        ...) stores the field as a raw C value. Instances behave as those of the equivalent
        ``dataclasses.dataclass(slots=True)``: construction by position and keyword with the
        same errors, ``repr``, ``==``, ordering with ``order=True``, hashing when ``frozen``
        and ``eq``, no instance ``__dict__``, ``copy``, ``pickle`` and ``__replace__``.

        * *defaults*: a mapping of field name to default value or ``field(...)``.
        * *bases*: classes to inherit from. A record type among them contributes its fields
          first, and its options unless given here; the others must have ``__slots__``.
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
        return build_type(parse_spec(typename, fields, defaults, bases, module, doc, options))

    make_record.__module__ = "slotrecord"
    make_record.__qualname__ = "make_record"
    return make_record


def field(
    *,
    default: Any = MISSING,
    default_factory: Callable[[], Any] | Any = MISSING,
    kw_only: bool | Any = MISSING,
    metadata: Mapping[Any, Any] | None = None,
) -> Any:
    """Describe a field further than a plain default can, as ``dataclasses.field`` does.

    * *default*: the value a missing argument takes.
    * *default_factory*: a callable of no arguments, called for each new record whose
      argument is missing (``field(default_factory=list)`` gives each record its own list).
    * *kw_only*: the field is a keyword-only parameter of the constructor (by default, the
      class's ``kw_only`` option decides).
    * *metadata*: a mapping kept, read-only, on the field for third-party tools.
    """
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    if default_factory is not MISSING and not callable(default_factory):
        raise TypeError(
            f"default_factory must be callable, got {type(default_factory).__name__}")
    if kw_only is not MISSING and not isinstance(kw_only, bool):
        raise TypeError(f"kw_only must be a bool, got {type(kw_only).__name__}")
    if metadata is None:
        metadata = _NO_METADATA
    elif isinstance(metadata, Mapping):
        metadata = MappingProxyType(dict(metadata))
    else:
        raise TypeError(f"metadata must be a mapping or None, got {type(metadata).__name__}")
    return Field(None, MISSING, default, default_factory, kw_only, metadata, None)


def fields(record_or_type: object) -> tuple[Field, ...]:
    """Return the fields of a record type or instance, in declaration order."""
    spec = getattr(record_or_type, "__slotrecord__", None)
    if type(spec) is not RecordSpec:
        raise TypeError(
            "fields() argument must be a record type or instance, "
            f"not {type(record_or_type).__name__}"
        )
    return spec.fields
