"""Rolling windows: the trailing window (28 or 30 days, or any length) evaluated at every step.

An SLO over a rolling window is met at an instant when the window ending then stays within its
budget (SRE workbook, ch. 2: "a rolling window ... is more closely aligned with user
experience"). At each step boundary ``t`` the window is ``[t - W, t)``; its unavailability is
``bad / valid`` over it, and its budget, burn rate and compliance come from
:func:`~uptime_calc.accounting.budget.budget_columns` (one definition for calendar and rolling).

Windows ending before a whole ``W`` of data exists are partial (``complete`` false): they are
shown, but the worst window and the time out of compliance count complete windows only.

>>> import numpy as np
>>> from uptime_calc.accounting.sli import SliSeries
>>> from uptime_calc.availability import Availability
>>> day = 86400
>>> s = SliSeries("time", 0, day * 10**9, np.array([[0, 0, 864.0, 0]]), np.full((1, 4), float(day)))
>>> r = rolling(s, 2 * day, slo=Availability.from_percent("99.9"))
>>> r.table["unavailability"].tolist()[1:]
[0.0, 0.005, 0.005]
>>> int(r.summary.iloc[0]["out_of_compliance_steps"])
2
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..availability import Availability
from ..errors import InputError
from ..tabular import Column, ColumnKind, Table
from .periods import ns_to_iso
from .sli import NS, SliSeries, budget_figures, nines, unavailability

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Rolling:
    """Trailing windows of one length, evaluated at every step of a series.

    Attributes
    ----------
    table:
        One row per group x step boundary: the group keys, ``window_start``, ``window_end``,
        ``complete``, ``bad_<unit>``, ``valid_<unit>``, ``unavailability``, ``availability_percent``,
        ``nines``; with an SLO the budget columns (``slo_met``, ``budget_<unit>``,
        ``budget_remaining_<unit>``, ``budget_remaining_percent``, ``burn_rate``...).
    summary:
        One row per group: ``windows`` (complete ones), ``worst_window_end``,
        ``worst_availability_percent``, ``worst_unavailability``; with an SLO
        ``out_of_compliance_steps``, ``out_of_compliance_seconds`` (steps x step),
        ``first_out_of_compliance``, ``last_out_of_compliance``, ``budget_remaining_<unit>`` and
        ``budget_remaining_percent`` of the last window.
    """

    table: pd.DataFrame
    summary: pd.DataFrame
    window_seconds: float
    step_seconds: float
    unit: str
    keys: tuple[str, ...]
    slo: Availability | None
    notes: tuple[str, ...] = ()

    def tables(self) -> list[Table]:
        """The ``rolling_summary`` and ``rolling`` tables (JSON keys) for a result document."""
        from ..units import format_duration

        w = format_duration(self.window_seconds)
        keys = [Column(k, k.replace("_", " ").capitalize()) for k in self.keys]
        summary_cols = [*keys, Column("windows", "Windows", "count"),
                        Column("worst_window_end", "Worst window ends", "datetime"),
                        Column("worst_availability_percent", "Worst", "availability",
                               unavailability_key="worst_unavailability")]
        unit_kind: ColumnKind = "duration" if self.unit == "seconds" else "number"
        if self.slo is not None:
            summary_cols += [Column("out_of_compliance_seconds", "Out of SLO", "duration"),
                             Column(f"budget_remaining_{self.unit}", "Budget left at end", unit_kind),
                             Column("budget_remaining_percent", "Left %", "percent")]
        cols = [*keys, Column("window_end", "Window ends", "datetime"),
                Column("availability_percent", "Availability", "availability"), Column("nines", "Nines", "nines"),
                Column(f"bad_{self.unit}", "Bad", unit_kind)]
        if self.slo is not None:
            cols += [Column("slo_met", "SLO met", "bool"), Column("burn_rate", "Burn", "number"),
                     Column("budget_remaining_percent", "Left %", "percent")]
        return [
            Table("rolling_summary", f"Rolling {w} windows", summary_cols, _records(self.summary)),
            Table("rolling", f"Rolling {w} window at each step", cols, _records(self.table)),
        ]


def rolling(series: SliSeries, window_seconds: float, *, slo: Availability | None = None) -> Rolling:
    """The trailing window of ``window_seconds`` at every step boundary of ``series``.

    The window must be a whole number of the series' steps (28d with a 1d step, 30d with 1h...).
    """
    import numpy as np
    import pandas as pd

    step_s = series.step_ns / NS
    k = window_seconds / step_s
    if window_seconds < step_s or abs(k - round(k)) > 1e-9:
        from ..units import format_duration

        raise InputError(f"the rolling window ({format_duration(window_seconds)}) must be a whole number of steps "
                         f"(--step {format_duration(step_s)}); e.g. --rolling 28d --step 1d")
    k = int(round(k))
    cb, cv = series.cumulative()
    n = series.n_steps
    ends = np.arange(1, n + 1)
    starts = np.maximum(ends - k, 0)
    bad = cb[:, ends] - cb[:, starts]
    valid = cv[:, ends] - cv[:, starts]
    complete = ends >= k
    edges = series.edges()
    u = unavailability(bad, valid)
    unit = series.unit
    g = np.repeat(np.arange(series.n_groups), n)
    data: dict[str, Any] = {key: np.asarray(v, dtype=object)[g] for key, v in series.labels.items()}
    data.update(
        window_start=_stamps(np.tile(edges[starts], series.n_groups), series.tz),
        window_end=_stamps(np.tile(edges[ends], series.n_groups), series.tz),
        complete=np.tile(complete, series.n_groups),
        **{f"bad_{unit}": bad.ravel(), f"valid_{unit}": valid.ravel()},
        unavailability=u.ravel(), availability_percent=100.0 - 100.0 * u.ravel(), nines=nines(u.ravel()),
    )
    if slo is not None:
        data.update(budget_figures(bad.ravel(), valid.ravel(), slo, unit))
    table = pd.DataFrame(data)
    notes = []
    counted = complete if complete.any() else np.ones(n, dtype=bool)
    if not complete.any():
        from ..units import format_duration

        notes.append(f"the data span less than one {format_duration(window_seconds)} window: the summary counts the "
                     "partial windows")
    rows = []
    for i in range(series.n_groups):
        ui = np.where(counted & ~np.isnan(u[i]), u[i], -np.inf)
        worst = int(np.argmax(ui))
        row: dict[str, Any] = dict(series.group_row(i))
        row.update(windows=int(complete.sum()), worst_window_end=ns_to_iso(int(edges[ends[worst]]), series.tz),
                   worst_unavailability=float(u[i, worst]),
                   worst_availability_percent=100.0 - 100.0 * float(u[i, worst]))
        if slo is not None:
            met = budget_figures(bad[i], valid[i], slo, unit)
            out = counted & ~met["slo_met"] & (valid[i] > 0)
            at = np.flatnonzero(out)
            row.update(out_of_compliance_steps=int(out.sum()), out_of_compliance_seconds=float(out.sum() * step_s),
                       first_out_of_compliance=ns_to_iso(int(edges[ends[at[0]]]), series.tz) if len(at) else None,
                       last_out_of_compliance=ns_to_iso(int(edges[ends[at[-1]]]), series.tz) if len(at) else None)
            row[f"budget_remaining_{unit}"] = float(met[f"budget_remaining_{unit}"][-1])
            row["budget_remaining_percent"] = float(met["budget_remaining_percent"][-1])
        rows.append(row)
    return Rolling(table=table, summary=pd.DataFrame(rows), window_seconds=float(window_seconds),
                   step_seconds=step_s, unit=unit, keys=tuple(series.labels), slo=slo, notes=tuple(notes))


def _stamps(ns: Any, tz: str) -> pd.DatetimeIndex:
    import numpy as np
    import pandas as pd

    return pd.DatetimeIndex(np.asarray(ns, dtype=np.int64).view("M8[ns]")).tz_localize("UTC").tz_convert(tz)


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of Python values: timestamps as ISO text, missing values as None."""
    import pandas as pd

    out = df.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = [ts.isoformat() for ts in out[col]]
    return out.astype(object).where(out.notna(), None).to_dict("records")
