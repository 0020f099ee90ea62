"""``uptime-calc nines``: availability targets to allowed downtime."""

from __future__ import annotations

from pathlib import Path

import click

from .options import AVAILABILITY_TEXT, convention_options, conventions_from, emit, output_options


@click.command(
    epilog="""\b
Examples:
  uptime-calc nines 99.9 99.95 4n
  uptime-calc nines 99.9 --year-days 365 --month-days 30
  uptime-calc nines 99.99 --per 28d -f json
  uptime-calc nines 99.999999999999999999""",
)
@click.argument("targets", nargs=-1, required=True, type=AVAILABILITY_TEXT)
@click.option("--per", "per", multiple=True, metavar="DURATION",
              help="Add a custom period such as 28d (repeatable).")
@convention_options
@output_options
def nines(
    targets: tuple[str, ...], per: tuple[str, ...], year_days: str, month_days: str,
    quarter_days: str, fmt: str, output: Path | None,
) -> None:
    """Allowed downtime per hour, day, week, month, quarter and year for each TARGET.

    A TARGET is a percentage (99.95 or 99.95%) or a number of nines (3.5n,
    '3.5 nines'). A bare fraction such as 0.9995 is refused: write 99.95%.
    """
    from ..convert import nines_table

    conventions = conventions_from(year_days, month_days, quarter_days, per)
    emit(nines_table(list(targets), conventions).to_document(), fmt, output)
