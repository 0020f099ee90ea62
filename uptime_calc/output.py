"""Writing output files whole or not at all (a temp file in the same folder, then a rename).

The temp file is named ``.<name>.uptime-calc-<host>-<pid>-<random>.tmp``. A run killed while
writing (SIGKILL, power loss) cannot remove it, so every later write into the same folder removes
the temp files of runs that are gone: those named by this machine, by a process id that no longer
exists, regular files owned by the current user. Nothing else is ever removed.

Every failure (a folder that does not exist or is read-only, a name too long, a symlink loop, a
full disk) is an :class:`~uptime_calc.errors.OutputError` with one line saying what and why; the
old file, if any, is left as it was.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import socket
import stat
from collections.abc import Callable
from pathlib import Path
from typing import IO

from .errors import OutputError

#: a writer streams the output to a binary file (a long table a block of rows at a time)
Writer = Callable[[IO[bytes]], None]

_TAG = "uptime-calc"
_TEMP = re.compile(r"^\..*\.uptime-calc-(?P<host>[0-9a-f]{8})-(?P<pid>[0-9]+)-[0-9a-z]+\.tmp$")

#: what an OS error means to someone writing a file, and what to do about it
_HINTS = {
    errno.ENAMETOOLONG: "file name too long; choose a shorter name",
    errno.EROFS: "read-only file system; write somewhere else",
    errno.ELOOP: "too many levels of symbolic links (a symlink loop?); fix the link or choose another name",
    errno.EACCES: "permission denied; choose a folder you can write to",
    errno.EPERM: "permission denied; choose a folder you can write to",
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EISDIR: "it is a folder; name a file",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ENOENT: "no such file or folder (a file cannot be created there)",
}


def _host_tag() -> str:
    """8 hex digits naming this machine: a run removes only its own machine's leftovers (shared folders)."""
    return hashlib.blake2s(socket.gethostname().encode(), digest_size=4).hexdigest()


def _reason(exc: OSError) -> str:
    return _HINTS.get(exc.errno or 0, exc.strerror or str(exc))


def write_atomic(path: str | os.PathLike[str], data: str | bytes | Writer) -> Path:
    """Write ``data`` (text, bytes, or a writer streaming to a binary file) to ``path`` atomically.

    On any failure the old file (if any) is untouched and the temp file removed; an OS error is an
    :class:`~uptime_calc.errors.OutputError` naming the file and why.
    """
    target = Path(path)
    try:
        return _write(target, data)
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {_reason(exc)}") from exc


def _write(target: Path, data: str | bytes | Writer) -> Path:
    folder = target.parent if str(target.parent) else Path(".")
    name_max = _name_max(folder)
    if len(os.fsencode(target.name)) > name_max:
        raise OutputError(f"cannot write {target}: file name too long ({len(os.fsencode(target.name))} bytes, "
                          f"at most {name_max} here); choose a shorter name")
    try:
        st: os.stat_result | None = target.stat()
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputError(f"cannot write {target}: it is a folder; name a file")
    if st is not None and not stat.S_ISREG(st.st_mode):
        # a device or pipe (-o /dev/stdout, /dev/null): renaming over it would replace it
        return _write_through(target, data)
    if not folder.is_dir():
        raise OutputError(f"cannot write {target}: folder {folder} does not exist")
    mode = st.st_mode & 0o7777 if st is not None else _default_mode()
    remove_stale_temp_files(folder)
    tmp = folder / temp_name(target.name, name_max)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        os.fchmod(fd, mode)  # created 0600 while written; a report is meant to be shared
        with os.fdopen(fd, "wb", buffering=1 << 20) as fh:
            _put(fh, data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return target


def _put(fh: IO[bytes], data: str | bytes | Writer) -> None:
    if isinstance(data, str):
        fh.write(data.encode("utf-8"))
    elif isinstance(data, (bytes, bytearray, memoryview)):
        fh.write(data)
    elif callable(data):
        data(fh)
    else:
        raise TypeError(f"cannot write {type(data).__name__}: give text, bytes or a writer")


def _name_max(folder: Path) -> int:
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):
        return 255


def temp_name(name: str, name_max: int = 255) -> str:
    """The temp file's name for the target ``name``: hidden, tagged with this machine and process.

    The target's name is shortened (at a character boundary) when the whole would be too long.

    >>> n = temp_name("report.html")
    >>> n.startswith(".report.html.uptime-calc-") and n.endswith(".tmp")
    True
    >>> len(temp_name("a" * 255).encode()) <= 255
    True
    """
    suffix = f".{_TAG}-{_host_tag()}-{os.getpid()}-{secrets.token_hex(4)}.tmp"
    room = max(name_max - len(suffix) - 1, 1)
    stem = os.fsencode(name)[:room].decode("utf-8", errors="ignore") or "out"
    return f".{stem}{suffix}"


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Remove the temp files left in ``folder`` by runs that were killed while writing; return them.

    Only files named as :func:`temp_name` names them, by this machine, by a process that no longer
    exists, regular (not links) and owned by the current user.
    """
    removed: list[Path] = []
    host = _host_tag()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP.match(entry.name)
        if match is None or match["host"] != host:
            continue
        pid = int(match["pid"])
        if pid == os.getpid() or _alive(pid):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid():
                continue
            os.unlink(entry.path)
        except OSError:  # gone already (another run cleaned it), or not ours to remove
            continue
        removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # exists (another user's), or not a pid at all: leave it
    return True


def _default_mode() -> int:
    """The mode a plain ``open(target, "w")`` would give: 0666 less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _write_through(target: Path, data: str | bytes | Writer) -> Path:
    with open(target, "wb") as fh:
        _put(fh, data)
    return target
