"""Chunks of replications, each with its own seed, run in-process, on local cores or on Dask.

A run is a sequence of chunks ``0, 1, 2, ...`` of ``chunk_size`` replications.
Chunk ``i`` draws from ``default_rng(SeedSequence(seed, spawn_key=(i,)))``, so
its numbers depend only on the root seed and its index: the same chunks give
the same result whether they run serially, on a process pool
(``--workers N``) or on a Dask cluster (``--scheduler ADDRESS``), and results
are always combined in chunk order.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..errors import InputError
from ..models.blocks import Block
from .intervals import Intervals
from .months import Horizon, month_downtime
from .structure import EventTally, SimOptions, system_down


@dataclass(frozen=True)
class ChunkTask:
    """One unit of work: ``size`` replications of ``block`` seeded by ``(seed, index)``."""

    block: Block
    horizon: Horizon
    options: SimOptions
    seed: int
    index: int
    size: int


@dataclass(frozen=True, eq=False)  # holds arrays: compare by identity
class ChunkResult:
    """Per-replication outputs of one chunk."""

    index: int
    month_downtime: np.ndarray
    outages: np.ndarray
    events: int


def chunk_rng(seed: int, index: int) -> np.random.Generator:
    """The generator of chunk ``index``: independent streams by ``SeedSequence`` spawn keys."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(index,)))


def run_chunk(task: ChunkTask) -> ChunkResult:
    """Simulate one chunk (a module-level function, so process pools and Dask can ship it)."""
    tally = EventTally()
    options = replace(task.options, tally=tally)
    iv: Intervals = system_down(task.block, task.size, task.horizon.seconds, chunk_rng(task.seed, task.index),
                                options)
    return ChunkResult(task.index, month_downtime(iv, task.horizon), iv.outages(), tally.events)


Runner = Callable[[Iterable[ChunkTask]], Iterator[ChunkResult]]

#: seconds to wait for a Dask scheduler before giving up with a clear error
CONNECT_TIMEOUT = 10


def serial_runner(tasks: Iterable[ChunkTask]) -> Iterator[ChunkResult]:
    """Run chunks one after the other in this process."""
    for task in tasks:
        yield run_chunk(task)


def _ordered(submit: Callable[[ChunkTask], Any], tasks: Iterable[ChunkTask], lookahead: int) -> Iterator[ChunkResult]:
    """Keep ``lookahead`` chunks in flight; yield results in chunk order; cancel the rest on close."""
    it = iter(tasks)
    pending: deque[Any] = deque(submit(t) for t in itertools.islice(it, lookahead))
    try:
        while pending:
            result = pending.popleft().result()
            nxt = next(it, None)
            if nxt is not None:
                pending.append(submit(nxt))
            yield result
    finally:
        for fut in pending:
            fut.cancel()


def process_runner(workers: int) -> Runner:
    """Run chunks on a local pool of ``workers`` processes."""
    if workers < 1:
        raise InputError(f"--workers must be 1 or more, got {workers}")

    def run(tasks: Iterable[ChunkTask]) -> Iterator[ChunkResult]:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            yield from _ordered(lambda t: pool.submit(run_chunk, t), tasks, 2 * workers)

    return run


def dask_runner(scheduler: Any) -> Runner:
    """Run chunks on a Dask cluster: ``scheduler`` is an address (``tcp://host:8786``) or a ``Client``."""

    def run(tasks: Iterable[ChunkTask]) -> Iterator[ChunkResult]:
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - dask is a declared extra
            raise InputError("--scheduler needs dask.distributed: pip install 'uptime-calc[dask]'") from exc
        own = not isinstance(scheduler, Client)
        if own:
            probe_scheduler(str(scheduler))
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT) if own else scheduler
        except (OSError, TimeoutError, ValueError) as exc:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler!r}: {exc}") from None
        try:
            workers = max(1, sum(client.nthreads().values()))
            yield from _ordered(lambda t: client.submit(run_chunk, t, pure=False), tasks, 2 * workers)
        finally:
            if own:
                client.close()

    return run


#: the most a Dask scheduler's greeting may take (it is a few hundred bytes of msgpack)
_GREETING_BYTES = 1 << 20


def probe_scheduler(address: str, timeout: float = CONNECT_TIMEOUT) -> None:
    """Check that a plain TCP address (``tcp://host:port`` or ``host:port``) is a Dask scheduler.

    A Dask server speaks first: on connection it sends its handshake, a message framed by an
    8-byte little-endian length. A server that accepts and stays silent would make the client
    wait forever (its connect timeout covers only the TCP connection), and one that answers
    with something else (an HTTP server) makes it read a garbage length and allocate exabytes.
    So this reads that length itself, within ``timeout`` seconds, before a client is made.
    Other schemes (``tls://``, ``inproc://``...) are left to Dask.

    Raises
    ------
    InputError
        When the address cannot be reached, stays silent, or does not answer like Dask.
    """
    import socket
    import struct

    scheme, _, rest = address.rpartition("://")
    if scheme not in ("", "tcp"):
        return
    host, sep, port_text = rest.rpartition(":")
    if not sep or not port_text.isdigit():
        return  # Dask's own parsing reports a malformed address
    host = host.strip("[]")
    fix = "check --scheduler (the address the scheduler prints, e.g. tcp://10.0.0.5:8786)"
    try:
        with socket.create_connection((host, int(port_text)), timeout=timeout) as conn:
            conn.settimeout(timeout)
            head = b""
            while len(head) < 8:
                piece = conn.recv(8 - len(head))
                if not piece:
                    break
                head += piece
    except TimeoutError:
        raise InputError(f"the server at {address!r} accepted the connection but sent nothing within {timeout:g} s; "
                         f"a Dask scheduler greets every client at once: {fix}") from None
    except OSError as exc:
        raise InputError(f"cannot reach the Dask scheduler at {address!r}: {exc.strerror or exc}; {fix}") from None
    if len(head) < 8 or not 0 < struct.unpack("<Q", head)[0] <= _GREETING_BYTES:
        shown = head[:8].decode("latin-1").encode("unicode_escape").decode("ascii")
        raise InputError(f"the server at {address!r} is not a Dask scheduler (it answered {shown!r}); {fix}")
