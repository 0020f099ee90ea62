"""Active/active (load-sharing) blocks as a birth-death chain.

State ``j`` = number of failed units out of ``n``. Each working unit fails at
rate ``lambda``; ``min(j, crews)`` repairs run at rate ``mu`` each. The block
is up while the ``n - j`` survivors' capacity covers the demand, i.e.
``j <= n - m`` with ``m = ceil(demand / capacity)``: beyond that the survivors
are overloaded (SPEC 3C: "the load surge on the survivors the design must
absorb"). Birth-death steady state: Trivedi, ch. 8.2 (machine-repairman model).
With ``load_exponent`` ``p`` the survivors' failure rate rises with their
share of the load, ``lambda (n / (n - j))^p`` (a power-law load-life model,
as in load-sharing k-of-n systems: Rausand & Hoyland, 2nd ed., section 6.5).
"""

from __future__ import annotations

from .blocks import ActiveActive
from .markov import Chain, build_chain


def load_sharing_chain(block: ActiveActive, failure: float, repair: float) -> tuple[Chain, list[bool]]:
    """The birth-death chain of an active/active block and its down-state mask."""
    n = block.count
    crews = n if block.repair_crews is None else min(block.repair_crews, n)
    m = block.required

    def transitions(j: int) -> list[tuple[int, float]]:
        out = []
        if j < n:
            # load sharing: each survivor carries n / (n - j) of its nominal load
            out.append((j + 1, (n - j) * failure * (n / (n - j)) ** block.load_exponent))
        if j > 0:
            out.append((j - 1, min(j, crews) * repair))
        return out

    chain = build_chain(0, transitions)
    down = [int(s) > n - m for s in chain.states]  # type: ignore[call-overload]
    return chain, down
