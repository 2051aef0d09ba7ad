"""The documentation cannot drift: its figures match the benchmark results, every Python
example is a doctest that the suite runs (``conftest.py`` at the top of the checkout), and
the examples run against the implementation they are meant to."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
FENCE = re.compile(r"^(`{3,})(\S*)(\s.*)?$")
# What a fenced block may be: executed Python, a shell command, or a MyST directive.
LANGUAGES = {"python", "sh", "{toctree}", "{include}", "{eval-rst}"}


def _blocks(path: Path):
    """(line, language, text) of each fenced block of a Markdown file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        match = FENCE.match(lines[index])
        if match:
            end = next(i for i in range(index + 1, len(lines)) if lines[i] == match[1])
            yield index + 1, match[2], "\n".join(lines[index + 1:end])
            index = end
        index += 1


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_python_example_is_checked(path):
    for line, language, text in _blocks(path):
        assert language in LANGUAGES, f"{path.name}:{line}: a {language or 'plain'} block"
        if language == "python":  # a doctest, so that its output is compared
            assert text.lstrip().startswith(">>> "), f"{path.name}:{line}: not a doctest"


def test_documents_are_found():
    names = {path.relative_to(ROOT).as_posix() for path in DOCUMENTS}
    assert {"README.md", "docs/index.md", "docs/guide/native-fields.md"} <= names


def test_figures_match_the_benchmark_results():
    cogapp = pytest.importorskip("cogapp")
    command = ["cog", "--check", "-I", str(ROOT / "docs"), "-p", "import figures",
               *map(str, DOCUMENTS)]
    status = cogapp.Cog().main(command)
    assert status == 0, ("a figure differs from benchmarks/RESULTS*.md: run "
                         "cog -r -I docs -p 'import figures' README.md docs/*.md docs/*/*.md")


def test_examples_run_on_the_implementation_they_name(impl):
    pytest.importorskip("sybil")
    spec = importlib.util.spec_from_file_location("examples_conftest", ROOT / "conftest.py")
    examples = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(examples)
    package = sys.modules["slotrecord"]
    before = package.make_record
    with examples._exposed(impl.BACKEND):
        assert package.make_record is impl.make_record
        assert package.Record is impl.Record
        assert package.BACKEND == impl.BACKEND
    assert package.make_record is before
