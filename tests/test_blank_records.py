"""Blank records: made with no ``__init__`` run (``cls.__new__(cls)``, as unpickling and
msgspec's decoding make them), every field is unset, a native field as an object field,
until it is set, as in the blank instance of the slotted dataclass. The native core keeps
which native fields are unset beside the record, so these tests also check that a record
freed while blank leaves nothing behind for the next record at its address."""

from __future__ import annotations

import copy
import dataclasses
import gc
import pickle
import sys

import pytest
from helpers import outcome, unset_message

import slotrecord
from slotrecord import boolean, f32, f64, i8, i32, u64

NATIVE = [("n", i32), ("x", f64), ("b", boolean), ("s", str)]


@dataclasses.dataclass(slots=True)
class Blank:  # the twin of the records below, named alike for the messages
    n: int
    x: float
    b: bool
    s: str


@dataclasses.dataclass(slots=True, frozen=True)
class FrozenBlank:
    n: int
    x: float
    b: bool
    s: str


def twins(impl, frozen=False):
    name = "FrozenBlank" if frozen else "Blank"
    return (impl.make_record(name, NATIVE, frozen=frozen, module=__name__),
            FrozenBlank if frozen else Blank)


def blank(cls, **values):
    """A blank instance of *cls* with *values* set, as msgspec and unpickling set them."""
    instance = cls.__new__(cls)
    for name, value in values.items():
        object.__setattr__(instance, name, value)
    return instance


def state(instance):
    """Each field's value or the error reading it raises."""
    return [outcome(getattr, instance, name) for name in ("n", "x", "b", "s")]


def half_set(cls):
    """A blank instance of *cls* with n and s set, x and b unset."""
    return blank(cls, n=1, s="a")


OPERATIONS = {
    "repr": lambda cls: repr(half_set(cls)),
    "eq": lambda cls: half_set(cls) == half_set(cls),
    "eq full": lambda cls: cls(1, 2.0, True, "a") == half_set(cls),
    "lt": lambda cls: half_set(cls) < cls(1, 2.0, True, "a"),
    "hash": lambda cls: hash(half_set(cls)),
    "asdict": lambda cls: dataclasses.asdict(half_set(cls)),
    "astuple": lambda cls: dataclasses.astuple(half_set(cls)),
    "replace": lambda cls: state(dataclasses.replace(half_set(cls), x=1.0)),
    "copy": lambda cls: state(copy.copy(half_set(cls))),
    "deepcopy": lambda cls: state(copy.deepcopy(half_set(cls))),
    "pickle": lambda cls: state(pickle.loads(pickle.dumps(half_set(cls)))),
}


class TestUnsetFields:
    def test_every_field_is_unset(self, impl):
        Record, Twin = twins(impl)
        record, twin = blank(Record), blank(Twin)
        assert state(record) == state(twin)
        assert state(record)[0] == ("raises", AttributeError, unset_message(Record, "n"))
        with pytest.raises(AttributeError) as raised:
            _ = record.x
        assert (raised.value.name, raised.value.obj) == ("x", record)

    def test_a_field_set_reads_back_and_the_others_stay_unset(self, impl):
        Record, Twin = twins(impl)
        record, twin = blank(Record, x=2.5), blank(Twin, x=2.5)
        assert state(record) == state(twin)
        record.n, record.b = 7, True
        assert (record.n, record.x, record.b) == (7, 2.5, True)
        assert outcome(getattr, record, "s")[0] == "raises"

    def test_once_every_field_is_set_it_is_the_record(self, impl):
        Record, _ = twins(impl)
        record = blank(Record, n=1, x=2.0, b=False, s="a")
        assert record == Record(1, 2.0, False, "a")
        assert repr(record) == "Blank(n=1, x=2.0, b=False, s='a')"
        assert impl.astuple(record) == (1, 2.0, False, "a")

    def test_a_set_field_converts_as_ever(self, impl):
        Record, _ = twins(impl)
        record = blank(Record)
        with pytest.raises(OverflowError):
            record.n = 2**40
        assert outcome(getattr, record, "n")[0] == "raises"  # still unset
        record.n = True
        assert record.n == 1 and type(record.n) is int

    @pytest.mark.parametrize("frozen", [False, True])
    @pytest.mark.parametrize("operation", sorted(OPERATIONS))
    def test_methods_see_unset_fields_as_the_dataclass(self, impl, frozen, operation):
        Record, Twin = twins(impl, frozen)
        got, expected = (outcome(OPERATIONS[operation], cls) for cls in (Record, Twin))
        if operation == "lt" and got[0] == "raises":  # the twin has no order=True: the
            expected = got  # record's ordering raises for the unset field, as it would
        assert got == expected

    def test_the_module_functions_raise_for_an_unset_native_field(self, impl):
        Record, _ = twins(impl)
        record = blank(Record, n=1, s="a")
        message = unset_message(Record, "x")
        for function in (impl.asdict, impl.astuple, lambda r: impl.replace(r, n=2)):
            assert outcome(function, record) == ("raises", AttributeError, message)

    def test_own_init_that_leaves_a_native_field_unset(self, impl):
        # A class whose own __init__ sets only some fields: the others are unset, as the
        # dataclass's are, not zero.
        class Partial(impl.Record, init=False):
            n: i32
            x: f64 = 1.5

            def __init__(self, n):
                self.n = n

        partial = Partial(3)
        assert partial.n == 3
        assert outcome(getattr, partial, "x") == ("raises", AttributeError,
                                                  unset_message(Partial, "x"))

    def test_a_subclass_blank(self, impl):
        Base = impl.make_record("Base", [("a", i8)])

        class Sub(Base):
            b: u64
            c: f32 = 0.5

        sub = blank(Sub, b=2**64 - 1)
        assert outcome(getattr, sub, "a")[0] == outcome(getattr, sub, "c")[0] == "raises"
        assert sub.b == 2**64 - 1
        sub.a, sub.c = -1, 0.25
        assert sub == Sub(-1, 2**64 - 1, 0.25)

    def test_a_blank_over_a_dict_base(self, impl):
        class Base:
            pass

        Record = impl.make_record("Record", [("x", f64)], bases=(Base,))
        record = blank(Record)
        record.extra = 1
        assert outcome(getattr, record, "x")[0] == "raises"
        record.x = 1.0
        assert (record.x, record.__dict__) == (1.0, {"extra": 1})

    def test_many_fields(self, impl):
        # Offsets past 64 bytes: the set of unset fields is no machine word.
        Wide = impl.make_record("Wide", [(f"f{i}", f64) for i in range(40)])
        wide = blank(Wide, f39=1.0)
        assert wide.f39 == 1.0
        assert [outcome(getattr, wide, f"f{i}")[0] for i in range(39)] == ["raises"] * 39


class TestAddresses:
    """Which native fields are unset is kept by address: freed or not, no other record
    may ever read as unset."""

    def test_records_made_after_a_blank_one_is_freed(self, impl):
        Record, _ = twins(impl)
        for _ in range(20):
            dropped = blank(Record)
            del dropped
            records = [Record(i, 1.0, True, "s") for i in range(50)]
            assert [r.n for r in records] == list(range(50))
            assert records[3] == Record(3, 1.0, True, "s")

    def test_records_made_while_blank_ones_are_alive(self, impl):
        Record, _ = twins(impl)
        blanks = [blank(Record) for _ in range(100)]
        records = [Record(i, 1.0, True, "s") for i in range(1000)]
        assert [r.n for r in records] == list(range(1000))
        assert copy.copy(records[5]) == records[5]
        del blanks[::2]
        gc.collect()
        more = [Record(i, 2.0, False, "t") for i in range(1000)]
        assert all(r.x == 2.0 for r in more)
        assert all(outcome(getattr, b, "n")[0] == "raises" for b in blanks)

    def test_a_blank_record_of_a_dict_type_freed(self, impl):
        class Base:
            pass

        Record = impl.make_record("Record", [("x", f64)], bases=(Base,))
        for _ in range(20):
            dropped = blank(Record)
            del dropped
            assert [Record(float(i)).x for i in range(20)] == [float(i) for i in range(20)]

    def test_a_blank_record_moved_to_another_class(self, impl):
        A = impl.make_record("A", [("x", f64)])

        class B(A):
            pass

        record = blank(A)
        record.__class__ = B
        assert outcome(getattr, record, "x")[0] == "raises"
        record.x = 1.0
        assert record == B(1.0)

    def test_unpickling_many_records(self, impl):
        Record, _ = twins(impl)
        records = [Record(i, i / 2, i % 2 == 0, str(i)) for i in range(500)]
        assert pickle.loads(pickle.dumps(records)) == records
        assert [r.n for r in (Record(i, 0.0, True, "") for i in range(100))] == list(range(100))


def test_the_size_is_the_fields(impl):
    # The unset state costs the record nothing: the size of its fields alone.
    Point = impl.make_record("Point", [("x", f64), ("y", f64)])
    if impl.BACKEND == "cython":
        assert sys.getsizeof(Point(1.0, 2.0)) == sys.getsizeof(blank(Point)) == 32
    assert slotrecord  # the package the aliases come from


def test_many_blank_records_made_set_and_freed_at_random(impl):
    # The table of unset fields grows, shrinks and moves entries as records come and go:
    # every record alive reads as the model says, whatever the order.
    import random

    Wide = impl.make_record("Wide", [(f"f{i}", i8 if i % 3 else f64) for i in range(70)])
    rng = random.Random(1)
    alive = {}  # id -> (record, set of the names still unset)
    for step in range(3000):
        action = rng.random()
        if action < 0.35 or not alive:
            record = blank(Wide)
            alive[id(record)] = (record, {f"f{i}" for i in range(70)})
        elif action < 0.8:
            record, unset = alive[rng.choice(list(alive))]
            name = f"f{rng.randrange(70)}"
            setattr(record, name, 1)
            unset.discard(name)
        else:
            del alive[rng.choice(list(alive))]
        if step % 100 == 0:
            made = Wide(*range(70))  # a record made whole is never unset
            assert made.f69 == 69 and made == Wide(*range(70))
            for record, unset in alive.values():
                names = [f"f{i}" for i in rng.sample(range(70), 10)]
                assert [name in unset for name in names] == [
                    outcome(getattr, record, name)[0] == "raises" for name in names]
