"""``uptime-calc compare``: scenarios and their variants side by side."""

from __future__ import annotations

from pathlib import Path

import click

from ..availability import Availability
from .options import (
    AVAILABILITY,
    convention_options,
    conventions_from,
    emit,
    fail_under_exit,
    output_options,
    scenario_limit_options,
)


@click.command(
    "compare",
    epilog="""\b
Examples:
  uptime-calc compare samples/scenarios/web.yaml            # the file and all its variants
  uptime-calc compare a.yaml b.yaml --no-variants
  uptime-calc compare samples/scenarios/web.yaml --variant standby-db --variant third-web
  uptime-calc compare samples/scenarios/web.yaml -f csv -o compare.csv

\b
The first scenario is the baseline: the delta columns give the difference in
nines and in minutes of downtime per year against it (negative minutes are
less downtime).""",
)
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--variant", "variants", multiple=True, metavar="NAME",
              help="Only these variants (repeatable); default: all of each file's variants.")
@click.option("--no-variants", is_flag=True, help="Compare the files' base scenarios only.")
@click.option("--fail-under", "fail_under", type=AVAILABILITY,
              help="Exit 3 if any compared scenario is below this availability.")
@convention_options
@scenario_limit_options
@output_options
def compare(
    scenarios: tuple[Path, ...],
    variants: tuple[str, ...],
    no_variants: bool,
    fail_under: Availability | None,
    year_days: str,
    month_days: str,
    quarter_days: str,
    fmt: str,
    output: Path | None,
) -> None:
    """Compare SCENARIOS (YAML files) and their variants side by side."""
    from ..models.compare import compare as compare_scenarios
    from ..models.compare import expand_variants
    from ..scenario import load_scenario

    conventions = conventions_from(year_days, month_days, quarter_days)
    loaded = [load_scenario(p) for p in scenarios]
    result = compare_scenarios(expand_variants(loaded, variants, not no_variants), conventions)
    emit(result.to_document(), fmt, output)
    if fail_under is not None:
        fail_under_exit(result.missed(fail_under))
