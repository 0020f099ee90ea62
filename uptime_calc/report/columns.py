"""The report's view of result frames: which columns it shows, with human headers and kinds.

The accounting frame (one row per service x period) is documented by
:mod:`uptime_calc.accounting.measure`; the report shows whichever of these columns are
present, in this order, so it keeps working as the accounting grows.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ..tabular import Column, Table

if TYPE_CHECKING:
    import pandas as pd

#: the columns a report may show, in display order
CATALOGUE: tuple[Column, ...] = (
    Column("service", "Service", "text"),
    Column("period", "Period", "text"),
    Column("availability_percent", "Availability", "availability"),
    Column("availability_low_percent", "Low (CI)", "availability", unavailability_key="unavailability_high"),
    Column("availability_high_percent", "High (CI)", "availability", unavailability_key="unavailability_low"),
    Column("nines", "Nines", "nines"),
    Column("downtime_seconds", "Downtime", "duration"),
    Column("incidents", "Outages", "count"),
    Column("mttr_seconds", "MTTR", "duration"),
    Column("longest_outage_seconds", "Longest", "duration"),
    Column("slo_met", "SLO met", "bool"),
    Column("budget_remaining_seconds", "Budget left", "duration"),
    Column("budget_remaining_percent", "Budget left %", "percent"),
    Column("credit_percent", "SLA credit", "percent"),
    Column("credits_owed", "SLA credits owed", "text"),
)

#: keys kept in rows (so availability shows exactly) but not shown
HIDDEN: tuple[str, ...] = ("unavailability", "unavailability_low", "unavailability_high")


def _plain(value: Any) -> Any:
    """A frame cell as a plain Python value (timestamps as ISO dates, NaN/NaT as None)."""
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        try:
            if value != value:  # NaT
                return None
        except TypeError:
            pass
        text = value.isoformat()
        return text[:10] if text[10:19] in ("T00:00:00", "") else text[:16].replace("T", " ")
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def frame_table(frame: pd.DataFrame, name: str, title: str, *, drop: tuple[str, ...] = ()) -> Table:
    """A :class:`~uptime_calc.tabular.Table` of the catalogue columns present in ``frame``.

    ``unavailability`` (and its interval bounds) stay in each row, hidden, so availability
    shows exactly.
    """
    columns = [c for c in CATALOGUE if c.key in frame.columns and c.key not in drop]
    hidden = tuple(k for k in HIDDEN if k in frame.columns)
    keys = [c.key for c in columns] + list(hidden)
    rows = [{k: _plain(v) for k, v in zip(keys, values, strict=True)} for values in frame[keys].itertuples(
        index=False, name=None
    )]
    return Table(name=name, title=title, columns=columns, rows=rows, hidden=hidden)


def pivot_table(periods: pd.DataFrame, name: str = "by_period", title: str = "Availability by period") -> Table:
    """Services down, periods across, availability in the cells (exact, from ``unavailability``).

    ``periods`` needs ``service``, ``period`` (label such as ``2024-01``) and ``unavailability``.
    Each row holds ``<period>`` (availability percent) and ``<period>_unavailability`` (hidden).
    """
    labels = [str(p) for p in dict.fromkeys(periods.sort_values("period_start")["period"])]
    columns = [Column("service", "Service", "text")] + [
        Column(label, label, "availability", unavailability_key=f"{label}_unavailability") for label in labels
    ]
    rows: dict[str, dict[str, Any]] = {}
    for service, label, u in periods[["service", "period", "unavailability"]].itertuples(index=False, name=None):
        row = rows.setdefault(str(service), {"service": str(service)})
        row[str(label)] = 100.0 - 100.0 * float(u)
        row[f"{label}_unavailability"] = float(u)
    hidden = tuple(f"{label}_unavailability" for label in labels)
    return Table(name=name, title=title, columns=columns, rows=[rows[k] for k in sorted(rows)], hidden=hidden)
