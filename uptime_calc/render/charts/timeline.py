"""Incident timeline per service (Gantt-like), coloured by impact, maintenance shaded."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from .style import MAINTENANCE_COLOR, OKABE_ITO, date_axis, figure_and_axes, no_data, to_naive_utc

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: impact class -> (legend label, colour); the order is the legend order
IMPACT_CLASSES: dict[str, tuple[str, str]] = {
    "outage": ("outage (critical/major)", OKABE_ITO["vermillion"]),
    "partial": ("partial", OKABE_ITO["orange"]),
    "minor": ("minor/degraded", OKABE_ITO["sky_blue"]),
    "none": ("no impact", OKABE_ITO["bluish_green"]),
    "other": ("other label", OKABE_ITO["reddish_purple"]),
    "maintenance": ("maintenance", MAINTENANCE_COLOR),
}

#: with more bars than this in one class, the bars are rasterized inside vector output
RASTER_ABOVE = 200

_LABELS = {
    "critical": "outage", "major": "outage", "outage": "outage", "full": "outage",
    "partial": "partial", "degraded": "minor", "minor": "minor", "none": "none", "": "none",
}


def impact_class(impact: Any) -> str:
    """Map a raw impact (label or numeric weight) to a colour class of :data:`IMPACT_CLASSES`.

    >>> impact_class("Major"), impact_class(0.5), impact_class(None), impact_class("sev2")
    ('outage', 'partial', 'none', 'other')
    """
    if impact is None or (isinstance(impact, float) and math.isnan(impact)):
        return "none"
    if isinstance(impact, (int, float)):
        return "outage" if impact >= 1 else "partial" if impact > 0 else "minor"
    return _LABELS.get(str(impact).strip().lower(), "other")


def incident_timeline_chart(
    incidents: pd.DataFrame,
    *,
    window: tuple[Any, Any] | None = None,
    until: Any = None,
    title: str = "Incident timeline",
    ax: Axes | None = None,
) -> Figure:
    """Draw each incident as a bar on its service's row.

    Parameters
    ----------
    incidents
        Columns ``service``, ``start``, ``end`` (NaT = open: drawn to ``until``),
        optional ``impact`` (label or weight) and ``maintenance`` (bool), as in
        :class:`~uptime_calc.incidents.IncidentLog.frame`.
    window
        ``(start, end)`` of the x axis; defaults to the span of the data.
    until
        Where open incidents end, as the accounting counts them (``--until``); default the window end.
    title
        The axes title.
    ax
        Draw into this axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        One horizontal row per service (sorted, first at the top); bars of very short
        incidents are widened to stay visible (0.15% of the window).
    """
    import matplotlib.dates as mdates
    import numpy as np
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Patch

    services = sorted(incidents["service"].astype(str).unique()) if len(incidents) else []
    fig, ax = figure_and_axes(ax, size=(8.0, max(2.5, 1.2 + 0.35 * len(services))))
    ax.set_title(title)
    if not services:
        no_data(ax, "no incidents")
        return fig
    starts = to_naive_utc(incidents["start"])
    ends = to_naive_utc(incidents["end"])
    if window is not None:
        lo, hi = to_naive_utc(list(window))
    else:
        lo = starts.min()
        hi = np.nanmax(np.where(np.isnat(ends), starts, ends))
        if hi <= lo:
            hi = lo + np.timedelta64(1, "D")
    ends = np.where(np.isnat(ends), hi if until is None else to_naive_utc([until])[0], ends)
    x0 = mdates.date2num(starts)
    x1 = mdates.date2num(ends)
    span = float(mdates.date2num(hi) - mdates.date2num(lo))
    widths = np.maximum(x1 - x0, 0.0015 * span)
    maint = (
        incidents["maintenance"].to_numpy(dtype=bool)
        if "maintenance" in incidents.columns
        else np.zeros(len(incidents), dtype=bool)
    )
    impacts = incidents["impact"].tolist() if "impact" in incidents.columns else [None] * len(incidents)
    classes = np.array(["maintenance" if m else impact_class(v) for m, v in zip(maint, impacts, strict=True)])
    row = {name: i for i, name in enumerate(services)}
    y = np.array([row[s] for s in incidents["service"].astype(str)])
    used = []
    for cls, (_label, colour) in IMPACT_CLASSES.items():
        mask = classes == cls
        if not mask.any():
            continue
        used.append(cls)
        # one PolyCollection per class: thousands of incidents stay fast (no Patch per bar)
        left, right, row_y = x0[mask], x0[mask] + widths[mask], y[mask]
        verts = np.stack([
            np.column_stack([left, row_y - 0.3]), np.column_stack([left, row_y + 0.3]),
            np.column_stack([right, row_y + 0.3]), np.column_stack([right, row_y - 0.3]),
        ], axis=1)
        ax.add_collection(PolyCollection(
            list(verts), facecolors=colour, edgecolors="#666666" if cls == "maintenance" else colour,
            linewidths=0.3, hatch="///" if cls == "maintenance" else None, label=_label,
            # many bars: embed them as one image in SVG/PDF (axes and text stay vector) - smaller, faster
            rasterized=len(verts) > RASTER_ABOVE,
        ))
    ax.set_yticks(range(len(services)), services)
    ax.set_ylim(len(services) - 0.5, -0.5)
    ax.set_xlim(mdates.date2num(lo), mdates.date2num(hi))
    ax.xaxis_date()
    date_axis(ax)
    ax.set_xlabel("time (UTC)")
    ax.grid(False, axis="y")
    handles = [
        Patch(facecolor=IMPACT_CLASSES[c][1], hatch="///" if c == "maintenance" else None,
              edgecolor="#666666",
              label=IMPACT_CLASSES[c][0])
        for c in used
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig
