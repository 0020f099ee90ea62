"""``uptime-calc probes``: availability from health checks, probes and heartbeats."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..accounting.periods import PERIOD_CHOICES
from ..availability import Availability
from .options import (
    AVAILABILITY,
    DURATION,
    SLA_TABLE,
    TIME,
    CheckedText,
    StderrProgress,
    emit,
    fail_under_exit,
    output_options,
    window_options,
)

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..sla import SlaTable


def _probe_columns(value: str, what: str) -> dict[str, str] | None:
    from ..accounting.measure import parse_mapping
    from ..errors import InputError
    from ..signals.probes import ALIASES

    mapping = parse_mapping(value, what=what)
    unknown = sorted(set(mapping or {}) - set(ALIASES))
    if unknown:
        raise InputError(f"{what} names {', '.join(unknown)}; a probe log's columns are time, target, result")
    return mapping


PROBE_COLUMNS = CheckedText("columns", _probe_columns, parsed=True)


@click.command(
    epilog="""\b
Examples:
  uptime-calc probes samples/probes.csv
  uptime-calc probes samples/probes.csv --rise 2 --fall 3 --period day --slo 99.9
  uptime-calc probes checks.csv --columns time=checked_at,target=host,result=code
  uptime-calc probes latency.csv --slow 2s --max-gap 5m -f json
  uptime-calc probes web-avail.csv.xz --interval 10m --start 2001-09-01 --pairs 5
  uptime-calc probes samples/probes.csv --to-incidents outages.csv

\b
Input: long rows (time, target, result) where the result is up/down (ok/fail, true/false,
1/0), an HTTP status (2xx/3xx up) or, with --slow, a latency; or a wide 0/1 matrix (a
column per target, a row per probe round; --interval and --start place rounds without
a time column).

\b
Accounting (printed with every result): a target is marked down after --fall failed
probes in a row and up after --rise successes; the outage starts at the first failed
probe of the run (--down-at first) or at the fall-th (--down-at fall). Gaps longer than
--max-gap (default 3 probe intervals) are unknown time: excluded from downtime and from
the period, never counted as up, and their share is printed. Beside the rule's figure:
the raw share of successful probes, the detection delay, state changes (flapping), the
most correlated pairs of targets with a common_cause snippet and a detection snippet for
a scenario file.

Exit codes: 0 ok, 1 bad input, 2 usage error, 3 a --fail-under target was missed.""",
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--form", type=click.Choice(["auto", "long", "matrix"]), default="auto", show_default=True,
              help="long: time, target, result rows; matrix: a 0/1 column per target; auto: long when a time "
                   "and a result column are found.")
@click.option("--columns", metavar="MAP", type=PROBE_COLUMNS,
              help="Map columns of a long log: time=checked_at,target=host,result=code.")
@click.option("--slow", type=DURATION, metavar="DURATION",
              help="Read the result as a latency; a probe this slow or slower failed, e.g. --slow 2s.")
@click.option("--interval", type=DURATION, metavar="DURATION",
              help="Time between probes (default: the median spacing of each target's probes; a matrix "
                   "without times needs it), e.g. --interval 30s.")
@click.option("--start", metavar="TIME", type=TIME,
              help="When the first round of a matrix without times was probed (default 1970-01-01).")
@click.option("--rise", type=click.IntRange(1), default=2, show_default=True,
              help="Successes in a row that mark a target up.")
@click.option("--fall", type=click.IntRange(1), default=3, show_default=True,
              help="Failures in a row that mark a target down.")
@click.option("--down-at", type=click.Choice(["first", "fall"]), default="first", show_default=True,
              help="first: an outage starts at the run's first failed probe (ends at the first success of the "
                   "run that restores it); fall: at the fall-th failure (ends at the rise-th success).")
@click.option("--max-gap", type=DURATION, metavar="DURATION",
              help="Longer gaps between probes are unknown time (default: 3 probe intervals).")
@window_options
@click.option("--period", type=click.Choice(PERIOD_CHOICES), default="month", show_default=True,
              help="Calendar period of each row.")
@click.option("--slo", type=AVAILABILITY, help="Objective for the error budget, e.g. 99.9.")
@click.option("--sla", metavar="NAME|FILE", type=SLA_TABLE, help="SLA credit tiers: aws-ec2, azure-vm, ... or a file.")
@click.option("--fail-under", type=AVAILABILITY, help="Exit 3 if any row's availability is below this.")
@click.option("--pairs", type=click.IntRange(0), default=10, show_default=True,
              help="How many of the most correlated pairs of targets to show.")
@click.option("--to-incidents", type=click.Path(dir_okay=False, path_type=Path), metavar="PATH",
              help="Also write the outages as an incident log (CSV; unknown time as maintenance) that "
                   "`uptime-calc incidents` reads.")
@click.option("--encoding", help="Text encoding of the file (default UTF-8).")
@output_options
def probes(
    file: Path, form: str, columns: dict[str, str] | None, slow: float | None, interval: float | None,
    start: str | None, rise: int, fall: int, down_at: str, max_gap: float | None, tz: str, from_: str | None,
    to: str | None, period: str, slo: Availability | None, sla: SlaTable | None, fail_under: Availability | None,
    pairs: int, to_incidents: Path | None, encoding: str | None, fmt: str, output: Path | None,
) -> None:
    """Availability per target and calendar period from a probe, health-check or heartbeat log FILE."""
    from ..signals.probe_measure import measure_probes
    from ..signals.probes import read_probes

    with StderrProgress() as progress:
        progress(f"reading {file.name}", 0, 1)
        log = read_probes(file, form=form, columns=columns, slow=slow, interval=interval, start=start, tz=tz,  # type: ignore[arg-type]
                          encoding=encoding)
        result = measure_probes(log, rise=rise, fall=fall, down_at=down_at, max_gap=max_gap,  # type: ignore[arg-type]
                                window=(from_, to), period=period, tz=tz, slo=slo, sla=sla, pairs=pairs,
                                progress=progress)
        progress("formatting", 0, 1)
        doc = result.to_document()
    if to_incidents is not None:
        from ..output import write_atomic

        write_atomic(to_incidents, result.to_incidents().to_csv(index=False))
        click.echo(f"Wrote {to_incidents}", err=True)
    emit(doc, fmt, output)
    if fail_under is not None:
        fail_under_exit(result.missed(fail_under))
