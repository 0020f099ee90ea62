"""Replay multi-window, multi-burn-rate alerts over a history (SRE workbook, ch. 5 "Alerting on SLOs").

A rule fires while the burn rate over its long window *and* over its short window are both at or
above its threshold: ``bad / valid >= burn_rate x (1 - SLO)`` over each window (the short window
makes the alert reset soon after the burn stops). The default rules are the workbook's table 5-8
for a 30-day budget period:

==========  ===========  ============  =========  ===============
severity    long window  short window  burn rate  budget spent
==========  ===========  ============  =========  ===============
page        1 h          5 min         14.4       2 %
page        6 h          30 min        6          5 %
ticket      3 d          6 h           1          10 %
==========  ===========  ============  =========  ===============

The replay runs on an :class:`~uptime_calc.accounting.sli.SliSeries`. Between two step boundaries
each window's ``bad - threshold x valid`` changes linearly (rates are constant within a step and
the windows are whole steps), so the instant a rule fires or resets is found exactly by linear
interpolation, not rounded to the step.

Closed form (the workbook's "time to detect"): from a clean history, an error ratio ``e`` trips a
rule of long window ``W`` and burn ``b`` after ``t = b x W x (1 - SLO) / e``, having spent
``b x W / period`` of the budget.

>>> import numpy as np
>>> from uptime_calc.accounting.sli import SliSeries
>>> from uptime_calc.availability import Availability
>>> minute, days = 60, 31
>>> n = days * 24 * 60
>>> bad = np.zeros((1, n)); bad[0, -60:] = 60.0          # down for the last hour
>>> s = SliSeries("time", 0, minute * 10**9, bad, np.full((1, n), 60.0))
>>> r = replay(s, Availability.from_percent("99.9"))
>>> first = r.firings.iloc[0]
>>> round(float(first["detection_seconds"]), 6), round(float(first["budget_spent_percent"]), 6)
(51.84, 2.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..availability import Availability
from ..errors import InputError
from ..tabular import Column, Table
from .periods import ns_to_iso, window_periods
from .sli import NS, SliSeries, budget_figures

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

#: relative slack on the threshold, so that a burn exactly at it fires (as in the closed form)
_TOLERANCE = 1e-12
DAY = 86400.0


@dataclass(frozen=True)
class AlertRule:
    """One multi-window burn-rate rule."""

    name: str
    severity: str
    long_seconds: float
    short_seconds: float
    burn_rate: float

    def budget_spent_percent(self, period_seconds: float) -> float:
        """Budget spent by a burn at exactly this rate over the long window: ``100 x b x W / period``."""
        return 100.0 * self.burn_rate * self.long_seconds / period_seconds


#: SRE workbook, table 5-8 (recommended parameters for a 99.9% SLO, 30-day window)
WORKBOOK_RULES: tuple[AlertRule, ...] = (
    AlertRule("page 1h/5m", "page", 3600.0, 300.0, 14.4),
    AlertRule("page 6h/30m", "page", 6 * 3600.0, 1800.0, 6.0),
    AlertRule("ticket 3d/6h", "ticket", 3 * DAY, 6 * 3600.0, 1.0),
)


@dataclass(frozen=True)
class AlertPolicy:
    """The rules and the budget period they are sized for (the workbook's 30 days)."""

    rules: tuple[AlertRule, ...] = WORKBOOK_RULES
    period_seconds: float = 30 * DAY
    source: str = "SRE workbook, table 5-8 (30-day budget period)"


def load_policy(path: str | Path) -> AlertPolicy:
    """Rules from a YAML file::

        period: 30d            # the budget period the burn rates are sized for
        rules:
          - {name: fast, severity: page, long: 1h, short: 5m, burn_rate: 14.4}
          - {name: slow, severity: ticket, long: 3d, short: 6h, burn_rate: 1}
    """
    import yaml

    from ..units import parse_duration

    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text("utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read the alert rules: {exc.strerror or exc}", source=str(p)) from exc
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", source=str(p)) from exc
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list) or not data["rules"]:
        raise InputError("an alert rules file needs a 'rules' list of {name, severity, long, short, burn_rate}",
                         source=str(p))
    rules = []
    for i, raw in enumerate(data["rules"]):
        where = f"rules[{i}]"
        if not isinstance(raw, dict):
            raise InputError(f"{where} must be a mapping with long, short and burn_rate", source=str(p))
        try:
            long_s = parse_duration(raw["long"], what=f"{where}.long")
            short_s = parse_duration(raw["short"], what=f"{where}.short")
            burn = float(raw["burn_rate"])
        except KeyError as exc:
            raise InputError(f"{where} lacks {exc.args[0]!r}; each rule needs long, short and burn_rate",
                             source=str(p)) from exc
        except (TypeError, ValueError) as exc:
            raise InputError(f"{where}: {exc}", source=str(p)) from exc
        if not burn > 0 or not long_s > 0 or not short_s > 0:
            raise InputError(f"{where}: long, short and burn_rate must be above zero", source=str(p))
        rules.append(AlertRule(str(raw.get("name", f"rule {i + 1}")), str(raw.get("severity", "page")),
                               long_s, short_s, burn))
    period = parse_duration(data.get("period", "30d"), what="period")
    return AlertPolicy(tuple(rules), period, f"{p.name} ({len(rules)} rules, {period / DAY:g}-day budget period)")


@dataclass(frozen=True)
class AlertReplay:
    """When each rule would have fired and reset over a history.

    Attributes
    ----------
    firings:
        One row per alert: the group keys, ``rule``, ``severity``, ``long_window_seconds``,
        ``short_window_seconds``, ``burn_rate_threshold``, ``fired_at``, ``reset_at`` (None while
        still firing at the end), ``firing_seconds``, ``burn_began_at`` (start of the run of steps
        burning faster than the budget allows that the alert caught), ``detection_seconds``,
        ``budget_spent_percent`` (bad since the burn began, in percent of the budget of one budget
        period at the SLO).
    periods:
        One row per group x calendar period whose budget was exhausted: the group keys, ``period``,
        ``period_start``, ``period_end``, ``budget_used_percent``, ``caught`` (an alert fired in it),
        ``first_alert_at``.
    rules:
        One row per rule: ``rule``, ``severity``, ``long_window_seconds``, ``short_window_seconds``,
        ``burn_rate_threshold``, ``budget_spent_percent`` (at the threshold over the long window),
        ``firings``.
    """

    firings: pd.DataFrame
    periods: pd.DataFrame
    rules: pd.DataFrame
    keys: tuple[str, ...]
    method: dict[str, Any]

    def tables(self) -> list[Table]:
        """``alert_rules``, ``alerts`` and ``uncaught_periods`` tables (JSON keys)."""
        from .rolling import _records

        keys = [Column(k, k.replace("_", " ").capitalize()) for k in self.keys]
        rule_cols = [Column("rule", "Rule"), Column("severity", "Severity"),
                     Column("long_window_seconds", "Long", "duration"),
                     Column("short_window_seconds", "Short", "duration"),
                     Column("burn_rate_threshold", "Burn", "number"),
                     Column("budget_spent_percent", "Budget at firing", "percent"),
                     Column("firings", "Fired", "count")]
        cols = [*keys, Column("rule", "Rule"), Column("fired_at", "Fired", "datetime"),
                Column("reset_at", "Reset", "datetime"), Column("burn_began_at", "Burn began", "datetime"),
                Column("detection_seconds", "Detected after", "duration"),
                Column("budget_spent_percent", "Budget spent", "percent")]
        per_cols = [*keys, Column("period", "Period"), Column("budget_used_percent", "Budget used", "percent"),
                    Column("caught", "Alerted", "bool"), Column("first_alert_at", "First alert", "datetime")]
        return [Table("alert_rules", "Burn-rate alert rules", rule_cols, _records(self.rules)),
                Table("alerts", "Alerts the rules would have raised", cols, _records(self.firings)),
                Table("exhausted_periods", "Periods whose error budget ran out", per_cols, _records(self.periods))]


def replay(series: SliSeries, slo: Availability, policy: AlertPolicy | None = None, *,
           period: str = "month") -> AlertReplay:
    """Replay ``policy`` (default: the workbook's table 5-8) over ``series`` against ``slo``.

    ``period`` is the calendar period (in the series' time zone) whose exhausted budgets are
    checked for an alert; every window of a rule must be a whole number of the series' steps.
    """
    import numpy as np
    import pandas as pd

    policy = policy or AlertPolicy()
    step_s = series.step_ns / NS
    for rule in policy.rules:
        for w in (rule.long_seconds, rule.short_seconds):
            k = w / step_s
            if k < 1 or abs(k - round(k)) > 1e-9:
                from ..units import format_duration

                raise InputError(f"alert rule {rule.name!r}: its {format_duration(w)} window is not a whole number "
                                 f"of {format_duration(step_s)} steps; give a step that divides every window "
                                 "(e.g. --alert-step 1m)")
    u_slo = slo.unavailability
    cb, cv = series.cumulative()
    edges = series.edges()
    n = series.n_steps
    with np.errstate(divide="ignore", invalid="ignore"):
        hot = series.bad > u_slo * series.valid  # steps burning faster than the budget allows
    rows: list[dict[str, Any]] = []
    for rule in policy.rules:
        thr = rule.burn_rate * u_slo
        state = np.ones((series.n_groups, n + 1), dtype=bool)
        gaps = []
        for w in (rule.long_seconds, rule.short_seconds):
            k = int(round(w / step_s))
            lo = np.maximum(np.arange(n + 1) - k, 0)
            b = cb - cb[:, lo]
            v = cv - cv[:, lo]
            gap = b - thr * v
            state &= (gap >= -_TOLERANCE * thr * v) & (b > 0)
            gaps.append(gap)
        for g in range(series.n_groups):
            on = state[g]
            change = (np.flatnonzero(on[1:] != on[:-1]) + 1).tolist()
            fire_at = [i for i in change if on[i]]
            reset_at = [i for i in change if not on[i]]
            for i in fire_at:
                t_fire = max(_crossing(gap[g], i, edges) for gap in gaps)
                later = [j for j in reset_at if j > i]
                t_reset = (min(_crossing(-gap[g], later[0], edges, strict=True) for gap in gaps
                               if gap[g][later[0]] < 0) if later else None)
                begin = _burn_began(hot[g], series, g, t_fire)
                spent = _cum_at(cb[g], edges, t_fire) - _cum_at(cb[g], edges, begin)
                budget = u_slo * (policy.period_seconds if series.kind == "time" else
                                  _period_valid(cv[g], edges, t_fire, policy.period_seconds))
                row = dict(series.group_row(g))
                row.update(
                    rule=rule.name, severity=rule.severity, long_window_seconds=rule.long_seconds,
                    short_window_seconds=rule.short_seconds, burn_rate_threshold=rule.burn_rate,
                    fired_at=ns_to_iso(round(t_fire), series.tz),
                    reset_at=ns_to_iso(round(t_reset), series.tz) if t_reset is not None else None,
                    firing_seconds=((t_reset if t_reset is not None else float(edges[-1])) - t_fire) / NS,
                    burn_began_at=ns_to_iso(round(begin), series.tz),
                    detection_seconds=(t_fire - begin) / NS,
                    budget_spent_percent=100.0 * spent / budget if budget > 0 else float("nan"),
                    _t=t_fire,
                )
                rows.append(row)
    keys = tuple(series.labels)
    firings = pd.DataFrame(rows, columns=[*keys, "rule", "severity", "long_window_seconds", "short_window_seconds",
                                          "burn_rate_threshold", "fired_at", "reset_at", "firing_seconds",
                                          "burn_began_at", "detection_seconds", "budget_spent_percent", "_t"])
    firings = firings.sort_values(["_t", "rule"], kind="stable").reset_index(drop=True)
    periods = _exhausted_periods(series, slo, firings, period)
    rules = pd.DataFrame([{
        "rule": r.name, "severity": r.severity, "long_window_seconds": r.long_seconds,
        "short_window_seconds": r.short_seconds, "burn_rate_threshold": r.burn_rate,
        "budget_spent_percent": r.budget_spent_percent(policy.period_seconds),
        "firings": int((firings["rule"] == r.name).sum()),
    } for r in policy.rules])
    method = {
        "alerts": (f"{policy.source}: a rule fires while the burn rate over its long and its short window are both "
                   f"at or above its threshold (bad / valid >= burn x (1 - SLO), SLO {slo}); fire and reset instants "
                   f"interpolated within {step_s:g}s steps; a burn begins in the first of a run of steps burning "
                   "faster than the budget allows, as far before its end as its error ratio implies at the next "
                   "step's ratio"),
        "exhausted_periods": f"calendar {period}s (in {series.tz}) whose bad exceeded the budget, and whether any "
                             "rule fired in them",
    }
    return AlertReplay(firings=firings.drop(columns="_t"), periods=periods, rules=rules, keys=keys, method=method)


def _crossing(gap: np.ndarray, i: int, edges: np.ndarray, strict: bool = False) -> float:
    """The instant in step ``(i - 1, i]`` where ``gap`` (linear within the step) reaches 0 from below."""
    g0, g1 = float(gap[i - 1]), float(gap[i])
    t0, t1 = float(edges[i - 1]), float(edges[i])
    if (g0 >= 0 and not strict) or g1 == g0:
        return t0 if g0 >= 0 else t1
    return t0 + (t1 - t0) * min(max(-g0 / (g1 - g0), 0.0), 1.0)


def _cum_at(c: np.ndarray, edges: np.ndarray, t: float) -> float:
    """A cumulative sum (at the step boundaries) at instant ``t``, linear within a step."""
    import numpy as np

    return float(np.interp(t, edges.astype(float), c))


def _period_valid(cv: np.ndarray, edges: np.ndarray, t: float, period_s: float) -> float:
    """Valid requests in the budget period ending at ``t`` (what the budget is a share of)."""
    start = max(float(edges[0]), t - period_s * NS)
    got = _cum_at(cv, edges, t) - _cum_at(cv, edges, start)
    span = (t - start) / NS
    return got * period_s / span if span > 0 else 0.0  # scaled to a whole period at the rate seen


def _burn_began(hot: np.ndarray, series: SliSeries, g: int, t: float) -> float:
    """Start of the run of hot steps the burn at ``t`` belongs to (the latest one starting before ``t``)."""
    import numpy as np

    edges = series.edges()
    j = int(np.searchsorted(edges, t, side="left")) - 1  # step containing t (t in (edge j, edge j+1])
    j = min(max(j, 0), series.n_steps - 1)
    at = np.flatnonzero(hot[: j + 1])
    if not len(at):
        return float(edges[0])
    last = int(at[-1])
    first = last
    quiet = series.valid[g] == 0  # a step without requests neither ends a burn nor starts one
    while first > 0 and (hot[first - 1] or quiet[first - 1]):
        first -= 1
    while not hot[first]:
        first += 1
    nxt = first + 1
    while nxt < series.n_steps and quiet[nxt] and nxt < last:
        nxt += 1
    if nxt < series.n_steps and hot[nxt] and nxt == first + 1:
        # the burn runs on at the next step's error ratio: in the first step it lasted the share of the step
        # that ratio explains (a whole step for a steady burn; the tail of the step for an outage that began in it)
        ratio_first = series.bad[g, first] / series.valid[g, first]
        ratio_next = series.bad[g, first + 1] / series.valid[g, first + 1]
        share = min(ratio_first / ratio_next, 1.0)
        return min(float(edges[first + 1]) - share * float(series.step_ns), t)
    return float(edges[first])


def _exhausted_periods(series: SliSeries, slo: Availability, firings: pd.DataFrame, period: str) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    bounds = window_periods(series.start_ns, series.end_ns, period, series.tz)
    edges = series.edges().astype(float)
    cb, cv = series.cumulative()
    keys = tuple(series.labels)
    rows = []
    times = firings["_t"].to_numpy(dtype=float) if len(firings) else np.zeros(0)
    for g in range(series.n_groups):
        b = np.interp(bounds.astype(float), edges, cb[g])
        v = np.interp(bounds.astype(float), edges, cv[g])
        figures = budget_figures(np.diff(b), np.diff(v), slo, series.unit)
        mine = np.ones(len(firings), dtype=bool)
        for k in keys:
            mine &= (firings[k] == series.labels[k][g]).to_numpy() if len(firings) else mine
        for p in np.flatnonzero(~figures["slo_met"] & (np.diff(v) > 0)):
            lo, hi = float(bounds[p]), float(bounds[p + 1])
            inside = mine & (times >= lo) & (times < hi)
            row = dict(series.group_row(g))
            row.update(period=_label(int(bounds[p]), int(bounds[p + 1]), period, series.tz),
                       period_start=ns_to_iso(int(bounds[p]), series.tz), period_end=ns_to_iso(int(bounds[p + 1]),
                                                                                              series.tz),
                       budget_used_percent=float(figures["budget_used_percent"][p]), caught=bool(inside.any()),
                       first_alert_at=ns_to_iso(round(times[inside].min()), series.tz) if inside.any() else None)
            rows.append(row)
    return pd.DataFrame(rows, columns=[*keys, "period", "period_start", "period_end", "budget_used_percent",
                                       "caught", "first_alert_at"])


def _label(lo: int, hi: int, period: str, tz: str) -> str:
    import pandas as pd

    from .periods import period_labels

    start = pd.DatetimeIndex([pd.Timestamp(lo, tz="UTC").tz_convert(tz)])
    end = pd.DatetimeIndex([pd.Timestamp(hi, tz="UTC").tz_convert(tz)])
    return str(period_labels(start, end, period)[0])
