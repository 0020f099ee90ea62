"""Rich terminal tables with the accounting method in the footer."""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from ..tabular import Document, Table
from .serialize import method_lines
from .values import human


def rich_table(table: Table) -> RichTable:
    """One :class:`~uptime_calc.tabular.Table` as a rich table."""
    out = RichTable(title=table.title or None)
    cols = [c for c in table.columns if c.key not in table.hidden]
    for col in cols:
        right = col.kind not in ("text", "datetime", "bool")
        out.add_column(
            col.header,
            justify="right" if right else "left",
            overflow="fold",
            min_width=len(col.header) if right else None,
        )
    for row in table.rows:
        out.add_row(*(Text(human(c, row)) for c in cols))
    return out


def renderable(doc: Document) -> RenderableType:
    """The whole document: its tables, with the method as the last table's caption."""
    label = "Conventions" if doc.method_key == "conventions" else "Method"
    parts: list[RenderableType] = [rich_table(table) for table in doc.tables]
    lines = method_lines(doc)
    if lines:
        parts.append(Text(f"{label}:", style="bold"))
        parts.extend(Text(f"  {line}", style="dim") for line in lines)
    for note in doc.notes:
        parts.append(Text(note))
    return Group(*parts)


def render_text(doc: Document, width: int = 120) -> str:
    """The document as plain text (no colour), for files and tests."""
    buf = io.StringIO()
    Console(file=buf, width=width, color_system=None, force_terminal=False).print(renderable(doc))
    return buf.getvalue()
