"""Run as benchmarks with ``pytest benchmarks/ --benchmark-only``. In a plain ``pytest`` run
each benchmark runs once, untimed, so that the test suite keeps the benchmark code working."""

from pathlib import Path

import pytest

# pytest-benchmark's default minimum round, 5 us, lets its calibration settle on one
# iteration per round whenever the first (cold) call takes that long. Such a row then
# carries a timer read and a call per round that its neighbours share among 20
# iterations: up to 17% on an attribute access.
DEFAULT_MIN_TIME = 0.000005
MIN_TIME = 0.001


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    if not (config.getoption("benchmark_only", False)
            or config.getoption("benchmark_enable", False)):
        config.option.benchmark_disable = True
    if float(config.getoption("benchmark_min_time", MIN_TIME)) == DEFAULT_MIN_TIME:
        config.option.benchmark_min_time = MIN_TIME
    # pytest-benchmark writes --benchmark-json=benchmarks/out/bench.json (the folder,
    # ignored by git, where the benchmarks' outputs go) without making its folder.
    json_path = config.getoption("benchmark_json", None)
    if json_path:
        Path(json_path).parent.mkdir(parents=True, exist_ok=True)
