"""The simulator's entry point: :func:`simulate` a scenario (or a bare block tree).

>>> from uptime_calc.models.blocks import Component
>>> web = Component.from_mtbf_mttr("web", 700 * 3600.0, 20 * 60.0)
>>> r = simulate(web, replications=2000, seed=1, analytic=False)
>>> r.replications, r.month_downtime.shape
(2000, (2000, 12))
>>> low, high = r.interval[1:]
>>> bool(low < 1200 / (700 * 3600 + 1200) < high)
True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from ..availability import Availability
from ..errors import InputError
from ..models.blocks import Block
from .months import Horizon, MonthKind
from .parallel import ChunkResult, ChunkTask, Runner, dask_runner, process_runner, serial_runner
from .result import SimulationResult
from .structure import SimOptions

if TYPE_CHECKING:
    from ..scenario import Scenario
    from ..sla import SlaTable

Progress = Callable[[int, int], None]

#: largest number of per-month downtime samples kept (8 bytes each: 1.2 GB)
MAX_MONTH_SAMPLES = 150_000_000


def simulate(
    model: Scenario | Block,
    *,
    replications: int = 10_000,
    years: int = 1,
    months: MonthKind = "calendar",
    start_year: int = 2025,
    year_days: float = 365.25,
    seed: int | None = None,
    chunk_size: int = 1000,
    confidence: float = 0.99,
    until_ci: float | None = None,
    max_replications: int = 1_000_000,
    target: Availability | None = None,
    sla: SlaTable | str | None = None,
    workers: int = 1,
    scheduler: Any = None,
    static_mttr: float = 3600.0,
    analytic: bool | Availability = True,
    progress: Progress | None = None,
) -> SimulationResult:
    """Monte Carlo downtime of a scenario: per-month samples and their statistics.

    Parameters
    ----------
    model:
        A loaded :class:`~uptime_calc.scenario.Scenario` (its ``target`` is used
        unless ``target`` is given) or a block tree.
    replications:
        Independent replications of ``years`` years each (ignored with ``until_ci``).
    years, months, start_year, year_days:
        The simulated horizon (see :class:`~uptime_calc.simulate.months.Horizon`).
    seed:
        Root seed; ``None`` draws one (reported on the result so the run can be repeated).
    chunk_size:
        Replications per chunk; the unit of seeding and of parallel work. The
        result depends on ``seed`` and ``chunk_size``, never on ``workers`` or ``scheduler``.
    confidence:
        Level of the interval on the mean availability.
    until_ci:
        Stop once the interval's half-width is at most this fraction of the mean
        unavailability (``0.001`` for ``--until-ci 0.1%``), checked after each chunk,
        or at ``max_replications``.
    target, sla:
        A monthly availability target and an SLA tier table (or its name) to price months.
    workers, scheduler:
        Run chunks on ``workers`` local processes, or on a Dask scheduler (address or ``Client``).
    static_mttr:
        Restore time assumed for components given only an availability.
    analytic:
        ``True`` to compute the exact answer with the analytic solver where it can,
        ``False`` for none, or an :class:`Availability` to compare against.
    progress:
        Called as ``progress(replications_done, replications_planned)`` after each chunk.
    """
    block, name, scenario_target = _unpack(model)
    if replications < 1 and until_ci is None:
        raise InputError(f"replications must be 1 or more, got {replications}")
    if chunk_size < 1 or chunk_size > 50_000:
        raise InputError(f"chunk size must lie between 1 and 50000, got {chunk_size}")
    if not 0 < confidence < 1:
        raise InputError(f"confidence must lie strictly between 0 and 1, got {confidence}")
    if until_ci is not None and not until_ci > 0:
        raise InputError(f"--until-ci must be above zero, got {until_ci}")
    horizon = Horizon(years=years, months=months, start_year=start_year, year_days=year_days)
    if seed is None:
        seed = int(np.random.SeedSequence().entropy % (2**63))  # type: ignore[operator]
    if isinstance(sla, str):
        from ..sla import load_sla

        sla = load_sla(sla)
    options = SimOptions(static_mttr=static_mttr)
    runner = _runner(workers, scheduler)

    planned = max_replications if until_ci is not None else replications
    if planned * horizon.n_months > MAX_MONTH_SAMPLES:
        raise InputError(
            f"{planned} replications x {horizon.n_months} months would keep {planned * horizon.n_months:,} "
            f"monthly samples (over {MAX_MONTH_SAMPLES:,}); use fewer replications or years"
            + (" (or a lower --max-replications)" if until_ci is not None else "")
        )
    n_chunks = math.ceil(planned / chunk_size)

    def tasks() -> Iterator[ChunkTask]:
        for i in range(n_chunks):
            size = min(chunk_size, planned - i * chunk_size)
            yield ChunkTask(block, horizon, options, seed, i, size)

    results = _run_chunks(runner(tasks()), planned, horizon, confidence, until_ci, progress)
    month = np.concatenate([r.month_downtime for r in results])
    outages = np.concatenate([r.outages for r in results])
    method = _method(model, block, results, workers, scheduler, static_mttr, until_ci, confidence,
                     max_replications)
    exact = _analytic(block, analytic)
    warnings: list[str] = []
    if exact is not None and analytic is True:
        from .analytic import law_mismatches

        mismatched = law_mismatches(block)
        if mismatched:
            warnings.append(
                "the analytic answer assumes exponential failure and repair times in "
                f"{', '.join(mismatched)}; the simulation draws the scenario's own laws there, "
                "so the two may differ for that reason")
    return SimulationResult(
        name=name,
        horizon=horizon,
        month_downtime=month,
        outages=outages,
        seed=seed,
        chunk_size=chunk_size,
        confidence=confidence,
        target=target if target is not None else scenario_target,
        sla=sla,
        analytic=exact,
        method=method,
        warnings=tuple(warnings),
        analytic_exact=not warnings,
    )


def _run_chunks(
    stream: Iterator[ChunkResult], planned: int, horizon: Horizon, confidence: float,
    until_ci: float | None, progress: Progress | None,
) -> list[ChunkResult]:
    """Collect chunk results in order, reporting progress and applying the ``until_ci`` stopping rule."""
    results: list[ChunkResult] = []
    done = 0
    running = _RunningMoments()
    try:
        for res in stream:
            results.append(res)
            done += res.month_downtime.shape[0]
            if progress is not None:
                progress(done, planned)
            if until_ci is not None:
                running.add(res.month_downtime.sum(axis=1) / horizon.seconds)
                if len(results) >= 2 and running.precise_enough(confidence, until_ci):
                    break
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()  # cancels chunks still in flight
    return results


class _RunningMoments:
    """Count, mean and sum of squared deviations, merged chunk by chunk (Chan, Golub & LeVeque 1983)."""

    def __init__(self) -> None:
        self.n, self.mean, self.m2 = 0, 0.0, 0.0

    def add(self, x: np.ndarray) -> None:
        n_b = x.size
        if n_b == 0:
            return
        mean_b = float(x.mean())
        m2_b = float(((x - mean_b) ** 2).sum())
        n = self.n + n_b
        delta = mean_b - self.mean
        self.mean += delta * n_b / n
        self.m2 += m2_b + delta * delta * self.n * n_b / n
        self.n = n

    def precise_enough(self, confidence: float, rel: float) -> bool:
        if self.n < 2 or self.mean <= 0:
            return False
        from statistics import NormalDist

        z = NormalDist().inv_cdf(0.5 + confidence / 2)
        half = z * math.sqrt(self.m2 / (self.n - 1)) / math.sqrt(self.n)
        return half <= rel * self.mean


def _method(
    model: Any, block: Block, results: list[ChunkResult], workers: int, scheduler: Any, static_mttr: float,
    until_ci: float | None, confidence: float, max_replications: int,
) -> dict[str, Any]:
    method: dict[str, Any] = {
        "engine": _engine_name(workers, scheduler),
        "simulated_events": int(sum(r.events for r in results)),
    }
    settings = getattr(model, "settings", None)
    if settings:
        method["settings"] = {str(k): (v if isinstance(v, (int, float, str)) else str(v))
                              for k, v in settings.items()}
    from ..models.blocks import components

    static = sorted({c.name for c in components(block) if not c.has_rates})
    if static:
        method["static_components"] = (
            f"{', '.join(static)}: known only by availability; restore in {static_mttr:g} s on average "
            "(exponential), MTBF from A = MTBF/(MTBF+MTTR)")
    if until_ci is not None:
        method["stopping_rule"] = (
            f"until the {confidence:.0%} half-width <= {until_ci:.4g} x mean unavailability "
            f"(checked per chunk, at most {max_replications} replications)"
        )
    return method


def _unpack(model: Any) -> tuple[Block, str, Availability | None]:
    system = getattr(model, "system", None)
    if system is not None:
        return system, str(getattr(model, "label", None) or getattr(model, "name", "scenario")), model.target
    from ..models.blocks import BLOCK_TYPES, label

    if not isinstance(model, BLOCK_TYPES):
        raise InputError(f"simulate() needs a Scenario or a block, got {type(model).__name__}")
    return model, label(model), None


def _runner(workers: int, scheduler: Any) -> Runner:
    if scheduler is not None:
        return dask_runner(scheduler)
    if workers > 1:
        return process_runner(workers)
    if workers < 1:
        raise InputError(f"--workers must be 1 or more, got {workers}")
    return serial_runner


def _engine_name(workers: int, scheduler: Any) -> str:
    if scheduler is not None:
        return "dask.distributed"
    return f"local process pool ({workers} workers)" if workers > 1 else "single process"


def _analytic(block: Block, analytic: bool | Availability) -> Availability | None:
    if isinstance(analytic, Availability):
        return analytic
    if not analytic:
        return None
    from .analytic import exact_availability

    return exact_availability(block)
