"""Every combination of options that dataclasses allow, against the equivalent dataclass."""

from __future__ import annotations

import copy
import dataclasses
import itertools
import pickle

import pytest
from helpers import comparable, dataclass_twin, outcome

# (frozen, eq, order): dataclasses refuse order without eq.
COMPARISONS = [(frozen, eq, order) for frozen, eq, order in itertools.product([False, True],
                                                                             repeat=3)
               if eq or not order]
COMBINATIONS = [
    {"frozen": frozen, "eq": eq, "order": order, "kw_only": kw_only, "gc": gc,
     "weakref": weakref}
    for (frozen, eq, order), kw_only, gc, weakref in itertools.product(
        COMPARISONS, [False, True], [True, False], [False, True])
]


def name_of(options):
    return ",".join(name for name, value in options.items() if value != (name in ("eq", "gc")))


@pytest.mark.parametrize("options", COMBINATIONS, ids=name_of)
def test_combination_behaves_as_dataclass(impl, options):
    P = impl.make_record("P", "a b c", defaults={"c": 3}, module=__name__, **options)
    twin = dataclass_twin("P", "a b c", {"c": 3}, **options)
    globals()["P"] = P  # importable for pickle
    try:
        for args, kwargs in [((1, 2), {}), ((), {"a": 1, "b": 2}), ((1,), {}),
                             ((1, 2, 3, 4), {}), ((), {"a": 1, "x": 2})]:
            assert outcome(P, *args, **kwargs) == outcome(twin, *args, **kwargs)
        p, q = P(a=1, b=[2]), P(a=1, b=[3])
        t, u = twin(a=1, b=[2]), twin(a=1, b=[3])
        assert repr(p) == repr(t)
        for method in ("__eq__", "__ne__", "__lt__", "__ge__"):
            assert outcome(getattr(p, method), q) == outcome(getattr(t, method), u)
        assert (p == P(a=1, b=[2])) == (t == twin(a=1, b=[2]))
        hashable = options["frozen"] and options["eq"]
        assert outcome(hash, P(a=1, b=2))[0] == outcome(hash, twin(a=1, b=2))[0]
        if hashable:
            assert hash(P(a=1, b=2)) == hash(twin(a=1, b=2))
        assert outcome(setattr, p, "a", 5)[:2] == outcome(setattr, t, "a", 5)[:2]
        assert comparable(p) == comparable(t)
        assert P.__match_args__ == twin.__match_args__
        for clone in (copy.copy(p), copy.deepcopy(p), pickle.loads(pickle.dumps(p))):
            assert comparable(clone) == comparable(p)
        assert comparable(impl.replace(p, b=9)) == comparable(dataclasses.replace(t, b=9))
    finally:
        del globals()["P"]
