"""Records over a base whose instances have a ``__dict__`` (a plain class, an ABC or a
Protocol subclass without ``__slots__``): the record keeps its fields in slots and has
the base's ``__dict__`` besides, as ``dataclass(slots=True)`` over that base does."""

from __future__ import annotations

import abc
import copy
import dataclasses
import gc
import pickle
import sys
import typing
import weakref

import pytest
from helpers import outcome

from slotrecord import f64, i64


class Plain:
    """A base whose instances have a __dict__ (importable, so records over it pickle)."""

    def describe(self):
        return f"{type(self).__name__} with {sorted(vars(self))}"


T = typing.TypeVar("T")  # one for every run: typing caches what Generic[T] makes


class WithDictSlot:
    __slots__ = ("__dict__",)


class SlottedWithDict:
    __slots__ = ("__dict__", "a")


def twins(impl, base=Plain, body="x: int\ny: list = dataclasses.field(default_factory=list)",
          **options):
    """The record and the slotted dataclass that ``@dataclass(**options)`` makes of the class
    body *body* over *base*."""
    made = []
    for decorator in (impl.dataclass, dataclasses.dataclass):
        scope = {"dataclasses": dataclasses, "Base": base, "typing": typing,
                 "__name__": __name__}
        source = "class C(Base):\n" + "".join(f"    {line}\n" for line in body.split("\n"))
        exec(source, scope)
        extra = {} if decorator is impl.dataclass else {"slots": True}
        made.append(decorator(**options, **extra)(scope["C"]))
    return made


def state(instance):
    """The fields' values and the instance dict of *instance*."""
    fields = [outcome(getattr, instance, f.name) for f in dataclasses.fields(instance)]
    return fields, outcome(lambda: dict(instance.__dict__))


FORMS = ["decorator", "class syntax, base first", "class syntax, base last", "make_record"]


def make(impl, form, base=Plain, **options):
    """A record type with fields x and y (default 2) over *base*, made in *form*."""
    if form == "decorator":
        @impl.dataclass(**options)
        class P(base):
            x: int
            y: int = 2
        return P
    if form == "make_record":
        return impl.make_record("P", ["x", "y"], defaults={"y": 2}, bases=(base,), **options)
    bases = (base, impl.Record) if form == "class syntax, base first" else (impl.Record, base)

    class P(*bases, **options):
        x: int
        y: int = 2
    return P


class TestLayout:
    @pytest.mark.parametrize("form", FORMS)
    def test_fields_are_slots_and_the_rest_goes_in_the_dict(self, impl, form):
        P = make(impl, form)
        p = P(1)
        p.note = "extra"
        assert (p.x, p.y, p.__dict__) == (1, 2, {"note": "extra"})
        assert P.__slots__ == ("x", "y")
        assert p.describe() == "P with ['note']"
        assert repr(p).endswith("P(x=1, y=2)")
        assert p == P(1) and impl.asdict(p) == {"x": 1, "y": 2}

    @pytest.mark.parametrize("base", [Plain, WithDictSlot, SlottedWithDict])
    def test_same_size_and_slots_as_the_dataclass(self, impl, base):
        record, twin = twins(impl, base)
        assert record.__slots__ == twin.__slots__
        assert sys.getsizeof(record(1)) == sys.getsizeof(twin(1))

    def test_native_fields_are_kept_inline(self, impl):
        @impl.dataclass
        class P(Plain):
            a: i64
            b: f64

        p = P(1, 2.5)
        p.extra = [p]
        assert (p.a, p.b, p.__dict__) == (1, 2.5, {"extra": [p]})
        assert gc.is_tracked(p)  # its dict may hold anything
        # Fields and dict entries written in turn, on a record made by __init__ and on a
        # blank one: neither overwrites the other (on 3.13 the dict's values would lie
        # inline where the native fields are, were they not kept apart).
        for record in (P(0, 0.0), P.__new__(P)):
            record.one = 1
            record.a, record.b = -1, 0.5
            record.two = 2
            assert (record.a, record.b, record.__dict__) == (-1, 0.5, {"one": 1, "two": 2})
        if impl.__name__.endswith("_c"):  # 16 bytes inline, after the base's layout
            assert sys.getsizeof(p) == sys.getsizeof(Plain()) + 16

    def test_gc_false_is_refused(self, impl):
        with pytest.raises(TypeError, match=r"^P cannot have gc=False: instances of its base "
                                            r"Plain have a __dict__, which the collector must "
                                            r"see$"):
            impl.make_record("P", ["x"], bases=(Plain,), gc=False)

    def test_a_record_subclass_keeps_the_dict(self, impl):
        P = make(impl, "decorator")

        class Q(P):
            z: int = 3

        q = Q(1)
        q.more = 1
        assert (repr(q).endswith("Q(x=1, y=2, z=3)"), q.__dict__) == (True, {"more": 1})

    def test_a_mixin_with_a_dict_after_a_slotted_record(self, impl):
        class R(impl.Record):
            a: int

        @impl.dataclass
        class S(R, Plain):
            b: int

        s = S(1, 2)
        s.c = 3
        assert (s.a, s.b, s.__dict__) == (1, 2, {"c": 3})


class TestBehaviourAsTheDataclass:
    def test_the_dict_is_no_field(self, impl):
        for cls in twins(impl, body="x: int", frozen=True):
            a, b = cls(1), cls(1)
            object.__setattr__(a, "note", 1)
            assert (a == b, hash(a) == hash(b)) == (True, True)
            assert "note" not in repr(a)

    def test_copy_keeps_the_dict_shallow(self, impl):
        results = []
        for cls in twins(impl):
            a = cls(1)
            a.note = [1]
            b = copy.copy(a)
            results.append((state(b), b.note is a.note, b.y is a.y))
        assert results[0] == results[1]

    def test_a_frozen_copy_keeps_the_dict(self, impl):
        # Where the frozen slotted dataclass, whose state is its fields' values, drops it.
        P = make(impl, "decorator", frozen=True)
        a = P(1)
        object.__setattr__(a, "note", [1])
        b = copy.copy(a)
        assert (b, b.note is a.note) == (a, True)
        assert pickle.loads(pickle.dumps(a)).note == [1]

    @pytest.mark.parametrize("frozen", [False, True])
    def test_deepcopy_and_pickle_keep_the_dict(self, impl, frozen):
        record, _ = twins(impl, frozen=frozen)
        a = record(1, [2])
        object.__setattr__(a, "note", [a])
        b = copy.deepcopy(a)
        assert (b.x, b.y, list(b.__dict__)) == (1, [2], ["note"]) and b.note[0] is b
        P = make(impl, "make_record")
        p = P(1)
        p.note = {"k": 1}
        assert state(pickle.loads(pickle.dumps(p))) == state(p)

    def test_an_empty_dict_pickles_as_none(self, impl):
        P = make(impl, "decorator")
        assert P(1).__reduce__()[2] == (1, 2, None)
        p = P(1)
        p.k = 1
        assert p.__reduce__()[2] == (1, 2, {"k": 1})

    def test_replace_leaves_the_dict_behind(self, impl):
        results = []
        for cls in twins(impl):
            a = cls(1)
            a.note = 1
            results.append(state(dataclasses.replace(a, x=2)))
        assert results[0] == results[1]

    def test_frozen_refuses_new_attributes(self, impl):
        # As the frozen dataclass means to: its own method fails with a TypeError from
        # super() for a name that is no field, as it refers to the class before slots.
        P = make(impl, "decorator", frozen=True)
        a = P(1)
        with pytest.raises(dataclasses.FrozenInstanceError, match=r"^cannot assign to field "
                                                                  r"'note'$"):
            a.note = 1
        with pytest.raises(dataclasses.FrozenInstanceError, match=r"^cannot delete field 'x'$"):
            del a.x

    def test_a_base_init_serves_init_false(self, impl):
        class Base:
            def __init__(self, *args):
                self.args = args

        results = []
        for cls in twins(impl, Base, "x: int = 0", init=False):
            a = cls(1, 2)
            results.append((a.args, outcome(getattr, a, "x")))
        assert results[0] == results[1]
        assert results[0][0] == (1, 2) and results[0][1][0] == "raises"  # x is left unset

    def test_abstract_methods_are_honoured(self, impl):
        class Shape(abc.ABC):
            @abc.abstractmethod
            def area(self): ...

        results = []
        for cls in twins(impl, Shape, "x: int"):
            results.append(outcome(cls, 1))
        assert results[0] == results[1] and results[0][0] == "raises"
        for cls in twins(impl, Shape, "x: int\ndef area(self):\n    return self.x"):
            assert cls(3).area() == 3 and isinstance(cls(3), Shape)

    def test_a_protocol_base(self, impl):
        class Sized(typing.Protocol):
            def size(self) -> int: ...

        for cls in twins(impl, Sized, "x: int\ndef size(self):\n    return self.x"):
            a = cls(4)
            a.note = 1
            assert (a.size(), a.__dict__) == (4, {"note": 1})

    def test_a_generic_base(self, impl):
        class Box(typing.Generic[T], Plain):
            pass

        record, twin = twins(impl, Box, "x: int")
        assert (record.__slots__, record.__parameters__) == (twin.__slots__, ())
        assert record(1).x == 1


class TestStateErrors:
    @pytest.mark.parametrize(("bad", "got"), [((1, 2), "a tuple of 2"),
                                              ((1, 2, 3), "a tuple ending in int"),
                                              ([1, 2, None], "list"), ("x", "str")])
    def test_setstate_wants_the_fields_then_a_dict(self, impl, bad, got):
        P = make(impl, "decorator")
        with pytest.raises(TypeError, match=r"^P.__setstate__\(\) expects a tuple of 2 field "
                                            rf"values and a dict or None, got {got}$"):
            P(1).__setstate__(bad)


class TestLifeCycle:
    def test_a_cycle_through_the_dict_is_collected(self, impl):
        P = make(impl, "decorator")
        p = P(1)
        p.me = p
        alive = weakref.ref(p) if hasattr(p, "__weakref__") else None
        collected = []
        marker = Plain()
        p.marker = marker
        weakref.finalize(marker, collected.append, True)
        del p, marker
        gc.collect()
        assert collected == [True] and (alive is None or alive() is None)

    def test_a_long_chain_through_dicts_is_freed(self, impl):
        P = make(impl, "decorator")
        head = None
        for i in range(100_000):
            p = P(i)
            p.next = head
            head = p
        del head, p  # freed without exhausting the C stack

    def test_del_may_resurrect(self, impl):
        kept = []

        class Base:
            def __del__(self):
                kept.append(self)

        @impl.dataclass
        class P(Base):
            x: int

        p = P(1)
        p.note = 2
        del p
        gc.collect()
        assert (kept[0].x, kept[0].note) == (1, 2)
        kept.clear()
        gc.collect()

    def test_class_assignment_between_matching_layouts(self, impl):
        P = make(impl, "decorator")

        class Q(Plain):
            __slots__ = ("x", "y")

        p = P(1)
        p.note = 1
        p.__class__ = Q
        assert (p.x, p.y, p.__dict__) == (1, 2, {"note": 1})
        p.__class__ = P
        assert repr(p).endswith("P(x=1, y=2)") and p == P(1)

    def test_the_type_is_freed_with_its_records(self, impl):
        P = make(impl, "make_record")
        records = [P(i) for i in range(10)]
        for record in records:
            record.note = record
        gone = weakref.ref(P)
        del P, records, record
        gc.collect()
        assert gone() is None
