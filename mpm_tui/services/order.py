"""Stored order of the small lists users rearrange (columns, checklist items)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mpm_tui.db.models import BaseModel


def store_order(model: type[BaseModel], rows: Sequence[Any]) -> None:
    """Store `rows`' list order as positions 0…n-1, writing only the rows that moved
    (each row's `position` is updated in place too)."""
    for index, row in enumerate(rows):
        if row.position != index:
            model.update(position=index).where(model.id == row.id).execute()
            row.position = index
