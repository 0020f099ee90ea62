"""A plain-Python sweep over elementary stretches: the oracle of the interval engine's property tests.

Deliberately naive and independent of :mod:`uptime_calc.accounting.engine`: per group, cut the
time line at every record start and end and every period boundary; on each stretch between two
consecutive cuts, look at the records active there (a list scan), take the highest weight, and
add the stretch to the sums of its period. No sorting tricks, no keys, no levels peeled.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

Down = tuple[object, int, int, float]  # group, start ns, end ns, weight (> 0)
Maint = tuple[object, int, int]  # group, start ns, end ns


@dataclass
class Cell:
    """One group x period: exact ns per weight, and the rest of the accounting."""

    level_ns: dict[float, int] = field(default_factory=lambda: defaultdict(int))
    outage_ns: int = 0
    maintenance_ns: int = 0
    outages: int = 0
    longest_ns: int = 0

    @property
    def downtime_ns(self) -> float:
        """Each weight times its exact time, summed from the lowest weight up."""
        return sum(w * float(ns) for w, ns in sorted(self.level_ns.items()))


def sweep(down: list[Down], maint: list[Maint], bounds: list[int]) -> tuple[dict, dict]:
    """``({(group, period): Cell}, {group: [(start, end, ns outside maintenance), ...]})``.

    Records lie within ``[bounds[0], bounds[-1]]``; an outage is a maximal stretch of time down
    at any weight (maintenance inside it does not split it, a period boundary does in the
    per-period cells but not in the window's list); one wholly in maintenance is no outage.
    """
    cells: dict = defaultdict(Cell)
    window: dict = defaultdict(list)
    groups = {r[0] for r in down} | {r[0] for r in maint}
    for g in groups:
        mine = [r for r in down if r[0] == g]
        mine_m = [r for r in maint if r[0] == g]
        cuts = sorted({t for r in mine for t in r[1:3]} | {t for r in mine_m for t in r[1:3]} | set(bounds))
        piece = None  # the outage under way in this period: [period, counted ns]
        run = None  # the outage under way in the window: [start, end, counted ns]
        for a, b in zip(cuts[:-1], cuts[1:], strict=True):
            period = max(i for i, x in enumerate(bounds) if x <= a)
            cell = cells[g, period]
            top = max((w for _, s, e, w in mine if s <= a < e), default=0.0)
            in_maint = any(s <= a < e for _, s, e in mine_m)
            if in_maint:
                cell.maintenance_ns += b - a
            if piece is not None and (top == 0 or piece[0] != period):
                _close_piece(cells, g, piece)
                piece = None
            if run is not None and top == 0:
                _close_run(window, g, run)
                run = None
            if top == 0:
                continue
            counted = 0 if in_maint else b - a
            if counted:
                cell.level_ns[top] += counted
                cell.outage_ns += counted
            piece = piece or [period, 0]
            piece[1] += counted
            run = run or [a, b, 0]
            run[1] = b
            run[2] += counted
        if piece is not None:
            _close_piece(cells, g, piece)
        if run is not None:
            _close_run(window, g, run)
    return dict(cells), dict(window)


def _close_piece(cells: dict, g: object, piece: list[int]) -> None:
    if piece[1] > 0:
        cell = cells[g, piece[0]]
        cell.outages += 1
        cell.longest_ns = max(cell.longest_ns, piece[1])


def _close_run(window: dict, g: object, run: list[int]) -> None:
    if run[2] > 0:
        window[g].append(tuple(run))
