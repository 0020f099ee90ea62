"""The simulated horizon as calendar months, and downtime bucketed per month and per year.

>>> h = Horizon(years=1, months="30d")
>>> h.n_months, h.seconds / 86400
(12, 360.0)
>>> import numpy as np
>>> from uptime_calc.simulate.intervals import Intervals
>>> iv = Intervals.from_lists(1, h.seconds, [[(30 * 86400 - 60.0, 30 * 86400 + 30.0)]])
>>> month_downtime(iv, h)[0, :3].tolist()
[60.0, 30.0, 0.0]
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from typing import Literal

import numpy as np

from ..errors import InputError
from .intervals import Intervals

MonthKind = Literal["calendar", "year/12", "30d"]
DAY = 86400.0


@dataclass(frozen=True)
class Horizon:
    """How long each replication runs and how it splits into months.

    Parameters
    ----------
    years:
        Whole years simulated per replication (each made of 12 months).
    months:
        ``calendar``: the real months of the years starting at ``start_year``
        (28 to 31 days, leap years included); ``year/12``: twelve equal months of
        ``year_days / 12``; ``30d``: months of exactly 30 days (a 360-day year).
    start_year:
        First calendar year (only for ``calendar``).
    year_days:
        Year length for ``year/12``.
    """

    years: int = 1
    months: MonthKind = "calendar"
    start_year: int = 2025
    year_days: float = 365.25

    def __post_init__(self) -> None:
        if self.years < 1:
            raise InputError(f"the horizon must be at least one year, got {self.years!r}")
        if self.months not in ("calendar", "year/12", "30d"):
            raise InputError(f"month convention must be calendar, year/12 or 30d, got {self.months!r}")

    @property
    def n_months(self) -> int:
        """Number of months in one replication."""
        return 12 * self.years

    @property
    def month_lengths(self) -> np.ndarray:
        """Length of each month in seconds."""
        if self.months == "30d":
            return np.full(self.n_months, 30 * DAY)
        if self.months == "year/12":
            return np.full(self.n_months, self.year_days * DAY / 12)
        days = [
            calendar.monthrange(self.start_year + i // 12, i % 12 + 1)[1] for i in range(self.n_months)
        ]
        return np.asarray(days, dtype=float) * DAY

    @property
    def edges(self) -> np.ndarray:
        """Month boundaries in seconds from the start, shape ``(n_months + 1,)``."""
        return np.concatenate([[0.0], np.cumsum(self.month_lengths)])

    @property
    def seconds(self) -> float:
        """The horizon length in seconds."""
        return float(self.edges[-1])

    @property
    def month_labels(self) -> list[str]:
        """``2025-01``-style labels (``M01`` ... for the non-calendar conventions)."""
        if self.months == "calendar":
            return [f"{self.start_year + i // 12}-{i % 12 + 1:02d}" for i in range(self.n_months)]
        return [f"Y{i // 12 + 1}-M{i % 12 + 1:02d}" for i in range(self.n_months)]

    def describe(self) -> str:
        """The month convention in words."""
        if self.months == "calendar":
            last = self.start_year + self.years - 1
            span = str(self.start_year) if last == self.start_year else f"{self.start_year}-{last}"
            return f"calendar months of {span}"
        if self.months == "30d":
            return "30-day months (360-day years)"
        return f"year/12 = {self.year_days / 12:g}-day months"


def month_downtime(iv: Intervals, horizon: Horizon) -> np.ndarray:
    """Down seconds per replication and month, shape ``(n_reps, n_months)``.

    An outage that spans a month boundary is split between the months.
    """
    edges = horizon.edges
    n_m = horizon.n_months
    if horizon.months == "calendar":
        m0 = np.searchsorted(edges, iv.start, side="right") - 1
        m1 = np.searchsorted(edges, iv.end, side="left") - 1
    else:  # equal months: a division finds the month
        length = edges[1]
        m0 = (iv.start // length).astype(np.int64)
        m1 = (np.ceil(iv.end / length) - 1).astype(np.int64)
    m0 = np.clip(m0, 0, n_m - 1)
    m1 = np.clip(m1, m0, n_m - 1)
    key = iv.rep * n_m + m0
    length = iv.end - iv.start
    spans = m1 > m0
    if not spans.any():
        flat = np.bincount(key, weights=length, minlength=iv.n_reps * n_m).astype(float)
    else:  # the few outages over a month end are split between the months they cover
        inside = ~spans
        # (bincount of nothing is int64 zeros: make it float)
        flat = np.bincount(key[inside], weights=length[inside], minlength=iv.n_reps * n_m).astype(float)
        span = np.flatnonzero(spans)
        pieces = m1[span] - m0[span] + 1
        idx = np.repeat(span, pieces)
        first = np.repeat(np.cumsum(pieces) - pieces, pieces)
        month = m0[idx] + (np.arange(idx.size) - first)
        part = np.minimum(iv.end[idx], edges[month + 1]) - np.maximum(iv.start[idx], edges[month])
        flat += np.bincount(iv.rep[idx] * n_m + month, weights=part, minlength=flat.size)
    return flat.reshape(iv.n_reps, n_m)
