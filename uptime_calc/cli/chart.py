"""``uptime-calc chart``: one chart as PNG or SVG."""

from __future__ import annotations

from pathlib import Path

import click

from ..availability import Availability
from .report import accounting_options, window_of

KINDS = ("availability", "burndown", "timeline", "pareto", "ladder")


@click.command(
    epilog="""\b
Examples:
  uptime-calc chart availability samples/incidents.csv --slo 99.9 -o availability.png
  uptime-calc chart burndown samples/incidents.csv --slo 99.9 --service api \
      --from 2024-01-01 --to 2024-02-01 -o burn.svg
  uptime-calc chart timeline samples/incidents.csv -o timeline.svg
  uptime-calc chart pareto samples/incidents.csv -o pareto.png
  uptime-calc chart ladder 99 99.9 99.95 99.99 -o ladder.png

\b
Kinds: availability (per period, target line), burndown (error budget across the
window; needs --slo), timeline (incidents per service by impact), pareto (downtime by
service), ladder (downtime allowed per --per period at each level given).""",
)
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("inputs", nargs=-1, required=True)
@accounting_options
@click.option("--service", help="Only this service (burndown: default the one with most downtime).")
@click.option("--per", "per", default="year", show_default=True, help="ladder: period of the downtime.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Image file: .png or .svg (written atomically).")
def chart(
    kind: str, inputs: tuple[str, ...], preset: str | None, tz: str, period: str, start: str | None,
    end: str | None, weights: str | None, count_maintenance: bool, slo: Availability | None,
    service: str | None, per: str, output: Path,
) -> None:
    """Draw a chart of KIND from INPUTS (an incident file; for ladder, availability levels)."""
    from ..output import write_atomic
    from ..render.charts.style import save
    from ..report.charts import incident_chart, ladder_chart

    fmt = output.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise click.BadParameter("name the file .png or .svg", param_hint="'-o'")
    if kind == "ladder":
        figure = ladder_chart(inputs, period=per)
    else:
        if len(inputs) != 1:
            raise click.UsageError(f"chart {kind} takes one incident file")
        path = Path(inputs[0])
        if not path.is_file():
            raise click.BadParameter(f"file {path} does not exist", param_hint="'INPUTS'")
        figure = incident_chart(
            kind, path, preset=preset, tz=tz, period=period, window=window_of(start, end), weights=weights,
            count_maintenance=count_maintenance, slo=slo, service=service,
        )
    write_atomic(output, save(figure, fmt))
    click.echo(f"Wrote {output}", err=True)
