"""Every file of the bad-input corpus (tests/data/bad) gives exactly the outcome its README table states.

Each runs the real command in a fresh process (a crash is an exit code, not a dead test run), with
a 30 s timeout as a guard against hangs. Compression bombs are generated here, not committed.
"""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from uptime_calc.incidents.reader import read_incidents

from .conftest import ROOT

BAD = ROOT / "tests" / "data" / "bad"
ROW = re.compile(r"^\| (\S+) \| (.*?) \| (\d) \| (.*?) \| ([\d-]+) \| ([\d-]+) \| (\d+) \|$", re.M)


def _table() -> list[tuple[str, str, int, str, str, str, int]]:
    rows = ROW.findall((BAD / "README.md").read_text("utf-8"))
    return [(f, a, int(c), m, n, r, int(k)) for f, a, c, m, n, r, k in rows]


def _run(path: Path, args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = ["model", str(path)] if path.suffix == ".yaml" else \
        ["incidents", str(path), "-f", "json", "--no-uncertainty"]
    return subprocess.run(
        [sys.executable, "-m", "uptime_calc", *command, *args], capture_output=True, text=True, timeout=30,
        cwd=path.parent, env={**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", **(env or {})},
    )


def test_every_corpus_file_is_in_the_table_and_there_are_at_least_60() -> None:
    files = sorted(p.name for p in BAD.iterdir() if p.name != "README.md")
    assert sorted(row[0] for row in _table()) == files
    assert len(files) >= 60


@pytest.mark.parametrize(("name", "args", "code", "message", "read", "rejected", "kept"), _table(),
                         ids=[row[0] for row in _table()])
def test_bad_input(name: str, args: str, code: int, message: str, read: str, rejected: str, kept: int) -> None:
    path = BAD / name
    done = _run(path, args.split())
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert done.returncode == code, done.stderr
    if code == 1:
        assert done.stdout == ""
        assert done.stderr.count("\n") == 1 and done.stderr.startswith("Error: ")
        assert message in done.stderr
        assert kept == 0
        return
    assert message in done.stderr
    if path.suffix != ".yaml":
        bad = json.loads(done.stdout)["bad_records"]
        assert sum(kind["rows"] for kind in bad.values()) == int(rejected)
        tz = args.split()[1] if args.startswith("--tz") else "UTC"
        assert len(read_incidents(path, tz=tz)) == int(read)
        assert int(read) - int(rejected) == kept


def _bomb(kind: str, size: int) -> bytes:
    payload = b"id,service,start,end\n" + b"\0" * size
    if kind == "zip":
        import io

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("a.csv", payload)
        return buffer.getvalue()
    return {"gzip": gzip.compress, "bzip2": bz2.compress, "xz": lzma.compress}[kind](payload)


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Compression bombs: 40 MB of zeros behind a header, a few kilobytes each."""
    folder = tmp_path_factory.mktemp("bombs")
    out = {}
    for kind, suffix in (("gzip", ".gz"), ("bzip2", ".bz2"), ("xz", ".xz"), ("zip", ".zip")):
        path = folder / f"bomb.csv{suffix}" if kind != "zip" else folder / "bomb.zip"
        path.write_bytes(_bomb(kind, 40_000_000))
        assert path.stat().st_size < 200_000
        out[kind] = path
    return out


@pytest.mark.parametrize("kind", ["gzip", "bzip2", "xz"])
def test_compression_bomb_stops_at_the_limit_given_by_environment(bombs: dict[str, Path], kind: str) -> None:
    done = _run(bombs[kind], [], env={"UPTIME_CALC_MAX_DECOMPRESSED_BYTES": "8MiB"})
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr == (f"Error: {bombs[kind].name}: the {kind} data expands past the limit (reading stopped at): "
                           "8,388,609 is over the limit max_decompressed_bytes = 8,388,608; raise it with "
                           "--max-decompressed-bytes N or UPTIME_CALC_MAX_DECOMPRESSED_BYTES=N\n")


def test_zip_bomb_is_not_inflated(bombs: dict[str, Path]) -> None:
    done = _run(bombs["zip"], [])
    assert done.returncode == 1 and done.stderr.startswith("Error: bomb.zip: a zip archive is not read")


def test_a_raised_limit_reads_the_bomb_to_its_real_error(bombs: dict[str, Path]) -> None:
    # 40 MB under a 64 MiB limit: inflated whole, then refused for what it is (NUL bytes, no rows)
    done = _run(bombs["gzip"], ["--max-decompressed-bytes", "64MiB"])
    assert done.returncode == 1 and "Traceback" not in done.stderr and "max_decompressed_bytes" not in done.stderr
