"""The nines ladder: downtime allowed per period at each number of nines (log scale)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .style import OKABE_ITO, figure_and_axes, target_unavailability

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: the default rungs: 90% .. 99.9999% (1 to 6 nines) and the common 99.95%
DEFAULT_LEVELS: tuple[str, ...] = ("90%", "99%", "99.5%", "99.9%", "99.95%", "99.99%", "99.999%", "99.9999%")

#: readable tick positions on a duration axis, in seconds
_TICKS: tuple[tuple[float, str], ...] = (
    (1.0, "1 s"), (60.0, "1 min"), (3600.0, "1 h"), (86400.0, "1 d"), (2629800.0, "1 mo"),
    (31557600.0, "1 yr"),
)


def nines_ladder_chart(
    levels: Sequence[Any] = DEFAULT_LEVELS,
    *,
    period_seconds: float = 365.25 * 86400.0,
    period_name: str = "year",
    marks: Mapping[str, Any] | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Horizontal bars of the downtime each availability level allows per period.

    Parameters
    ----------
    levels
        Availability levels (``Availability``, literals like ``"99.9%"``/``"3n"`` or
        percentage numbers), drawn in blue.
    period_seconds, period_name
        The period the downtime is counted over (default a 365.25-day year).
    marks
        Extra labelled levels to place on the ladder (e.g. measured services), in orange.
    title
        Defaults to ``"Nines ladder: downtime allowed per <period>"``.
    ax
        Draw into this axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        Bars sorted from most to least downtime (top to bottom), each labelled with the
        downtime (``format_duration``); x is logarithmic in seconds with duration ticks.
    """
    import numpy as np

    from ...availability import format_percent
    from ...units import format_duration

    rows: list[tuple[str, float, str]] = []
    for level in levels:
        u = target_unavailability(level)
        assert u is not None
        rows.append((f"{format_percent(u)} ({-np.log10(u):.3g} nines)" if u > 0 else "100%", u, "level"))
    for label, level in (marks or {}).items():
        u = target_unavailability(level)
        assert u is not None
        rows.append((f"{label}: {format_percent(u)}", u, "mark"))
    rows.sort(key=lambda r: -r[1])
    fig, ax = figure_and_axes(ax, size=(8.0, max(2.5, 0.8 + 0.38 * len(rows))))
    ax.set_title(title or f"Nines ladder: downtime allowed per {period_name}")
    downtime = np.array([max(u * period_seconds, 1e-3) for _, u, _ in rows])
    colours = [OKABE_ITO["blue"] if kind == "level" else OKABE_ITO["orange"] for _, _, kind in rows]
    y = np.arange(len(rows))
    ax.barh(y, downtime, color=colours, height=0.6)
    ax.set_xscale("log")
    ax.set_yticks(y, [r[0] for r in rows])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    lo, hi = float(downtime.min()) / 3.0, float(downtime.max()) * 6.0
    ax.set_xlim(lo, hi)
    ticks = [(s, t) for s, t in _TICKS if lo <= s <= hi]
    if ticks:
        ax.set_xticks([s for s, _ in ticks], [t for _, t in ticks])
        ax.minorticks_off()
    for yi, seconds, (_, u, _) in zip(y, downtime, rows, strict=True):
        ax.text(float(seconds) * 1.08, float(yi), format_duration(u * period_seconds), va="center", fontsize=8)
    ax.set_xlabel(f"downtime allowed per {period_name} (log scale)")
    ax.grid(False, axis="y")
    return fig
