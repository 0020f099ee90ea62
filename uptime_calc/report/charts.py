"""Single charts from input files, for ``uptime-calc chart`` (the report builds the same ones)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: chart kinds drawn from an incident log
INCIDENT_KINDS: tuple[str, ...] = ("availability", "burndown", "timeline", "pareto")


def incident_chart(
    kind: str,
    path: str | os.PathLike[str],
    *,
    preset: str | None = None,
    columns: Mapping[str, str] | None = None,
    time_format: str | None = None,
    encoding: str | None = None,
    tz: str = "UTC",
    period: str = "month",
    window: tuple[Any, Any] | None = None,
    until: Any = None,
    weights: Mapping[str, float] | str | None = None,
    count_maintenance: bool = False,
    slo: Any = None,
    service: str | None = None,
    group_by: str | None = None,
    rollup: str = "series",
    span: str = "window",
    observed_from: Mapping[str, Any] | None = None,
) -> Figure:
    """One chart of an incident log.

    Parameters
    ----------
    kind
        ``availability`` (per period, against ``slo``), ``burndown`` (error budget of one
        service across the window; needs ``slo``), ``timeline`` or ``pareto`` (downtime by service).
    path, preset, columns, time_format, encoding
        The incident file and how to read it (see ``read_incidents``).
    tz, period, window, until, weights, count_maintenance, span, observed_from
        Accounting options (see :func:`uptime_calc.accounting.measure.measure`); time axes are
        drawn in ``tz`` and say so.
    slo
        The objective (``Availability`` or ``"99.9%"``).
    service
        For ``burndown``: the service (default: the one with the most downtime); for
        the other kinds: show only this service. With ``group_by``/``rollup``, a group
        (``a / b`` for several keys).
    group_by, rollup
        Chart per these columns instead of per service, as ``incidents`` and ``report`` group.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from ..accounting.measure import measure
    from ..incidents import read_incidents
    from ..render.charts import chart_function
    from ..units import parse_availability
    from .build import _weights, chart_services
    from .figures import group_labels
    from .pipeline import _as_services, grouping_keys

    if kind not in INCIDENT_KINDS:
        raise InputError(f"chart {kind!r} is not drawn from incidents; choose one of {', '.join(INCIDENT_KINDS)}")
    if isinstance(slo, str):
        slo = parse_availability(slo)
    if kind == "burndown" and slo is None:
        raise InputError("a burn-down needs an objective: add --slo, e.g. --slo 99.9")
    log = read_incidents(Path(path), preset=preset, columns=dict(columns) if columns else None,
                         time_format=time_format, tz=tz, encoding=encoding)
    keys = grouping_keys(group_by, rollup)
    for key in keys:
        if key not in log.frame.columns:
            raise InputError(f"cannot group by {key!r}: {log.source} has no such column; "
                             f"columns: {', '.join(map(str, log.frame.columns))}")
    m = measure(log, window=window, period=period, tz=tz, weights=weights, until=until, group_by=keys,
                count_maintenance=count_maintenance, slo=slo, uncertainty=False, span=span,  # type: ignore[arg-type]
                observed_from=observed_from)
    frame = log.frame.assign(service=group_labels(log.frame, keys).to_numpy())
    totals, table = _as_services(m.totals, keys), _as_services(m.table, keys)
    if service is not None:
        known = sorted(str(v) for v in totals["service"].unique())
        if service not in known:
            raise InputError(f"no service {service!r} in {log.source}; services: {', '.join(known)}")
        frame = frame[frame["service"] == service]
        totals, table = totals[totals["service"] == service], table[table["service"] == service]
    lo, hi = m.table["period_start"].min(), m.table["period_end"].max()
    until_at = None if until is None else until_timestamp(until, tz)
    # a thousand services cannot be drawn legibly: the most downtime first
    (drawn, table), which = chart_services(totals, frame, table)
    if kind == "timeline":
        return chart_function("timeline")(  # type: ignore[no-any-return]
            drawn.assign(weight=_weights(drawn, weights, count_maintenance)), window=(lo, hi), until=until_at,
            title=f"Incident timeline{which}", tz=tz)
    if kind == "availability":
        return chart_function("availability")(  # type: ignore[no-any-return]
            table, target=slo, title=f"Availability per period{which}", tz=tz)
    if kind == "pareto":
        return chart_function("pareto")(totals)  # type: ignore[no-any-return]
    if totals.empty:  # no incident in the window: the whole budget is left
        import pandas as pd

        from ..accounting.periods import to_ns

        assert window is not None  # the accounting asks for --from and --to when there is no record
        lo, hi = (pd.Timestamp(to_ns(w, tz, what=what), tz="UTC") for w, what in zip(window, ("--from", "--to"),
                                                                                          strict=True))
        return chart_function("burndown")(  # type: ignore[no-any-return]
            frame.iloc[:0], period_start=lo, period_end=hi, target=slo, tz=tz,
            title="Error budget burn-down: no incidents in the window")
    worst = service or str(totals.sort_values("downtime_seconds", ascending=False)["service"].iloc[0])
    mine = frame[frame["service"] == worst]
    budget = float(totals.loc[totals["service"] == worst, "budget_seconds"].iloc[0])
    return chart_function("burndown")(  # type: ignore[no-any-return]
        mine.assign(weight=_weights(mine, weights, count_maintenance)), period_start=lo, period_end=hi, target=slo,
        budget_seconds=budget, title=f"Error budget burn-down: {worst}", tz=tz,
    )


def ladder_chart(levels: Sequence[str] = (), *, period: str = "year") -> Figure:
    """The nines ladder for ``levels`` (literals such as ``"99.9%"`` or ``"4n"``; default 1..6 nines)."""
    from ..render.charts import chart_function
    from ..render.charts.ladder import DEFAULT_LEVELS
    from ..units import Conventions, parse_availability

    parsed = [parse_availability(v) for v in levels] if levels else list(DEFAULT_LEVELS)
    seconds = Conventions().period_seconds(period)
    return chart_function("ladder")(parsed, period_seconds=seconds, period_name=period)  # type: ignore[no-any-return]


def comparison_chart(paths: Sequence[str | os.PathLike[str]], *, target: Any = None) -> Figure:
    """Scenario comparison of one or more scenario files and their variants (nines, against ``target``)."""
    import pandas as pd

    from ..models.compare import compare, expand_variants
    from ..render.charts import chart_function
    from ..scenario import load_scenario

    scenarios = [load_scenario(Path(p)) for p in paths]
    result = compare(expand_variants(scenarios))
    if target is None:
        target = scenarios[0].target
    frame = pd.DataFrame({"scenario": [r.scenario for r in result.rows],
                          "unavailability": [r.unavailability for r in result.rows]})
    return chart_function("comparison")(frame, target=target)  # type: ignore[no-any-return]


def distribution_chart(
    path: str | os.PathLike[str], *, target: Any = None, replications: int = 2000, seed: int = 0
) -> Figure:
    """Simulated monthly downtime of a scenario file with the target's allowance as a line."""
    from ..render.charts import chart_function
    from ..scenario import load_scenario
    from ..simulate.run import simulate

    scenario = load_scenario(Path(path))
    if target is None:
        target = scenario.target
    sim = simulate(scenario, replications=replications, seed=seed, target=target)
    return chart_function("distribution")(  # type: ignore[no-any-return]
        sim.month_downtime.ravel(), target=target, title=f"Simulated downtime per month: {sim.name}",
    )


def until_timestamp(value: Any, tz: str) -> Any:
    """``--until`` (text or timestamp; naive: in ``tz``) as a UTC pandas Timestamp, to draw open incidents to."""
    import pandas as pd

    from ..accounting.periods import to_ns

    return pd.Timestamp(to_ns(value, tz, what="--until"), tz="UTC")
