"""A service level indicator as a series: per group and step, how much was bad out of how much was valid.

Every measured source reduces to this one shape, so rolling windows, burn-rate alerts and the
budget forecast have one implementation each:

* time-based sources (incident logs, probes): ``bad`` = seconds down, ``valid`` = seconds observed;
* request sources (access logs, counts): ``bad`` = bad requests, ``valid`` = valid requests.

The ratio ``bad / valid`` over any span is the unavailability ``U`` of that span, and its budget,
burn rate and compliance come from :func:`uptime_calc.accounting.budget.budget_columns`.

>>> import numpy as np
>>> s = from_intervals(np.array([0]), np.array([30 * 10**9]), np.array([90 * 10**9]), lo=0, hi=120 * 10**9,
...                    step_ns=60 * 10**9, labels={"service": np.array(["api"], dtype=object)})
>>> s.bad.tolist(), s.valid.tolist()
([[30.0, 30.0]], [[60.0, 60.0]])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ..availability import Availability
from ..errors import InputError

if TYPE_CHECKING:
    import numpy as np

Kind = Literal["time", "requests"]
NS = 10**9


@dataclass(frozen=True)
class SliSeries:
    """Per group and step: ``bad`` out of ``valid``.

    Attributes
    ----------
    kind:
        ``time`` (seconds down of seconds observed) or ``requests`` (bad of valid requests).
    start_ns:
        Start of the first step (int64 ns UTC).
    step_ns:
        Length of each step (ns).
    bad, valid:
        float64 arrays of shape ``(groups, steps)``.
    labels:
        Group key name -> array of each group's value (index = row of ``bad``); empty when there
        is no grouping (one group).
    tz:
        Time zone in which times are shown and calendar periods cut.
    source:
        What the series was made from (for the method).
    """

    kind: Kind
    start_ns: int
    step_ns: int
    bad: np.ndarray
    valid: np.ndarray
    labels: dict[str, np.ndarray] = field(default_factory=dict)
    tz: str = "UTC"
    source: str = ""

    @property
    def n_steps(self) -> int:
        return int(self.bad.shape[1])

    @property
    def n_groups(self) -> int:
        return int(self.bad.shape[0])

    @property
    def end_ns(self) -> int:
        return self.start_ns + self.n_steps * self.step_ns

    @property
    def unit(self) -> str:
        """The unit of ``bad`` and ``valid`` in JSON keys: ``seconds`` or ``requests``."""
        return "seconds" if self.kind == "time" else "requests"

    def group_names(self) -> list[str]:
        """One label per group (``api``, ``api / eu``...)."""
        keys = list(self.labels)
        if not keys:
            return ["all"] * self.n_groups
        return [" / ".join(str(self.labels[k][i]) for k in keys) for i in range(self.n_groups)]

    def group_row(self, i: int) -> dict[str, Any]:
        """The group keys of group ``i`` as a row fragment."""
        return {k: self.labels[k][i] for k in self.labels}

    def edges(self) -> np.ndarray:
        """The ``n_steps + 1`` step boundaries (int64 ns)."""
        import numpy as np

        return self.start_ns + np.arange(self.n_steps + 1, dtype=np.int64) * self.step_ns

    def cumulative(self) -> tuple[np.ndarray, np.ndarray]:
        """``bad`` and ``valid`` summed from the start up to each step boundary: shape ``(groups, steps + 1)``."""
        import numpy as np

        zero = np.zeros((self.n_groups, 1))
        return (np.concatenate([zero, np.cumsum(self.bad, axis=1)], axis=1),
                np.concatenate([zero, np.cumsum(self.valid, axis=1)], axis=1))


def budget_figures(bad: Any, valid: Any, slo: Availability, unit: str) -> dict[str, Any]:
    """:func:`~uptime_calc.accounting.budget.budget_columns` for ``bad`` of ``valid``, keys in ``unit``.

    For time the keys are those of ``incidents`` (``budget_seconds``...); for requests
    ``budget_requests``, ``budget_used_requests``, ``budget_remaining_requests``.

    >>> from uptime_calc.availability import Availability
    >>> f = budget_figures(5.0, 1000.0, Availability.from_percent("99"), "requests")
    >>> f["budget_requests"].item(), f["budget_used_percent"].item(), f["burn_rate"].item()
    (10.0, 50.0, 0.5)
    """
    import numpy as np

    from .budget import budget_columns

    cols = budget_columns(np.atleast_1d(np.asarray(valid, dtype=float)),
                          np.atleast_1d(np.asarray(bad, dtype=float)), slo)
    return {key.replace("_seconds", f"_{unit}"): value for key, value in cols.items()}


def unavailability(bad: Any, valid: Any) -> np.ndarray:
    """``bad / valid`` (NaN where nothing was valid)."""
    import numpy as np

    bad = np.asarray(bad, dtype=float)
    valid = np.asarray(valid, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(valid > 0, bad / np.where(valid > 0, valid, 1.0), np.nan)


def nines(u: Any) -> np.ndarray:
    """``-log10(U)``: ``inf`` at 0, NaN where U is (the definition of :mod:`~uptime_calc.accounting.measure`)."""
    import numpy as np

    u = np.asarray(u, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(u > 0, -np.log10(np.where(u > 0, u, 1.0)) + 0.0, np.inf)
    return np.where(np.isnan(u), np.nan, out)


def check_step(step_seconds: float, *, what: str = "--step") -> int:
    """A step in seconds as whole nanoseconds (at least one second)."""
    if not step_seconds >= 1:
        raise InputError(f"{what} must be at least 1s, got {step_seconds:g}s")
    return int(round(step_seconds * NS))


def grid(lo: int, hi: int, step_ns: int) -> tuple[int, int]:
    """The start and number of steps of a grid from ``lo`` covering ``[lo, hi)``."""
    n = max(1, -(-(hi - lo) // step_ns))
    return lo, int(n)


def from_events(
    group: np.ndarray, t_ns: np.ndarray, bad: np.ndarray, valid: np.ndarray, *, lo: int, hi: int, step_ns: int,
    labels: dict[str, np.ndarray], tz: str = "UTC", source: str = "",
) -> SliSeries:
    """A request series: each event (a request, or a count row) adds ``bad`` and ``valid`` to its step.

    Events outside ``[lo, hi)`` are left out.
    """
    import numpy as np

    start, n = grid(lo, hi, step_ns)
    n_groups = max(1, len(next(iter(labels.values()))) if labels else 1)
    inside = (t_ns >= lo) & (t_ns < hi)
    cell = (group[inside].astype(np.int64) * n + (t_ns[inside] - start) // step_ns)
    size = n_groups * n
    b = np.bincount(cell, weights=np.asarray(bad, dtype=float)[inside], minlength=size)
    v = np.bincount(cell, weights=np.asarray(valid, dtype=float)[inside], minlength=size)
    return SliSeries("requests", start, step_ns, b.reshape(n_groups, n), v.reshape(n_groups, n),
                     labels=labels, tz=tz, source=source)


def from_intervals(
    group: np.ndarray, start: np.ndarray, end: np.ndarray, *, lo: int, hi: int, step_ns: int,
    labels: dict[str, np.ndarray], tz: str = "UTC", source: str = "",
) -> SliSeries:
    """A time series from intervals down (``[start, end)`` int64 ns, not overlapping within a group):
    per step the seconds down and the seconds observed (the step's part of ``[lo, hi)``).

    The time down before an instant ``b`` is ``sum(clip(b - start, 0, end - start))``, taken at
    every step boundary at once from the sorted starts and ends.
    """
    import numpy as np

    first, n = grid(lo, hi, step_ns)
    edges = first + np.arange(n + 1, dtype=np.int64) * step_ns
    clipped = np.minimum(edges, hi)
    n_groups = max(1, len(next(iter(labels.values()))) if labels else 1)
    s = np.clip(start, lo, hi)
    e = np.clip(end, lo, hi)
    bad = np.zeros((n_groups, n))
    for g in range(n_groups):
        at = group == g
        bad[g] = np.diff(_covered_before(s[at], e[at], clipped)) / NS
    valid = np.tile(np.diff(clipped).astype(float) / NS, (n_groups, 1))
    return SliSeries("time", first, step_ns, bad, valid,
                     labels=labels, tz=tz, source=source)


def _covered_before(start: np.ndarray, end: np.ndarray, at: np.ndarray) -> np.ndarray:
    """For each instant in ``at``: the time (ns, as float) covered by the intervals before it."""
    import numpy as np

    s = np.sort(start).astype(np.float64)
    e = np.sort(end).astype(np.float64)
    cs = np.concatenate([[0.0], np.cumsum(s)])
    ce = np.concatenate([[0.0], np.cumsum(e)])
    a = at.astype(np.float64)
    ks = np.searchsorted(s, a, side="right")
    ke = np.searchsorted(e, a, side="right")
    # started before a: a - start each; ended before a: minus (a - end) each
    return (ks * a - cs[ks]) - (ke * a - ce[ke])


def from_measurement(m: Any, *, step_ns: int, end_ns: int | None = None) -> SliSeries:
    """The time series of an incident :class:`~uptime_calc.accounting.measure.Measurement`: its merged
    outages (time down at any impact weight above 0, outside maintenance) per step of its window.

    The series counts an outage at full weight; the calendar rows of ``measure`` weigh partial
    impact (say so where both are shown). ``end_ns`` cuts the window short (e.g. at the present,
    when the window runs to the end of the month).
    """
    import numpy as np
    import pandas as pd

    window = m.table
    lo = int(pd.Timestamp(window["period_start"].min()).value)
    hi = int(pd.Timestamp(window["period_end"].max()).value)
    if end_ns is not None and lo < end_ns < hi:
        hi = int(end_ns)
    keys = list(m.group_by)
    totals = m.totals
    labels = {k: totals[k].to_numpy(dtype=object) for k in keys}
    out = m.outages
    if len(out):
        index = pd.MultiIndex.from_frame(totals[keys].astype(str))
        group = index.get_indexer(pd.MultiIndex.from_frame(out[keys].astype(str)))
        start = out["start"].dt.tz_convert("UTC").astype("int64").to_numpy()
        end = out["end"].dt.tz_convert("UTC").astype("int64").to_numpy()
        # an outage overlapping maintenance is down for restore_seconds only: shorten it so (a lower bound)
        end = np.minimum(end, start + np.round(out["restore_seconds"].to_numpy() * NS).astype(np.int64))
    else:
        group = start = end = np.zeros(0, dtype=np.int64)
    return from_intervals(np.asarray(group), start, end, lo=lo, hi=hi, step_ns=step_ns, labels=labels, tz=m.tz,
                          source="incident log: merged outages, down at any impact weight above 0 counted in "
                                 "full (the calendar rows weigh partial impact)")
