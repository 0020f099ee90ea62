"""The result of reading an incident log: :class:`IncidentLog`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from uptime_calc.tabular import Column, Document, Table

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd


@dataclass(frozen=True)
class IncidentLog:
    """Incident records in the canonical schema, with how they were read.

    Attributes
    ----------
    frame:
        One row per incident record (a vendor incident naming several components is one
        row per component, same ``id``). Columns, in this order:

        ``id`` (str; the 1-based source row when the file has no id),
        ``service`` (category; never empty: falls back to ``component``, then ``"all"``),
        ``component`` (category, ``""`` when unknown),
        ``start``, ``end`` (``datetime64[ns, UTC]``; ``end`` is NaT while open),
        ``impact`` (category of lower-cased labels, NaN when empty; float64 for a numeric
        column, NaN when empty),
        ``maintenance`` (bool), ``title``, ``region`` (str, ``""`` when unknown),
        ``detected_at``, ``acknowledged_at`` (``datetime64[ns, UTC]``, NaT when unknown),
        ``source_row`` (int64: 1-based data row / record index in the source),
        then every other source column as str.

        The ``category`` columns have ``str`` categories: the distinct values present,
        sorted, whatever the input format (so ``cat.codes`` group the rows without a
        factorize). Bad records (zero length, end before start, duplicates) are kept: the
        accounting reports them.
    source:
        The file name.
    preset:
        The vendor preset used (``"statuspage"``, ``"gcp"``...), or None.
    tz:
        The zone naive timestamps were read in.
    warnings:
        Things the reader noticed (DST decisions, pseudo-components...).
    method:
        How the file was read (format, preset, time zone, DST rule, column mapping).
    """

    frame: pd.DataFrame
    source: str
    preset: str | None = None
    tz: str = "UTC"
    warnings: tuple[str, ...] = field(default=())
    method: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.frame)

    def to_document(self) -> Document:
        """The records as one table (canonical columns, times as ISO strings)."""
        import pandas as pd

        columns = [
            Column("id", "ID"), Column("service", "Service"), Column("component", "Component"),
            Column("start", "Start", "datetime"), Column("end", "End", "datetime"),
            Column("impact", "Impact"), Column("maintenance", "Maintenance", "bool"),
            Column("title", "Title"), Column("region", "Region"),
            Column("detected_at", "Detected", "datetime"),
            Column("acknowledged_at", "Acknowledged", "datetime"),
            Column("source_row", "Row", "count"),
        ]
        rows: list[dict[str, Any]] = []
        for record in self.frame[[c.key for c in columns]].to_dict("records"):
            for key, value in record.items():
                if isinstance(value, pd.Timestamp):
                    record[key] = value.isoformat()
                elif value is pd.NaT or (isinstance(value, float) and value != value):
                    record[key] = None
            rows.append(record)
        return Document(
            tables=[Table("incidents", f"Incidents in {self.source}", columns, rows)],
            method=dict(self.method),
            summary={"source": self.source, "records": len(self.frame)},
            warnings=list(self.warnings),
            title=f"Incidents read from {self.source}",
        )
