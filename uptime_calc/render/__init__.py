"""Renderers: a :class:`~uptime_calc.tabular.Document` to text in a named format.

Adding a format is one registration in :data:`FORMATS`. Heavy libraries (rich)
are imported inside the renderer that needs them.
"""

from __future__ import annotations

from collections.abc import Callable

from ..tabular import Document
from .serialize import render_csv, render_json, render_markdown

Renderer = Callable[[Document], str]


def _render_table(doc: Document) -> str:
    from .tables import render_text

    return render_text(doc)


FORMATS: dict[str, Renderer] = {
    "table": _render_table,
    "json": render_json,
    "csv": render_csv,
    "markdown": render_markdown,
}


def render(doc: Document, fmt: str) -> str:
    """Render a document in one of :data:`FORMATS` (plain text, no colour)."""
    return FORMATS[fmt](doc)
