"""The front end: turn a record description into one validated ``RecordSpec``.

A description comes as the arguments of ``make_record`` (``parse_spec``) or as a class
body under ``class P(Record)`` (``parse_class``). Both implementations build their types
from a ``RecordSpec`` and never validate on their own, so every error about a description
is raised here, once, with one message. What both implementations share after a type is
built (the metaclass's front half, the dataclass interop, the messages of errors that
records raise) is here too; the functions users call (``make_record``'s signature,
``field``, ``fields``) are in ``_api``.

Where the native core is built, this module and ``_native`` are compiled too (by Cython,
from this same source), which makes ``make_record`` a third faster; the source is what
runs where nothing is built or ``SLOTRECORD_NO_EXTENSIONS`` is set. Both run the same
tests. Neither module holds a closure or a generator (a generator expression is one):
compiled by Cython 3.3, each call of one leaks a reference, which the leak hunt finds.
"""

from __future__ import annotations

import sys
from collections import namedtuple
from collections.abc import Iterable, Mapping
from keyword import iskeyword
from sys import intern
from types import MappingProxyType

from ._native import native_of

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds to import: only type checkers read it
    from collections.abc import Callable
    from typing import Any

__all__ = [
    "HAS_FACTORY",
    "MISSING",
    "SELF_IS_EQUAL",
    "UNSET",
    "Field",
    "RecordMeta",
    "RecordSpec",
    "bad_state_message",
    "check_record_subclass",
    "check_replace_changes",
    "class_namespace",
    "frozen_error",
    "generated_methods",
    "init_default",
    "init_signature",
    "not_a_record_message",
    "not_a_record_type_message",
    "parse_class",
    "parse_spec",
    "root_namespace",
    "unexpected_keyword_message",
]


class _Sentinel:
    """A named marker object that pickles as the module attribute of its name."""

    __slots__ = ("_name", "_repr")

    def __init__(self, name: str, text: str) -> None:
        self._name = name
        self._repr = text

    def __repr__(self) -> str:
        return self._repr

    def __reduce__(self) -> str:
        return self._name


MISSING: Any = _Sentinel("MISSING", "MISSING")

# From 3.13 a dataclass's __eq__ finds a record equal to itself before reading any field
# (so even one with a deleted field); before, it compares the fields' tuples. Records
# follow the dataclasses of the Python they run on.
SELF_IS_EQUAL = sys.version_info >= (3, 13)
# An unset field (init=False with no default, or deleted) is UNSET in a record's state,
# where copying or pickling the dataclass leaves its slot out (see RecordSpec.keeps_unset).
UNSET: Any = _Sentinel("UNSET", "UNSET")
# The __init__ default of a field with a default_factory: the factory runs when it is seen.
HAS_FACTORY: Any = _Sentinel("HAS_FACTORY", "<factory>")
_NO_METADATA = MappingProxyType({})
# A namedtuple's __new__ is Python code that binds its arguments by name: the front end
# makes its Field and RecordSpec tuples with tuple's own, in field order.
_tuple_new = tuple.__new__


# The tuples' classes name this module (namedtuple would ask the caller's frame, which
# the compiled module does not give it).
class Field(namedtuple("FieldTuple", ["name", "type", "default", "default_factory", "init",
                                      "repr", "hash", "compare", "metadata", "kw_only",
                                      "native"], module=__name__)):
    """One field of a record type, as ``slotrecord.fields()`` reports it; ``field()``
    makes one without a name, to be given a name by the class body it appears in. The
    attributes are those of ``dataclasses.Field``; ``native`` is the field's
    ``NativeType`` when its annotation declares one (``slotrecord.f64``, ...), else None."""

    __slots__ = ()


_SPEC_ATTRIBUTES = ["typename", "qualname", "module", "doc", "fields", "initvars",
                    "classvars", "init", "repr", "eq", "order", "unsafe_hash", "frozen",
                    "match_args", "kw_only", "gc", "weakref", "hash_action", "bases", "slots",
                    "body", "values", "names", "declared", "params", "npositional"]


class RecordSpec(namedtuple("RecordSpecTuple", _SPEC_ATTRIBUTES, module=__name__)):
    """Everything both implementations need to build one record type, made by
    ``parse_spec`` and ``parse_class`` only.

    ``fields`` are the fields a record stores, the base record's first, and ``names``
    their names; ``initvars`` are the ``InitVar`` pseudo-fields, which ``__init__`` takes
    and passes to ``__post_init__``, and ``classvars`` the ``ClassVar`` ones, which only
    ``__dataclass_fields__`` shows. ``slots`` are the ``__slots__`` this type adds to its
    base's. ``declared`` names the fields and InitVars in the order they were declared.
    ``values`` are the values the class body gave its annotated names, as given (a
    ``field()``, a default), as ``(name, value)`` pairs. ``body`` names what a class body
    defined besides fields (methods and class attributes). ``params`` lists ``__init__``'s
    parameters in order, each as an index into ``fields + initvars``: the ``npositional``
    positional parameters first, then the keyword-only ones, as dataclasses order them.
    ``match_args`` is ``__match_args__``, or None where the class does not set it.
    ``hash_action`` is what dataclasses' table decides for ``__hash__``: ``"add"`` the
    generated one, ``"none"`` (unhashable), or ``"keep"`` what the class body and bases
    give.
    """

    __slots__ = ()

    @property
    def tracked(self) -> bool:
        """Whether the native core's records carry the collector's header: not with
        ``gc=False``, nor when every field is native (such a record holds no object)."""
        natives = [field.native for field in self.fields]
        return self.gc and (not natives or None in natives or self.has_dict)

    @property
    def has_dict(self) -> bool:
        """Whether records have a ``__dict__``, as instances of a base do: a slotted
        dataclass over such a base has one too."""
        return any([base.__dictoffset__ for base in self.bases])

    @property
    def keeps_unset(self) -> bool:
        """Whether copying or pickling a record keeps an unset field unset, as the
        dataclass's default state does (object's, which leaves unset slots out), or raises
        AttributeError: as frozen slotted dataclasses, whose state is the list of every
        field's value."""
        return not self.frozen

    @property
    def self_name(self) -> str:
        """The name of ``__init__``'s first parameter, as dataclasses choose it."""
        return "__dataclass_self__" if "self" in self.param_names else "self"

    @property
    def param_names(self) -> tuple[str, ...]:
        described = self.fields + self.initvars
        return tuple([described[i].name for i in self.params])

    @property
    def init_qualname(self) -> str:
        """The ``__qualname__`` of ``__init__``, which prefixes its ``TypeError`` messages."""
        return f"{self.qualname}.__init__"


# The options of a record type and their defaults: those of dataclasses, with gc and
# weakref (dataclasses' weakref_slot). Those in _INHERITED pass from a base record to its
# subclasses unless given again; those in _LAYOUT cannot change there.
_OPTIONS = {"init": True, "repr": True, "eq": True, "order": False, "unsafe_hash": False,
            "frozen": False, "match_args": True, "kw_only": False, "gc": True,
            "weakref": False}
_INHERITED = ("frozen", "eq", "order", "gc", "weakref")
_LAYOUT = ("gc", "weakref")
_OPTION_LIST = ", ".join(_OPTIONS)


def parse_spec(typename: object, fields: object, defaults: object, bases: object,
               module: object, doc: object, options: dict[str, object]) -> RecordSpec:
    """Validate the arguments of ``make_record`` and return their ``RecordSpec``."""
    typename = _check_typename(typename)
    bases, base = _parse_bases(typename, bases)
    for option in options:
        if option not in _OPTIONS:
            raise TypeError(f"make_record() got an unexpected keyword argument '{option}' "
                            f"(the options are {_OPTION_LIST})")
    options = _resolve_options(options, base, bases)
    module = _check_optional_str("module", module) or _caller_module()
    declared = _parse_fields(fields)
    defaults = _parse_defaults(declared, defaults)
    values = tuple(defaults.items())
    own = _describe(typename, declared, defaults, options["kw_only"], module)
    return _make_spec(typename, typename, module, doc, bases, base, own, options, (), {},
                      values)


def parse_class(
    name: str, bases: tuple[type, ...], namespace: dict[str, Any], options: dict[str, Any]
) -> tuple[RecordSpec, dict[str, Any]]:
    """Validate a class body under ``class P(Record, **options)``: its ``RecordSpec``,
    and the namespace to create the class with (the body without its field defaults)."""
    for option in options:
        if option not in _OPTIONS:
            raise TypeError(f"{name}: unknown record option {option!r} "
                            f"(the options are {_OPTION_LIST})")
    if "__slots__" in namespace:
        raise TypeError(f"{name} must not define __slots__: records lay out their fields "
                        "themselves")
    bases, base = _parse_bases(name, bases)
    options = _resolve_options(options, base, bases)
    namespace = dict(namespace)
    module = namespace.get("__module__")
    values = tuple([(name, namespace[name]) for name in _own_annotations(namespace)
                    if name in namespace])
    own = _describe(namespace.get("__qualname__", name), _own_annotations(namespace),
                    namespace, options["kw_only"], module)
    body = tuple([key for key in namespace if key not in _COMPILER_KEYS])
    spec = _make_spec(name, namespace.get("__qualname__", name), module,
                      namespace.get("__doc__"), bases, base, own, options, body, namespace,
                      values)
    _check_overrides(spec, namespace)
    return spec, namespace


# What the compiler puts in every class body: not part of what the body itself defines.
_COMPILER_KEYS = frozenset({"__module__", "__qualname__", "__doc__", "__annotations__",
                            "__annotate__", "__annotate_func__", "__annotations_cache__",
                            "__classcell__", "__classdictcell__", "__firstlineno__",
                            "__static_attributes__", "__orig_bases__"})


def _make_spec(typename, qualname, module, doc, bases, base, own, options, body,
               namespace, values) -> RecordSpec:
    """The spec of a type with the fields of *base* (a RecordSpec or None), then *own*
    (what ``_describe`` made of the type's own declarations), whose class body, if any,
    is *namespace*."""
    declared = _merge_declared(typename, base, own)
    fields = tuple([field for field, kind in declared.values() if kind is _FIELD])
    initvars = tuple([field for field, kind in declared.values() if kind is _INITVAR])
    classvars = tuple([field for field, kind in own.values() if kind is _CLASSVAR])
    names = tuple([field.name for field in fields])
    wanted = (*names, "__weakref__") if options["weakref"] else names
    if bases:  # a slot a base already has is not declared again, as in dataclasses
        inherited = _inherited_slots(bases)
        slots = tuple([name for name in wanted if name not in inherited])
    else:
        slots = wanted
    if not options["gc"]:
        _check_untracked_bases(typename, bases)
    params, npositional = _init_params(declared, fields, initvars)
    if options["init"]:  # what dataclasses check as they write __init__
        _check_default_order([(fields + initvars)[i] for i in params[:npositional]])
    if options["match_args"]:  # the positional parameters, InitVars too, as dataclasses
        match_args = tuple([(fields + initvars)[i].name for i in params[:npositional]])
    else:
        match_args = None
    return _tuple_new(RecordSpec, (  # in the order of _SPEC_ATTRIBUTES
        typename,
        qualname,
        module or _caller_module(),
        _check_optional_str("doc", doc),
        fields,
        initvars,
        classvars,
        options["init"],
        options["repr"],
        options["eq"],
        options["order"],
        options["unsafe_hash"],
        options["frozen"],
        match_args,
        options["kw_only"],
        options["gc"],
        options["weakref"],
        _hash_action(qualname, options, namespace),
        bases,
        slots,
        body,
        values,
        names,
        tuple(declared),
        params,
        npositional,
    ))


def _check_untracked_bases(typename: str, bases: tuple[type, ...]) -> None:
    """gc=False: records the collector does not see cannot have a ``__dict__``, whose
    contents may refer back to them."""
    for base in bases:
        if base.__dictoffset__:
            raise TypeError(f"{typename} cannot have gc=False: instances of its base "
                            f"{base.__qualname__} have a __dict__, which the collector "
                            "must see")


def _inherited_slots(bases: tuple[type, ...]) -> set[str]:
    """The slots the classes of *bases* and their bases declare (with ``__weakref__`` and
    ``__dict__`` where instances have them), as dataclasses collect them."""
    inherited = set()
    for base in bases:
        for klass in base.__mro__:
            if klass is object:
                continue
            slots = klass.__dict__.get("__slots__")
            if slots is None:
                if klass.__weakrefoffset__:
                    inherited.add("__weakref__")
                if klass.__dictoffset__:
                    inherited.add("__dict__")
            elif isinstance(slots, str):
                inherited.add(slots)
            elif hasattr(slots, "__next__"):  # an iterator, consumed when the class was made
                raise TypeError(f"Slots of '{klass.__name__}' cannot be determined")
            else:
                inherited.update(slots)
    return inherited


def _merge_declared(typename, base, own) -> dict[str, tuple[Field, object]]:
    """The fields and InitVars of a subclass, as name -> (Field, kind): its base's, then
    its own; one given again keeps its place, as in dataclasses, and its kind (object or
    native), as the layout is the base's."""
    declared = {}
    if base is not None:
        inherited = {field.name: (field, _FIELD) for field in base.fields}
        inherited.update({field.name: (field, _INITVAR) for field in base.initvars})
        declared = {name: inherited[name] for name in base.declared}
    for name, (field, kind) in own.items():
        if kind is _CLASSVAR:
            declared.pop(name, None)
            continue
        if name in declared:
            inherited, inherited_kind = declared[name]
            if inherited_kind is _FIELD and (kind is not _FIELD
                                             or inherited.native is not field.native):
                raise TypeError(f"{typename}.{name} cannot change from "
                                f"{_kind(inherited)} to {_kind(field, kind)}: a subclass "
                                "keeps its base's layout")
        declared[name] = (field, kind)
    return declared


def _init_params(declared, fields, initvars) -> tuple[tuple[int, ...], int]:
    """``__init__``'s parameters as indices into ``fields + initvars``, positional ones
    first (as dataclasses order them), and how many are positional."""
    if not initvars:  # then the declared order is the fields' order
        positional = [i for i in range(len(fields))
                      if fields[i].init and not fields[i].kw_only]
        if len(positional) == len(fields):
            return tuple(positional), len(positional)
        keyword = [i for i in range(len(fields)) if fields[i].init and fields[i].kw_only]
        return tuple(positional + keyword), len(positional)
    index = {field.name: i for i, field in enumerate(fields)}
    index.update({field.name: len(fields) + i for i, field in enumerate(initvars)})
    described = [field for field, kind in declared.values() if kind is _INITVAR or field.init]
    positional = [index[field.name] for field in described if not field.kw_only]
    keyword = [index[field.name] for field in described if field.kw_only]
    return tuple(positional + keyword), len(positional)


def _hash_action(typename: str, options: dict[str, bool], namespace: Mapping[str, Any]) -> str:
    """What dataclasses' table decides for ``__hash__``, from the options and whether the
    class body defines ``__hash__`` (a ``__hash__ = None`` that Python set beside a body's
    ``__eq__`` does not count)."""
    body_hash = namespace.get("__hash__", MISSING)
    explicit = body_hash is not MISSING and not (body_hash is None and "__eq__" in namespace)
    if options["unsafe_hash"]:
        if explicit:
            raise TypeError(f"Cannot overwrite attribute __hash__ in class {typename}")
        return "add"
    if options["eq"] and not explicit:
        return "add" if options["frozen"] else "none"
    return "keep"


def _kind(field: Field, kind: object = None) -> str:
    if kind is _INITVAR:
        return "an InitVar"
    return field.native.name if field.native else "an object field"


def class_namespace(spec: RecordSpec, body: Mapping[str, Any] | None,
                    complete: Callable[[type, RecordSpec], None]) -> dict[str, Any]:
    """The namespace both implementations create a record type with: the class body, if
    any, with the attributes every record type has, and first of all the ``Completion``
    that calls *complete(cls, spec)* while ``type.__new__`` makes the class."""
    namespace = {_COMPLETION: None}  # first: a body cannot move it (see Completion)
    namespace.update(body or {})
    namespace.update({
        "__slots__": spec.slots,
        "__module__": spec.module,
        "__qualname__": spec.qualname,
        "__doc__": spec.doc if spec.doc is not None else _DEFAULT_DOC,
        "__slotrecord__": spec,
        _COMPLETION: Completion(complete, spec),
    })
    namespace.update(dataclass_face(spec))
    if body is None:  # make_record's fields, annotated as make_dataclass annotates them
        namespace["__annotations__"] = {field.name: field.type for field in spec.fields}
    if spec.match_args is not None and "__match_args__" not in namespace:
        namespace["__match_args__"] = spec.match_args
    if spec.hash_action == "none":
        namespace["__hash__"] = None  # as dataclasses do: mutable and comparable is unhashable
    elif spec.hash_action == "add":
        namespace.pop("__hash__", None)  # the None Python set beside a body's __eq__
    if spec.frozen:
        namespace["__setattr__"] = _method_of(spec, _FROZEN["__setattr__"])
        namespace["__delattr__"] = _method_of(spec, _FROZEN["__delattr__"])
    return namespace


_COMPLETION = "__slotrecord_completion__"


class Completion:
    """The first entry of every record type's namespace. ``type.__new__`` lays out the
    slots, then calls ``__set_name__`` on the namespace's values in order, then the bases'
    ``__init_subclass__``: this one's runs first, and completes the type there (its
    methods, its native fields, the native core's schema), so that no code of the user's,
    a ``__set_name__`` or ``__init_subclass__`` hook included, sees a record type half made.
    It removes itself from the class, and works once."""

    __slots__ = ("_complete", "_spec")

    def __init__(self, complete: Callable[[type, RecordSpec], None], spec: RecordSpec) -> None:
        self._complete = complete
        self._spec = spec

    def __set_name__(self, owner: type, name: str) -> None:
        complete, self._complete = self._complete, None
        if complete is None or name != _COMPLETION or owner.__dict__.get(name) is not self:
            raise TypeError("a record type's completion runs once, for its own type")
        type.__delattr__(owner, name)
        complete(owner, self._spec)
        # What the class statement listed, then what carries the type to cloudpickle.
        bases = owner.__dict__.get("__orig_bases__", owner.__bases__)
        type.__setattr__(owner, "__orig_bases__", (*_without_carrier(bases),
                                                    TypeCarrier(owner)))


class TypeCarrier:
    """The last of a record type's ``__orig_bases__``: how cloudpickle carries the type.

    cloudpickle pickles a class it cannot import (one made in ``__main__``, a notebook or
    a function) as a skeleton class, ``types.new_class(name, __orig_bases__, ...)``, whose
    attributes it then sets one by one: a record's layout cannot be made that way. This
    object pickles as the type's description, which unpickles as a carrier of the type,
    rebuilt once per process (see ``_pickling``); ``__mro_entries__`` drops it from the
    skeleton's bases, and ``RecordMeta.__new__``, finding it among the skeleton's
    ``__orig_bases__``, returns the rebuilt type, whose attributes cloudpickle then sets
    to what they already are."""

    __slots__ = ("by_value", "cls")

    def __init__(self, cls: type) -> None:
        self.cls = cls
        self.by_value = None  # the type's TypeByValue, made when first pickled

    def __mro_entries__(self, bases):
        return ()

    def __reduce__(self):
        from ._pickling import reduce_carrier

        return reduce_carrier(self)

    def __repr__(self) -> str:
        return f"<carrier of record type {self.cls.__qualname__} for cloudpickle>"


def _without_carrier(bases: tuple) -> tuple:
    return tuple([base for base in bases if type(base) is not TypeCarrier])


def _carried_type(namespace) -> type | None:
    """The record type a cloudpickle skeleton's namespace carries, or None."""
    bases = namespace.get("__orig_bases__")
    if type(bases) is tuple and bases and type(bases[-1]) is TypeCarrier:
        return bases[-1].cls
    return None


def generated_methods(spec: RecordSpec) -> list[str]:
    """The methods each implementation puts in a record type's own namespace, unless its
    class body wrote them: those a ``dataclass(slots=True)`` with these options defines,
    with the pickling and copying methods, so that a mixin or base defining one of them
    does not override it (bases come after the class in the MRO)."""
    names = ["__copy__", "__replace__"]
    if "__getstate__" not in spec.body and "__setstate__" not in spec.body:
        names.append("__reduce__")  # else pickle uses the class's own state
    if "__setstate__" not in spec.body:  # it takes a __getstate__'s list of values too
        names.append("__setstate__")
    elif spec.frozen and "__getstate__" not in spec.body:
        names.append("__getstate__")  # the list of values, as a frozen slotted dataclass
    if spec.init:
        names.append("__init__")
    if spec.repr:
        names.append("__repr__")
    if spec.eq:
        names.append("__eq__")
    if spec.hash_action == "add":
        names.append("__hash__")
    if spec.order:
        names += ["__lt__", "__le__", "__gt__", "__ge__"]
    return names


def root_namespace(module: str) -> dict[str, Any]:
    """The namespace of ``Record``, the base of every record type of the implementation
    *module* (so that a pickle names the one it means)."""
    return {
        "__slots__": (),
        "__module__": module,
        "__qualname__": "Record",
        "__doc__": _RECORD_DOC,
        "__dataclass_fields__": DataclassFields(),
        "__rich_repr__": rich_repr,
    }


_RECORD_DOC = """The base of record types declared with class syntax::

    class Product(Record, frozen=True):
        id: int
        name: str
        price: float = 0.0
        tags: tuple[str, ...] = ()

Each annotated name is a field, kept inline in the instance; a value is its default, and
``field()`` says more. The class keywords are the options of ``make_record``. Every record
type, whether made by a class statement or by ``make_record``, derives from ``Record``.
"""


# A frozen record's __setattr__ and __delattr__, as plain Python functions (this module is
# compiled where the core is built): each frozen type gets copies named for it.
_FROZEN: dict[str, Any] = {"frozen_error": None}
exec("def __setattr__(self, name, value):\n"
     "    raise frozen_error('cannot assign to field', name)\n"
     "def __delattr__(self, name):\n"
     "    raise frozen_error('cannot delete field', name)\n", _FROZEN)  # our own source


def _method_of(spec: RecordSpec, template):
    """A copy of the function *template* whose ``__qualname__`` names the record type, as
    dataclasses name the methods they generate."""
    method = type(template)(template.__code__, template.__globals__, template.__name__,
                            template.__defaults__, template.__closure__)
    method.__qualname__ = f"{spec.qualname}.{template.__name__}"
    method.__module__ = spec.module
    return method


# ---------------------------------------------------------------------------------------
# The parts of a description.


def _check_typename(typename: object) -> str:
    if not isinstance(typename, str):
        raise TypeError(f"typename must be a string, got {type(typename).__name__}")
    if type(typename) is not str:  # a plain str, whatever subclass came in
        typename = str.__str__(typename)
    if not typename.isidentifier() or iskeyword(typename):
        raise ValueError(f"typename must be a valid identifier, got {typename!r}")
    return typename


def _parse_bases(typename: str, bases: object) -> tuple[tuple[type, ...], RecordSpec | None]:
    """The bases as a tuple, and the spec of the record among them whose fields come first.

    At most one base may lay out fields, as CPython allows one base with slots; the
    others must have no instance layout of their own (``__slots__ = ()``).
    """
    if not isinstance(bases, tuple) or not all([isinstance(b, type) for b in bases]):
        raise TypeError(f"bases must be a tuple of classes, got {bases!r}")
    base = None
    layout_owner = None
    for cls in bases:
        spec = getattr(cls, "__slotrecord__", None)
        if type(spec) is RecordSpec and (base is None or not base.names):
            base = spec
        foreign = _foreign_layout(cls)
        if foreign is not None:
            raise TypeError(f"{typename} cannot inherit from {cls.__qualname__}: instances of "
                            f"{foreign.__qualname__} hold data of their own, which a record's "
                            "layout cannot extend (a base may add only __slots__)")
        if _lays_out(cls):
            if layout_owner is not None and not issubclass(layout_owner, cls):
                raise TypeError(f"{typename} cannot inherit from both {layout_owner.__qualname__}"
                                f" and {cls.__qualname__}: each lays out fields of its own")
            layout_owner = cls
    return bases, base


_HEAPTYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: a class made at run time, not built in


def _foreign_layout(cls: type) -> type | None:
    """The class among *cls* and its bases, if any, whose instances hold data that are
    not slots (a tuple's items, an int's digits, a dict's table, an extension type's C
    fields): records free, copy and traverse their instances slot by slot, never through
    such a class's own code, so they cannot extend it."""
    for klass in cls.__mro__:
        if klass is object or _is_record_type(klass):
            continue
        if klass.__itemsize__:
            return klass
        own = klass.__basicsize__ - klass.__base__.__basicsize__ - _pointers_added(klass)
        if own > 0 and (not klass.__flags__ & _HEAPTYPE or "__slots__" not in klass.__dict__):
            return klass
    return None


def _pointers_added(klass: type) -> int:
    """The bytes *klass* adds to its base's layout for a ``__dict__`` or ``__weakref__``
    pointer in the object (CPython may keep either before it instead)."""
    base = klass.__base__
    added = 0
    if klass.__dictoffset__ > 0 and not base.__dictoffset__:
        added += tuple.__itemsize__
    if klass.__weakrefoffset__ > 0 and not base.__weakrefoffset__:
        added += tuple.__itemsize__
    return added


def _is_record_type(cls: type) -> bool:
    return isinstance(cls, RecordMeta) and type(cls.__dict__.get("__slotrecord__")) is RecordSpec


def _lays_out(cls: type) -> bool:
    """Whether instances of *cls* hold slots of their own beyond a ``__dict__`` and a
    ``__weakref__``."""
    pointers = 0
    klass = cls
    while klass is not object:
        pointers += _pointers_added(klass)
        klass = klass.__base__
    return cls.__basicsize__ > object.__basicsize__ + pointers


def _resolve_options(given: dict[str, object], base: RecordSpec | None,
                     bases: tuple[type, ...]) -> dict[str, bool]:
    """Every option's value: given, else inherited from the base record, else default."""
    for option, value in given.items():
        if not isinstance(value, bool):
            raise TypeError(f"{option} must be a bool, got {type(value).__name__}")
    options = dict(_OPTIONS)
    if base is not None:
        for option in _INHERITED:
            options[option] = getattr(base, option)
        _check_frozen_bases(given.get("frozen", base.frozen), bases)
        for option in _LAYOUT:
            if option in given and given[option] != options[option]:
                raise TypeError(f"{option}={given[option]} differs from base record "
                                f"{base.typename}: a subclass keeps its base's layout")
    options.update(given)
    if options["order"] and not options["eq"]:  # checked before the fields, as dataclasses do
        raise ValueError("eq must be true if order is true")
    return options


# A frozen dataclass needs every dataclass base frozen from 3.13, one of them before.
_ALL_BASES_FROZEN = sys.version_info >= (3, 13)


def _check_frozen_bases(frozen: bool, bases: tuple[type, ...]) -> None:
    """Refuse to mix frozen and non-frozen records as dataclasses refuse it, across every
    record among the bases and theirs."""
    flags = [klass.__slotrecord__.frozen for base in bases for klass in base.__mro__
             if _is_record_type(klass)]
    if not frozen and any(flags):
        raise TypeError("cannot inherit non-frozen dataclass from a frozen one")
    if frozen and not (all(flags) if _ALL_BASES_FROZEN else any(flags)):
        raise TypeError("cannot inherit frozen dataclass from a non-frozen one")


def _parse_fields(fields: object) -> dict[str, object]:
    """The fields make_record is given, as field name -> annotation (``'typing.Any'`` for
    a name given alone, as make_dataclass annotates it)."""
    if isinstance(fields, str):
        fields = fields.replace(",", " ").split()
    elif type(fields) is list or type(fields) is tuple:
        pass  # the usual case, spared the slower checks of the abstract classes below
    elif isinstance(fields, Mapping):
        fields = list(fields.items())
    elif not isinstance(fields, Iterable):
        raise TypeError("fields must be a string, an iterable of names or (name, type) "
                        f"pairs, or a mapping of name to type, got {type(fields).__name__}")
    declared: dict[str, object] = {}
    for item in fields:
        if isinstance(item, tuple):
            if len(item) != 2:
                raise TypeError(f"a field given as a tuple must be a (name, type) pair, "
                                f"got {item!r}")
            name, annotation = item
        else:
            name, annotation = item, _ANY
        name = _check_field_name(name)
        if name in declared:
            raise ValueError(f"duplicate field name {name!r}")
        declared[name] = annotation
    return declared


def _check_field_name(name: object) -> str:
    if not isinstance(name, str):
        raise TypeError(f"field names must be strings, got {type(name).__name__}: {name!r}")
    if type(name) is not str:
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
    return intern(name)


def _parse_defaults(names: Mapping[str, object], defaults: object) -> dict[str, Any]:
    if defaults is None:
        return {}
    if not isinstance(defaults, Mapping):
        raise TypeError(
            f"defaults must be a mapping of field name to value, got {type(defaults).__name__}"
        )
    parsed = dict(defaults)
    for name in parsed:
        if name not in names:
            raise ValueError(f"default given for unknown field {name!r}")
    return parsed


# The annotation of a field make_record is given by name alone (this very object).
_ANY = "typing.Any"
# The kinds of what a class body annotates, as dataclasses tell them apart.
_FIELD: Any = _Sentinel("_FIELD", "_FIELD")
_INITVAR: Any = _Sentinel("_INITVAR", "_INITVAR")
_CLASSVAR: Any = _Sentinel("_CLASSVAR", "_CLASSVAR")


def _describe(qualname: str, annotations: Mapping[str, Any], values: dict[str, Any],
              kw_only: bool, module: str | None) -> dict[str, tuple[Field, Any]]:
    """What a record type declares itself, as name -> (Field, kind), in order: the
    fields, InitVars and ClassVars of *annotations*, whose defaults are taken out of
    *values* (a class body's namespace, or make_record's defaults). A ``KW_ONLY``
    pseudo-field makes the fields after it keyword-only, as in dataclasses."""
    own = {}
    kw_only_marker = None
    _load_dataclasses()
    for name, annotation in annotations.items():
        kind = _FIELD if annotation is _ANY else _annotation_kind(annotation, module)
        if kind is _KW_ONLY:
            if kw_only_marker is not None:
                raise TypeError(f"{name!r} is KW_ONLY, but KW_ONLY has already been specified")
            kw_only_marker, kw_only = name, True
            values.pop(name, None)
            continue
        if kind is _CLASSVAR:
            own[name] = (_classvar(name, annotation, values), _CLASSVAR)
            continue
        value = values.pop(name, MISSING) if kind is _FIELD else values.get(name, MISSING)
        field = _make_field(qualname, _check_field_name(name), annotation, value, kw_only,
                            module, kind)
        if kind is _INITVAR and isinstance(value, _FIELD_OBJECTS):
            if field.default is MISSING:
                values.pop(name)
            else:
                values[name] = field.default  # a class attribute, as in a dataclass
        own[name] = (field, kind)
    for name, value in values.items():
        if isinstance(value, _FIELD_OBJECTS):
            raise TypeError(f"{name!r} is a field but has no type annotation")
    return own


def _classvar(name: str, annotation: object, values: dict[str, Any]) -> Field:
    """The pseudo-field of ClassVar *name*: a ``field()`` given as its value leaves its
    default as the class attribute, as dataclasses do."""
    value = values.get(name, MISSING)
    if isinstance(value, _FIELD_OBJECTS):
        field = _from_field_object(value)
        if field.default_factory is not MISSING:
            raise TypeError(f"field {name} cannot have a default factory")
        if field.kw_only is not MISSING:
            raise TypeError(f"field {name} is a ClassVar but specifies kw_only")
        if field.default is MISSING:
            del values[name]
        else:
            values[name] = field.default
        value = field.default
    return _tuple_new(Field, (name, annotation, value, MISSING, True, True, None, True,
                              _NO_METADATA, MISSING, None))


def _make_field(typename: str, name: str, annotation: object, value: object,
                kw_only: bool, module: str | None, kind: object = None) -> Field:
    """Field *name* (already checked) of record type *typename*, declared in *module*,
    whose default is *value* or described by *value* (a ``field()``, ours or
    dataclasses')."""
    if isinstance(value, _FIELD_OBJECTS):
        value = _from_field_object(value)
        default, factory = value.default, value.default_factory
        if value.kw_only is not MISSING:
            kw_only = value.kw_only
        flags = value[4:9]  # init, repr, hash, compare, metadata
    else:
        default, factory = value, MISSING
        flags = (True, True, None, True, _NO_METADATA)
    if kind is _INITVAR and factory is not MISSING:
        raise TypeError(f"field {name} cannot have a default factory")
    if kind is not _INITVAR and default is not MISSING and type(default).__hash__ is None:
        raise ValueError(f"mutable default {type(default)} for field {name} is not allowed: "
                         "use default_factory")
    native = None if annotation is _ANY or kind is _INITVAR else native_of(annotation, module)
    if native is not None and default is not MISSING:  # checked now, as it will be stored
        default = native.convert(default, typename, name)
    if native is not None and not flags[0] and default is MISSING and factory is MISSING:
        raise TypeError(f"{typename}.{name} is a native field with init=False: it needs a "
                        "default or a default_factory (__init__ leaves no native field unset)")
    return _tuple_new(Field, (name, annotation, default, factory, *flags, kw_only, native))


def _from_field_object(value) -> Field:
    """Our Field for *value*, one of ours or a ``dataclasses.Field``."""
    if isinstance(value, Field):
        return value
    missing = _dataclasses.MISSING  # loaded: value is one of its Fields
    default, factory = value.default, value.default_factory
    kw_only = getattr(value, "kw_only", missing)
    return _tuple_new(Field, (
        None, MISSING, MISSING if default is missing else default,
        MISSING if factory is missing else factory, value.init, value.repr, value.hash,
        value.compare, value.metadata,
        MISSING if kw_only is missing else kw_only, None))


_dataclasses: Any = None  # the module, once the first record type is made
_FIELD_OBJECTS: tuple[type, ...] = (Field,)  # what field() returns: ours, and dataclasses'


def _load_dataclasses():
    """dataclasses, imported when the first record type is made (not with slotrecord:
    it takes milliseconds): its Field objects describe every record type's fields."""
    global _dataclasses, _FIELD_OBJECTS
    if _dataclasses is None:
        import dataclasses

        _FIELD_OBJECTS = (Field, dataclasses.Field)
        _dataclasses = dataclasses
    return _dataclasses


def _check_default_order(params: list[Field]) -> None:
    """A positional parameter with no default may not follow one with a default."""
    with_default = None
    for field in params:
        if field.default is not MISSING or field.default_factory is not MISSING:
            with_default = field.name
        elif with_default is not None:
            message = f"non-default argument {field.name!r} follows default argument"
            if sys.version_info >= (3, 13):
                message += f" {with_default!r}"
            raise TypeError(message)


def _own_annotations(namespace: Mapping[str, Any]) -> dict[str, Any]:
    """The annotations of a class body not yet made into a class. Since 3.14 a body keeps
    a function that computes them; forward references then stay unevaluated."""
    if "__annotations__" in namespace:
        return dict(namespace["__annotations__"])
    if sys.version_info >= (3, 14):
        import annotationlib

        annotate = annotationlib.get_annotate_from_class_namespace(namespace)
        if annotate is not None:
            return annotationlib.call_annotate_function(
                annotate, annotationlib.Format.FORWARDREF)
    return {}


_KW_ONLY: Any = _Sentinel("_KW_ONLY", "_KW_ONLY")


def _annotation_kind(annotation: object, module: str | None) -> object:
    """_FIELD, _INITVAR, _CLASSVAR or _KW_ONLY, as dataclasses tell an annotation apart:
    ``ClassVar`` and ``InitVar`` objects (bare or subscripted) and ``KW_ONLY``, or a string
    whose head names one of them in the class's module (``"ClassVar[int]"``,
    ``"typing.ClassVar[int]"``, an alias such as ``"CV[int]"``)."""
    if isinstance(annotation, str):
        annotation = _string_head(annotation, module)
    typing = sys.modules.get("typing")  # neither exists before its module is imported
    if typing is not None and (annotation is typing.ClassVar or (
            type(annotation) is typing._GenericAlias
            and annotation.__origin__ is typing.ClassVar)):
        return _CLASSVAR
    dataclasses = sys.modules.get("dataclasses")
    if dataclasses is not None:
        if annotation is dataclasses.InitVar or type(annotation) is dataclasses.InitVar:
            return _INITVAR
        if annotation is dataclasses.KW_ONLY:
            return _KW_ONLY
    return _FIELD


def _string_head(text: str, module: str | None) -> object:
    """What the head of string annotation *text* (``name`` or ``module.name``, before any
    ``[``) names in *module*, or None."""
    head = text.split("[", 1)[0]
    parts = [part.strip() for part in head.split(".")]
    if not 1 <= len(parts) <= 2 or not all([part.isidentifier() for part in parts]):
        return None
    namespace = getattr(sys.modules.get(module or ""), "__dict__", None)
    if namespace is None:
        return None
    found = namespace.get(parts[0])
    if len(parts) == 2:
        found = getattr(found, parts[1], None) if isinstance(found, type(sys)) else None
    return found


def _check_overrides(spec: RecordSpec, namespace: Mapping[str, Any]) -> None:
    """A class body may replace the generated methods, except those that options add and
    that a body's version would silently disable, as dataclasses refuse them."""
    if spec.order:
        for name in ("__lt__", "__le__", "__gt__", "__ge__"):
            if name in namespace:
                raise TypeError(f"Cannot overwrite attribute {name} in class {spec.typename}."
                                " Consider using functools.total_ordering")
    if spec.frozen:
        for name in ("__setattr__", "__delattr__"):
            if name in namespace:
                raise TypeError(f"Cannot overwrite attribute {name} in class {spec.typename}")
    for name in spec.names:  # what is left of a field's name in the body is no default
        if name in namespace:
            raise TypeError(f"{spec.typename}.{name} is a field of a base record: a class "
                            "attribute cannot replace it (annotate it to give it a new "
                            "default)")


def _check_optional_str(option: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{option} must be a string or None, got {type(value).__name__}")
    return str.__str__(value)


def _caller_module() -> str:
    """The module that called ``make_record``, as ``collections.namedtuple`` infers it.

    Walks out of slotrecord's own frames, so the answer is the same whether the code
    calling this is compiled (frameless, as this module is when built) or pure Python.
    """
    try:
        frame = sys._getframe(0)  # this function's frame, or its caller's when compiled
    except (AttributeError, ValueError):  # not CPython, or no caller
        return "__main__"
    while frame is not None:
        name = frame.f_globals.get("__name__")
        if name != "slotrecord" and not str(name).startswith("slotrecord."):
            return name if isinstance(name, str) else "__main__"
        frame = frame.f_back
    return "__main__"


# ---------------------------------------------------------------------------------------
# The metaclass's front half: each implementation's ``_RecordMeta`` derives from it and
# supplies ``_build_type(spec, namespace, meta)``.


class RecordMeta(type):
    """The metaclass of record types: a class statement deriving from ``Record`` (or from
    any record type) describes a record type, with the options as class keywords."""

    __slots__ = ()

    def __new__(mcls, name, bases, namespace, **options):
        carried = _carried_type(namespace)
        if carried is not None and isinstance(carried, mcls):  # cloudpickle's skeleton
            return carried
        spec, namespace = parse_class(name, bases, namespace, options)
        return mcls._build_type(spec, namespace, mcls)

    def __init__(cls, name, bases, namespace, **options):
        super().__init__(name, bases, namespace)

    def __setattr__(cls, name, value):
        if _restores(cls, name, value):
            return
        _check_not_layout(cls, name, "set")
        super().__setattr__(name, value)

    def __delattr__(cls, name):
        _check_not_layout(cls, name, "delete")
        super().__delattr__(name)

    @property
    def __signature__(cls):
        """The signature of the constructor, for ``inspect.signature``: the generated
        ``__init__``'s, where the class has one (else inspect reads its ``__init__``, or
        a metaclass's own ``__call__``)."""
        spec = cls.__dict__.get("__slotrecord__")
        if (type(spec) is not RecordSpec or not spec.init or "__init__" in spec.body
                or type(cls).__call__ is not type.__call__):
            return None
        return init_signature(spec)

    @staticmethod
    def _build_type(spec, namespace, meta):  # pragma: no cover - every implementation's own
        raise NotImplementedError


def _restores(cls: type, name: str, value: object) -> bool:
    """Whether assigning *value* to *name* of record type *cls* changes nothing, as when
    cloudpickle restores a class by setting each attribute to a copy of what the type
    already has: then the type is left as it is (assigning a method would reset the
    type's C slot, and dask checks that pickling a class twice gives the same bytes).
    Copies are what the type holds: the same object, an equal value, a function of the
    same code, defaults and closure, the type's record attributes, a description of the
    same fields and slots. A method left pending by cloudpickle's rebuilding is filled."""
    current = cls.__dict__.get(name, MISSING)
    if current is MISSING or type(current) is Pending or name in _TYPE_SETTERS:
        return False
    if name == "__slotrecord__":
        return (type(value) is RecordSpec and type(current) is RecordSpec
                and _layout_of(value) == _layout_of(current))
    if name in ("__dataclass_fields__", "__dataclass_params__", "__doc__"):
        # What the type made of its description: the same fields make the same.
        return type(value) is type(current) and (name != "__dataclass_fields__"
                                                 or list(value) == list(current))
    return _same(value, current)


def _same(value: object, current: object) -> bool:
    if value is current:
        return True
    if type(value) is not type(current):
        return False
    if type(current) in (classmethod, staticmethod):
        return _same(value.__func__, current.__func__)
    if type(current) is property:
        return (_same(value.fget, current.fget) and _same(value.fset, current.fset)
                and _same(value.fdel, current.fdel))
    if type(current) is _FUNCTION:
        if value.__code__ == current.__code__ and _generated(value) and _generated(current):
            return True  # of the same layout (see _restores), generated alike
        return (value.__code__ == current.__code__ and value.__defaults__ == current.__defaults__
                and value.__kwdefaults__ == current.__kwdefaults__
                and _cell_values(value) == _cell_values(current))
    if type(current) in (str, int, float, bool, bytes, tuple, frozenset, dict, type(None)):
        try:
            return bool(value == current)
        except Exception:  # a tuple of something whose == fails: not the same
            return False
    return False


_FUNCTION = type(_same)
# What type's own setters do besides storing (__abstractmethods__ marks the class
# abstract): never skipped.
_TYPE_SETTERS = frozenset(type.__dict__) - {"__doc__", "__module__", "__annotations__"}


def _cell_values(function) -> list:
    """What *function*'s closure cells hold (MISSING for one still empty, as cloudpickle
    leaves a cell until it has made what the cell holds)."""
    values = []
    for cell in function.__closure__ or ():
        try:
            values.append(cell.cell_contents)
        except ValueError:
            values.append(MISSING)
    return values


def _generated(function) -> bool:
    """Whether *function* is a method the pure-Python implementation generated."""
    return function.__dict__.get("__slotrecord_generated__") is True


class Pending:
    """A class attribute that cloudpickle's rebuilding of a record type leaves for later:
    it sets the attribute once the type is made (see TypeCarrier)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, *args, **kwargs):
        raise TypeError(f"{self.name} is not restored yet: its record type is being "
                        "unpickled")

    def __reduce__(self):
        return (Pending, (self.name,))

    def __repr__(self) -> str:
        return f"<{self.name}: being restored>"


def _layout_of(spec: RecordSpec) -> tuple:
    return (spec.typename, spec.slots,
            tuple([(f.name, f.native.name if f.native else None) for f in spec.fields]))


def _check_not_layout(cls: type, name: str, action: str) -> None:
    """The layout is fixed when a record type is made: its fields' descriptors and its
    description can be neither replaced nor deleted (methods would read fields the class
    no longer shows, and cloudpickle, for one, rebuilds a class by assigning attributes)."""
    spec = cls.__dict__.get("__slotrecord__")
    if name in ("__slots__", "__slotrecord__") or (type(spec) is RecordSpec
                                                   and name in spec.names):
        raise TypeError(f"cannot {action} {name} of record type {cls.__qualname__}: its "
                        "layout is fixed when it is made")


def init_signature(spec: RecordSpec):
    """The signature of the generated ``__init__``, without its first parameter."""
    from inspect import Parameter, Signature

    parameters = []
    described = spec.fields + spec.initvars
    for p, i in enumerate(spec.params):
        field = described[i]
        kind = Parameter.POSITIONAL_OR_KEYWORD if p < spec.npositional else Parameter.KEYWORD_ONLY
        default = init_default(field)
        parameters.append(Parameter(
            field.name, kind, annotation=field.type,
            default=Parameter.empty if default is MISSING else default))
    return Signature(parameters, return_annotation=None)


def init_default(field: Field) -> object:
    """What stands in ``__init__``'s signature for a missing argument of *field*."""
    return HAS_FACTORY if field.default_factory is not MISSING else field.default


class DataclassFields:
    """``__dataclass_fields__`` of ``Record`` itself, which is no dataclass: every record
    type has the real dict in its own namespace."""

    __slots__ = ()

    def __get__(self, record, cls):
        raise AttributeError("__dataclass_fields__")


def dataclass_face(spec: RecordSpec) -> dict[str, Any]:
    """What ``dataclasses`` and the tools that read dataclasses look for in a class's own
    namespace: ``__dataclass_fields__`` (every field, InitVar and ClassVar, as
    ``dataclasses.Field`` objects), ``__dataclass_params__``, and the annotations."""
    dataclasses = _load_dataclasses()
    fields = {}
    for base in reversed(spec.bases):  # what the bases declare, as dataclasses collect it
        for klass in reversed(base.__mro__):
            inherited = klass.__dict__.get("__dataclass_fields__")
            if type(inherited) is dict:
                fields.update(inherited)
    if not spec.initvars:
        for field in spec.fields:
            fields[field.name] = _dataclass_field(dataclasses, field, dataclasses._FIELD)
    else:  # in the order they were declared
        kinds = {field.name: (field, dataclasses._FIELD) for field in spec.fields}
        kinds.update({field.name: (field, dataclasses._FIELD_INITVAR)
                      for field in spec.initvars})
        for name in spec.declared:
            fields[name] = _dataclass_field(dataclasses, *kinds[name])
    for field in spec.classvars:
        fields[field.name] = _dataclass_field(dataclasses, field, dataclasses._FIELD_CLASSVAR)
    return {"__dataclass_fields__": fields, "__dataclass_params__": _dataclass_params(spec)}


_PARAMS: dict[tuple, Any] = {}  # one __dataclass_params__ per combination of options


def _dataclass_params(spec: RecordSpec):
    key = (spec.init, spec.repr, spec.eq, spec.order, spec.unsafe_hash, spec.frozen,
           spec.match_args is not None, spec.kw_only, spec.weakref)
    params = _PARAMS.get(key)
    if params is None:
        values = dict(zip(["init", "repr", "eq", "order", "unsafe_hash", "frozen",
                           "match_args", "kw_only", "weakref_slot"], key, strict=True))
        values["slots"] = True
        params_type = _dataclasses._DataclassParams
        params = _PARAMS[key] = params_type(*[values[name] for name in params_type.__slots__])
    return params


def _dataclass_field(dataclasses, field: Field, kind):
    missing = dataclasses.MISSING
    made = dataclasses.Field(
        missing if field.default is MISSING else field.default,
        missing if field.default_factory is MISSING else field.default_factory,
        field.init, field.repr, field.hash, field.compare, None,
        missing if field.kw_only is MISSING else field.kw_only,
        *_FIELD_DOC)
    made.metadata = field.metadata  # wrapped once, by field(), as dataclasses wrap it
    made.name = field.name
    made.type = field.type
    made._field_type = kind
    return made


_FIELD_DOC = (None,) if sys.version_info >= (3, 14) else ()




class _DefaultDoc:
    """The ``__doc__`` of a record type whose class gives none, made when first read (it
    formats the signature, which imports inspect): the class name and the signature of
    its constructor, as dataclasses write it."""

    __slots__ = ()

    def __get__(self, record, cls):
        from inspect import signature

        try:
            text = str(signature(cls)).replace(" -> None", "")
        except (TypeError, ValueError):
            text = ""
        return cls.__name__ + text


_DEFAULT_DOC = _DefaultDoc()


def rich_repr(record):
    """``__rich_repr__`` of every record: the fields as rich prints a dataclass's, as
    (name, value) pairs."""
    return [(name, getattr(record, name)) for name in type(record).__slotrecord__.names]


# ---------------------------------------------------------------------------------------
# What both implementations share after a type is built: the messages of the errors that
# records raise outside ``__init__``.


def unexpected_keyword_message(spec: RecordSpec, name: str) -> str:
    """What calling a record type with the unknown keyword *name* raises, as CPython says
    it for the equivalent __init__: from 3.13, with the closest parameter suggested."""
    message = f"{spec.init_qualname}() got an unexpected keyword argument '{name}'"
    if sys.version_info >= (3, 13):
        try:
            from _suggestions import _generate_suggestions  # what CPython's own call uses
        except ImportError:  # not CPython
            return message
        parameters = [spec.self_name, *[spec.names[i] for i in spec.params]]
        suggestion = _generate_suggestions(parameters, name)
        if suggestion is not None:
            message += f". Did you mean '{suggestion}'?"
    return message


def check_record_subclass(cls: type) -> None:
    """What an implementation's record base runs for each class that derives from it: a
    class made by the metaclass (a record type, ``Record``), and no other, such as
    ``class Y(int, base)``, which would find the record methods but have no fields."""
    if not isinstance(cls, RecordMeta):
        raise TypeError(f"{cls.__qualname__} cannot derive from the base of record types: "
                        "derive from Record or from a record type")


def not_a_record_type_message(cls: type) -> str:
    """What making or using an instance of *cls* as a record raises, where *cls* derives
    from an implementation's record base but is no record type (``class Y(int, base)``)."""
    return f"cannot create '{cls.__name__}' instances: not a record type"


def not_a_record_message(function: str, obj: object) -> str:
    return f"{function}() argument must be a record instance, not {type(obj).__name__}"


def bad_state_message(spec: RecordSpec, state: object) -> str:
    got = f"a tuple of {len(state)}" if type(state) is tuple else type(state).__name__
    if spec.has_dict:  # the record's __dict__ follows its fields' values
        if type(state) is tuple and len(state) == len(spec.fields) + 1:
            got = f"a tuple ending in {type(state[-1]).__name__}"
        return (f"{spec.typename}.__setstate__() expects a tuple of {len(spec.fields)} "
                f"field values and a dict or None, got {got}")
    return (
        f"{spec.typename}.__setstate__() expects a tuple of {len(spec.fields)} "
        f"field values, got {got}"
    )


# dataclasses' replace() raises ValueError for a bad field before 3.13, TypeError from it.
_REPLACE_ERROR = TypeError if sys.version_info >= (3, 13) else ValueError


def check_replace_changes(spec: RecordSpec, changes: Mapping[str, Any]) -> None:
    """What ``replace()`` refuses before it builds the new record, as dataclasses do: a
    change to a field ``__init__`` does not take, or no value for an InitVar without
    default."""
    for field in spec.fields:
        if not field.init and field.name in changes:
            raise _REPLACE_ERROR(f"field {field.name} is declared with init=False, it "
                                 "cannot be specified with replace()")
    for field in spec.initvars:
        if field.name not in changes and field.default is MISSING:
            raise _REPLACE_ERROR(f"InitVar {field.name!r} must be specified with replace()")


def frozen_error(action: str, name: str) -> Exception:
    """``dataclasses.FrozenInstanceError``, imported on first use: dataclasses is slow to
    import, and only a frozen record that is written to needs it."""
    from dataclasses import FrozenInstanceError

    return FrozenInstanceError(f"{action} {name!r}")


_FROZEN["frozen_error"] = frozen_error
