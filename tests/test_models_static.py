"""Static blocks against published results (composite SLAs, k-of-n, bridge networks)."""

from __future__ import annotations

import math

import pytest

from uptime_calc.availability import Availability
from uptime_calc.models.blocks import Component, Edge, KOfN, Network, Parallel, Series
from uptime_calc.models.network import minimal_cut_sets, minimal_path_sets
from uptime_calc.models.solve import solve


def static(name: str, percent: str) -> Component:
    return Component.static(name, Availability.from_percent(percent))


def test_azure_composite_sla_app_service_and_sql() -> None:
    # Azure Architecture Center, "Composite SLA" (Well-Architected reliability metrics):
    # App Service 99.95% x SQL Database 99.99% = 99.94%.
    sol = solve(Series((static("app", "99.95"), static("sql", "99.99"))))
    assert 100 * (1 - sol.unavailability) == pytest.approx(99.94, abs=0.0005)
    # exact: U = 1 - 0.9995 * 0.9999 = 0.00059995
    assert sol.unavailability == pytest.approx(0.00059995, rel=1e-12)


def test_azure_composite_sla_with_queue_fallback() -> None:
    # Same page: a fallback path (queue, 99.9%) in parallel with the database: "database OR queue"
    # = 1 - 0.0001 x 0.001 = 99.99999%, and "web app AND (database OR queue)" ~ 99.95%.
    either = Parallel((static("sql", "99.99"), static("queue", "99.9")))
    assert solve(either).unavailability == pytest.approx(1e-7, rel=1e-12)
    total = solve(Series((static("app", "99.95"), either))).unavailability
    assert 100 * (1 - total) == pytest.approx(99.95, abs=0.0001)


def test_azure_reliable_web_app_pattern_combined_sla() -> None:
    # Azure/reliable-web-app-pattern-dotnet, assets/sla-calculation.md (development environment):
    # Front Door 99.99, Entra ID 99.99, App Service 99.95, Redis 99.9, SQL 99.995, Storage 99.9,
    # Key Vault 99.99, App Configuration 99.9 -> "Combined SLA 99.616%".
    parts = ["99.99", "99.99", "99.95", "99.9", "99.995", "99.9", "99.99", "99.9"]
    sol = solve(Series(tuple(static(f"s{i}", p) for i, p in enumerate(parts))))
    assert round(100 * (1 - sol.unavailability), 3) == 99.616


def test_two_of_three_textbook() -> None:
    # 2-out-of-3 with A = 0.9: R = 3p^2 - 2p^3 = 0.972 (e.g. Trivedi, 2nd ed., section 1.11, TMR).
    block = KOfN(2, tuple(static(f"u{i}", "90") for i in range(3)))
    assert 1 - solve(block).unavailability == pytest.approx(0.972, rel=1e-14)


def test_k_of_n_not_identical_by_hand() -> None:
    # 2 of {0.9, 0.8, 0.7}: P(all) + P(exactly two) = .504 + (.9*.8*.3 + .9*.2*.7 + .1*.8*.7) = 0.902
    block = KOfN(2, (static("a", "90"), static("b", "80"), static("c", "70")))
    assert 1 - solve(block).unavailability == pytest.approx(0.902, rel=1e-13)


def bridge(p_percent: str) -> Network:
    link = static("link", p_percent)
    pairs = [("s", "a"), ("s", "b"), ("a", "b"), ("a", "t"), ("b", "t")]
    return Network(("s", "a", "b", "t"), tuple(Edge(a, b, link) for a, b in pairs), "s", "t")


@pytest.mark.parametrize("p", ["50", "90", "99", "99.9"])
def test_bridge_against_path_set_inclusion_exclusion(p: str) -> None:
    # Bridge with all link reliabilities p: inclusion-exclusion over the 4 minimal path sets gives
    # R = 2p^2 + 2p^3 - 5p^4 + 2p^5 (Rausand & Hoyland, System Reliability Theory, 2nd ed., ex. 4.9).
    q = float(p) / 100
    expected = 2 * q**2 + 2 * q**3 - 5 * q**4 + 2 * q**5
    assert 1 - solve(bridge(p)).unavailability == pytest.approx(expected, rel=1e-12)


def test_bridge_keeps_digits_where_inclusion_exclusion_cannot() -> None:
    # At p = 1 - 1e-6 the bridge fails only through its four order-2 cuts: U ~ 2 q^2 (+ 2 q^3 ...),
    # exactly U = 2q^2 + 2q^3 - 5q^4 + 2q^5 by duality (the bridge is self-dual).
    q = 1e-6
    expected = 2 * q**2 + 2 * q**3 - 5 * q**4 + 2 * q**5
    net = bridge("99.9999")
    assert solve(net).unavailability == pytest.approx(expected, rel=1e-9)


def test_bridge_path_and_cut_sets() -> None:
    edges = [("s", "a"), ("s", "b"), ("a", "b"), ("a", "t"), ("b", "t")]
    paths = minimal_path_sets(edges, "s", "t")
    assert sorted(sorted(x) for x in paths) == [[0, 2, 4], [0, 3], [1, 2, 3], [1, 4]]
    cuts = minimal_cut_sets(paths)
    assert sorted(sorted(x) for x in cuts) == [[0, 1], [0, 2, 4], [1, 2, 3], [3, 4]]


def test_many_nines_survive_in_parallel() -> None:
    # four 99.999% units in parallel: U = (1e-5)^4 = 1e-20, 20 nines, not rounded to 100%
    block = Parallel(tuple(static(f"u{i}", "99.999") for i in range(4)))
    u = solve(block).unavailability
    assert u == pytest.approx(1e-20, rel=1e-12)
    assert str(Availability(u)) == "99.999999999999999999%"


def test_series_frequency_by_hand() -> None:
    # two components in series: f = f1*A2 + f2*A1 with f_i = 1/(MTBF_i + MTTR_i)
    a = Component.from_mtbf_mttr("a", 1000.0, 10.0)
    b = Component.from_mtbf_mttr("b", 500.0, 5.0)
    sol = solve(Series((a, b)))
    f1, f2 = 1 / 1010, 1 / 505
    a1, a2 = 1000 / 1010, 500 / 505
    assert sol.frequency == pytest.approx(f1 * a2 + f2 * a1, rel=1e-13)
    assert sol.unavailability == pytest.approx(1 - a1 * a2, rel=1e-12)
    assert math.isfinite(sol.equivalent.mttr or math.nan)


def test_failable_path_sets_skip_perfect_links() -> None:
    from uptime_calc.models.network import failable_path_sets

    # edges: 0 = s-a (perfect link), 1 = a-t (x), 2 = s-t (y); the simple paths are {0, 1} and {2},
    # so over the edges that can fail they are {1} and {2} (by hand)
    x, y = static("x", "99.9"), static("y", "99.9")
    net = Network(nodes=("s", "a", "t"), edges=(Edge("s", "a"), Edge("a", "t", x), Edge("s", "t", y)),
                  source="s", sink="t")
    assert failable_path_sets(net) == [frozenset({1}), frozenset({2})]
    # a path made only of perfect links: the empty set (never down); no path at all: no sets
    perfect = Network(nodes=("s", "t"), edges=(Edge("s", "t"), Edge("s", "t", x)), source="s", sink="t")
    assert failable_path_sets(perfect) == [frozenset()]
    cut = Network(nodes=("s", "a", "t"), edges=(Edge("s", "a", x),), source="s", sink="t")
    assert failable_path_sets(cut) == []
