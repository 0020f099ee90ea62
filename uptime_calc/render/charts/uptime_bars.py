"""Status-page uptime bars: one bar per day and service, coloured by the day's availability.

The picture customers know from status pages (Atlassian Statuspage, Better Stack, Instatus):
90 daily bars per service or component, the most recent on the right, and the availability over
the days shown beside each row. A day without data (before monitoring began, or unknown probe time
all day) is grey, never green.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .style import MAINTENANCE_COLOR, OKABE_ITO, figure_and_axes, no_data

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: availability bands, best first: (lowest availability in percent, colour, legend label)
BANDS: tuple[tuple[float, str, str], ...] = (
    (100.0, OKABE_ITO["bluish_green"], "100%"),
    (99.9, OKABE_ITO["yellow"], "≥ 99.9%"),
    (99.0, OKABE_ITO["orange"], "≥ 99%"),
    (0.0, OKABE_ITO["vermillion"], "< 99%"),
)
NO_DATA = (MAINTENANCE_COLOR, "no data")


def band(unavailability: float) -> tuple[str, str]:
    """The colour and label of a day with unavailability ``U`` (NaN = no data).

    The bands compare in unavailability space, so 99.95% is never rounded into the 100% band.

    >>> band(0.0)[1], band(0.0005)[1], band(0.001)[1], band(0.02)[1], band(float("nan"))[1]
    ('100%', '≥ 99.9%', '≥ 99.9%', '< 99%', 'no data')
    """
    import math

    if math.isnan(unavailability):
        return NO_DATA
    for lowest, colour, label in BANDS:
        if unavailability <= (100.0 - lowest) / 100.0 + 1e-15:
            return colour, label
    return BANDS[-1][1], BANDS[-1][2]


def uptime_bars_table(days: pd.DataFrame, *, group: str = "service", n_days: int | None = None) -> pd.DataFrame:
    """The bars as data: one row per group x day, in the order drawn.

    Parameters
    ----------
    days
        One row per group x day: ``group``, ``period_start`` (tz-aware), ``unavailability`` (NaN = no
        data), ``downtime_seconds`` and ``observed_seconds`` (or ``period_seconds``).
    group
        The column naming the row of bars.
    n_days
        Keep only the last ``n_days`` days (default: all).

    Returns
    -------
    pandas.DataFrame
        ``group``, ``day`` (ISO date), ``unavailability``, ``availability_percent``, ``colour``,
        ``band``, and per group ``overall_percent`` (downtime over observed time of the days shown).
    """
    import numpy as np

    observed = "observed_seconds" if "observed_seconds" in days.columns else "period_seconds"
    df = days[[group, "period_start", "unavailability", "downtime_seconds", observed]].copy()
    df = df.sort_values([group, "period_start"], kind="stable")
    if n_days is not None:
        keep = sorted(df["period_start"].unique())[-n_days:]
        df = df[df["period_start"].isin(keep)]
    u = df["unavailability"].to_numpy(dtype=float)
    u = np.where(df[observed].to_numpy(dtype=float) > 0, u, np.nan)
    picked = [band(float(x)) for x in u]
    df["day"] = [ts.date().isoformat() for ts in df["period_start"]]
    df["unavailability"] = u
    df["availability_percent"] = 100.0 - 100.0 * u
    df["colour"] = [c for c, _ in picked]
    df["band"] = [label for _, label in picked]
    sums = df.groupby(group, sort=False)[["downtime_seconds", observed]].transform("sum")
    with np.errstate(invalid="ignore", divide="ignore"):
        overall = np.where(sums[observed] > 0, 100.0 - 100.0 * sums["downtime_seconds"] / sums[observed], np.nan)
    df["overall_percent"] = overall
    return df[[group, "day", "unavailability", "availability_percent", "colour", "band", "overall_percent"]]\
        .rename(columns={group: "group"}).reset_index(drop=True)


def uptime_bars_chart(
    days: pd.DataFrame,
    *,
    group: str = "service",
    n_days: int | None = 90,
    title: str = "Uptime, last 90 days",
    ax: Axes | None = None,
) -> Figure:
    """Draw the uptime bars of :func:`uptime_bars_table` (one row of bars per group, newest day on the right).

    Returns
    -------
    matplotlib.figure.Figure
        One bar (a Rectangle patch) per group x day, coloured by :data:`BANDS` (grey: no data);
        y tick labels are the groups (first at the top); the text right of each row is its
        availability over the days shown; the x ticks name the first and last day.
    """
    import math

    import numpy as np
    from matplotlib.patches import Patch

    from ...availability import format_percent

    table = uptime_bars_table(days, group=group, n_days=n_days) if days is not None and len(days) else None
    groups = list(dict.fromkeys(table["group"])) if table is not None else []
    n_rows = max(len(groups), 1)
    fig, ax = figure_and_axes(ax, size=(9.0, 0.9 + 0.45 * n_rows))
    ax.set_title(title)
    if table is None or not len(table):
        no_data(ax, "no days to plot")
        return fig
    day_names = sorted(table["day"].unique())
    x_of = {d: i for i, d in enumerate(day_names)}
    for row, name in enumerate(groups):
        part = table[table["group"] == name]
        y = len(groups) - 1 - row
        x = np.array([x_of[d] for d in part["day"]], dtype=float)
        ax.bar(x, 0.7, bottom=y - 0.35, width=0.75, color=list(part["colour"]), linewidth=0)
        overall = float(part["overall_percent"].iloc[0])
        text = "no data" if math.isnan(overall) else f"{format_percent(1 - overall / 100)} uptime"
        ax.text(len(day_names) - 0.3, y, text, va="center", ha="left", fontsize=8)
    ax.set_yticks(range(len(groups)), list(reversed([str(g) for g in groups])))
    ax.set_ylim(-0.6, len(groups) - 0.4)
    ax.set_xlim(-0.6, len(day_names) - 0.4)
    ax.set_xticks([0, len(day_names) - 1], [day_names[0], day_names[-1]])
    ax.grid(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0)
    handles = [Patch(color=c, label=label) for _, c, label in BANDS] + [Patch(color=NO_DATA[0], label=NO_DATA[1])]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02 - 0.25 / n_rows), ncols=5)
    return fig
