"""Property-based parity: random record types and calls, against the equivalent dataclass."""

from __future__ import annotations

import copy
import dataclasses
import keyword

from helpers import comparable, dataclass_twin, outcome
from hypothesis import given
from hypothesis import strategies as st

from slotrecord import _record_py

NAMES = st.from_regex(r"[a-e][a-e0-9_]{0,2}", fullmatch=True).filter(
    lambda name: not keyword.iskeyword(name)
) | st.sampled_from(["self", "other", "state", "changes", "cls"])

VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=3),
    lambda inner: st.tuples(inner, inner) | st.frozensets(inner, max_size=3),
    max_leaves=4,
)


@st.composite
def descriptions(draw):
    """Arguments of ``make_record``: names, defaults and options, sometimes invalid."""
    names = draw(st.lists(NAMES, max_size=6, unique=True))
    kw_only = draw(st.booleans())
    eq = draw(st.booleans())
    options = {
        "frozen": draw(st.booleans()),
        "eq": eq,
        "order": eq and draw(st.booleans()),
        "kw_only": kw_only,
        "weakref": draw(st.booleans()),
        "gc": draw(st.booleans()),
    }
    if kw_only or draw(st.booleans()):  # any subset: invalid order when not kw_only
        with_default = draw(st.lists(st.sampled_from(names), unique=True)) if names else []
    else:
        with_default = names[len(names) - draw(st.integers(0, len(names))):]
    defaults = {name: draw(VALUES) for name in with_default}
    return names, defaults, options


@st.composite
def calls(draw, names):
    args = draw(st.lists(VALUES, max_size=len(names) + 2))
    keyword_names = draw(st.lists(st.sampled_from([*names, "x", "self"]), unique=True,
                                  max_size=len(names) + 1))
    kwargs = {name: draw(VALUES) for name in keyword_names}
    return args, kwargs


@given(data=st.data(), description=descriptions())
def test_records_behave_as_dataclasses(impl, data, description):
    names, defaults, options = description
    made = outcome(impl.make_record, "R", names, defaults=defaults, **options)
    made_py = outcome(_record_py.make_record, "R", names, defaults=defaults, **options)
    twin_made = outcome(dataclass_twin, "R", names, defaults, **options)
    if made[0] == "raises":  # an invalid description: the same error as the other ones
        assert made == made_py
        assert twin_made[0] == "raises" and twin_made[1] is made[1]
        return
    assert twin_made[0] == "returns"
    record_type = impl.make_record("R", names, defaults=defaults, **options)
    twin_type = dataclass_twin("R", names, defaults, **options)

    args, kwargs = data.draw(calls(names))
    built = outcome(record_type, *args, **kwargs)
    assert built == outcome(twin_type, *args, **kwargs)
    if built[0] == "raises":
        return
    record, twin = record_type(*args, **kwargs), twin_type(*args, **kwargs)
    assert repr(record) == repr(twin)
    if options["eq"] and options["frozen"]:  # otherwise unhashable, or hashed by identity
        assert outcome(hash, record) == outcome(hash, twin)
    else:
        assert outcome(hash, record)[0] == outcome(hash, twin)[0]
    assert comparable(copy.copy(record)) == comparable(record)
    assert comparable(copy.deepcopy(record)) == comparable(record)

    other_args, other_kwargs = data.draw(calls(names))
    if outcome(twin_type, *other_args, **other_kwargs)[0] == "returns":
        other = record_type(*other_args, **other_kwargs)
        other_twin = twin_type(*other_args, **other_kwargs)
        for method in ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"):
            assert outcome(getattr(record, method), other) == outcome(
                getattr(twin, method), other_twin
            ), method
    changes = data.draw(calls(names))[1]
    assert outcome(impl.replace, record, **changes) == outcome(
        dataclasses.replace, twin, **changes)
