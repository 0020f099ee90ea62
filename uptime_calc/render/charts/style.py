"""House style shared by every chart: palette, fonts, figure creation, date axes, saving.

Colours are the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"),
distinguishable with the common forms of colour blindness. Figures are built
with the object-oriented API (:class:`matplotlib.figure.Figure`, no pyplot and
no global state) and drawn with Agg, so output does not depend on a display.
Fonts, DPI and the SVG id salt are fixed so the same data gives the same image.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Okabe-Ito palette by name
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: the order series are coloured in (black is kept for reference lines)
CYCLE: tuple[str, ...] = tuple(
    OKABE_ITO[k]
    for k in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue", "yellow")
)

#: the colour of target/SLO/SLA reference lines
TARGET_COLOR = OKABE_ITO["black"]
MAINTENANCE_COLOR = "#BBBBBB"

#: rc settings applied while a chart is built and saved (deterministic output)
RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9.0,
    "axes.titlesize": 11.0,
    "axes.titleweight": "bold",
    "axes.labelsize": 9.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.6,
    "legend.fontsize": 8.0,
    "legend.frameon": False,
    "svg.hashsalt": "uptime-calc",
    "svg.fonttype": "none",  # real text: selectable, small, fast; fonts named in the SVG
    "path.simplify": True,
    "text.parse_math": False,  # a "$" in a service name is text, not the start of a formula
}

DPI = 100


def color(i: int) -> str:
    """The ``i``-th series colour (cycling)."""
    return CYCLE[i % len(CYCLE)]


_MARKERS = ("o", "s", "^", "D")
_LINESTYLES = ("-", "--", "-.", ":")


def series_style(i: int) -> dict[str, Any]:
    """Colour, marker and line style of the ``i``-th series: past seven series the colours
    repeat, so the marker and dash change, and no two series look alike.

    >>> series_style(0) == {"color": "#0072B2", "marker": "o", "linestyle": "-"}
    True
    >>> series_style(7) == {"color": "#0072B2", "marker": "s", "linestyle": "--"}
    True
    """
    turn = (i // len(CYCLE)) % len(_MARKERS)
    return {"color": color(i), "marker": _MARKERS[turn], "linestyle": _LINESTYLES[turn]}


def figure_and_axes(ax: Axes | None, size: tuple[float, float] = (8.0, 4.0)) -> tuple[Figure, Axes]:
    """Return ``(figure, axes)``: a new constrained-layout figure, or the figure of ``ax``."""
    if ax is not None:
        return ax.get_figure(root=True), ax  # type: ignore[return-value]
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(RC):  # type: ignore[arg-type]
        fig = Figure(figsize=size, dpi=DPI, layout="constrained")
        axes = fig.add_subplot()
    return fig, axes


def style(ax: Axes) -> None:
    """Apply the house look to an axes made outside :func:`figure_and_axes`."""
    ax.grid(True, color=RC["grid.color"], linewidth=RC["grid.linewidth"])
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def date_axis(ax: Axes, axis: str = "x") -> None:
    """Concise, non-overlapping date labels (matplotlib's ConciseDateFormatter)."""
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=3, maxticks=9)
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(locator)
    target.set_major_formatter(mdates.ConciseDateFormatter(locator))


def to_naive_utc(values: Any) -> Any:
    """Datetimes (tz-aware or not) as a numpy ``datetime64[ns]`` array in UTC, for plotting."""
    import pandas as pd

    idx = pd.DatetimeIndex(pd.to_datetime(values, utc=True))
    return idx.tz_convert("UTC").tz_localize(None).to_numpy(dtype="datetime64[ns]")


def to_naive_local(values: Any, tz: str = "UTC") -> Any:
    """Datetimes (tz-aware, or naive UTC) as naive ``datetime64[ns]`` wall-clock times in ``tz``, for
    plotting on an axis labelled with that zone (a period starting at local midnight sits on midnight)."""
    import pandas as pd

    idx = pd.DatetimeIndex(pd.to_datetime(values, utc=True))
    return idx.tz_convert(tz).tz_localize(None).to_numpy(dtype="datetime64[ns]")


def literal_text(fig: Figure) -> None:
    """Every text of ``fig`` drawn as written: no math text, so ``$`` in input names shows as ``$``."""
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        text.set_parse_math(False)


def save(fig: Figure, fmt: str) -> bytes:
    """The figure as ``png`` or ``svg`` bytes, with fixed DPI and no timestamps in the metadata."""
    import matplotlib

    fmt = fmt.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        from ...errors import OutputError

        raise OutputError(f"charts are written as .png or .svg, not .{fmt}")
    buf = io.BytesIO()
    metadata: dict[str, Any] = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
    literal_text(fig)  # texts made before the RC applied (titles, legends, tick labels)
    with matplotlib.rc_context(RC):  # type: ignore[arg-type]
        fig.savefig(buf, format=fmt, dpi=DPI, metadata=metadata)
    return buf.getvalue()


def no_data(ax: Axes, message: str = "no data") -> None:
    """Write a centred note on an empty chart instead of leaving it blank."""
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#666666")
    ax.set_xticks([])
    ax.set_yticks([])


def time_unit(max_seconds: float) -> tuple[float, str]:
    """A readable axis unit for durations up to ``max_seconds``: ``(seconds per unit, name)``."""
    if max_seconds < 2 * 3600:
        return 60.0, "minutes"
    if max_seconds < 3 * 86400:
        return 3600.0, "hours"
    return 86400.0, "days"


def target_unavailability(target: Any) -> float | None:
    """A target given as :class:`~uptime_calc.availability.Availability`, a literal (``"99.9%"``,
    ``"3n"``) or a percentage number, as its unavailability ``U``; ``None`` stays ``None``."""
    if target is None:
        return None
    from ...availability import Availability
    from ...units import parse_availability

    if isinstance(target, Availability):
        return target.unavailability
    if isinstance(target, str):
        return parse_availability(target).unavailability
    return Availability.from_percent(float(target)).unavailability


def target_label(u: float, prefix: str = "target") -> str:
    """``"target 99.9%"`` for a target with unavailability ``u``."""
    from ...availability import format_percent

    return f"{prefix} {format_percent(u)}"
