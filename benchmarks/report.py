"""Turn a benchmark run and a memory run into a report, ``RESULTS.md``, and a chart.

    pytest benchmarks/ --benchmark-only --benchmark-json=benchmarks/out/bench.json
    python benchmarks/memory.py
    python benchmarks/report.py benchmarks/out/bench.json benchmarks/out/memory.json

The runs, the report and its chart (``results.png``) go to ``benchmarks/out/``, which git
ignores: measuring changes no committed file. ``--publish`` writes the committed results
instead: ``benchmarks/RESULTS.md``, ``benchmarks/results.png``, and the memory run copied
to ``benchmarks/memory.json``; with ``--output benchmarks/RESULTS-3.13.md`` too, the
3.13 page (``results-3.13.png``, ``memory-3.13.json``).

Times are per operation: a benchmark's fastest round divided by the operations it ran
(``extra_info["operations"]``). The fastest, as timeit reports it, because on a shared
host a benchmark (a second) can run in a slow state: the median of one row moved by up
to half between runs of the same code. Repeated runs (``--also run2.json ...``) give each
row its fastest round over all of them, as timeit's best of several repeats does.
Ratios are to a hand-written ``__slots__`` class and to msgspec, measured in the same
run; the targets are the project's performance aims (TARGETS below).
"""

from __future__ import annotations

import argparse
import json
import shutil
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "out"  # git ignores it
SLOTS, MSGSPEC, NATIVE, PURE = ("__slots__ class", "msgspec", "slotrecord cython",
                                "slotrecord python")
NUMBERS = "slotrecord cython, native numbers"  # id an i64 and price an f64

# (group, contender, against, at most): the performance targets, then those for native
# fields (against the same record with object fields).
TARGETS = [
    ("construct by position", NATIVE, MSGSPEC, 0.75),
    ("construct by position", NATIVE, SLOTS, 0.35),
    ("construct by keyword", NATIVE, MSGSPEC, 1.0),
    ("construct by keyword", NATIVE, SLOTS, 0.25),
    ("attribute get", NATIVE, SLOTS, 1.05),
    ("attribute set", NATIVE, SLOTS, 1.05),
    ("== (equal records)", NATIVE, MSGSPEC, 1.0),
    ("hash (frozen)", NATIVE, MSGSPEC, 1.0),
    ("repr", NATIVE, MSGSPEC, 1.0),
    ("copy.copy", NATIVE, MSGSPEC, 1.0),
    ("pickle round trip", NATIVE, MSGSPEC, 1.0),
    ("asdict", NATIVE, MSGSPEC, 1.0),
    ("type creation", "slotrecord", "msgspec.defstruct", 1.0),
    ("type creation", "slotrecord", "make_dataclass", 0.05),
    ("construct by position", NUMBERS, NATIVE, 1.0),
    ("attribute get", NUMBERS, NATIVE, 2.0),
    ("attribute set", NUMBERS, NATIVE, 2.0),
]


def per_operation(runs: list[dict]) -> dict[str, dict[str, float]]:
    """{group: {contender: seconds per operation in its fastest round of all *runs*}}."""
    table: dict[str, dict[str, float]] = defaultdict(dict)
    for run in runs:
        for bench in run["benchmarks"]:
            operations = bench.get("extra_info", {}).get("operations", 1)
            seconds = bench["stats"]["min"] / operations
            row = table[bench["group"]]
            row[bench["param"]] = min(seconds, row.get(bench["param"], seconds))
    return table


def ratio(row: dict[str, float], name: str, against: str) -> float | None:
    if name in row and row.get(against):
        return row[name] / row[against]
    return None


def _fmt_ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}x"


def _fmt_time(seconds: float) -> str:
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    if seconds >= 1e-6:
        return f"{seconds * 1e6:.2f} µs"
    return f"{seconds * 1e9:.1f} ns"


def markdown(table, memory: dict, runs: list[dict], chart: str) -> str:
    info = runs[0].get("machine_info", {})
    cpu = info.get("cpu", {}).get("brand_raw") or memory.get("processor", "unknown")
    how_many = "one run" if len(runs) == 1 else f"{len(runs)} runs"
    together = (": every row of a table was measured in the same run" if len(runs) == 1
                else ", one after another, of the same commit on the same Python")
    over = "" if len(runs) == 1 else " over all runs"
    lines = [
        "# Benchmark results",
        "",
        f"CPython {info.get('python_version', memory.get('python'))}, {cpu}, "
        f"{runs[0].get('datetime', '')[:10]}; commit "
        f"{runs[0].get('commit_info', {}).get('id', 'unknown')[:10]}. Produced by "
        f"`benchmarks/report.py` from {how_many} of `pytest benchmarks/ --benchmark-only` "
        f"and one of `benchmarks/memory.py`{together}. A time per operation is a "
        f"benchmark's fastest round (of at least 1 ms){over}, as timeit reports the best "
        "of its repeats; a ratio below 1 is faster than the column's reference. Absolute "
        "times vary between runs on shared machines; the ratios hold.",
        "",
        f"![Time per operation relative to a __slots__ class]({chart})",
        "",
        "## Performance targets",
        "",
        "| operation | slotrecord | against | measured | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for group, name, against, limit in TARGETS:
        value = ratio(table.get(group, {}), name, against)
        met = "" if value is None else ("yes" if value <= limit else "**no**")
        lines.append(f"| {group} | {name} | {against} | {_fmt_ratio(value)} | "
                     f"≤ {limit:.2f}x | {met} |")
    lines += _pure_python_check(table)
    for group, row in table.items():
        lines += ["", f"## {group}", "", "| implementation | time | vs __slots__ class "
                  "| vs msgspec |", "|---|---|---|---|"]
        for name, seconds in sorted(row.items(), key=lambda item: item[1]):
            lines.append(f"| {name} | {_fmt_time(seconds)} | "
                         f"{_fmt_ratio(ratio(row, name, SLOTS))} | "
                         f"{_fmt_ratio(ratio(row, name, MSGSPEC))} |")
    lines += _memory_tables(memory)
    return "\n".join(lines) + "\n"


NOISE = 1.05  # run-to-run differences of a few per cent are noise on a shared machine


def _pure_python_check(table) -> list[str]:
    """The aim that the pure-Python twin be no slower than dataclass(slots=True)."""
    ratios = {group: ratio(row, PURE, "dataclass(slots=True)") for group, row in table.items()}
    slower = [f"{group} ({value:.2f}x)" for group, value in ratios.items()
              if value is not None and value > NOISE]
    worst = max((value for value in ratios.values() if value is not None), default=None)
    if worst is None:
        verdict = "not measured (no run has both)"
    else:
        verdict = ", ".join(slower) or f"none (the largest ratio is {worst:.2f}x)"
    return ["", f"Pure-Python implementation slower than `dataclass(slots=True)` by more "
            f"than {NOISE - 1:.0%} (the noise between runs): {verdict}."]


def _memory_tables(memory: dict) -> list[str]:
    rows = memory["results"]
    base = {row["name"]: row for row in rows}.get(SLOTS)
    lines = ["", f"## Memory and garbage collection ({memory['count']:,} records)", "",
             "Bytes per record by tracemalloc: a `Product(id, name, price)` alone (every "
             "record shares its values), with a unique int and float in each, and an "
             "`Agent(id, x, y, name)` with a unique id, x and y (native fields in the "
             "\"native numbers\" rows). The time of a full `gc.collect()` with the Products "
             "alive, best of three.", "",
             "| implementation | Product, shared values | Product, unique values "
             "| Agent, unique values | gc.collect | vs __slots__ class |",
             "|---|---|---|---|---|---|"]
    for row in sorted(rows, key=lambda row: row["unique_bytes"]):
        vs = f"{row['gc_seconds'] / base['gc_seconds']:.2f}x" if base else ""
        agent = f"{row['agent_bytes']:.0f}" if "agent_bytes" in row else ""
        lines.append(f"| {row['name']} | {row['shared_bytes']:.0f} | {row['unique_bytes']:.0f}"
                     f" | {agent} | {_fmt_time(row['gc_seconds'])} | {vs} |")
    return lines


def chart(table, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = [NATIVE, PURE, "dataclass(slots=True)", "namedtuple", "attrs", MSGSPEC]
    groups = [group for group, row in table.items() if SLOTS in row]
    fig, axis = plt.subplots(figsize=(12, 6))
    width = 0.8 / len(shown)
    for index, name in enumerate(shown):
        values = [ratio(table[group], name, SLOTS) or 0 for group in groups]
        positions = [i + index * width for i in range(len(groups))]
        axis.bar(positions, values, width, label=name)
    axis.axhline(1.0, color="black", linewidth=0.8)
    axis.set_xticks([i + 0.4 - width / 2 for i in range(len(groups))])
    axis.set_xticklabels(groups, rotation=35, ha="right", fontsize=8)
    axis.set_ylabel("time relative to a __slots__ class (lower is faster)")
    axis.set_yscale("log")
    axis.legend(fontsize=8)
    axis.set_title("slotrecord and its peers, time per operation")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=f"By default the report and its chart go to {_shown(OUT)}/, which git "
               "ignores; --publish writes the committed results in "
               f"{_shown(HERE)}/ instead.")
    parser.add_argument("bench_json", type=Path, help="a run of pytest benchmarks/ "
                        "--benchmark-only --benchmark-json=BENCH_JSON")
    parser.add_argument("memory_json", type=Path, help="a run of benchmarks/memory.py")
    parser.add_argument("--also", type=Path, nargs="+", default=[], metavar="BENCH_JSON",
                        help="more runs of the same benchmarks, Python and commit")
    parser.add_argument("--output", type=Path, metavar="RESULTS_MD",
                        help=f"the report; its chart goes beside it, named after it "
                             f"(default: {_shown(OUT / 'RESULTS.md')}, or "
                             f"{_shown(HERE / 'RESULTS.md')} with --publish)")
    parser.add_argument("--publish", action="store_true",
                        help=f"write the committed results: the report and chart in "
                             f"{_shown(HERE)}/ (RESULTS.md and results.png unless --output "
                             "names another) and the memory run copied beside them "
                             "(memory.json; memory-3.13.json beside RESULTS-3.13.md)")
    options = parser.parse_args(argv)
    output = options.output or (HERE if options.publish else OUT) / "RESULTS.md"
    runs = [json.loads(path.read_text()) for path in [options.bench_json, *options.also]]
    _check_same_code(runs)
    memory = json.loads(options.memory_json.read_text())
    table = per_operation(runs)
    output.parent.mkdir(parents=True, exist_ok=True)
    chart_path = output.with_name(output.stem.lower() + ".png")  # results.png
    chart(table, chart_path)
    output.write_text(markdown(table, memory, runs, chart_path.name))
    written = [output, chart_path]
    if options.publish:  # the memory run the report's memory table is from
        memory_path = output.with_name(output.stem.lower().replace("results", "memory", 1)
                                       + ".json")
        if memory_path.resolve() != options.memory_json.resolve():
            shutil.copyfile(options.memory_json, memory_path)
        written.append(memory_path)
    print("written", ", ".join(map(str, written)))


def _shown(path: Path) -> str:
    """*path* as the help shows it: relative to the working directory where it can be."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _check_same_code(runs: list[dict]) -> None:
    """Runs merge only when they measured the same commit on the same Python."""
    def identity(run: dict) -> tuple:
        return (run.get("machine_info", {}).get("python_version"),
                run.get("commit_info", {}).get("id"))

    different = {identity(run) for run in runs}
    if len(different) > 1:
        raise SystemExit(f"runs of different Pythons or commits cannot merge: {different}")


if __name__ == "__main__":
    main()
