"""The one tabular view every result offers, from which all formats are rendered.

A library result implements ``to_document()`` returning a :class:`Document`:
named tables of plain rows (machine values with units in the keys) plus the
``method`` (or ``conventions``) that produced them. :mod:`uptime_calc.render`
turns a document into a rich table, JSON, CSV or Markdown; the core never
imports a renderer.

Column kinds tell human renderers how to show a machine value:

``text``, ``count``, ``number``, ``bool``
    as is (numbers to a few significant digits);
``availability``
    a percentage computed from the row's ``unavailability_key`` (so that
    99.9999999999% is never rounded to 100%);
``unavailability``
    scientific notation;
``nines``
    two decimals, ``∞`` for a perfect value;
``duration``
    seconds shown as ``8h 45m 57.6s``;
``percent``
    a plain percentage (budget used, credit);
``datetime``
    an ISO timestamp string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ColumnKind = Literal[
    "text", "count", "number", "bool", "availability", "unavailability", "nines",
    "duration", "percent", "datetime",
]


@dataclass(frozen=True)
class Column:
    """One column: the machine ``key`` in rows and JSON, a human ``header`` and a ``kind``."""

    key: str
    header: str
    kind: ColumnKind = "text"
    #: for ``availability`` columns: the row key that holds U (exact display)
    unavailability_key: str = "unavailability"


@dataclass
class Table:
    """A named table of rows (dicts keyed by :attr:`Column.key`)."""

    name: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    #: keys that exist in rows (and machine formats) but are not shown to humans
    hidden: tuple[str, ...] = ()


@dataclass
class Document:
    """A rendered-agnostic result: tables, the accounting method, notes and warnings."""

    tables: list[Table]
    method: dict[str, Any] = field(default_factory=dict)
    #: the JSON key for ``method``: ``"method"`` or ``"conventions"`` (SPEC section 4)
    method_key: str = "method"
    #: top-level JSON values besides the tables (headline numbers)
    summary: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    title: str = ""

    def to_json_object(self) -> dict[str, Any]:
        """The JSON object: ``method``/``conventions``, the summary, each table's rows, then ``warnings`` (a list)."""
        out: dict[str, Any] = {self.method_key: self.method}
        out.update(self.summary)
        for table in self.tables:
            out[table.name] = table.rows
        out["warnings"] = list(self.warnings)  # always there (empty: []), so that the keys are stable
        return out
