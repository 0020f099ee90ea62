"""``uptime-calc chart``: one chart as PNG or SVG."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..availability import Availability
from .options import DURATION, say
from .report import accounting_options, window_of

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.figure import Figure

KINDS = ("availability", "burndown", "timeline", "pareto", "ladder", "comparison", "distribution", "uptime-bars")


@click.command(
    epilog="""\b
Examples:
  uptime-calc chart availability samples/incidents.csv --slo 99.9 -o availability.png
  uptime-calc chart burndown samples/incidents.csv --slo 99.9 --service api \\
      --from 2024-01-01 --to 2024-02-01 -o burn.svg
  uptime-calc chart timeline samples/incidents.csv -o timeline.svg
  uptime-calc chart burndown incidents.json --preset statuspage --group-by component \\
      --service Pages --slo 99.9 --from 2022-01-01 --to 2023-01-01 -o pages.svg
  uptime-calc chart pareto samples/incidents.csv -o pareto.png
  uptime-calc chart ladder 99 99.9 99.95 99.99 -o ladder.png
  uptime-calc chart comparison samples/scenarios/web.yaml -o compare.svg
  uptime-calc chart distribution samples/scenarios/web.yaml --seed 1 -o months.png
  uptime-calc chart uptime-bars samples/incidents.csv -o bars.svg
  uptime-calc chart uptime-bars samples/probes.csv --probes -o bars.png

\b
Kinds: availability (per period, target line), burndown (error budget across the
window; needs --slo), timeline (incidents per service, coloured by the weight
counted), pareto (downtime by service), ladder (downtime allowed per --per period
at each level given),
comparison (nines of scenario files and their variants), distribution (simulated
downtime per month of a scenario, with its target's allowance; --slo overrides it),
uptime-bars (status-page bars: the last --days days per service, coloured by each day's
availability; --probes reads a probe log).""",
)
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("inputs", nargs=-1, required=True)
@accounting_options
@click.option("--service", help="Only this service, or group with --group-by/--rollup (burndown: default the one "
                               "with most downtime).")
@click.option("--per", "per", default="year", show_default=True, help="ladder: period of the downtime.")
@click.option("--replications", type=click.IntRange(100), default=2000, show_default=True,
              help="distribution: simulated years.")
@click.option("--seed", type=int, default=0, show_default=True, help="distribution: random seed.")
@click.option("--probes", is_flag=True, help="uptime-bars: INPUTS is a probe log (see `uptime-calc probes`).")
@click.option("--interval", type=DURATION, metavar="DURATION",
              help="uptime-bars --probes: time between probes (a matrix without times needs it).")
@click.option("--days", type=click.IntRange(1), default=90, show_default=True, help="uptime-bars: days shown.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Image file: .png or .svg (written atomically).")
def chart(
    kind: str, inputs: tuple[str, ...], preset: str | None, columns: dict[str, str] | None, time_format: str | None,
    encoding: str | None, tz: str, from_: str | None, to: str | None, period: str, until: str | None,
    weights: str | None, count_maintenance: bool, slo: Availability | None,
    group_by: str | None, rollup: str, span: str, observed_from: dict[str, str] | None,
    service: str | None, per: str, replications: int, seed: int, probes: bool, interval: float | None, days: int,
    output: Path,
) -> None:
    """Draw a chart of KIND from INPUTS: an incident file; scenario files for comparison and
    distribution; availability levels for ladder."""
    from ..output import write_atomic
    from ..render.charts.style import save
    from ..report.charts import comparison_chart, distribution_chart, incident_chart, ladder_chart

    fmt = output.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise click.BadParameter("name the file .png or .svg", param_hint="'-o'")
    if kind == "ladder":
        figure = ladder_chart(inputs, period=per)
    elif kind == "comparison":
        figure = comparison_chart(inputs, target=slo)
    elif kind == "uptime-bars":
        figure = _uptime_bars(inputs, probes=probes, interval=interval, days=days, tz=tz, window=window_of(from_, to),
                              service=service, read={"preset": preset, "columns": columns, "time_format": time_format,
                                                     "encoding": encoding},
                              accounting={"until": until, "weights": weights, "count_maintenance": count_maintenance})
    elif kind == "distribution":
        if len(inputs) != 1:
            raise click.UsageError("chart distribution takes one scenario file")
        figure = distribution_chart(inputs[0], target=slo, replications=replications, seed=seed)
    else:
        if len(inputs) != 1:
            raise click.UsageError(f"chart {kind} takes one incident file")
        path = Path(inputs[0])
        if not path.is_file():
            raise click.BadParameter(f"file {path} does not exist", param_hint="'INPUTS'")
        figure = incident_chart(
            kind, path, preset=preset, columns=columns, time_format=time_format,
            encoding=encoding, tz=tz, period=period, window=window_of(from_, to), until=until, weights=weights,
            count_maintenance=count_maintenance, slo=slo, service=service, group_by=group_by, rollup=rollup,
            span=span, observed_from=observed_from,
        )
    write_atomic(output, save(figure, fmt))
    say(f"Wrote {output}")


def _uptime_bars(inputs: tuple[str, ...], *, probes: bool, interval: float | None, days: int, tz: str,
                 window: tuple[str | None, str | None] | None, service: str | None, read: dict[str, object],
                 accounting: dict[str, object]) -> Figure:
    from ..report.uptime_bars import uptime_bars_from_file

    if len(inputs) != 1 or not Path(inputs[0]).is_file():
        raise click.BadParameter("chart uptime-bars takes one incident or probe file", param_hint="'INPUTS'")
    if probes:
        return uptime_bars_from_file(inputs[0], source="probes", days=days, window=window, tz=tz, service=service,
                                     read_options={"interval": interval, "encoding": read["encoding"]})
    return uptime_bars_from_file(inputs[0], source="incidents", days=days, window=window, tz=tz, service=service,
                                 read_options=read, measure_options=accounting)
