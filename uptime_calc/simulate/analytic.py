"""The exact (analytic) availability beside the simulated one, from the model solver.

The solver lives in :mod:`uptime_calc.models` (another part of the project);
this adapter returns ``None`` where it is absent or cannot solve a block, so a
simulation never fails for want of an analytic answer.
"""

from __future__ import annotations

import importlib

from ..availability import Availability
from ..errors import UptimeCalcError
from ..models.blocks import Block


def exact_availability(block: Block) -> Availability | None:
    """Steady-state availability of ``block`` by the analytic solver, or ``None``.

    ``None`` where the solver is absent or cannot answer (e.g. a standby pair of
    components known only by their availability: no rates, no chain).
    """
    try:
        solve_module = importlib.import_module("uptime_calc.models.solve")
    except ImportError:
        return None
    unavailability = getattr(solve_module, "unavailability", None)
    if unavailability is None:
        return None
    try:
        u = float(unavailability(block))
    except (UptimeCalcError, NotImplementedError):
        return None
    return Availability(min(1.0, max(0.0, u)))
