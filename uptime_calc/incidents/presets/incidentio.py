"""Placeholder: filled in below."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

NAME = "incidentio"


def detect_json(document: Any) -> bool:
    return False


def detect_table(headers: Sequence[str]) -> bool:
    return False
