"""Plain-Python reference for benchmarks/probes.py: the csv module and a loop per probe.

The rise/fall rule with ``--down-at first`` (down from the first failure of a run of ``fall``
failures, up from the first success of a run of ``rise`` successes), each probe speaking for the
time to its target's next probe (the synthetic log has no gap longer than 3 intervals) and the last
for one interval. Returns the total downtime over all targets, in seconds, to check against ours.
"""

from __future__ import annotations

import csv
from datetime import datetime


def total_downtime(path: str, *, rise: int = 2, fall: int = 3, interval: float = 30.0) -> float:
    probes: dict[str, list[tuple[float, bool]]] = {}
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        for when, target, result in reader:
            stamp = datetime.fromisoformat(when.strip('"').replace("Z", "+00:00")).timestamp()
            code = int(result)
            probes.setdefault(target.strip('"'), []).append((stamp, 200 <= code < 400))
    total = 0.0
    for rows in probes.values():
        rows.sort()
        up, since = True, 0.0
        value, run_start, run_len = None, 0.0, 0
        for i, (stamp, good) in enumerate(rows):
            if good != value:
                value, run_start, run_len = good, stamp, 0
            run_len += 1
            if up and not good and run_len == fall:
                up, since = False, run_start
            elif not up and good and run_len == rise:
                up = True
                total += run_start - since
            if i == len(rows) - 1 and not up:
                total += stamp + interval - since
    return total
