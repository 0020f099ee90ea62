"""Measure availability from an incident log, per service and calendar period.

>>> import pandas as pd
>>> frame = pd.DataFrame({
...     "service": ["api", "api"],
...     "start": pd.to_datetime(["2024-01-10T00:00Z", "2024-01-10T00:30Z"]),
...     "end": pd.to_datetime(["2024-01-10T01:00Z", "2024-01-10T02:00Z"]),
...     "impact": ["major", "partial"],
... })
>>> m = measure(frame, period="month", uncertainty=False)
>>> row = m.table.iloc[0]
>>> row["downtime_seconds"], row["incidents"], row["period_seconds"] / 86400
(np.float64(5400.0), np.int64(1), np.float64(31.0))

The accounting, every step of which is printed in ``Measurement.method``:

* the reporting window (default: whole calendar periods covering the data) and the
  calendar periods inside it, in a time zone (DST days last 23 or 25 hours);
* per group (default: service, so the components of a service roll up in series: any
  component down means the service is down), overlapping records merge: an instant counts
  once, at the highest impact weight active then;
* maintenance is excluded from downtime and from the period length, unless counted;
* open incidents end at ``until`` (default: the window end), with a warning;
* records are clipped to the window; zero-length, end-before-start and duplicated records
  are excluded and reported;
* availability is computed as ``U = weighted downtime / period length`` (exactly), never as
  ``1 - A``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from .. import limits
from ..availability import Availability, format_percent
from ..errors import InputError
from ..progress import Progress
from ..tabular import Column, Document, Table
from .periods import (
    check_period,
    check_tz,
    covering_window,
    ns_to_iso,
    period_labels,
    to_ns,
    window_periods,
)
from .records import (
    DETECTED_AT_MEANS,
    NAT,
    TIME_TO_POST,
    BadRecords,
    check_columns,
    distinct,
    duplicated,
    group_codes,
    id_list,
    times_ns,
)
from .weights import MISSING_WEIGHT, effective_weights, impact_weights_and_levels

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from ..sla import SlaTable

Rollup = Literal["series", "components"]
Span = Literal["window", "service"]
NS = 1e9


@dataclass(frozen=True)
class Measurement:
    """Availability measured from an incident log.

    Attributes
    ----------
    table:
        One row per group x period. Columns: the group keys (e.g. ``service``), ``period_start``,
        ``period_end`` (tz-aware timestamps), ``period_seconds`` (period length that counts:
        maintenance excluded unless counted), ``maintenance_seconds``, ``downtime_seconds``
        (weighted), ``outage_seconds`` (unweighted time down at any weight), ``unavailability``
        (exact ``downtime / period``), ``availability_percent``, ``nines``, ``incidents`` (merged
        outages), ``mttr_seconds``, ``mtbf_seconds`` (mean up time between outages),
        ``longest_outage_seconds``; ``mttd_seconds`` / ``mtta_seconds`` when the log has
        ``detected_at`` / ``acknowledged_at``; with an SLO ``slo_met``, ``budget_seconds``,
        ``budget_used_seconds``, ``budget_remaining_seconds``, ``budget_used_percent``,
        ``budget_remaining_percent``, ``burn_rate``; with an SLA ``credit_percent``, ``sla_tier``.
    totals:
        The same columns per group over the whole window, plus the uncertainty interval
        (``availability_low_percent``, ``availability_high_percent``, ``unavailability_low``,
        ``unavailability_high``, ``mtbf_low_seconds``, ``mtbf_high_seconds``, ``mttr_low_seconds``,
        ``mttr_high_seconds``) when computed.
    outages:
        The merged outages over the window: group keys, ``start``, ``end``, ``restore_seconds``
        (time down outside maintenance).
    bad_records:
        The records excluded from the accounting.
    method:
        How the numbers were obtained, in words.
    warnings:
        Things the user should know (open incidents, reader warnings).
    """

    table: pd.DataFrame
    totals: pd.DataFrame
    bad_records: BadRecords
    method: dict[str, Any]
    warnings: tuple[str, ...] = ()
    group_by: tuple[str, ...] = ("service",)
    tz: str = "UTC"
    slo: Availability | None = None
    notes: tuple[str, ...] = field(default=())
    #: what the outages table is built from, on first use (it can have millions of rows)
    runs: Any = field(default=None, repr=False, compare=False)
    #: the maintenance intervals excluded, ``(group code, start, end)`` int64 ns (clipped to the window)
    maintenance: Any = field(default=None, repr=False, compare=False)

    @cached_property
    def outages(self) -> pd.DataFrame:
        """The merged outages over the window: group keys, ``start``, ``end``, ``restore_seconds``, and
        ``ongoing`` (an incident in it was still open: it ends at ``--until``, so its restore time is
        only a lower bound)."""
        return _outages(*self.runs)

    def outage_rows(self) -> list[np.ndarray]:
        """For each row of ``totals`` (each group), the positions of its rows in ``outages``, in time order."""
        return _by_group(self.runs[2].runs_group, len(self.totals))

    def missed(self, target: Availability) -> list[str]:
        """Lines naming each row (group x period) whose availability is below ``target``."""
        bad = self.table[self.table["unavailability"] > target.unavailability]
        lines = []
        for _, row in bad.iterrows():
            who = ", ".join(str(row[k]) for k in self.group_by)
            got, want = _apart(float(row["unavailability"]), target.unavailability)
            lines.append(f"{who} {row['period']}: {got} < {want}")
        return lines

    def to_document(self) -> Document:
        """Rows per group x period, totals per group, the method, and the bad-record report."""
        return _document(self)


def measure(
    log_or_frame: Any,
    *,
    window: tuple[Any, Any] | None = None,
    period: str = "month",
    tz: str = "UTC",
    weights: Mapping[str, float] | str | None = None,
    count_maintenance: bool = False,
    until: Any = None,
    group_by: Sequence[str] | str | None = None,
    rollup: Rollup = "series",
    slo: Availability | None = None,
    sla: SlaTable | str | None = None,
    uncertainty: bool = True,
    confidence: float = 0.90,
    progress: Progress | None = None,
    span: Span = "window",
    observed_from: Mapping[str, Any] | None = None,
) -> Measurement:
    """Availability per group x calendar period from incident records.

    A pipeline of steps, each a function of its own: :func:`read_columns` (arrays from the frame) ->
    :func:`flag_bad` (zero-length, backwards and duplicated records) -> :func:`window_and_clip` (the
    window, its periods, open incidents ended, records clipped) -> :func:`account_records` (the
    interval engine, :mod:`uptime_calc.accounting.engine`) -> :func:`make_tables` (rows, totals,
    budget, credits) -> the uncertainty interval and the method.

    Parameters
    ----------
    log_or_frame:
        An :class:`uptime_calc.incidents.IncidentLog` or a DataFrame with its columns (at least
        ``start``, ``end`` and the ``group_by`` columns; ``impact``, ``maintenance``, ``id``,
        ``component``, ``detected_at``, ``acknowledged_at``, ``source_row`` are used when present).
    window:
        ``(from, to)``; either may be ``None``. Naive times are read in ``tz``. Default: the whole
        calendar periods covering the data.
    period:
        ``day``, ``week``, ``month``, ``quarter``, ``year`` or ``all``.
    tz:
        IANA time zone of the calendar.
    weights:
        Impact weight overrides, e.g. ``{"partial": 0.3}`` or ``"partial=0.3"``.
    count_maintenance:
        Count maintenance as downtime (it is excluded from downtime and period length otherwise).
    until:
        Where open incidents end (default: the window end).
    group_by:
        Column(s) to report by. Default ``service`` (components roll up in series).
    rollup:
        ``series`` (default; a service is down while any of its components is) or ``components``
        (report each component of each service separately).
    slo:
        Objective for the error-budget columns.
    sla:
        Credit tier table (or its name, e.g. ``aws-ec2``) for the ``credit_percent`` column.
    uncertainty:
        Compute the interval on long-run availability per group (totals table).
    confidence:
        Two-sided confidence of that interval.
    progress:
        ``progress(stage, done, total)`` as the uncertainty intervals are computed
        (:mod:`uptime_calc.progress`).
    span:
        When each group's observation starts: ``window`` (default: every group is observed over the
        whole window, up whenever no record says otherwise) or ``service`` (from the start of the
        period holding the group's first usable record: a service is not counted as up before it
        existed). Periods before a group's observation have no row; its totals count from there.
    observed_from:
        ``{group value: time}``: when each listed group's observation starts (keyed by the first
        grouping column, e.g. the service), overriding ``span`` for those groups; records before it
        are left out (and counted in the method).
    """
    frame, source, reader_method, reader_warnings = _unpack(log_or_frame)
    period = check_period(period)
    tz = check_tz(tz)
    weight_table = effective_weights(weights)
    cols = read_columns(frame, source, _group_keys(group_by, rollup), tz, weight_table, count_maintenance)
    bad = flag_bad(cols)
    win = window_and_clip(cols, bad, window=window, until=until, period=period, tz=tz, span=span,
                          observed_from=observed_from)
    acc, tot, down, maintenance = account_records(cols, win, count_maintenance)
    warnings = [*reader_warnings, *win.warnings]
    posted = str(reader_method.get(DETECTED_AT_MEANS, "")).startswith(TIME_TO_POST.split(":")[0])
    table, totals, sla_table, response = make_tables(cols, win, acc, tot, warnings, count_maintenance=count_maintenance,
                                           posted=posted, slo=slo, sla=sla, period=period, tz=tz)
    if uncertainty:
        _add_uncertainty(totals, tot, confidence, progress)
    method = _method(
        source=source, reader_method=reader_method, lo=win.lo, hi=win.hi, defaulted=win.given,
        period=period, tz=tz, keys=cols.keys, rollup=rollup, weight_table=weight_table,
        count_maintenance=count_maintenance, until_ns=win.until, n_open=int(win.open_ok.sum()),
        n_open_left=int(win.open_left.sum()), data_span=win.data_span,
        outside=win.outside, clipped=win.clipped, bad=bad.report, slo=slo, sla=sla_table,
        uncertainty=confidence if uncertainty else None, response=response, posted=posted,
        span=_span_text(span, observed_from, win.observed, win.lo, cols.keys, win.before_observed),
    )
    at_open = (win.open_ok & down).nonzero()[0]  # marks the outages still under way
    return Measurement(
        table=table, totals=totals, bad_records=bad.report, method=method,
        warnings=tuple(warnings), group_by=cols.keys, tz=tz, slo=slo, notes=tuple(bad.report.notes()),
        runs=(cols.labels, cols.keys, tot, tz, cols.group[at_open], win.end[at_open]), maintenance=maintenance,
    )


# -- the steps --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Columns:
    """Step 1, :func:`read_columns`: the log's columns as arrays, one entry per record.

    ``start``/``end`` int64 ns UTC (:data:`~.records.NAT` for an open end); ``weight`` per record and
    ``levels`` (the weights it can take, a superset; ``None`` if unknown); ``group`` codes of
    ``labels`` (one row per group, the ``keys`` columns); ``rows``: each record's row in the source.
    """

    frame: pd.DataFrame
    source: str
    keys: tuple[str, ...]
    rows: np.ndarray
    start: np.ndarray
    end: np.ndarray
    maintenance: np.ndarray
    weight: np.ndarray
    levels: np.ndarray | None
    group: np.ndarray
    labels: pd.DataFrame

    def ids(self, mask: np.ndarray) -> np.ndarray:
        """The ids of the records in ``mask`` (converted only for those: logs have millions)."""
        import numpy as np

        rows = np.flatnonzero(mask)
        if not len(rows):  # the usual case: no pandas round trip
            return np.zeros(0, dtype=object)
        at_rows = np.array([f"row {r}" for r in self.rows[rows]], dtype=object)
        if "id" in self.frame.columns:  # a record without an id is named by its row in the file
            given, missing = _id_text(self.frame["id"].iloc[rows])
            return np.where(missing, at_rows, given)
        return at_rows


def read_columns(frame: pd.DataFrame, source: str, keys: tuple[str, ...], tz: str, weight_table: Mapping[str, float],
                 count_maintenance: bool = False) -> Columns:
    """Step 1: times, maintenance flags, weights and group codes from the frame; a record without a
    start is an error naming its row."""
    import numpy as np

    check_columns(frame, source, keys)
    n = len(frame)
    rows = frame["source_row"].to_numpy(dtype=np.int64) if "source_row" in frame.columns else np.arange(1, n + 1)
    start = times_ns(frame, "start", tz, source)
    end = times_ns(frame, "end", tz, source)
    if np.any(start == NAT):
        raise InputError("the incident has no start time; every record needs one",
                         source=source or None, row=int(rows[np.flatnonzero(start == NAT)[0]]), column="start")
    maint = _flags(frame["maintenance"]) if "maintenance" in frame.columns else np.zeros(n, dtype=bool)
    # excluded maintenance needs no weight (Statuspage gives it the impact label "maintenance")
    weight, levels = (
        impact_weights_and_levels(frame["impact"], weight_table, source=source, source_rows=rows,
                                  skip=None if count_maintenance else maint)
        if "impact" in frame.columns
        else (np.full(n, MISSING_WEIGHT), np.array([MISSING_WEIGHT]))
    )
    group, labels = group_codes(frame, keys)
    return Columns(frame, source, keys, rows, start, end, maint, weight, levels, group, labels)


@dataclass(frozen=True)
class Flagged:
    """Step 2, :func:`flag_bad`: the usable records (``ok``), the open ones, and the report of the others."""

    ok: np.ndarray
    is_open: np.ndarray
    report: BadRecords


def flag_bad(cols: Columns) -> Flagged:
    """Step 2: zero-length, end-before-start and duplicated records are flagged (and reported by id)."""
    import numpy as np

    start, end, n = cols.start, cols.end, len(cols.start)
    is_open = end == NAT
    if is_open.any() or bool((end <= start).any()):
        zero = ~is_open & (end == start)
        backwards = ~is_open & (end < start)
        ok = ~(zero | backwards)
    else:  # the usual log: every record closed and ending after it starts
        zero = backwards = np.zeros(n, dtype=bool)
        ok = np.ones(n, dtype=bool)
    component = cols.frame["component"] if "component" in cols.frame.columns else None
    same = (cols.group, start, end, cols.weight, cols.maintenance)
    if ok.all():  # the usual case: no copies of the columns for the duplicate search
        dup = duplicated(*same, extra=component)
    else:
        dup = np.zeros(n, dtype=bool)
        at = np.flatnonzero(ok)
        dup[at] = duplicated(*(x[at] for x in same), extra=component, extra_rows=at)
    ok &= ~dup
    report = BadRecords(
        zero_length_ids=distinct(cols.ids(zero)), zero_length_rows=int(zero.sum()),
        end_before_start_ids=distinct(cols.ids(backwards)), end_before_start_rows=int(backwards.sum()),
        duplicate_ids=distinct(cols.ids(dup)), duplicate_rows=int(dup.sum()),
    )
    return Flagged(ok, is_open, report)


@dataclass(frozen=True)
class Windowed:
    """Step 3, :func:`window_and_clip`: the window ``[lo, hi)`` and its period ``bounds``, the records'
    ``start``/``end`` clipped to it (open ones ended at ``until``), and what the method tells of it."""

    lo: int
    hi: int
    given: tuple[int | None, int | None]
    until: int
    bounds: np.ndarray
    start: np.ndarray
    end: np.ndarray
    use: np.ndarray
    open_ok: np.ndarray
    open_left: np.ndarray
    outside: int
    clipped: int
    data_span: tuple[int, int, int] | None
    observed: np.ndarray | None
    before_observed: int
    warnings: tuple[str, ...]


def window_and_clip(cols: Columns, bad: Flagged, *, window: tuple[Any, Any] | None, until: Any, period: str, tz: str,
                    span: Span = "window", observed_from: Mapping[str, Any] | None = None) -> Windowed:
    """Step 3: the reporting window and its periods; open incidents ended at ``until``; records clipped."""
    import numpy as np

    from . import engine

    ok, is_open, start = bad.ok, bad.is_open, cols.start
    any_open = bool(is_open.any())
    data_span = _span(start, cols.end, is_open, ok)
    lo, hi, lo_user, hi_user = _window(window, tz, period, data_span, ok, cols.source, bad.report)
    until_ns = to_ns(until, tz, what="--until") if until is not None else hi
    end = np.where(is_open, np.int64(until_ns), cols.end) if any_open else cols.end
    cstart, cend, inside = engine.clip(start, end, lo, hi)
    observed = _observed_starts(span, observed_from, cols.labels, cols.keys, cols.group, start, ok, lo, hi, period,
                                tz)
    before_observed = 0
    if observed is not None:  # a group's records before its observation starts are cut there, or left out
        g_lo = observed[cols.group]
        early = ok & inside & (cend <= g_lo)
        before_observed = int(np.count_nonzero(early))
        cstart, inside = np.maximum(cstart, g_lo), inside & ~early
    use = ok & inside
    # the open incidents counted (in the window, started before --until), and those not counted
    open_ok = is_open & use
    open_left = is_open & ok & ~use
    warnings = []
    if open_ok.any():
        open_ids = distinct(cols.ids(open_ok))
        clipped_at = f", clipped at the window's end {ns_to_iso(hi, tz)}" if until_ns > hi else ""
        warnings.append(
            f"{len(open_ids)} incident(s) still open were counted as ending at {ns_to_iso(until_ns, tz)} "
            f"(--until){clipped_at}: {id_list(open_ids)}"
        )
    if open_left.any():
        left_ids = distinct(cols.ids(open_left))
        warnings.append(
            f"{len(left_ids)} incident(s) still open were not counted: they start at or after "
            f"{ns_to_iso(min(until_ns, hi), tz)} (--until or the window's end) or end before the window: "
            f"{id_list(left_ids)}"
        )
    # usable records outside the window (the open ones not counted have their own warning)
    outside = int(np.count_nonzero(ok)) - int(np.count_nonzero(use)) - int(np.count_nonzero(open_left))
    # clip() returns its inputs when no record crosses the window's edges
    clipped = 0 if cstart is start and cend is end else int((use & ((start < lo) | (end > hi))).sum())
    if observed is not None:
        outside -= before_observed
        clipped += int(np.count_nonzero(use & (start < observed[cols.group]) & (start >= lo)))
    bounds = window_periods(lo, hi, period, tz)
    limits.check("max_output_rows", len(cols.labels) * (len(bounds) - 1),
                 what=f"the rows table ({len(cols.labels):,} groups x {len(bounds) - 1:,} periods of a {period})")
    return Windowed(lo, hi, (lo_user, hi_user), until_ns, bounds, cstart, cend, use, open_ok, open_left, outside,
                    clipped, data_span, observed, before_observed, tuple(warnings))


def account_records(cols: Columns, win: Windowed, count_maintenance: bool = False) -> tuple[Any, Any, np.ndarray,
                                                                                           tuple[np.ndarray, ...]]:
    """Step 4: the interval engine over the usable records: accounts per group x period and per group
    over the window, the mask of the records counted as downtime, and the maintenance intervals
    ``(group, start, end)`` excluded (unless counted)."""
    import numpy as np

    from . import engine

    use, maint, group = win.use, cols.maintenance, cols.group
    down = use & (~maint | count_maintenance) & (cols.weight > 0)
    at_mnt = np.flatnonzero(use & maint & (not count_maintenance))
    m_group, m_start, m_end = group[at_mnt], win.start[at_mnt], win.end[at_mnt]
    acc, tot = engine.account(group[down], win.start[down], win.end[down], cols.weight[down], m_group, m_start,
                              m_end, win.bounds, len(cols.labels), levels=cols.levels)
    return acc, tot, down, (m_group, m_start, m_end)


def make_tables(cols: Columns, win: Windowed, acc: Any, tot: Any, warnings: list[str], *,
                count_maintenance: bool, posted: bool, slo: Availability | None, sla: SlaTable | str | None,
                period: str, tz: str) -> tuple[pd.DataFrame, pd.DataFrame, SlaTable | None, bool]:
    """Step 5: the rows (group x period) and totals (group) tables, with response times, budget and
    SLA credit columns; the SLA table used, and whether there were response times. ``warnings``
    hears of early response times and SLA tiers that do not fit."""
    import numpy as np

    keys, labels, bounds = cols.keys, cols.labels, win.bounds
    rec = win.use & (~cols.maintenance | count_maintenance)
    extras = _response_times(cols.frame, tz, cols.source, cols.group, bounds, win.start, rec, cols.start,
                             len(labels), len(bounds) - 1)
    if posted:  # a status page's posting time: the delay is a time to post, named so
        extras = _as_time_to_post(extras)
    for what, rows in extras[2].items():
        warnings.append(f"{int(rows.sum())} record(s) were {what} (a status page may post an incident before the "
                        f"impact it dates): their delay counts as 0: {id_list(distinct(cols.ids(rows)))}")
    table = _rows(labels, keys, bounds, acc, extras[0], tz, period, observed=win.observed,
                  partial=_whole_periods(bounds, period, tz))
    whole = np.array([win.lo, win.hi], dtype=np.int64)
    totals = _rows(labels, keys, whole, tot, extras[1], tz, "all", observed=win.observed)
    sla_table = _load_sla(sla)
    for df in (table, totals):
        _add_budget(df, slo)
        _add_credit(df, sla_table)
    if sla_table is not None and "month" in sla_table.period.lower() and period != "month":
        warnings.append(f"the SLA {sla_table.title!r} credits per {sla_table.period}; its tiers were applied to "
                        f"each {period if period != 'all' else 'whole-window'} row as if it were one (use --period "
                        "month for the credits owed)")
    if sla_table is not None and sla_table.tiers:
        floor = max(t.lower.unavailability for t in sla_table.tiers)  # the lowest availability any tier covers
        below = int(np.count_nonzero(table["unavailability"].to_numpy() > floor))
        if below:
            warnings.append(f"{below} row(s) fall below every tier of the SLA table {sla_table.title!r} (the lowest "
                            f"starts at {format_percent(floor)}): they earn no credit; check that the table "
                            "covers low availability")
    return table, totals, sla_table, bool(extras[1])


# -- helpers ---------------------------------------------------------------------------------------


def _id_text(ids: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Record ids as stripped text, and the mask of records without one (missing or blank)."""
    given = ids.astype(str).str.strip().to_numpy(dtype=object)
    return given, ids.isna().to_numpy() | (given == "")


def _apart(u: float, target: float) -> tuple[str, str]:
    """Both unavailabilities as percentages with enough digits to tell them apart (not "99% < 99%")."""
    for digits in range(3, 18):
        shown = format_percent(u, significant=digits), format_percent(target, significant=digits)
        if shown[0] != shown[1]:
            return shown
    return shown


def _unpack(obj: Any) -> tuple[pd.DataFrame, str, dict[str, Any], tuple[str, ...]]:
    import pandas as pd

    if isinstance(obj, pd.DataFrame):
        return obj, "", {}, ()
    frame = getattr(obj, "frame", None)
    if not isinstance(frame, pd.DataFrame):
        raise InputError("measure() needs an IncidentLog (from read_incidents) or a pandas DataFrame")
    return frame, str(getattr(obj, "source", "")), dict(getattr(obj, "method", {}) or {}), tuple(
        getattr(obj, "warnings", ()) or ()
    )


def _span(start: np.ndarray, end: np.ndarray, is_open: np.ndarray, ok: np.ndarray) -> tuple[int, int, int] | None:
    """The usable records' first start, last start and last end (of the closed ones; else the last
    start), in ns (``None`` if there are none)."""
    if not ok.any():
        return None
    closed = ok & ~is_open
    first = int(start.min() if ok.all() else start[ok].min())
    last_start = int(start.max() if ok.all() else start[ok].max())
    last_end = int(end.max() if closed.all() else end[closed].max()) if closed.any() else last_start
    return first, last_start, last_end


def _window(
    window: tuple[Any, Any] | None, tz: str, period: str,
    span: tuple[int, int, int] | None, ok: np.ndarray, source: str, bad: BadRecords,
) -> tuple[int, int, int | None, int | None]:
    """The reporting window ``(lo, hi)`` in ns, and the bounds the user gave (``None`` = defaulted).

    A missing bound comes from the whole periods covering the usable records (``span``,
    :func:`_span`); a ``--from`` after the data (or a ``--to`` before it) gives one whole period
    from (or up to) it.
    """

    lo_user = to_ns(window[0], tz, what="--from") if window and window[0] is not None else None
    hi_user = to_ns(window[1], tz, what="--to") if window and window[1] is not None else None
    if lo_user is not None and hi_user is not None:
        lo, hi = lo_user, hi_user
    else:
        if span is None:
            why = (f"all {len(ok)} records are excluded: {bad.zero_length_rows} zero-length, "
                   f"{bad.end_before_start_rows} ending before they start, {bad.duplicate_rows} duplicated"
                   if len(ok) else "the log has no incident records")
            raise InputError(
                f"no usable incident records to place a reporting window on ({why}); give --from and --to",
                source=source or None,
            )
        first, last_start, last_end = span
        # past the last start: an open incident that starts on a period boundary is under way in the
        # period it starts (a closed one's end covers at least as much)
        w_lo, w_hi = covering_window(first, max(last_start + 1, last_end), period, tz)
        lo = lo_user if lo_user is not None else w_lo
        hi = hi_user if hi_user is not None else w_hi
        if lo_user is not None and hi <= lo:
            hi = covering_window(lo, lo + 1, period, tz)[1]
        if hi_user is not None and hi <= lo:
            lo = covering_window(hi - 1, hi, period, tz)[0]
    if hi <= lo:
        raise InputError("the reporting window is empty: --to must be later than --from")
    return lo, hi, lo_user, hi_user


def _flags(column: pd.Series) -> np.ndarray:
    """A maintenance column as a numpy bool array (missing = False); no copy when already bool."""
    if column.dtype == bool:
        return column.to_numpy()
    return column.fillna(False).astype(bool).to_numpy()


def _group_keys(group_by: Sequence[str] | str | None, rollup: str) -> tuple[str, ...]:
    if rollup not in ("series", "components"):
        raise InputError(f"unknown rollup {rollup!r}; choose series or components")
    if group_by is None or group_by == "" or group_by == ():
        keys: tuple[str, ...] = ("service",)
    elif isinstance(group_by, str):
        keys = tuple(k.strip() for k in group_by.split(",") if k.strip())
    else:
        keys = tuple(group_by)
    if rollup == "components" and "component" not in keys:
        keys = (*keys, "component")
    return keys


def _response_times(
    frame: pd.DataFrame, tz: str, source: str, group: np.ndarray, bounds: np.ndarray, cstart: np.ndarray,
    rec: np.ndarray, start: np.ndarray, n_groups: int, n_periods: int,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Mean time to detect / acknowledge per group x period and per group (from record starts).

    A record counts in the period holding its (clipped) start ``cstart``. A detection (or an
    acknowledgement) logged before the start counts as immediate (a delay of 0, not a negative
    one); the third dict has the mask of such records by what happened early (when any).
    """
    import numpy as np

    per_period: dict[str, np.ndarray] = {}
    per_group: dict[str, np.ndarray] = {}
    early: dict[str, np.ndarray] = {}
    id_codes: list[np.ndarray] = []  # each record's id as a code (-1: none), made on first use

    def once(rows: np.ndarray) -> np.ndarray | bool:
        """False for a record repeating an earlier one's id in its group: one incident listed under
        several components (vendor presets make a row per component) counts once."""
        if "id" not in frame.columns:
            return True
        if not id_codes:
            import pandas as pd

            given, missing = _id_text(frame["id"])
            codes = pd.factorize(given)[0]
            codes[missing] = -1
            id_codes.append(codes)
        at = np.flatnonzero(rows)
        codes = id_codes[0][at]
        keep = np.ones(len(rows), dtype=bool)
        keep[at[duplicated(group[at], codes) & (codes >= 0)]] = False
        return keep

    detected = times_ns(frame, "detected_at", tz, source) if "detected_at" in frame.columns else None
    acknowledged = times_ns(frame, "acknowledged_at", tz, source) if "acknowledged_at" in frame.columns else None
    for key, t in (("mttd_seconds", detected), ("mtta_seconds", acknowledged)):
        if t is None:
            continue
        have = t != NAT
        if not have.any():  # an empty column (common): no pass over the records
            continue
        have &= rec
        have &= once(have)
        if not have.any():
            continue
        # time to acknowledge counts from detection when known (PagerDuty's definition), else from start
        origin = start if (t is detected or detected is None) else np.where(detected != NAT, detected, start)
        delta = (t - origin)[have] / NS
        negative = delta < 0
        if negative.any():
            rows = np.zeros(len(have), dtype=bool)
            rows[np.flatnonzero(have)[negative]] = True
            early["detected before they started" if key == "mttd_seconds"
                  else "acknowledged before they were detected (or started)"] = rows
            np.maximum(delta, 0.0, out=delta)
        rec_period = np.searchsorted(bounds, cstart[have], side="right") - 1
        key_p = group[have] * n_periods + rec_period
        cnt = np.bincount(key_p, minlength=n_groups * n_periods)
        tot = np.bincount(key_p, weights=delta, minlength=n_groups * n_periods)
        with np.errstate(invalid="ignore", divide="ignore"):
            per_period[key] = np.where(cnt > 0, tot / np.maximum(cnt, 1), np.nan)
        cnt_g = np.bincount(group[have], minlength=n_groups)
        tot_g = np.bincount(group[have], weights=delta, minlength=n_groups)
        per_group[key] = np.where(cnt_g > 0, tot_g / np.maximum(cnt_g, 1), np.nan)
    return per_period, per_group, early


def _as_time_to_post(extras: tuple[dict[str, np.ndarray], dict[str, np.ndarray], dict[str, np.ndarray]]
                     ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The response times with ``mttd_seconds`` named ``time_to_post_seconds`` (and its early records
    named as posted early)."""
    def rename(d: dict[str, np.ndarray], old: str, new: str) -> dict[str, np.ndarray]:
        return {new if k == old else k: v for k, v in d.items()}

    return (rename(extras[0], "mttd_seconds", "time_to_post_seconds"),
            rename(extras[1], "mttd_seconds", "time_to_post_seconds"),
            rename(extras[2], "detected before they started", "posted before the start they date"))


def _rows(
    labels: pd.DataFrame, keys: tuple[str, ...], bounds: np.ndarray, acc: Any,
    extras: dict[str, np.ndarray], tz: str, period: str, *, observed: np.ndarray | None = None,
    partial: np.ndarray | None = None,
) -> pd.DataFrame:
    """One row per group x period; with ``observed`` (each group's observation start), the time before
    it is not in the period length and the periods wholly before it have no row; with ``partial``
    (whether each period is a whole calendar period), a ``period_partial`` column."""
    import numpy as np
    import pandas as pd

    n_groups, n_periods = len(labels), len(bounds) - 1
    g = np.repeat(np.arange(n_groups), n_periods)
    p = np.tile(np.arange(n_periods), n_groups)
    first = bounds[:-1][p]
    length = (bounds[1:][p] - (first if observed is None else np.maximum(first, observed[g]))).astype(float)
    maint = acc.maintenance_ns.ravel() / NS
    period_s = length / NS - maint
    downtime = acc.downtime_ns.ravel() / NS
    outage = acc.outage_ns.ravel() / NS
    incidents = acc.outages.ravel()
    with np.errstate(invalid="ignore", divide="ignore"):
        u = np.where(period_s > 0, np.minimum(downtime / np.where(period_s > 0, period_s, 1.0), 1.0), np.nan)
        nines = np.where(u > 0, -np.log10(np.where(u > 0, u, 1.0)) + 0.0, np.inf)  # + 0.0: no -0.0 at U = 1
        mttr = np.where(incidents > 0, outage / np.maximum(incidents, 1), np.nan)
        mtbf = np.where(incidents > 0, (period_s - outage) / np.maximum(incidents, 1), np.nan)
    nines = np.where(np.isnan(u), np.nan, nines)
    starts = _stamps(bounds[:-1], tz)
    ends = _stamps(bounds[1:], tz)
    # typed columns taken row by row (no type inference over thousands of objects)
    data: dict[str, Any] = {k: labels[k].array.take(g) for k in keys}
    names = pd.array(period_labels(starts, ends, period), dtype="str")
    data.update(
        period=names.take(p),
        period_start=starts[p],
        period_end=ends[p],
        period_seconds=period_s,
        maintenance_seconds=maint,
        downtime_seconds=downtime,
        outage_seconds=outage,
        unavailability=u,
        availability_percent=100.0 - 100.0 * u,
        nines=nines,
        incidents=incidents.astype(np.int64),
        mttr_seconds=mttr,
        mtbf_seconds=mtbf,
        longest_outage_seconds=acc.longest_ns.ravel() / NS,
    )
    for key, values in extras.items():
        data[key] = values if len(values) == len(g) else values[g]
    if partial is not None:  # cut by the window, or by the group's observation starting inside it
        data["period_partial"] = ~partial[p] if observed is None else ~partial[p] | (observed[g] > first)
    frame = pd.DataFrame(data)
    if observed is not None and n_periods > 1:
        frame = frame[length > 0].reset_index(drop=True)  # periods before the group was observed: no row
    return frame


def _whole_periods(bounds: np.ndarray, period: str, tz: str) -> np.ndarray:
    """Whether each period ``[bounds[i], bounds[i + 1])`` is a whole calendar period (the window's
    first and last ones may be cut short by ``--from``/``--to``); the one period of ``all`` is whole."""
    import numpy as np

    from .periods import period_boundaries

    if period == "all":
        return np.ones(len(bounds) - 1, dtype=bool)
    calendar = np.isin(bounds, period_boundaries(int(bounds[0]), int(bounds[-1]), period, tz))
    return calendar[:-1] & calendar[1:]


def _observed_starts(
    span: str, observed_from: Mapping[str, Any] | None, labels: pd.DataFrame, keys: tuple[str, ...],
    group: np.ndarray, start: np.ndarray, ok: np.ndarray, lo: int, hi: int, period: str, tz: str,
) -> np.ndarray | None:
    """Each group's observation start in ns (within ``[lo, hi]``), or ``None`` when every group is
    observed over the whole window (``span="window"`` and no ``observed_from``)."""
    import numpy as np
    import pandas as pd

    from .periods import period_boundaries

    if span not in ("window", "service"):
        raise InputError(f"unknown span {span!r}; choose window or service")
    if span == "window" and not observed_from:
        return None
    n_groups = len(labels)
    observed = np.full(n_groups, lo, dtype=np.int64)
    if span == "service":
        first = pd.Series(start[ok]).groupby(group[ok]).min()
        firsts = np.full(n_groups, hi, dtype=np.int64)  # a group without a usable record: never observed
        firsts[first.index.to_numpy()] = first.to_numpy()
        # the start of the period holding the first record (a day for period "all")
        edges = period_boundaries(lo, hi, "day" if period == "all" else period, tz)
        at = np.clip(np.searchsorted(edges, firsts, side="right") - 1, 0, len(edges) - 1)
        observed = np.clip(np.where(firsts < hi, edges[at], hi), lo, hi)
    if observed_from:
        names = labels[keys[0]].astype(str).to_numpy()
        given = {str(k): to_ns(v, tz, what=f"the observed-from time of {k!r}") for k, v in observed_from.items()}
        unknown = sorted(set(given) - set(names))
        if unknown:
            raise InputError(f"observed-from names {len(unknown)} {keys[0]} value(s) the log does not have: "
                             f"{id_list(tuple(unknown))}; check the spelling (or the --group-by)")
        for i, name in enumerate(names):
            if name in given:
                observed[i] = min(max(given[name], lo), hi)
    return observed


def _span_text(span: str, observed_from: Mapping[str, Any] | None, observed: np.ndarray | None, lo: int,
               keys: tuple[str, ...], before: int) -> str:
    if observed is None:
        return "window: every group is observed over the whole window (--span window)"
    later = int((observed > lo).sum())
    text = ("service: each group is observed from the start of the period of its first usable record "
            "(--span service)" if span == "service" else "window: groups are observed over the whole window")
    if observed_from:
        text += f"; {len(observed_from)} {keys[0]} value(s) from the times given (--observed-from)"
    text += f"; {later} group(s) start later than the window; the time before is in no period length"
    if before:
        text += f"; {before} record(s) before their group's observation left out"
    return text


def _stamps(ns: np.ndarray, tz: str) -> pd.DatetimeIndex:
    """int64 ns UTC as tz-aware timestamps (a view, not a parse)."""
    import numpy as np
    import pandas as pd

    return pd.DatetimeIndex(np.asarray(ns, dtype=np.int64).view("M8[ns]")).tz_localize("UTC").tz_convert(tz)


def _load_sla(sla: Any) -> SlaTable | None:
    if sla is None:
        return None
    from ..sla import SlaTable, load_sla

    return sla if isinstance(sla, SlaTable) else load_sla(sla)


def _add_budget(df: pd.DataFrame, slo: Availability | None) -> None:
    if slo is None:
        return
    from .budget import budget_columns

    for key, values in budget_columns(df["period_seconds"], df["downtime_seconds"], slo).items():
        df[key] = values


def _add_credit(df: pd.DataFrame, table: SlaTable | None) -> None:
    if table is None:
        return
    from ..sla import credit_for

    credits, tiers = [], []
    for u in df["unavailability"].to_numpy():
        if math.isnan(u):
            credits.append(math.nan)
            tiers.append("")
            continue
        credit = credit_for(table, Availability(float(u)))
        credits.append(credit.credit_percent)
        tiers.append(credit.tier.label if credit.tier else "none")
    df["credit_percent"] = credits
    df["sla_tier"] = tiers


def _add_uncertainty(totals: pd.DataFrame, tot: Any, confidence: float, progress: Progress | None) -> None:
    """The interval on long-run availability per group, every group at once
    (:func:`~.uncertainty.interval_columns`)."""
    import numpy as np

    from .uncertainty import interval_columns

    if progress is not None:
        progress("uncertainty intervals", 0, 1)
    order = np.argsort(tot.runs_group, kind="stable")  # each group's restore times together, in time order
    sizes = np.bincount(tot.runs_group, minlength=len(totals))
    outage = totals["outage_seconds"].to_numpy(dtype=float)
    uptime = totals["period_seconds"].to_numpy(dtype=float) - outage
    # impact weights: the share of outage time that is downtime scales the interval like the point estimate
    down = totals["downtime_seconds"].to_numpy(dtype=float)
    share = np.divide(down, outage, out=np.ones_like(outage), where=outage > 0).clip(0.0, 1.0)
    columns = interval_columns(sizes, uptime, tot.runs_ns[order] / NS, sizes, confidence=confidence, weight=share,
                               progress=progress)
    for key, values in columns.items():
        totals[key] = values
    if progress is not None:
        progress("uncertainty intervals", 1, 1)


def _by_group(runs_group: np.ndarray, n_groups: int) -> list[np.ndarray]:
    """Positions of each group's runs (group codes ``0 .. n_groups - 1``), keeping their order."""
    import numpy as np

    order = np.argsort(runs_group, kind="stable")
    cuts = np.searchsorted(runs_group[order], np.arange(n_groups + 1))
    return [order[cuts[i]: cuts[i + 1]] for i in range(n_groups)]


def _outages(labels: pd.DataFrame, keys: tuple[str, ...], tot: Any, tz: str, open_group: np.ndarray,
             open_end: np.ndarray) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    data: dict[str, Any] = {k: labels[k].array.take(tot.runs_group) for k in keys}  # typed: no inference
    data["start"] = _stamps(tot.runs_start, tz)
    data["end"] = _stamps(tot.runs_end, tz)
    data["restore_seconds"] = tot.runs_ns / NS
    # the outage still under way at each counted open incident's (clipped) end: the last of its group
    # starting before that end, if it lasts to it (maintenance may have ended the outage earlier)
    ongoing = np.zeros(len(tot.runs_group), dtype=bool)
    first = np.searchsorted(tot.runs_group, open_group, side="left")
    last = np.searchsorted(tot.runs_group, open_group, side="right")
    for a, b, at in zip(first.tolist(), last.tolist(), open_end.tolist(), strict=True):  # open incidents are few
        i = a + int(np.searchsorted(tot.runs_start[a:b], at, side="left")) - 1
        if a <= i < b and tot.runs_end[i] >= at:
            ongoing[i] = True
    data["ongoing"] = ongoing
    return pd.DataFrame(data)


def _method(**kw: Any) -> dict[str, Any]:
    tz = kw["tz"]
    lo_user, hi_user = kw["defaulted"]
    period = kw["period"]
    how = "given" if lo_user is not None and hi_user is not None else (
        f"whole {'days' if period == 'all' else period + 's'} covering the usable records"
        + (" (one bound given)" if lo_user is not None or hi_user is not None else "")
    )
    keys = kw["keys"]
    if keys == ("service",):
        grouping = "per service; its components roll up in series (any component down = service down)"
    else:
        grouping = f"per {' x '.join(keys)}"
    weights = ", ".join(f"{k}={v:g}" for k, v in kw["weight_table"].items())
    method: dict[str, Any] = {}
    if kw["reader_method"]:
        method["input"] = dict(kw["reader_method"])
    elif kw["source"]:
        method["input"] = {"source": kw["source"]}
    method.update(
        window=f"{ns_to_iso(kw['lo'], tz)} .. {ns_to_iso(kw['hi'], tz)} ({how})",
        time_zone=tz,
        period=f"{period} (calendar, in {tz})" if period != "all" else "all (the whole window)",
        grouping=grouping,
        overlaps="merged per group: an instant counts once, at the highest weight active then",
        weights=f"{weights}; numeric impact used as is; missing impact = {MISSING_WEIGHT:g}",
        maintenance=(
            "counted like any incident, at its impact weight (--count-maintenance)" if kw["count_maintenance"]
            else "excluded from downtime and from the period length of its group"
        + (" (rolled up in series, a component's maintenance window is its service's)"
           if keys == ("service",) else "")
        ),
        open_incidents=f"{kw['n_open']} open, ended at {ns_to_iso(kw['until_ns'], tz)}"
        + (f"; {kw['n_open_left']} more open but not counted (started at or after "
           f"{ns_to_iso(min(kw['until_ns'], kw['hi']), tz)}, or ending before the window)"
           if kw["n_open_left"] else ""),
        coverage=(f"usable records from {ns_to_iso(kw['data_span'][0], tz)} to "
                  f"{ns_to_iso(max(kw['data_span'][1:]), tz)}; a group is up whenever no record says otherwise"
                  if kw["data_span"] else "no usable records"),
        span=kw["span"],
        clipping=f"records clipped to the window ({kw['clipped']} clipped, {kw['outside']} outside it dropped)",
        bad_records=kw["bad"].summary(),
        availability="U = weighted downtime / period length (exact); A = 1 - U; nines = -log10(U)",
        outages=(
            "merged runs down at any weight above 0, cut at period boundaries; MTTR = outage time / outages; "
            "MTBF = (period - outage time) / outages"
        ),
    )
    if kw["response"]:
        method["response_times"] = (
            "per incident (an id listed under several components counts once), averaged in the period of its "
            + ("start: time to post = detected_at - start, where detected_at is when the status page posted the "
               "incident (not a detection: no MTTD is known); MTTA = acknowledged_at - detected_at"
               if kw["posted"] else
               "start: MTTD = detected_at - start; MTTA = acknowledged_at - detected_at (PagerDuty's definition)")
            + ", or - start where no detection is logged; a time logged early counts as 0"
        )
    if kw["slo"] is not None:
        method["slo"] = f"{kw['slo']} (budget = (1 - SLO) x period; burn rate = U / (1 - SLO))"
    if kw["sla"] is not None:
        method["sla"] = f"{kw['sla'].title} ({kw['sla'].source})" if kw["sla"].source else kw["sla"].title
    if kw["uncertainty"] is not None:
        method["uncertainty"] = (
            f"{100 * kw['uncertainty']:g}% interval on long-run availability: chi-square MTBF bounds "
            "(time-terminated test; MIL-HDBK-338B, NIST/SEMATECH e-Handbook ch. 8) and percentile "
            "bootstrap of MTTR (2000 resamples, fixed seed; above 100 outages its Cornish-Fisher limit from the "
            "restore times' first three moments, Hall 1992), Bonferroni-combined; unavailability scaled by "
            "the share of outage time that is downtime (impact weights); none for a group with fewer than 2 "
            "outages (no spread to bootstrap)"
        )
    return method


def _document(m: Measurement) -> Document:
    keys = m.group_by
    has = set(m.table.columns)
    cols = [Column(k, k.replace("_", " ").capitalize()) for k in keys]
    cols += [Column("period", "Period")]
    if "period_partial" in has and bool(m.table["period_partial"].any()):  # shown when a period is cut short
        cols.append(Column("period_partial", "Partial", "bool"))
    cols += [
        Column("availability_percent", "Availability", "availability"),
        Column("nines", "Nines", "nines"),
        Column("downtime_seconds", "Downtime", "duration"),
        Column("incidents", "Outages", "count"),
        Column("mttr_seconds", "MTTR", "duration"),
        Column("mtbf_seconds", "MTBF", "duration"),
        Column("longest_outage_seconds", "Longest", "duration"),
    ]
    if "mttd_seconds" in has:
        cols.append(Column("mttd_seconds", "MTTD", "duration"))
    if "time_to_post_seconds" in has:
        cols.append(Column("time_to_post_seconds", "Time to post", "duration"))
    if "mtta_seconds" in has:
        cols.append(Column("mtta_seconds", "MTTA", "duration"))
    if "slo_met" in has:
        cols += [
            Column("slo_met", "SLO met", "bool"),
            Column("budget_remaining_seconds", "Budget left", "duration"),
            Column("budget_remaining_percent", "Left %", "percent"),
            Column("burn_rate", "Burn", "number"),
        ]
    if "credit_percent" in has:
        cols.append(Column("credit_percent", "Credit", "percent"))
    total_cols = [c for c in cols if c.key not in ("period", "period_partial")]
    if "availability_low_percent" in m.totals.columns:
        at = total_cols.index(next(c for c in total_cols if c.key == "nines"))
        total_cols[at:at] = [
            Column("availability_low_percent", "Low", "availability", unavailability_key="unavailability_high"),
            Column("availability_high_percent", "High", "availability", unavailability_key="unavailability_low"),
        ]
    title = "Availability per " + " x ".join(keys) + " and period"
    return Document(
        tables=[
            Table("rows", title, cols, frame=m.table),  # rendered column by column, never a dict per cell
            Table("totals", "Whole window", total_cols, frame=m.totals),
        ],
        method=m.method,
        summary={"bad_records": m.bad_records.as_dict()},
        notes=list(m.notes),
        warnings=list(m.warnings),
        title="Incident accounting",
    )


def measure_file(
    path: Any,
    *,
    preset: str | None = None,
    columns: Mapping[str, str] | None = None,
    time_format: str | None = None,
    tz: str = "UTC",
    encoding: str | None = None,
    **options: Any,
) -> Measurement:
    """Read an incident log with :func:`uptime_calc.incidents.read_incidents` and :func:`measure` it.

    ``tz`` is both the zone of naive timestamps and the calendar of the periods; ``options`` are
    the keyword arguments of :func:`measure` (``progress`` also hears of the reading and the
    accounting steps).
    """
    from pathlib import Path

    from ..incidents import read_incidents

    progress: Progress | None = options.get("progress")
    if progress is not None:
        progress(f"reading {Path(path).name}", 0, 1)
    log = read_incidents(path, preset=preset, columns=columns, time_format=time_format, tz=tz, encoding=encoding)
    if progress is not None:
        progress("accounting", 0, 1)
    return measure(log, tz=tz, **options)


def parse_mapping(text: str | None, *, what: str = "--columns") -> dict[str, str] | None:
    """Parse ``start=Began,end=Resolved`` into ``{"start": "Began", "end": "Resolved"}``.

    >>> parse_mapping("start=Began, end=Resolved")
    {'start': 'Began', 'end': 'Resolved'}
    """
    if not text:
        return None
    out: dict[str, str] = {}
    for part in str(text).split(","):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InputError(f"cannot read {what} item {part.strip()!r}; write canonical=SourceColumn, "
                             "e.g. start=Began,end=Resolved")
        if key.strip() in out:
            raise InputError(f"{what} maps {key.strip()!r} twice ({out[key.strip()]} and {value.strip()}); "
                             "give it one column")
        out[key.strip()] = value.strip()
    return out


def read_observed_from(path: Any) -> dict[str, str]:
    """Read a CSV of ``group value, observed-from time`` (a header row, then one row per group; the
    first column holds the values of the first grouping column, e.g. the service) into the
    ``observed_from`` mapping of :func:`measure`.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "from.csv"
    >>> _ = f.write_text("service,observed_from\\napi,2024-03-01\\n")
    >>> read_observed_from(f)
    {'api': '2024-03-01'}
    """
    import csv
    from pathlib import Path

    name = Path(path).name
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"cannot read the observed-from file: {exc}", source=name) from None
    out: dict[str, str] = {}
    for number, row in enumerate(rows[1:], start=2):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if len(cells) != 2 or not cells[0] or not cells[1]:
            raise InputError("expected two columns: a group value (e.g. the service) and the time it is "
                             "observed from, e.g. api,2024-03-01", source=name, row=number)
        if cells[0] in out:
            raise InputError(f"{cells[0]!r} is listed twice; give each group one time", source=name, row=number)
        out[cells[0]] = cells[1]
    if not out:
        raise InputError("the observed-from file lists no group (a header row, then group,time rows)", source=name)
    return out
