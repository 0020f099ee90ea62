"""The exact (analytic) availability beside the simulated one, from the model solver.

The solver is :func:`uptime_calc.models.solve.unavailability`; this adapter
returns ``None`` where it cannot solve a block, so a simulation never fails
for want of an analytic answer.
"""

from __future__ import annotations

from ..availability import Availability
from ..errors import UptimeCalcError
from ..models.blocks import Block


def exact_availability(block: Block) -> Availability | None:
    """Steady-state availability of ``block`` by the analytic solver, or ``None``.

    ``None`` where the solver cannot answer (e.g. a standby pair of components
    known only by their availability: no rates, no chain).
    """
    from ..models.solve import unavailability

    try:
        u = float(unavailability(block))
    except (UptimeCalcError, NotImplementedError):
        return None
    return Availability(min(1.0, max(0.0, u)))


def _stepped(block: Block) -> bool:
    from ..models.blocks import ActiveActive, ActiveStandby

    if isinstance(block, ActiveStandby):
        return True
    return isinstance(block, ActiveActive) and block.repair_crews is not None and block.repair_crews < block.count


def law_mismatches(block: Block) -> list[str]:
    """Blocks where the analytic chain assumes exponential times but the scenario gives other laws.

    The chains of active/standby pairs and of crew-limited active/active groups
    use exponential failure and repair times; the simulator draws the laws the
    scenario gives (Weibull, lognormal, fixed, empirical). There the two answers
    may differ for a real reason (e.g. an ageing unit fails more often while
    serving), not for lack of replications.
    """
    from ..models.blocks import children, components, label

    out: list[str] = []

    def visit(b: Block) -> None:
        if _stepped(b):
            if any(
                d is not None and d.kind != "exponential"
                for c in components(b) for d in (c.failure, c.repair)
            ):
                out.append(label(b))
            return
        for child in children(b):
            visit(child)

    visit(block)
    return out


def exponential_laws(block: Block) -> Block:
    """The same tree with every failure and repair law made exponential (same means).

    This is the analytic model's own assumption for Markov blocks: simulating this
    tree tests the simulator against the chain on equal terms.
    """
    from dataclasses import replace

    from ..models.blocks import Component, Distribution, map_components

    def expo(c: Component) -> Component:
        if not c.has_rates:
            return c
        failure = None if c.failure is None else Distribution("exponential", c.failure.mean)
        repair = None if c.repair is None else Distribution("exponential", c.repair.mean)
        return replace(c, failure=failure, repair=repair)

    return map_components(block, expo)
