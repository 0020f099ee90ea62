"""Conversions: availability targets to downtime budgets, and figures to availability (SPEC 3A).

>>> result = nines_table([parse_availability("99.9")])
>>> round(result.rows[0].downtime["year"], 6)  # 0.1% of 365.25 days, in seconds
31557.6
>>> availability_from(mtbf=999 * 3600, mttr=3600).availability.nines
3.0
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .availability import Availability, format_percent
from .errors import UnitError
from .tabular import Column, Document, Table
from .units import Conventions, format_duration, parse_availability

__all__ = ["NinesRow", "NinesResult", "nines_table", "FiguresResult", "availability_from",
           "parse_availability"]


@dataclass(frozen=True)
class NinesRow:
    """One target and the downtime it allows per period (seconds)."""

    target: str
    availability: Availability
    downtime: dict[str, float]


@dataclass(frozen=True)
class NinesResult:
    """Allowed downtime per period for each target, under named conventions."""

    rows: tuple[NinesRow, ...]
    conventions: Conventions

    def to_document(self) -> Document:
        periods = self.conventions.periods
        columns = [
            Column("target", "Target"),
            Column("availability_percent", "Availability", "availability"),
            Column("nines", "Nines", "nines"),
        ] + [Column(f"downtime_per_{p}_seconds", f"/{p}", "duration") for p in periods]
        rows: list[dict[str, Any]] = []
        for r in self.rows:
            a = r.availability
            row: dict[str, Any] = {
                "target": r.target,
                **a.fields(),
            }
            for p in periods:
                row[f"downtime_per_{p}_seconds"] = r.downtime[p]
            rows.append(row)
        return Document(
            tables=[Table("results", "Allowed downtime", columns, rows)],
            method=self.conventions.describe(),
            method_key="conventions",
            summary={"periods_seconds": {p: self.conventions.period_seconds(p) for p in periods}},
        )


def nines_table(
    targets: list[Availability] | list[str], conventions: Conventions | None = None
) -> NinesResult:
    """Allowed downtime per hour, day, week, month, quarter, year (and custom periods).

    Parameters
    ----------
    targets:
        Availabilities, or literals such as ``"99.95%"`` and ``"4n"``.
    conventions:
        Period lengths; default year 365.25 d, month year/12, quarter year/4.
    """
    conv = conventions or Conventions()
    rows = []
    for t in targets:
        a = t if isinstance(t, Availability) else parse_availability(t)
        label = t if isinstance(t, str) else format_percent(a.unavailability)
        downtime = {p: a.unavailability * conv.period_seconds(p) for p in conv.periods}
        rows.append(NinesRow(label, a, downtime))
    return NinesResult(tuple(rows), conv)


@dataclass(frozen=True)
class FiguresResult:
    """Availability derived from operating figures, with what could be derived besides."""

    availability: Availability
    inputs: dict[str, str]
    mtbf_seconds: float | None = None
    mttr_seconds: float | None = None
    failures_per_year: float | None = None
    period_seconds: float | None = None
    downtime_seconds: float | None = None
    conventions: Conventions = field(default_factory=Conventions)

    def to_document(self) -> Document:
        a = self.availability
        row: dict[str, Any] = {
            **a.fields(),
            "downtime_per_year_seconds": a.unavailability * self.conventions.period_seconds("year"),
            "downtime_per_month_seconds": a.unavailability * self.conventions.period_seconds("month"),
        }
        columns = [
            Column("availability_percent", "Availability", "availability"),
            Column("unavailability", "Unavailability", "unavailability"),
            Column("nines", "Nines", "nines"),
            Column("downtime_per_year_seconds", "Downtime/year", "duration"),
            Column("downtime_per_month_seconds", "Downtime/month", "duration"),
        ]
        optional = [
            ("mtbf_seconds", "MTBF", "duration", self.mtbf_seconds),
            ("mttr_seconds", "MTTR", "duration", self.mttr_seconds),
            ("failures_per_year", "Failures/year", "number", self.failures_per_year),
        ]
        for key, header, kind, value in optional:
            if value is not None:
                row[key] = value
                columns.append(Column(key, header, kind))  # type: ignore[arg-type]
        method = dict(self.inputs)
        method.update(self.conventions.describe())
        method["formula"] = (
            "A = MTBF / (MTBF + MTTR), MTBF = mean up time between failures"
            if self.mtbf_seconds is not None
            else "A = uptime / (uptime + downtime)"
        )
        return Document(tables=[Table("results", "Availability", columns, [row])], method=method)


def availability_from(
    *,
    downtime: float | None = None,
    per: float | None = None,
    uptime: float | None = None,
    mtbf: float | None = None,
    mttr: float | None = None,
    failures: float | None = None,
    conventions: Conventions | None = None,
    per_label: str | None = None,
) -> FiguresResult:
    """Availability from one of four sets of figures (all durations in seconds).

    - ``downtime`` and ``per``: downtime within a period;
    - ``uptime`` and ``downtime``: observed totals;
    - ``mtbf`` and ``mttr``: mean up time between failures and mean time to restore;
    - ``failures``, ``mttr`` and ``per``: a failure count in a period, each lasting ``mttr``.

    >>> r = availability_from(failures=12, mttr=20 * 60, per=365.25 * 86400)
    >>> round(r.availability.percent, 6)
    99.954369
    """
    conv = conventions or Conventions()
    per_text = per_label or (format_duration(per) if per is not None else "")
    if mtbf is not None or (mttr is not None and failures is None):
        if mtbf is None or mttr is None:
            raise UnitError("give both --mtbf and --mttr (for example --mtbf 1000h --mttr 1h)")
        a = Availability.from_mtbf_mttr(mtbf, mttr)
        year = conv.period_seconds("year")
        return FiguresResult(
            a, {"mtbf": format_duration(mtbf), "mttr": format_duration(mttr)},
            mtbf_seconds=mtbf, mttr_seconds=mttr,
            failures_per_year=year / (mtbf + mttr) if mtbf + mttr > 0 else None,
            conventions=conv,
        )
    if failures is not None:
        if mttr is None or per is None:
            raise UnitError("--failures needs --mttr and --per (for example --failures 12 --mttr 20m --per year)")
        if failures < 0:
            raise UnitError(f"--failures must be zero or more, got {failures!r}")
        down = failures * mttr
        if down > per:
            raise UnitError(
                f"{failures:g} failures of {format_duration(mttr)} ({format_duration(down)}) "
                f"do not fit in a period of {format_duration(per)}"
            )
        a = Availability.from_downtime(down, per)
        year = conv.period_seconds("year")
        return FiguresResult(
            a, {"failures": f"{failures:g}", "mttr": format_duration(mttr), "per": per_text},
            mtbf_seconds=(per - down) / failures if failures else None,
            mttr_seconds=mttr, failures_per_year=failures * year / per,
            period_seconds=per, downtime_seconds=down, conventions=conv,
        )
    if uptime is not None:
        if downtime is None:
            raise UnitError("--uptime needs --downtime (for example --uptime 720h --downtime 43m)")
        if uptime + downtime <= 0:
            raise UnitError("uptime and downtime cannot both be zero")
        a = Availability.from_downtime(downtime, uptime + downtime)
        return FiguresResult(
            a, {"uptime": format_duration(uptime), "downtime": format_duration(downtime)},
            period_seconds=uptime + downtime, downtime_seconds=downtime, conventions=conv,
        )
    if downtime is not None:
        if per is None:
            raise UnitError("--downtime needs --per or --uptime (for example --downtime 4h23m --per year)")
        a = Availability.from_downtime(downtime, per)
        return FiguresResult(
            a, {"downtime": format_duration(downtime), "per": per_text},
            period_seconds=per, downtime_seconds=downtime, conventions=conv,
        )
    raise UnitError(
        "give figures: --downtime D --per P, --uptime X --downtime Y, --mtbf M --mttr R, "
        "or --failures N --mttr R --per P"
    )
