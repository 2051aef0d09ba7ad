"""Measuring changes no committed file: the benchmark scripts write their runs, report and
chart to ``benchmarks/out/``, which git ignores, and only ``report.py --publish`` writes
the committed results."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _script(name: str):
    spec = importlib.util.spec_from_file_location(f"benchmarks_{name}", BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _bench_run() -> dict:
    """A run as pytest-benchmark writes it, of two rows of one group."""
    rows = [("__slots__ class", 160e-9), ("slotrecord cython", 80e-9)]
    return {"machine_info": {"python_version": "3.11.7"}, "datetime": "2026-12-07T00:00:00",
            "commit_info": {"id": "0123456789abcdef"},
            "benchmarks": [{"group": "construct by position", "param": name,
                            "stats": {"min": seconds * 1000}, "extra_info": {"operations": 1000}}
                           for name, seconds in rows]}


def test_the_default_outputs_are_ignored_by_git():
    if shutil.which("git") is None or not (BENCHMARKS.parent / ".git").exists():
        pytest.skip("not a git checkout")
    for module in (_script("memory"), _script("report")):
        assert module.OUT == BENCHMARKS / "out"
    ignored = subprocess.run(["git", "check-ignore", "-q", "benchmarks/out/memory.json"],
                             cwd=BENCHMARKS.parent, check=False)
    assert ignored.returncode == 0, "benchmarks/out/ is not in .gitignore"


def test_measuring_writes_only_to_the_output_folder(tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")  # the chart (the bench extra)
    memory, report = _script("memory"), _script("report")
    committed, out = tmp_path / "benchmarks", tmp_path / "benchmarks" / "out"
    committed.mkdir()
    monkeypatch.setattr(memory, "OUT", out)
    monkeypatch.setattr(report, "OUT", out)
    monkeypatch.setattr(report, "HERE", committed)
    bench = tmp_path / "bench.json"
    bench.write_text(json.dumps(_bench_run()))

    memory.main(["--count", "20"])
    report.main([str(bench), str(out / "memory.json")])
    assert sorted(p.name for p in out.iterdir()) == ["RESULTS.md", "memory.json", "results.png"]
    assert [p.name for p in committed.iterdir()] == ["out"]
    written = (out / "RESULTS.md").read_text()
    assert "| construct by position | slotrecord cython | __slots__ class | 0.50x |" in written
    assert "(the noise between runs): not measured (no run has both)." in written

    report.main([str(bench), str(out / "memory.json"), "--publish"])
    assert sorted(p.name for p in committed.iterdir()) == [
        "RESULTS.md", "memory.json", "out", "results.png"]
    assert json.loads((committed / "memory.json").read_text())["count"] == 20
