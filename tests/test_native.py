"""Native fields (``slotrecord.i64``, ``f64``, ...): numbers kept as raw C values in the
record. Conversion is checked at every limit against ``struct``, which converts as C does;
the contract (eq, order, hash, repr, copy, pickle, asdict, replace, dataclasses) against a
dataclass holding the converted values; and the layout with ``sys.getsizeof``."""

from __future__ import annotations  # string annotations: resolved in this module

import copy
import dataclasses
import gc
import math
import operator
import pickle
import struct
import sys
import weakref
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, get_args, get_origin

import pytest
from hypothesis import given
from hypothesis import strategies as st

import slotrecord
from slotrecord import (
    NativeType,
    _pickling,
    boolean,
    f32,
    f64,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
)
from slotrecord._native import NATIVE_TYPES

POINTER = 8 if sys.maxsize > 2**32 else 4
HEADER = 2 * POINTER  # reference count and type
GC_HEADER = 2 * POINTER

ALIASES = {"i8": i8, "i16": i16, "i32": i32, "i64": i64, "u8": u8, "u16": u16, "u32": u32,
           "u64": u64, "f32": f32, "f64": f64, "boolean": boolean}
STRUCT_FORMATS = {"i8": "b", "i16": "h", "i32": "i", "i64": "q", "u8": "B", "u16": "H",
                  "u32": "I", "u64": "Q", "f32": "f", "f64": "d"}
INTEGERS = ["i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64"]
REALS = ["f32", "f64"]
F32_MAX = struct.unpack("<f", b"\xff\xff\x7f\x7f")[0]


def record_of(impl, name, **options):
    """A record type with one field ``v`` of native type *name*."""
    return impl.make_record("R", [("v", ALIASES[name])], **options)


def expected(name, value):
    """What a field of native type *name* holds after storing *value*, or the type of the
    error, worked out by ``struct``, which converts as C does (and by the contract for
    what struct does not say: a boolean takes only a bool, every NaN is math.nan)."""
    if name == "boolean":
        return value if value is True or value is False else TypeError
    if name in INTEGERS and isinstance(value, float):  # struct would say struct.error
        return TypeError
    try:
        packed = struct.pack("<" + STRUCT_FORMATS[name], value)
    except struct.error as error:
        return TypeError if "not a" in str(error) else OverflowError
    except OverflowError:  # an int too large for a float, a float too large for an f32
        return OverflowError
    (stored,) = struct.unpack("<" + STRUCT_FORMATS[name], packed)
    return math.nan if stored != stored else stored


def stored(impl, name, value):
    """What a native field of type *name* holds after construction with *value* and after
    assignment of it, which must agree, or the type of the error."""
    R = record_of(impl, name)
    try:
        record = R(value)
    except (TypeError, OverflowError) as error:
        result = type(error)
    else:
        result = record.v
    holder = R(0 if name != "boolean" else False)
    try:
        holder.v = value
    except (TypeError, OverflowError) as error:
        assert type(error) is result
        assert holder.v == 0  # a failed assignment leaves the field as it was
    else:
        assert same(holder.v, result)
    return result


def same(a, b):
    """Equal, of the same type, and the same zero or NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (a is b) if a != a else (a == b and math.copysign(1, a) == math.copysign(1, b))
    return a == b


def limits(name):
    native = NATIVE_TYPES[name]
    return [native.low, native.high, native.low - 1, native.high + 1, 0]


class Index:
    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value


class Real:
    def __float__(self):
        return 2.5


class Integer(int):
    pass


class Floating(float):
    pass


class TestTypes:
    @pytest.mark.parametrize("name", sorted(ALIASES))
    def test_each_is_an_annotated_alias_of_its_python_type(self, name):
        alias = getattr(slotrecord, name)
        assert alias is ALIASES[name]
        python_type, native = get_args(alias)
        assert get_origin(alias) is Annotated
        assert (native.name, native.python_type) == (name, python_type)
        assert python_type is {"f": float, "b": bool}.get(name[0], int)
        assert native.annotation is alias
        assert repr(native) == f"slotrecord.NativeType({name!r})"
        assert pickle.loads(pickle.dumps(native)) is native
        assert isinstance(native, NativeType)

    @pytest.mark.parametrize("name", INTEGERS)
    def test_integer_ranges_are_those_of_c(self, name):
        native = NATIVE_TYPES[name]
        bits = 8 * native.size
        assert native.size == int(name[1:]) // 8
        if name[0] == "i":
            assert (native.low, native.high) == (-2 ** (bits - 1), 2 ** (bits - 1) - 1)
        else:
            assert (native.low, native.high) == (0, 2**bits - 1)


class TestConversion:
    @pytest.mark.parametrize("name", INTEGERS)
    def test_integers_at_their_limits(self, impl, name):
        native = NATIVE_TYPES[name]
        for value in (native.low, native.high, 0):
            assert same(stored(impl, name, value), value)
        for value in (native.low - 1, native.high + 1):
            assert stored(impl, name, value) is OverflowError

    @pytest.mark.parametrize("name", INTEGERS)
    def test_out_of_range_message(self, impl, name):
        native = NATIVE_TYPES[name]
        R = record_of(impl, name)
        for value in (native.low - 1, native.high + 1, 2**70, -(2**70)):
            message = (f"R.v ({name}): {value} is out of range "
                       f"[{native.low}, {native.high}]")
            with pytest.raises(OverflowError) as raised:
                R(value)
            assert str(raised.value) == message
            with pytest.raises(OverflowError) as raised:
                R(0).v = value
            assert str(raised.value) == message

    def test_a_huge_int_is_named_by_its_size(self, impl):
        R = record_of(impl, "i64")
        with pytest.raises(OverflowError, match=r"^R\.v \(i64\): an int of 10001 bits is "
                                                r"out of range"):
            R(2**10000)

    @pytest.mark.parametrize("name", INTEGERS)
    def test_integers_take_a_bool_an_int_subclass_and_an_index(self, impl, name):
        for value, expected_value in ((True, 1), (False, 0), (Integer(7), 7),
                                      (Index(9), 9)):
            result = stored(impl, name, value)
            assert type(result) is int and result == expected_value
        native = NATIVE_TYPES[name]
        assert stored(impl, name, Index(native.high + 1)) is OverflowError

    @pytest.mark.parametrize("name", INTEGERS)
    @pytest.mark.parametrize(("value", "got"), [(1.0, "float"), (2.5, "float"),
                                                (math.nan, "float"), ("1", "str"),
                                                (None, "NoneType"), (Decimal(1), "Decimal"),
                                                (Fraction(1), "Fraction"), (1j, "complex")])
    def test_integers_refuse_what_is_not_an_integer(self, impl, name, value, got):
        R = record_of(impl, name)
        message = f"R.v ({name}): expected an int, got {got}"
        with pytest.raises(TypeError) as raised:
            R(value)
        assert str(raised.value) == message
        record = R(3)
        with pytest.raises(TypeError) as raised:
            record.v = value
        assert (str(raised.value), record.v) == (message, 3)

    @pytest.mark.parametrize("name", REALS)
    def test_reals_at_their_limits(self, impl, name):
        largest = F32_MAX if name == "f32" else sys.float_info.max
        for value in (largest, -largest, math.inf, -math.inf, 0.0, -0.0, 5e-324, 1, -3,
                      True, 2**60 + 1, Floating(1.5), Decimal("0.1"), Fraction(1, 3),
                      Index(4), Real()):
            result = stored(impl, name, value)
            assert same(result, expected(name, value)), value
            assert type(result) is float
        assert stored(impl, name, -0.0) == 0.0
        assert math.copysign(1, stored(impl, name, -0.0)) == -1

    @pytest.mark.parametrize("name", REALS)
    def test_every_nan_is_math_nan(self, impl, name):
        negative = struct.unpack("<d", struct.pack("<Q", 0xFFF8000000000001))[0]
        for nan in (math.nan, float("nan"), -math.nan, negative):
            assert stored(impl, name, nan) is math.nan
        R = record_of(impl, name)
        assert R(float("nan")) == R(negative)  # as a dataclass holding math.nan twice is

    def test_f32_rounds_as_c_does(self, impl):
        for value in (0.1, 1 / 3, 16777217, 1e-46, 3.4028235e38,
                      math.nextafter(F32_MAX, math.inf)):
            assert same(stored(impl, "f32", value), expected("f32", value)), value
        assert stored(impl, "f32", 0.1) == struct.unpack("<f", struct.pack("<f", 0.1))[0]
        assert stored(impl, "f32", math.nextafter(F32_MAX, math.inf)) == F32_MAX

    @pytest.mark.parametrize(("name", "value", "shown"), [
        ("f32", 3.5e38, "3.5e+38"), ("f32", -1e300, "-1e+300"), ("f32", 2**200, str(2**200)),
        ("f64", 2**1024, "an int of 1025 bits"),
        ("f64", -(2**1100), "a negative int of 1101 bits"),
    ])
    def test_reals_out_of_range(self, impl, name, value, shown):
        native = NATIVE_TYPES[name]
        message = f"R.v ({name}): {shown} is out of range [{native.low!r}, {native.high!r}]"
        with pytest.raises(OverflowError) as raised:
            record_of(impl, name)(value)
        assert str(raised.value) == message

    @pytest.mark.parametrize("name", REALS)
    @pytest.mark.parametrize(("value", "got"), [("1.5", "str"), (None, "NoneType"),
                                                (1j, "complex"), (b"1", "bytes")])
    def test_reals_refuse_what_is_not_a_real_number(self, impl, name, value, got):
        with pytest.raises(TypeError) as raised:
            record_of(impl, name)(value)
        assert str(raised.value) == f"R.v ({name}): expected a real number, got {got}"

    def test_boolean_takes_only_a_bool(self, impl):
        assert stored(impl, "boolean", True) is True
        assert stored(impl, "boolean", False) is False
        for value, got in ((1, "int"), (0, "int"), (None, "NoneType"), ("", "str"),
                           (1.0, "float"), (Integer(1), "Integer")):
            with pytest.raises(TypeError) as raised:
                record_of(impl, "boolean")(value)
            assert str(raised.value) == f"R.v (boolean): expected a bool, got {got}"

    def test_an_error_raised_while_converting_propagates(self, impl):
        class Broken:
            def __index__(self):
                raise ValueError("no index here")

            def __float__(self):
                raise ArithmeticError("no float here")

        with pytest.raises(ValueError, match="no index here"):
            record_of(impl, "i32")(Broken())
        with pytest.raises(ArithmeticError, match="no float here"):
            record_of(impl, "f64")(Broken())

    @pytest.mark.parametrize("name", sorted(ALIASES))
    @given(value=st.one_of(
        st.integers(), st.integers(-(2**65), 2**65), st.floats(), st.floats(width=32),
        st.booleans(), st.none(), st.text(max_size=2),
        st.sampled_from([Index(3), Index(-1), Index(2**64), Floating(0.5), Integer(-1)])))
    def test_any_value_is_stored_as_struct_stores_it(self, impl, name, value):
        result = stored(impl, name, value)
        want = expected(name, value)
        assert same(result, want) or result is want

    def test_the_error_names_the_class_by_its_qualified_name(self, impl):
        class Agent(impl.Record):
            id: i64

        with pytest.raises(TypeError) as raised:
            Agent("7")
        assert str(raised.value) == f"{Agent.__qualname__}.id (i64): expected an int, got str"
        assert Agent.__qualname__.endswith("<locals>.Agent")


class TestDeclaration:
    def test_make_record_takes_pairs_a_mapping_and_names(self, impl):
        for fields in ([("x", f64), ("y", f64)], {"x": f64, "y": f64}, (("x", f64), "y")):
            Point = impl.make_record("Point", fields)
            assert Point(1, 2) == Point(1.0, 2.0)
            assert type(Point(1, 2).x) is float
            assert [f.name for f in impl.fields(Point)] == ["x", "y"]
        mixed = impl.make_record("Mixed", ["name", ("x", f64)])
        assert [f.type for f in impl.fields(mixed)] == ["typing.Any", f64]

    def test_a_plain_python_type_is_an_ordinary_field(self, impl):
        P = impl.make_record("P", [("x", float), ("n", int), ("s", str)])
        p = P("not a float", 1.5, 3)  # annotations are not checked, as in dataclasses
        assert (p.x, p.n, p.s) == ("not a float", 1.5, 3)
        assert not any(f.native for f in impl.fields(P))

    def test_the_field_reports_its_native_type(self, impl):
        P = impl.make_record("P", [("x", f64), ("name", str)])
        assert [f.native for f in impl.fields(P)] == [NATIVE_TYPES["f64"], None]

    def test_class_syntax_with_string_annotations(self, impl):
        # This module has from __future__ import annotations: the annotation is "f64",
        # looked up in this module, as dataclasses look up ClassVar.
        class Agent(impl.Record):
            id: i64
            x: f64
            y: slotrecord.f64
            name: str

        assert [f.type for f in impl.fields(Agent)] == ["i64", "f64", "slotrecord.f64", "str"]
        assert [f.native and f.native.name for f in impl.fields(Agent)] == [
            "i64", "f64", "f64", None]
        agent = Agent(1, 2, 3, "ann")
        assert repr(agent).endswith("Agent(id=1, x=2.0, y=3.0, name='ann')")

    def test_annotated_with_more_metadata(self, impl):
        P = impl.make_record("P", [("x", Annotated[float, "metres", NATIVE_TYPES["f32"]]),
                                   ("y", Annotated[f64, "metres"])])
        assert [f.native.name for f in impl.fields(P)] == ["f32", "f64"]
        assert P(0.1, 0.1).x == expected("f32", 0.1)

    def test_conflicting_or_misplaced_native_types(self, impl):
        with pytest.raises(TypeError, match=r"^conflicting native types i64 and i32 in "):
            impl.make_record("P", [("x", Annotated[int, NATIVE_TYPES["i64"],
                                                   NATIVE_TYPES["i32"]])])
        with pytest.raises(TypeError, match=r"^native type f64 annotates float, not "):
            impl.make_record("P", [("x", Annotated[int, NATIVE_TYPES["f64"]])])

    def test_an_optional_native_type_is_an_ordinary_field(self, impl):
        P = impl.make_record("P", [("x", f64 | None)])
        assert P(None).x is None
        assert impl.fields(P)[0].native is None

    def test_defaults_are_converted_when_the_type_is_made(self, impl):
        P = impl.make_record("P", [("x", f64), ("n", i8)], defaults={"x": 1, "n": True})
        assert [(f.default, type(f.default)) for f in impl.fields(P)] == [(1.0, float),
                                                                          (1, int)]
        assert repr(P()) == "P(x=1.0, n=1)"

    @pytest.mark.parametrize(("fields", "defaults", "error", "message"), [
        ([("n", i8)], {"n": 128}, OverflowError, "P.n (i8): 128 is out of range [-128, 127]"),
        ([("n", u8)], {"n": 1.5}, TypeError, "P.n (u8): expected an int, got float"),
        ([("x", f64)], {"x": "0"}, TypeError, "P.x (f64): expected a real number, got str"),
        ([("b", boolean)], {"b": 0}, TypeError, "P.b (boolean): expected a bool, got int"),
    ])
    def test_bad_defaults_fail_when_the_type_is_made(self, impl, fields, defaults, error,
                                                      message):
        with pytest.raises(error) as raised:
            impl.make_record("P", fields, defaults=defaults)
        assert str(raised.value) == message

    def test_a_bad_class_default_fails_at_the_class_statement(self, impl):
        with pytest.raises(TypeError, match=r"Agent\.id \(i64\): expected an int, got str$"):
            class Agent(impl.Record):
                id: i64 = "one"

    def test_a_default_factory_is_converted_at_construction(self, impl):
        P = impl.make_record("P", [("x", f64), ("n", i16)],
                             defaults={"x": impl.field(default_factory=int),
                                       "n": impl.field(default_factory=lambda: 2**20)})
        with pytest.raises(OverflowError, match=r"^P\.n \(i16\): 1048576 is out of range"):
            P()
        assert P(n=3) == P(0.0, 3)
        assert type(P(n=3).x) is float

    def test_every_default_factory_runs_before_any_value_is_converted(self, impl):
        def refuse():
            raise LookupError("no default here")

        P = impl.make_record("P", [("n", i8), ("tag", object)],
                             defaults={"n": impl.field(default_factory=lambda: 300),
                                       "tag": impl.field(default_factory=refuse)})
        with pytest.raises(LookupError, match="no default here"):
            P()
        with pytest.raises(OverflowError, match=r"^P\.n \(i8\): 300 is out of range"):
            P(tag=1)

    def test_subclass_adds_object_fields_after_native_ones(self, impl):
        class Base(impl.Record):
            x: f64
            y: f64

        class Named(Base):
            name: str = ""

        named = Named(1, 2, "a")
        assert (named.x, named.y, named.name) == (1.0, 2.0, "a")
        assert isinstance(named, Base)
        assert Base.__dict__["x"].__get__(named, Named) == 1.0
        with pytest.raises(TypeError, match=r"\.x \(f64\): expected a real number"):
            named.x = "far"
        if impl.BACKEND == "cython":
            assert not gc.is_tracked(Base(1, 2))
            assert gc.is_tracked(named)

    def test_subclass_adds_native_fields(self, impl):
        class Base(impl.Record):
            name: str
            n: i8

        class Wider(Base):
            x: f64 = 0.0
            flag: boolean = False

        wide = Wider("w", 1, 2, True)
        assert impl.astuple(wide) == ("w", 1, 2.0, True)
        wide.n, wide.x, wide.flag = -128, -0.0, False
        assert impl.astuple(wide) == ("w", -128, -0.0, False)
        with pytest.raises(OverflowError, match=r"\.n \(i8\): 128 is out of range"):
            wide.n = 128

    def test_a_subclass_may_give_a_native_field_a_new_default(self, impl):
        class Base(impl.Record):
            x: f64

        class Child(Base):
            x: f64 = 1

        assert Child().x == 1.0
        assert type(Child().x) is float

    @pytest.mark.parametrize(("annotation", "message"), [
        ("i32", "Child.x cannot change from f64 to i32: a subclass keeps its base's layout"),
        ("float", "Child.x cannot change from f64 to an object field: a subclass keeps "
                  "its base's layout"),
    ])
    def test_a_subclass_cannot_change_a_field_kind(self, impl, annotation, message):
        class Base(impl.Record):
            x: f64

        with pytest.raises(TypeError) as raised:
            type(Base)("Child", (Base,), {"__annotations__": {"x": annotation},
                                          "__module__": __name__})
        assert str(raised.value) == message


class TestMisuse:
    """What the layout trusts cannot be forged: a hand-made NativeType, a class attribute
    in place of an inherited field. Found by review; each crashed the native core."""

    @pytest.mark.parametrize("forged", [NativeType("i64", int, 1, -(2**63), 2**63 - 1),
                                        NativeType("i8", int, 1, -1000, 1000),
                                        NativeType("f64", float, 0, 0.0, 1.0)])
    def test_a_hand_made_native_type_is_refused(self, impl, forged):
        with pytest.raises(TypeError, match=r"^a NativeType made outside slotrecord in "):
            impl.make_record("Bad", [("x", Annotated[forged.python_type, forged])])

    @pytest.mark.parametrize("annotation", [f64, object])
    def test_a_class_attribute_cannot_replace_an_inherited_field(self, impl, annotation):
        Big = impl.make_record("Big", [(f"p{i}", i64) for i in range(60)] + [("x", i64)])
        Base = impl.make_record("Base", [("x", annotation)])
        for replacement in (Big.__dict__["x"], 5, property(lambda self: 1)):
            with pytest.raises(TypeError) as raised:
                type(Base)("Sub", (Base,), {"x": replacement, "__module__": __name__})
            assert str(raised.value) == ("Sub.x is a field of a base record: a class "
                                         "attribute cannot replace it (annotate it to give "
                                         "it a new default)")

    def test_an_all_native_subclass_of_a_weakref_base(self, impl):
        class Base(impl.Record, weakref=True):
            pass

        class Sub(Base):
            x: i64

        records = [Sub(i) for i in range(200)]
        refs = [weakref.ref(record) for record in records]
        assert [ref().x for ref in refs] == list(range(200))
        del records
        assert all(ref() is None for ref in refs)

    def test_a_finalizer_runs_once_on_an_all_native_record(self, impl):
        calls = []
        saved = []

        class Phoenix(impl.Record):
            x: f64

            def __del__(self):
                calls.append(self.x)
                if len(calls) < 5:
                    saved.append(self)  # resurrected

        Phoenix(1.5)
        while saved:
            saved.pop()
        gc.collect()
        assert calls == [1.5]  # PEP 442: once, however often it is resurrected


class TestContract:
    """Records with native fields against a dataclass that holds the converted values."""

    def make(self, impl, **options):
        fields = [("id", i64), ("x", f32), ("y", f64), ("ok", boolean), ("name", str)]
        Record = impl.make_record("Agent", fields, **options)
        Twin = dataclasses.make_dataclass("Agent", [(n, object) for n, _ in fields],
                                          slots=True, **options)
        return Record, Twin

    VALUES = ((1, 0.5, -0.0, True, "a"), (1, 0.5, 2.0, True, "a"), (-(2**63), 0.1, 1e300,
              False, "b"), (2, math.inf, math.nan, False, "c"), (2, -math.inf, 3, True, ""))

    def converted(self, values):
        return (values[0], expected("f32", values[1]), float(values[2]), *values[3:])

    def test_repr_eq_order_hash_as_dataclasses(self, impl):
        Record, Twin = self.make(impl, order=True, frozen=True)
        records = [Record(*values) for values in self.VALUES]
        twins = [Twin(*self.converted(values)) for values in self.VALUES]
        assert [repr(r) for r in records] == [repr(t) for t in twins]
        assert [hash(r) for r in records] == [hash(t) for t in twins]
        for a, ta in zip(records, twins, strict=True):
            for b, tb in zip(records, twins, strict=True):
                assert (a == b, a != b, a < b, a <= b, a > b, a >= b) == (
                    ta == tb, ta != tb, ta < tb, ta <= tb, ta > tb, ta >= tb)

    @pytest.mark.parametrize("name", sorted(NATIVE_TYPES))
    @given(data=st.data())
    def test_comparison_of_raw_values_is_that_of_the_values_read(self, impl, name, data):
        # The native core compares raw values without making objects of them: equal
        # floats of either zero, NaNs of any payload (each reads as math.nan), and every
        # integer width must compare as the values read back do, in tuples.
        R = impl.make_record("R", [("v", ALIASES[name]), ("w", ALIASES[name])], order=True)
        if name == "boolean":
            values = st.booleans()
        elif name in REALS:
            nans = st.integers(1, 2**51 - 1).map(
                lambda payload: struct.unpack("<d", struct.pack("<Q", 0x7FF8 << 48 | payload))[0])
            values = st.one_of(st.sampled_from([0.0, -0.0, math.inf, -math.inf, 1.5]),
                               nans, st.floats(width=32))
        else:
            native = NATIVE_TYPES[name]
            values = st.one_of(st.integers(native.low, native.high), st.sampled_from(
                [native.low, native.high, 0]))
        a, b = R(*data.draw(st.tuples(values, values))), R(*data.draw(st.tuples(values, values)))
        ta, tb = impl.astuple(a), impl.astuple(b)
        assert (a == b, a != b, a < b, a <= b, a > b, a >= b) == (
            ta == tb, ta != tb, ta < tb, ta <= tb, ta > tb, ta >= tb)

    def test_a_deleted_field_raises_before_a_native_difference_decides(self, impl):
        Record, _ = self.make(impl, order=True)
        a, b = Record(*self.VALUES[0]), Record(*self.VALUES[2])  # differ first in "x"
        del b.name
        for compare in (operator.eq, operator.ne, operator.lt, operator.ge):
            with pytest.raises(AttributeError, match="name"):
                compare(a, b)

    def test_frozen(self, impl):
        Record, _ = self.make(impl, frozen=True)
        record = Record(*self.VALUES[0])
        with pytest.raises(dataclasses.FrozenInstanceError, match=r"cannot assign to field 'x'"):
            record.x = 1.0
        with pytest.raises(dataclasses.FrozenInstanceError, match=r"cannot delete field 'x'"):
            del record.x
        assert impl.replace(record, x=2).x == 2.0

    def test_a_native_field_cannot_be_deleted(self, impl):
        Record, _ = self.make(impl)
        record = Record(*self.VALUES[0])
        for name, native in (("id", "i64"), ("x", "f32"), ("ok", "boolean")):
            with pytest.raises(TypeError) as raised:
                delattr(record, name)
            assert str(raised.value) == f"Agent.{name} ({native}): a native field cannot " \
                                        "be deleted"
        assert impl.astuple(record) == self.converted(self.VALUES[0])
        del record.name  # an object field can be, as in a dataclass
        with pytest.raises(AttributeError):
            repr(record)

    @pytest.mark.parametrize("values", VALUES)
    def test_copy_deepcopy_and_every_pickle_protocol(self, impl, values):
        Record, _ = self.make(impl, order=True)
        record = Record(*values)
        copies = [copy.copy(record), copy.deepcopy(record)] + [
            pickle.loads(pickle.dumps(record, protocol))
            for protocol in range(pickle.HIGHEST_PROTOCOL + 1)]
        for other in copies:
            assert type(other) is Record
            assert all(same(a, b) for a, b in zip(impl.astuple(other),
                                                    self.converted(values), strict=True))
            assert other == record

    def test_asdict_astuple_replace_as_dataclasses(self, impl):
        Record, Twin = self.make(impl)
        record, twin = Record(*self.VALUES[1]), Twin(*self.converted(self.VALUES[1]))
        assert impl.asdict(record) == dataclasses.asdict(record) == dataclasses.asdict(twin)
        assert impl.astuple(record) == dataclasses.astuple(twin)
        replaced = impl.replace(record, id=5, x=1)
        assert impl.astuple(replaced) == dataclasses.astuple(dataclasses.replace(
            twin, id=5, x=1.0))
        assert type(replaced.x) is float
        with pytest.raises(OverflowError, match=r"^Agent\.id \(i64\): 9223372036854775808 "):
            impl.replace(record, id=2**63)
        with pytest.raises(TypeError, match=r"^Agent\.ok \(boolean\): expected a bool"):
            dataclasses.replace(record, ok=1)

    def test_dataclasses_fields_report_the_annotation(self, impl):
        Record, _ = self.make(impl)

        @dataclasses.dataclass
        class Twin:
            id: i64
            x: f32
            y: f64
            ok: boolean
            name: str

        assert [(f.name, f.type) for f in dataclasses.fields(Record)] == [
            (f.name, getattr(slotrecord, f.type, str)) for f in dataclasses.fields(Twin)]

    def test_run_time_types_pickle_by_value_with_their_native_fields(self, impl):
        class Agent(impl.Record, order=True):
            id: i64
            x: f64
            name: str = ""

        description = _pickling.describe(Agent, b"native token 16b")
        rebuilt = _pickling.rebuild_type(description)
        assert rebuilt is not Agent
        assert [f.native for f in impl.fields(rebuilt)] == [f.native for f in impl.fields(Agent)]
        assert sys.getsizeof(rebuilt(1, 2.0)) == sys.getsizeof(Agent(1, 2.0))
        with pytest.raises(TypeError, match=r"\.x \(f64\): expected a real number, got str"):
            rebuilt(1, "far")
        data = pickle.dumps(Agent(2**63 - 1, -0.0, "max"))
        back = pickle.loads(data)
        assert (back.id, math.copysign(1, back.x), back.name) == (2**63 - 1, -1.0, "max")

    def test_match_statement_reads_native_fields(self, impl):
        Point = impl.make_record("Point", [("x", f64), ("y", f64)])
        namespace = {"p": Point(1, 2)}
        exec("match p:\n    case Point(x=1.0, y=y):\n        found = y\n",
             {"Point": Point}, namespace)
        assert namespace["found"] == 2.0


class TestDescriptor:
    def test_the_descriptor_applies_to_its_own_records_only(self, impl):
        Point = impl.make_record("Point", [("x", f64)])
        descriptor = Point.__dict__["x"]
        message = "descriptor 'x' for 'Point' objects doesn't apply to a 'Other' object"
        Other = impl.make_record("Other", [("x", f64)])
        for action in (lambda: descriptor.__get__(Other(1.0), Other),
                       lambda: descriptor.__set__(Other(1.0), 2.0)):
            with pytest.raises(TypeError) as raised:
                action()
            assert str(raised.value) == message
        with pytest.raises(TypeError, match=r"^Other\.x \(f64\): expected a real number"):
            descriptor.__set__(Other(1.0), "far")  # converted first, then checked
        assert Point.x is descriptor

    def test_slots_are_reported_as_declared(self, impl):
        Agent = impl.make_record("Agent", [("id", i64), ("x", f64), ("name", str)],
                                 weakref=True)
        assert Agent.__slots__ == ("id", "x", "name", "__weakref__")
        assert not hasattr(Agent(1, 2.0, "a"), "__dict__")


class TestLayout:
    def test_point_is_32_bytes_and_untracked(self, impl):
        Point = impl.make_record("Point", [("x", f64), ("y", f64)])
        point = Point(1.5, 2.5)
        if impl.BACKEND == "cython":
            assert sys.getsizeof(point) == HEADER + 2 * 8 == 32
            assert not gc.is_tracked(point)
            assert not gc.is_tracked(copy.copy(point))
            assert not gc.is_tracked(pickle.loads(pickle.dumps(point)))
        else:  # documented: a slot per field, each holding a float object
            assert sys.getsizeof(point) == HEADER + 2 * POINTER + GC_HEADER

    def test_agent_is_at_most_64_bytes(self, impl):
        class Agent(impl.Record):
            id: i64
            x: f64
            y: f64
            name: str

        assert sys.getsizeof(Agent(1, 2.0, 3.0, "a")) <= 16 + 8 + 8 + 8 + 8 + 16

    @pytest.mark.parametrize(("names", "size"), [
        (["i8", "f64", "i16", "u32", "boolean"], 16),  # 8 + 4 + 2 + 1 + 1, widest first
        (["boolean"], 8), (["u8"] * 9, 16), (["f32"] * 3, 16), (["i64"] * 3, 24),
    ])
    def test_native_fields_are_packed(self, impl, names, size):
        fields = [(f"f{i}", ALIASES[name]) for i, name in enumerate(names)]
        R = impl.make_record("R", fields)
        record = R(*[expected(name, True) for name in names])
        if impl.BACKEND == "cython":
            assert sys.getsizeof(record) == HEADER + size
        else:
            assert sys.getsizeof(record) == HEADER + POINTER * len(names) + GC_HEADER

    def test_packed_fields_do_not_overlap(self, impl):
        names = ["i8", "f64", "i16", "u32", "boolean", "u8", "f32", "u16", "i32", "u64"]
        R = impl.make_record("R", [(f"f{i}", ALIASES[n]) for i, n in enumerate(names)])
        highs = [NATIVE_TYPES[n].high for n in names]
        record = R(*highs)
        assert impl.astuple(record) == tuple(highs)
        for i, name in enumerate(names):
            setattr(record, f"f{i}", NATIVE_TYPES[name].low)
            highs[i] = NATIVE_TYPES[name].low
            assert impl.astuple(record) == tuple(highs)

    def test_a_cycle_through_an_object_field_is_collected(self, impl):
        class Node(impl.Record, weakref=True):
            value: f64
            next: object = None

        node = Node(1.0)
        node.next = node
        alive = weakref.ref(node)
        del node
        gc.collect()
        assert alive() is None

    def test_weakref_to_an_untracked_record(self, impl):
        Point = impl.make_record("Point", [("x", f64)], weakref=True)
        point = Point(1.0)
        died = []
        ref = weakref.ref(point, died.append)
        assert ref() is point
        del point
        assert ref() is None and len(died) == 1
        if impl.BACKEND == "cython":
            assert not gc.is_tracked(Point(1.0))

    def test_gc_false_with_object_fields(self, impl):
        Agent = impl.make_record("Agent", [("id", i64), ("name", str)], gc=False)
        agent = Agent(1, "a")
        if impl.BACKEND == "cython":
            assert not gc.is_tracked(agent)
            assert sys.getsizeof(agent) == HEADER + POINTER + 8
        assert (agent.id, agent.name) == (1, "a")

    @given(kinds=st.lists(st.sampled_from([*sorted(ALIASES), "object"]), max_size=12),
           data=st.data())
    def test_any_mix_of_fields_holds_its_values(self, impl, kinds, data):
        fields = [(f"f{i}", ALIASES.get(kind, object)) for i, kind in enumerate(kinds)]
        R = impl.make_record("R", fields)
        values = [data.draw(value_strategy(kind)) for kind in kinds]
        record = R(*values)
        assert all(same(a, b) for a, b in zip(impl.astuple(record), values, strict=True))
        natives = [NATIVE_TYPES[kind].size for kind in kinds if kind != "object"]
        if impl.BACKEND == "cython":
            objects = len(kinds) - len(natives)
            packed = -(-sum(natives) // POINTER) * POINTER
            size = HEADER + POINTER * objects + packed + (GC_HEADER if objects else 0)
            if not kinds:
                size += GC_HEADER
            assert sys.getsizeof(record) == size
        for (name, _), kind in zip(fields, kinds, strict=True):
            value = data.draw(value_strategy(kind))
            setattr(record, name, value)
            assert same(getattr(record, name), value)


def value_strategy(kind):
    """Values that a field of *kind* stores unchanged."""
    if kind == "object":
        return st.one_of(st.none(), st.text(max_size=3), st.integers())
    if kind == "boolean":
        return st.booleans()
    if kind in REALS:
        return st.floats(width=32 if kind == "f32" else 64).map(
            lambda x: math.nan if x != x else x)
    native = NATIVE_TYPES[kind]
    return st.integers(native.low, native.high)


def test_memory_reused_between_layouts_of_one_size(impl):
    """Records of one size, one with raw numbers where the other holds objects, made and
    dropped in turn (the native core recycles their memory): each holds what it was given,
    padding and all, and nothing of the record before it."""
    A = impl.make_record("A", [("x", i64), ("y", i8), ("name", object)])
    B = impl.make_record("B", "p q r")
    if impl.BACKEND == "cython":
        assert sys.getsizeof(A(0, 0, "")) == sys.getsizeof(B(0, 0, 0))
    for i in range(200):
        a = A(-i, i % 100, str(i))
        assert (impl.astuple(a), a == A(-i, i % 100, str(i))) == ((-i, i % 100, str(i)), True)
        del a
        b = B(i, None, [i])
        assert impl.astuple(b) == (i, None, [i])
        del b
