"""mypy reads the stubs: constructor calls and attributes of a Record subclass are checked
as a dataclass's are (PEP 681). tests/typing/sample.py marks each line mypy must flag."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import slotrecord

pytestmark = pytest.mark.no_leak_hunt  # runs mypy in a process of its own

SAMPLE = Path(__file__).parent / "typing" / "sample.py"


def flagged_lines(output: str) -> set[int]:
    return {int(line) for line in re.findall(rf"^{re.escape(SAMPLE.name)}:(\d+): error:",
                                              output, re.MULTILINE)}


def test_mypy_flags_exactly_the_marked_lines(tmp_path):
    pytest.importorskip("mypy")
    env = dict(os.environ)
    package_root = Path(slotrecord.__file__).parent.parent
    if package_root.name == "src":  # an editable install: mypy cannot follow its import hook
        env["MYPYPATH"] = str(package_root)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--cache-dir",
         str(tmp_path / "cache"), SAMPLE.name],
        capture_output=True, text=True, cwd=SAMPLE.parent, env=env, timeout=300)
    marked = {number for number, line in enumerate(SAMPLE.read_text().splitlines(), 1)
              if line.endswith("# error")}
    assert flagged_lines(result.stdout) == marked, result.stdout
