"""Calendar periods in a time zone: days, ISO weeks, months, quarters and years.

Incident accounting reports per *real* calendar period (SPEC section 2): a day
in Europe/Berlin starts at local midnight, so the day of the spring DST change
lasts 23 hours and the autumn one 25 hours. Boundaries are returned as
``int64`` nanoseconds since the Unix epoch (UTC), the unit the vectorised
:mod:`uptime_calc.accounting.engine` works in.

>>> import pandas as pd
>>> t0 = pd.Timestamp("2024-03-30T12:00", tz="Europe/Berlin").value
>>> t1 = pd.Timestamp("2024-04-01T12:00", tz="Europe/Berlin").value
>>> b = period_boundaries(t0, t1, "day", "Europe/Berlin")
>>> [int(x) for x in (b[1:] - b[:-1]) // 3_600_000_000_000]
[24, 23, 24]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from ..errors import InputError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

PeriodName = Literal["day", "week", "month", "quarter", "year", "all"]
PERIOD_CHOICES: tuple[str, ...] = ("day", "week", "month", "quarter", "year", "all")

#: pandas offset aliases for each calendar period (weeks start on Monday, ISO 8601)
_FREQ = {"day": "D", "week": "7D", "month": "MS", "quarter": "QS-JAN", "year": "YS"}



#: the instants ``datetime64[ns]`` holds: the times this tool can hold
TIME_RANGE = "1677-09-21 00:12:44 .. 2262-04-11 23:47:16 UTC"
#: the same, in days (for a time given by the user, or a window, where the exact instant matters less)
DATE_RANGE = "1677-09-21 .. 2262-04-11"

def check_period(period: str) -> str:
    """Validate a period name, raising :class:`InputError` listing the choices."""
    name = str(period).strip().lower()
    if name not in PERIOD_CHOICES:
        raise InputError(f"unknown period {period!r}; choose one of {', '.join(PERIOD_CHOICES)}")
    return name


def check_tz(tz: str) -> str:
    """Validate an IANA time zone name such as ``Europe/Berlin``."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(str(tz))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InputError(
            f"unknown time zone {tz!r}; use an IANA name such as UTC, Europe/Berlin or America/Denver"
        ) from exc
    return str(tz)


def _floor_local(local: pd.Timestamp, period: str) -> pd.Timestamp:
    """The naive local start of the calendar period containing naive local time ``local``."""
    import pandas as pd

    day = local.normalize()
    if period == "day":
        return day
    if period == "week":
        return day - pd.Timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(month=1, day=1)


def _localize(naive: pd.DatetimeIndex, tz: str) -> pd.DatetimeIndex:
    import numpy as np

    # A local midnight can be ambiguous (a fall-back at 00:00) or skipped (a spring-forward at
    # 00:00, e.g. America/Havana): take the first occurrence, or the first instant after the gap.
    return naive.tz_localize(
        tz, ambiguous=np.ones(len(naive), dtype=bool), nonexistent="shift_forward"
    ).tz_convert("UTC")


def period_boundaries(start_ns: int, end_ns: int, period: str, tz: str = "UTC") -> np.ndarray:
    """Instants where the calendar periods covering ``[start_ns, end_ns]`` begin and end.

    Parameters
    ----------
    start_ns, end_ns:
        The span to cover, as int64 nanoseconds since the epoch (UTC).
    period:
        ``day``, ``week`` (ISO, Monday first), ``month``, ``quarter``, ``year``, or ``all``
        (one period: ``[start_ns, end_ns]`` itself).
    tz:
        IANA time zone whose calendar defines the periods (DST-aware).

    Returns
    -------
    numpy.ndarray
        Sorted int64 nanoseconds ``b`` with ``b[0] <= start_ns`` and ``b[-1] >= end_ns``;
        period ``i`` is ``[b[i], b[i+1])``.
    """
    import numpy as np
    import pandas as pd

    period = check_period(period)
    if end_ns < start_ns:
        raise InputError("the window ends before it starts; give --to later than --from")
    if period == "all":
        return np.array([start_ns, max(end_ns, start_ns + 1)], dtype=np.int64)
    tz = check_tz(tz)
    first = _floor_local(pd.Timestamp(start_ns, tz="UTC").tz_convert(tz).tz_localize(None), period)
    last_local = pd.Timestamp(end_ns, tz="UTC").tz_convert(tz).tz_localize(None)
    last = _floor_local(last_local, period)
    naive = pd.date_range(first, last, freq=_FREQ[period])
    # one more boundary so that the last period closes at or after end_ns
    nxt = pd.date_range(last, periods=2, freq=_FREQ[period])[1:]
    bounds = _localize(naive.append(nxt), tz).as_unit("ns").asi8
    if bounds[-2] >= end_ns and len(bounds) > 2:
        bounds = bounds[:-1]  # end_ns fell exactly on a boundary
    return np.asarray(bounds, dtype=np.int64)


def covering_window(tmin_ns: int, tmax_ns: int, period: str, tz: str = "UTC") -> tuple[int, int]:
    """The whole calendar periods that cover ``[tmin_ns, tmax_ns]`` (the default reporting window).

    For ``period="all"`` the window is whole local days. Raises :class:`InputError` when those
    periods reach past :data:`TIME_RANGE`.
    """
    import pandas as pd

    name = "day" if check_period(period) == "all" else period
    check_tz(tz)
    try:
        b = period_boundaries(tmin_ns, tmax_ns, name, tz)
    except (OverflowError, pd.errors.OutOfBoundsDatetime, ValueError):  # pandas' calendar arithmetic overflowed
        raise InputError(f"the whole {name}s around the data reach past {DATE_RANGE}, the times this tool can "
                         "hold; give both --from and --to") from None
    return int(b[0]), int(b[-1])


def window_periods(start_ns: int, end_ns: int, period: str, tz: str = "UTC") -> np.ndarray:
    """Boundaries of the periods inside the window ``[start_ns, end_ns)``, clipped to it.

    The first and last periods are partial when the window does not fall on period boundaries.

    >>> window_periods(0, 86_400 * 10**9, "all").tolist()
    [0, 86400000000000]
    """
    import numpy as np

    if end_ns <= start_ns:
        raise InputError("the reporting window is empty; give --to later than --from")
    b = period_boundaries(start_ns, end_ns, period, tz)
    inner = b[(b > start_ns) & (b < end_ns)]
    return np.concatenate([[start_ns], inner, [end_ns]]).astype(np.int64)


def to_ns(value: object, tz: str = "UTC", *, what: str = "time") -> int:
    """A timestamp (ISO string, datetime or pandas Timestamp) as int64 ns UTC; naive means ``tz``."""
    import pandas as pd

    try:
        ts = pd.Timestamp(value)  # type: ignore[arg-type]
    except (ValueError, TypeError) as exc:
        raise InputError(
            f"cannot read {what} {value!r}; give an ISO date or time such as 2024-01-31 or 2024-01-31T12:00Z"
        ) from exc
    if ts is pd.NaT:
        raise InputError(f"{what} is empty; give an ISO date or time such as 2024-01-31")
    zone = check_tz(tz)
    try:
        if ts.tzinfo is None:
            ts = ts.tz_localize(zone, ambiguous=True, nonexistent="shift_forward")
        return int(ts.tz_convert("UTC").as_unit("ns").value)
    except (pd.errors.OutOfBoundsDatetime, OverflowError):
        raise InputError(f"{what} {value!r} is outside {DATE_RANGE}, the times this tool can hold; "
                         "give a time within it") from None


def ns_to_iso(ns: int, tz: str = "UTC") -> str:
    """An int64 ns instant as ISO 8601 in ``tz`` (with its offset)."""
    import pandas as pd

    return pd.Timestamp(int(ns), tz="UTC").tz_convert(tz).isoformat()


def period_labels(starts: pd.DatetimeIndex, ends: pd.DatetimeIndex, period: str) -> np.ndarray:
    """Short human labels of periods given by their (local, tz-aware) starts and ends.

    ``2024-03-31`` (day), ``2024-W13`` (ISO week), ``2024-03`` (month), ``2024-Q1``, ``2024``;
    for ``all``: ``2024-01-01..2024-03-31`` (the last day included).
    """
    import numpy as np
    import pandas as pd

    if period == "day":
        out = [s.strftime("%Y-%m-%d") for s in starts]
    elif period == "week":
        out = [f"{s.isocalendar()[0]}-W{s.isocalendar()[1]:02d}" for s in starts]
    elif period == "month":
        out = [s.strftime("%Y-%m") for s in starts]
    elif period == "quarter":
        out = [f"{s.year}-Q{(s.month - 1) // 3 + 1}" for s in starts]
    elif period == "year":
        out = [str(s.year) for s in starts]
    else:
        out = [
            f"{s.strftime('%Y-%m-%d')}..{(e - pd.Timedelta(1, 'ns')).strftime('%Y-%m-%d')}"
            for s, e in zip(starts, ends, strict=True)
        ]
    return np.asarray(out, dtype=object)
