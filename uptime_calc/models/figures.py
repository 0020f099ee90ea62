"""The headline figures every model table shows for an unavailability and a failure frequency.

>>> year = 31_557_600.0  # 365.25 days
>>> row = headline_figures(1e-3, 2 / year, year)
>>> [round(row[k], 9) for k in ("availability_percent", "nines", "downtime_per_year_seconds", "failures_per_year")]
[99.9, 3.0, 31557.6, 2.0]
"""

from __future__ import annotations

from typing import Any

from ..availability import nines_of


def headline_figures(u: float, f: float | None, year: float, month: float | None = None) -> dict[str, Any]:
    """Availability, nines, downtime per year (and month) and failures per year as row keys.

    Shared by the system, block and comparison rows; ``u`` is the unavailability,
    ``f`` the failure frequency per second (``None`` for a static model).
    """
    row: dict[str, Any] = {
        "availability_percent": 100.0 - 100.0 * u,
        "unavailability": u,
        "nines": nines_of(u),
        "downtime_per_year_seconds": u * year,
    }
    if month is not None:
        row["downtime_per_month_seconds"] = u * month
    row["failures_per_year"] = None if f is None else f * year
    return row
