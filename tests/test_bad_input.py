"""Bad record descriptions get a clear error, the same in both implementations."""

from __future__ import annotations

import pytest
from helpers import default_order_message


class Str(str):
    """A str subclass that lies about equality and hashing."""

    def __eq__(self, other):
        return True

    def __hash__(self):
        raise RuntimeError("hash called")


class RaisingIterable:
    def __iter__(self):
        raise RuntimeError("iteration failed")


BAD_DESCRIPTIONS = [
    # (typename, fields, options, error type, message)
    (None, "a", {}, TypeError, "typename must be a string, got NoneType"),
    (b"P", "a", {}, TypeError, "typename must be a string, got bytes"),
    ("1P", "a", {}, ValueError, "typename must be a valid identifier, got '1P'"),
    ("class", "a", {}, ValueError, "typename must be a valid identifier, got 'class'"),
    ("P Q", "a", {}, ValueError, "typename must be a valid identifier, got 'P Q'"),
    ("", "a", {}, ValueError, "typename must be a valid identifier, got ''"),
    ("P", None, {}, TypeError, "fields must be a string, an iterable of names or (name, type) "
     "pairs, or a mapping of name to type, got NoneType"),
    ("P", 3, {}, TypeError, "fields must be a string, an iterable of names or (name, type) "
     "pairs, or a mapping of name to type, got int"),
    ("P", [("a",)], {}, TypeError,
     "a field given as a tuple must be a (name, type) pair, got ('a',)"),
    ("P", [("a", int, 1)], {}, TypeError,
     "a field given as a tuple must be a (name, type) pair, got ('a', <class 'int'>, 1)"),
    ("P", [(1, int)], {}, TypeError, "field names must be strings, got int: 1"),
    ("P", {"a": int, 2: int}, {}, TypeError, "field names must be strings, got int: 2"),
    ("P", [1], {}, TypeError, "field names must be strings, got int: 1"),
    ("P", [b"a"], {}, TypeError, "field names must be strings, got bytes: b'a'"),
    ("P", [["a"]], {}, TypeError, "field names must be strings, got list: ['a']"),
    ("P", [None], {}, TypeError, "field names must be strings, got NoneType: None"),
    ("P", ["1a"], {}, ValueError, "field name must be a valid identifier, got '1a'"),
    ("P", ["a-b"], {}, ValueError, "field name must be a valid identifier, got 'a-b'"),
    ("P", [""], {}, ValueError, "field name must be a valid identifier, got ''"),
    ("P", "a class", {}, ValueError, "field name must not be a keyword, got 'class'"),
    ("P", "a None", {}, ValueError, "field name must not be a keyword, got 'None'"),
    ("P", "__a", {}, ValueError, "field name must not start with '__', got '__a'"),
    ("P", "__init__", {}, ValueError, "field name must not start with '__', got '__init__'"),
    ("P", "a b a", {}, ValueError, "duplicate field name 'a'"),
    ("P", ["\ufb01eld"], {}, ValueError, "field name must be in NFKC normal form, got 'ﬁeld'"),
    ("P", "a b", {"defaults": {"c": 1}}, ValueError, "default given for unknown field 'c'"),
    ("P", "a b", {"defaults": {1: 1}}, ValueError, "default given for unknown field 1"),
    ("P", "a b", {"defaults": [("a", 1)]}, TypeError,
     "defaults must be a mapping of field name to value, got list"),
    ("P", "a b", {"defaults": {"a": 1}}, TypeError,
     default_order_message("b", "a")),
    ("P", "a b", {"defaults": {"b": []}}, ValueError,
     "mutable default <class 'list'> for field b is not allowed: use default_factory"),
    ("P", "a", {"order": True, "eq": False}, ValueError, "eq must be true if order is true"),
    # dataclasses check the options before the fields (found by tests/test_fuzz.py)
    ("P", "a b", {"order": True, "eq": False, "defaults": {"a": 1}}, ValueError,
     "eq must be true if order is true"),
    ("P", "a", {"frozen": 1}, TypeError, "frozen must be a bool, got int"),
    ("P", "a", {"eq": None}, TypeError, "eq must be a bool, got NoneType"),
    ("P", "a", {"order": "yes"}, TypeError, "order must be a bool, got str"),
    ("P", "a", {"kw_only": 0}, TypeError, "kw_only must be a bool, got int"),
    ("P", "a", {"gc": "no"}, TypeError, "gc must be a bool, got str"),
    ("P", "a", {"weakref": []}, TypeError, "weakref must be a bool, got list"),
    ("P", "a", {"module": 1}, TypeError, "module must be a string or None, got int"),
    ("P", "a", {"doc": b"x"}, TypeError, "doc must be a string or None, got bytes"),
]


@pytest.mark.parametrize(("typename", "fields", "options", "error", "message"),
                         BAD_DESCRIPTIONS, ids=lambda value: repr(value)[:40])
def test_bad_description(impl, typename, fields, options, error, message):
    with pytest.raises(error) as raised:
        impl.make_record(typename, fields, **options)
    assert str(raised.value) == message


@pytest.mark.parametrize("option", ["slots", "froze"])
def test_unknown_option(impl, option):
    # Named with the options there are, as the class syntax names them.
    with pytest.raises(TypeError) as raised:
        impl.make_record("P", "a", **{option: True})
    assert str(raised.value) == (
        f"make_record() got an unexpected keyword argument '{option}' (the options are "
        "init, repr, eq, order, unsafe_hash, frozen, match_args, kw_only, gc, weakref)")


def test_options_are_keyword_only(impl):
    with pytest.raises(TypeError, match=r"make_record\(\) takes 2 positional arguments but 3"):
        impl.make_record("P", "a", {})


def test_calls_with_wrong_arguments_get_cpythons_own_errors(impl):
    """The functions users call bind their arguments as Python functions do, whether
    the front end behind them is compiled or not."""
    with pytest.raises(TypeError, match=r"^make_record\(\) missing 1 required positional "
                                        r"argument: 'fields'$"):
        impl.make_record("P")
    with pytest.raises(TypeError, match=r"^field\(\) takes 0 positional arguments but 1 "
                                        r"was given$"):
        impl.field(1)
    with pytest.raises(TypeError, match=r"^fields\(\) missing 1 required positional "
                                        r"argument: 'record_or_type'$"):
        impl.fields()


def test_errors_from_the_fields_iterable_propagate(impl):
    with pytest.raises(RuntimeError, match="iteration failed"):
        impl.make_record("P", RaisingIterable())


def test_string_subclasses_are_taken_as_plain_strings(impl):
    """A str subclass is read for its characters; its own __eq__ and __hash__ never run."""
    P = impl.make_record(Str("P"), [Str("a"), Str("b")], module=Str("m"))
    assert type(P.__name__) is str
    assert all(type(name) is str for name in P.__slots__)
    assert impl.astuple(P(1, 2)) == (1, 2)
    with pytest.raises(ValueError, match="duplicate field name 'a'"):
        impl.make_record("P", [Str("a"), "a"])


def test_field_string_forms(impl):
    for fields in ("a b c", "a, b, c", "a,b,c", " a\tb\nc ", ["a", "b", "c"], ("a", "b", "c"),
                   iter(["a", "b", "c"])):
        assert impl.make_record("P", fields).__slots__ == ("a", "b", "c")


def test_keyword_only_defaults_in_any_order(impl):
    P = impl.make_record("P", "a b", defaults={"a": 1}, kw_only=True)
    assert impl.astuple(P(b=2)) == (1, 2)


def test_non_ascii_identifiers(impl):
    P = impl.make_record("Café", ["naïve", "größe", "π"])
    p = P(1, 2, 3)
    assert (p.naïve, p.größe, p.π) == (1, 2, 3)
    assert repr(p) == "Café(naïve=1, größe=2, π=3)"
    assert P(naïve=1, größe=2, π=3) == p


def test_failed_description_leaves_no_type(impl):
    import gc

    gc.collect()
    before = len([o for o in gc.get_objects() if isinstance(o, type) and o.__name__ == "Ghost"])
    for _ in range(3):
        with pytest.raises(ValueError):
            impl.make_record("Ghost", "a a")
    gc.collect()
    after = len([o for o in gc.get_objects() if isinstance(o, type) and o.__name__ == "Ghost"])
    assert after == before


class RaisingEq:
    """A default whose __eq__ and __hash__ raise: it is stored, never compared."""

    def __eq__(self, other):
        raise RuntimeError("eq called")

    def __hash__(self):
        raise RuntimeError("hash called")


HOSTILE_CLASSES = [
    # (namespace given to the metaclass, options, error, message)
    ({"__annotations__": {1: int}}, {}, TypeError, "field names must be strings, got int: 1"),
    ({"__annotations__": {b"a": int}}, {}, TypeError,
     "field names must be strings, got bytes: b'a'"),
    ({"__annotations__": {"class": int}}, {}, ValueError,
     "field name must not be a keyword, got 'class'"),
    ({"__annotations__": {"a b": int}}, {}, ValueError,
     "field name must be a valid identifier, got 'a b'"),
    ({"__annotations__": {"__init__": int}}, {}, ValueError,
     "field name must not start with '__', got '__init__'"),
    ({"__annotations__": {"a": int}}, {"frozen": None}, TypeError,
     "frozen must be a bool, got NoneType"),
    ({"__annotations__": {"a": int}}, {"order": b"yes"}, TypeError,
     "order must be a bool, got bytes"),
    ({"__annotations__": {"a": int}}, {"gc": 0}, TypeError, "gc must be a bool, got int"),
    ({"__annotations__": {"a": int}}, {"weakref": [True]}, TypeError,
     "weakref must be a bool, got list"),
    ({"__annotations__": {"a": int}, "a": [1]}, {}, ValueError,
     "mutable default <class 'list'> for field a is not allowed: use default_factory"),
    ({"__annotations__": {"a": int}, "__slots__": "a"}, {}, TypeError,
     "Hostile must not define __slots__: records lay out their fields themselves"),
]


@pytest.mark.parametrize(("namespace", "options", "error", "message"), HOSTILE_CLASSES,
                         ids=lambda value: repr(value)[:40])
def test_hostile_class_bodies(impl, namespace, options, error, message):
    def hostile_types():
        import gc

        gc.collect()
        return sum(1 for o in gc.get_objects() if isinstance(o, type) and
                   o.__name__ == "Hostile")

    before = hostile_types()
    with pytest.raises(error) as raised:
        type(impl.Record)("Hostile", (impl.Record,), dict(namespace), **options)
    assert str(raised.value) == message
    assert hostile_types() == before  # no half-made type left behind


def test_defaults_whose_eq_and_hash_raise_are_stored_not_compared(impl):
    value = RaisingEq()
    P = impl.make_record("P", "a", defaults={"a": impl.field(default_factory=lambda: value)})
    assert P().a is value
    with pytest.raises(ValueError, match="mutable default"):
        impl.make_record("P", "a", defaults={"a": type("Unhashable", (), {"__hash__": None})()})


def test_field_names_that_shadow_methods_work(impl):
    """Names a record's methods do not use (copy, replace, keys, ...) are plain fields."""
    names = ["copy", "replace", "keys", "items", "count", "index", "fields", "asdict"]
    P = impl.make_record("P", names)
    record = P(*range(len(names)))
    assert impl.asdict(record) == dict(zip(names, range(len(names)), strict=True))
    assert impl.replace(record, copy=9).copy == 9
