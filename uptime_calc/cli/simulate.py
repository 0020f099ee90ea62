"""``uptime-calc simulate``: Monte Carlo downtime of a scenario, per month and year, with SLA risk."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..availability import Availability
from ..errors import UnitError
from .options import AVAILABILITY, DURATION, SLA_TABLE, emit, output_options, scenario_limit_options

if TYPE_CHECKING:  # pragma: no cover
    from ..simulate.months import MonthKind  # numpy-free at --help time: for annotations only
    from ..sla import SlaTable


class FractionType(click.ParamType):
    """A fraction written as a percentage (``0.1%``, ``99%``) or a plain fraction (``0.001``)."""

    name = "fraction"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, float):
            return value
        from ..units import parse_fraction

        text = str(value).strip()
        try:
            number = parse_fraction(text)
        except UnitError:
            self.fail(f"expected a percentage like 0.1% or a fraction like 0.001, got {text!r}", param, ctx)
        if not 0 < number < 1:
            self.fail(f"expected a value strictly between 0% and 100%, got {text!r}", param, ctx)
        return number


FRACTION = FractionType()


def _pairs(items: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise click.BadParameter(f"expected COMPONENT=SERVICE, got {item!r}", param_hint="--restore-map")
        out[key.strip()] = value.strip()
    return out


class _ProgressBar:
    """A rich progress bar on stderr that appears only once a run has taken more than a second."""

    def __init__(self, delay: float = 1.0) -> None:
        self.started = time.monotonic()
        self.delay = delay
        self.progress: Any = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.progress is None:
            if time.monotonic() - self.started < self.delay:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            console = Console(stderr=True)
            if not console.is_terminal:
                self.delay = float("inf")
                return
            self.progress = Progress(
                TextColumn("simulating"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                console=console, transient=True,
            )
            self.progress.start()
            self.task = self.progress.add_task("simulate", total=total)
        self.progress.update(self.task, completed=done, total=total)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


@click.command(
    epilog="""\b
Examples:
  uptime-calc simulate samples/scenarios/web.yaml --seed 1
  uptime-calc simulate samples/scenarios/web.yaml --variant standby-db --sla aws-ec2 -n 50000
  uptime-calc simulate samples/scenarios/bridge.yaml --until-ci 1% --workers 2 -f json
  uptime-calc simulate samples/scenarios/web.yaml --scheduler tcp://10.0.0.5:8786 -n 1000000
  uptime-calc simulate samples/scenarios/web.yaml --months 30d --years 3 -o sim.csv
  uptime-calc simulate samples/scenarios/web.yaml --restores samples/incidents.csv --restore-map web=api

\b
The same --seed and --chunk-size give the same numbers with any --workers
or --scheduler. The run is in steady state from its first instant.""",
)
@click.argument("scenario", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--variant", metavar="NAME", help="Simulate a named variant of the scenario.")
@click.option("-n", "--replications", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Independent replications (each --years long).")
@click.option("--years", type=click.IntRange(min=1, max=100), default=1, show_default=True,
              help="Years per replication.")
@click.option("--months", "month_kind", type=click.Choice(["calendar", "year/12", "30d"]), default="calendar",
              show_default=True, help="Month buckets: real calendar months, year/12, or 30 days.")
@click.option("--start-year", type=click.IntRange(min=1900, max=2999), default=2025, show_default=True,
              help="First calendar year (for --months calendar).")
@click.option("--seed", type=click.IntRange(min=0), help="Root seed (default: drawn and reported).")
@click.option("--chunk-size", type=click.IntRange(min=1, max=50_000), default=1000, show_default=True,
              help="Replications per chunk: the unit of seeding and of parallel work.")
@click.option("--confidence", type=FRACTION, default="99%", show_default=True,
              help="Level of the interval on the mean availability.")
@click.option("--until-ci", type=FRACTION, metavar="PRECISION",
              help="Run until the interval half-width is within this share of the mean downtime (e.g. 1%).")
@click.option("--max-replications", type=click.IntRange(min=1), default=1_000_000, show_default=True,
              help="Upper bound on replications with --until-ci.")
@click.option("--target", type=AVAILABILITY, help="Monthly target (default: the scenario's target).")
@click.option("--sla", metavar="NAME|FILE", type=SLA_TABLE, help="Price months with an SLA tier table (e.g. aws-ec2).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Local processes to run chunks on.")
@click.option("--scheduler", metavar="ADDRESS", help="Run chunks on a Dask cluster (tcp://host:8786).")
@click.option("--static-mttr", type=DURATION, default="1h", show_default=True,
              help="Restore time assumed for components given only an availability.")
@click.option("--restores", "restore_log", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Resample repair times from this incident log's merged outages.")
@click.option("--restore-map", "restore_map", multiple=True, metavar="COMPONENT=SERVICE",
              help="Which service's outages a component resamples (default: same name). Repeatable.")
@click.option("--analytic/--no-analytic", default=True, show_default=True,
              help="Show the exact analytic availability beside the simulated one.")
@scenario_limit_options
@output_options
def simulate(
    scenario: Path, variant: str | None, replications: int, years: int, month_kind: MonthKind, start_year: int,
    seed: int | None, chunk_size: int, confidence: float, until_ci: float | None, max_replications: int,
    target: Availability | None, sla: SlaTable | None, workers: int, scheduler: str | None, static_mttr: float,
    restore_log: Path | None, restore_map: tuple[str, ...], analytic: bool, fmt: str, output: Path | None,
) -> None:
    """Simulate SCENARIO: downtime per month and year, P(month misses target/SLA), expected credit."""
    from ..scenario import load_scenario
    from ..simulate.run import simulate as run_simulation

    model = load_scenario(scenario)
    if variant:
        model = model.variant(variant)
    if restore_map and restore_log is None:
        raise click.UsageError("--restore-map needs --restores LOG")
    if restore_log is not None:
        from ..simulate.resample import resampled_scenario

        model = resampled_scenario(model, restore_log, _pairs(restore_map))
    bar = _ProgressBar()
    try:
        result = run_simulation(
            model, replications=replications, years=years, months=month_kind,
            start_year=start_year, seed=seed, chunk_size=chunk_size, confidence=confidence,
            until_ci=until_ci, max_replications=max_replications, target=target, sla=sla,
            workers=workers, scheduler=scheduler, static_mttr=static_mttr, analytic=analytic,
            progress=bar,
        )
    finally:
        bar.close()
    emit(result.to_document(), fmt, output)
