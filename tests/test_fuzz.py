"""Differential fuzzing: random record types and random sequences of operations, applied
to the native core, the pure-Python twin and the equivalent ``dataclass(slots=True)``,
which must agree on every result and every exception type (and the two implementations
on every message too).

A short run is part of the suite. The long run (``.ci/fuzz-long``, or
``FUZZ_OPERATIONS=100000 pytest tests/test_fuzz.py``) keeps going until that many
operations have been applied, and prints the count.

Where slotrecord differs from dataclasses on purpose (README, "Where records differ"),
only the two implementations are compared: copies of records with deleted fields,
comparisons of records with deleted fields (from 3.13 a dataclass stops reading at the
first difference), unknown attributes on frozen records, pickling (a dataclass made at
run time cannot be pickled; a record pickles by value), and subclassing. Record types
with native fields (``f64``, ...) convert what they store, which a dataclass does not:
they too are compared between the two implementations alone.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import os
import pickle
import re
import sys
import typing

import pytest
from helpers import outcome
from hypothesis import HealthCheck, assume, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    multiple,
    rule,
)

from slotrecord import _record_py
from slotrecord._aliases import ALIASES

try:
    from slotrecord import _record_c
except ImportError:  # a build without the extension: nothing to compare the twin with
    if os.environ.get("SLOTRECORD_REQUIRE_EXTENSION"):
        raise
    pytest.skip("the C extension is not built here", allow_module_level=True)

IMPLEMENTATIONS = (_record_c, _record_py)
LONG_RUN = int(os.environ.get("FUZZ_OPERATIONS", "0"))
operations_applied = 0

NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True).filter(
    lambda name: not __import__("keyword").iskeyword(name))
VALUES = st.one_of(st.integers(-3, 3), st.none(), st.text(max_size=2), st.booleans(),
                   st.floats(allow_nan=False, allow_infinity=True), st.tuples(st.integers(0, 2)),
                   st.lists(st.integers(0, 2), max_size=2))
# The type of each field: an object field mostly, else a native type.
FIELD_TYPES = st.sampled_from([None, None, None, "i8", "u8", "i64", "u64", "f32", "f64",
                               "boolean"])
# Mostly the generated __init__: without one, every field of a new record is unset.
INIT = st.sampled_from([True, True, True, False])
FIELD_OPTIONS = st.fixed_dictionaries({
    "init": INIT, "repr": st.booleans(), "compare": st.booleans(),
    "hash": st.sampled_from([None, True, False]),
    "kw_only": st.sampled_from([dataclasses.MISSING, True, False])})
HASHABLE = st.one_of(st.integers(-3, 3), st.none(), st.text(max_size=2), st.booleans(),
                     st.tuples(st.integers(0, 2)))


def field_lists():
    """Mostly a few fields; now and then up to 300."""
    return st.one_of(st.lists(NAMES, max_size=6, unique=True),
                     st.lists(NAMES, min_size=20, max_size=300, unique=True))


class Kind:
    """One record type in its three forms (no dataclass for one with native fields), and
    how it was described."""

    def __init__(self, types, names, options):
        self.native, self.python, self.dataclass = types
        self.names = names
        self.options = options

    @property
    def all(self):
        return (self.native, self.python, self.dataclass)


class Trio:
    """One record in its three forms."""

    def __init__(self, kind, values):
        self.kind = kind
        self.native, self.python, self.dataclass = values

    @property
    def all(self):
        return (self.native, self.python, self.dataclass)


def shown(value):
    """A result in a form that compares across the three: records and dataclasses as
    their field values, floats with NaN made comparable."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return ("record", tuple(shown(getattr(value, f.name, "<unset>"))
                                for f in dataclasses.fields(value)))
    if isinstance(value, type):
        return ("type", value.__name__)
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, str):  # object's repr (repr=False) names the object's address
        return re.sub(r"<[\w.]*?(\w+) object at 0x[0-9a-f]+>", r"<\1 object>", value)
    if isinstance(value, (list, tuple)):
        return type(value)(shown(item) for item in value)
    if isinstance(value, dict):
        return {key: shown(item) for key, item in value.items()}
    return value


def outcomes(function, forms, *args, three_way=True, **kwargs):
    """Apply *function* to each form and check that they agree; return the outcomes."""
    global operations_applied
    operations_applied += 1
    if not three_way or (len(forms) == 3 and _absent(forms[2])):
        forms = forms[:2]
    results = [outcome(function, form, *args, **kwargs) for form in forms]
    native, python = results[0], results[1]
    assert native[0] == python[0], (native, python)
    if native[0] == "raises":
        assert native[1:] == python[1:], (native, python)
    else:
        assert shown(native[1]) == shown(python[1]), (native, python)
    if three_way and len(results) == 3:
        twin = results[2]
        assert native[0] == twin[0], (native, twin)
        if native[0] == "raises":
            assert native[1] is twin[1] or issubclass(twin[1], native[1]), (native, twin)
        else:
            assert shown(native[1]) == shown(twin[1]), (native, twin)
    return results


def _as_field(default):
    return default if isinstance(default, dataclasses.Field) else dataclasses.field(
        default=default)


class RecordMachine(RuleBasedStateMachine):
    kinds = Bundle("kinds")
    records = Bundle("records")

    @initialize(target=kinds)
    def a_first_kind(self):
        return self._make(["a", "b"], {}, {})

    @rule(target=kinds, names=field_lists(), data=st.data(),
          frozen=st.booleans(), eq=st.booleans(), order=st.booleans(),
          kw_only=st.booleans(), gc=st.booleans(), weakref=st.booleans(),
          init=INIT, repr=st.booleans(), unsafe_hash=st.booleans(), match_args=st.booleans())
    def make_kind(self, names, data, **options):
        with_default = data.draw(st.sets(st.sampled_from(names)) if names else st.just(set()))
        defaults = {name: data.draw(HASHABLE) for name in with_default}
        for name in data.draw(st.sets(st.sampled_from(names)) if names else st.just(set())):
            # a field() with options of its own, as dataclasses.field takes them
            flags = data.draw(FIELD_OPTIONS)
            if name in defaults:
                flags["default"] = defaults[name]
            defaults[name] = dataclasses.field(**flags)
        types = data.draw(st.lists(FIELD_TYPES, min_size=len(names), max_size=len(names)))
        fields = [(name, ALIASES[kind]) if kind else name
                  for name, kind in zip(names, types, strict=True)]
        made = self._make(fields, defaults, options)
        return multiple() if made is None else made

    def _make(self, fields, defaults, options):
        """The Kind for make_record(fields), or None when making it fails (alike)."""
        def twin(typename, names, defaults=None, **options):
            gc_option = options.pop("gc")
            del gc_option  # dataclasses have no such option: it changes no behaviour
            if options.pop("weakref") and sys.version_info >= (3, 11):
                options["weakref_slot"] = True
            spec = [(n, typing.Any, _as_field(defaults[n]))
                    if n in (defaults or {}) else (n, typing.Any) for n in names]
            return dataclasses.make_dataclass(typename, spec, slots=True, **options)

        options = {"frozen": False, "eq": True, "order": False, "kw_only": False, "gc": True,
                   "weakref": False, "init": True, "repr": True, "unsafe_hash": False,
                   "match_args": True, **options}
        names = [field if isinstance(field, str) else field[0] for field in fields]
        native = names != fields
        forms = [impl.make_record for impl in IMPLEMENTATIONS] + [None if native else twin]
        results = outcomes(lambda make: make("R", fields, defaults=defaults, **options), forms)
        if results[0][0] == "raises":
            return None
        types = [form and form("R", fields, defaults=defaults, **options) for form in forms]
        return Kind(types, names, options)

    @rule(target=records, kind=kinds, data=st.data())
    def construct(self, kind, data):
        count = data.draw(st.integers(0, len(kind.names) + 1))
        args = data.draw(st.lists(VALUES, min_size=count, max_size=count))
        keywords = data.draw(st.dictionaries(
            st.sampled_from([*kind.names, "zz", "self"]) if kind.names else st.just("zz"),
            VALUES, max_size=3))
        results = outcomes(lambda cls: cls(*args, **keywords), kind.all)
        if results[0][0] == "raises":
            return multiple()
        return Trio(kind, [cls and cls(*args, **keywords) for cls in kind.all])

    @rule(record=records, data=st.data())
    def get(self, record, data):
        assume(record.kind.names)
        name = data.draw(st.sampled_from(record.kind.names))
        outcomes(lambda r: getattr(r, name), record.all)

    @rule(record=records, data=st.data(), value=VALUES)
    def set(self, record, data, value):
        assume(record.kind.names)
        name = data.draw(st.sampled_from(record.kind.names))
        outcomes(lambda r: setattr(r, name, value), record.all)

    @rule(record=records, data=st.data())
    def delete(self, record, data):
        assume(record.kind.names)
        name = data.draw(st.sampled_from(record.kind.names))
        outcomes(lambda r: delattr(r, name), record.all)

    @rule(record=records, name=st.sampled_from(["zz", "other"]), value=VALUES)
    def set_unknown(self, record, name, value):
        outcomes(lambda r: setattr(r, name, value), record.all,
                 three_way=not record.kind.options["frozen"])

    @rule(a=records, b=records)
    def compare(self, a, b):
        # From 3.13 a dataclass compares field by field and stops at the first difference,
        # never reading a deleted field after it; records compare as tuples (README).
        complete = all(hasattr(r.native, name) for r in (a, b) for name in r.kind.names)
        forms = list(zip(a.all, b.all, strict=True))
        for op in ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"):
            outcomes(lambda pair, op=op: getattr(pair[0], op)(pair[1]), forms,
                     three_way=complete)
        outcomes(lambda pair: pair[0] == pair[1], forms, three_way=complete)

    @rule(record=records)
    def hash(self, record):
        if record.kind.options["eq"]:
            outcomes(hash, record.all)
        else:  # hashed by identity: only the kind of outcome compares
            outcomes(lambda r: type(hash(r)), record.all)

    @rule(record=records)
    def repr(self, record):
        outcomes(repr, record.all)

    @rule(record=records)
    def copies(self, record):
        complete = all(hasattr(record.native, name) for name in record.kind.names)
        outcomes(copy.copy, record.all, three_way=complete)
        outcomes(copy.deepcopy, record.all, three_way=complete)

    @rule(record=records, protocol=st.integers(0, pickle.HIGHEST_PROTOCOL))
    def pickles(self, record, protocol):
        outcomes(lambda r: pickle.loads(pickle.dumps(r, protocol)), record.all[:2])

    @rule(record=records, data=st.data())
    def replace(self, record, data):
        names = [*record.kind.names, "zz"]
        changes = data.draw(st.dictionaries(st.sampled_from(names), VALUES, max_size=3))
        outcomes(lambda r: dataclasses.replace(r, **changes), record.all)
        outcomes(lambda r: _replace(r, **changes), record.all[:2])

    @rule(record=records)
    def as_dict_and_tuple(self, record):
        def shallow_dict(r):
            return {f.name: getattr(r, f.name) for f in dataclasses.fields(r)}

        outcomes(lambda r: _impl(r).asdict(r), record.all[:2])
        outcomes(lambda r: _impl(r).astuple(r), record.all[:2])
        outcomes(lambda r: shallow_dict(r), record.all)
        outcomes(dataclasses.astuple, record.all)

    @rule(kind=kinds, extra=NAMES, value=HASHABLE)
    def subclass(self, kind, extra, value):
        def derive(cls):
            return _impl_of_type(cls).make_record("Sub", [extra], bases=(cls,),
                                                  defaults={extra: value})

        results = outcomes(derive, (kind.native, kind.python))
        if results[0][0] == "returns":
            subs = [derive(cls) for cls in (kind.native, kind.python)]
            outcomes(lambda cls: repr(cls(*range(len(kind.names)))), subs)


def _absent(form):
    """Whether *form*, a dataclass form or a tuple of them, is missing: a kind with
    native fields has no dataclass twin."""
    return form is None or (isinstance(form, tuple) and None in form)


def _impl(record):
    return _impl_of_type(type(record))


def _impl_of_type(cls):
    return _record_c if isinstance(cls, _record_c._RecordMeta) else _record_py


def _replace(record, **changes):
    return _impl(record).replace(record, **changes)


RecordMachine.TestCase.settings = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")),
    stateful_step_count=30, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much])


def test_differential_fuzzing():
    global operations_applied
    operations_applied = 0
    RecordMachine.TestCase().runTest()
    while operations_applied < LONG_RUN:  # the long run: fresh runs until enough
        RecordMachine.TestCase().runTest()
    assert operations_applied > 0
    print(f"\n{operations_applied} operations applied, three ways, with no divergence")


pytestmark = pytest.mark.no_leak_hunt  # hypothesis keeps state of its own between runs
