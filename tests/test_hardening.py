"""What an adversarial user can write, each case on both implementations: hooks that use
a record type while it is being made, classes that derive from the record base beside a
builtin, bases whose instances hold data of their own, values and factories whose code
runs mid-construction, recursion through records, a slotted base's slots, the layout
attributes of a record type, and keyword names that are str subclasses. Each was once a
crash, a leak or a difference between the implementations; none may be one again."""

from __future__ import annotations

import contextlib
import copy
import gc
import pickle
import sys
import types
import weakref

import pytest

from slotrecord import i64


class TestHooksSeeCompleteTypes:
    def test_init_subclass_makes_an_instance(self, impl):
        class Base(impl.Record):
            a: int = 0

            def __init_subclass__(cls, **kwargs):
                super().__init_subclass__(**kwargs)
                cls.DEFAULT = cls()

        class Sub(Base):
            b: list = impl.field(default_factory=list)

        assert repr(Sub.DEFAULT).endswith(".Sub(a=0, b=[])")
        assert Sub() == Sub.DEFAULT

    def test_set_name_makes_an_instance(self, impl):
        made = []

        class Hook:
            def __set_name__(self, owner, name):
                made.append(owner(1, i=2))

        class P(impl.Record):
            x: int
            i: i64 = 0
            hook = Hook()

        assert made == [P(1, 2)]

    def test_a_type_kept_by_a_failing_hook_is_complete(self, impl):
        kept = []

        class Base(impl.Record):
            a: int = 0

            def __init_subclass__(cls, **kwargs):
                kept.append(cls)
                raise ValueError("no")

        with pytest.raises(ValueError, match=r"^no$"):
            class Sub(Base):
                b: int = 1

        (sub,) = kept
        assert repr(sub(5)).endswith(".Sub(a=5, b=1)")
        record = Base()
        with pytest.raises(TypeError, match="object layout differs"):
            record.__class__ = sub
        blank = sub.__new__(sub)
        kept.clear()
        del blank
        gc.collect()


class TestTheRecordBase:
    @pytest.mark.parametrize("builtin", [int, bytes, dict, list, object])
    def test_only_record_types_derive_from_it(self, impl, builtin):
        base = impl.Record.__mro__[1]
        with pytest.raises(TypeError, match=r"^Y cannot derive from the base of record "
                                            r"types: derive from Record or from a record "
                                            r"type$"):
            type("Y", (builtin, base) if builtin is not object else (base,), {})

    def test_record_itself_makes_no_instances(self, impl):
        with pytest.raises(TypeError, match=r"^cannot create 'Record' instances: not a "
                                            r"record type$"):
            impl.Record()

    def test_helpers_refuse_what_is_no_record(self, impl):
        for function in (impl.asdict, impl.astuple, impl.replace):
            with pytest.raises(TypeError, match=f"^{function.__name__}\\(\\) argument must "
                                                "be a record instance, not int$"):
                function(1)


class TestBases:
    @pytest.mark.parametrize("base", [tuple, int, bytes, str, dict, list, float, bytearray])
    @pytest.mark.parametrize("fields", [["a"], [("a", i64)], []])
    def test_a_base_holding_data_of_its_own_is_refused(self, impl, base, fields):
        message = (f"^T cannot inherit from {base.__qualname__}: instances of "
                   f"{base.__qualname__} hold data of their own, which a record's layout "
                   r"cannot extend \(a base may add only __slots__\)$")
        with pytest.raises(TypeError, match=message):
            impl.make_record("T", fields, bases=(base,))

    def test_a_subclass_of_such_a_base_is_refused_naming_it(self, impl):
        class Pair(tuple):
            __slots__ = ()

        with pytest.raises(TypeError, match=r"^T cannot inherit from \S*Pair: instances "
                                            r"of \S*Pair hold data"):
            impl.make_record("T", "a", bases=(Pair,))

    def test_a_slotted_base_is_released_and_traversed(self, impl):
        class Slotted:
            __slots__ = ("q",)

        T = impl.make_record("T", "a", bases=(Slotted,))
        N = impl.make_record("N", [("a", i64)], bases=(Slotted,))
        for cls in (T, N):
            probe = []
            record = cls(1)
            record.q = probe
            assert sys.getrefcount(probe) == 3
            del record
            assert sys.getrefcount(probe) == 2  # released with the record

            class Flag:
                pass

            flag = Flag()
            alive = weakref.ref(flag)
            record = cls(1)
            record.q = [record, flag]
            del record, flag
            gc.collect()
            assert alive() is None, cls  # the cycle through the base's slot is collected


class TestOwnedValues:
    def test_code_that_empties_every_list_mid_construction(self, impl):
        marker = object()

        class Clearing:
            def __index__(self):
                for found in gc.get_objects():
                    if type(found) is list and any(item is marker for item in found):
                        found.clear()
                return 5

        class T(impl.Record):
            n: i64
            a: list = impl.field(default_factory=lambda: [marker])
            b: list = impl.field(default_factory=lambda: [marker, marker])

        for _ in range(3):
            assert repr(T(Clearing())).endswith(".T(n=5, a=[], b=[])")
            assert impl.replace(T(1), n=Clearing(), a=[marker]) == T(5, [], [])


class TestRecursion:
    @pytest.mark.parametrize("operation", [
        hash, repr, lambda r: r == copy.copy(r), lambda r: r < copy.copy(r),
        copy.deepcopy, pickle.dumps,
    ])
    def test_a_record_that_holds_itself(self, impl, operation):
        T = impl.make_record("T", "x", frozen=True, order=True)
        record = T(None)
        object.__setattr__(record, "x", record)
        with contextlib.suppress(RecursionError):  # as a dataclass: an answer or this
            operation(record)

    @pytest.mark.parametrize("operation", [hash, repr, lambda pair: pair[0] == pair[1]])
    def test_chains_deeper_than_any_recursion_limit(self, impl, operation):
        # From 3.12 C code has a recursion limit of its own, deeper than Python's.
        T = impl.make_record("T", "x", frozen=True)
        chains = [T(None), T(None)]
        for _ in range(100_000):
            chains = [T(chains[0]), T(chains[1])]
        with pytest.raises(RecursionError):
            operation(chains if operation not in (hash, repr) else chains[0])

    def test_hash_of_a_self_holding_record_raises(self, impl):
        T = impl.make_record("T", "a b", frozen=True)
        record = T(None, 1)
        object.__setattr__(record, "a", record)
        with pytest.raises(RecursionError):
            hash(record)


class TestLayoutAttributes:
    @pytest.mark.parametrize("name", ["a", "b", "__slots__", "__slotrecord__"])
    def test_cannot_be_set_or_deleted(self, impl, name):
        T = impl.make_record("T", ["a", ("b", i64)])
        Sub = impl.make_record("Sub", "c", bases=(T,))
        for cls in (T, Sub):
            with pytest.raises(TypeError, match=f"^cannot delete {name} of record type "
                                                f"{cls.__qualname__}: its layout is fixed "
                                                "when it is made$"):
                delattr(cls, name)
            with pytest.raises(TypeError, match=f"^cannot set {name} of record type "):
                setattr(cls, name, 5)
        assert T(1, 2) == T(1, 2)

    def test_other_class_attributes_may_change(self, impl):
        T = impl.make_record("T", "a")
        T.extra = 1
        del T.extra
        assert not hasattr(T, "extra")


class TestKeywordNames:
    class Anything(str):
        """A keyword name that says it equals every string."""

        def __eq__(self, other):
            return True

        __hash__ = str.__hash__

    class Plain(str):
        pass

    def test_bound_as_cpython_binds_them(self, impl):
        T = impl.make_record("T", "x y", defaults={"y": 0})
        anything, plain = self.Anything, self.Plain
        cases = [
            ({anything("x"): 1}, "T.__init__() got multiple values for argument 'x'"),
            ({anything("zz"): 1}, "T.__init__() got multiple values for argument 'zz'"),
            ({plain("q"): 1}, "T.__init__() got an unexpected keyword argument 'q'"),
        ]
        for keywords, message in cases:
            with pytest.raises(TypeError) as raised:
                T(**keywords)
            assert str(raised.value).startswith(message)
            with pytest.raises(TypeError) as raised:
                impl.replace(T(1, 2), **keywords)
            assert str(raised.value).startswith(message)
        assert T(**{plain("x"): 1}) == T(1, 0)
        assert impl.replace(T(1, 2), **{plain("y"): 5}) == T(1, 5)


class TestMetaclassCall:
    def test_a_metaclass_call_is_honoured(self, impl):
        class Meta(type(impl.Record)):
            def __call__(cls, *args, **kwargs):
                record = super().__call__(*args, **kwargs)
                record.tag = "made"
                return record

        class P(impl.Record, metaclass=Meta):
            a: int
            tag: str = ""

        assert P(1) == P(1, "made")
        assert impl.replace(P(1), a=2).tag == "made"

    def test_a_mixin_listed_first_keeps_pickling(self, impl):
        class Mixin:
            __slots__ = ()

            def __hash__(self):
                return 7

        T = impl.make_record("T", ["a", ("b", i64)], bases=(Mixin,))
        record = T(1, 2)
        assert copy.deepcopy(record) == record  # as unpickling makes it, by T.__new__(T)


class TestGeneratedMethods:
    """The methods a record type's namespace holds, called and misused by name."""

    def test_called_by_name_on_other_objects(self, impl):
        @impl.dataclass(order=True, frozen=True)
        class P:
            x: int

        Q = impl.make_record("Q", "x y")
        p, q = P(1), Q(1, 2)
        for method, args in [(P.__eq__, (p, q)), (P.__lt__, (p, 5)), (P.__repr__, (p,)),
                             (P.__hash__, (p,))]:
            method(*args)  # each behaves as on a dataclass: a result or NotImplemented
        # On what is no record of theirs: an error (TypeError from the native core's C
        # methods, AttributeError from the pure ones, as from a dataclass's) or, for ==,
        # NotImplemented; never a crash.
        for method, args in [(P.__repr__, (object(),)), (P.__eq__, (3, p)),
                             (P.__init__, (object(), 1)), (P.__init__, ())]:
            with contextlib.suppress(TypeError, AttributeError):
                assert method(*args) is NotImplemented
        P.__init__(p, 7)  # re-initialises, as a dataclass's __init__ does
        assert p.x == 7

    def test_a_subclass_init_calls_the_base_one(self, impl):
        @impl.dataclass
        class Base:
            x: int

        @impl.dataclass
        class Child(Base):
            y: int = 0

            def __init__(self, x):
                super().__init__(x * 10)
                self.y = x

        assert (Child(2).x, Child(2).y) == (20, 2)
        assert Child.__init__.__qualname__.endswith("Child.__init__")
        assert Base.__init__.__qualname__.endswith("Base.__init__")

    def test_cannot_be_made_by_hand(self, impl):
        P = impl.make_record("P", "x")
        kind = type(P.__init__)
        if kind is types.FunctionType:
            pytest.skip("the pure implementation's methods are plain functions")
        for args in [("__init__", None, None), ("__init__", P.__slotrecord__, print),
                     ("__copy__", P.__slotrecord__, None)]:
            with pytest.raises(TypeError, match="made by slotrecord"):
                kind(*args)
