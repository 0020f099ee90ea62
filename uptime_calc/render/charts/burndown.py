"""Error-budget burn-down across one period."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .style import (
    OKABE_ITO,
    date_axis,
    figure_and_axes,
    target_label,
    target_unavailability,
    to_naive_local,
    to_naive_utc,
)

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def budget_remaining(
    outages: pd.DataFrame,
    period_start: Any,
    period_end: Any,
    budget_seconds: float,
) -> tuple[np.ndarray, np.ndarray]:
    """The error budget left (in percent of the budget) at each breakpoint of the period.

    Downtime accrues linearly while an outage lasts, at the outage's ``weight``
    (default 1); where outages overlap an instant counts once, at the highest
    weight active then (SPEC section 3B). Rows with ``maintenance`` true are
    skipped. Outages are clipped to the period.

    Parameters
    ----------
    outages
        Columns ``start``, ``end`` (datetimes; NaT = still open, runs to the period
        end), optional ``weight`` and ``maintenance``.
    period_start, period_end
        The period's bounds (datetimes).
    budget_seconds
        The downtime the target allows in the period, > 0.

    Returns
    -------
    (times, remaining_percent)
        ``datetime64[ns]`` breakpoints (UTC, naive) and the budget left there;
        100 at the start, negative once the budget is overspent.

    Examples
    --------
    A 30-day period with a 43.2-minute budget (99.9%) and one 21.6-minute outage:

    >>> import pandas as pd
    >>> o = pd.DataFrame({"start": [pd.Timestamp("2024-01-10", tz="UTC")],
    ...                   "end": [pd.Timestamp("2024-01-10 00:21:36", tz="UTC")]})
    >>> t, left = budget_remaining(o, pd.Timestamp("2024-01-01", tz="UTC"),
    ...                            pd.Timestamp("2024-01-31", tz="UTC"), 2592.0)
    >>> [float(v) for v in left]
    [100.0, 100.0, 50.0, 50.0]
    """
    import numpy as np

    lo = to_naive_utc([period_start])[0]
    hi = to_naive_utc([period_end])[0]
    if budget_seconds <= 0:
        from ...errors import ComputationError

        raise ComputationError("the error budget must be positive (is the target 100%?)")
    frame = outages
    if "maintenance" in frame.columns:
        frame = frame[~frame["maintenance"].astype(bool)]
    starts = to_naive_utc(frame["start"]) if len(frame) else np.array([], dtype="datetime64[ns]")
    ends = to_naive_utc(frame["end"]) if len(frame) else np.array([], dtype="datetime64[ns]")
    ends = np.where(np.isnat(ends), hi, ends)
    has_weight = "weight" in frame.columns
    weights = frame["weight"].to_numpy(dtype=float) if has_weight else np.ones(len(frame), dtype=float)
    starts = np.clip(starts, lo, hi)
    ends = np.clip(ends, lo, hi)
    keep = (ends > starts) & (weights > 0)
    points, active = weighted_cover(starts[keep].view(np.int64), ends[keep].view(np.int64), weights[keep],
                                    int(lo.view(np.int64)), int(hi.view(np.int64)))
    seconds = np.diff(points) / 1e9
    used = np.concatenate([[0.0], np.cumsum(seconds * active)])
    points = points.view("datetime64[ns]")
    return points, 100.0 * (1.0 - used / budget_seconds)


#: above this many distinct weights the cover is found by one sweep instead of one pass per weight
LEVEL_PASSES = 32


def weighted_cover(
    starts: np.ndarray, ends: np.ndarray, weights: np.ndarray, lo: int, hi: int
) -> tuple[np.ndarray, np.ndarray]:
    """The highest weight active over time, as breakpoints and one weight per segment between them.

    ``starts``/``ends`` are int64 (ns) inside ``[lo, hi]`` with ``start < end``; an instant
    covered by several intervals counts once, at the highest weight (SPEC section 3B). Only
    the points where that weight changes are kept (plus ``lo`` and ``hi``), so the budget line
    of a million overlapping outages has a handful of points.

    O(n log n) time and O(n) memory: for each distinct weight ``w`` (few: impact labels), the
    intervals weighing at least ``w`` are counted with a sorted event sweep and add
    ``w - w_previous`` wherever any covers; with many distinct weights, one sweep keeps the
    active weights in a heap.

    >>> import numpy as np
    >>> p, a = weighted_cover(np.array([0, 5]), np.array([10, 7]), np.array([0.5, 1.0]), 0, 20)
    >>> p.tolist(), a.tolist()
    ([0, 5, 7, 10, 20], [0.5, 1.0, 0.5, 0.0])
    """
    import numpy as np

    starts = np.asarray(starts, dtype=np.int64)
    ends = np.asarray(ends, dtype=np.int64)
    weights = np.asarray(weights, dtype=float)
    points = np.unique(np.concatenate([np.array([lo, hi], dtype=np.int64), starts, ends]))
    active = np.zeros(max(len(points) - 1, 0))
    levels = np.unique(weights)
    if len(levels) <= LEVEL_PASSES:
        at_start = np.searchsorted(points, starts)
        at_end = np.searchsorted(points, ends)
        previous = 0.0
        for level in levels:
            mine = weights >= level
            count = np.cumsum(np.bincount(at_start[mine], minlength=len(points))
                              - np.bincount(at_end[mine], minlength=len(points)))[:-1]
            active += (float(level) - previous) * (count > 0)
            previous = float(level)
    else:
        active = _sweep(points, starts, ends, weights)
    if len(active) > 1:  # keep only where the slope changes: the line between is straight
        change = np.flatnonzero(active[1:] != active[:-1]) + 1
        keep = np.concatenate([[0], change, [len(points) - 1]])
        points, active = points[keep], active[keep[:-1]]
    return points, active


def _sweep(points: np.ndarray, starts: np.ndarray, ends: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The highest active weight per segment, by one pass over the sorted events and a max-heap."""
    import heapq

    import numpy as np

    order = np.argsort(starts, kind="stable")
    s, e, w = starts[order].tolist(), ends[order].tolist(), weights[order].tolist()
    heap: list[tuple[float, int]] = []
    out = np.zeros(len(points) - 1)
    j = 0
    for i, t in enumerate(points[:-1].tolist()):
        while j < len(s) and s[j] <= t:
            heapq.heappush(heap, (-w[j], e[j]))
            j += 1
        while heap and heap[0][1] <= t:
            heapq.heappop(heap)
        out[i] = -heap[0][0] if heap else 0.0
    return out


def budget_burndown_chart(
    outages: pd.DataFrame,
    *,
    period_start: Any,
    period_end: Any,
    target: Any,
    budget_seconds: float | None = None,
    title: str | None = None,
    tz: str = "UTC",
    ax: Axes | None = None,
) -> Figure:
    """Plot the error budget left across a period, against an even burn.

    Parameters
    ----------
    outages
        One service's outages: ``start``, ``end``, optional ``weight``, ``maintenance``
        (see :func:`budget_remaining`).
    period_start, period_end
        The period.
    target
        The SLO (``Availability``, ``"99.9%"`` or a percentage number).
    budget_seconds
        The budget in seconds; default ``U_target x`` the period length (pass the
        accounting's ``budget_seconds`` when maintenance shortens the period).
    title
        Defaults to ``"Error budget burn-down"`` with the target.
    tz
        The time zone of the x axis (its label names it).
    ax
        Draw into this axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        Line ``"budget left"`` (percent of budget), dashed ``"even burn"`` from 100% to 0%,
        and a zero line.
    """
    import pandas as pd

    u = target_unavailability(target)
    if u is None or u <= 0:
        from ...errors import InputError

        raise InputError("a burn-down needs a target below 100%, e.g. --slo 99.9")
    fig, ax = figure_and_axes(ax)
    length = (pd.Timestamp(period_end) - pd.Timestamp(period_start)).total_seconds()
    budget = budget_seconds if budget_seconds is not None else u * length
    times, left = budget_remaining(outages, period_start, period_end, budget)
    times = to_naive_local(times, tz)
    ax.set_title(title or f"Error budget burn-down ({target_label(u)})")
    ax.plot(times, left, color=OKABE_ITO["vermillion"], linewidth=1.8, label="budget left")
    ax.plot(
        [times[0], times[-1]], [100.0, 0.0], color=OKABE_ITO["blue"], linestyle="--", linewidth=1.0,
        label="even burn",
    )
    ax.axhline(0.0, color="black", linewidth=0.8)
    ax.set_ylabel("error budget left (% of budget)")
    ax.set_xlabel(f"time ({tz})")
    ax.set_xlim(times[0], times[-1])
    ax.set_ylim(min(-5.0, float(left.min()) - 5.0), 105.0)
    date_axis(ax)
    ax.legend(loc="lower left")
    return fig
