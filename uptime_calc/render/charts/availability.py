"""Availability per period against the target line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .style import (
    color,
    date_axis,
    figure_and_axes,
    no_data,
    target_label,
    target_unavailability,
    to_naive_utc,
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
    ax
        Draw into this axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the chart; one line per service (label = service name),
        y in percent, the target line labelled ``"target 99.9%"``.
    """
    fig, ax = figure_and_axes(ax)
    ax.set_title(title)
    u_target = target_unavailability(target)
    if periods is None or len(periods) == 0:
        no_data(ax, "no periods to plot")
        return fig
    lows: list[float] = []
    for i, (service, group) in enumerate(periods.groupby("service", sort=True)):
        group = group.sort_values("period_start")
        x = to_naive_utc(group["period_start"])
        # plotting only: float precision of A near 100% is irrelevant at screen resolution
        y = 100.0 - 100.0 * group["unavailability"].to_numpy(dtype=float)
        lows.append(float(y.min()))
        ax.plot(x, y, marker="o", markersize=4, linewidth=1.5, color=color(i), label=str(service))
    if u_target is not None:
        target_percent = 100.0 - 100.0 * u_target
        lows.append(target_percent)
        ax.axhline(target_percent, color="black", linestyle="--", linewidth=1.2, label=target_label(u_target))
    low = min(lows)
    span = max(100.0 - low, 1e-4)
    ax.set_ylim(max(0.0, low - 0.15 * span), 100.0 + 0.05 * span)
    ax.set_ylabel("availability (%)")
    ax.set_xlabel("period start (UTC)")
    ax.yaxis.get_major_formatter().set_useOffset(False)  # type: ignore[attr-defined]
    date_axis(ax)
    ax.legend(loc="best", ncols=min(4, len(lows)))
    return fig
