"""Two halves at once: NumPy work on big arrays split over two threads.

NumPy releases the GIL inside its loops, so on two cores two halves of a pass over a million
records take about half the time. Below :data:`MIN_ROWS` records a thread's start costs more
than it saves, and everything runs in the calling thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

A = TypeVar("A")
B = TypeVar("B")

#: fewer records than this are worked in one thread
MIN_ROWS = 200_000


def worth_it(rows: int, min_rows: int | None = None) -> bool:
    """Whether ``rows`` records are worth two threads (and the machine has two cores).

    ``min_rows``: the threshold (default :data:`MIN_ROWS`, read at each call).
    """
    import os

    least = MIN_ROWS if min_rows is None else min_rows
    return rows >= max(least, 2) and (os.cpu_count() or 1) >= 2


def in_two(first: Callable[[], A], second: Callable[[], B]) -> tuple[A, B]:
    """``(first(), second())``, ``second`` in a worker thread while ``first`` runs in this one.

    An exception in either is raised here, after both ended (leaving the pool waits for the worker).
    """
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        later = pool.submit(second)
        a = first()
        return a, later.result()
