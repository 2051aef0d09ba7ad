"""The methods of records: repr, comparison, hashing, frozen, copy, pickle, replace."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import re
import sys
import weakref

import pytest
from helpers import dataclass_twin, outcome, unset_message

# A record type and its twin at module level, so that both pickle by reference.
from slotrecord import _record_py

Point = _record_py.make_record("Point", "x y")
try:
    from slotrecord import _record_c

    NativePoint = _record_c.make_record("NativePoint", "x y")
except ImportError:
    NativePoint = None


@pytest.fixture
def point_type(impl):
    """The module-level ``Point`` type of the implementation under test."""
    if impl.BACKEND == "python":
        return Point
    return NativePoint


class TestRepr:
    def test_repr_matches_dataclass(self, impl):
        P = impl.make_record("Product", "id name price")
        twin = dataclass_twin("Product", "id name price")
        assert repr(P(1, "widget", 9.99)) == repr(twin(1, "widget", 9.99))
        assert repr(P(1, "widget", 9.99)) == "Product(id=1, name='widget', price=9.99)"

    def test_repr_of_nested_and_recursive_records(self, impl):
        P = impl.make_record("P", "a b")
        inner = P(1, [2])
        outer = P(inner, None)
        assert repr(outer) == "P(a=P(a=1, b=[2]), b=None)"
        inner.b.append(outer)
        assert repr(outer) == "P(a=P(a=1, b=[2, ...]), b=None)"
        cyclic = P(None, None)
        cyclic.a = cyclic
        assert repr(cyclic) == "P(a=..., b=None)"

    @pytest.mark.parametrize("name", ["Product", "Prodüct", "Прод", "P𐐀od"])
    @pytest.mark.parametrize("value", ["widget", "wïdget", "видж", "w😀dget", 2**70])
    def test_repr_of_every_character_width_matches_dataclass(self, impl, name, value):
        """The type's name, the field names and the values' reprs may each be ASCII,
        Latin-1, 2-byte or 4-byte text: the repr is their concatenation all the same."""
        fields = ["id", "naïve", "цена", "𐐀"]
        P = impl.make_record(name, fields)
        twin = dataclass_twin(name, fields)
        assert repr(P(1, value, 9.99, "ok")) == repr(twin(1, value, 9.99, "ok"))

    def test_repr_takes_a_str_subclass_from_a_value(self, impl):
        class Shown(str):
            pass

        class Value:
            def __repr__(self):
                return Shown("v€")

        P = impl.make_record("P", "a b")
        assert repr(P(Value(), 1)) == "P(a=v€, b=1)"

    def test_repr_of_many_fields_matches_dataclass(self, impl):
        names = [f"f{i}" for i in range(40)]
        P = impl.make_record("Wide", names)
        twin = dataclass_twin("Wide", names)
        values = [f"v{i}" if i % 2 else i for i in range(40)]
        assert repr(P(*values)) == repr(twin(*values))

    def test_repr_while_a_value_renames_the_type(self, impl):
        """A value's repr may rename the record's type: the repr keeps the name it began
        with (the old name's str is held, not borrowed)."""
        P = impl.make_record("P", "a b")

        class Renames:
            def __repr__(self):
                P.__qualname__ = "Renamed" + "x" * 50  # a new str; the old may go
                return "r"

        name = "".join(["Ori", "ginal"])  # not interned: only the type holds it
        P.__qualname__ = name
        del name
        assert repr(P(Renames(), 1)) == "Original(a=r, b=1)"
        assert repr(P(1, 2)) == "Renamed" + "x" * 50 + "(a=1, b=2)"

    def test_repr_uses_the_qualname(self, impl):
        P = impl.make_record("P", "a")

        class Child(P):
            pass

        Child.__qualname__ = "Outer.Child"
        assert repr(Child(1)) == "Outer.Child(a=1)"

    def test_repr_propagates_errors(self, impl):
        class Bad:
            def __repr__(self):
                raise ValueError("no repr")

        P = impl.make_record("P", "a")
        with pytest.raises(ValueError, match="no repr"):
            repr(P(Bad()))
        assert repr(P(1)) == "P(a=1)"  # the recursion guard was released


class TestEquality:
    VALUES = ((1, 2), (1, 3), (2, 1), (1.0, 2), ("a", "b"), (None, None), ((1,), [2]))

    @pytest.mark.parametrize("left", VALUES)
    @pytest.mark.parametrize("right", VALUES)
    def test_eq_and_ne_match_dataclass(self, impl, left, right):
        P = impl.make_record("P", "a b")
        twin = dataclass_twin("P", "a b")
        assert (P(*left) == P(*right)) == (twin(*left) == twin(*right))
        assert (P(*left) != P(*right)) == (twin(*left) != twin(*right))

    def test_eq_is_exact_type(self, impl):
        P = impl.make_record("P", "a")
        Q = impl.make_record("Q", "a")
        assert P(1) != Q(1)
        assert P(1) != (1,)
        assert P(1).__eq__((1,)) is NotImplemented

    def test_eq_false_compares_identity(self, impl):
        P = impl.make_record("P", "a", eq=False)
        p = P(1)
        assert p == p
        assert p != P(1)
        assert hash(p) == object.__hash__(p)

    def test_identical_values_are_equal(self, impl):
        """Fields compare as tuples do: an identical object is equal to itself."""
        nan = float("nan")
        P = impl.make_record("P", "a")
        assert P(nan) == P(nan)
        assert P(nan) != P(float("nan"))

    def test_eq_propagates_errors(self, impl):
        class Bad:
            def __eq__(self, other):
                raise ValueError("no eq")

        P = impl.make_record("P", "a")
        with pytest.raises(ValueError, match="no eq"):
            P(Bad()) == P(Bad())  # noqa: B015

    @pytest.mark.parametrize("equal", [(True, True, True), (True, False, True),
                                       (False, True, True), (True, True, False)])
    def test_eq_calls_and_truth_tests_are_those_of_the_tuples(self, impl, equal):
        """Each pair is compared and its result tested for truth, in field order, up to
        the first pair found unequal, as comparing the tuples of the fields does; the
        result is a bool, whatever == returned (as numpy's arrays return arrays)."""
        shared = _Logged([], "shared", True)  # identical: equal without a call

        def compare(make):
            log = []
            mine = make(*(_Logged(log, f"a{i}", e) for i, e in enumerate(equal)), shared)
            theirs = make(*(_Logged(log, f"b{i}", e) for i, e in enumerate(equal)), shared)
            return mine == theirs, log

        P = impl.make_record("P", "x y z shared")
        assert compare(P) == compare(lambda *values: values)
        assert type(compare(P)[0]) is bool


class TestOrder:
    VALUES = ((1, 2), (1, 3), (2, 1), (1, 2.0), (0, "x"))
    OPERATORS = ("__lt__", "__le__", "__gt__", "__ge__")

    @pytest.mark.parametrize("left", VALUES)
    @pytest.mark.parametrize("right", VALUES)
    @pytest.mark.parametrize("operator", OPERATORS)
    def test_order_matches_dataclass(self, impl, left, right, operator):
        P = impl.make_record("P", "a b", order=True)
        twin = dataclass_twin("P", "a b", order=True)

        def compare(cls):
            return getattr(cls(*left), operator)(cls(*right))

        assert outcome(compare, P) == outcome(compare, twin)

    def test_sorting(self, impl):
        P = impl.make_record("P", "a b", order=True)
        items = [P(2, "a"), P(1, "b"), P(1, "a")]
        assert sorted(items) == [P(1, "a"), P(1, "b"), P(2, "a")]

    def test_without_order_comparison_raises(self, impl):
        P = impl.make_record("P", "a")
        with pytest.raises(TypeError, match="'<' not supported between instances of 'P' and 'P'"):
            P(1) < P(2)  # noqa: B015

    def test_order_with_other_types_raises(self, impl):
        P = impl.make_record("P", "a", order=True)
        message = "'<' not supported between instances of 'P' and 'int'"
        with pytest.raises(TypeError, match=message):
            P(1) < 1  # noqa: B015


class TestHash:
    @pytest.mark.parametrize("values", [(), (1,), (1, "a"), (None, 2.5, (1, 2)), (-1,), (-2,)])
    def test_frozen_hash_matches_dataclass_and_tuple(self, impl, values):
        names = [f"f{i}" for i in range(len(values))]
        P = impl.make_record("P", names, frozen=True)
        twin = dataclass_twin("P", names, frozen=True)
        assert hash(P(*values)) == hash(twin(*values)) == hash(values)

    def test_mutable_with_eq_is_unhashable(self, impl):
        P = impl.make_record("P", "a")
        assert P.__hash__ is None
        with pytest.raises(TypeError, match="unhashable type: 'P'"):
            hash(P(1))

    def test_unhashable_field(self, impl):
        P = impl.make_record("P", "a", frozen=True)
        with pytest.raises(TypeError, match="unhashable type: 'list'"):
            hash(P([]))

    @pytest.mark.parametrize(("set_first", "unset"), [
        ({"a": "s"}, "b"), ({"a": "s", "b": []}, "c"), ({"a": [], "b": 1.5}, "c")])
    def test_an_unset_field_raises_before_any_field_is_hashed(self, impl, set_first, unset):
        # As hash((self.a, self.b, self.c)): the tuple is built, and fails, before any
        # hash runs, even that of an unhashable list before the unset field.
        P = impl.make_record("P", "a b c", frozen=True)
        record = P.__new__(P)
        for name, value in set_first.items():
            vars(P)[name].__set__(record, value)  # the slot itself, past the frozen check
        with pytest.raises(AttributeError, match=f"'{unset}'"):
            hash(record)

    def test_records_as_keys(self, impl):
        P = impl.make_record("P", "a b", frozen=True)
        table = {P(1, 2): "x"}
        assert table[P(1, 2)] == "x"
        assert P(2, 1) not in table


class TestFrozen:
    def test_assign_and_delete_raise(self, impl):
        P = impl.make_record("P", "a", frozen=True)
        twin = dataclass_twin("P", "a", frozen=True)
        for cls in (P, twin):
            p = cls(1)
            for action in (lambda p: setattr(p, "a", 2), lambda p: delattr(p, "a")):
                with pytest.raises(dataclasses.FrozenInstanceError):
                    action(p)
            assert p.a == 1
        with pytest.raises(dataclasses.FrozenInstanceError, match=r"^cannot assign to field 'a'$"):
            P(1).a = 2
        with pytest.raises(dataclasses.FrozenInstanceError, match=r"^cannot delete field 'a'$"):
            del P(1).a

    def test_unknown_attribute_raises_frozen_error(self, impl):
        P = impl.make_record("P", "a", frozen=True)
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'b'"):
            P(1).b = 2

    def test_frozen_records_still_copy_pickle_and_replace(self, impl, point_type):
        P = impl.make_record("P", "a b", frozen=True)
        p = P(1, [2])
        assert copy.copy(p) == p
        assert copy.deepcopy(p) == p
        assert impl.replace(p, a=5) == P(5, [2])
        p.__init__(3, 4)  # __init__ writes fields, as a frozen dataclass's does
        assert impl.astuple(p) == (3, 4)


class TestNoDict:
    def test_unknown_attribute(self, impl):
        P = impl.make_record("P", "a")
        p = P(1)
        with pytest.raises(AttributeError):
            p.b = 2
        assert not hasattr(p, "__dict__")

    def test_class_attributes(self, impl):
        P = impl.make_record("P", "a b", kw_only=False)
        assert P.__slots__ == ("a", "b")
        assert P.__match_args__ == ("a", "b")
        assert P.__name__ == P.__qualname__ == "P"
        assert P.__doc__ == "P(a: 'typing.Any', b: 'typing.Any')"  # as make_dataclass's
        K = impl.make_record("K", "a b", kw_only=True, weakref=True, doc="Kay.")
        assert K.__slots__ == ("a", "b", "__weakref__")
        assert K.__match_args__ == ()
        assert K.__doc__ == "Kay."


class TestMatch:
    def test_match_by_position_and_keyword(self, impl):
        P = impl.make_record("P", "x y")

        def where(point):
            match point:
                case P(0, 0):
                    return "origin"
                case P(x=0, y=y):
                    return f"on the y axis at {y}"
                case P(x, _) if x > 0:
                    return "right"
                case _:
                    return "elsewhere"

        assert [where(P(0, 0)), where(P(0, 2)), where(P(1, 5)), where(P(-1, 5))] == [
            "origin", "on the y axis at 2", "right", "elsewhere"]


class TestWeakref:
    def test_weakref_option(self, impl):
        P = impl.make_record("P", "a", weakref=True)
        p = P(1)
        ref = weakref.ref(p)
        assert ref() is p
        del p
        assert ref() is None

    def test_no_weakref_by_default(self, impl):
        P = impl.make_record("P", "a")
        with pytest.raises(TypeError, match="cannot create weak reference to 'P' object"):
            weakref.ref(P(1))


class TestCopyAndPickle:
    def test_copy_is_shallow(self, impl):
        P = impl.make_record("P", "a b")
        p = P(1, [2])
        c = copy.copy(p)
        assert c == p and c is not p
        assert c.b is p.b

    def test_deepcopy(self, impl):
        P = impl.make_record("P", "a b")
        p = P(1, [2])
        p.a = p  # a cycle
        c = copy.deepcopy(p)
        assert c.a is c
        assert c.b == [2] and c.b is not p.b

    @pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
    def test_pickle_every_protocol(self, point_type, protocol):
        p = point_type(1, ("a", 2.5))
        q = pickle.loads(pickle.dumps(p, protocol))
        assert type(q) is point_type
        assert q == p

    @pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
    def test_pickle_a_record_that_contains_itself(self, point_type, protocol):
        """The record exists before its fields are restored: cycles through it survive."""
        p = point_type(1, None)
        p.y = [p]
        q = pickle.loads(pickle.dumps(p, protocol))
        assert q.y[0] is q

    def test_pickle_keeps_shared_references(self, point_type):
        shared = [1]
        p = point_type(shared, shared)
        q = pickle.loads(pickle.dumps(p))
        assert q.x is q.y

    def test_setstate_rejects_bad_state(self, point_type):
        p = point_type.__new__(point_type)
        for state in [(1,), (1, 2, 3), [1, 2], None]:
            message = r"__setstate__\(\) expects a tuple of 2 field values"
            with pytest.raises(TypeError, match=message):
                p.__setstate__(state)

    def test_frozen_pickles(self, impl):
        P = impl.make_record("P", "a", frozen=True, module=__name__)
        globals()["P"] = P
        try:
            assert pickle.loads(pickle.dumps(P(1))) == P(1)
        finally:
            del globals()["P"]


class TestReplace:
    def test_replace_matches_dataclass(self, impl):
        P = impl.make_record("P", "a b c", defaults={"c": 3})
        twin = dataclass_twin("P", "a b c", {"c": 3})
        for changes in [{}, {"a": 10}, {"c": 30, "a": 10}, {"x": 1}, {"a": 1, "x": 1},
                        {"self": 1}]:
            assert outcome(impl.replace, P(1, 2), **changes) == outcome(
                dataclasses.replace, twin(1, 2), **changes)

    def test_replace_runs_post_init(self, impl):
        P = impl.make_record("P", "a b")

        class Sub(P):
            def __post_init__(self):
                self.b *= 10

        assert impl.astuple(impl.replace(Sub(1, 2), a=5)) == (5, 200)

    def test_replace_keyword_only(self, impl):
        P = impl.make_record("P", "a b", kw_only=True)
        assert impl.replace(P(a=1, b=2), b=3) == P(a=1, b=3)

    def test_replace_a_deleted_field(self, impl):
        P = impl.make_record("P", "a b")
        p = P(1, 2)
        del p.a
        assert impl.replace(p, a=3) == P(3, 2)
        with pytest.raises(AttributeError, match=f"^{re.escape(unset_message(P, 'a'))}$"):
            impl.replace(p, b=3)

    @pytest.mark.skipif(sys.version_info < (3, 13), reason="copy.replace is new in 3.13")
    def test_copy_replace(self, impl):
        P = impl.make_record("P", "a b")
        assert copy.replace(P(1, 2), b=5) == P(1, 5)


class TestHelpers:
    def test_asdict_astuple_fields(self, impl):
        P = impl.make_record("P", "a b c", defaults={"c": 3})
        p = P(1, [2])
        assert impl.asdict(p) == {"a": 1, "b": [2], "c": 3}
        assert list(impl.asdict(p)) == ["a", "b", "c"]
        assert impl.asdict(p)["b"] is p.b  # shallow
        assert impl.astuple(p) == (1, [2], 3)
        names = [(f.name, f.default, f.kw_only) for f in impl.fields(P)]
        assert names == [("a", impl.fields(p)[0].default, False), ("b", names[1][1], False),
                         ("c", 3, False)]
        assert repr(impl.fields(P)[0].default) == "MISSING"
        assert impl.fields(P) == impl.fields(p)

    @pytest.mark.parametrize("function", ["asdict", "astuple", "replace"])
    @pytest.mark.parametrize("argument", [1, None, (1, 2), Point])
    def test_helpers_reject_non_records(self, impl, function, argument):
        message = rf"^{function}\(\) argument must be a record instance"
        with pytest.raises(TypeError, match=message):
            getattr(impl, function)(argument)

    def test_fields_rejects_non_records(self, impl):
        with pytest.raises(TypeError, match=r"^fields\(\) argument must be a record type or"):
            impl.fields(int)


def test_without_eq_comparison_is_objects(impl):
    """A record without eq compares as object does, as a dataclass without eq inherits it:
    ``r.__eq__(r)`` is True (found by tests/test_fuzz.py)."""
    P = impl.make_record("P", "a", eq=False)
    twin = dataclass_twin("P", "a", eq=False)
    for make in (P, twin):
        r, other = make(1), make(1)
        assert (r.__eq__(r), r.__eq__(other), r.__ne__(r), r.__ne__(other)) == (
            True, NotImplemented, False, NotImplemented)
        assert (r == r, r == other, r != other) == (True, False, True)
        assert r.__lt__(r) is NotImplemented


def test_a_record_compared_with_itself_as_the_running_dataclasses_do(impl):
    """From 3.13 a dataclass is equal to itself before any field is read, even a deleted
    one; before, the deleted field raises (found by tests/test_fuzz.py on 3.13)."""
    record, twin = impl.make_record("P", "a b")(1, 2), dataclass_twin("P", "a b")(1, 2)
    del record.a, twin.a
    for compare in (lambda r: r == r, lambda r: r != r, lambda r: r.__eq__(r)):
        assert outcome(compare, record)[:2] == outcome(compare, twin)[:2]
    with pytest.raises(AttributeError):
        _ = record == type(record)(1, 2)  # another record: the fields are read


class _Logged:
    """A value whose == returns an object that logs when it is tested for truth."""

    __hash__ = None

    def __init__(self, log, name, equal):
        self.log, self.name, self.equal = log, name, equal

    def __eq__(self, other):
        self.log.append(f"{self.name} == {other.name}")
        return _LoggedTruth(self.log, self.name, self.equal)


class _LoggedTruth:
    def __init__(self, log, name, equal):
        self.log, self.name, self.equal = log, name, equal

    def __bool__(self):
        self.log.append(f"bool({self.name})")
        return self.equal
