"""``uptime-calc availability``: availability from downtime, uptime, MTBF/MTTR or failure counts."""

from __future__ import annotations

from pathlib import Path

import click

from .options import DURATION, convention_options, conventions_from, emit, output_options


@click.command(
    epilog="""\b
Examples:
  uptime-calc availability --downtime 4h23m --per year
  uptime-calc availability --uptime 720h --downtime 43m
  uptime-calc availability --mtbf 1000h --mttr 1h
  uptime-calc availability --failures 12 --mttr 20m --per year -f json""",
)
@click.option("--downtime", type=DURATION, help="Total downtime, e.g. 4h23m.")
@click.option("--per", "per", metavar="PERIOD",
              help="Period: hour, day, week, month, quarter, year or a duration such as 28d.")
@click.option("--uptime", type=DURATION, help="Total uptime (with --downtime).")
@click.option("--mtbf", type=DURATION, help="Mean time between failures (mean up time), e.g. 1000h.")
@click.option("--mttr", type=DURATION, help="Mean time to restore, e.g. 20m.")
@click.option("--failures", type=click.FloatRange(min=0), help="Number of failures in --per.")
@convention_options
@output_options
def availability(
    downtime: float | None, per: str | None, uptime: float | None, mtbf: float | None,
    mttr: float | None, failures: float | None, year_days: str, month_days: str,
    quarter_days: str, fmt: str, output: Path | None,
) -> None:
    """Availability, nines and MTBF/MTTR from operating figures."""
    from ..convert import availability_from
    from ..units import parse_period

    conventions = conventions_from(year_days, month_days, quarter_days)
    per_seconds = parse_period(per, conventions) if per is not None else None
    result = availability_from(
        downtime=downtime, per=per_seconds, uptime=uptime, mtbf=mtbf, mttr=mttr,
        failures=failures, conventions=conventions, per_label=per,
    )
    emit(result.to_document(), fmt, output)
