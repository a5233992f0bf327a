"""Sphinx configuration for the pylxd documentation (Markdown sources through MyST).

The build is offline: no intersphinx, no link checks, no theme or extension that fetches
anything. ``sphinx-build -W --keep-going -b html docs build/docs`` must stay warning-free.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.abspath(".."))

project = "pylxd"
author = "the pylxd authors"
copyright = "the pylxd authors"  # noqa: A001 - Sphinx's name

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# Type hints go in the description, unqualified, so signatures stay readable.
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": False}
autodoc_class_signature = "separated"

html_theme = "alabaster"
html_static_path: list[str] = []
html_theme_options = {
    "description": "Python client for LXD and Incus",
    "fixed_sidebar": True,
}
pygments_style = "sphinx"

# Type hints such as ``type[EventListener]`` make a reference to the builtin ``type``, which
# Sphinx also finds as the ``type`` field of many models ("more than one target found"): that
# ambiguity is harmless (the builtin is meant), so only that category is silenced.
suppress_warnings = ["ref.python"]


def _describe_fields(app, what, name, obj, options, lines):  # noqa: ANN001
    """A model field (a ``pylxd._model.Attribute``) is documented by its type and whether
    ``save()`` sends it, instead of the descriptor class's own docstring."""
    from pylxd._model import Attribute

    if not isinstance(obj, Attribute):
        return
    args = getattr(getattr(obj, "__orig_class__", None), "__args__", ())
    shown = ""
    if args:
        arg = args[0]
        plain = isinstance(arg, type) and not getattr(arg, "__args__", None)
        shown = arg.__name__ if plain else repr(arg).replace("typing.", "")
    text = f"``{shown}``, " if shown else ""
    text += "writable (sent by ``save()``)" if obj.writable else "read-only"
    lines[:] = [f"Field of the server's payload: {text}."]


def setup(app):  # noqa: ANN001, ANN201
    app.connect("autodoc-process-docstring", _describe_fields)
