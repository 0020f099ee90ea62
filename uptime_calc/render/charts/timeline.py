"""Incident timeline per service (Gantt-like), coloured by impact, maintenance shaded."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .style import MAINTENANCE_COLOR, OKABE_ITO, date_axis, figure_and_axes, no_data, to_naive_local

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: weight class -> (legend label, colour); the order is the legend order. The classes follow the
#: weight the accounting gives a record (a record without an impact counts in full: weight 1)
IMPACT_CLASSES: dict[str, tuple[str, str]] = {
    "outage": ("full outage (weight 1)", OKABE_ITO["vermillion"]),
    "partial": ("partial (weight between 0 and 1)", OKABE_ITO["orange"]),
    "none": ("no downtime (weight 0)", OKABE_ITO["sky_blue"]),
    "other": ("label without a weight", OKABE_ITO["reddish_purple"]),
    "maintenance": ("maintenance", MAINTENANCE_COLOR),
}

#: the order the classes are drawn in, bottom to top
DRAW_ORDER: tuple[str, ...] = ("maintenance", "other", "none", "partial", "outage")

#: with more bars than this in one class, the bars are rasterized inside vector output
RASTER_ABOVE = 200
#: with more incidents than this, the bars of a row and class that touch once widened are drawn as one
MERGE_ABOVE = 5000


def weight_class(weight: float) -> str:
    """The colour class of a record counted at ``weight``.

    >>> weight_class(1.0), weight_class(0.3), weight_class(0.0)
    ('outage', 'partial', 'none')
    """
    return "outage" if weight >= 1 else "partial" if weight > 0 else "none"


def impact_class(impact: Any, weights: Mapping[str, float] | str | None = None) -> str:
    """The colour class of a raw impact (label or numeric weight), weighed as the accounting weighs it
    (default weights, updated with ``weights``); a missing impact counts in full.

    >>> impact_class("Major"), impact_class(0.5), impact_class(None), impact_class("sev2")
    ('outage', 'partial', 'outage', 'other')
    >>> impact_class("sev2", {"sev2": 0.5}), impact_class("minor")
    ('partial', 'none')
    """
    from ...accounting.weights import MISSING_WEIGHT, effective_weights

    if impact is None or (isinstance(impact, float) and math.isnan(impact)):
        return weight_class(MISSING_WEIGHT)
    if isinstance(impact, (int, float)):
        return weight_class(float(impact))
    label = str(impact).strip().lower()
    if not label:
        return weight_class(MISSING_WEIGHT)
    table = effective_weights(weights)
    return weight_class(table[label]) if label in table else "other"


def _classes(incidents: pd.DataFrame, weights: Mapping[str, float] | str | None) -> Any:
    """Each record's colour class: its ``weight`` column if given, else its impact (one lookup per label)."""
    import numpy as np
    import pandas as pd

    n = len(incidents)
    if "weight" in incidents.columns:
        w = incidents["weight"].to_numpy(dtype=float)
        classes = np.where(w >= 1, "outage", np.where(w > 0, "partial", "none")).astype(object)
    elif "impact" in incidents.columns:
        codes, uniques = pd.factorize(incidents["impact"], use_na_sentinel=True)
        lookup = np.array([impact_class(u, weights) for u in uniques] + [impact_class(None)], dtype=object)
        classes = lookup[codes]  # code -1 (missing) takes the last entry
    else:
        classes = np.full(n, "outage", dtype=object)
    if "maintenance" in incidents.columns:
        classes = np.where(incidents["maintenance"].to_numpy(dtype=bool), "maintenance", classes)
    return classes


def _merge_touching(left: Any, right: Any, row: Any) -> tuple[Any, Any, Any]:
    """Bars of one class merged where they overlap or touch on the same row (sorted by row, start)."""
    import numpy as np
    import pandas as pd

    order = np.lexsort((left, row))
    left, right, row = left[order], right[order], row[order]
    # running end of the bars before, within the row: a new bar starts where it begins after that end
    reach = pd.Series(right).groupby(row).cummax().to_numpy()
    first = np.ones(len(left), dtype=bool)
    first[1:] = (row[1:] != row[:-1]) | (left[1:] > reach[:-1])
    starts = np.flatnonzero(first)
    ends = np.maximum.reduceat(right, starts) if len(starts) else right[:0]
    return left[starts], ends, row[starts]


def incident_timeline_chart(
    incidents: pd.DataFrame,
    *,
    window: tuple[Any, Any] | None = None,
    until: Any = None,
    title: str = "Incident timeline",
    tz: str = "UTC",
    weights: Mapping[str, float] | str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Draw each incident as a bar on its service's row.

    Parameters
    ----------
    incidents
        Columns ``service``, ``start``, ``end`` (NaT = open: drawn to ``until``),
        optional ``weight`` (as counted), ``impact`` (label or weight, used when there is no
        ``weight``) and ``maintenance`` (bool), as in :class:`~uptime_calc.incidents.IncidentLog.frame`.
    window
        ``(start, end)`` of the x axis; defaults to the span of the data.
    until
        Where open incidents end, as the accounting counts them (``--until``); default the window end.
    title
        The axes title.
    tz
        The time zone of the x axis (its label names it).
    weights
        Impact weight overrides, as given to the accounting (for records without ``weight``).
    ax
        Draw into this axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        One horizontal row per service (sorted, first at the top); bars of very short
        incidents are widened to stay visible (0.15% of the window), coloured by the weight
        they count at. Past :data:`MERGE_ABOVE` incidents, bars of one row and class that
        overlap once widened are drawn as one (the picture is the same; the title says so).
    """
    import matplotlib.dates as mdates
    import numpy as np
    import pandas as pd
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Patch

    services = sorted(incidents["service"].astype(str).unique()) if len(incidents) else []
    fig, ax = figure_and_axes(ax, size=(8.0, max(2.5, 1.2 + 0.35 * len(services))))
    ax.set_title(title)
    if not services:
        no_data(ax, "no incidents")
        return fig
    starts = to_naive_local(incidents["start"], tz)
    ends = to_naive_local(incidents["end"], tz)
    if window is not None:
        lo, hi = to_naive_local(list(window), tz)
    else:
        lo = starts.min()
        hi = np.nanmax(np.where(np.isnat(ends), starts, ends))
        if hi <= lo:
            hi = lo + np.timedelta64(1, "D")
    ends = np.where(np.isnat(ends), hi if until is None else to_naive_local([until], tz)[0], ends)
    x0 = mdates.date2num(starts)
    x1 = mdates.date2num(ends)
    span = float(mdates.date2num(hi) - mdates.date2num(lo))
    widths = np.maximum(x1 - x0, 0.0015 * span)
    classes = _classes(incidents, weights)
    y, _ = pd.factorize(incidents["service"].astype(str), sort=True)  # the row of each: services are sorted
    merge = len(incidents) > MERGE_ABOVE
    used = []
    drawn = 0
    for cls, (_label, colour) in IMPACT_CLASSES.items():
        mask = classes == cls
        if not mask.any():
            continue
        used.append(cls)
        # one PolyCollection per class: thousands of incidents stay fast (no Patch per bar)
        left, right, row_y = x0[mask], x0[mask] + widths[mask], y[mask].astype(float)
        if merge:
            left, right, row_y = _merge_touching(left, right, row_y)
        drawn += len(left)
        verts = np.stack([
            np.column_stack([left, row_y - 0.3]), np.column_stack([left, row_y + 0.3]),
            np.column_stack([right, row_y + 0.3]), np.column_stack([right, row_y - 0.3]),
        ], axis=1)
        ax.add_collection(PolyCollection(
            # the heavier the weight, the higher it is drawn: outages on top
            list(verts), zorder=2.0 + DRAW_ORDER.index(cls) * 0.01,
            facecolors=colour, edgecolors="#666666" if cls == "maintenance" else colour,
            linewidths=0.3, hatch="///" if cls == "maintenance" else None, label=_label,
            # many bars: embed them as one image in SVG/PDF (axes and text stay vector) - smaller, faster
            rasterized=len(verts) > RASTER_ABOVE,
        ))
    if merge:
        ax.set_title(f"{title}\n({len(incidents):,} incidents drawn as {drawn:,} bars: overlaps merged)")
    ax.set_yticks(range(len(services)), services)
    ax.set_ylim(len(services) - 0.5, -0.5)
    ax.set_xlim(mdates.date2num(lo), mdates.date2num(hi))
    ax.xaxis_date()
    date_axis(ax)
    ax.set_xlabel(f"time ({tz})")
    ax.grid(False, axis="y")
    handles = [
        Patch(facecolor=IMPACT_CLASSES[c][1], hatch="///" if c == "maintenance" else None,
              edgecolor="#666666",
              label=IMPACT_CLASSES[c][0])
        for c in used
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig
