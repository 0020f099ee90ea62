"""Monte Carlo simulation of a scenario's block tree (SPEC section 3D).

Component timelines are alternating renewal processes drawn in blocks for a
whole batch of replications at once; the system's down-intervals follow from
the block tree by sorted-boundary sweeps; downtime is then bucketed per
calendar month and year. Work is split into chunks seeded by
``SeedSequence(seed, spawn_key=(chunk,))``, so the result does not depend on how
the chunks are spread over processes or a Dask cluster.

>>> from uptime_calc.simulate import simulate, SimulationResult
>>> callable(simulate), SimulationResult.__name__
(True, 'SimulationResult')

Modules: :mod:`.run` (:func:`simulate`), :mod:`.result` (:class:`SimulationResult`),
:mod:`.months` (:class:`Horizon`), :mod:`.engine` (renewal timelines),
:mod:`.intervals` (sweeps), :mod:`.structure` (the block tree),
:mod:`.stepping` (standby pairs, crew-limited groups), :mod:`.distributions`,
:mod:`.parallel` (chunks, process pool, Dask), :mod:`.analytic` (the exact answer beside).
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "simulate": "uptime_calc.simulate.run",
    "SimulationResult": "uptime_calc.simulate.result",
    "Horizon": "uptime_calc.simulate.months",
    "SimOptions": "uptime_calc.simulate.structure",
    "system_down": "uptime_calc.simulate.structure",
    "exponential_laws": "uptime_calc.simulate.analytic",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'uptime_calc.simulate' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
