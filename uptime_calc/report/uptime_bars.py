"""Status-page uptime bars from an incident log or a probe log (``uptime-calc chart uptime-bars``)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

#: rows of bars drawn at most (the most downtime first); a status page lists a few components
MAX_ROWS = 15


def _last_days(last_ns: int, days: int, tz: str) -> tuple[int, int]:
    """The ``days`` whole local days ending with the day of ``last_ns``."""
    import pandas as pd

    from ..accounting.periods import covering_window, to_ns

    hi = covering_window(last_ns, last_ns + 1, "day", tz)[1]
    end_day = pd.Timestamp(hi, tz="UTC").tz_convert(tz).tz_localize(None)
    lo = to_ns(end_day - pd.Timedelta(days=days), tz)
    return lo, hi


def daily_availability(
    path: str | os.PathLike[str],
    *,
    source: Literal["incidents", "probes"] = "incidents",
    days: int = 90,
    window: tuple[Any, Any] | None = None,
    tz: str = "UTC",
    read_options: Mapping[str, Any] | None = None,
    measure_options: Mapping[str, Any] | None = None,
) -> tuple[pd.DataFrame, str]:
    """Availability per group and day over the last ``days`` days of the data (or over ``window``).

    Returns the per-day rows (``period_start``, ``unavailability``, ``downtime_seconds`` and
    ``period_seconds`` or ``observed_seconds``) and the name of the group column: ``service`` for an
    incident log (a day without incidents is up), ``target`` for probes (a day without probes has
    no data).
    """
    from ..errors import InputError

    if days < 1:
        raise InputError(f"days must be 1 or more, got {days}")
    given = window if window is not None and window[0] is not None and window[1] is not None else None
    if source == "probes":
        return _probe_days(Path(path), days, given, tz, dict(read_options or {}), dict(measure_options or {}))
    if source != "incidents":
        raise InputError(f"uptime bars are drawn from incidents or probes, not {source!r}")
    return _incident_days(Path(path), days, given, tz, dict(read_options or {}), dict(measure_options or {}))


def _probe_days(path: Path, days: int, window: tuple[Any, Any] | None, tz: str, read_options: dict[str, Any],
                measure_options: dict[str, Any]) -> tuple[pd.DataFrame, str]:
    import pandas as pd

    from ..accounting.periods import to_ns
    from ..signals.probe_measure import measure_probes
    from ..signals.probes import read_probes

    log = read_probes(path, tz=tz, **read_options)
    lo, hi = (to_ns(window[0], tz), to_ns(window[1], tz)) if window else _last_days(int(log.time_ns.max()), days, tz)
    m = measure_probes(log, period="day", tz=tz, window=(pd.Timestamp(lo, tz="UTC"), pd.Timestamp(hi, tz="UTC")),
                       pairs=0, **measure_options)
    return m.table, "target"


def _incident_days(path: Path, days: int, window: tuple[Any, Any] | None, tz: str, read_options: dict[str, Any],
                   measure_options: dict[str, Any]) -> tuple[pd.DataFrame, str]:
    import numpy as np
    import pandas as pd

    from ..accounting.measure import measure
    from ..accounting.periods import to_ns
    from ..errors import InputError
    from ..incidents import read_incidents

    log = read_incidents(path, tz=tz, **read_options)
    frame = log.frame
    if window:
        lo, hi = to_ns(window[0], tz), to_ns(window[1], tz)
    else:
        stamps = pd.concat([frame["start"], frame["end"]]).dropna()
        if not len(stamps):
            raise InputError("the incident log has no times to place the days on; give --from and --to",
                             source=log.source)
        last = int(np.max(stamps.dt.tz_convert("UTC").dt.as_unit("ns").astype("int64").to_numpy()))
        lo, hi = _last_days(last, days, tz)
    m = measure(log, period="day", tz=tz, window=(pd.Timestamp(lo, tz="UTC"), pd.Timestamp(hi, tz="UTC")),
                uncertainty=False, **measure_options)
    return m.table, "service"


def uptime_bars_from_file(
    path: str | os.PathLike[str],
    *,
    source: Literal["incidents", "probes"] = "incidents",
    days: int = 90,
    window: tuple[Any, Any] | None = None,
    tz: str = "UTC",
    read_options: Mapping[str, Any] | None = None,
    measure_options: Mapping[str, Any] | None = None,
    service: str | None = None,
) -> Figure:
    """The uptime bars of a file: the :data:`MAX_ROWS` groups with the most downtime (or ``service``)."""
    from ..errors import InputError
    from ..render.charts import chart_function

    table, group = daily_availability(path, source=source, days=days, window=window, tz=tz,
                                      read_options=read_options, measure_options=measure_options)
    names = sorted(str(v) for v in table[group].unique())
    if service is not None:
        if service not in names:
            raise InputError(f"no {group} {service!r} in {os.fspath(path)}; there are: {', '.join(names[:20])}")
        table = table[table[group].astype(str) == service]
    note = ""
    if table[group].nunique() > MAX_ROWS:
        worst = (table.groupby(group, observed=True)["downtime_seconds"].sum()
                 .sort_values(ascending=False, kind="stable").index[:MAX_ROWS])
        table = table[table[group].isin(worst)]
        note = f" ({MAX_ROWS} of {len(names)} with the most downtime)"
    n_days = table["period_start"].nunique()
    return chart_function("uptime-bars")(  # type: ignore[no-any-return]
        table, group=group, n_days=None, title=f"Uptime, last {n_days} days{note}")
