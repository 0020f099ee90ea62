"""Start-up cost of a one-number command, as a ratio to ``python -c "import click"``.

Run: ``python benchmarks/startup.py``. SPEC section 5 asks that a one-number
command answers in a fraction of a second, with no pandas or matplotlib import.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPEATS = 15


def wall(args: list[str]) -> float:
    times = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    baseline = wall([sys.executable, "-c", "import click"])
    rows = [
        ("uptime-calc nines 99.9", [sys.executable, "-m", "uptime_calc", "nines", "99.9"]),
        ("uptime-calc nines 99.9 -f json", [sys.executable, "-m", "uptime_calc", "nines", "99.9", "-f", "json"]),
        ("uptime-calc --help", [sys.executable, "-m", "uptime_calc", "--help"]),
    ]
    print(f"baseline  python -c 'import click': {baseline * 1000:7.1f} ms (median of {REPEATS})")
    for label, args in rows:
        t = wall(args)
        print(f"{label:34s} {t * 1000:7.1f} ms   ratio to baseline {t / baseline:5.2f}x")


if __name__ == "__main__":
    main()
