"""Sensitivity: re-solve a scenario while one setting sweeps a range (``db.mttr=5m..4h``).

Durations are spaced geometrically (equal ratios: 5m, 10m, 20m...), counts
take every integer (a range wider than 200 takes ``steps`` integers in equal
ratios), fractions are spaced evenly. ``key=a,b,c`` lists values. The largest
value is solved first, so a setting over a limit (``--max-markov-states``)
stops the sweep at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..availability import nines_of
from ..errors import ScenarioError
from ..tabular import Column, Document, Table
from ..units import Conventions, format_duration, parse_duration, parse_fraction
from .figures import headline_figures
from .solve import solve

if TYPE_CHECKING:  # pragma: no cover
    from ..scenario import Scenario

DURATION_PARAMS = {"mtbf", "mttr", "failover", "detection", "manual_recovery"}
COUNT_PARAMS = {"count", "k", "repair_crews"}
#: a range of counts up to this wide takes every integer; a wider one takes --steps values
MAX_COUNT_VALUES = 200


@dataclass(frozen=True)
class SweepPoint:
    """One value of the swept setting and the system's figures there."""

    value: float
    label: str
    unavailability: float
    frequency: float | None


@dataclass(frozen=True)
class Sweep:
    """The sweep of one setting over a scenario."""

    scenario: str
    key: str
    points: tuple[SweepPoint, ...]
    base_unavailability: float
    conventions: Conventions = field(default_factory=Conventions)

    def to_document(self) -> Document:
        """One table ``sweep``: value, availability, nines, downtime, delta against the file's value."""
        year = self.conventions.period_seconds("year")
        base_nines = nines_of(self.base_unavailability)
        rows: list[dict[str, Any]] = []
        for p in self.points:
            figures = headline_figures(p.unavailability, p.frequency, year)
            rows.append({
                "setting": self.key,
                "value": p.value,
                "value_label": p.label,
                **figures,
                "delta_nines": figures["nines"] - base_nines,
            })
        cols = [
            Column("value_label", self.key),
            Column("availability_percent", "Availability", "availability"),
            Column("nines", "Nines", "nines"),
            Column("downtime_per_year_seconds", "Down/year", "duration"),
            Column("failures_per_year", "Failures/year", "number"),
            Column("delta_nines", "Δ nines vs file", "number"),
        ]
        return Document(tables=[Table("sweep", f"Sensitivity of {self.scenario} to {self.key}", cols, rows,
                                      hidden=("setting", "value", "unavailability"))],
                        method={"sweep": self.key, "conventions": self.conventions.describe()},
                        title=f"Sweep: {self.key}")


def parse_sweep(spec: str, steps: int = 8) -> tuple[str, list[tuple[float, str]]]:
    """``"db.mttr=5m..4h"`` -> (``"db.mttr"``, [(seconds, label), ...])."""
    key, sep, rng = spec.partition("=")
    key = key.strip()
    if not sep or "." not in key:
        raise ScenarioError(f"--sweep {spec!r}: expected <name>.<parameter>=<from>..<to>, "
                            "e.g. db.mttr=5m..4h")
    param = key.rpartition(".")[2]
    if ".." in rng:
        lo_text, hi_text = (t.strip() for t in rng.split("..", 1))
        lo, hi = _value(param, lo_text, spec), _value(param, hi_text, spec)
        if hi < lo:
            lo, hi = hi, lo
        if param in COUNT_PARAMS and hi - lo < MAX_COUNT_VALUES:
            values = [float(v) for v in range(int(lo), int(hi) + 1)]
        elif param in COUNT_PARAMS:  # a wide range of counts: --steps integers in equal ratios
            lo = max(lo, 1.0)
            values = sorted({float(round(lo * (hi / lo) ** (i / (steps - 1)))) for i in range(steps)})
        elif param in DURATION_PARAMS and lo > 0:
            values = [lo * (hi / lo) ** (i / (steps - 1)) for i in range(steps)]
        else:
            values = [lo + (hi - lo) * i / (steps - 1) for i in range(steps)]
    else:
        values = [_value(param, t.strip(), spec) for t in rng.split(",") if t.strip()]
    if not values:
        raise ScenarioError(f"--sweep {spec!r}: no values")
    return key, [(v, _label(param, v)) for v in values]


def _value(param: str, text: str, spec: str) -> float:
    try:
        if param in DURATION_PARAMS:
            return parse_duration(text)
        return parse_fraction(text)
    except ValueError as exc:  # UnitError and ScenarioError are ValueErrors
        raise ScenarioError(f"--sweep {spec!r}: cannot read {text!r} ({exc})") from None


def _label(param: str, v: float) -> str:
    if param in DURATION_PARAMS:
        return format_duration(v)
    if param in COUNT_PARAMS:
        return str(int(v))
    return f"{v:g}"


def sweep(scenario: Scenario, spec: str, *, steps: int = 8, conventions: Conventions | None = None) -> Sweep:
    """Solve ``scenario`` for each value of the setting in ``spec`` (``db.mttr=5m..4h``)."""
    key, values = parse_sweep(spec, steps)
    points = []
    # the largest value first: the biggest chain is met (and any limit reported) before the rest
    order = sorted(range(len(values)), key=lambda i: -values[i][0])
    solved: dict[int, SweepPoint] = {}
    for i in order:
        value, text = values[i]
        setting: Any = int(value) if key.rpartition(".")[2] in COUNT_PARAMS else value
        sol = solve(scenario.with_settings({key: setting}).system, record=False)
        solved[i] = SweepPoint(value, text, sol.unavailability, sol.frequency)
    points = [solved[i] for i in range(len(values))]
    base = solve(scenario.system, record=False).unavailability
    return Sweep(scenario.label, key, tuple(points), base, conventions or Conventions())
