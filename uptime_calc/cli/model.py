"""``uptime-calc model``: solve a scenario file and say what to make redundant next."""

from __future__ import annotations

from pathlib import Path

import click

from ..availability import Availability
from .options import (
    AVAILABILITY,
    DURATION,
    convention_options,
    conventions_from,
    emit,
    fail_under_exit,
    limit_options,
    output_options,
)


@click.command(
    "model",
    epilog="""\b
Examples:
  uptime-calc model samples/scenarios/web.yaml
  uptime-calc model samples/scenarios/web.yaml --variant standby-db --mission 30d
  uptime-calc model samples/scenarios/web.yaml --sweep db.mttr=5m..4h
  uptime-calc model samples/missions/pumps.yaml --mission 8760h --reliability-target 0.99
  uptime-calc model samples/scenarios/web.yaml --mission 30d --interval 1d
  uptime-calc model samples/scenarios/bridge.yaml -f json -o bridge.json
  uptime-calc model s.yaml --fail-under 99.95%      # exit 3 if the design misses it
  uptime-calc model samples/scenarios/shared-feed.yaml --fussell-vesely cut-sets

\b
Prints the system availability, nines, downtime per year and month, failure
frequency, MTBF/MTTR, the mean time to failure (with --mission: A(t), R(t),
hazard, B10 life; the time to --reliability-target; IR(t, x) with
--interval), a per-block table, single points of failure, minimal
cut sets, importance (Birnbaum, Fussell-Vesely, criticality, RAW, RRW,
improvement potential, structural), the single change that buys
the most nines, and dependency budgets when the scenario has a target.""",
)
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--variant", "variant", metavar="NAME", help="Apply this named variant from the file.")
@click.option("--mission", type=DURATION, help="Mission time for A(t) and R(t), e.g. 30d.")
@click.option("--reliability-target", "reliability_target", type=click.FloatRange(0, 1, min_open=True, max_open=True),
              metavar="R", help="With --mission: also the time at which R(t) falls to R, e.g. 0.99.")
@click.option("--interval", "interval", type=DURATION,
              help="With --mission T: also the interval reliability IR(T, X), up throughout [T, T+X].")
@click.option("--sweep", "sweep_spec", metavar="NAME.PARAM=FROM..TO",
              help="Sensitivity: re-solve across a range, e.g. db.mttr=5m..4h or web_tier.count=2..5.")
@click.option("--steps", type=click.IntRange(2, 200), default=8, show_default=True,
              help="Number of points in a --sweep range.")
@click.option("--fail-under", "fail_under", type=AVAILABILITY,
              help="Exit 3 if the system availability is below this (e.g. 99.95%).")
@click.option("--fussell-vesely", "fussell_vesely", type=click.Choice(["difference", "cut-sets"]),
              default="difference", show_default=True,
              help="Fussell-Vesely form the importance table shows and ranks by: (U - U(i perfect))/U, "
                   "or the minimal cut sets holding i over U (e.g. --fussell-vesely cut-sets).")
@convention_options
@limit_options("max_markov_states", "max_network_nodes", "max_network_edges")
@output_options
def model(
    scenario: Path,
    variant: str | None,
    mission: float | None,
    reliability_target: float | None,
    interval: float | None,
    sweep_spec: str | None,
    steps: int,
    fail_under: Availability | None,
    fussell_vesely: str,
    year_days: str,
    month_days: str,
    quarter_days: str,
    fmt: str,
    output: Path | None,
) -> None:
    """Solve the redundancy model in SCENARIO (a YAML file) exactly."""
    from ..models.analyze import analyze
    from ..models.sweep import sweep
    from ..scenario import load_scenario

    conventions = conventions_from(year_days, month_days, quarter_days)
    loaded = load_scenario(scenario)
    if variant:
        loaded = loaded.variant(variant)
    if sweep_spec:
        result = sweep(loaded, sweep_spec, steps=steps, conventions=conventions)
        emit(result.to_document(), fmt, output)
        return
    if mission is None and (reliability_target is not None or interval is not None):
        raise click.UsageError("--reliability-target and --interval need --mission")
    report = analyze(loaded, mission=mission, conventions=conventions, reliability_target=reliability_target,
                     interval=interval, fussell_vesely=fussell_vesely)
    emit(report.to_document(), fmt, output)
    if fail_under is not None:
        fail_under_exit(report.missed(fail_under))
