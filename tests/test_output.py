"""Output files are written whole or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from uptime_calc.errors import OutputError
from uptime_calc.output import write_atomic


def test_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"
    target.write_text("old")
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert os.listdir(tmp_path) == ["r.txt"]


def test_mode_follows_umask_or_the_old_file(tmp_path: Path) -> None:
    # regression: mkstemp's 0600 made reports unreadable to anyone else
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.html", "x")
        assert stat.S_IMODE(os.stat(tmp_path / "new.html").st_mode) == 0o644
        kept = tmp_path / "kept.txt"
        kept.write_text("old")
        kept.chmod(0o640)
        write_atomic(kept, "new")
        assert stat.S_IMODE(os.stat(kept).st_mode) == 0o640
    finally:
        os.umask(old)


def test_failure_keeps_old_file(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"
    target.write_text("old")

    with pytest.raises(TypeError):
        write_atomic(target, 12345)  # type: ignore[arg-type]
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["r.txt"]


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_atomic(tmp_path / "no" / "r.txt", "x")


def test_device_is_written_through_not_replaced() -> None:
    # regression: a rename over /dev/null would replace the device with a regular file
    write_atomic("/dev/null", "data")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


# -- issue 17: every failure a one-line error; temp files a later run can clean up ---------------


def test_long_name_that_fits_gets_a_shortened_temp_name(tmp_path: Path) -> None:
    # regression: a 250-byte name fit, but ".name.XXXXXXXX.tmp" did not (OSError: File name too long)
    target = tmp_path / ("a" * 250 + ".csv")
    write_atomic(target, "x")
    assert target.read_text() == "x"
    assert os.listdir(tmp_path) == [target.name]


def test_name_too_long_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"file name too long \(304 bytes, at most 255 here\)"):
        write_atomic(tmp_path / ("a" * 300 + ".csv"), "x")
    assert os.listdir(tmp_path) == []


def test_symlink_loop_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(OutputError, match="symbolic links"):
        write_atomic(tmp_path / "a", "x")
    with pytest.raises(OutputError, match="symbolic links"):
        write_atomic(tmp_path / "a" / "r.csv", "x")


def test_read_only_file_system_is_an_output_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    real_open = os.open

    def read_only(path, flags, mode=0o777, **kw):  # what the kernel answers on a read-only mount
        if flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, mode, **kw)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(OutputError) as info:
        write_atomic(tmp_path / "r.csv", "x")
    assert str(info.value) == f"cannot write {tmp_path / 'r.csv'}: read-only file system; write somewhere else"


@pytest.mark.parametrize("name", ["a" * 300 + ".json", "loop", "loop/r.json", "folder"])
def test_cli_output_errors_are_one_line(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from uptime_calc.cli import main

    from .conftest import ROOT

    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "folder").mkdir()
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(main, ["incidents", str(ROOT / "samples" / "incidents.csv"), "-f", "json", "-o", name])
    assert res.exit_code in (1, 2), res.output  # 2: click refuses a folder before anything runs
    assert "Traceback" not in res.output and res.exception is None or isinstance(res.exception, SystemExit)
    errors = [line for line in res.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1


def test_temp_names_carry_host_and_pid() -> None:
    from uptime_calc.output import _TEMP, temp_name

    match = _TEMP.match(temp_name("r.csv"))
    assert match is not None and int(match["pid"]) == os.getpid()


KILLED_WRITER = """
import sys, time
from uptime_calc.output import write_atomic

def slow(out):
    out.write(b"x" * 100_000)
    out.flush()
    print("writing", flush=True)
    time.sleep(60)

write_atomic(sys.argv[1], slow)
"""


def test_sigkill_leftover_is_removed_by_the_next_write(tmp_path: Path) -> None:
    # regression: a SIGKILL during -o left a hidden temp file of the full size beside the target, forever
    import signal
    import subprocess
    import sys

    from uptime_calc.output import temp_name

    from .conftest import ROOT

    target = tmp_path / "report.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(target)], stdout=subprocess.PIPE, env=env)
    assert child.stdout is not None
    assert child.stdout.readline() == b"writing\n"
    child.send_signal(signal.SIGKILL)
    child.wait()
    left = [p for p in os.listdir(tmp_path) if p != "report.json"]
    assert len(left) == 1 and left[0].startswith(".report.json.uptime-calc-")
    assert (tmp_path / left[0]).stat().st_size >= 100_000
    # not ours to remove: a live process's temp file, another machine's, a link, another program's
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        mine = temp_name("other.json")
        live = mine.replace(f"-{os.getpid()}-", f"-{alive.pid}-")
        (tmp_path / live).write_text("in progress")
        host = live.split("uptime-calc-")[1].split("-")[0]
        (tmp_path / live.replace(host, "0" * 8 if host != "0" * 8 else "1" * 8).replace(
            f"-{alive.pid}-", f"-{child.pid}-")).write_text("other machine")
        (tmp_path / ".x.uptime-calc-link.tmp").symlink_to(tmp_path / "report.json")
        (tmp_path / ".report.json.abcd1234.tmp").write_text("mkstemp's, not ours")
        before = set(os.listdir(tmp_path))
        write_atomic(target, "new")
        assert target.read_text() == "new"
        assert set(os.listdir(tmp_path)) == before - {left[0]} | {"report.json"}
    finally:
        alive.kill()
        alive.wait()
