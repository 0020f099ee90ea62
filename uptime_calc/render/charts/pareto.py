"""Downtime by service or cause, largest first, with the cumulative share (Pareto chart)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .style import OKABE_ITO, figure_and_axes, no_data, time_unit

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def pareto_chart(
    downtime: pd.DataFrame,
    *,
    by: str = "service",
    value: str = "downtime_seconds",
    top: int = 15,
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Bars of downtime per ``by`` (summed, largest first) and a cumulative-percent line.

    Parameters
    ----------
    downtime
        Rows with a label column ``by`` and a duration column ``value`` in seconds
        (e.g. the accounting frame's ``service`` and ``downtime_seconds``).
    by, value
        The label and value columns.
    top
        Show at most this many bars; the rest are summed into ``"other"``.
    title
        Defaults to ``"Downtime by <by>"``.
    ax
        Draw into this axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        Bars in a readable unit (minutes, hours or days, named on the axis) and a
        ``"cumulative %"`` line on a right-hand 0-100% axis.
    """
    import numpy as np

    fig, ax = figure_and_axes(ax)
    ax.set_title(title or f"Downtime by {by}")
    sums = downtime.groupby(downtime[by].astype(str))[value].sum() if len(downtime) else None
    if sums is None or not (sums > 0).any():
        no_data(ax, "no downtime")
        return fig
    sums = sums[sums > 0].sort_values(ascending=False, kind="stable")
    if len(sums) > top:
        rest = sums.iloc[top - 1 :].sum()
        sums = sums.iloc[: top - 1]
        sums.loc["other"] = rest
    scale, unit = time_unit(float(sums.max()))
    x = np.arange(len(sums))
    ax.bar(x, sums.to_numpy() / scale, color=OKABE_ITO["blue"], label=f"downtime ({unit})")
    ax.set_xticks(x, [str(s) for s in sums.index], rotation=30, ha="right")
    ax.set_ylabel(f"downtime ({unit})")
    ax.set_xlabel(by)
    ax.grid(False, axis="x")
    share = 100.0 * np.cumsum(sums.to_numpy()) / float(sums.sum())
    twin = ax.twinx()
    twin.plot(x, share, color=OKABE_ITO["vermillion"], marker="o", markersize=4, label="cumulative %")
    twin.axhline(80.0, color=OKABE_ITO["vermillion"], linestyle=":", linewidth=0.8)
    twin.set_ylim(0.0, 105.0)
    twin.set_ylabel("cumulative share of downtime (%)")
    twin.grid(False)
    twin.spines["right"].set_visible(True)
    twin.spines["top"].set_visible(False)
    lines = ax.get_legend_handles_labels()
    more = twin.get_legend_handles_labels()
    twin.legend(lines[0] + more[0], lines[1] + more[1], loc="center right")
    return fig
