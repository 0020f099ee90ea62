"""Networks (graphs with a source and a sink): minimal path and cut sets, exact unavailability.

Unavailability is computed by the factoring (pivotal decomposition) theorem,
``U = A_e U(e up) + U_e U(e down)``, with the recursion stopped as soon as the
sink is reachable through edges known to be up (U = 0) or unreachable even
through undecided edges (U = 1). Every term is a product of non-negative
numbers, so the result keeps its digits (no inclusion-exclusion
cancellation). Reference: Rausand & Hoyland, *System Reliability Theory*,
2nd ed., section 4.6 (pivotal decomposition) and 4.5 (path and cut sets).

>>> edges = [("s", "a"), ("s", "b"), ("a", "b"), ("a", "t"), ("b", "t")]
>>> sorted(sorted(p) for p in minimal_path_sets(edges, "s", "t"))
[[0, 2, 4], [0, 3], [1, 2, 3], [1, 4]]
>>> p = 0.9
>>> u = network_unavailability(edges, "s", "t", [1 - p] * 5)
>>> round(1 - u, 12) == round(2*p**2 + 2*p**3 - 5*p**4 + 2*p**5, 12)
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .blocks import Network

EdgeEnds = tuple[str, str]


def _reachable(edges: Sequence[EdgeEnds], directed: Sequence[bool], usable: Sequence[bool],
               source: str, sink: str) -> bool:
    adj: dict[str, list[str]] = {}
    for (a, b), d, ok in zip(edges, directed, usable, strict=True):
        if ok:
            adj.setdefault(a, []).append(b)
            if not d:
                adj.setdefault(b, []).append(a)
    seen = {source}
    stack = [source]
    while stack:
        node = stack.pop()
        if node == sink:
            return True
        for nxt in adj.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return sink in seen


def network_unavailability(
    edges: Sequence[EdgeEnds],
    source: str,
    sink: str,
    us: Sequence[float],
    directed: Sequence[bool] | None = None,
    fixed: dict[int, bool] | None = None,
) -> float:
    """``P(sink unreachable from source)`` with independent edge unavailabilities ``us``.

    ``fixed`` forces edges up (``True``) or down (``False``).
    """
    directed = list(directed) if directed is not None else [False] * len(edges)
    state: list[bool | None] = [None] * len(edges)
    for i, v in (fixed or {}).items():
        state[i] = v
    order = sorted(range(len(edges)), key=lambda i: -us[i])

    def rec() -> float:
        if _reachable(edges, directed, [s is True for s in state], source, sink):
            return 0.0
        if not _reachable(edges, directed, [s is not False for s in state], source, sink):
            return 1.0
        e = next(i for i in order if state[i] is None)
        state[e] = True
        up = rec()
        state[e] = False
        down = rec()
        state[e] = None
        return (1.0 - us[e]) * up + us[e] * down

    return min(1.0, rec())


def minimal_path_sets(
    edges: Sequence[EdgeEnds], source: str, sink: str, directed: Sequence[bool] | None = None
) -> list[frozenset[int]]:
    """Edge-index sets of the simple source-sink paths (each is a minimal path set)."""
    directed = list(directed) if directed is not None else [False] * len(edges)
    adj: dict[str, list[tuple[str, int]]] = {}
    for i, ((a, b), d) in enumerate(zip(edges, directed, strict=True)):
        adj.setdefault(a, []).append((b, i))
        if not d:
            adj.setdefault(b, []).append((a, i))
    paths: set[frozenset[int]] = set()

    def walk(node: str, visited: set[str], used: list[int]) -> None:
        if node == sink:
            paths.add(frozenset(used))
            return
        for nxt, i in adj.get(node, ()):
            if nxt not in visited:
                visited.add(nxt)
                used.append(i)
                walk(nxt, visited, used)
                used.pop()
                visited.discard(nxt)

    walk(source, {source}, [])
    return minimize(paths)


def failable_path_sets(net: Network) -> list[frozenset[int]]:
    """Minimal path sets of a :class:`~.blocks.Network` block over the edges that can fail.

    Perfect links (``block is None``) are traversable but carry no index, so
    a path made only of them is the empty set (never down); no path at all
    gives an empty list. Smallest sets first.
    """
    ends = [(e.a, e.b) for e in net.edges]
    paths = minimal_path_sets(ends, net.source, net.sink, [e.directed for e in net.edges])
    failable = {i for i, e in enumerate(net.edges) if e.block is not None}
    return minimize(p & failable for p in paths)


def minimize(sets: Iterable[frozenset[int]]) -> list[frozenset[int]]:
    """Drop every set that contains another (keep the minimal ones), sorted by size."""
    out: list[frozenset[int]] = []
    for s in sorted(set(sets), key=lambda x: (len(x), sorted(x))):
        if not any(m <= s for m in out):
            out.append(s)
    return out


def minimal_cut_sets(path_sets: Sequence[frozenset[int]]) -> list[frozenset[int]]:
    """Minimal cut sets as the minimal transversals (hitting sets) of the minimal path sets."""
    cuts: list[frozenset[int]] = [frozenset()]
    for path in path_sets:
        nxt: set[frozenset[int]] = set()
        for cut in cuts:
            if cut & path:
                nxt.add(cut)
            else:
                nxt.update(cut | {e} for e in path)
        cuts = minimize(nxt)
    return cuts if path_sets else []

