"""Rich terminal tables with the accounting method in the footer."""

from __future__ import annotations

import io
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.table import Table as RichTable
from rich.text import Text

from ..tabular import Column, Document, Table
from .escape import terminal_text
from .serialize import method_lines
from .values import human

#: tables with more rows than this are drawn line by line (:class:`LineTable`): rich measures and
#: lays out every cell, about 1.5 ms a row here, which is over a minute for 36,000 rows
RICH_ROWS = 1000


def rich_table(table: Table) -> RenderableType:
    """One :class:`~uptime_calc.tabular.Table` as a rich table (a :class:`LineTable` when it is long)."""
    cols = [c for c in table.columns if c.key not in table.hidden]
    if len(table.rows) > RICH_ROWS:
        return LineTable(table.title, cols, table.rows)
    out = RichTable(title=Text(_cell(table.title)) if table.title else None)  # Text: never read as markup
    for col in cols:
        right = _right(col)
        out.add_column(
            Text(_cell(col.header)),
            justify="right" if right else "left",
            overflow="fold",
            min_width=len(col.header) if right else None,
        )
    for row in table.rows:
        out.add_row(*(Text(_cell(human(c, row))) for c in cols))
    return out


def _cell(text: str) -> str:
    """Input text as one terminal line: control characters (escape sequences) shown as symbols."""
    return terminal_text(text, one_line=True)


def _right(column: Column) -> bool:
    """Numbers and durations are right-aligned, text, times and yes/no left-aligned."""
    return column.kind not in ("text", "datetime", "bool")


class LineTable:
    """A long table drawn line by line as rich draws a table (box, padding, alignment, title).

    Every column is as wide as its widest cell and no cell is folded: a table wider than the
    terminal runs past its edge (printed with ``crop=False``) instead of wrapping its cells.
    Drawing 36,000 rows takes a fraction of a second.
    """

    def __init__(self, title: str, columns: list[Column], rows: list[dict[str, Any]]) -> None:
        self.title = _cell(title)
        self.headers = [_cell(c.header) for c in columns]
        self.right = [_right(c) for c in columns]
        self.cells = [[_cell(human(c, row)) for c in columns] for row in rows]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        edge = box.HEAVY_HEAD.substitute(options)
        widths = [cell_len(h) for h in self.headers]
        lengths = [[cell_len(v) for v in row] for row in self.cells]
        for row in lengths:
            widths = [max(w, n) for w, n in zip(widths, row, strict=True)]
        total = sum(widths) + 3 * len(widths) + 1

        def cells(texts: list[str], sizes: list[int]) -> list[str]:
            pads = [" " * (w - n) for w, n in zip(widths, sizes, strict=True)]
            return [p + t if r else t + p for t, p, r in zip(texts, pads, self.right, strict=True)]

        def rule(left: str, across: str, cross: str, right: str) -> str:
            return left + cross.join(across * (w + 2) for w in widths) + right

        if self.title:
            spare = max(total - cell_len(self.title), 0)
            yield Segment(" " * (spare // 2))
            yield Segment(self.title, console.get_style("table.title"))
            yield Segment(" " * (spare - spare // 2))
            yield Segment.line()
        yield Segment(rule(edge.top_left, edge.top, edge.top_divider, edge.top_right))
        yield Segment.line()
        header_style = console.get_style("table.header")
        yield Segment(edge.head_left + " ")
        for i, text in enumerate(cells(self.headers, [cell_len(h) for h in self.headers])):
            if i:
                yield Segment(f" {edge.head_vertical} ")
            yield Segment(text, header_style)
        yield Segment(" " + edge.head_right)
        yield Segment.line()
        yield Segment(rule(edge.head_row_left, edge.head_row_horizontal, edge.head_row_cross, edge.head_row_right))
        yield Segment.line()
        inner = f" {edge.mid_vertical} "
        for texts, sizes in zip(self.cells, lengths, strict=True):
            yield Segment(f"{edge.mid_left} {inner.join(cells(texts, sizes))} {edge.mid_right}")
            yield Segment.line()
        yield Segment(rule(edge.bottom_left, edge.bottom, edge.bottom_divider, edge.bottom_right))
        yield Segment.line()


def renderable(doc: Document) -> RenderableType:
    """The whole document: its tables, with the method as the last table's caption."""
    label = "Conventions" if doc.method_key == "conventions" else "Method"
    parts: list[RenderableType] = [rich_table(table) for table in doc.tables]
    lines = method_lines(doc)
    if lines:
        parts.append(Text(f"{label}:", style="bold"))
        parts.extend(Text(f"  {terminal_text(line)}", style="dim") for line in lines)
    for note in doc.notes:
        parts.append(Text(terminal_text(note)))
    return Group(*parts)


def render_text(doc: Document, width: int = 120) -> str:
    """The document as plain text (no colour), for files and tests."""
    buf = io.StringIO()
    Console(file=buf, width=width, color_system=None, force_terminal=False).print(renderable(doc), crop=False)
    return buf.getvalue()
