"""Sessions: ``nox -s tests`` runs the suite on each Python from 3.10 to 3.14 with the
extension built for it (nox skips an interpreter it cannot find, unless told
``--error-on-missing-interpreters``, as it is by default where ``CI`` is set; ``nox -s
tests-3.12`` runs one); ``nox -s lint`` runs ruff and cython-lint."""

from pathlib import Path

import nox

nox.options.sessions = ["lint", "tests"]
PYTHONS = ["3.10", "3.11", "3.12", "3.13", "3.14"]


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    session.install(".[test,bench]")  # a real build, for this Python; peers for the benchmarks
    session.run("python", "-c",
                "import slotrecord; assert slotrecord.BACKEND == 'cython', slotrecord.BACKEND")
    session.run("python", "-m", "pytest", *session.posargs,
                env={"SLOTRECORD_REQUIRE_EXTENSION": "1"})


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    session.install("ruff", "cython-lint")
    session.run("ruff", "check", ".")
    session.run("cython-lint", "src/slotrecord/_record_c.pyx",
                *sorted(str(p) for p in Path("src/slotrecord").glob("_record_c_*.pxi")))
