"""CPython's own ``test_dataclasses``, loaded from the running interpreter's ``test``
package with ``dataclasses`` swapped for a stand-in: the one judge of slotrecord's claim
to behave as ``dataclass(slots=True)`` that no one here wrote.

``load(name, dataclass, make_dataclass, field)`` imports the test module (and the helper
modules beside it) afresh as module *name*, with every ``import dataclasses`` and ``from
dataclasses import ...`` in them answered by a copy of ``dataclasses`` whose ``dataclass``,
``make_dataclass`` and ``field`` are the ones given. Nothing else in the tests changes.
"""

from __future__ import annotations

import builtins
import dataclasses
import functools
import importlib.util
import os
import sys
import types
import unittest
import warnings


def stdlib_slots_shim() -> dict:
    """The reference: the stdlib's own dataclasses, with ``slots=True`` forced."""

    def dataclass(cls=None, /, **options):
        options["slots"] = True
        return dataclasses.dataclass(**options) if cls is None else dataclasses.dataclass(
            cls, **options)

    return {"dataclass": dataclass,
            "make_dataclass": functools.partial(dataclasses.make_dataclass, slots=True),
            "field": dataclasses.field}


def load(name: str, replacements: dict) -> types.ModuleType:
    """CPython's ``test_dataclasses`` as module *name*, whose ``dataclasses`` is the stdlib
    module with the functions in *replacements* swapped in."""
    shim = types.ModuleType("dataclasses", dataclasses.__doc__)
    shim.__dict__.update({key: value for key, value in vars(dataclasses).items()
                          if not key.startswith("__") or key == "__all__"})
    shim.__dict__.update(replacements)
    main_path, helper_paths = _source_files()
    helpers = types.ModuleType(name)  # what "from test import dataclass_module_1" finds
    helpers.__getattr__ = _real_test_attribute

    def importer(module, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and module == "dataclasses":
            return shim
        if level == 0 and module in ("test", "test.test_dataclasses") and fromlist and all(
                item in helper_paths for item in fromlist):
            return helpers
        return builtins.__import__(module, globals, locals, fromlist, level)

    namespace_builtins = dict(vars(builtins), __import__=importer)
    for helper, path in helper_paths.items():
        setattr(helpers, helper, _exec(f"{name}_{helper}", path, namespace_builtins))
    return _exec(name, main_path, namespace_builtins)


def _source_files() -> tuple[str, dict[str, str]]:
    """The test module's path, and the paths of the helper modules it imports by name."""
    spec = importlib.util.find_spec("test.test_dataclasses")
    if spec is None or spec.origin is None:
        raise ImportError("this Python has no test.test_dataclasses (no test package)")
    if spec.submodule_search_locations:  # 3.11 on: a package with its helpers inside
        folder = spec.submodule_search_locations[0]
    else:  # 3.10: the helpers sit beside the module in test/
        folder = os.path.dirname(spec.origin)
    helpers = {entry[:-3]: os.path.join(folder, entry) for entry in os.listdir(folder)
               if entry.startswith(("dataclass_module_", "dataclass_textanno"))
               and entry.endswith(".py")}
    return spec.origin, helpers


def _real_test_attribute(attribute: str):
    import test

    return getattr(test, attribute)


def _exec(name: str, path: str, namespace_builtins: dict) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__file__ = path
    module.__builtins__ = namespace_builtins
    sys.modules[name] = module  # pickle finds the module's classes through it
    with open(path, encoding="utf-8") as source:
        code = compile(source.read(), path, "exec")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(code, module.__dict__)  # CPython's own test code, from this interpreter
    return module


def test_ids(module: types.ModuleType) -> list[str]:
    """The ids of the module's tests, as ``Class.method``."""
    loader = unittest.TestLoader()
    suite = loader.loadTestsFromModule(module)
    return [test.id().removeprefix(module.__name__ + ".") for test in _flatten(suite)]


def _flatten(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from _flatten(item)
        else:
            yield item


def run(module: types.ModuleType, test_id: str) -> tuple[str, str]:
    """Run one test: ("passed", ""), ("skipped", reason) or ("failed", traceback)."""
    suite = unittest.TestLoader().loadTestsFromName(test_id, module)
    result = unittest.TestResult()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        suite.run(result)
    problems = result.errors + result.failures + [
        (test, "unexpected success") for test in result.unexpectedSuccesses]
    if problems:
        return "failed", "\n".join(text for _, text in problems)
    if result.skipped:
        return "skipped", result.skipped[0][1]
    return "passed", ""
