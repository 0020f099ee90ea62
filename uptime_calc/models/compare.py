"""Scenarios and variants side by side, with the difference in nines and minutes per year.

The first scenario is the baseline; ``delta_nines`` and
``delta_downtime_per_year_seconds`` are relative to it (positive nines and
negative downtime are improvements).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..availability import Availability, nines_of
from ..tabular import Column, Document, Table
from ..units import Conventions
from .figures import headline_figures
from .solve import solve

if TYPE_CHECKING:  # pragma: no cover
    from ..scenario import Scenario


@dataclass(frozen=True)
class ComparisonRow:
    """One scenario's headline figures."""

    scenario: str
    unavailability: float
    frequency: float | None
    target_unavailability: float | None


@dataclass(frozen=True)
class Comparison:
    """Scenarios side by side; the first row is the baseline."""

    rows: tuple[ComparisonRow, ...]
    conventions: Conventions = field(default_factory=Conventions)

    def missed(self, target: Availability) -> list[str]:
        """Lines naming each scenario whose availability is below ``target`` (for ``--fail-under``)."""
        return [f"{r.scenario}: below {target}" for r in self.rows if r.unavailability > target.unavailability]

    def to_document(self) -> Document:
        """One table ``scenarios`` with deltas against the first row."""
        year = self.conventions.period_seconds("year")
        month = self.conventions.period_seconds("month")
        base = self.rows[0]
        base_nines = nines_of(base.unavailability)
        out = []
        for r in self.rows:
            u = r.unavailability
            figures = headline_figures(u, r.frequency, year, month)
            out.append({
                "scenario": r.scenario,
                **figures,
                "delta_nines": figures["nines"] - base_nines,
                "delta_downtime_per_year_seconds": (u - base.unavailability) * year,
                "delta_minutes_per_year": (u - base.unavailability) * year / 60.0,
                "meets_target": None if r.target_unavailability is None else u <= r.target_unavailability,
            })
        cols = [
            Column("scenario", "Scenario"),
            Column("availability_percent", "Availability", "availability"),
            Column("nines", "Nines", "nines"),
            Column("downtime_per_year_seconds", "Down/year", "duration"),
            Column("downtime_per_month_seconds", "Down/month", "duration"),
            Column("failures_per_year", "Failures/year", "number"),
            Column("delta_nines", "Δ nines", "number"),
            Column("delta_minutes_per_year", "Δ min/year", "number"),
            Column("meets_target", "Meets target", "bool"),
        ]
        table = Table("scenarios", f"Compared with {base.scenario}", cols, out,
                      hidden=("unavailability", "delta_downtime_per_year_seconds"))
        best = min(self.rows, key=lambda r: r.unavailability)
        notes = [f"Best: {best.scenario}"]
        return Document(tables=[table], method={"baseline": base.scenario,
                                                "conventions": self.conventions.describe()},
                        notes=notes, title="Scenario comparison")


def compare(scenarios: Sequence[Scenario], conventions: Conventions | None = None) -> Comparison:
    """Solve each scenario and lay them side by side (the first is the baseline)."""
    rows = []
    for s in scenarios:
        sol = solve(s.system, record=False)
        rows.append(ComparisonRow(s.label, sol.unavailability, sol.frequency,
                                  None if s.target is None else s.target.unavailability))
    return Comparison(tuple(rows), conventions or Conventions())


def expand_variants(scenarios: Sequence[Scenario], variants: Sequence[str] = (),
                    include_variants: bool = True) -> list[Scenario]:
    """Each scenario followed by its variants (all, or only those named)."""
    out: list[Any] = []
    for s in scenarios:
        out.append(s)
        if not include_variants:
            continue
        for v in s.variants:
            if not variants or v.name in variants:
                out.append(s.variant(v.name))
    return out
