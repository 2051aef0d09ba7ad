"""Build the optional native core, ``slotrecord._record_c``, and compile the front end
(``_spec`` and ``_native``, pure-Python modules) with it.

The extension is optional: with ``SLOTRECORD_NO_EXTENSIONS`` set (to anything but ``0``)
none is built (a ``py3-none-any`` wheel), and where compiling fails (no compiler) the
install goes on with the pure-Python implementation and says so. A build without the core
leaves its Cython sources (``_record_c.pyx``, ``_record_c_*.pxi``) out of the wheel; the
sdist keeps them. ``SLOTRECORD_DEBUG_BUILD=1`` compiles without optimisation and with
assertions, for debuggers, valgrind and sanitizers.

An editable install (``pip install -e .``) compiles the core only: the front end runs
from its source in ``src/slotrecord``, so that an edit to it shows at the next import.
It removes the compiled front-end modules an earlier build left there, which Python would
import in place of the source.
"""

import glob
import os
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

CORE = "slotrecord._record_c"
CORE_SOURCES = ("_record_c.pyx", "_record_c_*.pxi")  # patterns, in the package's folder
FRONT_END = ("_native", "_spec")
PACKAGE_FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "src", "slotrecord")


def _env_flag(name):
    return os.environ.get(name, "") not in ("", "0")


def _say(message):
    print(f"slotrecord: {message}", file=sys.stderr)


def _drop_core_sources(build_lib, why):
    """Remove the native core's Cython sources from a build that has no core."""
    folder = os.path.join(build_lib, "slotrecord")
    paths = sorted(path for pattern in CORE_SOURCES
                   for path in glob.glob(os.path.join(folder, pattern)))
    for path in paths:
        os.remove(path)
    if paths:
        _say(f"{why}: the wheel leaves out the native core's sources "
             f"({', '.join(os.path.basename(path) for path in paths)})")


def _remove_compiled_front_end():
    """Remove compiled front-end modules from the source folder, where an editable
    install imports the package from."""
    stale = sorted(path for name in FRONT_END for pattern in (".so", ".*.so", ".pyd", ".*.pyd")
                   for path in glob.glob(os.path.join(PACKAGE_FOLDER, name + pattern)))
    for path in stale:
        os.remove(path)
    if stale:
        _say("removed compiled front-end modules from an earlier build, which would hide "
             f"edits to their source: {', '.join(os.path.basename(path) for path in stale)}")


def _cythonize(extensions):
    from Cython.Build import cythonize

    directives = {"language_level": 3, "embedsignature": True}
    # The front end is plain Python, compiled from the same source: its annotations are
    # for type checkers, and must not become checks that Cython adds.
    front_end_directives = {**directives, "annotation_typing": False}
    return [cythonized for ext in extensions
            for cythonized in cythonize([ext], quiet=True, compiler_directives=(
                directives if ext.name == CORE else front_end_directives))]


class BuildPy(build_py):
    """build_py that leaves the native core's sources out of a build without the core."""

    def run(self):
        super().run()
        if not self.editable_mode and not self.distribution.has_ext_modules():
            _drop_core_sources(self.build_lib, "no C extension is built")


class OptionalBuildExt(build_ext):
    """build_ext that falls back to the pure-Python implementation on failure; compiles
    the core alone in an editable install; cythonizes only what it builds."""

    def finalize_options(self):
        extensions = self.distribution.ext_modules or []
        if self.editable_mode:  # pip install -e: the front end runs from its source
            _say("editable install: compiling the native core only; the front end "
                 f"({', '.join(f'{name}.py' for name in FRONT_END)}) runs from its source")
            extensions = [ext for ext in extensions if ext.name == CORE]
            _remove_compiled_front_end()
        self.distribution.ext_modules = _cythonize(extensions)
        super().finalize_options()

    def run(self):
        self._core_failed = False
        try:
            super().run()
        except Exception as error:  # any failure means "no extension"
            self._core_failed = True
            self._skip(error)
        if self._core_failed and not self.editable_mode:
            _drop_core_sources(self.build_lib, "the C extension did not build")

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except Exception as error:
            self._core_failed = self._core_failed or ext.name == CORE
            self._skip(error)

    @staticmethod
    def _skip(error):
        message = (
            f"slotrecord: building without the C extension ({type(error).__name__}: {error}); "
            "the pure-Python implementation will be used"
        )
        print("*" * 79, message, "*" * 79, sep="\n", file=sys.stderr)


def _extensions():
    if _env_flag("SLOTRECORD_NO_EXTENSIONS"):
        _say("SLOTRECORD_NO_EXTENSIONS is set; building the pure-Python implementation only")
        return []
    debug = _env_flag("SLOTRECORD_DEBUG_BUILD")
    flags = ["-O0", "-g3", "-UNDEBUG"] if debug and os.name != "nt" else []
    # Cythonized by OptionalBuildExt, which knows whether the front end is to be built.
    return [Extension(CORE, ["src/slotrecord/_record_c.pyx"], extra_compile_args=flags)] + [
        Extension(f"slotrecord.{name}", [f"src/slotrecord/{name}.py"],
                  extra_compile_args=flags) for name in FRONT_END]


setup(ext_modules=_extensions(),
      cmdclass={"build_ext": OptionalBuildExt, "build_py": BuildPy})
