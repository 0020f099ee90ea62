"""Reproducibility: the same seed gives the same numbers however the chunks are run."""

from __future__ import annotations

import numpy as np
import pytest

from uptime_calc.availability import Availability
from uptime_calc.errors import InputError
from uptime_calc.models.blocks import ActiveActive, ActiveStandby, Component, Series
from uptime_calc.simulate.run import simulate

HOUR = 3600.0


@pytest.fixture(scope="module")
def system() -> Series:
    web = Component.from_mtbf_mttr("web", 700 * HOUR, 1200.0)
    lb = Component.from_mtbf_mttr("lb", 2000 * HOUR, 1800.0)
    dns = Component.static("dns", Availability.from_percent("99.99"))
    return Series((dns, ActiveStandby(lb, lb, failover=30.0, switchover_success=0.99),
                   ActiveActive(unit=web, count=3, capacity=500.0, demand=900.0)))


def _run(system, **kw):
    return simulate(system, replications=1200, chunk_size=300, seed=42, analytic=False, **kw)


def test_same_seed_same_numbers_and_another_seed_differs(system) -> None:
    a, b = _run(system), _run(system)
    assert np.array_equal(a.month_downtime, b.month_downtime)
    c = simulate(system, replications=1200, chunk_size=300, seed=43, analytic=False)
    assert not np.array_equal(a.month_downtime, c.month_downtime)


def test_chunks_are_independent_of_how_many_are_run(system) -> None:
    # the first 600 replications of a 1200-replication run are a 600-replication run
    a = _run(system)
    b = simulate(system, replications=600, chunk_size=300, seed=42, analytic=False)
    assert np.array_equal(a.month_downtime[:600], b.month_downtime)


def test_local_process_pool_gives_identical_results(system) -> None:
    serial = _run(system)
    pooled = _run(system, workers=2)
    assert np.array_equal(serial.month_downtime, pooled.month_downtime)
    assert np.array_equal(serial.outages, pooled.outages)
    assert pooled.method["engine"] == "local process pool (2 workers)"


def test_dask_local_cluster_gives_identical_results(system) -> None:
    distributed = pytest.importorskip("distributed")
    serial = _run(system)
    with distributed.LocalCluster(processes=False, n_workers=1, threads_per_worker=2,
                                  dashboard_address=None) as cluster:
        by_address = _run(system, scheduler=cluster.scheduler_address)
        with distributed.Client(cluster) as client:
            by_client = _run(system, scheduler=client)
    assert np.array_equal(serial.month_downtime, by_address.month_downtime)
    assert np.array_equal(serial.month_downtime, by_client.month_downtime)
    assert by_address.method["engine"] == "dask.distributed"


def test_until_ci_stops_at_the_requested_precision(system) -> None:
    res = simulate(system, until_ci=0.10, chunk_size=200, seed=7, analytic=False)
    mean, low, high = res.interval
    assert (high - low) / 2 <= 0.10 * mean
    # it stopped at the first chunk boundary that met the rule
    shorter = simulate(system, replications=res.replications - 200, chunk_size=200, seed=7, analytic=False)
    s_mean, s_low, s_high = shorter.interval
    assert (s_high - s_low) / 2 > 0.10 * s_mean or shorter.replications < 400
    # and with processes the stopping point and numbers are the same
    pooled = simulate(system, until_ci=0.10, chunk_size=200, seed=7, analytic=False, workers=2)
    assert np.array_equal(pooled.month_downtime, res.month_downtime)


def test_progress_callback_reports_each_chunk(system) -> None:
    calls: list[tuple[int, int]] = []
    simulate(system, replications=700, chunk_size=300, seed=1, analytic=False,
             progress=lambda done, total: calls.append((done, total)))
    assert calls == [(300, 700), (600, 700), (700, 700)]


def test_bad_run_parameters_are_input_errors(system) -> None:
    with pytest.raises(InputError, match="chunk size"):
        simulate(system, chunk_size=0)
    with pytest.raises(InputError, match="workers"):
        simulate(system, workers=0, replications=10)
    with pytest.raises(InputError, match="until-ci"):
        simulate(system, until_ci=-1.0)


def test_multi_year_runs_bucket_years_and_guard_memory(system) -> None:
    res = simulate(system, replications=300, years=3, months="year/12", seed=2, analytic=False)
    assert res.month_downtime.shape == (300, 36)
    assert res.year_downtime.shape == (300, 3)
    np.testing.assert_allclose(res.year_downtime.sum(axis=1), res.month_downtime.sum(axis=1))
    assert res.horizon.seconds == pytest.approx(3 * 365.25 * 86400)
    with pytest.raises(InputError, match="monthly samples"):
        simulate(system, replications=10_000_000, years=2, analytic=False)
