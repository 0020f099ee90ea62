"""Correlated failures between probed targets, and the scenario-file snippets they imply.

Over the probe rounds both targets were probed in, with the raw probe results:

* ``P(B down | A down) = rounds both down / rounds A down (B probed)``, as in Bakkaloglu et al.,
  "On Correlated Failures in Survivable Storage Systems", CMU-CS-02-129 (2002);
* the beta-factor estimate: for two identical units of unavailability ``q`` the beta-factor model
  (Rausand & Hoyland, *System Reliability Theory*, 2nd ed., section 10.4) gives
  ``P(both down) = beta q + ((1 - beta) q)^2``; solved for ``beta`` (clipped to [0, 1]), with the
  geometric mean ``sqrt(U_A U_B)`` standing for ``q`` when the units differ. For small ``q`` it is
  ``(P(A and B down) - U_A U_B) / q``: the share of failures common to both, beyond independence.

>>> import numpy as np
>>> from uptime_calc.signals.probes import ProbeLog
>>> a = [1, 0, 1, 1, 0, 1, 1, 1]                    # two targets down in the same rounds 1 and 4
>>> ok = np.array(a + a, bool)
>>> log = ProbeLog(("a", "b"), np.repeat(np.arange(2, dtype=np.int32), 8), np.tile(np.arange(8), 2),
...                ok, np.array([1.0, 1.0]), np.tile(np.arange(8), 2))
>>> pairs, _ = correlate(log)
>>> float(pairs.loc[0, "p_b_down_given_a_down"]), float(pairs.loc[0, "beta"])
(1.0, 1.0)
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from .probes import ProbeLog

#: the largest rounds x targets grid correlated (int8 cells): beyond it the pairs are skipped
MAX_CELLS = 400_000_000

COLUMNS = ("target_a", "target_b", "a_down_rounds", "b_down_rounds", "both_down_rounds", "common_rounds",
           "unavailability_a", "unavailability_b", "p_b_down_given_a_down", "p_a_down_given_b_down",
           "independent_both_down", "both_down", "beta")


def correlate(log: ProbeLog, *, pairs: int = 10, min_both: int = 2,
              max_unavailability: float = 0.5) -> tuple[pd.DataFrame, str]:
    """The ``pairs`` most correlated pairs of targets (highest beta first) and the method in words.

    Only pairs down together in at least ``min_both`` rounds are ranked (one shared round is chance),
    and only targets down at most ``max_unavailability`` of their rounds (the beta-factor model is
    about units that are mostly up: two targets almost always down coincide by necessity).
    """
    import numpy as np
    import pandas as pd

    n_t = len(log.targets)
    empty = pd.DataFrame({c: [] for c in COLUMNS})
    how = ("raw probe results per round (a target probed twice in a round is down if either failed); "
           "P(B down | A down) = rounds both down / rounds A down with B probed; beta solves the beta-factor "
           "model P(both down) = beta q + ((1 - beta) q)^2 with q = sqrt(U_A U_B) (clipped to [0, 1]); pairs "
           f"down together in at least {min_both} rounds, of targets down in at most {max_unavailability:.0%} of "
           "their rounds, highest beta first")
    if pairs <= 0:
        return empty, "not computed (--pairs 0)"
    if n_t < 2 or not len(log.rounds):
        return empty, "needs two or more targets"
    from scipy import sparse

    n_r = int(log.rounds.max()) + 1
    if n_r * n_t > MAX_CELLS:
        return empty, f"skipped: {n_r} rounds x {n_t} targets is more than {MAX_CELLS} cells"
    # failures and missing probes are few: round x target incidence matrices, sparse, multiplied
    flat = log.rounds * n_t + log.target
    seen_grid = np.zeros(n_r * n_t, dtype=bool)
    seen_grid[flat] = True
    down_grid = np.zeros(n_r * n_t, dtype=bool)
    down_grid[flat[~log.ok]] = True  # a target probed twice in a round is down if either failed
    down_at, miss_at = np.flatnonzero(down_grid), np.flatnonzero(~seen_grid)

    def incidence(at: np.ndarray) -> sparse.csc_matrix:
        ones = np.ones(len(at), dtype=np.float64)
        return sparse.csc_matrix((ones, (at // n_t, at % n_t)), shape=(n_r, n_t))

    down, miss = incidence(down_at), incidence(miss_at)
    n_down = np.bincount(down_at % n_t, minlength=n_t).astype(np.float64)
    n_miss = np.bincount(miss_at % n_t, minlength=n_t).astype(np.float64)
    both = sparse.triu(down.T @ down, k=1).tocoo()  # pairs a < b down together
    keep = both.data >= min_both
    ia, ib, together = both.row[keep].astype(np.int64), both.col[keep].astype(np.int64), both.data[keep]

    def at_pairs(m: sparse.spmatrix, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """The entries ``m[a, b]`` (0 where absent)."""
        coo = m.tocoo()
        if not coo.nnz or not len(a):
            return np.zeros(len(a))
        keys = coo.row.astype(np.int64) * n_t + coo.col
        order = np.argsort(keys)
        keys, vals = keys[order], coo.data[order]
        want = a * n_t + b
        pos = np.minimum(np.searchsorted(keys, want), len(keys) - 1)
        return np.where(keys[pos] == want, vals[pos], 0.0)

    down_miss = down.T @ miss  # [a, b]: rounds a was down and b not probed
    a_down_b_seen = n_down[ia] - at_pairs(down_miss, ia, ib)
    b_down_a_seen = n_down[ib] - at_pairs(down_miss, ib, ia)
    common = n_r - n_miss[ia] - n_miss[ib] + at_pairs(miss.T @ miss, ia, ib)
    with np.errstate(invalid="ignore", divide="ignore"):
        u = n_down / (n_r - n_miss)
        cond_ab = together / a_down_b_seen  # P(b down | a down)
        cond_ba = together / b_down_a_seen
        joint = together / common
        indep = u[ia] * u[ib]
        beta = _beta(joint, np.sqrt(indep))
    ok = (u[ia] <= max_unavailability) & (u[ib] <= max_unavailability)
    sel = np.flatnonzero(ok)
    rank = sel[np.lexsort((ib[sel], ia[sel], -together[sel], -beta[sel]))][:pairs]
    names = np.array(log.targets, dtype=object)
    out = pd.DataFrame({
        "target_a": names[ia[rank]].astype(str), "target_b": names[ib[rank]].astype(str),
        "a_down_rounds": n_down[ia[rank]].astype(np.int64), "b_down_rounds": n_down[ib[rank]].astype(np.int64),
        "both_down_rounds": together[rank].astype(np.int64), "common_rounds": common[rank].astype(np.int64),
        "unavailability_a": u[ia[rank]], "unavailability_b": u[ib[rank]],
        "p_b_down_given_a_down": cond_ab[rank], "p_a_down_given_b_down": cond_ba[rank],
        "independent_both_down": indep[rank], "both_down": joint[rank], "beta": beta[rank],
    })
    return out, how


def _beta(joint: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``beta`` from ``P(both down) = beta q + ((1 - beta) q)^2``: the root of
    ``q^2 b^2 + (q - 2 q^2) b + (q^2 - joint) = 0`` in [0, 1] (0 where ``q`` is 0)."""
    import numpy as np

    with np.errstate(invalid="ignore", divide="ignore"):
        a2, b1, c0 = q * q, q - 2 * q * q, q * q - joint
        disc = np.sqrt(np.maximum(b1 * b1 - 4 * a2 * c0, 0.0))
        # the stable form of the larger root: 2c / (-b - sqrt(disc)) (no cancellation for small q)
        root = np.where(b1 >= 0, -2 * c0 / (b1 + disc), (-b1 + disc) / (2 * a2))
    return np.where(q > 0, np.clip(np.nan_to_num(root, nan=0.0), 0.0, 1.0), 0.0)  # type: ignore[no-any-return]


def _name(text: str) -> str:
    """A YAML scalar for a component name (quoted unless plain)."""
    import json

    return text if re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*", text) else json.dumps(text)


def snippets(correlated: pd.DataFrame, totals: pd.DataFrame, *, step: float, fall: int) -> dict[str, str]:
    """``detection`` (the health-check timing) and ``common_cause`` (the most correlated pair) as
    scenario-file text that :func:`uptime_calc.scenario.loads_scenario` reads."""
    import math

    out = {
        "detection": f"detection: {{interval: {step:g}s, fall: {fall}}}    # measured probe interval and the "
                     f"rule's fall count: {step * fall:g}s to detect",
    }
    if len(correlated):
        row = correlated.iloc[0]
        a, b = str(row["target_a"]), str(row["target_b"])
        avail = dict(zip(totals["target"].astype(str), totals["unavailability"], strict=True))

        def percent(name: str) -> str:
            u = float(avail.get(name, math.nan))
            return f"{100 - 100 * u:.10g}%" if not math.isnan(u) else "100%"

        out["common_cause"] = "\n".join([
            f"# measured from probes: P({b} down | {a} down) = {row['p_b_down_given_a_down']:.4g}, "
            f"P({a} down | {b} down) = {row['p_a_down_given_b_down']:.4g}, beta = {row['beta']:.4g}",
            "components:",
            f"  {_name(a)}: {{availability: {percent(a)}}}",
            f"  {_name(b)}: {{availability: {percent(b)}}}",
            "system:",
            "  common_cause:",
            f"    beta: {float(row['beta']):.4g}",
            "    of:",
            f"      parallel: [{_name(a)}, {_name(b)}]",
        ])
    return out
