"""Renderers: a :class:`~uptime_calc.tabular.Document` written in a named format.

Adding a format is one registration in :data:`FORMATS`: a writer that streams the document to a
binary file. Heavy libraries (rich, pyarrow) are imported inside the writer that needs them.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import IO

from ..tabular import Document
from .serialize import write_csv, write_json, write_markdown, write_parquet

Writer = Callable[[Document, IO[bytes]], None]


def _write_table(doc: Document, out: IO[bytes]) -> None:
    from .tables import render_text

    out.write(render_text(doc).encode("utf-8"))


FORMATS: dict[str, Writer] = {
    "table": _write_table,
    "json": write_json,
    "csv": write_csv,
    "markdown": write_markdown,
    "parquet": write_parquet,
}

#: formats that are not text (never printed to a terminal)
BINARY_FORMATS = frozenset({"parquet"})


def write(doc: Document, fmt: str, out: IO[bytes]) -> None:
    """Write ``doc`` in one of :data:`FORMATS` to the binary file ``out`` (plain text, no colour)."""
    FORMATS[fmt](doc, out)


def render(doc: Document, fmt: str) -> str:
    """``doc`` as text in one of the text formats of :data:`FORMATS`."""
    if fmt in BINARY_FORMATS:
        raise ValueError(f"{fmt} is a binary format: use write() with a file")
    buf = io.BytesIO()
    write(doc, fmt, buf)
    return buf.getvalue().decode("utf-8")
