"""The decorator, every field and class option of dataclasses, against the same class
made by ``dataclasses.dataclass(slots=True)``."""

from __future__ import annotations

import abc
import copy
import dataclasses
import functools
import inspect
import pickle
import re
import sys
import typing
from dataclasses import KW_ONLY, InitVar
from typing import ClassVar

import pytest
from helpers import outcome


def both(impl, body: str, options: str = "", namespace: dict | None = None):
    """The record and the slotted dataclass that the class *body* makes with the decorator
    *options*: ``@dataclass(options)``, from slotrecord and from dataclasses."""
    return [one(impl.dataclass, impl.field, body, options, namespace),
            one(dataclasses.dataclass, dataclasses.field, body,
                f"slots=True, {options}" if options else "slots=True", namespace)]


def one(decorator, field, body: str, options: str, namespace: dict | None = None):
    scope = {"dataclass": decorator, "field": field, "InitVar": InitVar, "KW_ONLY": KW_ONLY,
             "ClassVar": ClassVar, "typing": typing, "__name__": __name__, **(namespace or {})}
    source = f"@dataclass({options})\nclass C:\n" + "".join(
        f"    {line}\n" for line in body.strip("\n").split("\n"))
    exec(compile(source, "<both>", "exec", dont_inherit=True), scope)
    return scope["C"]


def behaviour(cls, *args, **kwargs):
    """What a class does with an instance made of the arguments: the outcomes to compare."""
    made = outcome(lambda: cls(*args, **kwargs) and None)
    if made[0] == "raises":
        return made
    a, b = cls(*args, **kwargs), cls(*args, **kwargs)
    return (values(a), re.sub("0x[0-9a-f]+", "", str(outcome(repr, a))), outcome(lambda: a == b),
            outcome(lambda: a < b), outcome(hash, a)[0], getattr(cls, "__match_args__", None),
            outcome(lambda: values(copy.copy(a))))


def values(instance):
    """The value of each field of *instance*, or the error reading it raises."""
    return [outcome(getattr, instance, f.name) for f in dataclasses.fields(instance)]


CASES = [
    ("x: int\ny: int = 2", "", [(1,), (1, 3), ()]),
    ("x: int\ny: list = field(default_factory=list, repr=False)", "", [(1,), (1, [2])]),
    ("x: int\ny: int = field(default=0, init=False)", "", [(1,), (1, 2)]),
    ("x: int\ny: int = field(init=False)", "", [(1,)]),
    ("x: int\ny: list = field(init=False, default_factory=list)", "", [(1,)]),
    ("x: int\ny: int = field(compare=False)", "order=True", [(1, 2)]),
    ("x: int\ny: int = field(compare=False, hash=True)", "frozen=True", [(1, 2)]),
    ("x: int\ny: int = field(hash=False)", "frozen=True", [(1, 2)]),
    ("x: int\ny: int", "unsafe_hash=True", [(1, 2)]),
    ("x: int\ny: int", "eq=False", [(1, 2)]),
    ("x: int\ny: int", "repr=False", [(1, 2)]),
    ("x: int\ny: int", "match_args=False", [(1, 2)]),
    ("x: int\n_: KW_ONLY\ny: int = 0\nz: int", "", [(1,), (1, 2), (1,)]),
    ("x: int\ny: InitVar[int] = 5\nz: int = 0", "", [(1,), (1, 2, 3)]),
    ("x: int\nn: ClassVar[int] = 3\ny: 'ClassVar[int]' = 4", "", [(1,)]),
    ("x: int\ny: int = field(kw_only=True)\nz: int = 3", "", [(1,), (1, 2)]),
]


@pytest.mark.parametrize(("body", "options", "calls"), CASES,
                         ids=[f"{c[0]}|{c[1]}".replace("\n", ";") for c in CASES])
def test_behaves_as_the_slotted_dataclass(impl, body, options, calls):
    record, twin = both(impl, body, options)
    for args in calls:
        assert behaviour(record, *args) == behaviour(twin, *args)
    assert str(inspect.signature(record)) == str(inspect.signature(twin))
    assert list(record.__dataclass_fields__) == list(twin.__dataclass_fields__)
    assert [f.name for f in dataclasses.fields(record)] == [
        f.name for f in dataclasses.fields(twin)]
    assert record.__doc__ == twin.__doc__
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__lt__", "__match_args__"):
        assert (name in record.__dict__) == (name in twin.__dict__), name


def test_post_init_takes_the_initvars(impl):
    seen = []

    @impl.dataclass
    class C:
        x: int
        scale: InitVar[int] = 2
        y: int = field_default(impl)

        def __post_init__(self, scale):
            seen.append(scale)
            self.x *= scale

    assert C(3).x == 6 and C(3, 10).x == 30 and seen == [2, 10]
    assert "scale" not in C.__slots__ and C.scale == 2  # a class attribute, as in a dataclass
    assert impl.replace(C(1, 3), y=5).x == 6  # the InitVar's default, as dataclasses do


def field_default(impl):
    return impl.field(default=0)


def test_replace_refuses_what_init_does_not_take(impl):
    @impl.dataclass
    class C:
        x: int
        y: int = impl.field(init=False, default=1)
        v: InitVar[int] = None

    error = TypeError if sys.version_info >= (3, 13) else ValueError
    with pytest.raises(error, match="field y is declared with init=False, it cannot be "
                                    r"specified with replace\(\)"):
        impl.replace(C(1), y=2)


def test_decorator_forms_and_refusals(impl):
    @impl.dataclass()
    class A:
        x: int

    @impl.dataclass(frozen=True, order=True)
    class B:
        x: int

    assert A(1) == A(1) and B(1) < B(2) and hash(B(1)) == hash(B(1))
    assert type(A) is type(B) is type(impl.Record) and issubclass(A, impl.Record)
    with pytest.raises(TypeError, match="slots=False is not supported"):
        impl.dataclass(slots=False)
    with pytest.raises(TypeError, match="C already specifies __slots__"):
        @impl.dataclass
        class C:
            __slots__ = ("x",)


def test_the_layout_options_reach_the_record(impl):
    @impl.dataclass(gc=False, weakref_slot=True)
    class Light:
        x: int

    @impl.dataclass
    class Child(Light):  # keeps its base's layout, given no layout option
        y: int = 0

    for cls in (Light, Child):
        assert (cls.__slotrecord__.gc, cls.__slotrecord__.weakref) == (False, True)


def test_the_three_forms_make_the_same_kind_of_type(impl):
    @impl.dataclass(frozen=True)
    class ByDecorator:
        x: int
        y: str = "a"

    class ByClass(impl.Record, frozen=True):
        x: int
        y: str = "a"

    ByFactory = impl.make_record("ByFactory", [("x", int), ("y", str)], defaults={"y": "a"},
                                 frozen=True)
    for cls in (ByDecorator, ByClass, ByFactory):
        assert type(cls) is type(impl.Record)
        assert cls.__slots__ == ("x", "y")
        assert repr(cls(1)) == f"{cls.__qualname__}(x=1, y='a')"
        assert cls(1) == cls(1) and hash(cls(1)) == hash(cls(1))
        assert cls.__annotations__ == ({"x": int, "y": str} if cls is ByFactory
                                       else {"x": "int", "y": "str"})
        assert str(inspect.signature(cls)).replace("'", "") == "(x: int, y: str = a) -> None"
        assert [f.name for f in dataclasses.fields(cls)] == ["x", "y"]
        assert dataclasses.asdict(cls(1)) == {"x": 1, "y": "a"}
        assert pickle.loads(pickle.dumps(cls(1), 5)) == cls(1) or cls is not ByFactory


def test_make_dataclass(impl):
    C = impl.make_dataclass("C", ["a", ("b", int), ("c", int, impl.field(default=3))],
                            frozen=True)
    twin = dataclasses.make_dataclass("C", ["a", ("b", int),
                                            ("c", int, dataclasses.field(default=3))],
                                      frozen=True, slots=True)
    assert C.__module__ == __name__
    assert C.__annotations__ == twin.__annotations__
    assert repr(C(1, 2)) == repr(twin(1, 2)) and hash(C(1, 2)) == hash(twin(1, 2))
    assert str(inspect.signature(C)) == str(inspect.signature(twin))
    for bad in (["a", "a"], ["1a"], [("a",)]):
        assert outcome(impl.make_dataclass, "C", bad)[1:] == outcome(
            dataclasses.make_dataclass, "C", bad)[1:]


HASH_BODIES = ["", "def __eq__(self, other): return True",
               "def __hash__(self): return 7",
               "def __eq__(self, other): return True\n"
               "def __hash__(self): return 7"]


@pytest.mark.parametrize("body", HASH_BODIES)
@pytest.mark.parametrize("unsafe_hash", [False, True])
@pytest.mark.parametrize("eq", [False, True])
@pytest.mark.parametrize("frozen", [False, True])
def test_hash_rules_table(impl, body, unsafe_hash, eq, frozen):
    options = f"unsafe_hash={unsafe_hash}, eq={eq}, frozen={frozen}"
    body = f"x: int = 1\n{body}"
    record = outcome(one, impl.dataclass, impl.field, body, options)
    twin = outcome(one, dataclasses.dataclass, dataclasses.field, body, f"slots=True, {options}")
    if record[0] == "raises" or twin[0] == "raises":
        assert record == twin
        return
    record, twin = record[1], twin[1]
    assert (record.__hash__ is None) == (twin.__hash__ is None)
    if twin.__hash__ is not None:  # the fields' hash, 7, or identity's
        assert (hash(record()) == hash((1,)), hash(record()) == 7) == (
            hash(twin()) == hash((1,)), hash(twin()) == 7)


def test_abstract_methods_and_a_metaclass_of_the_users(impl):
    class Shape(abc.ABC):
        __slots__ = ()

        @abc.abstractmethod
        def area(self): ...

    @impl.dataclass
    class Abstract(Shape):
        side: float

    @impl.dataclass
    class Square(Abstract):
        def area(self):
            return self.side ** 2

    assert inspect.isabstract(Abstract) and not inspect.isabstract(Square)
    with pytest.raises(TypeError, match="abstract"):
        Abstract(1.0)
    assert Square(3.0).area() == 9.0 and isinstance(Square(1.0), Shape)
    assert isinstance(Square, abc.ABCMeta) and isinstance(Square, type(impl.Record))

    class Counting(type):
        made = 0

        def __call__(cls, *args, **kwargs):
            Counting.made += 1
            return super().__call__(*args, **kwargs)

    @impl.dataclass
    class Counted(metaclass=Counting):
        x: int

    assert Counted(1) == Counted(1) and Counting.made == 2


def test_body_methods_win_and_total_ordering(impl):
    @functools.total_ordering
    @impl.dataclass
    class Version:
        major: int
        label: str = impl.field(default="", compare=False)

        def __eq__(self, other):
            return self.major == other.major

        def __lt__(self, other):
            return self.major < other.major

        def __repr__(self):
            return f"v{self.major}"

    assert "__eq__" in Version.__dict__ and "__le__" in Version.__dict__
    assert Version(1) <= Version(2) and Version(3) >= Version(2)
    assert Version(1, "a") == Version(1, "b")
    assert (Version(1) != Version(1), Version(1) != Version(2)) == (False, True)
    assert repr(Version(4)) == "v4"


def test_a_body_getstate_is_what_pickle_uses(impl):
    global Stateful  # importable for pickle

    @impl.dataclass(frozen=True)
    class Stateful:
        a: int
        b: int
        calls: int = impl.field(default=0, compare=False)

        def __getstate__(self):
            return [self.a, self.b]

    Stateful.__qualname__ = "Stateful"
    try:
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            assert pickle.loads(pickle.dumps(Stateful(1, 2, 5), protocol)) == Stateful(1, 2)
        assert copy.deepcopy(Stateful(1, 2)) == Stateful(1, 2)
    finally:
        del Stateful
