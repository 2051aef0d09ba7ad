"""Class syntax: ``class P(Record, **options)``, ``field()``, ``__post_init__``, inheritance,
and ``make_record``'s ``field()`` defaults and ``bases=``; each compared with the
equivalent dataclass where dataclasses define the behaviour."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import sys
import types
from typing import ClassVar

import pytest
from helpers import default_order_message, outcome


def declare(impl, **options):
    """A record class and its dataclass twin with the same body."""

    class Product(impl.Record, **options):
        """A product."""

        id: int
        name: str
        price: float = 0.0
        tags: list = impl.field(default_factory=list)
        kind: ClassVar[str] = "product"

        def total(self, qty: int) -> float:
            return self.price * qty

    @dataclasses.dataclass(slots=True, **options)
    class Twin:
        """A product."""

        id: int
        name: str
        price: float = 0.0
        tags: list = dataclasses.field(default_factory=list)
        kind: ClassVar[str] = "product"

        def total(self, qty: int) -> float:
            return self.price * qty

    Twin.__qualname__ = Product.__qualname__
    return Product, Twin


CALLS = [((), {}), ((1,), {}), ((1, "w"), {}), ((1, "w", 2.5), {}), ((1, "w", 2.5, [1]), {}),
         ((1, "w", 2.5, [1], 5), {}), ((), {"id": 1, "name": "w"}), ((1,), {"id": 1}),
         ((1, "w"), {"tags": (1,)}), ((1, "w"), {"bad": 1}), ((1, "w"), {"kind": 1})]


def shown(value):
    """A record or dataclass as its repr without the type, to compare the two."""
    return repr(value).partition("(")[2] if not isinstance(value, tuple) else value


class TestDeclaration:
    @pytest.mark.parametrize(("args", "kwargs"), CALLS)
    def test_construction_matches_dataclass(self, impl, args, kwargs):
        Product, Twin = declare(impl)
        got, expected = outcome(Product, *args, **kwargs), outcome(Twin, *args, **kwargs)
        assert got[0] == expected[0]
        if got[0] == "raises":
            assert got[1:] == (expected[1], expected[2].replace("Twin", "Product"))
        else:
            assert shown(Product(*args, **kwargs)) == shown(Twin(*args, **kwargs))

    def test_methods_class_attributes_and_doc(self, impl):
        class Product(impl.Record):
            """A product."""

            id: int
            price: float = 1.5
            kind: ClassVar[str] = "product"
            count = 0  # not annotated: a class attribute

            def total(self, qty):
                return self.price * qty

            @property
            def label(self):
                return f"#{self.id}"

            @classmethod
            def make(cls, id):
                return cls(id)

            @staticmethod
            def unit():
                return "EUR"

        p = Product.make(7)
        assert (p.total(2), p.label, p.unit(), p.kind, p.count) == (3.0, "#7", "EUR",
                                                                    "product", 0)
        assert Product.__doc__ == "A product."
        assert impl.fields(Product)[1].default == 1.5
        assert [f.name for f in impl.fields(Product)] == ["id", "price"]
        assert Product.__slots__ == ("id", "price")
        assert not hasattr(p, "__dict__")
        assert isinstance(p, impl.Record)

    def test_default_doc(self, impl):
        class Point(impl.Record):
            x: int
            y: int = 0

        @dataclasses.dataclass(slots=True)
        class Twin:
            x: int
            y: int = 0

        assert Point.__doc__ == Twin.__doc__.replace("Twin", "Point")
        assert Point.__doc__ == "Point(x: 'int', y: 'int' = 0)"

    def test_same_layout_as_make_record(self, impl):
        class Point(impl.Record):
            x: int
            y: int
            z: int

        Made = impl.make_record("Made", "x y z")
        assert sys.getsizeof(Point(1, 2, 3)) == sys.getsizeof(Made(1, 2, 3)) == 16 + 3 * 8 + 16
        assert type(Point) is type(Made)

    def test_options_as_class_keywords(self, impl):
        Product, Twin = declare(impl, frozen=True, order=True)
        a, b = Product(1, "a"), Product(2, "a")
        assert (a < b, a <= b, a > b) == (True, True, False)
        with pytest.raises(dataclasses.FrozenInstanceError):
            a.id = 3
        with pytest.raises(TypeError, match="unhashable type: 'list'"):
            hash(a)
        frozen = Product(1, "a", tags=())
        assert hash(frozen) == hash(Twin(1, "a", tags=()))

    def test_default_factory_gives_each_record_its_own(self, impl):
        Product, _ = declare(impl)
        a, b = Product(1, "a"), Product(2, "b")
        a.tags.append("x")
        assert (a.tags, b.tags) == (["x"], [])

    def test_factories_run_in_field_order_and_only_when_the_call_binds(self, impl):
        calls = []

        def factory(name):
            return lambda: calls.append(name) or name

        class P(impl.Record):
            a: int
            b: str = impl.field(default_factory=factory("b"))
            c: str = impl.field(default_factory=factory("c"))

        assert impl.astuple(P(1)) == (1, "b", "c")
        assert calls == ["b", "c"]
        with pytest.raises(TypeError, match="missing 1 required positional argument: 'a'"):
            P()
        with pytest.raises(TypeError, match="unexpected keyword argument 'x'"):
            P(1, x=1)
        assert calls == ["b", "c"]  # no factory runs for a call that fails to bind

    def test_a_failing_factory_propagates(self, impl):
        def broken():
            raise RuntimeError("no default today")

        class P(impl.Record):
            a: int = impl.field(default_factory=broken)

        with pytest.raises(RuntimeError, match="no default today"):
            P()
        assert P(1).a == 1

    def test_classvar_forms_are_not_fields(self, impl):
        # Without ``from __future__ import annotations`` the annotations are objects; a
        # string is looked up in the class's module, as dataclasses look it up.
        module = types.ModuleType("classvar_forms")
        module.Record = impl.Record
        source = ("import typing\nfrom typing import ClassVar\nimport typing as t\n"
                  "CV = ClassVar\n"
                  "class P(Record):\n    a: int\n    b: ClassVar[int] = 1\n"
                  "    c: typing.ClassVar = 2\n    d: 'ClassVar[int]' = 3\n"
                  "    e: 'typing.ClassVar[int]' = 4\n    f: 't.ClassVar' = 5\n"
                  "    g: 'CV[int]' = 6\n    h: 'Unknown[int]' = 7\n")
        sys.modules[module.__name__] = module
        try:
            exec(compile(source, "<test>", "exec", dont_inherit=True), module.__dict__)
        finally:
            del sys.modules[module.__name__]
        P = module.P
        assert [f.name for f in impl.fields(P)] == ["a", "h"]
        assert (P.b, P.c, P.d, P.e, P.f, P.g) == (1, 2, 3, 4, 5, 6)
        assert list(P.__dataclass_fields__) == ["a", "h", "b", "c", "d", "e", "f", "g"]

    def test_field_keyword_only_and_metadata(self, impl):
        class P(impl.Record):
            a: int
            b: int = impl.field(kw_only=True)
            c: int = impl.field(default=3, metadata={"unit": "m"})

        @dataclasses.dataclass(slots=True)
        class Twin:
            a: int
            b: int = dataclasses.field(kw_only=True)
            c: int = dataclasses.field(default=3, metadata={"unit": "m"})

        for args, kwargs in [((1,), {"b": 2}), ((1, 5), {"b": 2}), ((1,), {}), ((1, 2, 3), {})]:
            assert outcome(P, *args, **kwargs)[0] == outcome(Twin, *args, **kwargs)[0]
        assert impl.astuple(P(1, 5, b=2)) == (1, 2, 5)
        assert impl.fields(P)[2].metadata == {"unit": "m"}
        with pytest.raises(TypeError):
            impl.fields(P)[2].metadata["unit"] = "cm"  # read-only, as in dataclasses

    def test_a_user_method_replaces_the_generated_one(self, impl):
        class P(impl.Record):
            a: int

            def __repr__(self):
                return "custom"

            def __eq__(self, other):
                return True

        assert repr(P(1)) == "custom"
        assert P(1) == P(2)

    def test_class_keyword_for_init_subclass_is_refused(self, impl):
        with pytest.raises(TypeError, match="unknown record option 'forzen'"):
            class P(impl.Record, forzen=True):
                a: int


class TestPostInit:
    def test_called_after_init_as_dataclasses_do(self, impl):
        class P(impl.Record):
            a: int
            b: int = 0

            def __post_init__(self):
                self.b = self.a * 2

        p = P(3)
        assert p.b == 6
        assert impl.replace(p, a=5).b == 10  # replace constructs, so it runs again
        assert dataclasses.replace(p, a=4).b == 8
        assert copy.copy(p).b == 6  # copy does not construct

    def test_frozen_post_init_writes_through_object_setattr(self, impl):
        class P(impl.Record, frozen=True):
            a: int
            b: int = 0

            def __post_init__(self):
                object.__setattr__(self, "b", self.a + 1)

        assert P(1).b == 2
        with pytest.raises(dataclasses.FrozenInstanceError):
            P(1).b = 3

    def test_post_init_errors_propagate(self, impl):
        class P(impl.Record):
            a: int

            def __post_init__(self):
                if self.a < 0:
                    raise ValueError("a must not be negative")

        with pytest.raises(ValueError, match="a must not be negative"):
            P(-1)
        assert P(1).a == 1

    def test_inherited_post_init(self, impl):
        class P(impl.Record):
            a: int

            def __post_init__(self):
                self.a += 1

        class Q(P):
            b: int = 0

        assert impl.astuple(Q(1)) == (2, 0)


class TestInheritance:
    def test_fields_add_after_the_parents(self, impl):
        class Base(impl.Record):
            a: int
            b: int = 2

        class Child(Base):
            c: int = 3
            b: int = 20  # given again: keeps its place, takes the new default

        @dataclasses.dataclass(slots=True)
        class TwinBase:
            a: int
            b: int = 2

        @dataclasses.dataclass(slots=True)
        class TwinChild(TwinBase):
            c: int = 3
            b: int = 20

        assert [f.name for f in impl.fields(Child)] == [f.name for f in
                                                        dataclasses.fields(TwinChild)]
        assert repr(Child(1)).partition("(")[2] == repr(TwinChild(1)).partition("(")[2]
        assert Child.__slots__ == ("c",)
        assert sys.getsizeof(Child(1)) == 16 + 3 * 8 + 16  # one inline layout
        assert isinstance(Child(1), Base)
        assert Child(1) != Base(1, 20)

    def test_base_methods_see_the_subclass_fields(self, impl):
        class Base(impl.Record, order=True):
            a: int

        class Child(Base):
            b: int

        assert Child(1, 2) < Child(1, 3)
        assert impl.asdict(Child(1, 2)) == {"a": 1, "b": 2}
        assert copy.deepcopy(Child(1, [2])) == Child(1, [2])

    def test_options_are_inherited(self, impl):
        class Base(impl.Record, frozen=True, order=True):
            a: int

        class Child(Base):
            b: int

        with pytest.raises(dataclasses.FrozenInstanceError):
            Child(1, 2).a = 3
        assert Child(1, 2) < Child(1, 3)
        assert hash(Child(1, 2)) == hash((1, 2))

    @pytest.mark.parametrize(("base", "child", "message"), [
        ({"frozen": True}, {"frozen": False},
         "cannot inherit non-frozen dataclass from a frozen one"),
        ({}, {"frozen": True}, "cannot inherit frozen dataclass from a non-frozen one"),
        ({"gc": False}, {"gc": True},
         "gc=True differs from base record Base: a subclass keeps its base's layout"),
        ({}, {"weakref": True},
         "weakref=True differs from base record Base: a subclass keeps its base's layout"),
    ])
    def test_options_that_cannot_change(self, impl, base, child, message):
        class Base(impl.Record, **base):
            a: int

        with pytest.raises(TypeError, match=f"^{message}$"):
            class Child(Base, **child):
                b: int

    def test_non_default_after_inherited_default(self, impl):
        class Base(impl.Record):
            a: int = 1

        with pytest.raises(TypeError, match=default_order_message("b", "a")):
            class Child(Base):
                b: int

    def test_mixins_with_empty_slots(self, impl):
        class Greeter:
            __slots__ = ()

            def greet(self):
                return f"hello {self.name}"

        class Person(impl.Record, Greeter):
            name: str

        assert Person("ann").greet() == "hello ann"
        assert sys.getsizeof(Person("ann")) == 16 + 8 + 16

    def test_two_bases_with_fields_conflict(self, impl):
        class A(impl.Record):
            a: int

        class B(impl.Record):
            b: int

        with pytest.raises(TypeError, match=r"^C cannot inherit from both .*A and .*B: each "
                                            r"lays out fields of its own$"):
            class C(A, B):
                pass

    def test_subclasses_garbage_collected_while_instances_live(self, impl):
        import gc

        class Base(impl.Record):
            a: int

        def make():
            class Child(Base):
                b: list

            return Child(1, [])

        instances = [make() for _ in range(20)]
        gc.collect()
        assert [impl.astuple(r) for r in instances] == [(1, [])] * 20
        del instances
        gc.collect()


class TestMisuse:
    @pytest.mark.parametrize(("body", "message"), [
        ("__slots__ = ('a',)",
         "P must not define __slots__: records lay out their fields themselves"),
        ("a: list = []",
         "mutable default <class 'list'> for field a is not allowed: use default_factory"),
        ("a: dict = field(default={})",
         "mutable default <class 'dict'> for field a is not allowed: use default_factory"),
        ("a = field(default=1)", "'a' is a field but has no type annotation"),
        ("a: int = 1\n    b: int", default_order_message("b", "a")),
    ])
    def test_bad_bodies(self, impl, body, message):
        namespace = {"Record": impl.Record, "field": impl.field}
        with pytest.raises((TypeError, ValueError)) as raised:
            exec(f"class P(Record):\n    {body}\n", namespace)
        assert str(raised.value) == message

    @pytest.mark.parametrize(("options", "body", "message"), [
        ({"order": True}, "def __lt__(self, other): pass",
         "Cannot overwrite attribute __lt__ in class P. Consider using functools.total_ordering"),
        ({"frozen": True}, "def __setattr__(self, name, value): pass",
         "Cannot overwrite attribute __setattr__ in class P"),
        ({"order": True, "eq": False}, "a: int", "eq must be true if order is true"),
        ({"frozen": 1}, "a: int", "frozen must be a bool, got int"),
    ])
    def test_bad_options(self, impl, options, body, message):
        namespace = {"Record": impl.Record, "options": options}
        with pytest.raises((TypeError, ValueError)) as raised:
            exec(f"class P(Record, **options):\n    {body}\n", namespace)
        assert str(raised.value) == message

    @pytest.mark.parametrize(("kwargs", "error", "message"), [
        ({"default": 1, "default_factory": list}, ValueError,
         "cannot specify both default and default_factory"),
        ({"default_factory": 3}, TypeError, "default_factory must be callable, got int"),
        ({"kw_only": 1}, TypeError, "kw_only must be a bool, got int"),
        ({"metadata": [1]}, TypeError, "metadata must be a mapping or None, got list"),
    ])
    def test_bad_field(self, impl, kwargs, error, message):
        with pytest.raises(error) as raised:
            impl.field(**kwargs)
        assert str(raised.value) == message

    def test_field_takes_keywords_only(self, impl):
        with pytest.raises(TypeError):
            impl.field(1)


class TestMakeRecordAdditions:
    def test_field_objects_as_defaults(self, impl):
        P = impl.make_record("P", "a b c", defaults={
            "b": impl.field(default_factory=list), "c": impl.field(default=3, kw_only=True)})
        p, q = P(1), P(2)
        assert (p.b is not q.b, impl.astuple(p)) == (True, (1, [], 3))
        with pytest.raises(TypeError, match="takes from 2 to 3 positional arguments"):
            P(1, [], 3)

    def test_bases(self, impl):
        class Base(impl.Record):
            a: int

            def double(self):
                return self.a * 2

        P = impl.make_record("P", "b", bases=(Base,), defaults={"b": 0})
        p = P(4)
        assert (p.double(), impl.astuple(p), isinstance(p, Base)) == (8, (4, 0), True)
        assert sys.getsizeof(p) == 16 + 2 * 8 + 16

    def test_bases_inherit_options(self, impl):
        Base = impl.make_record("Base", "a", frozen=True)
        P = impl.make_record("P", "b", bases=(Base,))
        with pytest.raises(dataclasses.FrozenInstanceError):
            P(1, 2).b = 3
        with pytest.raises(TypeError, match="cannot inherit non-frozen dataclass"):
            impl.make_record("Q", "b", bases=(Base,), frozen=False)

    @pytest.mark.parametrize("bases", [None, [object], (1,), "abc"])
    def test_bad_bases(self, impl, bases):
        with pytest.raises(TypeError, match=r"^bases must be a tuple of classes, got "):
            impl.make_record("P", "a", bases=bases)


class TestFriends:
    def test_signature_matches_dataclass(self, impl):
        Product, Twin = declare(impl)
        assert str(inspect.signature(Product)) == str(inspect.signature(Twin))
        P = impl.make_record("P", "a b c", defaults={"b": 1, "c": 2}, kw_only=True)
        assert str(inspect.signature(P)) == ("(*, a: 'typing.Any', b: 'typing.Any' = 1, "
                                             "c: 'typing.Any' = 2) -> None")
        assert impl.Record.__signature__ is None  # Record itself takes no fields

    def test_match_by_position_and_keyword(self, impl):
        Product, _ = declare(impl)
        match Product(1, "w", 2.0):
            case Product(1, name, price=price):
                assert (name, price) == ("w", 2.0)
            case _:
                pytest.fail("no match")
        assert Product.__match_args__ == ("id", "name", "price", "tags")

    def test_rich_repr(self, impl):
        Product, _ = declare(impl)
        assert list(Product(1, "w").__rich_repr__()) == [
            ("id", 1), ("name", "w"), ("price", 0.0), ("tags", [])]

    @pytest.mark.skipif(sys.version_info < (3, 13), reason="copy.replace is new in 3.13")
    def test_copy_replace(self, impl):
        Product, _ = declare(impl)
        assert copy.replace(Product(1, "w"), id=2) == Product(2, "w")


def test_rich_pretty_prints_records(impl):
    pretty = pytest.importorskip("rich.pretty")

    class Point(impl.Record):
        x: int
        y: int = 0

    assert pretty.pretty_repr(Point(1)) == "Point(x=1, y=0)"
