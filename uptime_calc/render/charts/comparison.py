"""Scenario comparison: nines of each design scenario or variant against the target."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from .style import OKABE_ITO, color, figure_and_axes, no_data, target_label, target_unavailability

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def scenario_comparison_chart(
    scenarios: pd.DataFrame,
    *,
    label: str = "scenario",
    target: Any = None,
    period_seconds: float = 365.25 * 86400.0,
    period_name: str = "year",
    title: str = "Scenario comparison",
    ax: Axes | None = None,
) -> Figure:
    """Horizontal bars of nines (-log10 U) per scenario, labelled with availability and downtime.

    Parameters
    ----------
    scenarios
        One row per scenario with a name column ``label`` and ``unavailability``.
    label
        The name column.
    target
        Draw the target's nines as a vertical line (``Availability``, ``"99.95%"`` or a number).
    period_seconds, period_name
        The period the annotated expected downtime is counted over.
    title
        The axes title.
    ax
        Draw into this axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        Bars in input order, top to bottom; a perfect scenario (U = 0) is drawn one nine
        past the best finite one and labelled ``100%``.
    """
    import numpy as np

    from ...availability import format_percent
    from ...units import format_duration

    fig, ax = figure_and_axes(ax, size=(8.0, max(2.5, 1.0 + 0.45 * len(scenarios))))
    ax.set_title(title)
    if len(scenarios) == 0:
        no_data(ax, "no scenarios")
        return fig
    u = scenarios["unavailability"].to_numpy(dtype=float)
    with np.errstate(divide="ignore"):
        nines = -np.log10(u)
    finite = nines[np.isfinite(nines)]
    cap = (float(finite.max()) if len(finite) else 1.0) + 1.0
    shown = np.where(np.isfinite(nines), nines, cap)
    u_target = target_unavailability(target)
    y = np.arange(len(u))
    ax.barh(y, shown, color=[color(i) for i in range(len(u))], height=0.6)
    names = [str(n) for n in scenarios[label]]
    ax.set_yticks(y, names)
    ax.set_ylim(len(u) - 0.5, -0.5 - (0.5 if u_target is not None and u_target > 0 else 0.0))
    for yi, value, ui in zip(y, shown, u, strict=True):
        text = f"{format_percent(ui)} · {format_duration(ui * period_seconds)}/{period_name}"
        # white box: the target line passes behind the label instead of through it
        ax.text(float(value) + 0.05, float(yi), text, va="center", fontsize=8, zorder=3,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0})
    right = float(shown.max())
    if u_target is not None and u_target > 0:
        t = -math.log10(u_target)
        right = max(right, t)
        ax.axvline(t, color=OKABE_ITO["black"], linestyle="--", linewidth=1.2, label=target_label(u_target),
                   zorder=2)
        ax.text(t, -0.55, target_label(u_target), ha="center", va="bottom", fontsize=8, zorder=3,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0})
    ax.set_xlim(0.0, right * 1.45 + 0.5)
    ax.set_xlabel("nines (−log10 of unavailability)")
    ax.grid(False, axis="y")
    return fig
