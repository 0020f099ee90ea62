"""Machine and text formats: JSON, CSV, Parquet and Markdown, with full precision where it matters.

Each format is a *writer* that streams a document to a binary file: a table made from a
DataFrame (millions of rows) is written a block of rows at a time, column by column
(:mod:`.columnar`), never as a dict per row. :func:`render_json`, :func:`render_csv` and
:func:`render_markdown` return the same text as a string.
"""

from __future__ import annotations

import io
import json
import math
from typing import IO, Any

from ..tabular import Document, Table
from .escape import csv_safe, md_line, md_text
from .values import human

__all__ = [
    "csv_safe", "markdown_table", "md_text", "method_lines", "method_pairs", "render_csv", "render_json",
    "render_markdown", "write_csv", "write_json", "write_markdown", "write_parquet",
]


def _jsonable(value: Any) -> Any:
    if isinstance(value, float) and (math.isinf(value) or math.isnan(value)):
        return None  # JSON has no infinity; a perfect system's nines is null
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return _jsonable(value.item())
    return value


def _dumps(value: Any) -> bytes:
    """One value as indented JSON: orjson, or the standard library for what orjson refuses (ints over 64 bits).

    orjson writes a 37,000-row result in a fraction of a second; the standard library's indenting
    encoder is pure Python and took seconds.
    """
    import orjson

    try:
        options = orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS
        return orjson.dumps(value, default=_jsonable, option=options)
    except orjson.JSONEncodeError:
        return json.dumps(_jsonable(value), indent=2, ensure_ascii=False).encode()


def _json_cell(value: Any) -> str:
    """One cell of a DataFrame table as compact JSON (its value as :func:`_dumps` would write it)."""
    import orjson

    value = _jsonable(value)
    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError:
        return json.dumps(value, ensure_ascii=False)


def _json_row_cell(value: Any) -> str:
    """A cell as it appears inside an indented row: a list or mapping laid out over lines like the rest."""
    if isinstance(value, (list, tuple, dict)) and value:
        return _dumps(value).replace(b"\n", b"\n      ").decode()
    return _json_cell(value)


def write_json(doc: Document, out: IO[bytes]) -> None:
    """The document as one JSON object (full precision, units in the keys; NaN and infinity as null).

    The keys: ``method``/``conventions``, the summary, each table's rows, then ``warnings``. A
    DataFrame table is streamed row block by row block, laid out as the rest (two-space indent).
    """
    items = list(doc.json_items().items())
    out.write(b"{\n")
    for i, (key, value) in enumerate(items):
        out.write(b"  " + _dumps(key) + b": ")
        if isinstance(value, Table) and value.frame is not None:
            _json_frame_rows(value, out)
        else:
            out.write(_dumps(value.rows if isinstance(value, Table) else value).replace(b"\n", b"\n  "))
        out.write(b",\n" if i < len(items) - 1 else b"\n")
    out.write(b"}\n")


def _json_frame_rows(table: Table, out: IO[bytes]) -> None:
    from .columnar import joined_blocks

    if len(table) == 0:
        out.write(b"[]")
        return
    keys = [_json_cell(str(k)) for k in table.keys]
    parts = [",\n    {\n      " + keys[0] + ": "]
    parts += [",\n      " + key + ": " for key in keys[1:]]
    parts.append("\n    }")
    out.write(b"[")
    first = True
    for block in joined_blocks(table.frame, parts, _json_row_cell, "null", ("true", "false")):
        out.write(block[1:] if first else block)  # the first row has no comma before it
        first = False
    out.write(b"\n  ]")


def render_json(doc: Document) -> str:
    """The document as JSON text (see :func:`write_json`)."""
    buf = io.BytesIO()
    write_json(doc, buf)
    return buf.getvalue().decode("utf-8")


def write_csv(doc: Document, out: IO[bytes]) -> None:
    """The first (primary) table as CSV with machine keys and full precision; text defused (:func:`csv_safe`).

    Cells are quoted when they hold a comma, a quote or a line break (CR included); an empty text
    is ``""`` and a missing value empty.
    """
    if not doc.tables:
        return
    table = doc.tables[0]
    keys = table.keys
    out.write((",".join(_csv_quote(csv_safe(str(k))) for k in keys) + "\n").encode("utf-8"))
    if not keys:
        return
    if table.frame is not None:
        from .columnar import joined_blocks

        parts = ["", *([","] * (len(keys) - 1)), "\n"]
        for block in joined_blocks(table.frame, parts, _csv_text_cell, "", ("True", "False")):
            out.write(block)
        return
    lines = [",".join(_csv_text_cell(row.get(k)) for k in keys) + "\n" for row in table.rows]
    out.write("".join(lines).encode("utf-8"))


def _csv_quote(text: str) -> str:
    """RFC 4180 quoting, also for a lone CR (the csv module of Python 3.11 leaves it bare and splits the row)."""
    if text == "" or any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_text_cell(value: Any) -> str:
    """One value as the text of a CSV cell: quoted when it needs to be, empty when missing."""
    value = _csv_cell(value)
    if value is None:
        return ""
    return _csv_quote(value) if isinstance(value, str) else str(value)


def _csv_cell(value: Any) -> Any:
    """A cell: text defused (:func:`csv_safe`); numbers written in full, a negative one as it is."""
    return csv_safe(value) if isinstance(value, str) else _csv_value(value)


def _csv_value(value: Any) -> Any:
    value = _jsonable(value)
    if isinstance(value, float):
        return _json_cell(value)  # the shortest text that reads back to the same double, as in JSON
    if isinstance(value, (list, dict)):
        return csv_safe(json.dumps(value))
    if isinstance(value, str):  # a time
        return csv_safe(value)
    return value


def render_csv(doc: Document) -> str:
    """The first (primary) table as CSV text (see :func:`write_csv`)."""
    buf = io.BytesIO()
    write_csv(doc, buf)
    return buf.getvalue().decode("utf-8")


def write_parquet(doc: Document, out: IO[bytes]) -> None:
    """The first (primary) table as Parquet: typed columns (times as timestamps), the JSON keys as names."""
    from .parquet import write_table

    if not doc.tables:
        raise ValueError("this result has no table to write as Parquet")
    write_table(doc.tables[0], out)


def markdown_table(table: Table) -> str:
    """One table as GitHub-flavoured Markdown, human-formatted, every cell escaped."""
    cols = [c for c in table.columns if c.key not in table.hidden]
    lines = [
        "| " + " | ".join(md_text(c.header) for c in cols) + " |",
        "| " + " | ".join("---" if c.kind in ("text", "datetime", "bool") else "---:" for c in cols) + " |",
    ]
    for row in table.rows:
        lines.append("| " + " | ".join(md_text(human(c, row)) for c in cols) + " |")
    return "\n".join(lines) + "\n"


def method_pairs(method: dict[str, Any]) -> list[tuple[str, str]]:
    """The method/conventions as ``(label, text)`` pairs, for footers, Markdown and reports."""
    return [(str(k).replace("_", " "), _flat(v)) for k, v in method.items()]


def method_lines(doc: Document) -> list[str]:
    """The method/conventions as ``label: text`` lines (for footers)."""
    return [f"{label}: {text}" for label, text in method_pairs(doc.method)]


def _flat(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} = {_flat(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_flat(v) for v in value) or "none"
    return str(value)


def render_markdown(doc: Document) -> str:
    """All tables as Markdown, then the method and any notes; every piece of text escaped (:func:`md_text`)."""
    parts = [f"# {md_text(doc.title)}\n"] if doc.title else []
    for table in doc.tables:
        if table.title:
            parts.append(f"## {md_text(table.title)}\n")
        parts.append(markdown_table(table))
    heading = "Conventions" if doc.method_key == "conventions" else "Method"
    if doc.method:
        parts.append(f"**{heading}**\n\n" + "\n".join(f"- {md_text(line)}" for line in method_lines(doc)) + "\n")
    if doc.notes:
        parts.append("\n".join(f"> {md_line(n)}" for n in doc.notes) + "\n")
    return "\n".join(parts)


def write_markdown(doc: Document, out: IO[bytes]) -> None:
    """:func:`render_markdown` written as UTF-8."""
    out.write(render_markdown(doc).encode("utf-8"))
