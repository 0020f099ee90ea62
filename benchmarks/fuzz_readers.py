"""Coverage-guided fuzzing of the input side: incident readers, unit parsers, the scenario loader.

Every input must either be read or raise one of the package's own errors
(:class:`uptime_calc.errors.UptimeCalcError`); any other exception is a crash, which atheris
reports with the input that caused it (saved as ``crash-<hash>`` in the working directory).

Usage (atheris is not a dependency of the package: ``pip install atheris``)::

    python benchmarks/fuzz_readers.py -max_total_time=600 [-seed=1] [corpus_dir ...]

The first byte of each input picks the target (CSV, JSON, JSON Lines, gzip CSV, duration,
availability, scenario YAML); the rest is its content. The limits are lowered so a single input
cannot run long (max_json_depth 32, max_decompressed_bytes 1 MB, max_scenario_nodes 10,000).
Run it from a scratch directory: each input is written to a temporary file.
"""

from __future__ import annotations

import gzip
import os
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["uptime_calc"], enable_loader_override=False):
    from uptime_calc import limits
    from uptime_calc.errors import UptimeCalcError
    from uptime_calc.incidents.reader import read_incidents
    from uptime_calc.scenario import loads_scenario
    from uptime_calc.units import parse_availability, parse_duration

SUFFIXES = (".csv", ".json", ".jsonl", ".csv.gz", "duration", "availability", "scenario")
_SCRATCH = Path(tempfile.mkdtemp(prefix="fuzz-readers-"))
_EXECUTIONS = 0


def one_input(data: bytes) -> None:
    """Run one input against the target its first byte picks."""
    global _EXECUTIONS
    _EXECUTIONS += 1
    if not data:
        return
    target = SUFFIXES[data[0] % len(SUFFIXES)]
    body = data[1:]
    with limits.using(max_json_depth=32, max_decompressed_bytes=1_000_000, max_scenario_nodes=10_000):
        try:
            if target == "duration":
                parse_duration(body.decode("utf-8", "replace"))
            elif target == "availability":
                parse_availability(body.decode("utf-8", "replace"))
            elif target == "scenario":
                loads_scenario(body.decode("utf-8", "replace"), source="fuzz.yaml")
            else:
                path = _SCRATCH / f"input{target}"
                path.write_bytes(gzip.compress(body) if target == ".csv.gz" else body)
                read_incidents(path)
        except UptimeCalcError:
            pass


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    try:
        atheris.Fuzz()
    finally:
        print(f"executions: {_EXECUTIONS}", file=sys.stderr)
        for child in _SCRATCH.iterdir():
            child.unlink()
        os.rmdir(_SCRATCH)


if __name__ == "__main__":
    main()
