"""Simulated downtime per period (e.g. per month) as a histogram, with the SLA line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .style import OKABE_ITO, figure_and_axes, no_data, target_label, target_unavailability, time_unit

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def downtime_distribution_chart(
    downtime_seconds: Any,
    *,
    target: Any = None,
    period_seconds: float = 365.25 * 86400.0 / 12.0,
    period_name: str = "month",
    bins: int = 40,
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Histogram of simulated downtime per period, the mean, and the downtime the target allows.

    Parameters
    ----------
    downtime_seconds
        Array-like of downtime per simulated period, in seconds.
    target
        The SLA/SLO (``Availability``, ``"99.9%"`` or a number); its allowed downtime
        ``U x period_seconds`` is drawn as a vertical line and the share of periods
        above it is given in the legend.
    period_seconds, period_name
        The simulated period (default a month of year/12).
    bins
        Histogram bins.
    title
        Defaults to ``"Simulated downtime per <period>"``.
    ax
        Draw into this axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        Bars = share of simulated periods (%), x in minutes/hours/days (named on the axis).
    """
    import numpy as np

    fig, ax = figure_and_axes(ax)
    ax.set_title(title or f"Simulated downtime per {period_name}")
    x = np.asarray(downtime_seconds, dtype=float)
    x = x[np.isfinite(x)]
    if len(x) == 0:
        no_data(ax, "no simulated periods")
        return fig
    u = target_unavailability(target)
    allowed = None if u is None else u * period_seconds
    scale, unit = time_unit(max(float(x.max()), allowed or 0.0, 1.0))
    weights = np.full(len(x), 100.0 / len(x))
    ax.hist(x / scale, bins=bins, weights=weights, color=OKABE_ITO["sky_blue"], edgecolor="white",
            linewidth=0.4, label=f"{len(x):,} simulated {period_name}s")
    ax.axvline(float(x.mean()) / scale, color=OKABE_ITO["blue"], linestyle=":", linewidth=1.2,
               label=f"mean {x.mean() / scale:.3g} {unit}")
    if allowed is not None:
        miss = float((x > allowed).mean())
        ax.axvline(allowed / scale, color=OKABE_ITO["vermillion"], linestyle="--", linewidth=1.5,
                   label=f"{target_label(u or 0.0, 'SLA')}: {miss:.1%} of {period_name}s miss")
    ax.set_xlabel(f"downtime per {period_name} ({unit})")
    ax.set_ylabel(f"share of simulated {period_name}s (%)")
    ax.set_xlim(left=0.0)
    ax.legend(loc="upper right")
    return fig
