"""Simulation against the exact analytic answer, scenario by scenario (issue 5).

For every sample scenario (``samples/scenarios/*.yaml``, with its variants) and
for a few inline scenarios that exercise each block, the analytic steady-state
availability (:mod:`uptime_calc.models.solve`) must lie inside the simulation's
99% confidence interval. The run continues until the interval is narrow
(half-width within 12% of the mean unavailability), so the check is decisive:
a model error of more than about a quarter would fall outside it.

The analytic chains of standby pairs and crew-limited groups assume
exponential times; where a scenario gives another law there (e.g. a
Weibull database in a standby pair), the comparison is made on the chain's own
terms, with the same means (:func:`~uptime_calc.simulate.analytic.exponential_laws`),
and a separate test shows the simulator reporting the difference.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from uptime_calc.scenario import load_scenario, loads_scenario
from uptime_calc.simulate.analytic import exponential_laws, law_mismatches
from uptime_calc.simulate.run import simulate

from .conftest import ROOT

SAMPLES = ROOT / "samples" / "scenarios"
MAX_REL_HALF_WIDTH = 0.12

INLINE = {
    "three-tier": """
name: three-tier
components:
  dns: {availability: 99.99%}
  lb:  {mtbf: 300h, mttr: 30m}
  web: {mtbf: 200h, mttr: 2h}
  db:  {mtbf: 400h, mttr: 3h, repair: {distribution: lognormal, sigma: 1.0}}
system:
  series:
    - dns
    - active_standby: {active: lb, standby: lb, failover: 2m, switchover_success: 0.9,
                       detection: {interval: 10s, fall: 3}, manual_recovery: 15m}
    - active_active: {unit: web, count: 3, capacity: 500rps, demand: 900rps, repair_crews: 1}
    - k_of_n: {k: 2, n: 3, unit: db}
""",
    "cold-and-warm": """
name: cold-and-warm
components:
  app: {mtbf: 100h, mttr: 8h}
system:
  series:
    - active_standby: {active: app, standby: app, mode: cold, repair_crews: 1}
    - active_standby: {active: app, standby: app, mode: warm, warm_factor: 0.3, failover: 5m,
                       repair_crews: 2}
""",
    "standby-groups": """
name: standby-groups
components:
  u: {mtbf: 100h, mttr: 20h}
  v: {mtbf: 50h, mttr: 10h}
system:
  series:
    - active_standby: {active: u, standby: u, spares: 2, mode: warm, warm_factor: 0.3, failover: 30m,
                       switchover_success: 0.8, manual_recovery: 2h, repair_crews: 1}
    - active_standby: {active: v, standby: [v, v, v], k: 2, mode: cold, switchover_success: 0.9,
                       repair_crews: 2}
""",
    "common-cause-bridge": """
name: common-cause-bridge
components:
  link: {mtbf: 150h, mttr: 10h, failure: {distribution: weibull, shape: 1.5}}
  node: {mtbf: 500h, mttr: 4h}
system:
  series:
    - common_cause: {beta: 0.1, of: {parallel: [node, node]}}
    - network:
        source: s
        sink: t
        edges: [[s, a, link], [s, b, link], [a, b, link], [a, t, link], [b, t, link]]
""",
}


def _cases() -> list[tuple[str, object]]:
    cases: list[tuple[str, object]] = []
    for path in sorted(SAMPLES.glob("*.yaml")):
        base = load_scenario(path)
        cases.append((path.stem, base))
        cases.extend((f"{path.stem}/{v.name}", base.variant(v.name)) for v in base.variants)
    cases.extend((name, loads_scenario(text)) for name, text in INLINE.items())
    return cases


CASES = _cases()


@pytest.mark.parametrize("scenario", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_analytic_availability_lies_in_the_simulated_99_percent_interval(scenario) -> None:
    system = scenario.system
    if law_mismatches(system):
        system = exponential_laws(system)
    res = simulate(system, until_ci=MAX_REL_HALF_WIDTH, chunk_size=4_000, max_replications=400_000,
                   seed=20261127, confidence=0.99)
    if res.analytic is None:
        pytest.skip(f"{res.name}: the analytic solver has no answer for this scenario")
    mean, low, high = res.interval
    u = res.analytic.unavailability
    assert (high - low) / 2 <= MAX_REL_HALF_WIDTH * mean, f"not decisive: {mean=} {low=} {high=}"
    assert low <= u <= high, f"{res.name}: analytic U={u:.4e} outside [{low:.4e}, {high:.4e}]"


def test_every_sample_file_was_checked() -> None:
    names = {c[0] for c in CASES}
    assert {p.stem for p in Path(SAMPLES).glob("*.yaml")} <= names


def test_non_exponential_laws_in_a_standby_pair_are_reported_not_hidden() -> None:
    scenario = loads_scenario("""
name: ageing
components:
  db: {mtbf: 400h, mttr: 2h, failure: {distribution: weibull, shape: 1.5}}
  web: {mtbf: 400h, mttr: 2h, failure: {distribution: weibull, shape: 1.5}}
system:
  series:
    - web
    - active_standby: {name: database, active: db, standby: db, switchover_success: 0, manual_recovery: 30m}
""")
    # the lone web component is a renewal process: its mean needs no exponential assumption
    assert law_mismatches(scenario.system) == ["database"]
    res = simulate(scenario, replications=200, seed=1)
    assert not res.analytic_exact
    assert any("assumes exponential" in w and "database" in w for w in res.to_document().warnings)
    assert res.to_document().tables[0].rows[-1]["estimate"] == "analytic (exponential laws)"
