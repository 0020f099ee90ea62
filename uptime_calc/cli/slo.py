"""SLO practice options shared by every measured source (incidents, requests, probes): rolling windows,
burn-rate alert replay and the budget forecast.

A command adds :func:`slo_practice_options` and, after measuring, calls :func:`add_slo_practice`
with a function that gives its :class:`~uptime_calc.accounting.sli.SliSeries` at a step; the
tables are appended to its result and ``--fail-if-exhausted-before`` exits 3.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .options import DURATION, TIME

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..accounting.sli import SliSeries
    from ..availability import Availability
    from ..tabular import Document

F = TypeVar("F", bound=Callable[..., Any])

#: the option names, as the command's keyword arguments
NAMES = ("rolling", "step", "alerts", "alert_rules", "alert_step", "forecast", "fail_if_exhausted_before", "now")

EPILOG = """\b
SLO practice (needs --slo, except --rolling):
  --rolling 28d --step 1d     the trailing 28-day window at each day: worst window, time out of the
                              SLO, budget left at the end (tables rolling_summary, rolling)
  --alerts                    replay the SRE workbook's multi-window burn-rate alerts (table 5-8:
                              1h & 5m at 14.4x, 6h & 30m at 6x, 3d & 6h at 1x); --alert-rules FILE
                              for your own (tables alert_rules, alerts, exhausted_periods)
  --forecast 7d               when the budget of the current --period (or the --rolling window)
                              runs out at the burn rate of the last 7 days (table forecast);
                              --fail-if-exhausted-before DATE exits 3 if that is before DATE"""


def slo_practice_options(func: F) -> F:
    """``--rolling``, ``--step``, ``--alerts``, ``--alert-rules``, ``--alert-step``, ``--forecast``,
    ``--fail-if-exhausted-before`` and ``--now``."""
    options = [
        click.option("--rolling", metavar="DURATION", type=DURATION,
                     help="Also evaluate the trailing window of this length (e.g. 28d) at every --step."),
        click.option("--step", metavar="DURATION", type=DURATION, default="1d", show_default=True,
                     help="Step of the rolling windows and of the forecast's series."),
        click.option("--alerts", is_flag=True,
                     help="Replay burn-rate alerts (SRE workbook table 5-8) over the history."),
        click.option("--alert-rules", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="YAML alert rules (period, rules: [{name, severity, long, short, burn_rate}]); implies "
                          "--alerts."),
        click.option("--alert-step", metavar="DURATION", type=DURATION, default="1m", show_default=True,
                     help="Evaluation step of the alert replay (must divide every window)."),
        click.option("--forecast", metavar="DURATION", type=DURATION,
                     help="Forecast when the budget runs out at the burn rate of this look-back (e.g. 7d)."),
        click.option("--fail-if-exhausted-before", metavar="DATE", type=TIME,
                     help="Exit 3 if the forecast budget runs out before DATE (implies --forecast 7d)."),
        click.option("--now", metavar="TIME", type=TIME,
                     help="Instant of the forecast (default: the end of the data)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def wants_practice(opts: dict[str, Any]) -> bool:
    """Whether any SLO practice option was given."""
    return bool(opts.get("rolling") or opts.get("alerts") or opts.get("alert_rules") or opts.get("forecast")
                or opts.get("fail_if_exhausted_before"))


def add_slo_practice(
    doc: Document, series_at: Callable[[int], SliSeries], *, slo: Availability | None, period: str, tz: str,
    opts: dict[str, Any],
) -> tuple[Document, list[str]]:
    """``doc`` with the rolling, alert and forecast tables the options ask for, and the lines naming
    groups whose budget runs out before ``--fail-if-exhausted-before`` (empty if none or not asked)."""
    from ..accounting.periods import to_ns
    from ..accounting.sli import check_step

    if not wants_practice(opts):
        return doc, []
    alerts = bool(opts.get("alerts") or opts.get("alert_rules"))
    lookback = opts.get("forecast") or (7 * 86400.0 if opts.get("fail_if_exhausted_before") else None)
    if slo is None and (alerts or lookback):
        raise click.UsageError("--alerts and --forecast measure against an objective: give --slo (e.g. --slo 99.9)")
    tables = list(doc.tables)
    method = dict(doc.method)
    notes = list(doc.notes)
    failed: list[str] = []
    if opts.get("rolling"):
        from ..accounting.rolling import rolling

        series = series_at(check_step(opts["step"]))
        method["series"] = _series_text(series)
        result = rolling(series, opts["rolling"], slo=slo)
        tables += result.tables()
        method["rolling"] = (f"trailing {opts['rolling'] / 86400:g}-day window at every {opts['step'] / 86400:g}-day "
                             "step; worst window and time out of the SLO count complete windows")
        notes += list(result.notes)
    if alerts:
        from ..accounting.alerts import AlertPolicy, load_policy, replay

        assert slo is not None
        policy = load_policy(opts["alert_rules"]) if opts.get("alert_rules") else AlertPolicy()
        series = series_at(check_step(opts["alert_step"], what="--alert-step"))
        method["series"] = _series_text(series)
        result_a = replay(series, slo, policy, period=period if period != "all" else "month")
        tables += result_a.tables()
        method.update(result_a.method)
    if lookback:
        from ..accounting.forecast import forecast

        assert slo is not None
        series = series_at(check_step(opts["step"]))
        method["series"] = _series_text(series)
        now = to_ns(opts["now"], tz, what="--now") if opts.get("now") else None
        if now is not None and not series.start_ns < now <= series.end_ns:
            raise click.BadParameter("--now must fall within the data", param_hint="'--now'")
        result_f = forecast(series, slo, lookback_seconds=lookback, period=period,
                            window_seconds=opts.get("rolling"), now=now)
        tables += result_f.tables()
        method.update(result_f.method)
        if opts.get("fail_if_exhausted_before"):
            when = to_ns(opts["fail_if_exhausted_before"], tz, what="--fail-if-exhausted-before")
            failed = result_f.exhausted_before(when)
    return dataclasses.replace(doc, tables=tables, method=method, notes=notes), failed


def _series_text(series: SliSeries) -> str:
    what = "seconds down of seconds observed" if series.kind == "time" else "bad of valid requests"
    return f"{series.source or 'the input'}: {what} per step"
