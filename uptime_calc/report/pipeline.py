"""From files to a report: read the incident log, account for it, and build the report."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .figures import billing_period, credits_owed
from .model import Progress, Report


def incident_report(
    path: str | os.PathLike[str],
    *,
    preset: str | None = None,
    columns: Mapping[str, str] | None = None,
    time_format: str | None = None,
    encoding: str | None = None,
    tz: str = "UTC",
    period: str = "month",
    window: tuple[Any, Any] | None = None,
    weights: Mapping[str, float] | str | None = None,
    count_maintenance: bool = False,
    until: Any = None,
    group_by: str | None = None,
    rollup: str = "series",
    span: str = "window",
    observed_from: Mapping[str, Any] | None = None,
    slo: Any = None,
    sla: Any = None,
    scenario: str | os.PathLike[str] | None = None,
    replications: int = 2000,
    seed: int = 0,
    title: str | None = None,
    progress: Progress | None = None,
) -> Report:
    """The availability report of an incident log.

    Reads ``path`` with :func:`uptime_calc.incidents.read_incidents`, measures it with
    :func:`uptime_calc.accounting.measure.measure` per ``period`` and over the whole window, and
    lays the result out with :func:`~uptime_calc.report.build.build_report`.

    Parameters
    ----------
    path, preset, columns, time_format, encoding
        The incident file and how to read it (see ``read_incidents``).
    tz, period, window, weights, count_maintenance, until
        The accounting options (see ``measure``).
    group_by, rollup
        Report per these columns (comma-separated) instead of per service (e.g. ``component``
        for a Statuspage export, where every incident belongs to one service), and
        ``components`` to report each component of each service; as
        :func:`~uptime_calc.accounting.measure.measure` groups. The report calls the groups
        "services" (several keys read ``a / b``).
    span, observed_from
        When each group's observation starts (see ``measure``).
    slo
        The objective (``Availability`` or a literal such as ``"99.9%"``).
    sla
        An SLA tier table or its name (``"aws-ec2"``): the credits owed per billing period (the
        table's ``period``, e.g. a monthly billing cycle, whatever ``period`` is).
    scenario
        A scenario file (YAML): its variants are compared side by side
        (:func:`uptime_calc.models.compare.compare`) and it is simulated
        (:func:`uptime_calc.simulate.run.simulate`, ``replications`` x 12 months, ``seed``)
        for the distribution of monthly downtime against its target (or ``slo``).
    title
        The report title (default: ``"Availability report: <file>"``).
    progress
        ``progress(stage, done, total)`` callback.

    Returns
    -------
    Report
    """
    from ..accounting.measure import measure
    from ..incidents import read_incidents
    from ..units import parse_availability
    from .build import build_report
    from .charts import until_timestamp
    from .figures import group_labels, top_incidents

    def step(stage: str) -> None:
        if progress:
            progress(stage, 0, 1)

    if isinstance(slo, str):
        slo = parse_availability(slo)
    step("reading incidents")
    log = read_incidents(Path(path), preset=preset, columns=dict(columns) if columns else None,
                         time_format=time_format, tz=tz, encoding=encoding)
    step("accounting")
    frame = log.frame
    keys = grouping_keys(group_by, rollup)
    for key in keys:
        if key not in frame.columns:
            from ..errors import InputError

            raise InputError(f"cannot group by {key!r}: {log.source} has no such column; "
                             f"columns: {', '.join(map(str, frame.columns))}")
    options: dict[str, Any] = dict(window=window, tz=tz, weights=weights, count_maintenance=count_maintenance,
                                   until=until, group_by=keys, span=span, observed_from=observed_from)
    sla_table = _sla_table(sla)
    billing = billing_period(sla_table, period) if sla_table is not None else period
    # the same grouping as `incidents` (its method text too); the report calls the groups "services"
    m = measure(log, period=period, slo=slo, sla=sla_table if billing == period else None, progress=progress,
                **options)
    warnings = list(m.warnings)
    method = dict(m.method)
    credits = credit_table = None
    if sla_table is not None:
        rows = m.table
        if billing != period:  # the credits owed: the accounting once more, per billing period
            step(f"SLA credits per {billing}")
            billed = measure(log, period=billing, sla=sla_table, uncertainty=False, **options)
            rows = billed.table
            warnings += [w for w in billed.warnings if w not in warnings]
            method["sla"] = billed.method.get("sla", sla_table.title)
        credits, credit_table = credits_owed(rows, keys, billing)
        cycle = sla_table.period or "the SLA names no billing period: the report's period"
        method["sla_credits"] = (f"owed per billing {billing} ({cycle}): each {billing}'s availability against the "
                                 "tiers; the summary counts the periods at each tier (never one figure for the "
                                 "whole window)")
    records = group_labels(frame, keys)
    lo = m.table["period_start"].min() if len(m.table) else None
    hi = m.table["period_end"].max() if len(m.table) else None
    until_at = None if until is None else until_timestamp(until, tz)
    top = top_incidents(frame, groups=records, window=(lo, hi) if lo is not None else None, until=until_at,
                        tz=tz, weights=weights, count_maintenance=count_maintenance)
    extra: dict[str, Any] = {}
    if scenario is not None:
        extra = _scenario_parts(scenario, replications=replications, seed=seed, slo=slo, step=step)
    return build_report(
        _as_services(m.totals, keys),
        _as_services(m.table, keys),
        frame.assign(service=records),
        slo=slo,
        window=(lo, hi) if lo is not None else None,
        until=until_at,
        method=method,
        warnings=warnings,
        source=log.source,
        title=title,
        weights=weights,
        count_maintenance=count_maintenance,
        tz=tz,
        top=top,
        credits=credits,
        credit_table=credit_table,
        progress=progress,
        **extra,
    )


def grouping_keys(group_by: str | None, rollup: str = "series") -> tuple[str, ...]:
    """The accounting's group keys for ``--group-by`` (comma-separated columns) and ``--rollup``.

    >>> grouping_keys(None), grouping_keys("component"), grouping_keys(None, "components")
    (('service',), ('component',), ('service', 'component'))
    """
    from ..errors import InputError

    if rollup not in ("series", "components"):
        raise InputError(f"unknown rollup {rollup!r}; choose series or components")
    keys = tuple(k.strip() for k in (group_by or "").split(",") if k.strip()) or ("service",)
    if rollup == "components" and "component" not in keys:
        keys = (*keys, "component")
    return keys


def _sla_table(sla: Any) -> Any:
    if sla is None:
        return None
    from ..sla import SlaTable, load_sla

    return sla if isinstance(sla, SlaTable) else load_sla(sla)


def _as_services(table: Any, keys: tuple[str, ...]) -> Any:
    """An accounting table whose groups are named in its ``service`` column (``a / b`` for several keys)."""
    from .figures import row_labels

    if keys == ("service",):
        return table
    return table.assign(service=row_labels(table, keys).to_numpy())


def _scenario_parts(
    path: str | os.PathLike[str], *, replications: int, seed: int, slo: Any, step: Any
) -> dict[str, Any]:
    """The scenario comparison and simulated monthly downtime, as ``build_report`` arguments."""
    import pandas as pd

    from ..models.compare import compare, expand_variants
    from ..scenario import load_scenario
    from ..simulate.run import simulate

    step("comparing scenarios")
    base = load_scenario(Path(path))
    comparison = compare(expand_variants([base]))
    frame = pd.DataFrame({
        "scenario": [r.scenario for r in comparison.rows],
        "unavailability": [r.unavailability for r in comparison.rows],
    })
    step("simulating")
    target = base.target if base.target is not None else slo
    sim = simulate(base, replications=replications, seed=seed, target=target)
    return {
        "scenarios": frame,
        "scenario_table": comparison.to_document().tables[0],
        "simulated_downtime": sim.month_downtime.ravel(),
        "sla_target": target,
        "simulation_name": f"{sim.name} ({sim.replications:,} replications x 12 months, seed {seed})",
    }
