"""Options shared by several commands, as small decorators, and the one place output is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..errors import UnitError
from ..tabular import Document

F = TypeVar("F", bound=Callable[..., Any])

FORMAT_NAMES = ("table", "json", "csv", "markdown", "parquet")


#: where ``--table`` keeps its value (``click.Context.meta``): every command has it, none takes it
TABLE_KEY = "uptime_calc.table"


def _remember_table(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        ctx.meta[TABLE_KEY] = value
    return value


def output_options(func: F) -> F:
    """``-f/--format``, ``-o/--output`` and ``--table`` (read by :func:`emit`, not passed to the command)."""
    func = click.option(
        "--table",
        metavar="NAME",
        expose_value=False,
        callback=_remember_table,
        help="Output only this table of the result, named by its JSON key (e.g. totals, cut_sets); CSV holds "
             "one table: the first unless named.",
    )(func)
    func = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, writable=True, path_type=Path),
        help="Write to this file (atomically: whole or not at all) instead of stdout.",
    )(func)
    func = click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(FORMAT_NAMES),
        default="table",
        show_default=True,
        help="Output format: json, csv and parquet keep full precision (CSV and Parquet hold one table); "
             "parquet needs -o FILE or a pipe.",
    )(func)
    return func


#: where limit flags keep their values (``click.Context.meta``), applied by :func:`limit_options`
LIMITS_KEY = "uptime_calc.limits"


def limit_options(*names: str) -> Callable[[F], F]:
    """Flags that raise named limits (:mod:`uptime_calc.limits`), e.g. ``--max-output-rows N``.

    The command body runs inside :func:`uptime_calc.limits.using` with the values given, so the
    library reads them with :func:`uptime_calc.limits.get`; an absent flag keeps the environment
    variable or the default.
    """
    import functools

    from .. import limits

    def remember(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
        if value is not None:
            name = (param.name or "").lstrip("_")
            try:
                ctx.meta.setdefault(LIMITS_KEY, {})[name] = limits.parse_value(name, value)
            except ValueError as exc:
                raise click.BadParameter(str(exc), ctx=ctx, param=param) from None

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def limited(*args: Any, **kwargs: Any) -> Any:
            ctx = click.get_current_context(silent=True)
            with limits.using(**(ctx.meta.get(LIMITS_KEY, {}) if ctx is not None else {})):
                return func(*args, **kwargs)

        wrapped: Any = limited
        defaults = limits.Limits()
        for name in reversed(names):
            wrapped = click.option(
                limits.flag(name), name, metavar="N", expose_value=False, callback=remember,
                help=f"Limit: {dict((n, d) for n, _f, _e, _v, d in limits.describe())[name]} "
                     f"(default {getattr(defaults, name):,}, or ${limits.env_var(name)}).",
            )(wrapped)
        return wrapped  # type: ignore[no-any-return]

    return decorate


class CheckedText(click.ParamType):
    """A text option checked by a library parser when it is read: a bad value is a usage error (exit 2).

    The text itself is passed on (the library reads it again, e.g. a naive time in the ``--tz``
    given beside it), or with ``parsed`` what the check returns.
    """

    def __init__(self, name: str, check: Callable[[str, str], object], *, parsed: bool = False) -> None:
        self.name = name
        self.check = check
        self.parsed = parsed

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from ..errors import UptimeCalcError

        if not isinstance(value, str):  # a default given already parsed
            return value
        try:
            result = self.check(value, param.opts[-1] if param else self.name)
        except UptimeCalcError as exc:
            self.fail(str(exc), param, ctx)
        return result if self.parsed else value


def _check_preset(value: str, _what: str) -> None:
    from ..incidents.presets import check_name

    check_name(value)


def _check_tz(value: str, _what: str) -> None:
    from ..accounting.periods import check_tz

    check_tz(value)


def _check_time(value: str, what: str) -> None:
    from ..accounting.periods import to_ns

    to_ns(value, "UTC", what=what)  # the syntax; a naive time is placed in --tz later


def _check_weights(value: str, _what: str) -> None:
    from ..accounting.weights import parse_weights

    parse_weights(value)


def _parse_columns(value: str, what: str) -> dict[str, str] | None:
    from ..accounting.measure import parse_mapping
    from ..incidents.columns import check_canonical

    mapping = parse_mapping(value, what=what)
    check_canonical(mapping or {})
    return mapping


def _load_sla(value: str, _what: str) -> object:
    from ..sla import load_sla

    return load_sla(value)


PRESET = CheckedText("preset", _check_preset)
SLA_TABLE = CheckedText("tiers", _load_sla, parsed=True)  # passed on as the loaded SlaTable
TIME_ZONE = CheckedText("zone", _check_tz)
TIME = CheckedText("time", _check_time)
WEIGHTS = CheckedText("weights", _check_weights)
COLUMN_MAP = CheckedText("columns", _parse_columns, parsed=True)  # passed on as a dict


def incident_log_options(func: F) -> F:
    """How to read an incident log and which part of it to account for (incidents, fit, report, chart).

    Adds ``preset``, ``columns``, ``time_format``, ``tz``, ``encoding``, ``from_``, ``to``,
    ``until``, ``weights`` and ``count_maintenance``. A bad value of any of them, or a ``--to``
    not later than ``--from``, is a usage error (exit 2) before the file is read.
    """
    import functools

    @functools.wraps(func)
    def checked(*args: Any, **kwargs: Any) -> Any:
        start, end = kwargs.get("from_"), kwargs.get("to")
        if start is not None and end is not None:
            from ..accounting.periods import to_ns

            zone = kwargs.get("tz") or "UTC"
            if to_ns(end, zone, what="--to") <= to_ns(start, zone, what="--from"):
                raise click.UsageError(f"the reporting window is empty: --to {end} must be later than --from {start}")
        return func(*args, **kwargs)

    options = [
        click.option("--preset", metavar="NAME", type=PRESET,
                     help="Vendor export: statuspage, gcp, pagerduty, opsgenie, incidentio, datadog, betterstack "
                          "(default: detected when the file is unambiguous); none: never detect one."),
        click.option("--columns", metavar="MAP", type=COLUMN_MAP,
                     help="Map columns: start=Began,end=Resolved,service=System."),
        click.option("--time-format", metavar="FMT",
                     help='strftime format of non-ISO times, e.g. "%m/%d/%Y %H:%M"; epoch (or %s) and epoch_ms '
                          "read Unix times (a column holding only such numbers is detected)."),
        click.option("--tz", default="UTC", show_default=True, type=TIME_ZONE,
                     help="Time zone of naive times and of the calendar: periods and the default window "
                          "(IANA name)."),
        click.option("--encoding", help="Text encoding of the file (default UTF-8, with or without BOM)."),
        click.option("--from", "from_", metavar="TIME", type=TIME,
                     help="Window start (default: whole periods covering the data)."),
        click.option("--to", metavar="TIME", type=TIME, help="Window end (exclusive)."),
        click.option("--until", metavar="TIME", type=TIME,
                     help="Where open incidents end (default: the window end)."),
        click.option("--weights", metavar="MAP", type=WEIGHTS, help="Impact weights, e.g. partial=0.3,sev2=0.5."),
        click.option("--count-maintenance", is_flag=True, help="Count maintenance as downtime."),
    ]
    wrapped: Any = checked
    for option in reversed(options):
        wrapped = option(wrapped)
    return wrapped  # type: ignore[no-any-return]


class ObservedFromFile(click.Path):
    """An observed-from CSV (``group,time`` rows), read when the option is parsed (a bad file is a
    usage error before the log is read)."""

    name = "file"

    def __init__(self) -> None:
        super().__init__(exists=True, dir_okay=False)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from ..accounting.measure import read_observed_from
        from ..errors import UptimeCalcError

        path = super().convert(value, param, ctx)
        try:
            return read_observed_from(path)
        except UptimeCalcError as exc:
            self.fail(str(exc), param, ctx)


def span_options(func: F) -> F:
    """``--span`` and ``--observed-from``: when each group's observation starts."""
    func = click.option(
        "--observed-from", type=ObservedFromFile(), metavar="FILE",
        help="CSV of group,time rows (e.g. api,2024-03-01): when each listed service is observed from "
             "(overrides --span for it).")(func)
    return click.option(
        "--span", type=click.Choice(["window", "service"]), default="window", show_default=True,
        help="window: every service is observed over the whole window; service: from the period of its "
             "first record (not counted as up before it existed).")(func)


def grouping_options(func: F) -> F:
    """``--group-by`` and ``--rollup``: which records form a group, the same for every command that accounts
    for an incident log (incidents, report, chart)."""
    func = click.option(
        "--rollup", type=click.Choice(["series", "components"]), default="series", show_default=True,
        help="series: a service is down while any component is; components: one row per component.")(func)
    return click.option(
        "--group-by", metavar="COLS",
        help="Report per these columns instead of per service, e.g. component (Statuspage) or region,tier.")(func)


def convention_options(func: F) -> F:
    """``--year-days``, ``--month-days``, ``--quarter-days`` naming the period conventions."""
    func = click.option(
        "--quarter-days",
        type=click.Choice(["year/4", "90"]),
        default="year/4",
        show_default=True,
        help="Quarter length: a quarter of the year, or 90 days.",
    )(func)
    func = click.option(
        "--month-days",
        type=click.Choice(["year/12", "30"]),
        default="year/12",
        show_default=True,
        help="Month length: a twelfth of the year, or 30 days.",
    )(func)
    func = click.option(
        "--year-days",
        type=click.Choice(["365", "365.25", "365.2425"]),
        default="365.25",
        show_default=True,
        help="Year length in days (Julian 365.25, Gregorian 365.2425, or 365).",
    )(func)
    return func


def conventions_from(year_days: str, month_days: str, quarter_days: str, per: tuple[str, ...] = ()) -> Any:
    """Build :class:`~uptime_calc.units.Conventions` from the convention options."""
    from ..units import Conventions, parse_duration

    custom = tuple((p, parse_duration(p, what="--per period")) for p in per)
    return Conventions(
        year_days=float(year_days),
        month="30d" if month_days == "30" else "year/12",
        quarter="90d" if quarter_days == "90" else "year/4",
        custom=custom,
    )


class DurationType(click.ParamType):
    """A click parameter that parses durations (``4h23m``), failing as a usage error."""

    name = "duration"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        from ..units import parse_duration

        if isinstance(value, float):
            return value
        try:
            return parse_duration(value, what=f"{param.opts[-1] if param else 'duration'}")
        except UnitError as exc:
            self.fail(str(exc), param, ctx)


class AvailabilityType(click.ParamType):
    """A click parameter that parses availability literals (``99.95%``, ``3.5n``).

    With ``keep_text`` the validated literal itself is passed on (to label results).
    """

    name = "availability"

    def __init__(self, keep_text: bool = False) -> None:
        self.keep_text = keep_text

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from ..availability import Availability
        from ..units import parse_availability

        if isinstance(value, Availability):
            return value
        try:
            parsed = parse_availability(value)
        except UnitError as exc:
            self.fail(str(exc), param, ctx)
        return str(value).strip() if self.keep_text else parsed


DURATION = DurationType()
AVAILABILITY = AvailabilityType()
AVAILABILITY_TEXT = AvailabilityType(keep_text=True)


def say(message: str) -> None:
    """A diagnostic line on stderr, with control characters from input shown as symbols (no escape sequences)."""
    from ..render.escape import terminal_text

    click.echo(terminal_text(message), err=True)


def emit(doc: Document, fmt: str, output: Path | None) -> None:
    """Write ``doc`` in ``fmt`` to ``output`` (atomically) or to stdout, streamed; warnings go to stderr.

    A long table is written a block of rows at a time (never whole in memory as text).
    """
    from ..render import BINARY_FORMATS, write

    for warning in doc.warnings:
        say(f"Warning: {warning}")
    if fmt in ("csv", "parquet"):  # one table only: its notes (the records left out...) go to stderr
        for note in doc.notes:
            say(f"Note: {note}")
    doc = _chosen_table(doc, fmt)
    if output is not None:
        from ..output import write_atomic

        write_atomic(output, lambda out: write(doc, fmt, out))
        say(f"Wrote {output}")
        return
    if fmt == "table":
        from rich.console import Console

        from ..render.tables import renderable

        console = Console()
        if not console.is_terminal:  # piped: no wrapping at an arbitrary 80 columns
            console = Console(width=200)
        console.print(renderable(doc), crop=False)  # a long table's lines may run past the edge
        return
    stdout = click.get_binary_stream("stdout")
    if fmt in BINARY_FORMATS and stdout.isatty():
        raise click.UsageError(f"-f {fmt} is binary: write it to a file with -o FILE, or pipe it")
    try:
        write(doc, fmt, stdout)
        stdout.flush()
    except BrokenPipeError:  # `| head`: the reader has all it wants
        import os
        import sys

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        raise SystemExit(1) from None


def _chosen_table(doc: Document, fmt: str) -> Document:
    """``doc`` cut to the ``--table`` the user named; a note when CSV leaves tables out."""
    import dataclasses

    ctx = click.get_current_context(silent=True)
    name = ctx.meta.get(TABLE_KEY) if ctx is not None else None
    names = [t.name for t in doc.tables]
    if name is None:
        if fmt in ("csv", "parquet") and len(names) > 1:
            say(f"Note: {fmt.upper() if fmt == 'csv' else 'Parquet'} holds one table, {names[0]}; the others "
                f"({', '.join(names[1:])}) with --table NAME, or all of them with -f json")
        return doc
    if name not in names:
        raise click.BadParameter(f"this result has no table {name!r}; it has: {', '.join(names)}",
                                 param_hint="'--table'")
    return dataclasses.replace(doc, tables=[t for t in doc.tables if t.name == name])


def fail_under_exit(missed: list[str]) -> None:
    """Exit 3 naming what missed a ``--fail-under``/``--check`` target, if anything did."""
    if missed:
        from . import ExitCode

        for line in missed:
            say(f"Target missed: {line}")
        raise SystemExit(ExitCode.TARGET_MISSED)


class StderrProgress:
    """A rich progress bar on stderr (only on a terminal), fed by ``progress(stage, done, total)``."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.console = Console(stderr=True)
        self.progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
            console=self.console, transient=True, disable=not self.console.is_terminal,
        )
        self.task = self.progress.add_task("starting", total=1)

    def __call__(self, stage: str, done: int, total: int) -> None:
        from rich.markup import escape

        from ..render.escape import terminal_text

        # a stage names a file: shown as text, never as rich markup or an escape sequence
        self.progress.update(self.task, description=escape(terminal_text(stage, one_line=True)), completed=done,
                             total=max(total, 1))

    def __enter__(self) -> StderrProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()


def window_options(func: F) -> F:
    """``--tz``, ``--from`` and ``--to`` as :func:`incident_log_options` has them, for sources that are not
    incident logs (probes); a ``--to`` not later than ``--from`` is a usage error."""
    import functools

    @functools.wraps(func)
    def checked(*args: Any, **kwargs: Any) -> Any:
        start, end = kwargs.get("from_"), kwargs.get("to")
        if start is not None and end is not None:
            from ..accounting.periods import to_ns

            zone = kwargs.get("tz") or "UTC"
            if to_ns(end, zone, what="--to") <= to_ns(start, zone, what="--from"):
                raise click.UsageError(f"the reporting window is empty: --to {end} must be later than --from {start}")
        return func(*args, **kwargs)

    wrapped: Any = checked
    for option in reversed([
        click.option("--tz", default="UTC", show_default=True, type=TIME_ZONE,
                     help="Time zone of naive times and of the calendar periods (IANA name)."),
        click.option("--from", "from_", metavar="TIME", type=TIME,
                     help="Window start (default: whole periods covering the data)."),
        click.option("--to", metavar="TIME", type=TIME, help="Window end (exclusive)."),
    ]):
        wrapped = option(wrapped)
    return wrapped  # type: ignore[no-any-return]
