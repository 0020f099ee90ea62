"""From files to a report: read the incident log, account for it, and build the report."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

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
    group_by
        Report per this column instead of per service (e.g. ``component`` for a
        Statuspage export, where every incident belongs to one service); the report
        calls the groups "services".
    slo
        The objective (``Availability`` or a literal such as ``"99.9%"``).
    sla
        An SLA tier table or its name (``"aws-ec2"``) for the credit column.
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
    if group_by and group_by != "service":
        if group_by not in frame.columns:
            from ..errors import InputError

            raise InputError(f"cannot group by {group_by!r}: {log.source} has no such column; "
                             f"columns: {', '.join(map(str, frame.columns))}")
        # the report is laid out per "service": the chosen column plays that part
        values = frame[group_by].astype(str)
        frame = frame.assign(service=values.where(values != "", "(none)"))
    m = measure(dataclasses.replace(log, frame=frame), window=window, period=period, tz=tz, weights=weights,
                count_maintenance=count_maintenance, until=until, slo=slo, sla=sla, progress=progress)
    lo = m.table["period_start"].min() if len(m.table) else None
    hi = m.table["period_end"].max() if len(m.table) else None
    extra: dict[str, Any] = {}
    if scenario is not None:
        extra = _scenario_parts(scenario, replications=replications, seed=seed, slo=slo, step=step)
    return build_report(
        m.totals,
        m.table,
        frame,
        slo=slo,
        window=(lo, hi) if lo is not None else None,
        until=None if until is None else until_timestamp(until, tz),
        method=m.method,
        warnings=m.warnings,
        source=log.source,
        title=title,
        weights=weights,
        progress=progress,
        **extra,
    )


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
