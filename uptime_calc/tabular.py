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


class Table:
    """A named table: rows as dicts keyed by :attr:`Column.key`, or a whole DataFrame (``frame``).

    A table of millions of rows (``incidents --period day`` over years and a thousand services)
    keeps its DataFrame: the machine formats stream it column by column
    (:mod:`uptime_calc.render.columnar`), and :attr:`rows` turns it into dicts only when a
    renderer asks for them (terminal tables, Markdown, reports).

    >>> import pandas as pd
    >>> t = Table("rows", "", [Column("x", "X")], frame=pd.DataFrame({"x": [1.5, None]}))
    >>> len(t), t.keys, t.rows
    (2, ['x'], [{'x': 1.5}, {'x': None}])
    """

    def __init__(
        self,
        name: str,
        title: str,
        columns: list[Column],
        rows: list[dict[str, Any]] | None = None,
        hidden: tuple[str, ...] = (),
        *,
        frame: Any = None,
    ) -> None:
        if rows is not None and frame is not None:
            raise ValueError("a table holds rows or a frame, not both")
        self.name = name
        self.title = title
        self.columns = columns
        #: keys that exist in rows (and machine formats) but are not shown to humans
        self.hidden = hidden
        #: the rows as a pandas DataFrame (its columns are the keys), when the table was made from one
        self.frame = frame
        self._rows = rows if rows is not None or frame is not None else []

    @property
    def rows(self) -> list[dict[str, Any]]:
        """The rows as dicts of Python values (made from :attr:`frame` on first use)."""
        if self._rows is None:
            self._rows = frame_records(self.frame)
        return self._rows

    @rows.setter
    def rows(self, value: list[dict[str, Any]]) -> None:
        self._rows, self.frame = value, None

    @property
    def keys(self) -> list[str]:
        """The keys of the rows in order of first appearance (a frame's columns)."""
        if self.frame is not None:
            return [str(c) for c in self.frame.columns]
        keys: dict[str, None] = {}
        for row in self.rows:
            keys.update(dict.fromkeys(row))
        return list(keys)

    def __len__(self) -> int:
        return len(self.frame) if self.frame is not None else len(self.rows)

    def __repr__(self) -> str:
        return f"Table(name={self.name!r}, title={self.title!r}, {len(self)} rows)"


def frame_records(df: Any) -> list[dict[str, Any]]:
    """A DataFrame's rows as dicts of Python values: times as ISO text, missing values (NaN, NaT) as None.

    Whole columns at a time: each distinct time is spelled once, and missing values become None
    in one pass.
    """
    import numpy as np
    import pandas as pd

    out = df.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype) or out[col].dtype.kind == "M":
            codes, bounds = pd.factorize(out[col])  # a few distinct bounds, repeated per group
            text = np.array([ts.isoformat() for ts in bounds] + [None], dtype=object)
            out[col] = text[codes]  # code -1 (missing) takes the None at the end
    records: list[dict[str, Any]] = out.astype(object).where(out.notna(), None).to_dict("records")
    return records


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

    def json_items(self) -> dict[str, Any]:
        """The keys of the JSON object in order, each table as its :class:`Table` (for streaming writers)."""
        out: dict[str, Any] = {self.method_key: self.method}
        out.update(self.summary)
        for table in self.tables:
            out[table.name] = table
        out["warnings"] = list(self.warnings)  # always there (empty: []), so that the keys are stable
        return out

    def to_json_object(self) -> dict[str, Any]:
        """The JSON object: ``method``/``conventions``, the summary, each table's rows, then ``warnings`` (a list)."""
        return {k: v.rows if isinstance(v, Table) else v for k, v in self.json_items().items()}
