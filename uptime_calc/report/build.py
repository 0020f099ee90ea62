"""Assemble a :class:`~.model.Report` from result frames (accounting, incidents, scenarios, simulation)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..availability import format_percent
from ..tabular import Column, Table
from .columns import _plain, frame_table, pivot_table
from .figures import headlines, top_incidents
from .model import Chart, Progress, Report

if TYPE_CHECKING:
    import pandas as pd

#: per-service charts draw at most this many services (those with the most downtime): more lines or
#: rows cannot be read, and a thousand-service timeline took minutes to draw
CHART_SERVICES = 15


def _noop(stage: str, done: int, total: int) -> None:
    return None


def chart_services(
    overall: pd.DataFrame, *frames: pd.DataFrame, limit: int = CHART_SERVICES
) -> tuple[tuple[pd.DataFrame, ...], str]:
    """``frames`` cut to the services the per-service charts draw, and the words that say so in their titles.

    With more than ``limit`` services in ``overall`` (one row per service), the ``limit`` with the
    most downtime; else every frame as it is and no words.
    """
    if len(overall) <= limit:
        return frames, ""
    ranked = (overall.sort_values("downtime_seconds", ascending=False, kind="stable")
              if "downtime_seconds" in overall.columns else overall)
    shown = {str(s) for s in ranked["service"].head(limit)}
    cut = tuple(frame[frame["service"].astype(str).isin(shown)] for frame in frames)
    return cut, f" ({limit} of {len(overall):,} services, those with the most downtime)"


def _weights(
    incidents: pd.DataFrame, weights: Mapping[str, float] | str | None, count_maintenance: bool = False
) -> Any:
    """Each record's impact weight, exactly as the accounting weighs it (excluded maintenance: 0,
    whatever its label: Statuspage labels it ``maintenance``)."""
    import numpy as np

    from ..accounting.weights import MISSING_WEIGHT, effective_weights, impact_weights

    if "impact" not in incidents.columns:
        return np.full(len(incidents), MISSING_WEIGHT)
    skip = None
    if "maintenance" in incidents.columns and not count_maintenance:
        skip = incidents["maintenance"].fillna(False).astype(bool).to_numpy()
    return impact_weights(incidents["impact"], effective_weights(weights), skip=skip)


def build_report(
    overall: pd.DataFrame,
    periods: pd.DataFrame,
    incidents: pd.DataFrame,
    *,
    slo: Any = None,
    window: tuple[Any, Any] | None = None,
    until: Any = None,
    method: Mapping[str, Any] | None = None,
    warnings: Sequence[str] = (),
    source: str = "",
    title: str | None = None,
    scenarios: pd.DataFrame | None = None,
    simulated_downtime: Any = None,
    sla_target: Any = None,
    scenario_table: Table | None = None,
    simulation_name: str = "",
    weights: Mapping[str, float] | str | None = None,
    count_maintenance: bool = False,
    tz: str = "UTC",
    top: Table | None = None,
    credits: Mapping[str, str] | None = None,
    credit_table: Table | None = None,
    progress: Progress | None = None,
) -> Report:
    """Build the report of an incident history, and optionally of design scenarios and a simulation.

    Parameters
    ----------
    overall
        The accounting over the whole window, one row per service: ``service``,
        ``unavailability`` and ``nines`` required; ``downtime_seconds``,
        ``availability_percent``, ``slo_met``, ``budget_remaining_percent``,
        ``credit_percent``, ``mttr_seconds`` ... shown when present.
    periods
        The same per service x period (``period_start`` required).
    incidents
        The incident records (:attr:`uptime_calc.incidents.IncidentLog.frame` columns).
    slo
        The SLO target drawn on the charts (``Availability``, ``"99.9%"`` or a number).
    window
        ``(start, end)`` of the report; defaults to the span of ``periods``.
    until
        Where open incidents end (the accounting's ``until``); the timeline draws them to it.
        Default: the window end.
    method
        The accounting method (printed as is).
    warnings
        Data warnings to print.
    source, title
        The input's name and the report title.
    scenarios
        Optional scenario comparison: ``scenario`` and ``unavailability`` per row.
    simulated_downtime
        Optional array of simulated downtime per month (seconds).
    sla_target
        The commitment the simulated months are held against (defaults to ``slo``).
    scenario_table
        The comparison table to show (default: one built from ``scenarios``).
    simulation_name
        What was simulated, for the note under the distribution.
    weights, count_maintenance
        Impact weight overrides and the maintenance rule used by the accounting (for the
        timeline colours, the burn-down chart and the top incidents).
    tz
        The time zone of the accounting's calendar: every time label names it.
    top
        The top incidents table (default: :func:`~.figures.top_incidents` of ``incidents``
        over ``window``).
    credits, credit_table
        The SLA credits owed per billing period (:func:`~.figures.credits_owed`): a text per
        service for the summary and the list of periods; the summary shows no whole-window credit.
    progress
        ``progress(stage, done, total)`` callback.

    Returns
    -------
    Report
    """
    import pandas as pd

    from ..render.charts import chart_function

    step = progress or _noop
    total = 6 + (scenarios is not None) + (simulated_downtime is not None)
    done = 0

    def tick(stage: str) -> None:
        nonlocal done
        step(stage, done, total)
        done += 1

    tick("tables")
    overall = overall.sort_values("service", kind="stable").reset_index(drop=True)
    if credits is not None:
        overall = overall.assign(credits_owed=[credits.get(str(v), "") for v in overall["service"]])
    summary = frame_table(  # a credit is owed per billing period, never over the whole window
        overall, "summary", "Summary per service",
        drop=("period", "longest_outage_seconds", "budget_remaining_seconds", "credit_percent"),
    )
    per_period = frame_table(
        periods.sort_values(["service", "period_start"], kind="stable"), "periods", "Per service and period"
    )
    tables: list[Table] = []
    if "period" in periods.columns and len(periods):
        tables.append(pivot_table(periods))
    if window is None and len(periods):
        start = pd.Timestamp(periods["period_start"].min())
        end = pd.Timestamp(periods["period_end"].max()) if "period_end" in periods.columns else None
        window = (start, end if end is not None else pd.Timestamp(incidents["end"].max()))
    if top is None:
        top = top_incidents(incidents, window=window, until=until, tz=tz, weights=weights,
                            count_maintenance=count_maintenance)
    tables += [per_period]
    if credit_table is not None:
        tables.append(credit_table)
    tables.append(top)
    if window is not None:
        w0, w1 = (pd.Timestamp(w) for w in window)
        if w0.tzinfo is not None:
            w0, w1 = w0.tz_convert(tz), w1.tz_convert(tz)
        window_text = f"{_plain(w0)} .. {_plain(w1)} ({tz})"
    else:
        window_text = "no data"
    charts: list[Chart] = []
    (chart_periods, chart_incidents), which = chart_services(overall, periods, incidents)

    tick("availability chart")
    heading = f"Availability per period{which}"  # in the figure too: a Markdown report's PNGs stand alone
    charts.append(Chart(
        "availability", heading, chart_function("availability")(chart_periods, target=slo, title=heading, tz=tz),
        f"Line chart of each service's availability per period against the target{which}.",
    ))
    tick("timeline chart")
    heading = f"Incident timeline{which}"
    drawn = chart_incidents.assign(weight=_weights(chart_incidents, weights, count_maintenance))
    charts.append(Chart(
        "timeline", heading,
        chart_function("timeline")(drawn, window=window, until=until, title=heading, tz=tz),
        f"Timeline of incidents per service, coloured by the weight the accounting gives them{which}.",
    ))
    tick("pareto chart")
    if "downtime_seconds" in overall.columns:
        charts.append(Chart(
            "pareto", "Downtime by service",
            chart_function("pareto")(overall),
            "Bar chart of downtime per service, largest first, with the cumulative share.",
        ))
    tick("burn-down chart")
    if slo is not None and window is not None and len(incidents) and "downtime_seconds" in overall.columns:
        worst = str(overall.sort_values("downtime_seconds", ascending=False)["service"].iloc[0])
        mine = incidents[incidents["service"].astype(str) == worst]
        mine = mine.assign(weight=_weights(mine, weights, count_maintenance))
        budget = None
        if "budget_seconds" in overall.columns:
            budget = float(overall.loc[overall["service"].astype(str) == worst, "budget_seconds"].iloc[0])
        charts.append(Chart(
            "burndown", f"Error budget burn-down: {worst}",
            chart_function("burndown")(mine, period_start=window[0], period_end=window[1], target=slo,
                                      budget_seconds=budget, tz=tz,
                                      title=f"Error budget burn-down: {worst}"),
            f"Error budget left for {worst} across the report window.",
        ))
    tick("nines ladder")
    marks = {str(r["service"]): f"{100 - 100 * float(r['unavailability']):.12g}"
             for r in overall.head(6).to_dict("records") if float(r["unavailability"]) > 0}
    charts.append(Chart(
        "ladder", "Nines ladder",
        chart_function("ladder")(marks=marks),
        "Downtime allowed per year at each number of nines, with the measured services.",
    ))
    if scenarios is not None:
        tick("scenario comparison")
        charts.append(Chart(
            "scenarios", "Scenario comparison",
            chart_function("comparison")(scenarios, target=slo),
            "Nines of each design scenario against the target.",
        ))
        tables.append(scenario_table if scenario_table is not None else _scenario_table(scenarios))
    notes: list[str] = []
    if simulated_downtime is not None:
        tick("simulated distribution")
        notes.append(_simulation_note(simulated_downtime, sla_target if sla_target is not None else slo,
                                      simulation_name))
        charts.append(Chart(
            "distribution", "Simulated downtime per month",
            chart_function("distribution")(simulated_downtime, target=sla_target if sla_target is not None else slo),
            "Histogram of simulated monthly downtime with the SLA line.",
        ))
    tick("done")
    cards, card_note = headlines(overall, credits)
    return Report(
        title=title or (f"Availability report: {source}" if source else "Availability report"),
        source=source,
        window=window_text,
        summary=summary,
        tables=tuple(tables),
        charts=tuple(charts),
        method=dict(method or {}),
        warnings=tuple(warnings),
        notes=tuple(notes),
        headlines=cards,
        headline_note=card_note,
    )


def _simulation_note(downtime: Any, target: Any, name: str) -> str:
    """``"Simulated web-shop (...): mean downtime 12m 3s per month; 4.1% of months miss 99.95%."``"""
    import numpy as np

    from ..render.charts.style import target_unavailability
    from ..units import format_duration

    x = np.asarray(downtime, dtype=float)
    text = f"Simulated {name or 'scenario'}: mean downtime {format_duration(float(x.mean()))} per month"
    u = target_unavailability(target)
    if u is not None:
        allowed = u * 365.25 * 86400.0 / 12.0
        text += f"; {float((x > allowed).mean()):.1%} of months exceed the {format_percent(u)} allowance"
        text += f" ({format_duration(allowed)} per month of year/12)"
    return text + "."


def _scenario_table(scenarios: pd.DataFrame) -> Table:
    from ..availability import nines_of

    rows: list[dict[str, Any]] = []
    for rec in scenarios.to_dict("records"):
        u = float(rec["unavailability"])
        rows.append({"scenario": str(rec["scenario"]), "availability_percent": 100 - 100 * u,
                     "unavailability": u, "nines": nines_of(u)})
    return Table("scenarios", "Scenarios", [
        Column("scenario", "Scenario", "text"),
        Column("availability_percent", "Availability", "availability"),
        Column("nines", "Nines", "nines"),
    ], rows, hidden=("unavailability",))
