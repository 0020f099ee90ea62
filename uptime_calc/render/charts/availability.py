"""Availability per period against the target line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .style import (
    date_axis,
    figure_and_axes,
    no_data,
    series_style,
    target_label,
    target_unavailability,
    to_naive_local,
)

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def availability_chart(
    periods: pd.DataFrame,
    *,
    target: Any = None,
    title: str = "Availability per period",
    tz: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Plot each service's availability per period, with the target as a horizontal line.

    Parameters
    ----------
    periods
        One row per service x period with columns ``service``, ``period_start``
        (datetime) and ``unavailability`` (U = 1 - A), as in the accounting's
        per-period frame. Other columns are ignored.
    target
        The SLO: an :class:`~uptime_calc.availability.Availability`, a literal such
        as ``"99.9%"`` or a percentage number; ``None`` draws no line.
    title
        The axes title.
    tz
        The time zone of the x axis, named in its label; default the zone of ``period_start``
        (the accounting's calendar), or UTC for naive times.
    ax
        Draw into this axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the chart: one line per service (label = service name) whose
        y data are the nines (``-log10 U``), so 99%, 99.9% and 99.99% are evenly spaced and
        a service at 20% does not flatten the others; y ticks are labelled in percent.
        A perfect period is drawn on the next whole nine above the rest (tick ``100%``). The target is a
        dashed line labelled ``"target 99.9%"``.
    """
    import numpy as np

    if tz is None:
        zone = getattr(periods["period_start"].dtype, "tz", None) if periods is not None and len(periods) else None
        tz = str(zone) if zone is not None else "UTC"
    fig, ax = figure_and_axes(ax)
    ax.set_title(title)
    u_target = target_unavailability(target)
    if periods is None or len(periods) == 0:
        no_data(ax, "no periods to plot")
        return fig
    with np.errstate(divide="ignore"):
        all_nines = -np.log10(periods["unavailability"].to_numpy(dtype=float))
    finite = [float(v) for v in all_nines if np.isfinite(v)]
    if u_target is not None and u_target > 0:
        finite.append(-float(np.log10(u_target)))
    # a perfect period (U = 0, infinite nines) is drawn on the next whole nine above everything else
    perfect = float(np.floor(max(finite) if finite else 3.0)) + 1.0
    for i, (service, group) in enumerate(periods.groupby("service", sort=True)):
        group = group.sort_values("period_start")
        x = to_naive_local(group["period_start"], tz)
        with np.errstate(divide="ignore"):
            y = -np.log10(group["unavailability"].to_numpy(dtype=float))
        y = np.where(np.isfinite(y), y, perfect)
        ax.plot(x, y, markersize=4, linewidth=1.5, label=str(service), **series_style(i))
    if u_target is not None and u_target > 0:
        ax.axhline(-float(np.log10(u_target)), color="black", linestyle="--", linewidth=1.2,
                   label=target_label(u_target))
    # start on a whole nine with some room below the lowest point (never below 0 nines = 0%)
    low = max(0.0, float(np.floor(min(finite or [1.0]) - 0.15)))
    top = perfect + 0.3
    ax.set_ylim(low, top)
    ticks = [float(t) for t in np.arange(np.ceil(low), np.floor(perfect) + 1)]
    labels = [_percent_label(t) for t in ticks]
    if any(not np.isfinite(v) for v in all_nines):
        if perfect not in ticks:
            ticks.append(perfect)
            labels.append("100%")
        else:
            labels[ticks.index(perfect)] = "100%"
    ax.set_yticks(ticks, labels)
    ax.set_ylabel("availability (nines scale)")
    ax.set_xlabel(f"period start ({tz})")
    starts = np.unique(to_naive_local(periods["period_start"], tz))
    if len(starts) == 1:  # one period: a month either side instead of an arbitrary span
        ax.set_xlim(starts[0] - np.timedelta64(30, "D"), starts[0] + np.timedelta64(30, "D"))
    date_axis(ax)
    n_series = periods["service"].nunique()
    if n_series > 4:  # many services: the legend goes beside the axes, not over the lines
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    else:
        ax.legend(loc="best", ncols=n_series + 1)
    return fig


def _percent_label(nines: float) -> str:
    """The availability at an integer number of nines: 0 -> ``0%``, 3 -> ``99.9%``.

    >>> [_percent_label(n) for n in (0, 1, 2, 3)]
    ['0%', '90%', '99%', '99.9%']
    """
    from ...availability import format_percent

    return format_percent(10.0 ** (-nines))
