"""Budget forecast: at the burn rate of the last days, when does the error budget run out?

For the current calendar period (the one holding the end of the data, ``now``): the budget is
``(1 - SLO) x valid`` over the whole period, where the valid part still to come is the
look-back's rate times the time left (for time-based sources the period's length itself); the
budget left is that minus the bad so far, and at the look-back's bad rate it runs out
``left / rate`` after ``now``.

For a rolling window ``W`` the window ending ``tau`` after ``now`` holds the last ``W - tau`` of the
data plus ``tau`` at the look-back's rates; the budget runs out at the first ``tau`` where that
window's bad reaches ``(1 - SLO) x`` its valid (found on the step grid, linear within a step).

>>> import numpy as np
>>> from uptime_calc.accounting.sli import SliSeries
>>> from uptime_calc.availability import Availability
>>> day = 86400
>>> bad = np.zeros((1, 30)); bad[0, -2:] = 432.0          # the last 2 of 30 days burn 0.5% each
>>> s = SliSeries("time", 0, day * 10**9, bad, np.full((1, 30), float(day)))
>>> f = forecast(s, Availability.from_percent("99.9"), lookback_seconds=2 * day, window_seconds=30 * day)
>>> row = f.table.iloc[0]
>>> float(row["burn_rate"]), round(float(row["exhausted_in_seconds"]) / day, 6)
(5.0, 4.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..availability import Availability
from ..errors import InputError
from ..tabular import Column, ColumnKind, Table
from .periods import ns_to_iso, period_boundaries
from .sli import NS, SliSeries

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd


@dataclass(frozen=True)
class Forecast:
    """When each group's budget runs out at its recent burn rate.

    Attributes
    ----------
    table:
        One row per group: the group keys, ``now``, ``budget_start``, ``budget_end`` (the period,
        or the window ending at ``now``), ``lookback_seconds``, ``burn_rate`` (over the look-back),
        ``budget_<unit>`` (of the whole period or window), ``budget_used_<unit>`` (so far),
        ``budget_remaining_<unit>``, ``budget_remaining_percent``, ``exhausted`` (already, at
        ``now``), ``exhausted_at`` (None if it lasts), ``exhausted_in_seconds``, and
        ``exhausted_before_end`` (before the period ends; always false for a rolling window, whose
        forecast is open-ended).
    """

    table: pd.DataFrame
    keys: tuple[str, ...]
    unit: str
    method: dict[str, Any]

    def exhausted_before(self, when_ns: int) -> list[str]:
        """Lines naming each group whose budget runs out before ``when_ns``."""
        import pandas as pd

        out = []
        for _, row in self.table.iterrows():
            at = row["exhausted_at"]
            if at is not None and pd.Timestamp(at).value < when_ns:
                who = ", ".join(str(row[k]) for k in self.keys)
                out.append(f"{who + ': ' if who else ''}budget runs out at {at}")
        return out

    def tables(self) -> list[Table]:
        """The ``forecast`` table (JSON key)."""
        from .rolling import _records

        kind: ColumnKind = "duration" if self.unit == "seconds" else "number"
        cols = [*(Column(k, k.replace("_", " ").capitalize()) for k in self.keys),
                Column("budget_end", "Budget period ends", "datetime"),
                Column("burn_rate", "Recent burn", "number"),
                Column(f"budget_remaining_{self.unit}", "Budget left", kind),
                Column("budget_remaining_percent", "Left %", "percent"),
                Column("exhausted_at", "Runs out", "datetime"),
                Column("exhausted_in_seconds", "In", "duration")]
        return [Table("forecast", "Error budget forecast", cols, _records(self.table))]


def forecast(
    series: SliSeries,
    slo: Availability,
    *,
    lookback_seconds: float = 7 * 86400.0,
    period: str = "month",
    window_seconds: float | None = None,
    now: int | None = None,
) -> Forecast:
    """Forecast when the budget runs out, per group of ``series``.

    Parameters
    ----------
    lookback_seconds:
        The burn rate is that of the last ``lookback_seconds`` before ``now``.
    period:
        The calendar period (in the series' zone) whose budget is forecast, unless ``window_seconds``.
    window_seconds:
        Forecast the rolling window of this length instead.
    now:
        The instant of the forecast (int64 ns); default the end of the series.
    """
    import numpy as np
    import pandas as pd

    now_ns = int(series.end_ns if now is None else now)
    if not series.start_ns < now_ns <= series.end_ns:
        raise InputError("the forecast instant must fall within the data")
    if not lookback_seconds > 0:
        raise InputError("the look-back must be longer than zero, e.g. --forecast 7d")
    edges = series.edges().astype(float)
    cb, cv = series.cumulative()
    u_slo = slo.unavailability
    look_lo = max(float(series.start_ns), now_ns - lookback_seconds * NS)
    look_s = (now_ns - look_lo) / NS
    unit = series.unit
    if window_seconds is None and period == "all":
        p_lo, p_hi = series.start_ns, series.end_ns
    elif window_seconds is None:
        b = period_boundaries(now_ns - 1, now_ns - 1, period, series.tz)
        p_lo, p_hi = int(b[0]), int(b[1])
    else:
        p_lo, p_hi = now_ns - int(round(window_seconds * NS)), now_ns
    rows = []
    for g in range(series.n_groups):
        def at(c: np.ndarray, t: float) -> float:
            return float(np.interp(t, edges, c))

        rate_b = (at(cb[g], now_ns) - at(cb[g], look_lo)) / look_s
        rate_v = (at(cv[g], now_ns) - at(cv[g], look_lo)) / look_s
        burn = (rate_b / rate_v / u_slo) if rate_v > 0 and u_slo > 0 else float("nan")
        row: dict[str, Any] = dict(series.group_row(g))
        if window_seconds is None:
            used = at(cb[g], now_ns) - at(cb[g], max(p_lo, series.start_ns))
            seen = at(cv[g], now_ns) - at(cv[g], max(p_lo, series.start_ns))
            # before the data began: time-based sources count the period's whole length, requests what was seen
            before = max(0, series.start_ns - p_lo) / NS if series.kind == "time" else 0.0
            valid_total = seen + before + rate_v * (p_hi - now_ns) / NS
            budget = u_slo * valid_total
            left = budget - used
            if left <= 0:
                tau = -_since(cb[g], edges, max(p_lo, series.start_ns), now_ns, budget) / NS
            elif rate_b > 0:
                tau = left / rate_b
            else:
                tau = float("inf")
            before_end = now_ns + tau * NS < p_hi
        else:
            w = window_seconds * NS
            lo = max(float(series.start_ns), now_ns - w)
            used = at(cb[g], now_ns) - at(cb[g], lo)
            seen = at(cv[g], now_ns) - at(cv[g], lo)
            budget = u_slo * seen
            left = budget - used
            tau = _rolling_exhaustion(cb[g], cv[g], edges, now_ns, w, rate_b, rate_v, u_slo, series.step_ns)
            before_end = False
        finite = np.isfinite(tau)
        row.update(
            now=ns_to_iso(now_ns, series.tz), budget_start=ns_to_iso(p_lo, series.tz),
            budget_end=ns_to_iso(p_hi, series.tz), lookback_seconds=look_s, burn_rate=burn,
            **{f"budget_{unit}": budget, f"budget_used_{unit}": used, f"budget_remaining_{unit}": left},
            budget_remaining_percent=100.0 * left / budget if budget > 0 else float("nan"),
            exhausted=bool(left <= 0),
            exhausted_at=ns_to_iso(round(now_ns + tau * NS), series.tz) if finite else None,
            exhausted_in_seconds=max(tau, 0.0) if finite else None,
            exhausted_before_end=bool(finite and before_end),
        )
        rows.append(row)
    what = (f"the rolling {window_seconds / 86400:g}-day window ending at each future instant" if window_seconds
            else f"the calendar {period} holding the end of the data (in {series.tz})")
    method = {"forecast": (f"budget of {what}; burn rate of the last {look_s / 86400:g} days before "
                           f"{ns_to_iso(now_ns, series.tz)} carried forward at a constant rate")}
    return Forecast(table=pd.DataFrame(rows), keys=tuple(series.labels), unit=unit, method=method)


def _since(c: np.ndarray, edges: np.ndarray, lo: float, now: int, budget: float) -> float:
    """How long before ``now`` the sum of ``c`` from ``lo`` first reached ``budget`` (ns; 0 if at ``now``)."""
    import numpy as np

    base = float(np.interp(lo, edges, c))
    inside = (edges > lo) & (edges <= now)
    ts = np.concatenate([[lo], edges[inside], [float(now)]])
    vals = np.interp(ts, edges, c) - base
    hit = np.flatnonzero(vals >= budget)
    if not len(hit):
        return 0.0
    i = int(hit[0])
    if i == 0:
        return float(now - lo)
    t = ts[i - 1] + (ts[i] - ts[i - 1]) * (budget - vals[i - 1]) / (vals[i] - vals[i - 1])
    return float(now - t)


def _rolling_exhaustion(cb: np.ndarray, cv: np.ndarray, edges: np.ndarray, now: int, w: float, rate_b: float,
                        rate_v: float, u_slo: float, step: int) -> float:
    """Seconds after ``now`` until the window ending then overspends (0 if it already does, inf if never
    within one window length; after that the window holds only the forecast rates)."""
    import numpy as np

    taus = np.arange(0, w + step, step, dtype=float)
    taus[-1] = min(taus[-1], w)
    old_lo = np.maximum(now + taus - w, edges[0])
    bad = (np.interp(float(now), edges, cb) - np.interp(old_lo, edges, cb)) + rate_b * taus / NS
    valid = (np.interp(float(now), edges, cv) - np.interp(old_lo, edges, cv)) + rate_v * taus / NS
    gap = bad - u_slo * valid
    hit = np.flatnonzero(gap >= 0)
    if not len(hit):
        return float("inf")
    i = int(hit[0])
    if i == 0:
        return 0.0
    frac = -gap[i - 1] / (gap[i] - gap[i - 1])
    return float(taus[i - 1] + frac * (taus[i] - taus[i - 1])) / NS
