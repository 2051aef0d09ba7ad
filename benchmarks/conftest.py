"""Run as benchmarks with ``pytest benchmarks/ --benchmark-only``. In a plain ``pytest`` run
each benchmark runs once, untimed, so that the test suite keeps the benchmark code working."""

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    if not (config.getoption("benchmark_only", False)
            or config.getoption("benchmark_enable", False)):
        config.option.benchmark_disable = True
