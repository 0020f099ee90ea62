"""``uptime-calc requests``: request-based availability (good / valid) from access logs or counts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..accounting.periods import PERIOD_CHOICES
from ..availability import Availability
from .options import (
    AVAILABILITY,
    DURATION,
    SLA_TABLE,
    TIME,
    TIME_ZONE,
    StderrProgress,
    emit,
    fail_under_exit,
    output_options,
)
from .slo import EPILOG, NAMES, add_slo_practice, slo_practice_options

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..sla import SlaTable

FORMAT_CHOICES = ("auto", "combined", "nginx", "apache", "haproxy", "envoy", "csv", "jsonl", "counts")


@click.command(
    epilog="""\b
Examples:
  uptime-calc requests samples/access_nginx.log --period day --slo 99.9
  uptime-calc requests samples/access_nginx.log --group-by route --slow 500ms --exclude 429,499
  uptime-calc requests samples/request_counts.csv --slo 99.5 --rolling 7d --step 1d
  uptime-calc requests samples/request_counts.csv --slo 99.5 --alerts --forecast 3d
  uptime-calc requests haproxy.log --log-format haproxy --tz Europe/Berlin --group-by host -f json

\b
Formats (detected from the first lines, named in the method, or --log-format): nginx/Apache
combined (a trailing $request_time is read as the latency), HAProxy HTTP log (latency Ta, host =
backend), Envoy's default access log (latency DURATION, host = :authority), CSV or JSON Lines
with time, status[, latency or latency_ms][, route][, host], and counts with time, good (or
bad) and total as exported from Prometheus (Unix seconds or ISO times). .gz/.bz2/.zst/.xz read as is.

\b
Rules: 5xx bad; --exclude codes (default 429) and requests without a status are not valid;
with --slow, a valid request slower than it is bad. Malformed lines are counted and the first
five shown (stderr and the method); --strict makes the first one an error.

"""
    + EPILOG
    + """

Exit codes: 0 ok, 1 bad input, 2 usage error, 3 --fail-under or --fail-if-exhausted-before missed.""",
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--log-format", type=click.Choice(FORMAT_CHOICES), default="auto", show_default=True,
              help="Format of FILE.")
@click.option("--tz", default="UTC", show_default=True, type=TIME_ZONE,
              help="Time zone of times without an offset and of the calendar periods.")
@click.option("--from", "from_", metavar="TIME", type=TIME,
              help="Window start (default: whole periods covering the data).")
@click.option("--to", metavar="TIME", type=TIME, help="Window end (exclusive).")
@click.option("--period", type=click.Choice(PERIOD_CHOICES), default="month", show_default=True,
              help="Calendar period of each row.")
@click.option("--group-by", metavar="route|host|COL",
              help="Report per route (path without query), host, or a CSV column.")
@click.option("--exclude", metavar="CODES", default="429", show_default=True,
              help="Statuses left out of valid requests, e.g. 429,499; none to keep all.")
@click.option("--slow", metavar="DURATION", type=DURATION, help="A valid request slower than this is bad, e.g. 500ms.")
@click.option("--strict", is_flag=True, help="Stop at the first malformed line (exit 1) instead of skipping it.")
@click.option("--slo", type=AVAILABILITY, help="Objective for the error budget, e.g. 99.9.")
@click.option("--sla", metavar="NAME|FILE", type=SLA_TABLE, help="SLA credit tiers: aws-ec2, azure-vm, ... or a file.")
@click.option("--fail-under", type=AVAILABILITY, help="Exit 3 if any row's availability is below this.")
@slo_practice_options
@output_options
def requests(
    file: Path, log_format: str, tz: str, from_: str | None, to: str | None, period: str, group_by: str | None,
    exclude: str, slow: float | None, strict: bool, slo: Availability | None, sla: SlaTable | None,
    fail_under: Availability | None, fmt: str, output: Path | None, **practice: Any,
) -> None:
    """Request-based availability (good / valid) per period from an access log or counts FILE."""
    from ..accounting.requests import measure_requests_file, parse_codes
    from ..errors import InputError

    try:
        codes = parse_codes(exclude)
    except InputError as exc:
        raise click.BadParameter(str(exc), param_hint="'--exclude'") from None
    with StderrProgress() as progress:  # ten million lines take seconds
        result = measure_requests_file(
            file, log_format=log_format, tz=tz, group_by=group_by, strict=strict, progress=progress,
            period=period, window=(from_, to), exclude=codes, slow=slow, slo=slo, sla=sla,
        )
        progress("formatting", 0, 1)
        doc = result.to_document()

        def series_at(step_ns: int) -> Any:
            lo, hi = result.window
            t = result.classified.t_ns
            last = int(t.max()) + 1 if len(t) else hi
            # up to the last request: the steps after it hold no requests, not good ones
            return result.series(step_ns, (lo, min(hi, lo + -(-(last - lo) // step_ns) * step_ns)))

        doc, exhausted = add_slo_practice(doc, series_at, slo=slo, period=period, tz=tz,
                                          opts={k: practice.get(k) for k in NAMES})
    emit(doc, fmt, output)
    if fail_under is not None:
        fail_under_exit(result.missed(fail_under))
    fail_under_exit(exhausted)
