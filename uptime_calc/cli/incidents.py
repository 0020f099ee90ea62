"""``uptime-calc incidents``: availability, nines, error budget and SLA credit from an incident log."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..accounting.periods import PERIOD_CHOICES
from ..availability import Availability
from .options import (
    AVAILABILITY,
    SLA_TABLE,
    StderrProgress,
    emit,
    fail_under_exit,
    grouping_options,
    incident_log_options,
    limit_options,
    output_options,
    span_options,
)
from .slo import EPILOG, NAMES, add_slo_practice, slo_practice_options

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..sla import SlaTable


@click.command(
    epilog="""\b
Examples:
  uptime-calc incidents samples/incidents.csv
  uptime-calc incidents samples/incidents.csv --period quarter --slo 99.9 --sla aws-ec2
  uptime-calc incidents export.csv --columns start=Began,end=Resolved,service=System
  uptime-calc incidents incidents.json --preset statuspage --group-by component -f json
  uptime-calc incidents log.csv --tz Europe/Berlin --period day --from 2024-03-01 --to 2024-04-01
  uptime-calc incidents log.csv --weights partial=0.3,sev2=0.5 --fail-under 99.9
  uptime-calc incidents lanl.csv --span service --period year

\b
Accounting (printed with every result): overlapping incidents of a service merge, an instant
counting once at the highest weight active then; weights critical/major/outage/full = 1,
partial = 0.5, degraded/minor/none = 0; maintenance is excluded from downtime and period
length; open incidents end at --until (default: the window end); zero-length, end-before-start
and duplicated records are excluded and listed.

"""
    + EPILOG
    + """

Exit codes: 0 ok, 1 bad input, 2 usage error, 3 a --fail-under (or --fail-if-exhausted-before) target was missed.""",
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@incident_log_options
@click.option("--period", type=click.Choice(PERIOD_CHOICES), default="month", show_default=True,
              help="Calendar period of each row.")
@grouping_options
@click.option("--slo", type=AVAILABILITY, help="Objective for the error budget, e.g. 99.9.")
@click.option("--sla", metavar="NAME|FILE", type=SLA_TABLE, help="SLA credit tiers: aws-ec2, azure-vm, ... or a file.")
@click.option("--fail-under", type=AVAILABILITY, help="Exit 3 if any row's availability is below this.")
@click.option("--confidence", type=click.FloatRange(0, 1, min_open=True, max_open=True), default=0.9,
              show_default=True, help="Confidence of the interval on long-run availability.")
@click.option("--uncertainty/--no-uncertainty", default=True, show_default=True,
              help="Compute the interval on long-run availability per group (the Low/High columns).")
@span_options
@slo_practice_options
@output_options
@limit_options("max_output_rows")
def incidents(
    file: Path, preset: str | None, columns: dict[str, str] | None, time_format: str | None, tz: str,
    encoding: str | None, from_: str | None, to: str | None, until: str | None, period: str,
    weights: str | None, count_maintenance: bool, group_by: str | None, rollup: str,
    slo: Availability | None, sla: SlaTable | None, fail_under: Availability | None, confidence: float,
    uncertainty: bool, span: str, observed_from: dict[str, str] | None, fmt: str, output: Path | None,
    **practice: Any,
) -> None:
    """Availability per service and calendar period from an incident log FILE."""
    import time

    from ..accounting.measure import measure_file
    from ..accounting.sli import from_measurement as series_from_measurement

    with StderrProgress() as progress:  # a big log takes seconds: reading, accounting, intervals
        result = measure_file(
            file, preset=preset, columns=columns, time_format=time_format, tz=tz,
            encoding=encoding, window=(from_, to), until=until, period=period, weights=weights,
            count_maintenance=count_maintenance, group_by=group_by, rollup=rollup,  # type: ignore[arg-type]
            slo=slo, sla=sla, confidence=confidence, uncertainty=uncertainty, progress=progress,
            span=span, observed_from=observed_from,  # type: ignore[arg-type]
        )
        progress("formatting", 0, 1)
        doc = result.to_document()
        doc, exhausted = add_slo_practice(doc, lambda step: series_from_measurement(result, step_ns=step,
                                                                                    end_ns=time.time_ns()),
                                          slo=slo, period=period, tz=tz, opts={k: practice.get(k) for k in NAMES})
    emit(doc, fmt, output)  # after the bar is gone: it draws on the same terminal
    if fail_under is not None:
        fail_under_exit(result.missed(fail_under))
    fail_under_exit(exhausted)
