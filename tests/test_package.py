"""The package: backend selection, the public names, module inference, the demonstration."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys

import pytest

import slotrecord
from slotrecord import _record_py

pytestmark = pytest.mark.no_leak_hunt  # most tests here start a Python process

PUBLIC = {"BACKEND", "Record", "asdict", "astuple", "dataclass", "field", "fields",
          "make_dataclass", "make_record", "replace"}

# Bound at module level without module=: the type must infer this module and pickle.
Inferred = slotrecord.make_record("Inferred", "a b")


def run_python(*args, env=None):
    environment = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True,
                          env=environment, check=True, timeout=120).stdout


def test_each_implementation_has_the_same_public_names(impl):
    assert set(impl.__all__) == PUBLIC
    assert all(hasattr(impl, name) for name in PUBLIC)
    expected = "cython" if impl.__name__.endswith("_c") else "python"
    assert expected == impl.BACKEND


def test_package_exports_the_active_implementation():
    active = sys.modules[f"slotrecord._record_{'c' if slotrecord.BACKEND == 'cython' else 'py'}"]
    for name in PUBLIC:
        assert getattr(slotrecord, name) is getattr(active, name)
    native = {"i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64", "boolean"}
    assert set(slotrecord.__all__) == PUBLIC | native | {"MISSING", "Field", "NativeType"}
    for name in slotrecord.__all__:
        assert getattr(slotrecord, name) is not None


def test_dir_lists_every_public_name():
    # The native field types are given on first use, by the module's type: dir() (and so
    # completion) lists them all the same.
    assert set(slotrecord.__all__) <= set(dir(slotrecord))
    assert dir(slotrecord) == sorted(dir(slotrecord)) and "f64" in dir(slotrecord)
    assert "__getattr__" not in dir(slotrecord) and "__dir__" not in vars(slotrecord)


def test_the_package_help_leads_with_record_and_shows_no_module_hooks():
    import pydoc

    shown = pydoc.render_doc(slotrecord, renderer=pydoc.plaintext)
    assert "__getattr__" not in shown and "__dir__" not in shown
    description = shown[shown.index("DESCRIPTION"):]
    assert "class Product(Record):" in description
    assert description.index("Record") < description.index("make_record")
    assert "f64 = " in shown  # the native field types are listed with the data
    with pytest.raises(AttributeError, match=r"^module 'slotrecord' has no attribute 'f65'$"):
        slotrecord.f65  # noqa: B018


def _built(module: str) -> bool:
    """Whether slotrecord's *module* is compiled here (whatever this process imported)."""
    from importlib.machinery import EXTENSION_SUFFIXES

    folder = os.path.dirname(slotrecord.__file__)
    return any(os.path.exists(os.path.join(folder, module + suffix))
               for suffix in EXTENSION_SUFFIXES)


@pytest.mark.parametrize(("value", "expected"), [("1", "python"), ("yes", "python"),
                                                 ("0", None), ("", None)])
def test_environment_variable_selects_the_pure_python_implementation(value, expected):
    out = run_python("-c", "import slotrecord; print(slotrecord.BACKEND)",
                     env={"SLOTRECORD_NO_EXTENSIONS": value})
    assert out.strip() == (expected or ("cython" if _built("_record_c") else "python"))


def _editable() -> bool:
    """Whether slotrecord is imported from its source tree (``pip install -e .``)."""
    folder = os.path.dirname(os.path.abspath(slotrecord.__file__))
    return os.path.isfile(os.path.join(folder, os.pardir, os.pardir, "setup.py"))


@pytest.mark.parametrize("value", ["1", "0"])
def test_front_end_is_compiled_with_the_core_unless_told_not_to_be(value):
    """The front end runs compiled where it was built, and from its source under
    SLOTRECORD_NO_EXTENSIONS, though compiled modules sit beside the source. An editable
    install compiles the core alone, so that an edit to the front end shows."""
    code = "import slotrecord; print(slotrecord._spec.__file__, slotrecord._native.__file__)"
    paths = run_python("-c", code, env={"SLOTRECORD_NO_EXTENSIONS": value}).split()
    compiled = value == "0" and _built("_spec")
    assert [path.endswith(".py") for path in paths] == [not compiled, not compiled]
    if _editable():
        assert not _built("_spec") and not _built("_native")
    elif os.environ.get("SLOTRECORD_REQUIRE_EXTENSION"):
        assert _built("_spec") and _built("_native")


def test_module_is_inferred_from_the_caller(impl):
    P = impl.make_record("P", "a")
    assert P.__module__ == __name__
    assert impl.make_record("P", "a", module="elsewhere").__module__ == "elsewhere"


def test_inferred_module_lets_a_module_level_type_pickle():
    p = Inferred(1, [2])
    assert Inferred.__module__ == __name__
    assert pickle.loads(pickle.dumps(p)) == p


def test_module_inferred_through_a_helper_function(impl):
    """The caller is the first frame outside slotrecord, whichever implementation."""

    def factory():
        return impl.make_record("Made", "a")

    assert factory().__module__ == __name__


@pytest.mark.parametrize("function", ["asdict", "astuple"])
def test_function_signatures_and_docs_are_the_same(impl, function):
    import inspect

    ours, twins = getattr(impl, function), getattr(_record_py, function)
    assert inspect.signature(ours) == inspect.signature(twins)
    assert ours.__doc__ == twins.__doc__
    record = impl.make_record("P", "a")(1)
    with pytest.raises(TypeError, match="keyword"):
        ours(record=record)  # positional only, in both
    assert inspect.signature(impl.replace) == inspect.signature(_record_py.replace)


def test_make_record_signature_is_the_same(impl):
    import inspect

    assert str(inspect.signature(impl.make_record)) == str(
        inspect.signature(_record_py.make_record))
    assert "typename" in impl.make_record.__doc__


# The parameters of make_record and their defaults (the first two have none).
MAKE_RECORD_PARAMETERS = {
    "typename": "no default", "fields": "no default", "defaults": None,
    "bases": (), "init": True, "repr": True, "eq": True, "order": False,
    "unsafe_hash": False, "frozen": False, "match_args": True, "kw_only": False,
    "gc": True, "weakref": False, "module": None, "doc": None}


def test_make_record_signature_names_every_option_with_its_default(impl):
    """Though the options are taken as **options (one not given comes from a record
    base), inspect.signature, and so help() and Sphinx, name each with its default."""
    import inspect
    import pydoc

    parameters = inspect.signature(impl.make_record).parameters
    assert {name: "no default" if parameter.default is parameter.empty else parameter.default
            for name, parameter in parameters.items()} == MAKE_RECORD_PARAMETERS
    assert list(parameters) == list(MAKE_RECORD_PARAMETERS)
    kinds = [parameter.kind for parameter in parameters.values()]
    assert kinds == [inspect.Parameter.POSITIONAL_OR_KEYWORD] * 2 + [
        inspect.Parameter.KEYWORD_ONLY] * (len(parameters) - 2)
    shown = pydoc.render_doc(impl.make_record, renderer=pydoc.plaintext)
    # From 3.13 pydoc puts each parameter of a long signature on a line of its own.
    unwrapped = "".join(shown.split())
    assert "make_record(typename,fields,*,defaults=None,bases=(),init=True," in unwrapped
    assert "**options" not in shown


def test_make_record_stub_agrees_with_its_signature():
    import ast
    import inspect

    path = os.path.join(os.path.dirname(slotrecord.__file__), "_record_c.pyi")
    with open(path, encoding="utf-8") as stub:
        tree = ast.parse(stub.read())
    (declared,) = [node for node in tree.body
                   if isinstance(node, ast.FunctionDef) and node.name == "make_record"]
    arguments = declared.args
    stubbed = [argument.arg for argument in arguments.args + arguments.kwonlyargs]
    defaults = [ast.literal_eval(default) for default in arguments.kw_defaults]
    parameters = inspect.signature(slotrecord.make_record).parameters
    assert stubbed == list(parameters) and not arguments.defaults
    assert defaults == [parameter.default for parameter in parameters.values()][2:]


def test_make_record_options_not_given_still_come_from_the_base(impl):
    Base = impl.make_record("Base", "a", frozen=True, order=True)
    Child = impl.make_record("Child", "b", bases=(Base,))
    assert (Child.__dataclass_params__.frozen, Child.__dataclass_params__.order) == (True, True)
    Thawed = impl.make_record("Thawed", "b", bases=(impl.make_record("B", "a", order=True),),
                              order=False)
    assert not Thawed.__dataclass_params__.order


def test_the_demonstration_runs(impl):
    import platform
    import re

    env = {"SLOTRECORD_NO_EXTENSIONS": "1" if impl.BACKEND == "python" else "0"}
    out = run_python("-m", "slotrecord", "--quick", env=env)
    header, table = out.split("\n\n")[-2:]
    # Whose figures they are, what is timed, and which statistic is shown.
    first = out.splitlines()[0]
    assert f"implementation: {impl.BACKEND} (slotrecord.BACKEND)" in first
    assert f"{platform.python_implementation()} {platform.python_version()}" in first
    assert "timed on this machine" in header and "fastest of 3\nrounds" in header
    assert "a round times every row once" in header
    assert "Product(1, 'widget', 9.99): construction by position" in header
    lines = table.splitlines()
    assert lines[0].split() == ["construct", "read", "attribute", "bytes", "each"]
    row = re.compile(r"(.+?) +\d+ ns +\d+\.\d\dx +\d+\.\d ns +\d+\.\d\dx +-?\d+ +-?\d+\.\d\dx$")
    names = [row.match(line).group(1) for line in lines[1:]]
    assert names[0] == f"slotrecord {impl.BACKEND}"
    assert lines[1].count("1.00x") == 3  # the ratios are to the first row
    for name in ("__slots__ class", "dataclass(slots=True)", "namedtuple"):
        assert name in names


def test_the_demonstration_interleaves_its_rounds(monkeypatch):
    """Each round times every row once, and a row shows its fastest round, so that a burst
    of other work slows one round of every row rather than the rows timed during it."""
    from slotrecord import __main__ as demonstration

    calls = []

    def time_once(statement, namespace, number):
        calls.append((namespace["cls"], statement, number))
        return {0: 3.0, 1: 1.0}.get((len(calls) - 1) // 4, 2.0)  # the second round is fastest

    monkeypatch.setattr(demonstration, "_time_once", time_once)
    contenders = demonstration._shown()[:2]
    rows = demonstration.measure(contenders, rounds=3, number=7)
    first, second = (call[0] for call in calls[:4:2])
    one_round = [(first, demonstration.CONSTRUCT, 7), (first, demonstration.READ, 70),
                 (second, demonstration.CONSTRUCT, 7), (second, demonstration.READ, 70)]
    assert calls == one_round * 3
    assert [row[:3] for row in rows] == [(contender.name, 1.0, 1.0) for contender in contenders]


def test_typed_package():
    from importlib.resources import files

    package = files("slotrecord")
    assert package.joinpath("py.typed").is_file()
    assert package.joinpath("__init__.pyi").is_file()


@pytest.mark.parametrize("module", ["_spec", "_native"])
def test_compiled_front_end_holds_no_closure_or_generator(module):
    """Cython 3.3 leaks a reference on each call of a closure or generator (a generator
    expression, a lambda, a nested def, a yield): the modules compiled from Python
    source must have none, whatever the leak hunt's tests happen to reach."""
    import ast

    path = os.path.join(os.path.dirname(slotrecord.__file__), f"{module}.py")
    with open(path, encoding="utf-8") as source:
        tree = ast.parse(source.read())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.GeneratorExp, ast.Lambda, ast.Yield, ast.YieldFrom)):
            found.append(f"line {node.lineno}: {type(node).__name__}")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found += [f"line {inner.lineno}: def {inner.name} inside {node.name}"
                      for inner in ast.walk(node) if inner is not node
                      and isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef))]
    assert found == []


def test_the_demonstrations_help_is_plain_text(capsys):
    from slotrecord.__main__ import main

    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    shown = capsys.readouterr().out
    assert exited.value.code == 0
    assert "python -m slotrecord: which implementation is active" in shown
    assert "``" not in shown and "--quick" in shown


def test_the_field_class_shows_where_it_comes_from():
    # Its tuple base names the front end's module, compiled or not.
    assert [klass.__module__ for klass in slotrecord.Field.__mro__[:2]] == [
        "slotrecord._spec", "slotrecord._spec"]
