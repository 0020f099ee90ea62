"""The result of a simulation: per-month downtime samples and the statistics drawn from them.

All statistics are computed from two arrays kept on the result, so a chart or a
report can use the raw samples: :attr:`SimulationResult.month_downtime`
(seconds, shape ``(replications, months)``) and
:attr:`SimulationResult.outages` (system outages per replication).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import TYPE_CHECKING, Any

import numpy as np

from ..availability import Availability, format_percent
from ..tabular import Column, Document, Table
from .months import Horizon

if TYPE_CHECKING:
    from ..sla import SlaTable

PERCENTILES = (50, 90, 99)


def confidence_interval(per_rep_u: np.ndarray, confidence: float) -> tuple[float, float, float]:
    """Mean of per-replication unavailabilities and its normal-theory interval ``(mean, low, high)``.

    Replications are independent and identically distributed, so the central
    limit theorem gives ``mean +- z * s / sqrt(n)`` (Law, *Simulation Modeling
    and Analysis*, 5th ed., section 4.5). The low end is clipped at 0.
    """
    n = per_rep_u.size
    mean = float(per_rep_u.mean()) if n else math.nan
    if n < 2:
        return mean, 0.0, 1.0
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    half = z * float(per_rep_u.std(ddof=1)) / math.sqrt(n)
    return mean, max(0.0, mean - half), min(1.0, mean + half)


@dataclass(frozen=True, eq=False)  # holds arrays: compare by identity
class SimulationResult:
    """Monte Carlo downtime of one scenario.

    Attributes
    ----------
    name:
        Scenario name.
    horizon:
        Years simulated per replication and the month convention.
    month_downtime:
        Down seconds per replication (rows) and month (columns): the samples
        behind every statistic, exposed for charts.
    outages:
        Number of system outages per replication.
    seed:
        The root seed; the same seed and chunk size reproduce the result exactly.
    chunk_size:
        Replications per chunk (each chunk seeded ``SeedSequence(seed, spawn_key=(i,))``).
    confidence:
        Confidence level of the interval on the mean (0.99 by default).
    target:
        The scenario's target, if any: the monthly availability to meet.
    sla:
        An SLA tier table to price months against, if any.
    analytic:
        The exact (analytic) steady-state availability, where the solver has one.
    method:
        Extra method entries (engine, stopping rule...).
    """

    name: str
    horizon: Horizon
    month_downtime: np.ndarray
    outages: np.ndarray
    seed: int
    chunk_size: int
    confidence: float = 0.99
    target: Availability | None = None
    sla: SlaTable | None = None
    analytic: Availability | None = None
    method: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    analytic_exact: bool = True

    # -- samples ---------------------------------------------------------------
    @property
    def replications(self) -> int:
        """Number of replications."""
        return int(self.month_downtime.shape[0])

    @property
    def year_downtime(self) -> np.ndarray:
        """Down seconds per replication and year, shape ``(replications, years)``."""
        r = self.replications
        return self.month_downtime.reshape(r, self.horizon.years, 12).sum(axis=2)

    @property
    def month_unavailability(self) -> np.ndarray:
        """Unavailability of each simulated month (down seconds / month length)."""
        return self.month_downtime / self.horizon.month_lengths[None, :]

    @property
    def per_replication_unavailability(self) -> np.ndarray:
        """Fraction of each replication's horizon spent down."""
        return self.month_downtime.sum(axis=1) / self.horizon.seconds

    def threshold_lines(self) -> dict[str, float]:
        """Allowed downtime per (average-length) month for the target and the SLA commitment, in seconds.

        For charts of :attr:`month_downtime` with the SLA line: a month above the
        line misses it.
        """
        month = float(self.horizon.month_lengths.mean())
        lines: dict[str, float] = {}
        if self.target is not None:
            lines[f"target {format_percent(self.target.unavailability)}"] = self.target.unavailability * month
        if self.sla is not None:
            c = self.sla.commitment
            lines[f"{self.sla.name} {format_percent(c.unavailability)}"] = c.unavailability * month
        return lines

    # -- statistics ------------------------------------------------------------
    @property
    def interval(self) -> tuple[float, float, float]:
        """Mean unavailability and its confidence interval ``(mean, low, high)``."""
        return confidence_interval(self.per_replication_unavailability, self.confidence)

    @property
    def availability(self) -> Availability:
        """The simulated mean availability."""
        return Availability(min(1.0, max(0.0, self.interval[0])))

    @property
    def analytic_inside(self) -> bool | None:
        """Whether the analytic availability lies inside the confidence interval."""
        if self.analytic is None:
            return None
        _, low, high = self.interval
        return low <= self.analytic.unavailability <= high

    def downtime_stats(self, samples: np.ndarray) -> dict[str, float]:
        """Mean, p50, p90, p99 and max of a downtime sample (seconds)."""
        flat = samples.ravel()
        q = np.percentile(flat, PERCENTILES)
        out = {"mean_seconds": float(flat.mean())}
        out.update({f"p{p}_seconds": float(v) for p, v in zip(PERCENTILES, q, strict=True)})
        out["max_seconds"] = float(flat.max())
        return out

    def probability_month_misses(self, target: Availability) -> float:
        """Share of simulated months whose availability falls below ``target``."""
        return float(np.mean(self.month_unavailability > target.unavailability))

    def month_credit_percent(self) -> np.ndarray:
        """Credit earned by each simulated month under :attr:`sla` (percent of the bill)."""
        if self.sla is None:
            raise ValueError("no SLA given")
        u = self.month_unavailability
        credit = np.zeros_like(u)
        for tier in self.sla.tiers:
            inside = (u <= tier.lower.unavailability) & (u > tier.upper.unavailability)
            credit = np.where(inside, tier.credit_percent, credit)
        return credit

    @property
    def expected_credit_percent(self) -> float | None:
        """Mean monthly credit under the SLA (percent of the monthly bill)."""
        return None if self.sla is None else float(self.month_credit_percent().mean())

    @property
    def failures_per_year(self) -> float:
        """Mean number of system outages per year."""
        return float(self.outages.mean()) / self.horizon.years

    # -- rendering -------------------------------------------------------------
    def _year_days(self) -> float:
        """Days in a mean year of the simulated span (365 for 2025, 365.25 for 2024-2027)."""
        return self.horizon.seconds / self.horizon.years / 86400.0

    def _availability_row(self, estimate: str, u: float) -> dict[str, Any]:
        a = Availability(min(1.0, max(0.0, u)))
        return {
            "estimate": estimate,
            "availability_percent": a.percent,
            "availability_fraction": a.fraction,
            "unavailability": a.unavailability,
            "nines": a.nines,
            "downtime_per_year_seconds": u * self.horizon.seconds / self.horizon.years,
            "downtime_per_month_seconds": u * self.horizon.seconds / self.horizon.n_months,
        }

    def risk_rows(self) -> list[dict[str, Any]]:
        """Probability that a month misses the target, the SLA commitment and each tier.

        ``probability_month`` is a fraction of all simulated months; for a tier it is
        the probability of landing in that tier (earning its credit).
        """
        rows = self._risk_rows()
        for row in rows:
            p = row["probability_month"]
            row["probability_month_percent"] = 100.0 * p
        return rows

    def _risk_rows(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        if self.target is not None:
            rows.append({
                "threshold": f"below target {format_percent(self.target.unavailability)}",
                "availability_percent": self.target.percent,
                "unavailability": self.target.unavailability,
                "probability_month": self.probability_month_misses(self.target),
                "credit_percent": None,
            })
        if self.sla is not None:
            c = self.sla.commitment
            rows.append({
                "threshold": f"below {self.sla.name} commitment {format_percent(c.unavailability)}",
                "availability_percent": c.percent,
                "unavailability": c.unavailability,
                "probability_month": self.probability_month_misses(c),
                "credit_percent": None,
            })
            credit = self.month_credit_percent()
            for tier in self.sla.tiers:
                rows.append({
                    "threshold": f"in {self.sla.name} tier {tier.label}",
                    "availability_percent": tier.lower.percent,
                    "unavailability": tier.lower.unavailability,
                    "probability_month": float(np.mean(credit == tier.credit_percent))
                    if tier.credit_percent > 0 else math.nan,
                    "credit_percent": tier.credit_percent,
                })
        return rows

    def summary(self) -> dict[str, Any]:
        """The headline numbers (the top-level JSON keys)."""
        mean, low, high = self.interval
        out: dict[str, Any] = {
            "scenario": self.name,
            "replications": self.replications,
            "years_per_replication": self.horizon.years,
            "seed": self.seed,
            "availability_percent": self.availability.percent,
            "unavailability": mean,
            "nines": self.availability.nines,
            "confidence": self.confidence,
            "ci_low_unavailability": low,
            "ci_high_unavailability": high,
            "failures_per_year": self.failures_per_year,
            "analytic_unavailability": None if self.analytic is None else self.analytic.unavailability,
            "analytic_inside_ci": self.analytic_inside,
        }
        if self.target is not None:
            out["p_month_misses_target"] = self.probability_month_misses(self.target)
        if self.sla is not None:
            out["p_month_misses_sla"] = self.probability_month_misses(self.sla.commitment)
            out["expected_credit_percent"] = self.expected_credit_percent
        return out

    def to_document(self) -> Document:
        """Tables ``availability``, ``downtime`` and (with a target or SLA) ``risk``."""
        mean, low, high = self.interval
        pct = f"{self.confidence * 100:g}%"
        avail_rows = [
            self._availability_row("simulated mean", mean),
            # a higher unavailability is the low end of availability
            self._availability_row(f"{pct} CI low", high),
            self._availability_row(f"{pct} CI high", low),
        ]
        if self.analytic is not None:
            label = "analytic (exact)" if self.analytic_exact else "analytic (exponential laws)"
            avail_rows.append(self._availability_row(label, self.analytic.unavailability))
        avail_cols = [
            Column("estimate", "Estimate"),
            Column("availability_percent", "Availability", "availability"),
            Column("nines", "Nines", "nines"),
            # the simulated calendar's own year and month (e.g. 365 days for 2025), named: `model` uses the
            # --year-days convention (365.25 by default), so the two are labelled, never silently mixed
            Column("downtime_per_year_seconds", f"Downtime/year ({self._year_days():g} d simulated)", "duration"),
            Column("downtime_per_month_seconds",
                   f"Downtime/month ({self._year_days() * self.horizon.years / self.horizon.n_months:.4g} d)",
                   "duration"),
        ]
        down_rows = [
            {"period": "month", "samples": self.month_downtime.size, **self.downtime_stats(self.month_downtime)},
            {"period": "year", "samples": self.year_downtime.size, **self.downtime_stats(self.year_downtime)},
        ]
        down_cols = [Column("period", "Period"), Column("samples", "Samples", "count")] + [
            Column(k, h, "duration")
            for k, h in [("mean_seconds", "Mean"), ("p50_seconds", "p50"), ("p90_seconds", "p90"),
                         ("p99_seconds", "p99"), ("max_seconds", "Max")]
        ]
        tables = [
            Table("availability", f"Simulated availability: {self.name}", avail_cols, avail_rows),
            Table("downtime", "Downtime per calendar period", down_cols, down_rows),
        ]
        risk = self.risk_rows()
        if risk:
            risk_cols = [
                Column("threshold", "A calendar month is"),
                Column("probability_month_percent", "Probability", "percent"),
                Column("credit_percent", "Credit", "percent"),
            ]
            tables.append(Table("risk", "Monthly SLA risk", risk_cols, risk))
        notes = [f"Failures per year (mean): {self.failures_per_year:.4g}"]
        if self.analytic is not None:
            inside = "inside" if self.analytic_inside else "OUTSIDE"
            why = ""
            if not (self.analytic_exact or self.analytic_inside):
                why = " (it assumes exponential laws: see the warning)"
            notes.append(f"Analytic availability {self.analytic} is {inside} the simulated {pct} interval{why}.")
        if self.sla is not None:
            notes.append(f"Expected credit under {self.sla.name}: {self.expected_credit_percent:.4g}% per month.")
        method = {
            "model": "Monte Carlo: alternating renewal processes per component, system state by the block tree",
            "replications": self.replications,
            "horizon": f"{self.horizon.years} year(s) per replication, {self.horizon.describe()}",
            "start": "steady state (stationary residual times at t=0)",
            "seed": self.seed,
            "chunk_size": self.chunk_size,
            "seeding": "numpy SeedSequence(seed, spawn_key=(chunk,)) per chunk",
            "confidence_interval": f"{pct} normal interval on the mean of per-replication unavailability",
            "percentiles": "pooled over all simulated months (years), linear interpolation",
        }
        method["downtime_year"] = (f"downtime per year and month = U x the simulated span's mean year "
                                   f"({self._year_days():g} days) and month ({self.horizon.describe()}); "
                                   "`model` uses its --year-days convention instead")
        if self.sla is not None:
            method["sla"] = f"{self.sla.title} ({self.sla.source})"
        method.update(self.method)
        return Document(tables=tables, method=method, summary=self.summary(), notes=notes,
                        warnings=list(self.warnings), title=f"Simulation: {self.name}")
