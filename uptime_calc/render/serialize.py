"""Machine and text formats: JSON, CSV and Markdown, with full precision where it matters."""

from __future__ import annotations

import csv
import html
import io
import json
import math
from typing import Any

from ..tabular import Document, Table
from .values import human


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


def render_json(doc: Document) -> str:
    """The document as one JSON object (full precision, units in the keys; NaN and infinity as null).

    Written by orjson (a 37,000-row result in a fraction of a second; the standard library's
    indenting encoder is pure Python and took seconds); the standard library only for what
    orjson refuses (integers beyond 64 bits).
    """
    import orjson

    try:
        options = orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS
        return orjson.dumps(doc.to_json_object(), default=_jsonable, option=options).decode() + "\n"
    except orjson.JSONEncodeError:
        return json.dumps(_jsonable(doc.to_json_object()), indent=2, ensure_ascii=False) + "\n"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """Defuse text a spreadsheet would run as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _table_csv(table: Table) -> str:
    keys: list[str] = []
    for row in table.rows:
        for key in row:
            if key not in keys:
                keys.append(key)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=keys, lineterminator="\n")
    writer.writeheader()
    for row in table.rows:
        writer.writerow({k: _csv_cell(row.get(k)) for k in keys})
    return buf.getvalue()


def _csv_cell(value: Any) -> Any:
    """A cell: text defused (:func:`csv_safe`); numbers written in full, a negative one as it is."""
    return csv_safe(value) if isinstance(value, str) else _csv_value(value)


def _csv_value(value: Any) -> Any:
    value = _jsonable(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value)
    return value


def render_csv(doc: Document) -> str:
    """The first (primary) table as CSV with machine keys and full precision."""
    return _table_csv(doc.tables[0]) if doc.tables else ""


def md_text(text: str) -> str:
    """Text safe inside Markdown (and a table cell): HTML-escaped, pipes and newlines neutralised.

    Incident titles are user input: escaping keeps ``<script>`` as text in any Markdown viewer.

    >>> md_text('<img src=x onerror="alert(1)"> | a')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt; \\\\| a'
    """
    return html.escape(str(text)).replace("|", "\\|").replace("\n", " ").replace("\r", " ")


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
    """All tables as Markdown, then the method and any notes."""
    parts = [f"# {doc.title}\n"] if doc.title else []
    for table in doc.tables:
        if table.title:
            parts.append(f"## {table.title}\n")
        parts.append(markdown_table(table))
    heading = "Conventions" if doc.method_key == "conventions" else "Method"
    if doc.method:
        parts.append(f"**{heading}**\n\n" + "\n".join(f"- {line}" for line in method_lines(doc)) + "\n")
    if doc.notes:
        parts.append("\n".join(f"> {n}" for n in doc.notes) + "\n")
    return "\n".join(parts)
