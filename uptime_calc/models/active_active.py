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
from .markov import Chain, build_chain, check_states


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

    check_states(n + 1, "active_active")
    chain = build_chain(0, transitions)
    down = [int(s) > n - m for s in chain.states]  # type: ignore[call-overload]
    return chain, down


def birth_death_steady(block: ActiveActive, failure: float, repair: float) -> tuple[float, float] | None:
    """Steady-state unavailability and failure frequency of the load-sharing chain in closed form.

    Birth-death product form (Trivedi, 2nd ed., section 8.2): ``pi_j`` is
    proportional to ``prod_{i<j} b_i / d_{i+1}``, with ``b_i`` the failure rate
    out of ``i`` failed and ``d_i = min(i, crews) mu`` the repair rate. Summed in
    log space, down states directly (no ``1 - sum(up)``), in ``O(n)`` for any
    ``n``. ``None`` when repairs are impossible (``mu = 0``: no steady state
    other than all failed) or nothing fails.
    """
    import numpy as np
    from scipy.special import logsumexp

    n = block.count
    if repair <= 0 or failure <= 0:
        return None
    crews = n if block.repair_crews is None else min(block.repair_crews, n)
    m = block.required
    j = np.arange(n)  # from j failed to j + 1
    births = (n - j) * failure * (n / (n - j)) ** block.load_exponent
    deaths = np.minimum(j + 1, crews) * repair
    log_pi = np.concatenate([[0.0], np.cumsum(np.log(births) - np.log(deaths))])
    total = logsumexp(log_pi)
    last_up = n - m  # the block is up with at most n - m failed
    if last_up < 0:
        return 1.0, 0.0
    if last_up >= n:
        return 0.0, 0.0
    u = float(np.exp(logsumexp(log_pi[last_up + 1:]) - total))
    f = float(np.exp(log_pi[last_up] - total) * births[last_up])
    return u, f
