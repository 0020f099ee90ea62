"""The full analysis of one scenario: what ``uptime-calc model`` prints.

:func:`analyze` solves the tree (:mod:`.solve`), finds single points of
failure and minimal cut sets (:mod:`.cuts`), importance measures
(:mod:`.importance`), the change that buys the most nines and dependency
budgets (:mod:`.advice`), and at a mission time the point availability
``A(t)``, reliability ``R(t)`` and the mean time to first failure.

>>> from uptime_calc.scenario import loads_scenario
>>> s = loads_scenario('''
... components: {app: {availability: 99.95%}, sql: {availability: 99.99%}}
... system: {series: [app, sql]}
... ''')
>>> report = analyze(s)
>>> report.spofs
('app', 'sql')
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..availability import Availability, format_percent
from ..tabular import Column, Document, Table
from ..units import Conventions, format_duration
from .advice import Budget, Change, dependency_budgets, rank_changes
from .blocks import components
from .cuts import TooManyCutSets, minimal_cut_sets
from .figures import headline_figures
from .importance import Importance, importance
from .latent import LatentGroup
from .life import interval_reliability, system_life
from .solve import BlockResult, solve

if TYPE_CHECKING:  # pragma: no cover
    from ..scenario import Scenario


@dataclass(frozen=True)
class Mission:
    """Time-dependent figures over a mission of ``time`` seconds, starting with everything up.

    ``hazard`` is per second at ``time``; ``b10`` the time at which ``R`` falls
    to 0.9; ``time_to_target`` the time at which it falls to
    ``target_reliability``; ``interval_reliability`` is ``IR(time, interval)``,
    the probability of being up throughout ``[time, time + interval]``.
    """

    time: float
    point_unavailability: float
    reliability: float | None
    hazard: float | None = None
    b10: float | None = None
    target_reliability: float | None = None
    time_to_target: float | None = None
    interval: float | None = None
    interval_reliability: float | None = None


@dataclass(frozen=True)
class CutSetRow:
    """A minimal cut set and its probability (product of its members' unavailabilities)."""

    members: tuple[str, ...]
    probability: float


@dataclass(frozen=True)
class ModelReport:
    """Everything ``uptime-calc model`` reports for one scenario (see :func:`analyze`)."""

    scenario: str
    target: Availability | None
    unavailability: float
    frequency: float | None
    blocks: tuple[BlockResult, ...]
    spofs: tuple[str, ...]
    cut_sets: tuple[CutSetRow, ...]
    importance: tuple[Importance, ...]
    changes: tuple[Change, ...]
    budgets: tuple[Budget, ...]
    mission: Mission | None
    mttff: float | None
    conventions: Conventions = field(default_factory=Conventions)
    warnings: tuple[str, ...] = ()
    latent: tuple[LatentGroup, ...] = ()
    fussell_vesely: str = "difference"

    @property
    def availability(self) -> Availability:
        """System steady-state availability."""
        return Availability(self.unavailability)

    @property
    def meets_target(self) -> bool | None:
        """Whether the steady state meets the target (``None`` without one)."""
        return None if self.target is None else self.unavailability <= self.target.unavailability

    @property
    def recommended(self) -> Change | None:
        """The single change that buys the most nines, if any helps."""
        return self.changes[0] if self.changes and self.changes[0].nines_gain > 0 else None

    def missed(self, target: Availability) -> list[str]:
        """A line naming the scenario if its availability is below ``target`` (for ``--fail-under``)."""
        if self.unavailability > target.unavailability:
            return [f"{self.scenario}: {self.availability} is below {target}"]
        return []

    def summary_row(self) -> dict[str, Any]:
        """The headline figures as one row (machine keys with units)."""
        year = self.conventions.period_seconds("year")
        month = self.conventions.period_seconds("month")
        u = self.unavailability
        f = self.frequency
        row: dict[str, Any] = {
            "scenario": self.scenario,
            **headline_figures(u, f, year, month),
            "mtbf_seconds": None if f is None else (math.inf if f == 0 else (1 - u) / f),
            "mttr_seconds": None if not f else u / f,
            "target_percent": None if self.target is None else self.target.percent,
            "meets_target": self.meets_target,
        }
        if self.mission is not None:
            row["mission_seconds"] = self.mission.time
            row["point_availability_percent"] = 100.0 - 100.0 * self.mission.point_unavailability
            row["point_unavailability"] = self.mission.point_unavailability
            row["reliability"] = self.mission.reliability
            row["hazard_per_hour"] = None if self.mission.hazard is None else self.mission.hazard * 3600.0
            row["b10_life_seconds"] = self.mission.b10
            if self.mission.target_reliability is not None:
                row["target_reliability"] = self.mission.target_reliability
                row["time_to_target_reliability_seconds"] = self.mission.time_to_target
            if self.mission.interval is not None:
                row["interval_seconds"] = self.mission.interval
                row["interval_reliability"] = self.mission.interval_reliability
        row["mttff_seconds"] = self.mttff
        return row

    def to_document(self) -> Document:
        """Tables: system, blocks, spofs, cut_sets, importance, changes, budgets."""
        year = self.conventions.period_seconds("year")
        summary = self.summary_row()
        # the year and month lengths are named in the headers: `simulate` uses its calendar span's
        year_head = f"Down/year ({year / 86400:g} d)"
        month_head = f"Down/month ({self.conventions.period_seconds('month') / 86400:.4g} d)"
        sys_cols = [
            Column("scenario", "Scenario"),
            Column("availability_percent", "Availability", "availability"),
            Column("nines", "Nines", "nines"),
            Column("downtime_per_year_seconds", year_head, "duration"),
            Column("downtime_per_month_seconds", month_head, "duration"),
            Column("failures_per_year", "Failures/year", "number"),
            Column("mtbf_seconds", "MTBF", "duration"),
            Column("mttr_seconds", "MTTR", "duration"),
        ]
        if self.target is not None:
            sys_cols.append(Column("meets_target", f"Meets {self.target}", "bool"))
        time_cols = [Column("mttff_seconds", "Mean time to first failure", "duration")]
        time_row: dict[str, Any] = {"mttff_seconds": self.mttff}
        if self.mission is not None:
            t = format_duration(self.mission.time)
            time_cols = [
                Column("mission_seconds", "Mission", "duration"),
                Column("point_availability_percent", f"A({t}) from all-up", "availability",
                       unavailability_key="point_unavailability"),
                Column("reliability", f"R({t}): no failure", "number"),
                Column("hazard_per_hour", f"Hazard at {t} (/h)", "number"),
                Column("b10_life_seconds", "B10 life (R = 0.9)", "duration"),
            ] + time_cols
            keys = ["mission_seconds", "point_availability_percent", "point_unavailability", "reliability",
                    "hazard_per_hour", "b10_life_seconds"]
            m = self.mission
            if m.target_reliability is not None:
                time_cols.append(Column("time_to_target_reliability_seconds",
                                        f"Time to R = {m.target_reliability:g}", "duration"))
                keys.append("time_to_target_reliability_seconds")
            if m.interval is not None:
                time_cols.append(Column("interval_reliability",
                                        f"IR({t}, {format_duration(m.interval)}): up throughout", "number"))
                keys.append("interval_reliability")
            time_row.update({k: summary[k] for k in keys})
        tables = [
            Table("system", f"System: {self.scenario}", sys_cols, [summary],
                  hidden=("unavailability", "target_percent", "mission_seconds", "point_unavailability",
                          "point_availability_percent", "reliability", "mttff_seconds")),
            Table("first_failure", "Time behaviour", time_cols, [time_row],
                  hidden=("point_unavailability", "target_reliability", "interval_seconds")),
            Table("blocks", "Blocks", [
                Column("block", "Block"),
                Column("kind", "Kind"),
                Column("detail", "Detail"),
                Column("availability_percent", "Availability", "availability"),
                Column("nines", "Nines", "nines"),
                Column("downtime_per_year_seconds", year_head, "duration"),
                Column("failures_per_year", "Failures/year", "number"),
                Column("mttr_seconds", "MTTR", "duration"),
            ], [_block_row(b, year) for b in self.blocks], hidden=("path", "unavailability")),
            Table("spofs", "Single points of failure", [
                Column("instance", "Instance"),
                Column("availability_percent", "Availability", "availability"),
                Column("fussell_vesely", "Share of downtime", "number"),
            ], [_spof_row(i) for i in self.importance if i.instance in self.spofs]),
            Table("cut_sets", "Minimal cut sets (most likely first)", [
                Column("order", "Order", "count"),
                Column("members", "Fails together"),
                Column("probability", "Probability", "unavailability"),
            ], [{"order": len(c.members), "members": " + ".join(c.members), "probability": c.probability}
                for c in self.cut_sets]),
            Table("importance", f"Importance (ranked by Fussell-Vesely, {self.fussell_vesely} form)", [
                Column("instance", "Instance"),
                Column("component", "Component"),
                Column("availability_percent", "Availability", "availability"),
                Column("birnbaum", "Birnbaum", "number"),
                Column("fussell_vesely", "Fussell-Vesely", "number"),
                Column("criticality", "Criticality", "number"),
                Column("risk_achievement_worth", "RAW", "number"),
                Column("risk_reduction_worth", "RRW", "number"),
                Column("improvement_potential", "Improvement potential", "unavailability"),
                Column("structural", "Structural", "number"),
            ], [_importance_row(i) for i in self.importance],
                hidden=("unavailability", "fussell_vesely_difference", "fussell_vesely_cut_sets")),
            Table("changes", "Single changes, best first", [
                Column("change", "Change"),
                Column("availability_percent", "Availability", "availability"),
                Column("nines_gain", "+Nines", "number"),
                Column("downtime_saved_per_year_seconds", "Saves/year", "duration"),
                Column("recommended", "Recommended", "bool"),
            ], [_change_row(c, i == 0 and c is self.recommended) for i, c in enumerate(self.changes)],
                hidden=("kind", "unavailability")),
        ]
        if self.latent:
            tables.extend(_latent_tables(self.latent))
        if self.budgets and self.target is not None:
            tables.append(Table("budgets", f"Dependency budgets for {self.target}", [
                Column("dependency", "Dependency"),
                Column("availability_percent", "Delivers", "availability"),
                Column("equal_share_percent", "Equal share", "availability",
                       unavailability_key="equal_share_unavailability"),
                Column("extra_nine_percent", "Extra-nine rule", "availability",
                       unavailability_key="extra_nine_unavailability"),
                Column("allowed_percent", "Needed given others", "availability",
                       unavailability_key="allowed_unavailability"),
                Column("meets", "Meets share", "bool"),
            ], [_budget_row(b) for b in self.budgets],
                hidden=("unavailability", "equal_share_unavailability", "extra_nine_unavailability",
                        "allowed_unavailability")))
        notes = []
        if self.spofs:
            notes.append("SPOFs: " + ", ".join(self.spofs))
        else:
            notes.append("SPOFs: none (every component has redundancy)")
        if any(b.allowed is None for b in self.budgets):
            notes.append("Budgets: '—' under 'Needed given others' means the other dependencies alone "
                         "already miss the target.")
        rec = self.recommended
        if rec is not None:
            notes.append(f"Recommended next change: {rec.description}: +{rec.nines_gain:.2f} nines, "
                         f"saves {format_duration(rec.downtime_saved_per_year)} of downtime per year "
                         f"(to {format_percent(rec.unavailability)}); changes are ranked by the nines "
                         "each buys when the changed model is solved again.")
        method = {
            "model": "static blocks in unavailability space; active/standby and active/active as "
                     "continuous-time Markov chains (GTH steady state); nested blocks as two-state "
                     "equivalents (failure rate f/A, repair rate f/U)",
            "conventions": self.conventions.describe(),
            "downtime_year": f"downtime per year = U x {self.conventions.period_seconds('year') / 86400:g} days "
                             "(the year convention above), not a calendar year",
            "importance": _importance_method(self.fussell_vesely),
            "common_cause": ("beta split: 'odds' (default) thins each unit's failure rate, or a static "
                             "unit's odds U/A, to 1 - beta and adds a shared event at beta x the units' "
                             "mean rate; alternative 'probability' (split: probability): common event "
                             "beta x Q, independent (1 - beta) x Q, as RePyability and the PSA literature"),
            "shared_units": "a unit used in several places (shared: or name@tag) is one unit: blocks "
                            "holding it are solved exactly by a binary decision diagram of their "
                            "structure function",
        }
        if self.latent:
            extra = sorted({e for g in self.latent for e in g.extensions()})
            method["latent"] = ("latent failures found by proof tests: PFDavg by IEC 61508-6:2010 Annex B "
                                "(B.3.2.2) as the unavailability of each group; beside it the time average "
                                "of PFD(t) (simultaneous tests, beta-factor common cause)"
                                + (f"; extensions: {'; '.join(extra)}" if extra else ""))
        if self.mission is not None:
            method["mission"] = (
                f"{format_duration(self.mission.time)} from all-up; A(t): each Markov block's own chain "
                "solved transiently (matrix exponential), independent parts combined at t; R(t), MTTF, "
                "hazard and B10: units' own life laws where exact (series, components, structures of "
                "units never repaired), else the absorbing chain of first failure")
        doc_summary = {"scenario": self.scenario,
                       "recommended_change": None if rec is None else rec.description}
        return Document(tables=tables, method=method, summary=doc_summary, notes=notes,
                        warnings=list(self.warnings), title=f"Model: {self.scenario}")


def _block_row(b: BlockResult, year: float) -> dict[str, Any]:
    u, f = b.unavailability, b.frequency
    return {
        "path": b.path,
        "block": "  " * b.depth + b.label,
        "kind": b.kind,
        "detail": b.detail,
        **headline_figures(u, f, year),
        "mttr_seconds": None if not f else u / f,
    }


def _spof_row(i: Importance) -> dict[str, Any]:
    return {"instance": i.instance, "component": i.component, "unavailability": i.unavailability,
            "availability_percent": 100.0 - 100.0 * i.unavailability, "fussell_vesely": i.fussell_vesely}


def _importance_row(i: Importance) -> dict[str, Any]:
    return {"instance": i.instance, "component": i.component, "unavailability": i.unavailability,
            "availability_percent": 100.0 - 100.0 * i.unavailability, "birnbaum": i.birnbaum,
            "fussell_vesely": i.fussell_vesely, "fussell_vesely_difference": i.fussell_vesely_difference,
            "fussell_vesely_cut_sets": i.fussell_vesely_cut_sets, "criticality": i.criticality,
            "risk_achievement_worth": i.risk_achievement_worth,
            "risk_reduction_worth": i.risk_reduction_worth,
            "improvement_potential": i.improvement_potential, "structural": i.structural}


def _importance_method(chosen: str) -> str:
    forms = {"difference": "difference form (U - U(i perfect)) / U",
             "cut-sets": "cut-set form: sum of the listed minimal cut sets holding i, over U"}
    other = "cut-sets" if chosen == "difference" else "difference"
    default = " (default)" if chosen == "difference" else ""
    return (f"Fussell-Vesely: {forms[chosen]}{default}, ranks the importance table; alternative "
            f"{forms[other]} (--fussell-vesely {other}); both in JSON as fussell_vesely_difference and "
            "fussell_vesely_cut_sets. Birnbaum U(i failed) - U(i perfect); criticality Birnbaum x q/U; "
            "RAW U(i failed)/U; RRW U/U(i perfect) (empty = infinite); improvement potential "
            "U - U(i perfect); structural = Birnbaum with every unit at 1/2 (Rausand & Hoyland, ch. 5)")


def _change_row(c: Change, recommended: bool) -> dict[str, Any]:
    return {"change": c.description, "kind": c.kind, "unavailability": c.unavailability,
            "availability_percent": 100.0 - 100.0 * c.unavailability, "nines_gain": c.nines_gain,
            "downtime_saved_per_year_seconds": c.downtime_saved_per_year, "recommended": recommended}


def _budget_row(b: Budget) -> dict[str, Any]:
    return {
        "dependency": b.dependency,
        "unavailability": b.unavailability,
        "availability_percent": 100.0 - 100.0 * b.unavailability,
        "equal_share_unavailability": b.equal_share,
        "equal_share_percent": 100.0 - 100.0 * b.equal_share,
        "extra_nine_unavailability": b.extra_nine,
        "extra_nine_percent": 100.0 - 100.0 * b.extra_nine,
        "allowed_unavailability": b.allowed,
        "allowed_percent": None if b.allowed is None else 100.0 - 100.0 * b.allowed,
        "meets": b.meets,
    }


def analyze(
    scenario: Scenario,
    *,
    mission: float | None = None,
    conventions: Conventions | None = None,
    max_cut_order: int = 3,
    max_cut_sets: int = 20,
    reliability_target: float | None = None,
    interval: float | None = None,
    fussell_vesely: str = "difference",
) -> ModelReport:
    """Solve and analyse a scenario (SPEC 3C outputs).

    Parameters
    ----------
    scenario:
        A loaded :class:`~uptime_calc.scenario.Scenario` (variant applied if wanted).
    mission:
        Mission time in seconds for ``A(t)`` and ``R(t)``; ``None`` to skip.
    conventions:
        Period lengths for downtime per year and month.
    max_cut_order, max_cut_sets:
        Cut sets up to this order; list at most this many (most likely first).
    reliability_target:
        With ``mission``: also the time at which ``R(t)`` falls to this (e.g. 0.99).
    interval:
        With ``mission``: also ``IR(mission, interval)``, up throughout that interval.
    fussell_vesely:
        The Fussell-Vesely form the importance table shows and ranks by: ``difference``
        ``(U - U(i perfect)) / U`` (default) or ``cut-sets`` (minimal cut sets holding i, over U).
    """
    conv = conventions or Conventions()
    tree = scenario.system
    sol = solve(tree)
    warnings = list(sol.warnings)
    units = _cut_units(tree)
    order = max_cut_order
    while True:
        try:
            cuts = minimal_cut_sets(tree, max_order=order)
            break
        except TooManyCutSets:
            if order <= 1:
                raise
            order -= 1
            warnings.append(f"too many cut sets of order {order + 1}: listed up to order {order} only")
    rows = []
    for cut in cuts:
        members = tuple(sorted(cut))
        p = math.prod(units[m] for m in members)
        rows.append(CutSetRow(members, p))
    rows.sort(key=lambda r: (-r.probability, r.members))
    spofs = tuple(sorted(r.members[0] for r in rows if len(r.members) == 1))
    imp = tuple(importance(tree, sol.unavailability, cut_sets=[(r.members, r.probability) for r in rows],
                           fussell_vesely=fussell_vesely))
    changes = tuple(rank_changes(tree, sol.unavailability, conv.period_seconds("year"), spofs))
    budgets = tuple(dependency_budgets(tree, scenario.target)) if scenario.target is not None else ()
    from .bdd import has_shared

    life = None if has_shared(tree) else system_life(tree)
    if life is None and has_shared(tree):
        warnings.append("shared units: the mean time to first failure, R(t), hazard and B10 are not "
                        "computed (their chains assume each use is an independent unit); A(t) is exact, "
                        "and `uptime-calc simulate` estimates the rest")
    mttff = None if life is None else life.mean_time()
    if life is not None:
        warnings.extend(life.approximations)
    if any(c.has_rates and c.mttr is not None and math.isinf(c.mttr) for c in components(tree)):
        warnings.append("units that are never repaired (mttr: none): the long-run availability is what is "
                        "left when every one has failed; read the mean time to failure"
                        + (", R(t) and the B10 life" if mission is not None else
                           ", and R(t) and the B10 life with --mission"))
    mission_result = None
    if mission is not None:
        point = solve(tree, time=mission, record=False).unavailability
        if life is None:
            warnings.append("R(t) and the time to first failure need mtbf/mttr for every component")
            mission_result = Mission(mission, point, None)
        else:
            ir = None
            if interval is not None:
                got = interval_reliability(tree, mission, interval)
                if got is not None:
                    ir = got[0]
                    warnings.extend(got[1])
            mission_result = Mission(
                mission, point, life.reliability(mission), hazard=life.hazard(mission),
                b10=life.time_to(0.9), target_reliability=reliability_target,
                time_to_target=None if reliability_target is None else life.time_to(reliability_target),
                interval=interval, interval_reliability=ir)
    in_tree = {c.instance for c in components(tree)}
    latent = tuple(g for name, g in getattr(scenario, "latent", {}).items() if name in in_tree)
    return ModelReport(scenario.label, scenario.target, sol.unavailability, sol.frequency, sol.blocks, spofs,
                       tuple(rows[:max_cut_sets]), imp, changes, budgets, mission_result, mttff, conv,
                       tuple(warnings), latent, fussell_vesely)


def _latent_tables(groups: tuple[LatentGroup, ...]) -> list[Table]:
    """The PFDavg of each latent group and its sawtooth PFD(t) over two proof-test intervals."""
    import numpy as np

    rows = []
    curve_rows = []
    for g in groups:
        ch = g.channel
        t1 = ch.test_interval
        rows.append({
            "group": g.instance, "architecture": g.architecture,
            "du_rate_per_hour": ch.du_rate * 3600.0, "dd_rate_per_hour": ch.dd_rate * 3600.0,
            "test_interval_seconds": t1, "beta": g.beta, "beta_d": g.beta_d,
            "pfd_avg": g.pfd_avg, "pfd_time_average": g.curve_mean(),
            "pfd_max": float(g.curve(np.array([t1 * (1 - 1e-9)]))[0]),
        })
        times = np.linspace(0.0, 2 * t1, 41)
        times[20] = t1 * (1 - 1e-9)  # the top of the first tooth, then the drop after the test
        for t, q in zip(times, g.curve(times), strict=True):
            curve_rows.append({"group": g.instance, "time_seconds": float(t), "pfd": float(q)})
    return [
        Table("latent", "Latent failures found by proof tests (IEC 61508-6 Annex B)", [
            Column("group", "Group"),
            Column("architecture", "Voting"),
            Column("du_rate_per_hour", "λDU /h", "number"),
            Column("test_interval_seconds", "Test interval", "duration"),
            Column("beta", "β", "number"),
            Column("pfd_avg", "PFDavg (Annex B)", "unavailability"),
            Column("pfd_time_average", "Mean of PFD(t)", "unavailability"),
            Column("pfd_max", "PFD before a test", "unavailability"),
        ], rows, hidden=("dd_rate_per_hour", "beta_d")),
        Table("latent_curve", "PFD(t) over two proof-test intervals (the sawtooth)", [
            Column("group", "Group"),
            Column("time_seconds", "t", "duration"),
            Column("pfd", "PFD(t)", "unavailability"),
        ], curve_rows),
    ]


def _cut_units(block: Any) -> dict[str, float]:
    """Unavailability of every basic event of the cut sets, by instance, replicas expanded.

    The events are named as :func:`~uptime_calc.models.cuts.minimal_cut_sets` names them. Under a
    common cause (beta factor) a unit fails independently at ``1 - beta`` of its rate and the shared
    event ``ccf(...)`` at ``beta`` of it, so both come from the block's beta-factor expansion (a common
    cause inside each member of an active/active unit gives ``ccf(...#1)``, ``ccf(...#2)``...).
    """
    from .blocks import CommonCause, Component, children
    from .solve import common_cause_expansion

    if isinstance(block, Component):
        return {block.instance: block.unavailability}
    if isinstance(block, CommonCause):
        block = common_cause_expansion(block)
    out: dict[str, float] = {}
    for child in children(block):
        out.update(_cut_units(child))
    return out
