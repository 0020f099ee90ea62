"""Static blocks in unavailability space: series, parallel and k-out-of-n, with failure frequencies.

Every formula here sums and multiplies non-negative numbers (U_i and
A_i = 1 - U_i, the latter harmless since A_i is never tiny where it matters),
so results keep full relative accuracy at any number of nines.

Failure frequencies of independent blocks follow the frequency-balance rule
``f = sum_i f_i * B_i`` where ``B_i`` is the Birnbaum importance (the
probability that block i is critical): Billinton & Allan, *Reliability
Evaluation of Engineering Systems*, 2nd ed., ch. 11 (frequency and duration).

>>> round(1 - k_of_n_unavailability(2, [0.1, 0.1, 0.1]), 12)  # 2-of-3 with A = 0.9
0.972
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def series_unavailability(us: Sequence[float]) -> float:
    """All needed: ``U = 1 - prod(1 - U_i)`` as ``-expm1(sum(log1p(-U_i)))``."""
    if any(u >= 1.0 for u in us):
        return 1.0
    return min(1.0, -math.expm1(math.fsum(math.log1p(-u) for u in us)))


def parallel_unavailability(us: Sequence[float]) -> float:
    """Any one suffices: ``U = prod(U_i)``."""
    return math.prod(us)


def down_count_distribution(us: Sequence[float]) -> list[float]:
    """``P(exactly d of the parts are down)`` for d = 0..n (independent parts).

    A subtraction-free dynamic programme (the Poisson-binomial recursion).
    """
    dist = [1.0]
    for u in us:
        a = 1.0 - u
        nxt = [0.0] * (len(dist) + 1)
        for d, p in enumerate(dist):
            nxt[d] += p * a
            nxt[d + 1] += p * u
        dist = nxt
    return dist


def k_of_n_unavailability(k: int, us: Sequence[float]) -> float:
    """At least ``k`` of ``n`` needed: ``U = P(more than n - k down)``."""
    n = len(us)
    dist = down_count_distribution(us)
    return min(1.0, math.fsum(dist[n - k + 1:]))


def series_birnbaum(us: Sequence[float], i: int) -> float:
    """Probability that part ``i`` of a series is critical: all others up."""
    return math.prod(1.0 - u for j, u in enumerate(us) if j != i)


def series_birnbaums(us: Sequence[float]) -> list[float]:
    """:func:`series_birnbaum` for every part in O(n), by prefix and suffix products."""
    n = len(us)
    prefix = [1.0] * (n + 1)
    suffix = [1.0] * (n + 1)
    for i, u in enumerate(us):
        prefix[i + 1] = prefix[i] * (1.0 - u)
    for i in range(n - 1, -1, -1):
        suffix[i] = suffix[i + 1] * (1.0 - us[i])
    return [prefix[i] * suffix[i + 1] for i in range(n)]


def parallel_birnbaums(us: Sequence[float]) -> list[float]:
    """:func:`parallel_birnbaum` for every part in O(n), by prefix and suffix products."""
    n = len(us)
    prefix = [1.0] * (n + 1)
    suffix = [1.0] * (n + 1)
    for i, u in enumerate(us):
        prefix[i + 1] = prefix[i] * u
    for i in range(n - 1, -1, -1):
        suffix[i] = suffix[i + 1] * us[i]
    return [prefix[i] * suffix[i + 1] for i in range(n)]


def parallel_birnbaum(us: Sequence[float], i: int) -> float:
    """Probability that part ``i`` of a parallel block is critical: all others down."""
    return math.prod(u for j, u in enumerate(us) if j != i)


def k_of_n_birnbaum(k: int, us: Sequence[float], i: int) -> float:
    """Probability that part ``i`` of a k-of-n block is critical: exactly ``n - k`` others down."""
    n = len(us)
    others = [u for j, u in enumerate(us) if j != i]
    return down_count_distribution(others)[n - k]


def frequency(fs: Sequence[float | None], birnbaums: Sequence[float]) -> float | None:
    """System failure frequency ``sum f_i B_i``; ``None`` when any part's frequency is unknown."""
    if any(f is None for f in fs):
        return None
    return math.fsum(f * b for f, b in zip(fs, birnbaums, strict=True))  # type: ignore[operator]
