"""Build the optional native core, ``slotrecord._record_c``, and compile the front end
(``_spec`` and ``_native``, pure-Python modules) with it.

The extension is optional: with ``SLOTRECORD_NO_EXTENSIONS`` set (to anything but ``0``)
none is built (a ``py3-none-any`` wheel), and where compiling fails (no compiler) the
install goes on with the pure-Python implementation and says so.
``SLOTRECORD_DEBUG_BUILD=1`` compiles without optimisation and with assertions, for
debuggers, valgrind and sanitizers.
"""

import os
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


def _env_flag(name):
    return os.environ.get(name, "") not in ("", "0")


class OptionalBuildExt(build_ext):
    """build_ext that falls back to the pure-Python implementation on failure."""

    def run(self):
        try:
            super().run()
        except Exception as error:  # any failure means "no extension"
            self._skip(error)

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except Exception as error:
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
        print("slotrecord: SLOTRECORD_NO_EXTENSIONS is set; building the pure-Python "
              "implementation only", file=sys.stderr)
        return []
    from Cython.Build import cythonize

    debug = _env_flag("SLOTRECORD_DEBUG_BUILD")
    flags = ["-O0", "-g3", "-UNDEBUG"] if debug and os.name != "nt" else []
    directives = {"language_level": 3, "embedsignature": True}
    core = Extension("slotrecord._record_c", ["src/slotrecord/_record_c.pyx"],
                     extra_compile_args=flags)
    # The front end is plain Python, compiled from the same source: its annotations are
    # for type checkers, and must not become checks that Cython adds.
    front_end = [Extension(f"slotrecord.{name}", [f"src/slotrecord/{name}.py"],
                           extra_compile_args=flags) for name in ("_native", "_spec")]
    return (cythonize([core], compiler_directives=directives, quiet=True)
            + cythonize(front_end, compiler_directives={**directives,
                                                        "annotation_typing": False},
                        quiet=True))


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
