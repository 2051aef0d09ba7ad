"""Pickle anywhere: importable record types pickle by reference, all others by value, in
this process, in spawned processes, and through cloudpickle; tampered descriptions get a
clear error and leave no type behind."""

from __future__ import annotations

import copy
import gc
import multiprocessing
import os
import pickle
import subprocess
import sys
import textwrap
from concurrent.futures import ProcessPoolExecutor

import pytest
from helpers import outcome

from slotrecord import MISSING, _pickling, _record_py

# Importable (this module is on sys.path), one per implementation that is built here.
ByReferencePython = _record_py.make_record("ByReferencePython", "a b")
try:
    from slotrecord import _record_c
except ImportError:
    pass
else:
    ByReferenceCython = _record_c.make_record("ByReferenceCython", "a b")


def make_at_run_time(impl, name="Runtime"):
    return impl.make_record(name, "id name tags", defaults={"tags": impl.field(
        default_factory=list)}, frozen=False, order=True)


def describe_in_child(records):
    """Run in a spawned process: what arrived, and whether it shares one type."""
    first, second = records
    return (type(first) is type(second), type(first).__name__, repr(first),
            type(first).__module__, [f.name for f in type(first).__slotrecord__.fields])


def bump(record):
    """Run in a spawned process: a record of the rebuilt type sent back."""
    return type(record)(record.id + 1, record.name + "!")


class TestInProcess:
    def test_importable_types_pickle_by_reference(self, impl):
        ByReference = globals()[f"ByReference{impl.BACKEND.capitalize()}"]
        data = pickle.dumps(ByReference(1, 2))
        assert ByReference.__name__.encode() in data
        assert b"rebuild_type" not in data
        assert pickle.loads(data) == ByReference(1, 2)

    @pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
    def test_run_time_types_pickle_by_value(self, impl, protocol):
        Runtime = make_at_run_time(impl)
        record = Runtime(1, "w", [2])
        data = pickle.dumps(record, protocol)
        assert b"rebuild_type" in data
        back = pickle.loads(data)
        assert type(back) is Runtime  # the token names the type this process made
        assert back == record

    def test_a_list_carries_the_description_once(self, impl):
        Runtime = make_at_run_time(impl)
        one = len(pickle.dumps([Runtime(0, "x")]))
        many = len(pickle.dumps([Runtime(i, "x") for i in range(100)]))
        assert many - one < 100 * 30  # each further record costs its fields only

    def test_the_type_itself_pickles(self, impl):
        Runtime = make_at_run_time(impl)
        assert pickle.loads(pickle.dumps(Runtime)) is Runtime
        assert pickle.loads(pickle.dumps(impl.Record)) is impl.Record

    def test_a_type_rebuilt_from_its_description(self, impl):
        """What another process does: no type with this token exists yet."""
        Runtime = make_at_run_time(impl)
        description = _pickling.describe(Runtime, b"fresh token, 16b")
        rebuilt = _pickling.rebuild_type(description)
        assert rebuilt is not Runtime
        assert _pickling.rebuild_type(description) is rebuilt  # once per description
        record = rebuilt(1, "w")
        assert (repr(record), record.tags) == ("Runtime(id=1, name='w', tags=[])", [])
        assert type(rebuilt) is type(Runtime)
        assert rebuilt(1, "a") < rebuilt(2, "a")  # the options came along

    def test_class_syntax_subclass_rebuilt(self, impl):
        class Base(impl.Record, frozen=True):
            a: int

        class Child(Base):
            b: str = "x"
            unit = "m"

        rebuilt = _pickling.rebuild_type(_pickling.describe(Child, b"another token 16"))
        assert [f.name for f in impl.fields(rebuilt)] == ["a", "b"]
        assert issubclass(rebuilt, Base)
        assert (rebuilt(1).b, rebuilt.unit) == ("x", "m")
        assert hash(rebuilt(1)) == hash(Child(1))

    def test_local_methods_cannot_travel_with_plain_pickle(self, impl):
        class Local(impl.Record):
            a: int

            def double(self):
                return self.a * 2

        with pytest.raises((pickle.PicklingError, AttributeError), match="local object"):
            pickle.dumps(Local(1))

    def test_a_record_type_cannot_be_laid_out_again(self, impl):
        Runtime = make_at_run_time(impl)
        for name in ("__slots__", "__slotrecord__"):
            with pytest.raises(TypeError, match=f"cannot set {name} of record type Runtime: "
                                                "its layout is fixed when it is made"):
                setattr(Runtime, name, ())


@pytest.mark.no_leak_hunt
class TestOtherProcesses:
    def test_multiprocessing_spawn_pool(self, impl):
        Runtime = make_at_run_time(impl)
        context = multiprocessing.get_context("spawn")
        with context.Pool(2) as pool:
            shared, name, shown, module, names = pool.apply(
                describe_in_child, ((Runtime(1, "w"), Runtime(2, "v")),))
            back = pool.map(bump, [Runtime(i, "w") for i in range(4)])
        assert (shared, name, shown, module, names) == (
            True, "Runtime", "Runtime(id=1, name='w', tags=[])", __name__, ["id", "name", "tags"])
        assert all(type(record) is Runtime for record in back)  # home again as itself
        assert [r.id for r in back] == [1, 2, 3, 4]

    def test_process_pool_executor(self, impl):
        Runtime = make_at_run_time(impl)
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(2, mp_context=context) as executor:
            back = list(executor.map(bump, [Runtime(i, "w") for i in range(3)]))
        assert back == [Runtime(i + 1, "w!") for i in range(3)]

    def test_cloudpickle(self, impl, tmp_path):
        cloudpickle = pytest.importorskip("cloudpickle")

        class Local(impl.Record):
            a: int
            b: list = impl.field(default_factory=list)

            def total(self):
                return self.a + len(self.b)

        path = tmp_path / "records.pickle"
        path.write_bytes(cloudpickle.dumps([Local(1, [1]), Local(2)]))
        code = textwrap.dedent(f"""
            import pickle
            first, second = pickle.loads(open({str(path)!r}, "rb").read())
            assert type(first) is type(second)
            print(first, second.total(), type(first).__qualname__)
        """)
        out = run_python(code)
        assert out == ("TestOtherProcesses.test_cloudpickle.<locals>.Local(a=1, b=[1]) 2 "
                       "TestOtherProcesses.test_cloudpickle.<locals>.Local\n")

    def test_types_in_main_pickle_by_value(self, impl, tmp_path):
        """A spawned process does not share __main__: its types travel by value."""
        path = tmp_path / "main.pickle"
        run_python(textwrap.dedent(f"""
            import pickle
            from {impl.__name__} import Record

            class Point(Record):
                x: int
                y: int = 0

            open({str(path)!r}, "wb").write(pickle.dumps(Point(1)))
        """))
        assert b"rebuild_type" in path.read_bytes()
        out = run_python(f"import pickle; print(pickle.loads(open({str(path)!r}, 'rb').read()))")
        assert out == "Point(x=1, y=0)\n"


def run_python(code):
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env=environment, timeout=120).stdout


def tampered(impl, **changes):
    """A description of a run-time type, with the named parts replaced."""
    Runtime = make_at_run_time(impl, "Tampered")
    parts = dict(zip(["version", "token", "backend", "typename", "qualname", "module", "doc",
                      "bases", "fields", "options", "body"],
                     _pickling.describe(Runtime, os.urandom(16)), strict=True))
    parts.update(changes)
    return tuple(parts.values())


# name, annotation, default, default_factory, init, repr, hash, compare, metadata, kw_only
FIELD = ("a", object, MISSING, MISSING, True, True, None, True, {}, False)

TAMPERED = [
    ({"version": 1}, ValueError, "unsupported record type description version 1"),
    ({"token": "x"}, TypeError, "record type description: the token must be bytes"),
    ({"backend": "rust"}, ValueError, "record type description: unknown implementation 'rust'"),
    ({"typename": "1x"}, ValueError, "typename must be a valid identifier, got '1x'"),
    ({"typename": None}, TypeError, "typename must be a string, got NoneType"),
    ({"qualname": 3}, TypeError, "record type description: qualname must be a string"),
    ({"options": {"frozen": True, "slots": True}}, TypeError,
     "Tampered: unknown record option 'slots' (the options are init, repr, eq, order, "
     "unsafe_hash, frozen, match_args, kw_only, gc, weakref)"),
    ({"options": {"eq": "yes"}}, TypeError, "eq must be a bool, got str"),
    ({"options": []}, TypeError, "record type description: options and body must be dicts"),
    ({"fields": [FIELD]}, TypeError, "record type description: fields must be a tuple"),
    ({"fields": (("a",),)}, TypeError,
     "record type description: each field must be a tuple of 10 items"),
    ({"fields": (("1a", *FIELD[1:]),)}, ValueError,
     "field name must be a valid identifier, got '1a'"),
    ({"fields": (("__x", *FIELD[1:]),)}, ValueError,
     "field name must not start with '__', got '__x'"),
    ({"fields": (FIELD, FIELD)}, ValueError, "record type description: field 'a' given twice"),
    ({"fields": (("a", object, [], *FIELD[3:]),)}, ValueError,
     "mutable default <class 'list'> for field a is not allowed: use default_factory"),
    ({"fields": (("a", object, MISSING, "print", *FIELD[4:]),)}, TypeError,
     "default_factory must be callable, got str"),
    ({"fields": ((*FIELD[:9], 1),)}, TypeError, "kw_only must be a bool, got int"),
    ({"fields": (("a", object, MISSING, MISSING, "no", *FIELD[5:]),)}, TypeError,
     "init must be a bool, got str"),
    ({"body": {"__slots__": ()}}, TypeError,
     "Tampered must not define __slots__: records lay out their fields themselves"),
    ({"body": {1: 2}}, ValueError, "record type description: bad class attribute 1"),
    ({"bases": [object]}, TypeError, "bases must be a tuple of classes, got [<class 'object'>]"),
]


@pytest.mark.parametrize(("changes", "error", "message"), TAMPERED,
                         ids=[str(case[0])[:40] for case in TAMPERED])
def test_tampered_descriptions(impl, changes, error, message):
    def tampered_types():
        gc.collect()
        return sum(1 for o in gc.get_objects()
                   if isinstance(o, type) and o.__name__ == "Tampered")

    description = tampered(impl, **changes)
    before = tampered_types()
    with pytest.raises(error) as raised:
        pickle.loads(pickle.dumps(_Payload(description)))
    assert str(raised.value) == message
    assert tampered_types() == before  # no half-made type left behind


def test_not_a_description(impl):
    with pytest.raises(TypeError, match=r"^not a record type description: expected a tuple"):
        _pickling.rebuild_type(["nope"])


class _Payload:
    """Pickles as a call to rebuild_type with any description: what a tampered pickle
    stream would hold."""

    def __init__(self, description):
        self.description = description

    def __reduce__(self):
        return (_pickling.rebuild_type, (self.description,))


def test_a_reduce_of_the_class_body_is_what_pickle_and_deepcopy_use(impl):
    class Reading(impl.Record):
        value: float

        def __reduce__(self):
            return (float, (self.value,))

    reading = Reading(21.5)
    for copied in (pickle.loads(pickle.dumps(reading)), copy.deepcopy(reading)):
        assert type(copied) is float and copied == 21.5
    assert reading.__reduce_ex__(2) == (float, (21.5,))


@pytest.mark.parametrize("protocol", [0, 2, 5, True, 2**70, -1, "2", None, 2.0])
def test_reduce_ex_takes_what_objects_takes(impl, protocol):
    """A record's __reduce_ex__ answers, and refuses, as object's own does for it."""
    record = make_at_run_time(impl)(1, "w")
    assert outcome(record.__reduce_ex__, protocol) == outcome(object.__reduce_ex__, record,
                                                               protocol)
