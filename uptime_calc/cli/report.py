"""``uptime-calc report``: an availability report of an incident log as HTML, Markdown or PDF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..availability import Availability
from .options import (
    AVAILABILITY,
    SLA_TABLE,
    StderrProgress,
    grouping_options,
    incident_log_options,
    say,
    span_options,
)

F = TypeVar("F", bound=Callable[..., Any])

PERIODS = ("day", "week", "month", "quarter", "year", "all")

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..sla import SlaTable


def accounting_options(func: F) -> F:
    """The incident-log options plus ``--period``, ``--group-by``/``--rollup``, ``--span``/``--observed-from``
    and ``--slo``, shared by ``report`` and ``chart`` (the same accounting as ``incidents``)."""
    func = click.option("--slo", type=AVAILABILITY, help="Objective for budgets and the target line, e.g. 99.9.")(func)
    func = span_options(grouping_options(func))
    func = click.option("--period", type=click.Choice(PERIODS), default="month", show_default=True,
                        help="Calendar period of the per-period rows.")(func)
    return incident_log_options(func)


def window_of(start: str | None, end: str | None) -> tuple[str | None, str | None] | None:
    """``(start, end)`` for the library, or ``None`` when neither is given."""
    return None if start is None and end is None else (start, end)


@click.command(
    epilog="""\b
Examples:
  uptime-calc report samples/incidents.csv --slo 99.9 --sla aws-ec2 -o report.html
  uptime-calc report samples/incidents.csv --slo 99.9 -o report.md     # charts in report_files/
  uptime-calc report samples/incidents.csv --slo 99.9 -o report.pdf
  uptime-calc report samples/incidents.csv --slo 99.9 --scenario samples/scenarios/web.yaml -o r.html
  uptime-calc report incidents.json --preset statuspage --group-by component \\
      --from 2022-01-01 --to 2023-01-01 --slo 99.9 -o github-2022.html
  uptime-calc report samples/incidents.csv --rollup components --tz America/Denver -o r.html

The format follows the file name: .html (one self-contained file), .md or .pdf.""",
)
@click.argument("incidents", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@accounting_options
@click.option("--sla", metavar="NAME|FILE", type=SLA_TABLE, help="SLA tier table for the credit column, e.g. aws-ec2.")
@click.option("--scenario", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A scenario file: compare its variants and simulate its monthly downtime.")
@click.option("--replications", type=click.IntRange(100), default=2000, show_default=True,
              help="Simulated years for --scenario.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed of the simulation.")
@click.option("--title", help="Report title (default: 'Availability report: <file>').")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Report file: .html, .md or .pdf (written atomically).")
def report(
    incidents: Path, preset: str | None, columns: dict[str, str] | None, time_format: str | None, encoding: str | None,
    tz: str, from_: str | None, to: str | None, period: str,
    until: str | None, weights: str | None, count_maintenance: bool, slo: Availability | None,
    group_by: str | None, rollup: str, span: str, observed_from: dict[str, str] | None,
    sla: SlaTable | None, scenario: Path | None, replications: int, seed: int, title: str | None,
    output: Path,
) -> None:
    """Write an availability report of the INCIDENTS log: summary, tables, charts, top incidents, method."""
    from ..report import report_format, write_report
    from ..report.pipeline import incident_report

    report_format(output)  # fail on a bad suffix before any work
    with StderrProgress() as progress:
        result = incident_report(
            incidents, preset=preset, columns=columns, time_format=time_format,
            encoding=encoding, tz=tz, period=period, window=window_of(from_, to), until=until, weights=weights,
            count_maintenance=count_maintenance, group_by=group_by, rollup=rollup, span=span,
            observed_from=observed_from, slo=slo, sla=sla, scenario=scenario,
            replications=replications, seed=seed, title=title, progress=progress,
        )
        written = write_report(result, output, progress=progress)
    for warning in result.warnings:
        say(f"Warning: {warning}")
    for path in written:
        say(f"Wrote {path}")
