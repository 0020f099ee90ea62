"""Exact evaluation of structures with shared units: a binary decision diagram of the failure function.

A unit used in several places of a block tree (a shared power feed, one
database behind two app tiers) makes those places dependent, so the
product rules of :mod:`.static` no longer hold. Here the block's *failure
function* (true when the block is down) is built as a reduced ordered
binary decision diagram over its units (the ``dd`` package), and evaluated
by Shannon decomposition, ``P(F) = p_x P(F | x down) + (1 - p_x) P(F | x up)``
(Rauzy, "New algorithms for fault trees analysis", Reliability Engineering
and System Safety 40, 1993; Rausand & Hoyland, *System Reliability Theory*,
2nd ed., section 4.6 for the pivotal decomposition).

Sub-trees without a shared unit are *opaque*: solved on their own (exactly,
by the ordinary solver) and entered as one variable. The diagram uses
complemented edges, so both ``P(F)`` and ``P(not F)`` are carried up as sums
of non-negative products: no subtraction, full relative accuracy at any
number of nines.

>>> from uptime_calc.models.blocks import Component, Parallel
>>> from uptime_calc.availability import Availability
>>> a = Component.static("a", Availability(0.2), shared=True)
>>> b = Component.static("b", Availability(0.1))
>>> c = Component.static("c", Availability(0.15))
>>> s = Structure.of(Parallel((a, b, c, a)), lambda blk: False)
>>> sorted(s.leaves)  # the shared unit by name, the others as numbered variables
['#1', '#2', 'a']
>>> round(s.probability({"a": 0.2, "#1": 0.1, "#2": 0.15}), 12)  # 0.2 x 0.1 x 0.15
0.003
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import ComputationError
from .blocks import (
    ActiveActive,
    ActiveStandby,
    Block,
    CommonCause,
    Component,
    KOfN,
    Network,
    Parallel,
    Series,
    components,
    label,
)


def shared_instances(block: Block) -> frozenset[str]:
    """Instances of shared components that occur more than once inside ``block``."""
    seen: set[str] = set()
    twice: set[str] = set()
    for c in components(block):
        if c.shared:
            (twice if c.instance in seen else seen).add(c.instance)
    return frozenset(twice)


def has_shared(block: Block) -> bool:
    """True when some shared component occurs more than once in ``block``."""
    return bool(shared_instances(block))


TRUE, FALSE = 1, -1


@dataclass
class Structure:
    """The failure function of a block as a BDD, over named variables.

    Built with the ``dd`` package, then kept as a plain table: ``nodes[abs(id)]
    = (variable, high edge, low edge)`` where an edge is a signed node id (a
    negative id is the complement), ``1`` is true and ``-1`` false. ``leaves``
    maps each variable to what it stands for: a shared
    :class:`~.blocks.Component` or an opaque sub-block (solved separately).
    """

    root: int
    nodes: dict[int, tuple[str, int, int]]
    leaves: dict[str, Block]

    @classmethod
    def of(cls, block: Block, opaque: Callable[[Block], bool]) -> Structure:
        """Build the diagram of ``block``; sub-blocks for which ``opaque(b)`` holds become variables.

        Shared components are variables named by their instance, other leaves
        ``#0``, ``#1``... Raises :class:`~uptime_calc.errors.ComputationError`
        for a Markov block (active/standby, active/active) that is not opaque:
        its state is not a function of its units' states.
        """
        import dd.autoref as _dd

        builder = _Builder(_dd.BDD())
        root = builder.build(block, opaque)
        nodes: dict[int, tuple[str, int, int]] = {}
        stack = [root]
        while stack:
            u = stack.pop()
            key = abs(int(u))
            if key == TRUE or key in nodes:
                continue
            nodes[key] = (u.var, int(u.high), int(u.low))
            stack.extend((u.high, u.low))
        top = int(root)
        del root, stack, u  # every node reference before the manager (it checks on release)
        builder.bdd = None
        return cls(top, nodes, builder.leaves)

    # -- evaluation ------------------------------------------------------------------------------
    def probability(self, p: Mapping[str, float], fixed: Mapping[str, bool] | None = None) -> float:
        """``P(block down)`` given each variable's probability of being down (``fixed``: set states)."""
        memo: dict[int, tuple[float, float]] = {TRUE: (1.0, 0.0)}
        nodes = self.nodes
        fixed = fixed or {}

        def edge(e: int) -> tuple[float, float]:
            """(P(true), P(false)) along edge ``e``, by sums of non-negative products only."""
            key = abs(e)
            got = memo.get(key)
            if got is None:
                v, hi, lo = nodes[key]
                h, low = edge(hi), edge(lo)
                if v in fixed:
                    got = h if fixed[v] else low
                else:
                    q = p[v]
                    got = (q * h[0] + (1.0 - q) * low[0], q * h[1] + (1.0 - q) * low[1])
                memo[key] = got
            return got if e > 0 else (got[1], got[0])

        return min(1.0, max(0.0, edge(self.root)[0]))

    def birnbaum(self, p: Mapping[str, float], var: str) -> float:
        """``P(down | var down) - P(down | var up)``: the probability that ``var`` is critical."""
        return max(0.0, self.probability(p, {var: True}) - self.probability(p, {var: False}))

    def _cof(self, e: int) -> tuple[str, int, int]:
        v, hi, lo = self.nodes[abs(e)]
        return (v, hi, lo) if e > 0 else (v, -hi, -lo)

    # -- cut sets --------------------------------------------------------------------------------
    def minimal_cut_sets(self, max_order: int) -> list[frozenset[str]]:
        """Minimal sets of variables whose joint failure fails the block, of at most ``max_order``.

        Recursive on the diagram of a monotone function ``F = x F1 + not(x) F0``: the minimal
        cuts without ``x`` are those of ``F0``; with ``x``, ``{x} + c`` for each minimal cut ``c``
        of ``F1`` that is not already a cut of ``F0`` (Rauzy 1993, section 4).
        """
        memo: dict[tuple[int, int], list[frozenset[str]]] = {}
        least: dict[int, float] = {TRUE: 0.0, FALSE: math.inf}

        def order(e: int) -> float:
            """Size of the smallest cut of the function at ``e`` (inf when it cannot be true)."""
            got = least.get(e)
            if got is None:
                _, hi, lo = self._cof(e)
                got = min(order(lo), 1 + order(hi))
                least[e] = got
            return got

        def holds(e: int, cut: frozenset[str]) -> bool:
            while e not in (TRUE, FALSE):
                v, hi, lo = self._cof(e)
                e = hi if v in cut else lo
            return e == TRUE

        def rec(e: int, budget: int) -> list[frozenset[str]]:
            if order(e) > budget:
                return []
            if e == TRUE:
                return [frozenset()]
            key = (e, budget)
            got = memo.get(key)
            if got is None:
                v, hi, lo = self._cof(e)
                got = list(rec(lo, budget))
                if budget >= 1:
                    got.extend(c | {v} for c in rec(hi, budget - 1) if not holds(lo, c))
                memo[key] = got
            return got

        return sorted(set(rec(self.root, max_order)), key=lambda c: (len(c), sorted(c)))


class _Builder:
    def __init__(self, bdd: Any) -> None:
        self.bdd = bdd
        self.leaves: dict[str, Block] = {}

    def _var(self, name: str, leaf: Block) -> Any:
        if name not in self.leaves:
            self.leaves[name] = leaf
            self.bdd.declare(name)
        return self.bdd.var(name)

    def build(self, block: Block, opaque: Callable[[Block], bool]) -> Any:
        bdd = self.bdd
        if isinstance(block, Component) and block.shared:
            return self._var(block.instance, block)
        if opaque(block) or isinstance(block, Component):
            return self._var(f"#{len(self.leaves)}", block)
        if isinstance(block, Series):
            out = bdd.false
            for p in block.parts:
                out = out | self.build(p, opaque)
            return out
        if isinstance(block, Parallel):
            out = bdd.true
            for p in block.parts:
                out = out & self.build(p, opaque)
            return out
        if isinstance(block, KOfN):
            return at_least(bdd, [self.build(p, opaque) for p in block.parts], block.n - block.k + 1)
        if isinstance(block, CommonCause):
            from .solve import common_cause_expansion

            return self.build(common_cause_expansion(block), opaque)
        if isinstance(block, Network):
            return self._network(block, opaque)
        if isinstance(block, (ActiveActive, ActiveStandby)):
            raise ComputationError(
                f"{label(block)}: a shared unit used both inside and outside an {_kind(block)} block "
                "cannot be solved exactly (its Markov chain has its own copy of the unit); share units "
                "between static blocks (series, parallel, k_of_n, network, fault_tree) only")
        raise ComputationError(f"cannot build the structure function of {block!r}")

    def _network(self, net: Network, opaque: Callable[[Block], bool]) -> Any:
        from .network import failable_path_sets

        bdd = self.bdd
        paths = failable_path_sets(net)
        if not paths:
            return bdd.true  # no path at all: always down
        edge_fail = {i: self.build(net.edges[i].block, opaque)  # type: ignore[arg-type]
                     for i in sorted(set().union(*paths))}
        down = bdd.true
        for path in paths:  # down when every path has a failed edge
            broken = bdd.false
            for i in sorted(path):
                broken = broken | edge_fail[i]
            down = down & broken
        return down


def _kind(block: Block) -> str:
    return "active_active" if isinstance(block, ActiveActive) else "active_standby"


def at_least(bdd: Any, fs: list[Any], m: int) -> Any:
    """The function "at least ``m`` of ``fs`` are true", by the threshold recursion."""
    n = len(fs)
    if m <= 0:
        return bdd.true
    if m > n:
        return bdd.false
    # row[j] = at least j of fs[i:] true, built from the last part backwards
    row = [bdd.true] + [bdd.false] * m
    for i in range(n - 1, -1, -1):
        row = [bdd.true] + [bdd.ite(fs[i], row[j - 1], row[j]) for j in range(1, m + 1)]
    return row[m]


__all__ = ["Structure", "at_least", "has_shared", "shared_instances"]
