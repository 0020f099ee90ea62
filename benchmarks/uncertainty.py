"""Benchmark: the uncertainty interval's cost, as a ratio to the same accounting without it.

A synthetic log of 1,000,000 incidents over 200 services (the generator of ``benchmarks/incidents.py``:
overlaps, impacts, maintenance) is read once per fresh process, then accounted per month with and
without the interval on long-run availability (``measure(..., uncertainty=True|False)``). Each mode
runs in ``--repeat`` fresh processes (3), interleaved; the fastest of each is compared.

Target (issue: "uncertainty is slow and cannot be turned off"): the interval costs under 20% of the
accounting on that log, i.e. ``with / without <= 1.2``.

Run: ``python benchmarks/uncertainty.py [--rows 1000000] [--services 200] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import json, sys, time
from uptime_calc.incidents import read_incidents
from uptime_calc.accounting.measure import measure
log = read_incidents(sys.argv[1])
measure(log.frame.head(1000), uncertainty=sys.argv[2] == "on")  # imports and first-use set-up, untimed
t0 = time.perf_counter()
m = measure(log, period="month", uncertainty=sys.argv[2] == "on")
print(json.dumps({"seconds": time.perf_counter() - t0, "groups": len(m.totals),
                  "outages": int(m.totals["incidents"].sum())}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--services", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from benchmarks.incidents import generate

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.csv"
        generate(path, args.rows, args.services)
        runs: dict[str, list[float]] = {"off": [], "on": []}
        info = {}
        for _ in range(args.repeat):
            for mode in ("off", "on"):
                out = subprocess.run([sys.executable, "-c", CHILD, str(path), mode], capture_output=True, text=True,
                                     check=True, cwd=ROOT)
                info = json.loads(out.stdout)
                runs[mode].append(info["seconds"])
    off, on = min(runs["off"]), min(runs["on"])
    ratio = on / off
    print(f"{args.rows:,} rows, {info['groups']} services, {info['outages']:,} merged outages")
    print(f"accounting without the interval: {off:.3f} s (fastest of {args.repeat} fresh processes)")
    print(f"accounting with the interval:    {on:.3f} s")
    print(f"ratio with / without: {ratio:.2f}x  (interval = {100 * (ratio - 1):.0f}% of the accounting) "
          f"{'PASS' if ratio <= 1.2 else 'MISS'} (target <= 1.2x)")


if __name__ == "__main__":
    main()
