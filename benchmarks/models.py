"""Peer check and timing of the redundancy models against an existing reliability library.

The same block diagrams (fixed component probabilities) are evaluated by
uptime-calc and by repyability (PyPI); values must agree to 1e-9 and the script
prints our time as a ratio to theirs (target: never slower). It also times a
200-component scenario with nesting and Markov blocks (target: under 1 s).

Install the peer only for this benchmark (it is not a project dependency):

    pip install repyability

Run from the repository root:

    python benchmarks/models.py

Exits 0 with a note if repyability is absent; exits 1 if a value disagrees.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from uptime_calc.availability import Availability  # noqa: E402
from uptime_calc.models.blocks import (  # noqa: E402
    ActiveActive,
    ActiveStandby,
    Block,
    Component,
    Edge,
    KOfN,
    Network,
    Parallel,
    Series,
    rename,
)
from uptime_calc.models.solve import solve  # noqa: E402

TOLERANCE = 1e-9


def best_time(fn: Callable[[], Any], repeat: int = 5) -> float:
    """Best wall time of ``repeat`` runs (seconds)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def static(name: str, u: float) -> Component:
    return Component.static(name, Availability(u))


# -- the diagrams, each as (our tree, peer edges, peer failure probabilities, peer k) ---------------
def diagrams() -> dict[str, tuple[Block, list[tuple[str, str]], dict[str, float], dict[str, int]]]:
    out: dict[str, tuple[Block, list[tuple[str, str]], dict[str, float], dict[str, int]]] = {}
    # Azure composite SLA: App Service 99.95% and SQL Database 99.99% in series
    out["azure series"] = (
        Series((static("app", 5e-4), static("sql", 1e-4))),
        [("in", "app"), ("app", "sql"), ("sql", "out")], {"app": 5e-4, "sql": 1e-4}, {})
    # ... with a queue (99.9%) as a fallback path in parallel with the database
    out["azure fallback"] = (
        Series((static("app", 5e-4), Parallel((static("sql", 1e-4), static("queue", 1e-3))))),
        [("in", "app"), ("app", "sql"), ("app", "queue"), ("sql", "out"), ("queue", "out")],
        {"app": 5e-4, "sql": 1e-4, "queue": 1e-3}, {})
    # 2-of-3 with A = 0.9
    out["2-of-3"] = (
        KOfN(2, (static("a", 0.1), static("b", 0.1), static("c", 0.1))),
        [("in", "a"), ("in", "b"), ("in", "c"), ("a", "v"), ("b", "v"), ("c", "v"), ("v", "out")],
        {"a": 0.1, "b": 0.1, "c": 0.1, "v": 0.0}, {"v": 2})
    # a (directed) bridge: paths e1-e4, e2-e5, e1-e3-e5
    q = {"e1": 0.01, "e2": 0.02, "e3": 0.03, "e4": 0.04, "e5": 0.05}
    net = Network(("s", "a", "b", "t"), (
        Edge("s", "a", static("e1", q["e1"])), Edge("s", "b", static("e2", q["e2"])),
        Edge("a", "b", static("e3", q["e3"]), directed=True),
        Edge("a", "t", static("e4", q["e4"])), Edge("b", "t", static("e5", q["e5"]))), "s", "t")
    out["bridge"] = (net, [("in", "e1"), ("in", "e2"), ("e1", "e4"), ("e1", "e3"), ("e3", "e5"), ("e2", "e5"),
                           ("e4", "out"), ("e5", "out")], q, {})
    # 200 components: a series of 50 blocks, each two parallel series of two components
    tree_parts = []
    edges: list[tuple[str, str]] = []
    probs: dict[str, float] = {}
    prev = "in"
    for i in range(50):
        legs = []
        join = f"j{i}"
        for leg in range(2):
            a, b = f"c{i}_{leg}a", f"c{i}_{leg}b"
            ua, ub = 1e-3 * (1 + (i % 7)), 2e-3 * (1 + (leg + i) % 5)
            legs.append(Series((static(a, ua), static(b, ub))))
            probs[a], probs[b] = ua, ub
            edges += [(prev, a), (a, b), (b, join)]
        probs[join] = 0.0
        tree_parts.append(Parallel(tuple(legs)))
        prev = join
    edges.append((prev, "out"))
    out["200 nested"] = (Series(tuple(tree_parts)), edges, probs, {})
    return out


def peer_reliability(
    edges: list[tuple[str, str]], probs: dict[str, float], k: dict[str, int]
) -> Callable[[], float]:
    import repyability
    import surpyval

    models: dict[str, Any] = {}
    for node, p in probs.items():
        models[node] = repyability.PerfectReliability if p == 0 else surpyval.FixedEventProbability.from_params(p)

    def run() -> float:
        rbd = repyability.NonRepairableRBD(edges, models, k=k or None)
        return float(rbd.sf())

    return run


def markov_200() -> Block:
    """200 components with nesting and Markov blocks: 25 x (AS pair + AA of 3 + 2-of-3 of series pairs)."""
    parts: list[Block] = []
    for i in range(25):
        lb = Component.from_mtbf_mttr(f"lb{i}", 2000 * 3600.0, 1800.0)
        web = Component.from_mtbf_mttr(f"web{i}", 700 * 3600.0, 1200.0)
        parts.append(ActiveStandby(lb, rename(lb, "-2"), failover=30.0, detection=15.0,
                                   switchover_success=0.99, manual_recovery=900.0))
        parts.append(ActiveActive(web, 3, capacity=500.0, demand=900.0))
        db = [Series((Component.from_mtbf_mttr(f"db{i}_{j}", 4000 * 3600.0, 7200.0),
                      Component.from_mtbf_mttr(f"disk{i}_{j}", 9000 * 3600.0, 3600.0))) for j in range(3)]
        parts.append(Parallel((KOfN(2, tuple(db)), Component.from_mtbf_mttr(f"backup{i}", 1000 * 3600.0, 600.0))))
    return Series(tuple(parts))


# -- redundancy in depth: standby groups and k-of-n groups, each through the full `model` analysis -----
def depth_cases() -> dict[str, tuple[Block, list[tuple[str, str]] | None, dict[str, float], dict[str, int]]]:
    """Scenarios users build for spares and voted groups; peer edges where repyability covers the case.

    The peer is a static (non-repairable, fixed probability) RBD: it covers the k-of-n groups with each
    unit's steady-state unavailability, not standby switching.
    """
    hours = 3600.0
    out: dict[str, tuple[Block, list[tuple[str, str]] | None, dict[str, float], dict[str, int]]] = {}
    unit = Component.from_mtbf_mttr("u", 500 * hours, 8 * hours)
    spares = tuple(rename(unit, f"#{i}") for i in range(1, 10))
    out["10-spare standby"] = (
        ActiveStandby(unit, rename(unit, "#0"), mode="warm", failover=30.0, switchover_success=0.99,
                      manual_recovery=900.0, repair_crews=2, spares=spares), None, {}, {})
    a = Component.from_mtbf_mttr("a", 1000 * hours, 10 * hours)
    b = Component.from_mtbf_mttr("b", 2000 * hours, 5 * hours)
    groups = (KOfN(5, tuple(rename(a, f"#{i}") for i in range(10))),
              KOfN(5, tuple(rename(b, f"#{i}") for i in range(10))))
    edges: list[tuple[str, str]] = []
    probs: dict[str, float] = {}
    for g, (name, comp) in enumerate((("a", a), ("b", b))):
        src, vote = "in" if g == 0 else "va", f"v{name}"
        for i in range(10):
            node = f"{name}{i}"
            edges += [(src, node), (node, vote)]
            probs[node] = comp.unavailability
        probs[vote] = 0.0
    edges.append(("vb", "out"))
    out["two 5-of-10 in series"] = (Series(groups), edges, probs, {"va": 5, "vb": 5})
    return out


def gth_vs_sparse() -> None:
    """The dense GTH / sparse LU switch (markov.GTH_LIMIT) by measurement: both on the same chains."""
    import numpy as np

    from uptime_calc.models import markov

    print(f"{'states':>7} {'GTH':>9} {'sparse LU':>10} {'ratio':>6}   (markov.GTH_LIMIT = {markov.GTH_LIMIT})")
    for n in (100, 200, 300, 500, 800):
        def transitions(s: int, n: int = n) -> list[tuple[int, float]]:
            out = [((s * 7 + 3) % n, 0.01)]
            if s < n - 1:
                out.append((s + 1, 1e-3 * (n - s)))
            if s > 0:
                out.append((s - 1, 1.0))
            return out

        chain = markov.build_chain(0, transitions)
        dense = chain.generator.toarray()
        t_gth = best_time(lambda dense=dense: markov.gth(dense), repeat=3)
        saved = markov.GTH_LIMIT
        markov.GTH_LIMIT = 0
        try:
            t_sparse = best_time(lambda chain=chain: markov.stationary(chain.generator), repeat=3)
            assert np.allclose(markov.stationary(chain.generator), markov.gth(dense), rtol=1e-8, atol=1e-14)
        finally:
            markov.GTH_LIMIT = saved
        print(f"{n:>7} {t_gth * 1e3:>7.2f}ms {t_sparse * 1e3:>8.2f}ms {t_gth / t_sparse:>6.1f}")


def run_depth_cases(have_peer: bool) -> bool:
    """Each case through the full analysis (cut sets, importance, advice, mission); peer where it applies."""
    from uptime_calc.models.analyze import analyze
    from uptime_calc.scenario import Scenario

    failed = False
    for name, (tree, edges, probs, k) in depth_cases().items():
        scenario = Scenario(name=name, target=None, system=tree)
        analyze(scenario, mission=30 * 86400.0)  # warm the imports
        from uptime_calc.models import solve as solver

        solver._CACHE.clear()
        t0 = time.perf_counter()
        report = analyze(scenario, mission=30 * 86400.0)
        elapsed = time.perf_counter() - t0
        line = (f"{name:<24} full model analysis {elapsed:.3f} s (target < 1 s: "
                f"{'ok' if elapsed < 1 else 'MISSED'}; ratio to target {elapsed:.2f})")
        if have_peer and edges is not None:
            peer = peer_reliability(edges, probs, k)
            theirs = peer()
            ours = 1.0 - solve(tree, record=False, cache=False).unavailability
            t_ours = best_time(lambda tree=tree: solve(tree, record=False, cache=False))
            t_theirs = best_time(peer)
            diff = abs(ours - theirs)
            failed |= diff > TOLERANCE
            line += (f"; A vs repyability |diff| {diff:.1e}{' DISAGREES' if diff > TOLERANCE else ''}, "
                     f"solve {t_ours * 1e3:.2f} ms vs {t_theirs * 1e3:.2f} ms (ratio {t_ours / t_theirs:.2f})")
        print(line)
        del report
    return failed


def main() -> int:
    try:
        import repyability  # noqa: F401
    except ImportError:
        print("repyability is not installed: `pip install repyability` to run the peer check "
              "(it is not a project dependency). Skipping.")
        have_peer = False
    else:
        have_peer = True
    failed = False
    if have_peer:
        print(f"{'diagram':<16} {'uptime-calc A':>22} {'repyability A':>22} {'|diff|':>9} {'ours':>9} "
              f"{'theirs':>9} {'ratio':>6}")
        for name, (tree, edges, probs, k) in diagrams().items():
            ours = 1.0 - solve(tree, record=False, cache=False).unavailability
            peer = peer_reliability(edges, probs, k)
            theirs = peer()
            diff = abs(ours - theirs)
            t_ours = best_time(lambda tree=tree: solve(tree, record=False, cache=False))
            t_theirs = best_time(peer)
            flag = "" if diff <= TOLERANCE else "  DISAGREES"
            failed |= diff > TOLERANCE
            print(f"{name:<16} {ours:>22.15f} {theirs:>22.15f} {diff:>9.1e} {t_ours * 1e3:>7.2f}ms "
                  f"{t_theirs * 1e3:>7.2f}ms {t_ours / t_theirs:>6.2f}{flag}")
        print("ratio = our time / repyability's time (target: <= 1)")
    tree = markov_200()
    solve(tree, record=False, cache=False)  # warm the imports
    elapsed = best_time(lambda: solve(tree, cache=False), repeat=3)
    n = sum(1 for _ in __import__("uptime_calc.models.blocks", fromlist=["components"]).components(tree))
    print(f"{n}-component scenario with Markov blocks and nesting: solved in {elapsed:.3f} s "
          f"(target < 1 s: {'ok' if elapsed < 1 else 'MISSED'}; ratio to target {elapsed:.2f})")
    from uptime_calc.models.analyze import analyze
    from uptime_calc.scenario import Scenario

    t0 = time.perf_counter()
    analyze(Scenario(name="benchmark", target=None, system=tree), mission=30 * 86400.0)
    print(f"full analysis of it (cut sets, importance, {n}x2 forced solves, ranked changes, mission): "
          f"{time.perf_counter() - t0:.2f} s")
    failed |= run_depth_cases(have_peer)
    gth_vs_sparse()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
