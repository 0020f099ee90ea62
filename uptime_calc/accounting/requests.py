"""Request-based availability per group and calendar period: good / valid.

The rules (SRE workbook, ch. 2 "Implementing SLOs": availability is the share of valid requests
served well), each printed in the method:

* a request with a 5xx status is bad;
* statuses in ``exclude`` (default 429: the client was asked to slow down) and requests that got
  no status (HAProxy -1, Envoy 0: the client went away) are not valid: left out of both counts;
* with ``slow``, a valid request slower than it is bad too;
* counts from a metrics system are taken as they are: good of total.

Periods, SLO budget and SLA credit are those of ``incidents``
(:mod:`~uptime_calc.accounting.periods`, :func:`~uptime_calc.accounting.budget.budget_columns`,
:func:`uptime_calc.sla.credit_for`), in requests instead of seconds.

>>> import numpy as np
>>> from uptime_calc.signals.requests import RequestLog
>>> t = np.array([0, 1, 2, 3], dtype=np.int64) * 10**9
>>> log = RequestLog("requests", t, status=np.array([200, 503, 429, 404], dtype=np.int16))
>>> m = measure_requests(log, period="day")
>>> row = m.table.iloc[0]
>>> int(row["good_requests"]), int(row["valid_requests"]), int(row["excluded_requests"])
(2, 3, 1)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..availability import Availability, format_percent
from ..errors import InputError
from ..tabular import Column, Document, Table
from .periods import check_period, check_tz, covering_window, ns_to_iso, period_labels, to_ns, window_periods
from .sli import SliSeries, budget_figures, from_events, nines, unavailability

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from ..signals.requests import RequestLog
    from ..sla import SlaTable

DEFAULT_EXCLUDE: tuple[int, ...] = (429,)


@dataclass(frozen=True)
class Classified:
    """Each request (or count row) as weights: ``good``, ``valid``, and the group code."""

    t_ns: np.ndarray
    good: np.ndarray
    valid: np.ndarray
    total: np.ndarray
    slow: np.ndarray | None
    group: np.ndarray
    labels: dict[str, np.ndarray]


@dataclass(frozen=True)
class RequestMeasurement:
    """Request-based availability per group x period.

    Attributes
    ----------
    table:
        One row per group x period: the group key (if any), ``period``, ``period_start``,
        ``period_end``, ``requests`` (all read), ``excluded_requests``, ``valid_requests``,
        ``good_requests``, ``bad_requests``, ``slow_requests`` (with ``slow``),
        ``unavailability`` (bad / valid), ``availability_percent``, ``nines``; with an SLO
        ``slo_met``, ``budget_requests``, ``budget_used_requests``, ``budget_remaining_requests``,
        ``budget_used_percent``, ``budget_remaining_percent``, ``burn_rate``; with an SLA
        ``credit_percent`` and ``sla_tier``.
    totals:
        The same per group over the whole window.
    log:
        What was read.
    classified:
        The requests as weights (for a series: :meth:`series`).
    """

    table: pd.DataFrame
    totals: pd.DataFrame
    log: RequestLog
    classified: Classified
    window: tuple[int, int]
    method: dict[str, Any]
    warnings: tuple[str, ...] = ()
    group_by: tuple[str, ...] = ()
    tz: str = "UTC"
    slo: Availability | None = None
    extra_tables: tuple[Table, ...] = field(default=())

    def series(self, step_ns: int, window: tuple[int, int] | None = None) -> SliSeries:
        """Bad and valid requests per group and step over the window (or ``window``)."""
        c = self.classified
        lo, hi = window or self.window
        return from_events(c.group, c.t_ns, c.valid - c.good, c.valid, lo=lo, hi=hi, step_ns=step_ns,
                           labels=c.labels, tz=self.tz, source=self.log.source)

    def missed(self, target: Availability) -> list[str]:
        """Lines naming each row (group x period) whose availability is below ``target``."""
        bad = self.table[self.table["unavailability"] > target.unavailability]
        out = []
        for _, row in bad.iterrows():
            who = ", ".join(str(row[k]) for k in self.group_by)
            out.append(f"{who + ' ' if who else ''}{row['period']}: {format_percent(float(row['unavailability']))} "
                       f"< {format_percent(target.unavailability)}")
        return out

    def to_document(self) -> Document:
        """Rows per group x period, totals per group, the method, and the malformed lines."""
        keys = self.group_by
        has = set(self.table.columns)
        cols = [Column(k, k.replace("_", " ").capitalize()) for k in keys]
        cols += [
            Column("period", "Period"),
            Column("availability_percent", "Availability", "availability"),
            Column("nines", "Nines", "nines"),
            Column("good_requests", "Good", "count"),
            Column("valid_requests", "Valid", "count"),
            Column("bad_requests", "Bad", "count"),
            Column("excluded_requests", "Excluded", "count"),
        ]
        if "slow_requests" in has:
            cols.append(Column("slow_requests", "Slow", "count"))
        if "slo_met" in has:
            cols += [
                Column("slo_met", "SLO met", "bool"),
                Column("budget_remaining_requests", "Budget left", "number"),
                Column("budget_remaining_percent", "Left %", "percent"),
                Column("burn_rate", "Burn", "number"),
            ]
        if "credit_percent" in has:
            cols.append(Column("credit_percent", "Credit", "percent"))
        total_cols = [c for c in cols if c.key != "period"]
        log = self.log
        return Document(
            tables=[
                Table("rows", "Request availability per " + " x ".join([*keys, "period"]), cols,
                      _records(self.table)),
                Table("totals", "Whole window", total_cols, _records(self.totals)),
                *self.extra_tables,
            ],
            method=self.method,
            summary={"malformed": {"lines": log.malformed,
                                   "shown": [{"line": n, "text": text} for n, text in log.malformed_shown]}},
            warnings=list(self.warnings),
            title="Request accounting",
        )


def parse_codes(text: str | Iterable[int] | None) -> tuple[int, ...]:
    """``"429,499"`` -> ``(429, 499)``; ``"none"`` or ``""`` -> ``()``.

    >>> parse_codes("429, 499"), parse_codes("none")
    ((429, 499), ())
    """
    if text is None:
        return DEFAULT_EXCLUDE
    if not isinstance(text, str):
        return tuple(int(c) for c in text)
    if text.strip().lower() in ("", "none"):
        return ()
    out = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not 100 <= int(part) <= 999:
            raise InputError(f"cannot read status code {part!r} in --exclude; give codes such as 429,499 (or none)")
        out.append(int(part))
    return tuple(out)


def classify(log: RequestLog, *, exclude: Iterable[int] = DEFAULT_EXCLUDE, slow: float | None = None) -> Classified:
    """Good and valid weight of each request (or count row) of ``log`` (the rules of this module)."""
    import numpy as np

    n = len(log.time_ns)
    keys = list(log.groups)
    group = log.groups[keys[0]] if keys else np.zeros(n, dtype=np.int32)
    labels = {keys[0]: log.labels[keys[0]]} if keys else {}
    if log.kind == "counts":
        if slow is not None:
            raise InputError("--slow needs a latency per request; a counts table has none (count slow requests as "
                             "bad in the metrics query instead)", source=log.source)
        assert log.good is not None and log.total is not None
        # a row counts the step ending at its time (Prometheus' increase(x[step]) covers (t - step, t]):
        # placed just before it, a row stamped at midnight counts in the day that ended
        return Classified(log.time_ns - 1, log.good, log.total, log.total, None, group, labels)
    assert log.status is not None
    status = log.status
    codes = np.asarray(sorted(set(exclude)), dtype=np.int16)
    excluded = (status < 100) | np.isin(status, codes)
    bad = (status >= 500) & (status <= 599)
    slow_mask = None
    if slow is not None:
        if log.latency_s is None:
            raise InputError(f"--slow needs a latency per request, and this log has none ({log.method.get('format')}"
                             "); log $request_time (nginx) or use HAProxy, Envoy or a CSV with a latency column",
                             source=log.source)
        slow_mask = ~excluded & (log.latency_s > slow)
        bad = bad | slow_mask
    valid = (~excluded).astype(float)
    good = (~excluded & ~bad).astype(float)
    return Classified(log.time_ns, good, valid, np.ones(n), slow_mask, group, labels)


def measure_requests(
    log: RequestLog,
    *,
    period: str = "month",
    tz: str = "UTC",
    window: tuple[Any, Any] | None = None,
    exclude: Iterable[int] | str | None = None,
    slow: float | None = None,
    slo: Availability | None = None,
    sla: SlaTable | str | None = None,
) -> RequestMeasurement:
    """Good / valid requests per group and calendar period of ``log``.

    Parameters
    ----------
    log:
        From :func:`uptime_calc.signals.requests.read_requests`.
    period, tz, window:
        As for :func:`uptime_calc.accounting.measure.measure`: calendar periods in ``tz``; the
        window defaults to the whole periods covering the requests.
    exclude:
        Statuses left out of valid (default 429), e.g. ``"429,499"`` or ``"none"``.
    slow:
        Latency (seconds) above which a valid request is bad.
    slo, sla:
        Objective for the budget columns; credit tiers (or their name) for ``credit_percent``.
    """
    import numpy as np

    period = check_period(period)
    tz = check_tz(tz)
    codes = parse_codes(exclude if not isinstance(exclude, str) or exclude is None else exclude)
    c = classify(log, exclude=codes, slow=slow)
    if not len(c.t_ns) and window is None:
        raise InputError("no request could be read; check the format (--log-format) and the malformed lines",
                         source=log.source)
    lo_user = to_ns(window[0], tz, what="--from") if window and window[0] is not None else None
    hi_user = to_ns(window[1], tz, what="--to") if window and window[1] is not None else None
    if lo_user is None or hi_user is None:
        tmin = int(c.t_ns.min()) if len(c.t_ns) else (lo_user if lo_user is not None else hi_user)
        tmax = int(c.t_ns.max()) if len(c.t_ns) else tmin
        assert tmin is not None and tmax is not None
        lo_d, hi_d = covering_window(tmin, tmax + 1, period, tz)
        lo = lo_user if lo_user is not None else lo_d
        hi = hi_user if hi_user is not None else hi_d
    else:
        lo, hi = lo_user, hi_user
    bounds = window_periods(lo, hi, period, tz)
    inside = (c.t_ns >= lo) & (c.t_ns < hi)
    n_groups = len(next(iter(c.labels.values()))) if c.labels else 1
    n_p = len(bounds) - 1
    p = np.searchsorted(bounds, c.t_ns[inside], side="right") - 1
    cell = c.group[inside].astype(np.int64) * n_p + p

    def per_cell(w: np.ndarray | None) -> np.ndarray:
        if w is None:
            return np.zeros(n_groups * n_p)
        return np.bincount(cell, weights=np.asarray(w, dtype=float)[inside], minlength=n_groups * n_p)

    sums = {"requests": per_cell(c.total), "valid": per_cell(c.valid), "good": per_cell(c.good)}
    if c.slow is not None:
        sums["slow"] = per_cell(c.slow)
    table = _frame(sums, bounds, np.arange(n_groups * n_p) // n_p, np.arange(n_groups * n_p) % n_p, c.labels, tz,
                   period, log.kind)
    whole = np.array([lo, hi], dtype=np.int64)
    tot = {k: v.reshape(n_groups, n_p).sum(axis=1) for k, v in sums.items()}
    totals = _frame(tot, whole, np.arange(n_groups), np.zeros(n_groups, dtype=np.int64), c.labels, tz, "all",
                    log.kind)
    sla_table = _load_sla(sla)
    for df in (table, totals):
        if slo is not None:
            for key, values in budget_figures(df["bad_requests"], df["valid_requests"], slo, "requests").items():
                df[key] = values
        if sla_table is not None:
            _add_credit(df, sla_table)
    warnings = []
    outside = int(len(c.t_ns) - inside.sum())
    if log.malformed:
        warnings.append(log.malformed_note())
        method_malformed = log.malformed_note()
    else:
        method_malformed = "none"
    no_valid = int((table["valid_requests"] == 0).sum())
    method = dict(log.method)
    method.update(
        window=f"{ns_to_iso(lo, tz)} .. {ns_to_iso(hi, tz)} ("
        + ("given" if lo_user is not None and hi_user is not None else
           f"whole {'days' if period == 'all' else period + 's'} covering the requests") + ")"
        + (f"; {outside} outside it left out" if outside else ""),
        time_zone=tz,
        period=f"{period} (calendar, in {tz})" if period != "all" else "all (the whole window)",
        malformed=method_malformed,
        rules=_rules(log.kind, codes, slow),
        availability="U = bad / valid requests (exact); A = good / valid; nines = -log10(U)"
        + (f"; {no_valid} row(s) without valid requests have no availability" if no_valid else ""),
    )
    if slo is not None:
        method["slo"] = (f"{slo} (budget = (1 - SLO) x valid requests; burn rate = U / (1 - SLO))")
    if sla_table is not None:
        method["sla"] = f"{sla_table.title} ({sla_table.source})" if sla_table.source else sla_table.title
    return RequestMeasurement(table=table, totals=totals, log=log, classified=c, window=(lo, hi), method=method,
                              warnings=tuple(warnings), group_by=tuple(c.labels), tz=tz, slo=slo)


def measure_requests_file(path: Any, *, log_format: str = "auto", tz: str = "UTC", group_by: str | None = None,
                          strict: bool = False, progress: Any = None, **options: Any) -> RequestMeasurement:
    """:func:`~uptime_calc.signals.requests.read_requests` then :func:`measure_requests` (``options``)."""
    from ..signals.requests import read_requests

    log = read_requests(path, log_format=log_format, tz=tz, group_by=group_by, strict=strict, progress=progress)
    if progress is not None:
        progress("accounting", 0, 1)
    return measure_requests(log, tz=tz, **options)


def _rules(kind: str, codes: tuple[int, ...], slow: float | None) -> str:
    if kind == "counts":
        return "counts as given: good of total per row"
    parts = ["5xx bad",
             ("excluded from valid: " + ", ".join(map(str, codes)) + " and no status (client gone)") if codes
             else "excluded from valid: no status only (client gone)"]
    parts.append(f"slower than {slow:g}s bad" if slow is not None else "latency not judged")
    return "; ".join(parts) + "; everything else good"


def _frame(sums: dict[str, np.ndarray], bounds: np.ndarray, g: np.ndarray, p: np.ndarray,
           labels: dict[str, np.ndarray], tz: str, period: str, kind: str) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    starts = pd.DatetimeIndex(bounds[:-1].view("M8[ns]")).tz_localize("UTC").tz_convert(tz)
    ends = pd.DatetimeIndex(bounds[1:].view("M8[ns]")).tz_localize("UTC").tz_convert(tz)
    names = period_labels(starts, ends, period)
    data: dict[str, Any] = {k: np.asarray(v, dtype=object)[g] for k, v in labels.items()}
    valid, good = sums["valid"], sums["good"]
    u = unavailability(valid - good, valid)
    as_int = kind == "requests"

    def count(x: np.ndarray) -> np.ndarray:
        return np.round(x).astype(np.int64) if as_int else x

    data.update(
        period=names[p], period_start=starts[p], period_end=ends[p],
        requests=count(sums["requests"]), excluded_requests=count(sums["requests"] - valid),
        valid_requests=count(valid), good_requests=count(good), bad_requests=count(valid - good),
    )
    if "slow" in sums:
        data["slow_requests"] = count(sums["slow"])
    data.update(unavailability=u, availability_percent=100.0 - 100.0 * u, nines=nines(u))
    return pd.DataFrame(data)


def _load_sla(sla: Any) -> SlaTable | None:
    if sla is None:
        return None
    from ..sla import SlaTable, load_sla

    return sla if isinstance(sla, SlaTable) else load_sla(sla)


def _add_credit(df: pd.DataFrame, table: SlaTable) -> None:
    from ..sla import credit_columns

    df["credit_percent"], df["sla_tier"] = credit_columns(df["unavailability"].to_numpy(), table)


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of Python values: times as ISO text, missing values as None."""
    out = df.copy()
    for col in ("period_start", "period_end"):
        if col in out.columns:
            out[col] = [ts.isoformat() for ts in out[col]]
    return out.astype(object).where(out.notna(), None).to_dict("records")
