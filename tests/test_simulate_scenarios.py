"""Simulation against the exact analytic answer, scenario by scenario (issue 5).

For every sample scenario (``samples/scenarios/*.yaml``, with its variants) and
for a few inline scenarios that exercise each block, the analytic steady-state
availability (:mod:`uptime_calc.models.solve`) must lie inside the simulation's
99% confidence interval. The interval must also be narrow (half-width within
12% of the mean unavailability), so the check is decisive: a model error of
more than about a quarter would fall outside it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from uptime_calc.scenario import load_scenario, loads_scenario
from uptime_calc.simulate.run import simulate

from .conftest import ROOT

SAMPLES = ROOT / "samples" / "scenarios"
REPLICATIONS = 6_000
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
    res = simulate(scenario, replications=REPLICATIONS, chunk_size=REPLICATIONS, seed=20261127, confidence=0.99)
    if res.analytic is None:
        pytest.skip(f"{res.name}: the analytic solver has no answer for this scenario")
    mean, low, high = res.interval
    u = res.analytic.unavailability
    assert (high - low) / 2 <= MAX_REL_HALF_WIDTH * mean, f"not decisive: {mean=} {low=} {high=}"
    assert low <= u <= high, f"{res.name}: analytic U={u:.4e} outside [{low:.4e}, {high:.4e}]"


def test_every_sample_file_was_checked() -> None:
    names = {c[0] for c in CASES}
    assert {p.stem for p in Path(SAMPLES).glob("*.yaml")} <= names
