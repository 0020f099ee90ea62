"""Continuous-time Markov chains: generation from rules, exact steady state, transients.

A chain is built by breadth-first search from an initial state with a rule
``transitions(state) -> [(next_state, rate), ...]`` (:func:`build_chain`),
giving a sparse generator ``Q``. Steady state uses the GTH algorithm
(Grassmann, Taksar & Heyman, "Regenerative analysis and steady state
distributions for Markov chains", Operations Research 33(5), 1985): it
performs no subtraction, so a down-state probability of 1e-15 keeps full
relative accuracy; unavailability is the *sum of the down states*, never
``1 - sum(up)``. Large chains fall back to a sparse direct solve.

>>> import numpy as np
>>> lam, mu = 1e-3, 1.0
>>> chain = build_chain(0, lambda s: [(1, lam)] if s == 0 else [(0, mu)])
>>> pi = stationary(chain.generator)
>>> float(pi[chain.index[1]]) == lam / (lam + mu)
True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import ComputationError

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import scipy.sparse as sp

#: chains up to this many states are solved densely with GTH, larger ones by a sparse LU. Measured
#: (benchmarks/models.py, "GTH vs sparse"): GTH's O(n^3) costs about 14 ms at 300 states and 3 s at
#: 1,500 while the sparse solve stays near 2-6 ms; 300 keeps GTH's subtraction-free accuracy
#: wherever it costs little
GTH_LIMIT = 300


@dataclass(frozen=True)
class Chain:
    """A generated chain: ``states[i]`` has index ``i``; ``generator`` is the sparse ``Q``."""

    states: tuple[Hashable, ...]
    index: dict[Hashable, int]
    generator: sp.csr_matrix


def check_states(count: int, what: str) -> None:
    """Stop before building a chain of ``count`` states over the ``max_markov_states`` limit.

    Raises :class:`~uptime_calc.errors.LimitError` naming the limit and its flag
    (``--max-markov-states``).
    """
    from .. import limits

    limits.check("max_markov_states", count, what=f"{what}: the Markov chain's states")


def build_chain(
    initial: Hashable,
    transitions: Callable[[Any], Iterable[tuple[Hashable, float]]],
    *,
    limit: int | None = None,
) -> Chain:
    """Generate the states reachable from ``initial`` and the generator matrix.

    Callers count the states first (:func:`check_states`); ``limit`` (default:
    the ``max_markov_states`` limit) stops the generation as a safeguard.
    """
    import numpy as np
    import scipy.sparse as sp

    from .. import limits

    if limit is None:
        limit = limits.get("max_markov_states")

    index: dict[Hashable, int] = {initial: 0}
    states: list[Hashable] = [initial]
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    i = 0
    while i < len(states):
        for nxt, rate in transitions(states[i]):
            if rate <= 0 or nxt == states[i]:
                continue
            j = index.get(nxt)
            if j is None:
                j = index[nxt] = len(states)
                states.append(nxt)
                if len(states) > limit:
                    check_states(len(states), "a block")
                    raise ComputationError(
                        f"the Markov chain has more than {limit} states; simplify the block")
            rows.append(i)
            cols.append(j)
            vals.append(rate)
        i += 1
    n = len(states)
    q = sp.csr_matrix((np.asarray(vals, float), (rows, cols)), shape=(n, n))
    q.sum_duplicates()
    q = q - sp.diags(np.asarray(q.sum(axis=1)).ravel())
    return Chain(tuple(states), index, q.tocsr())


def gth(rates: np.ndarray) -> np.ndarray:
    """Stationary distribution of an irreducible chain by GTH (off-diagonal rates only are used)."""
    import numpy as np

    a = np.array(rates, dtype=float)
    n = a.shape[0]
    np.fill_diagonal(a, 0.0)
    for k in range(n - 1, 0, -1):
        s = a[k, :k].sum()
        if s <= 0.0:
            raise ComputationError("the Markov chain is not irreducible (a state cannot be left)")
        a[:k, k] /= s
        a[:k, :k] += np.outer(a[:k, k], a[k, :k])
    pi = np.zeros(n)
    pi[0] = 1.0
    for k in range(1, n):
        pi[k] = pi[:k] @ a[:k, k]
    return pi / pi.sum()


def closed_classes(q: sp.csr_matrix) -> list[np.ndarray]:
    """State indices of each closed communicating class (where the chain ends up)."""
    import numpy as np
    from scipy.sparse.csgraph import connected_components

    adj = q.copy()
    adj.setdiag(0)
    adj.eliminate_zeros()
    ncomp, labels = connected_components(adj, directed=True, connection="strong")
    coo = adj.tocoo()
    leaves = np.ones(ncomp, bool)
    leaving = labels[coo.row] != labels[coo.col]
    leaves[np.unique(labels[coo.row[leaving]])] = False
    return [np.flatnonzero(labels == c) for c in np.flatnonzero(leaves)]


def _closed_class(q: sp.csr_matrix) -> np.ndarray:
    """Indices of the single closed communicating class (the recurrent states)."""
    import numpy as np
    from scipy.sparse.csgraph import connected_components

    adj = q.copy()
    adj.setdiag(0)
    adj.eliminate_zeros()
    ncomp, labels = connected_components(adj, directed=True, connection="strong")
    if ncomp == 1:
        return np.arange(q.shape[0])
    coo = adj.tocoo()
    leaves = np.ones(ncomp, bool)
    leaving = labels[coo.row] != labels[coo.col]
    leaves[np.unique(labels[coo.row[leaving]])] = False
    closed = np.flatnonzero(leaves)
    if len(closed) != 1:
        raise ComputationError("the Markov chain has several closed classes; its steady state is not unique")
    return np.flatnonzero(labels == closed[0])


def stationary(q: sp.csr_matrix) -> np.ndarray:
    """Steady-state probabilities of a chain with one closed class (transient states get 0)."""
    import numpy as np
    import scipy.sparse as sp
    from scipy.sparse.linalg import spsolve

    keep = _closed_class(q)
    sub = q[keep][:, keep]
    n = sub.shape[0]
    pi = np.zeros(q.shape[0])
    if n == 1:
        pi[keep] = 1.0
        return pi
    if n <= GTH_LIMIT:
        pi[keep] = gth(sub.toarray())
        return pi
    # sparse: solve pi Q = 0 with the last equation replaced by normalisation
    a = sub.T.tolil()
    a[n - 1, :] = np.ones(n)
    b = np.zeros(n)
    b[n - 1] = 1.0
    x = spsolve(sp.csr_matrix(a), b)
    pi[keep] = np.clip(x, 0.0, None)
    return pi / pi.sum()


def failure_frequency(q: sp.csr_matrix, pi: np.ndarray, down: np.ndarray) -> float:
    """Frequency of up -> down transitions in steady state: ``sum_{i up, j down} pi_i Q_ij``."""
    import numpy as np

    up = ~down
    block = q[np.flatnonzero(up)][:, np.flatnonzero(down)]
    return float(pi[up] @ np.asarray(block.sum(axis=1)).ravel())


def transient(q: sp.csr_matrix, p0: np.ndarray, t: float) -> np.ndarray:
    """State probabilities at time ``t`` from ``p0``: ``p0 exp(Q t)`` (scipy ``expm_multiply``)."""
    import numpy as np

    p = _expm_apply(q, p0, t)
    return np.clip(np.asarray(p, float), 0.0, None)


#: chains up to this many states use a dense matrix exponential (scaling and squaring copes
#: with any ``t * |Q|``); larger ones use ``expm_multiply`` (cost grows with ``t * |Q|``)
DENSE_EXPM_LIMIT = 400


def _expm_apply(q: sp.csr_matrix, p0: np.ndarray, t: float) -> np.ndarray:
    """``p0 exp(Q t)`` for a (sub-)generator ``Q``."""
    from scipy.linalg import expm
    from scipy.sparse.linalg import expm_multiply

    if q.shape[0] <= DENSE_EXPM_LIMIT:
        return p0 @ expm(q.toarray() * t)
    return expm_multiply(q.T.tocsc() * t, p0)


@dataclass(frozen=True)
class PhaseType:
    """Time to first failure as an absorbing chain: up-state sub-generator ``T`` and start ``p0``.

    ``R(t) = p0 exp(T t) 1`` and ``MTTFF = p0 (-T)^-1 1``. ``scalar`` is an
    extra exit rate added to every state (a series of single leaves).
    """

    sub_generator: sp.csr_matrix
    p0: np.ndarray
    scalar: float = 0.0

    @property
    def size(self) -> int:
        """Number of transient (up) states."""
        return int(self.sub_generator.shape[0])

    def matrix(self) -> sp.csr_matrix:
        """``T`` including the scalar exit rate."""
        import scipy.sparse as sp

        return (self.sub_generator - self.scalar * sp.identity(self.size, format="csr")).tocsr()

    def reliability(self, t: float) -> float:
        """``R(t)``: probability of no failure in ``[0, t]``."""
        import math

        if self.size == 1 and self.sub_generator.nnz == 0:
            return math.exp(-self.scalar * t)
        p = _expm_apply(self.matrix(), self.p0, t)
        return float(min(1.0, max(0.0, p.sum())))

    def mean_time(self) -> float:
        """Mean time to absorption (first failure)."""
        import math

        import numpy as np
        from scipy.sparse.linalg import spsolve

        if self.size == 1 and self.sub_generator.nnz == 0:
            return math.inf if self.scalar == 0 else 1.0 / self.scalar
        m = -self.matrix()
        if self.size <= GTH_LIMIT:
            try:
                tau = np.linalg.solve(m.toarray(), np.ones(self.size))
            except np.linalg.LinAlgError:
                return math.inf
        else:
            tau = spsolve(m.tocsc(), np.ones(self.size))
        return float(self.p0 @ tau)


def absorbing(chain: Chain, down: np.ndarray, start: int = 0) -> PhaseType:
    """The phase-type time to the first down state of ``chain`` started in state ``start``."""
    import numpy as np

    up = np.flatnonzero(~down)
    sub = chain.generator[up][:, up].tocsr()
    p0 = np.zeros(len(up))
    p0[int(np.searchsorted(up, start))] = 1.0
    return PhaseType(sub, p0)


def kron_sum(a: PhaseType, b: PhaseType) -> PhaseType:
    """First failure of two independent parts in series (Kronecker sum of sub-generators)."""
    import numpy as np
    import scipy.sparse as sp

    if b.size == 1 and b.sub_generator.nnz == 0:
        return PhaseType(a.sub_generator, a.p0, a.scalar + b.scalar)
    if a.size == 1 and a.sub_generator.nnz == 0:
        return PhaseType(b.sub_generator, b.p0, a.scalar + b.scalar)
    ia = sp.identity(a.size, format="csr")
    ib = sp.identity(b.size, format="csr")
    t = (sp.kron(a.sub_generator, ib) + sp.kron(ia, b.sub_generator)).tocsr()
    return PhaseType(t, np.kron(a.p0, b.p0), a.scalar + b.scalar)


@dataclass(frozen=True)
class IndependentSeries:
    """First failure of independent parts in series when one joint chain would be too large.

    ``R(t) = prod_i R_i(t)`` exactly. The mean time to first failure
    ``integral_0^inf R(t) dt`` is integrated numerically in ``ln t`` (Simpson's
    rule, about 500 points a decade, from ``1e-6`` times the shortest part mean
    up to ``60`` times it, and on, three decades at a time, until ``R`` is below
    ``1e-15``: a part that mostly fails fast but now and then survives long
    keeps ``R`` up far beyond its mean), with each ``R_i`` from the
    eigen-decomposition of its small sub-generator, checked against the matrix
    exponential (else the exponential is used at every point).
    """

    parts: tuple[PhaseType, ...]

    def reliability(self, t: float) -> float:
        """``R(t)``: probability of no failure in ``[0, t]``."""
        import math

        return math.prod(p.reliability(t) for p in self.parts)

    def mean_time(self) -> float:
        """Mean time to the first failure of any part."""
        import math

        import numpy as np
        from scipy.integrate import simpson

        scale = min(p.mean_time() for p in self.parts)
        if not math.isfinite(scale):
            return math.inf
        lo, hi, decade = math.log(scale * 1e-6), math.log(scale * 60.0), math.log(10.0)
        while True:
            s = np.linspace(lo, hi, 2 * int(250 * (hi - lo) / decade) + 1)  # an odd count for Simpson
            t = np.exp(s)
            log_r = np.zeros_like(t)
            for part in self.parts:
                log_r += np.log(np.clip(_curve(part, t, scale), 1e-300, 1.0))
            if log_r[-1] < math.log(1e-15) or hi - lo > 40 * decade:  # the tail is negligible (or t is absurd)
                break
            hi += 3 * decade
        integrand = np.exp(log_r) * t  # dt = t ds
        return float(t[0] + simpson(integrand, x=s))


def curve(life: PhaseType | IndependentSeries, t: np.ndarray) -> np.ndarray:
    """``R(t)`` of a phase-type life (or a product of them) on an array of times."""
    import numpy as np

    parts = life.parts if isinstance(life, IndependentSeries) else (life,)
    out = np.ones_like(np.asarray(t, float))
    for part in parts:
        out *= _curve(part, np.asarray(t, float))
    return out


def _cached_mean(part: PhaseType) -> float:
    got = part.__dict__.get("_mean")
    if got is None:
        got = part.mean_time()
        object.__setattr__(part, "_mean", got)  # frozen value, computed once
    return float(got)


def _modes(part: PhaseType) -> tuple[np.ndarray, np.ndarray] | None:
    """``R(t) = sum_k c_k exp(w_k t)`` from the eigen-decomposition of ``T``, cached; ``None`` when its
    eigenvectors are ill-conditioned (checked against the matrix exponential at three times)."""
    import numpy as np
    import scipy.linalg

    if "_modes" in part.__dict__:
        return part.__dict__["_modes"]  # type: ignore[no-any-return]
    m = part.matrix().toarray()
    ones = np.ones(part.size)
    scale = _cached_mean(part)
    scale = scale if math.isfinite(scale) and scale > 0 else 1.0
    modes: tuple[np.ndarray, np.ndarray] | None
    try:
        w, v = scipy.linalg.eig(m)
        coef = (part.p0 @ v) * np.linalg.solve(v, ones)
        modes = (w, coef)
        for probe in (scale / 10.0, scale, 5.0 * scale):
            exact = float(part.p0 @ scipy.linalg.expm(m * probe) @ ones)
            approx = float(np.real(np.exp(w * probe) @ coef))
            if abs(approx - exact) > 1e-9 * max(exact, 1e-12):
                modes = None
                break
    except (np.linalg.LinAlgError, ValueError):
        modes = None
    object.__setattr__(part, "_modes", modes)
    return modes


def _curve(part: PhaseType, t: np.ndarray, scale: float | None = None) -> np.ndarray:
    """``R(t)`` of one phase-type part at the times ``t``.

    By its eigen-decomposition when well conditioned; otherwise the state
    vector is carried forward through the sorted times, ``p(t_{i+1}) = p(t_i)
    exp(T (t_{i+1} - t_i))``, one matrix exponential per distinct step (a grid
    uniform by pieces needs a handful), which never amplifies errors (the
    matrix is sub-stochastic).
    """
    import numpy as np
    import scipy.linalg

    if part.size == 1 and part.sub_generator.nnz == 0:
        return np.asarray(np.exp(-part.scalar * t))
    modes = _modes(part)
    if modes is not None:
        w, coef = modes
        return np.asarray(np.clip(np.real(np.exp(np.outer(np.ravel(t), w)) @ coef), 0.0, 1.0).reshape(np.shape(t)))
    m = part.matrix().toarray()
    flat = np.ravel(t)
    order = np.argsort(flat, kind="stable")
    out = np.empty(flat.size)
    p = part.p0.astype(float)
    now, step, e = 0.0, -1.0, None
    for i in order:
        dt = float(flat[i]) - now
        if dt > 0:
            if e is None or abs(dt - step) > 1e-9 * step:
                step, e = dt, scipy.linalg.expm(m * dt)
            p = p @ e
            now = float(flat[i])
        out[i] = min(1.0, max(0.0, float(p.sum())))
    return out.reshape(np.shape(t))
