"""The load balancer's rise/fall rule over probe results, as down and unknown intervals.

A target is marked down after ``fall`` consecutive failed probes and up again after ``rise``
consecutive successes (HAProxy's ``rise``/``fall``, nginx's ``fails``/``passes``, the healthy and
unhealthy thresholds of cloud load balancers); shorter runs change nothing. It starts up.

Where an outage begins and ends is a convention (``down_at``):

* ``first`` (default): at the first failed probe of the run that trips the rule, until the first
  success of the run that restores it: the outage as it happened, with blips shorter than the
  rule filtered out;
* ``fall``: at the ``fall``-th failed probe, until the ``rise``-th success: the balancer's own
  view, which lags the first by the detection and recovery delays.

Each probe speaks for the time until the next probe of its target; where that is more than
``max_gap`` away, it speaks for one probe interval and the rest is unknown (never up, never down),
as is the window before a target's first probe and after its last. Consecutive runs are counted
only between probes no farther apart than ``max_gap``.

>>> import numpy as np
>>> s = 10**9
>>> t = np.arange(8) * 10 * s                      # a probe every 10 s
>>> ok = np.array([1, 0, 0, 0, 1, 1, 1, 1], bool)  # three failures from 10 s
>>> e = evaluate(np.zeros(8, np.int32), t, ok, np.array([10.0]), rise=2, fall=3)
>>> (e.down_start // s).tolist(), (e.down_end // s).tolist(), (e.detect_delay_ns // s).tolist()
([10], [40], [20])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..errors import InputError

if TYPE_CHECKING:
    import numpy as np

DownAt = Literal["first", "fall"]
NS = 1_000_000_000


@dataclass(frozen=True)
class Evaluation:
    """What the rule makes of the probes (all times int64 UTC ns, arrays in target-then-time order).

    Attributes
    ----------
    down_target, down_start, down_end:
        The outages: each a maximal stretch of covered time in the down state.
    unknown_target, unknown_start, unknown_end:
        The gaps inside each target's probes (``[lo, hi)`` edges are added by the caller).
    covered_target, covered_start, covered_end:
        The stretches each target's probes speak for (merged).
    first_ns, last_ns:
        Per target: its first probe, and the end of its last probe's interval.
    flip_target, flip_ns, flip_down:
        State changes (at the convention's time); ``flip_down`` marks the changes to down.
    detect_target, detect_onset_ns, detect_delay_ns:
        Per change to down: its first failed probe, and the time to the ``fall``-th one.
    recover_delay_ns:
        Per change back to up: the time from its first success to the ``rise``-th one
        (``recover_target``, ``recover_onset_ns`` as above).
    raw_change_target, raw_change_ns:
        Changes of the raw probe result between consecutive probes (not across a gap).
    """

    down_target: np.ndarray
    down_start: np.ndarray
    down_end: np.ndarray
    unknown_target: np.ndarray
    unknown_start: np.ndarray
    unknown_end: np.ndarray
    covered_target: np.ndarray
    covered_start: np.ndarray
    covered_end: np.ndarray
    first_ns: np.ndarray
    last_ns: np.ndarray
    flip_target: np.ndarray
    flip_ns: np.ndarray
    flip_down: np.ndarray
    detect_target: np.ndarray
    detect_onset_ns: np.ndarray
    detect_delay_ns: np.ndarray
    recover_target: np.ndarray
    recover_onset_ns: np.ndarray
    recover_delay_ns: np.ndarray
    raw_change_target: np.ndarray
    raw_change_ns: np.ndarray


def check_rule(rise: int, fall: int, down_at: str) -> None:
    if rise < 1 or fall < 1:
        raise InputError(f"rise and fall count probes: each at least 1, got rise {rise}, fall {fall}")
    if down_at not in ("first", "fall"):
        raise InputError(f"unknown outage convention {down_at!r}; choose first or fall")


def evaluate(
    target: np.ndarray,
    time_ns: np.ndarray,
    ok: np.ndarray,
    interval_seconds: np.ndarray,
    *,
    rise: int = 2,
    fall: int = 3,
    down_at: DownAt = "first",
    max_gap: float | None = None,
) -> Evaluation:
    """Apply the rise/fall rule to probes sorted by (target, time).

    ``interval_seconds`` is per target; ``max_gap`` (seconds) defaults to 3 intervals of each target.
    Vectorised: runs of equal results are found once, and the state is carried forward from each
    run long enough to change it.
    """
    import numpy as np

    check_rule(rise, fall, down_at)
    n = len(time_ns)
    n_targets = len(interval_seconds)
    step = np.round(np.asarray(interval_seconds, dtype=np.float64) * NS).astype(np.int64)
    gap_ns = (np.full(n_targets, int(round(max_gap * NS)), dtype=np.int64) if max_gap is not None
              else 3 * step)
    if n == 0:
        import dataclasses

        none = np.full(n_targets, -1, np.int64)
        return Evaluation(**{f.name: none if f.name in ("first_ns", "last_ns") else np.zeros(0, dtype=np.int64)
                             for f in dataclasses.fields(Evaluation)})
    ok = np.asarray(ok, dtype=bool)
    step_of = np.repeat(step, np.bincount(target, minlength=n_targets))  # probes are sorted by target
    spacing = np.diff(time_ns)
    same = target[1:] == target[:-1]  # [i]: probe i + 1 is of the same target as probe i
    joined = same & (spacing <= np.repeat(gap_ns, np.bincount(target, minlength=n_targets))[:-1])

    def cover_end(at: np.ndarray) -> np.ndarray:
        """Where probe ``at``'s word ends: the next probe when joined to it, else one interval (or the gap)."""
        inner = at < n - 1
        nxt_at = np.minimum(at + 1, n - 1)
        linked = inner & joined[np.minimum(at, n - 2)] if n > 1 else np.zeros(len(at), dtype=bool)
        near = inner & same[np.minimum(at, n - 2)] if n > 1 else np.zeros(len(at), dtype=bool)
        own = np.minimum(step_of[at], np.where(near, time_ns[nxt_at] - time_ns[at], step_of[at]))
        return np.where(linked, time_ns[nxt_at], time_ns[at] + own)

    # runs of equal results, broken at a new target and at a gap: the rule works run by run
    run_first = np.concatenate([[0], np.flatnonzero(~joined | (ok[1:] != ok[:-1])) + 1]).astype(np.int64)
    run_last = np.append(run_first[1:] - 1, n - 1)
    run_len = run_last - run_first + 1
    run_ok = ok[run_first]
    run_tgt = target[run_first]
    n_runs = len(run_first)
    decisive = np.where(run_ok, run_len >= rise, run_len >= fall)
    new_target = np.ones(n_runs, dtype=bool)
    new_target[1:] = run_tgt[1:] != run_tgt[:-1]
    # the state after each run: the last decisive run's result, or up since the target's first probe
    seed = decisive | new_target
    last_seed = np.maximum.accumulate(np.where(seed, np.arange(n_runs), 0))
    seed_up = np.where(decisive, run_ok, True)
    state_up = seed_up[last_seed]
    before_up = np.ones(n_runs, dtype=bool)
    before_up[1:] = np.where(new_target[1:], True, state_up[:-1])
    flips = decisive & (run_ok != before_up)
    need = np.where(run_ok, rise, fall)  # probes until the balancer acts
    acted_at = run_first + need - 1  # index of the probe that flips the state
    link = np.append(joined[run_last[:-1]], False)  # run r continues into run r + 1

    # the state per stretch of probes: a run, or under --down-at fall a flipping run split where it acts
    if down_at == "fall":
        split_mask = flips & (need > 1)
        split = np.flatnonzero(split_mask)
        sub_first = np.concatenate([run_first, acted_at[split]])
        sub_up = np.concatenate([np.where(split_mask, before_up, state_up), state_up[split]])
        # the first part of a split run runs on into its second part
        sub_link = np.concatenate([np.where(split_mask, True, link), link[split]])
        order = np.argsort(sub_first, kind="stable")
        sub_first, sub_up, sub_link = sub_first[order], sub_up[order], sub_link[order]
    else:
        sub_first, sub_up, sub_link = run_first, state_up, link
    sub_last = np.append(sub_first[1:] - 1, n - 1)
    down = ~sub_up
    # outages: stretches of down probes that touch
    opens = down & ~np.concatenate([[False], down[:-1] & sub_link[:-1]])
    closes = down & ~np.concatenate([down[1:] & sub_link[:-1], [False]])
    d_first, d_last = sub_first[opens], sub_last[closes]
    d_t, d_s, d_e = target[d_first], time_ns[d_first], cover_end(d_last)

    breaks = np.flatnonzero(~joined)  # few: target changes and gaps
    c_first = np.concatenate([[0], breaks + 1]).astype(np.int64)
    c_last = np.append(breaks, n - 1).astype(np.int64)
    c_t, c_s, c_e = target[c_first], time_ns[c_first], cover_end(c_last)
    inner_gap = breaks[same[breaks]]
    gap_start = cover_end(inner_gap)
    gap_end = time_ns[inner_gap + 1]
    real = gap_start < gap_end
    first_ns = np.full(n_targets, -1, dtype=np.int64)
    last_ns = np.full(n_targets, -1, dtype=np.int64)
    first_ns[c_t[::-1]] = c_s[::-1]  # the earliest stretch of each target wins
    last_ns[c_t] = c_e

    flip_runs = np.flatnonzero(flips)
    flip_at = run_first[flip_runs] if down_at == "first" else acted_at[flip_runs]
    to_down = ~run_ok[flip_runs]
    d_runs, r_runs = flip_runs[to_down], flip_runs[~to_down]
    later = run_first[1:]
    raw_at = later[joined[later - 1]]  # a run starting without a break: the result changed
    return Evaluation(
        down_target=d_t, down_start=d_s, down_end=d_e,
        unknown_target=target[inner_gap][real], unknown_start=gap_start[real], unknown_end=gap_end[real],
        covered_target=c_t, covered_start=c_s, covered_end=c_e,
        first_ns=first_ns, last_ns=last_ns,
        flip_target=run_tgt[flip_runs], flip_ns=time_ns[flip_at], flip_down=to_down,
        detect_target=run_tgt[d_runs], detect_onset_ns=time_ns[run_first[d_runs]],
        detect_delay_ns=time_ns[acted_at[d_runs]] - time_ns[run_first[d_runs]],
        recover_target=run_tgt[r_runs], recover_onset_ns=time_ns[run_first[r_runs]],
        recover_delay_ns=time_ns[acted_at[r_runs]] - time_ns[run_first[r_runs]],
        raw_change_target=target[raw_at], raw_change_ns=time_ns[raw_at],
    )
