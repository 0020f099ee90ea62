"""``uptime-calc fit``: per-service failure rate and restore-time distribution from an incident log."""

from __future__ import annotations

from pathlib import Path

import click

from .options import emit, incident_log_options, output_options, span_options


@click.command(
    epilog="""\b
Examples:
  uptime-calc fit samples/incidents.csv
  uptime-calc fit incidents.json --preset statuspage --group-by component -f json
  uptime-calc fit log.csv --from 2024-01-01 --to 2025-01-01 --min-samples 5

\b
Per service: MTBF (observed up time / merged outages), MTTR, and exponential, lognormal and
Weibull fits of restore times and of up times between outages (maximum likelihood, best by
AIC, Kolmogorov-Smirnov goodness of fit). The JSON "services" rows carry mtbf_seconds,
mttr_seconds, restore_distribution and restore_params for scenario files (from_incidents).
An outage still under way at --until counts as a failure but not as a restore time; restore
times that are all equal are reported as a fixed duration, not fitted.""",
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@incident_log_options
@click.option("--group-by", metavar="COLS", help="Fit per these columns instead of per service.")
@click.option("--min-samples", type=click.IntRange(3), default=3, show_default=True,
              help="Fewest values to fit a distribution.")
@span_options
@output_options
def fit(
    file: Path, preset: str | None, columns: dict[str, str] | None, time_format: str | None, tz: str,
    encoding: str | None, from_: str | None, to: str | None, until: str | None, weights: str | None,
    count_maintenance: bool, group_by: str | None, min_samples: int, span: str,
    observed_from: dict[str, str] | None, fmt: str, output: Path | None,
) -> None:
    """Fit failure and restore-time distributions per service from an incident log FILE."""
    from ..accounting.fit import fit_file

    result = fit_file(
        file, preset=preset, columns=columns, time_format=time_format, tz=tz, encoding=encoding,
        min_samples=min_samples, window=(from_, to), until=until, weights=weights,
        count_maintenance=count_maintenance, group_by=group_by, span=span, observed_from=observed_from,
    )
    emit(result.to_document(), fmt, output)
