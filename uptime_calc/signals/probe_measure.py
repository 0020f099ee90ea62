"""Availability per target and period from probe results, through the incident accounting.

The rise/fall rule (:mod:`uptime_calc.signals.healthcheck`) turns probes into outages and
unknown stretches; those become records that :func:`uptime_calc.accounting.measure.measure`
measures exactly as it measures an incident log: outages are incidents of weight 1 and unknown
time is excluded from downtime and from the period length, as maintenance is. So availability,
nines, SLO budget, burn rate and SLA credit follow the one implementation of each rule. Beside
them: the raw per-probe figure, detection and recovery delays, state changes (flapping) and the
share of unknown time.

>>> import numpy as np
>>> from uptime_calc.signals.probes import ProbeLog
>>> s = 10**9
>>> t = np.array([0, 60, 120, 180, 240, 300]) * s             # one probe a minute
>>> ok = np.array([1, 0, 0, 0, 1, 1], bool)                   # down for 3 probes
>>> log = ProbeLog(("web",), np.zeros(6, np.int32), t, ok, np.array([60.0]), np.arange(6))
>>> m = measure_probes(log, window=("1970-01-01T00:00Z", "1970-01-01T00:06Z"), period="all")
>>> row = m.table.iloc[0]
>>> row["downtime_seconds"], row["raw_availability_percent"], row["detection_delay_seconds"]
(np.float64(180.0), np.float64(50.0), np.float64(120.0))
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..tabular import Column, Document, Table
from .healthcheck import DownAt, Evaluation, evaluate

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from ..availability import Availability
    from ..progress import Progress
    from ..sla import SlaTable
    from .probes import ProbeLog

NS = 1_000_000_000


@dataclass(frozen=True)
class ProbeMeasurement:
    """Availability measured from probes.

    Attributes
    ----------
    table:
        One row per target x period: ``target``, ``period``, ``period_start``, ``period_end``,
        ``availability_percent``, ``unavailability``, ``nines`` (under the rise/fall rule, over
        the observed time), ``raw_availability_percent``, ``raw_unavailability`` (the share of
        failed probes), ``downtime_seconds``, ``observed_seconds`` (the period less unknown time),
        ``unknown_seconds``, ``unknown_percent`` (of the period), ``outages``, ``state_changes``
        (flapping: changes of the rule's state), ``raw_changes`` (changes of the probe result),
        ``probes``, ``failed_probes``, ``detection_delay_seconds`` (mean, first failed probe to
        the ``fall``-th), ``recovery_delay_seconds`` (first success to the ``rise``-th),
        ``mttr_seconds``, ``mtbf_seconds``, ``longest_outage_seconds``; with an SLO the budget
        columns of :func:`uptime_calc.accounting.measure.measure`, with an SLA ``credit_percent``
        and ``sla_tier``.
    totals:
        The same per target over the whole window.
    correlated:
        The most correlated pairs of targets (see :mod:`uptime_calc.signals.correlation`).
    outages:
        The outages and unknown stretches: ``target``, ``start``, ``end``, ``kind`` (``down`` or
        ``unknown``), clipped to the window.
    snippets:
        Scenario-file text: ``detection`` and ``common_cause``.
    """

    table: pd.DataFrame
    totals: pd.DataFrame
    correlated: pd.DataFrame
    outages: pd.DataFrame
    method: dict[str, Any]
    snippets: dict[str, str]
    warnings: tuple[str, ...] = ()
    tz: str = "UTC"
    window_ns: tuple[int, int] = (0, 0)
    evaluation: Evaluation | None = field(default=None, repr=False, compare=False)
    targets: tuple[str, ...] = ()

    def missed(self, target: Availability) -> list[str]:
        """Lines naming each row whose availability is below ``target``."""
        from ..availability import format_percent

        bad = self.table[self.table["unavailability"] > target.unavailability]
        return [f"{row['target']} {row['period']}: {format_percent(float(row['unavailability']))} < "
                f"{format_percent(target.unavailability)}" for _, row in bad.iterrows()]

    def step_series(self, step: float) -> pd.DataFrame:
        """Per target and step of ``step`` seconds from the window start: ``target``, ``step_start``,
        ``down_seconds`` and ``observed_seconds`` (a generic bad/valid series for rolling windows)."""
        import numpy as np
        import pandas as pd

        if not step > 0:
            raise InputError(f"the step must be positive, got {step!r}s")
        ev = self.evaluation
        assert ev is not None
        lo, hi = self.window_ns
        width = int(round(step * NS))
        edges = np.arange(lo, hi, width, dtype=np.int64)
        edges = np.append(edges, hi)
        n_t = len(self.targets)
        down = _binned(ev.down_target, ev.down_start, ev.down_end, edges, n_t)
        seen = _binned(ev.covered_target, ev.covered_start, ev.covered_end, edges, n_t)
        n_steps = len(edges) - 1
        starts = pd.DatetimeIndex(edges[:-1].view("M8[ns]")).tz_localize("UTC").tz_convert(self.tz)
        return pd.DataFrame({
            "target": np.repeat(np.array(self.targets, dtype=object), n_steps),
            "step_start": np.tile(starts, n_t),
            "down_seconds": down.ravel() / NS,
            "observed_seconds": seen.ravel() / NS,
        })

    def to_incidents(self) -> pd.DataFrame:
        """The outages as an incident log (``incidents`` reads it): unknown stretches as maintenance,
        so that the incident accounting excludes them as this one does."""
        import pandas as pd

        o = self.outages
        kind = o["kind"].to_numpy()
        n = len(o)
        return pd.DataFrame({
            "id": [f"{t}-{k}-{i + 1}" for i, (t, k) in enumerate(zip(o["target"], kind, strict=True))],
            "service": o["target"].to_numpy(),
            "start": o["start"].map(lambda ts: ts.isoformat()),
            "end": o["end"].map(lambda ts: ts.isoformat()),
            "impact": ["outage" if k == "down" else "none" for k in kind],
            "maintenance": ["true" if k == "unknown" else "false" for k in kind],
            "title": ["probes failing (rise/fall rule)" if k == "down" else "unknown: no probe results"
                      for k in kind] if n else [],
        })

    def to_document(self) -> Document:
        return _document(self)


def measure_probes(
    log: ProbeLog,
    *,
    rise: int = 2,
    fall: int = 3,
    down_at: DownAt = "first",
    max_gap: float | None = None,
    window: tuple[Any, Any] | None = None,
    period: str = "month",
    tz: str = "UTC",
    slo: Availability | None = None,
    sla: SlaTable | str | None = None,
    pairs: int = 10,
    progress: Progress | None = None,
) -> ProbeMeasurement:
    """Availability per target x calendar period from a :class:`~uptime_calc.signals.probes.ProbeLog`.

    Parameters
    ----------
    log:
        The probes (:func:`uptime_calc.signals.probes.read_probes`).
    rise, fall:
        The balancer's rule: down after ``fall`` failed probes in a row, up after ``rise`` successes.
    down_at:
        ``first`` (an outage starts at the first failed probe of the run and ends at the first
        success of the run that restores it) or ``fall`` (at the ``fall``-th failure, until the
        ``rise``-th success).
    max_gap:
        Seconds between probes beyond which the time is unknown (default: 3 probe intervals).
    window, period, tz, slo, sla:
        As for :func:`uptime_calc.accounting.measure.measure`; the default window is the whole
        periods covering the probes.
    pairs:
        How many of the most correlated pairs of targets to report.
    progress:
        ``progress(stage, done, total)``.
    """
    import numpy as np
    import pandas as pd

    from ..accounting.measure import measure
    from ..accounting.periods import check_period, check_tz, covering_window, ns_to_iso, to_ns, window_periods
    from .correlation import correlate, snippets

    period = check_period(period)
    tz = check_tz(tz)
    if max_gap is not None and not max_gap > 0:
        raise InputError(f"--max-gap must be positive, got {max_gap!r}s")
    if progress is not None:
        progress("rise/fall rule", 0, 1)
    ev = evaluate(log.target, log.time_ns, log.ok, log.interval_seconds, rise=rise, fall=fall, down_at=down_at,
                  max_gap=max_gap)
    n_t = len(log.targets)
    probed = ev.first_ns >= 0
    if not probed.any():
        raise InputError("the probe log has no probe results", source=log.source or None)
    span = (int(ev.first_ns[probed].min()), int(ev.last_ns[probed].max()))
    lo_user = to_ns(window[0], tz, what="--from") if window and window[0] is not None else None
    hi_user = to_ns(window[1], tz, what="--to") if window and window[1] is not None else None
    w_lo, w_hi = covering_window(span[0], span[1], period, tz)
    lo = lo_user if lo_user is not None else w_lo
    hi = hi_user if hi_user is not None else w_hi
    if hi_user is None and hi <= lo:
        hi = covering_window(lo, lo + 1, period, tz)[1]
    if lo_user is None and hi <= lo:
        lo = covering_window(hi - 1, hi, period, tz)[0]
    if hi <= lo:
        raise InputError("the reporting window is empty: --to must be later than --from")

    # unknown time: the gaps, and each target's window before its first probe and after its last
    head_t = np.flatnonzero(probed)
    u_t = np.concatenate([ev.unknown_target, head_t, head_t, np.flatnonzero(~probed)])
    u_s = np.concatenate([ev.unknown_start, np.full(len(head_t), lo), ev.last_ns[head_t],
                          np.full(int((~probed).sum()), lo)])
    u_e = np.concatenate([ev.unknown_end, ev.first_ns[head_t], np.full(len(head_t), hi),
                          np.full(int((~probed).sum()), hi)])
    u_s, u_e = np.maximum(u_s, lo), np.minimum(u_e, hi)
    keep = u_e > u_s
    u_t, u_s, u_e = u_t[keep], u_s[keep], u_e[keep]
    d_s, d_e = np.maximum(ev.down_start, lo), np.minimum(ev.down_end, hi)
    keep = d_e > d_s
    d_t, d_s, d_e = ev.down_target[keep], d_s[keep], d_e[keep]

    names = np.array(log.targets, dtype=object)
    # every target appears: a weight-0 record over the window (it counts nothing)
    all_t = np.arange(n_t)
    tgt = np.concatenate([d_t, u_t, all_t]).astype(np.int64)
    frame = pd.DataFrame({
        "target": pd.Categorical.from_codes(tgt, categories=pd.Index(names)),
        "start": _utc(np.concatenate([d_s, u_s, np.full(n_t, lo)])),
        "end": _utc(np.concatenate([d_e, u_e, np.full(n_t, hi)])),
        "impact": np.concatenate([np.ones(len(d_t) + len(u_t)), np.zeros(n_t)]),
        "maintenance": np.concatenate([np.zeros(len(d_t), bool), np.ones(len(u_t), bool), np.zeros(n_t, bool)]),
    })
    if progress is not None:
        progress("accounting", 0, 1)
    m = measure(frame, window=(pd.Timestamp(lo, tz="UTC"), pd.Timestamp(hi, tz="UTC")), period=period, tz=tz,
                group_by="target", slo=slo, sla=sla, uncertainty=False)

    bounds = window_periods(lo, hi, period, tz)
    table = _with_probe_columns(m.table, log, ev, bounds, names)
    totals = _with_probe_columns(m.totals, log, ev, np.array([lo, hi], dtype=np.int64), names)
    if progress is not None:
        progress("correlated failures", 0, 1)
    correlated, corr_note = correlate(log, pairs=pairs)
    outages = pd.DataFrame({
        "target": pd.array(np.concatenate([names[d_t], names[u_t]]).astype(str), dtype="str")
        if len(d_t) + len(u_t) else pd.array([], dtype="str"),
        "start": _utc(np.concatenate([d_s, u_s])).dt.tz_convert(tz),
        "end": _utc(np.concatenate([d_e, u_e])).dt.tz_convert(tz),
        "kind": ["down"] * len(d_t) + ["unknown"] * len(u_t),
    })
    outages = outages.sort_values(["target", "start"], kind="stable").reset_index(drop=True)

    step = float(np.median(log.interval_seconds))
    unknown_total = float(totals["unknown_seconds"].sum())
    length_total = float(n_t) * (hi - lo) / NS
    method: dict[str, Any] = {"input": log.method.get("input", log.source)}
    method.update({k: v for k, v in log.method.items() if k != "input"})
    method.update(
        window=f"{ns_to_iso(lo, tz)} .. {ns_to_iso(hi, tz)} ("
        + ("given" if lo_user is not None and hi_user is not None else f"whole {period}s covering the probes") + ")",
        time_zone=tz,
        period=m.method.get("period", period),
        rule=f"rise {rise}, fall {fall}: a target is marked down after {fall} failed probe(s) in a row and up "
             f"after {rise} success(es) in a row; shorter runs change nothing; it starts up",
        outage_edges=(
            "an outage starts at the first failed probe of the run that trips the rule and ends at the first "
            "success of the run that restores it (--down-at first)" if down_at == "first" else
            f"an outage starts at the {_nth(fall)} failed probe (when the balancer marks the target down) and "
            f"ends at the {_nth(rise)} success (--down-at fall)"
        ),
        coverage=(
            "each probe speaks for the time until the next probe of its target; a gap longer than "
            + (f"{max_gap:g}s" if max_gap is not None else "3 probe intervals")
            + " (--max-gap) leaves all but one interval of it unknown, as is the time before a target's first "
            "probe and after its last interval; runs of results are not counted across a gap"
        ),
        unknown=(f"excluded from downtime and from the period length (never counted as up): "
                 f"{_share(unknown_total, length_total)} of all target-time in the window"),
        availability="U = time down under the rule / observed time (period less unknown); A = 1 - U; "
                     "nines = -log10(U), by the incident accounting (outages as incidents of weight 1, unknown "
                     "time as maintenance)",
        raw="raw_availability = successful probes / probes in the period (each probe counts once)",
        detection=(f"mean time from the first failed probe of an outage to the {_nth(fall)} (the balancer's "
                   f"detection: (fall - 1) x interval after the first failed probe, up to fall x interval after "
                   f"the failure); recovery: first success to the {_nth(rise)}"),
        flapping="state_changes: changes of the rule's state in the period (each way); raw_changes: changes "
                 "of the probe result between consecutive probes",
        correlation=corr_note,
    )
    for key in ("slo", "sla"):
        if key in m.method:
            method[key] = m.method[key]
    snips = snippets(correlated, totals, step=step, fall=fall)
    return ProbeMeasurement(
        table=table, totals=totals, correlated=correlated, outages=outages, method=method, snippets=snips,
        warnings=tuple(log.warnings) + tuple(m.warnings), tz=tz, window_ns=(lo, hi), evaluation=ev,
        targets=tuple(log.targets),
    )


def _nth(k: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``..."""
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"


def _utc(ns: np.ndarray) -> pd.Series:
    import numpy as np
    import pandas as pd

    return pd.Series(np.asarray(ns, dtype=np.int64).view("M8[ns]")).dt.tz_localize("UTC")


def _share(part: float, whole: float) -> str:
    return f"{100 * part / whole:.4g}%" if whole > 0 else "n/a"


def _binned(tgt: np.ndarray, start: np.ndarray, end: np.ndarray, edges: np.ndarray, n_t: int) -> np.ndarray:
    """Nanoseconds of the intervals (disjoint per target) inside each bin: ``(n_t, len(edges) - 1)``.

    The covered time up to ``x`` is ``sum over s < x of (min(x, e) - s)``: two sorted cumulative sums.
    """
    import numpy as np

    out = np.zeros((n_t, len(edges) - 1), dtype=np.int64)
    order = np.lexsort((start, tgt))
    tgt, start, end = tgt[order], start[order], end[order]
    cuts = np.searchsorted(tgt, np.arange(n_t + 1))
    for t in range(n_t):
        s, e = start[cuts[t]:cuts[t + 1]], end[cuts[t]:cuts[t + 1]]
        if not len(s):
            continue
        es = np.sort(e)
        cs, ce = np.concatenate([[0], np.cumsum(s)]), np.concatenate([[0], np.cumsum(es)])
        k_s = np.searchsorted(s, edges, side="left")
        k_e = np.searchsorted(es, edges, side="left")
        covered = (k_s * edges - cs[k_s]) - (k_e * edges - ce[k_e])
        out[t] = np.diff(covered)
    return out


def _with_probe_columns(mt: pd.DataFrame, log: ProbeLog, ev: Evaluation, bounds: np.ndarray,
                        names: np.ndarray) -> pd.DataFrame:
    """The measured rows with the probe counts, raw figure, delays and state changes of each target x period."""
    import numpy as np
    import pandas as pd

    n_t, n_p = len(names), len(bounds) - 1
    lookup = {str(name): i for i, name in enumerate(names)}
    t_code = np.array([lookup[str(v)] for v in mt["target"]], dtype=np.int64)
    p_code = np.searchsorted(bounds, mt["period_start"].dt.tz_convert("UTC").dt.as_unit("ns").astype("int64")
                             .to_numpy(), side="right") - 1
    at = t_code * n_p + p_code

    def slots(tgt: np.ndarray, ns: np.ndarray) -> np.ndarray:
        """Each event's target x period cell, ``-1`` outside the window."""
        p = np.searchsorted(bounds, ns, side="right") - 1
        return np.where((p >= 0) & (p < n_p), tgt.astype(np.int64) * n_p + p, -1)

    def cell(tgt: np.ndarray, ns: np.ndarray, weights: np.ndarray | None = None,
             where: np.ndarray | None = None) -> np.ndarray:
        at_cell = slots(tgt, ns) if where is None else where
        inside = at_cell >= 0
        w = None if weights is None else weights[inside].astype(np.float64)
        return np.bincount(at_cell[inside], weights=w, minlength=n_t * n_p)[at]

    probe_cells = slots(log.target, log.time_ns)  # one search for the millions of probes
    probes = cell(log.target, log.time_ns, where=probe_cells)
    failed = np.bincount(probe_cells[(probe_cells >= 0) & ~log.ok], minlength=n_t * n_p)[at]
    flips = cell(ev.flip_target, ev.flip_ns)
    raw_changes = cell(ev.raw_change_target, ev.raw_change_ns)
    det_n = cell(ev.detect_target, ev.detect_onset_ns)
    det_sum = cell(ev.detect_target, ev.detect_onset_ns, ev.detect_delay_ns / NS)
    rec_n = cell(ev.recover_target, ev.recover_onset_ns)
    rec_sum = cell(ev.recover_target, ev.recover_onset_ns, ev.recover_delay_ns / NS)
    with np.errstate(invalid="ignore", divide="ignore"):
        raw_u = np.where(probes > 0, failed / np.maximum(probes, 1), np.nan)
        det = np.where(det_n > 0, det_sum / np.maximum(det_n, 1), np.nan)
        rec = np.where(rec_n > 0, rec_sum / np.maximum(rec_n, 1), np.nan)
    observed = mt["period_seconds"].to_numpy(dtype=float)
    unknown = mt["maintenance_seconds"].to_numpy(dtype=float)
    length = observed + unknown
    out = pd.DataFrame({
        "target": mt["target"].astype(str).to_numpy(),
        "period": mt["period"].to_numpy(),
        "period_start": mt["period_start"],
        "period_end": mt["period_end"],
        "availability_percent": mt["availability_percent"],
        "unavailability": mt["unavailability"],
        "nines": mt["nines"],
        "raw_availability_percent": 100.0 - 100.0 * raw_u,
        "raw_unavailability": raw_u,
        "downtime_seconds": mt["downtime_seconds"],
        "observed_seconds": observed,
        "unknown_seconds": unknown,
        "unknown_percent": np.where(length > 0, 100.0 * unknown / np.where(length > 0, length, 1.0), math.nan),
        "outages": mt["incidents"].to_numpy(),
        "state_changes": flips.astype(np.int64),
        "raw_changes": raw_changes.astype(np.int64),
        "probes": probes.astype(np.int64),
        "failed_probes": failed.astype(np.int64),
        "detection_delay_seconds": det,
        "recovery_delay_seconds": rec,
        "mttr_seconds": mt["mttr_seconds"],
        "mtbf_seconds": mt["mtbf_seconds"],
        "longest_outage_seconds": mt["longest_outage_seconds"],
    })
    for key in ("slo_met", "budget_seconds", "budget_used_seconds", "budget_remaining_seconds", "budget_used_percent",
                "budget_remaining_percent", "burn_rate", "credit_percent", "sla_tier"):
        if key in mt.columns:
            out[key] = mt[key].to_numpy()
    return out.reset_index(drop=True)


def _records(df: pd.DataFrame, tz: str) -> list[dict[str, Any]]:
    """Rows as dicts of Python values: times as ISO text, missing values as None."""
    out = df.copy()
    for col in ("period_start", "period_end"):
        if col in out.columns:
            out[col] = [ts.isoformat() for ts in out[col]]
    return out.astype(object).where(out.notna(), None).to_dict("records")  # type: ignore[no-any-return]


def _document(m: ProbeMeasurement) -> Document:
    has = set(m.table.columns)
    cols = [
        Column("target", "Target"),
        Column("period", "Period"),
        Column("availability_percent", "Availability", "availability"),
        Column("raw_availability_percent", "Raw", "availability", unavailability_key="raw_unavailability"),
        Column("nines", "Nines", "nines"),
        Column("downtime_seconds", "Downtime", "duration"),
        Column("unknown_percent", "Unknown %", "percent"),
        Column("outages", "Outages", "count"),
        Column("state_changes", "Changes", "count"),
        Column("detection_delay_seconds", "Detection", "duration"),
        Column("longest_outage_seconds", "Longest", "duration"),
    ]
    if "slo_met" in has:
        cols += [
            Column("slo_met", "SLO met", "bool"),
            Column("budget_remaining_seconds", "Budget left", "duration"),
            Column("burn_rate", "Burn", "number"),
        ]
    if "credit_percent" in has:
        cols.append(Column("credit_percent", "Credit", "percent"))
    total_cols = [c for c in cols if c.key != "period"]
    corr_cols = [
        Column("target_a", "A"),
        Column("target_b", "B"),
        Column("both_down_rounds", "Both down", "count"),
        Column("p_b_down_given_a_down", "P(B down|A down)", "number"),
        Column("p_a_down_given_b_down", "P(A down|B down)", "number"),
        Column("independent_both_down", "If independent", "number"),
        Column("beta", "β", "number"),
    ]
    corr_rows = m.correlated.astype(object).where(m.correlated.notna(), None).to_dict("records")
    notes = [f"Scenario snippet ({name}):\n{text}" for name, text in m.snippets.items() if text]
    return Document(
        tables=[
            Table("rows", "Availability per target and period (rise/fall rule)", cols, _records(m.table, m.tz)),
            Table("totals", "Whole window", total_cols, _records(m.totals, m.tz)),
            Table("correlated", "Most correlated pairs (raw probe rounds)", corr_cols, corr_rows),
        ],
        method=m.method,
        summary={"snippets": dict(m.snippets)},
        notes=notes,
        warnings=list(m.warnings),
        title="Probe accounting",
    )
