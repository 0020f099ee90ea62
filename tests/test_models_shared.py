"""Shared units (one instance used in several places): exact by BDD, checked against enumeration.

The reference everywhere is brute force: the structure function evaluated in every one of the
2^n states of the n distinct units, weighted by the product of their probabilities (Rausand &
Hoyland, *System Reliability Theory*, 2nd ed., section 4.6: the system reliability is
E[phi(X)]), and minimal cut sets found by checking every subset.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uptime_calc.availability import Availability
from uptime_calc.errors import ComputationError, ScenarioError
from uptime_calc.models.analyze import analyze
from uptime_calc.models.blocks import Block, Component, Edge, KOfN, Network, Parallel, Series, components
from uptime_calc.models.cuts import minimal_cut_sets
from uptime_calc.models.importance import importance
from uptime_calc.models.solve import solve
from uptime_calc.scenario import loads_scenario


def _down(block: Block, failed: set[str]) -> bool:
    """The structure function by definition: is ``block`` down when exactly ``failed`` are down?"""
    if isinstance(block, Component):
        return block.instance in failed
    if isinstance(block, Series):
        return any(_down(p, failed) for p in block.parts)
    if isinstance(block, Parallel):
        return all(_down(p, failed) for p in block.parts)
    if isinstance(block, KOfN):
        return sum(_down(p, failed) for p in block.parts) > block.n - block.k
    if isinstance(block, Network):
        up = [e for e in block.edges if e.block is None or not _down(e.block, failed)]
        seen, stack = {block.source}, [block.source]
        while stack:
            node = stack.pop()
            for e in up:
                for a, b in ((e.a, e.b), (e.b, e.a)):
                    if a == node and b not in seen:
                        seen.add(b)
                        stack.append(b)
        return block.sink not in seen
    raise TypeError(block)


def _units(block: Block) -> dict[str, Component]:
    out: dict[str, Component] = {}
    for c in components(block):
        out.setdefault(c.instance, c)
    return out


def _enumerate(block: Block, fixed: dict[str, bool] | None = None) -> float:
    """P(block down) by summing over all 2^n states of its distinct units."""
    units = _units(block)
    names = sorted(units)
    total = 0.0
    for states in itertools.product((False, True), repeat=len(names)):
        failed = {n for n, s in zip(names, states, strict=True) if s}
        p = 1.0
        for n, s in zip(names, states, strict=True):
            if fixed and n in fixed:
                p *= 1.0 if s == fixed[n] else 0.0
            else:
                q = units[n].unavailability
                p *= q if s else 1.0 - q
        if p and _down(block, failed):
            total += p
    return total


def _brute_cuts(block: Block, max_order: int) -> list[frozenset[str]]:
    names = sorted(_units(block))
    cuts: list[frozenset[str]] = []
    for r in range(1, max_order + 1):
        for combo in itertools.combinations(names, r):
            s = frozenset(combo)
            if _down(block, set(s)) and not any(c <= s for c in cuts):
                cuts.append(s)
    return cuts


def _static(name: str, u: float, shared: bool = False) -> Component:
    return Component.static(name, Availability(u), shared=shared)


# -- the worked example of the issue ---------------------------------------------------------------
def test_parallel_with_a_unit_listed_twice_is_one_unit() -> None:
    # 80%, 90%, 85% in parallel with the first listed twice as the same unit: by hand,
    # U = 0.2 x 0.1 x 0.15 = 0.003, A = 99.7% (four independent units would give 99.94%)
    s = loads_scenario("""
components: {a: {availability: 80%}, b: {availability: 90%}, c: {availability: 85%}}
system: {parallel: [a@1, b, c, a@1]}
""")
    assert solve(s.system).unavailability == pytest.approx(0.003, rel=1e-12)
    same = loads_scenario("""
components: {a: {availability: 80%}, b: {availability: 90%}, c: {availability: 85%}}
shared: [a]
system: {parallel: [a, b, c, a]}
""")
    assert solve(same.system).unavailability == pytest.approx(0.003, rel=1e-12)
    typed = loads_scenario("""
components: {a: {availability: 80%}, b: {availability: 90%}, c: {availability: 85%}}
system: {parallel: [a, b, c, a]}
""")  # a type used twice stays two independent units: 0.2^2 x 0.1 x 0.15
    assert solve(typed.system).unavailability == pytest.approx(0.0006, rel=1e-12)


def test_shared_feed_in_series_with_two_redundant_racks() -> None:
    # down = psu or (rack1 and rack2): by hand, U = q_psu + (1 - q_psu) q_r^2
    psu = _static("psu", 0.01, shared=True)
    r1, r2 = _static("r1", 0.1), _static("r2", 0.1)
    tree = Parallel((Series((psu, r1)), Series((psu, r2))))
    assert solve(tree).unavailability == pytest.approx(0.01 + 0.99 * 0.01, rel=1e-12)
    assert [sorted(c) for c in minimal_cut_sets(tree)] == [["psu"], ["r1", "r2"]]
    rows = {r.instance: r for r in importance(tree)}
    assert len(rows) == 3  # the shared unit is one row
    # Birnbaum of psu by hand: U(psu down) - U(psu up) = 1 - 0.01
    assert rows["psu"].birnbaum == pytest.approx(0.99, rel=1e-12)
    # Fussell-Vesely (difference form): (U - U(psu perfect)) / U with U(psu perfect) = 0.01
    u = 0.01 + 0.99 * 0.01
    assert rows["psu"].fussell_vesely == pytest.approx((u - 0.01) / u, rel=1e-12)


def test_high_availability_keeps_its_digits() -> None:
    # nine nines per unit: no cancellation (P(F) and P(not F) both carried as sums of products)
    q = 1e-9
    a = _static("a", q, shared=True)
    tree = Parallel((Series((a, _static("b", q))), Series((a, _static("c", q)))))
    assert solve(tree).unavailability == pytest.approx(q + (1 - q) * q * q, rel=1e-12)


def test_frequency_with_a_shared_unit_matches_the_state_enumeration() -> None:
    # frequency of system failure = sum over up states of P(state) x the rates of the units whose
    # failure then fails the system (Billinton & Allan, ch. 11): enumerated over all 8 states
    a = Component.from_mtbf_mttr("a", 1000.0, 10.0, shared=True)
    b = Component.from_mtbf_mttr("b", 500.0, 20.0)
    c = Component.from_mtbf_mttr("c", 800.0, 40.0)
    tree = Series((Parallel((a, b)), Parallel((a, c))))
    units = {"a": a, "b": b, "c": c}
    f = 0.0
    for states in itertools.product((False, True), repeat=3):
        failed = {n for n, s in zip("abc", states, strict=True) if s}
        if _down(tree, failed):
            continue
        p = math.prod(units[n].unavailability if n in failed else 1 - units[n].unavailability for n in "abc")
        f += p * sum(1 / units[n].mtbf for n in "abc"  # type: ignore[operator]
                     if n not in failed and _down(tree, failed | {n}))
    sol = solve(tree)
    assert sol.unavailability == pytest.approx(_enumerate(tree), rel=1e-12)
    assert sol.frequency == pytest.approx(f, rel=1e-9)


def test_shared_unit_in_a_network_and_k_of_n() -> None:
    x = _static("x", 0.05, shared=True)
    net = Network(("s", "m", "t"), (Edge("s", "m", Series((x, _static("e1", 0.1)))),
                                    Edge("s", "m", _static("e2", 0.2)),
                                    Edge("m", "t", x), Edge("s", "t", _static("e3", 0.3))), "s", "t")
    tree = KOfN(2, (net, x, _static("y", 0.1)))
    assert solve(tree).unavailability == pytest.approx(_enumerate(tree), rel=1e-12)
    assert sorted(map(sorted, minimal_cut_sets(tree))) == sorted(map(sorted, _brute_cuts(tree, 4)))


def test_shared_unit_inside_a_markov_block_is_a_clear_error() -> None:
    s = loads_scenario("""
components: {a: {mtbf: 100h, mttr: 1h}, b: {mtbf: 100h, mttr: 1h}}
shared: [a]
system: {series: [a, {active_standby: {active: a, standby: b}}]}
""")
    with pytest.raises(ComputationError, match="shared unit"):
        solve(s.system)


def test_bad_shared_names_are_scenario_errors() -> None:
    with pytest.raises(ScenarioError, match=r"shared\[0\]: unknown component 'zz'"):
        loads_scenario("components: {a: {availability: 99%}}\nshared: [zz]\nsystem: {series: [a]}")
    with pytest.raises(ScenarioError, match="<component>@<tag>"):
        loads_scenario("components: {a: {availability: 99%}}\nsystem: {series: [nope@1, a]}")


def test_variant_settings_keep_the_unit_shared() -> None:
    s = loads_scenario("""
components: {a: {availability: 80%}, b: {availability: 90%}}
system: {parallel: [a@1, b, a@1]}
variants: [{name: better, set: {a.availability: 90%}}]
""")
    assert solve(s.variant("better").system).unavailability == pytest.approx(0.1 * 0.1, rel=1e-12)


def test_analyze_with_shared_units_lists_each_unit_once() -> None:
    s = loads_scenario("""
components: {psu: {mtbf: 8000h, mttr: 4h}, app: {mtbf: 700h, mttr: 20m}}
shared: [psu]
system: {parallel: [{series: [psu, app]}, {series: [psu, app]}]}
""")
    report = analyze(s)
    assert report.spofs == ("psu",)
    assert sorted(i.instance for i in report.importance) == ["app", "app-2", "psu"]
    assert any("shared units" in w for w in report.warnings)


def test_simulator_draws_one_timeline_per_shared_unit() -> None:
    from uptime_calc.simulate.structure import system_down

    a = Component.from_mtbf_mttr("a", 1000.0, 100.0, shared=True)
    alone = system_down(a, 50, 1e5, np.random.default_rng(7))
    # a parallel of the one unit with itself is down exactly when the unit is
    twice = system_down(Parallel((a, a)), 50, 1e5, np.random.default_rng(7))
    assert twice.count == alone.count
    assert np.array_equal(twice.start, alone.start) and np.array_equal(twice.end, alone.end)


# -- the property: random small RBDs with shared units equal the enumeration of all states ------------
_NAMES = ["u0", "u1", "u2", "u3", "u4"]


@st.composite
def _trees(draw: st.DrawFn, depth: int = 0) -> Block:
    if depth >= 3 or draw(st.integers(0, 2)) == 0:
        name = draw(st.sampled_from(_NAMES))
        q = {"u0": 0.3, "u1": 0.1, "u2": 0.25, "u3": 0.05, "u4": 0.4}[name]
        return _static(name, q, shared=True)
    parts = tuple(draw(st.lists(_trees(depth + 1), min_size=1, max_size=3)))
    kind = draw(st.sampled_from(["series", "parallel", "k_of_n"]))
    if kind == "series":
        return Series(parts)
    if kind == "parallel":
        return Parallel(parts)
    return KOfN(draw(st.integers(1, len(parts))), parts)


@settings(max_examples=150, deadline=None)
@given(_trees())
def test_random_rbds_with_shared_units_equal_enumeration(tree: Block) -> None:
    assert solve(tree).unavailability == pytest.approx(_enumerate(tree), rel=1e-9, abs=1e-15)
    assert sorted(map(sorted, minimal_cut_sets(tree, max_order=5))) == sorted(map(sorted, _brute_cuts(tree, 5)))
    for row in importance(tree):
        failed = _enumerate(tree, {row.instance: True})
        perfect = _enumerate(tree, {row.instance: False})
        assert row.birnbaum == pytest.approx(max(0.0, failed - perfect), abs=1e-12)
