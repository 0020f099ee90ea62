"""``uptime-calc credits``: the SLA credit tier an availability falls in."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..availability import Availability
from .options import AVAILABILITY, SLA_TABLE, emit, output_options

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..sla import SlaTable


@click.command(
    epilog="""\b
Examples:
  uptime-calc credits --availability 99.7 --sla aws-ec2
  uptime-calc credits --availability 98.5% --sla gcp-storage -f json
  uptime-calc credits --availability 99.9 --sla my-contract.yaml
  uptime-calc credits --list

Shipped tables: aws-ec2, aws-ec2-instance, azure-vm, gcp-storage.
A file is YAML (name, commitment, tiers: [{min, max, credit}]) or CSV (min,max,credit).""",
)
@click.option("-a", "--availability", "availability", type=AVAILABILITY,
              help="Measured availability, e.g. 99.7 or 99.7%.")
@click.option("--sla", metavar="NAME|FILE", type=SLA_TABLE, help="A shipped tier table or a YAML/CSV file.")
@click.option("--list", "list_tables", is_flag=True, help="List the shipped tier tables.")
@output_options
def credits(
    availability: Availability | None, sla: SlaTable | None, list_tables: bool, fmt: str,
    output: Path | None,
) -> None:
    """The service credit an AVAILABILITY earns under an SLA's tiers (lower bounds inclusive)."""
    from ..sla import available_slas, credit_for, load_sla

    if list_tables:
        for name in available_slas():
            click.echo(f"{name}\t{load_sla(name).title}")
        return
    if availability is None or sla is None:
        raise click.UsageError("give --availability and --sla (or --list)")
    emit(credit_for(sla, availability).to_document(), fmt, output)
