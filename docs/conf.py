"""Sphinx configuration of slotrecord's documentation (``sphinx-build -W -n docs out``)."""

import sys
from pathlib import Path

import slotrecord

project = "slotrecord"
author = "slotrecord developers"
copyright = "2026, slotrecord developers"
release = version = slotrecord.__version__

extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.intersphinx"]
myst_heading_anchors = 3
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "figures.py"]
html_theme = "furo"
html_title = f"slotrecord {release}"

# Every reference must resolve (-n): the standard library's through its inventory, read
# from the Python documentation installed here where there is one (Debian's python3-doc),
# else fetched from docs.python.org.
_local = [path for path in (Path(f"/usr/share/doc/python3.{minor}/html/objects.inv")
                            for minor in range(sys.version_info.minor, 9, -1))
          if path.exists()]
intersphinx_mapping = {
    "python": ("https://docs.python.org/3", str(_local[0]) if _local else None),
}
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
nitpicky = True
# The library's own private helpers, named in signatures autodoc writes out.
nitpick_ignore_regex = [("py:class", r"slotrecord\._.*")]

