"""Scenario loading: the YAML format, key-path errors, variants and settings (issue 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from uptime_calc.errors import ScenarioError
from uptime_calc.models.blocks import ActiveActive, ActiveStandby, KOfN, Network, Series, components
from uptime_calc.scenario import load_scenario, loads_scenario

BASE = """
name: checkout
target: 99.95%
components:
  dns:  {availability: 99.99%}
  lb:   {mtbf: 2000h, mttr: 30m}
  web:  {mtbf: 700h, mttr: 20m, repair: {distribution: lognormal, sigma: 0.8}}
  db:   {mtbf: 4000h, mttr: 2h}
system:
  series:
    - dns
    - active_standby: {active: lb, standby: lb, mode: hot, failover: 30s, name: lb_pair,
                       switchover_success: 0.99, detection: {interval: 5s, fall: 3}, repair_crews: 1}
    - active_active:  {unit: web, count: 3, capacity: 500rps, demand: 900rps, name: web_tier}
    - k_of_n:         {k: 2, n: 3, unit: db}
variants:
  - name: db-fast
    set: {db.mttr: 30m, web_tier.count: 4}
"""


def test_loads_the_spec_example_into_blocks() -> None:
    s = loads_scenario(BASE)
    assert s.name == "checkout"
    assert s.target is not None and s.target.unavailability == pytest.approx(5e-4, rel=1e-12)
    assert isinstance(s.system, Series)
    dns, pair, web, db = s.system.parts
    assert dns.unavailability == pytest.approx(1e-4, rel=1e-12)  # type: ignore[union-attr]
    assert isinstance(pair, ActiveStandby)
    assert pair.detection == 15.0 and pair.failover == 30.0 and pair.switchover_success == 0.99
    assert isinstance(web, ActiveActive) and web.required == 2  # ceil(900/500)
    assert web.unit.repair is not None and web.unit.repair.kind == "lognormal"  # type: ignore[union-attr]
    assert isinstance(db, KOfN) and (db.k, db.n) == (2, 3)
    assert [c.instance for c in components(s.system)] == [
        "dns", "lb", "lb-2", "web#1", "web#2", "web#3", "db#1", "db#2", "db#3"]


def test_variant_applies_component_and_block_settings() -> None:
    s = loads_scenario(BASE)
    v = s.variant("db-fast")
    assert v.label == "checkout/db-fast"
    assert v.system.parts[2].count == 4  # type: ignore[union-attr]
    assert {c.mttr for c in components(v.system) if c.name == "db"} == {1800.0}
    assert s.system.parts[2].count == 3  # the base is unchanged  # type: ignore[union-attr]


def test_with_settings_takes_seconds_or_strings() -> None:
    s = loads_scenario(BASE)
    assert s.with_settings({"lb_pair.failover": 5}).system.parts[1].failover == 5.0  # type: ignore[union-attr]
    assert s.with_settings({"lb_pair.failover": "1m"}).system.parts[1].failover == 60.0  # type: ignore[union-attr]
    with pytest.raises(ScenarioError, match="no component or named block 'nope'"):
        s.with_settings({"nope.mttr": 5})


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("failover: 30s", "failover: soon"),
         "system.series[1].active_standby.failover: expected a duration like 30s, 15m or 4h, got 'soon'"),
        (("k: 2, n: 3", "k: 5, n: 3"), "system.series[3].k_of_n.k: k must lie between 1 and n=3, got 5"),
        (("unit: db}", "unit: dbx}"),
         "system.series[3].k_of_n.unit: unknown component 'dbx' (components: db, dns, lb, web)"),
        (("fall: 3}", "fall: 3, foo: 1}"), "system.series[1].active_standby.detection.foo: unknown key"),
        (("availability: 99.99%", "availability: 0.9999"),
         "components.dns.availability: expected an availability like 99.95% or 3.5n"),
        (("switchover_success: 0.99", "switchover_success: 1.5"),
         "system.series[1].active_standby.switchover_success: expected a probability like 0.99"),
        (("db.mttr: 30m", "db.mttr: later"), "variants[db-fast].set.db.mttr: expected a duration"),
        (("- dns\n", "- dns: {}\n"), "system.series[0]: a block has exactly one of"),
    ],
)
def test_errors_point_at_the_key_path(edit: tuple[str, str], message: str) -> None:
    text = BASE.replace(*edit)
    assert text != BASE
    with pytest.raises(ScenarioError) as info:
        loads_scenario(text, source="s.yaml")
    assert str(info.value).startswith("s.yaml: " + message), str(info.value)


def test_missing_file_and_bad_yaml(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="does not exist"):
        load_scenario(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="not valid YAML"):
        load_scenario(bad)


def test_from_incidents_fits_rates_from_the_log(tmp_path: Path) -> None:
    from uptime_calc.accounting.fit import fit_file

    samples = Path(__file__).resolve().parents[1] / "samples"
    scenario = tmp_path / "s.yaml"
    log = samples / "incidents.csv"
    scenario.write_text(BASE.replace("dns:  {availability: 99.99%}",
                                     f"dns: {{from_incidents: {log}, service: api}}"), encoding="utf-8")
    s = load_scenario(scenario)
    dns = s.components["dns"]
    fitted = fit_file(log).for_service("api")
    assert (dns.mtbf, dns.mttr) == (fitted.mtbf_seconds, fitted.mttr_seconds)
    assert dns.repair is not None and dns.repair.mean == fitted.mttr_seconds
    with pytest.raises(ScenarioError, match="no service 'nope'"):
        loads_scenario(BASE.replace("dns:  {availability: 99.99%}",
                                    f"dns: {{from_incidents: {log}, service: nope}}"))
    with pytest.raises(ScenarioError, match="components.dns.from_incidents: incident log .* does not exist"):
        loads_scenario(BASE.replace("dns:  {availability: 99.99%}", "dns: {from_incidents: none.csv}"))


def test_network_edges_in_list_form() -> None:
    s = loads_scenario("""
components: {link: {availability: 99%}}
system:
  network:
    source: s
    sink: t
    edges: [[s, a, link], [s, b, link], [a, b, link], [a, t, link], [b, t, link]]
""")
    assert isinstance(s.system, Network)
    assert s.system.nodes == ("s", "a", "b", "t") and len(s.system.edges) == 5


def test_heartbeat_detection_directed_edges_and_availability_setting() -> None:
    s = loads_scenario("""
components:
  n: {mtbf: 1000h, mttr: 1h}
  link: {availability: 99%}
system:
  series:
    - active_standby: {active: n, standby: n, detection: {heartbeat_timeout: 10s}, failover: 5s}
    - network:
        source: s
        sink: t
        edges: [{from: s, to: a, block: link, directed: true}, [a, t, link]]
""")
    pair, net = s.system.parts  # type: ignore[union-attr]
    assert pair.switch_time == 15.0
    assert net.edges[0].directed and not net.edges[1].directed
    # setting the availability of a component with rates keeps its MTTR and moves its MTBF
    moved = s.with_settings({"n.availability": "99.9%"}).components["n"]
    assert moved.mttr == 3600.0 and moved.mtbf == pytest.approx(3600.0 * 999, rel=1e-12)
    assert moved.unavailability == pytest.approx(1e-3, rel=1e-12)


def test_network_errors_name_the_edge() -> None:
    text = """
components: {link: {availability: 99%}}
system:
  network: {source: s, sink: t, edges: [[s, a, link], [a, t, nope]]}
"""
    with pytest.raises(ScenarioError, match=r"system.network.edges\[1\].block: unknown component 'nope'"):
        loads_scenario(text)
    with pytest.raises(ScenarioError, match=r"system.network.sink: 'z' is not a node"):
        loads_scenario(text.replace("sink: t", "sink: z").replace("nope", "link"))


@pytest.mark.parametrize(
    ("detection", "seconds_or_message"),
    [
        ("15s", 15.0),
        ("{interval: 10s, fall: 3}", 30.0),  # 3 missed checks 10 s apart
        ("{interval: 5s}", 5.0),  # one check
        ("{heartbeat_timeout: 10s}", 10.0),
        ("soon", "detection: expected a duration like 15s, {interval: 5s, fall: 3} or {heartbeat_timeout: 10s}, "
                 "got 'soon'"),
        ("{interval: 5s, heartbeat_timeout: 10s}", "detection: give interval and fall, or heartbeat_timeout"),
        ("{interval: 5s, fall: 0}", "detection.fall: expected 1 or more checks"),
        ("{fall: 3}", "detection: give {interval: 5s, fall: 3} or {heartbeat_timeout: 10s}"),
    ],
)
def test_detection_forms(detection: str, seconds_or_message: float | str) -> None:
    text = BASE.replace("detection: {interval: 5s, fall: 3}", f"detection: {detection}")
    assert text != BASE
    if isinstance(seconds_or_message, float):
        pair = loads_scenario(text).system.parts[1]  # type: ignore[union-attr]
        assert isinstance(pair, ActiveStandby) and pair.detection == seconds_or_message
        return
    with pytest.raises(ScenarioError) as info:
        loads_scenario(text)
    assert str(info.value) == "system.series[1].active_standby." + seconds_or_message
