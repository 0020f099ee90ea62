"""Small memory pages for the big NumPy passes: fresh memory is the dearest part of them.

On Linux NumPy advises transparent huge pages (``madvise``) for every array of 4 MB or more.
Accounting a big log makes tens of such arrays, most of them short-lived, and reading one makes
the frame's columns; faulting in huge pages (zeroing 2 MB at a time, compaction) cost more
system time than they saved on the 2-core CI machine: ~50 ms in a 0.25 s accounting of a
million records in a fresh process. :func:`small_pages` turns the advice off while a block
runs; :func:`with_small_pages` does it for a whole function.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def hugepage_switch() -> Callable[[bool], bool] | None:
    """NumPy's switch of its huge-page advice (``setter(on) -> previous``), or None if this NumPy has none.

    The switch is private to NumPy, hence looked up softly.
    """
    import numpy as np

    core = getattr(np, "_core", None) or getattr(np, "core", None)
    setter: Callable[[bool], bool] | None = getattr(getattr(core, "multiarray", None), "_set_madvise_hugepage", None)
    return setter


@contextmanager
def small_pages() -> Iterator[None]:
    """NumPy's huge-page advice for new arrays off while the block runs (restored after).

    Without NumPy's switch (:func:`hugepage_switch`) nothing changes; with it, the setting is
    process-wide while the block runs.
    """
    setter = hugepage_switch()
    if setter is None:
        yield
        return
    before = setter(False)
    try:
        yield
    finally:
        setter(before)


def with_small_pages(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` under :func:`small_pages` (NumPy imported on the first call, not before)."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with small_pages():
            return func(*args, **kwargs)

    return run
