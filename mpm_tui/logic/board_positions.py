"""Where a card sits in its column: order keys with gaps between them.

A task's stored `position` is an order key, not a slot number: the cards of a
column are read in (key, id) order, and the keys are spread `GAP` apart. A
card put down between two others takes a key between theirs, so a move writes
one row, however long the column. Only when two neighbours have no room left
between them is the column respaced (`spaced_key`), once, and the gaps are
back. Slots (0 = the top), what users and the screens speak of, are the order
itself and are never stored.

Plain integers, no database: the service asks for the neighbours' keys and
writes what these functions answer.
"""

from __future__ import annotations

GAP = 1 << 16
"""Room between two neighbours after a respacing: 16 halvings before it runs out."""
MAX_KEY = 1 << 62
"""Keys stay below this (a 64-bit column; migration 3 widened PostgreSQL's)."""


def spaced_key(index: int) -> int:
    """The key of the card at slot `index` in a freshly spaced column."""
    return (index + 1) * GAP


def key_between(before: int | None, after: int | None) -> int | None:
    """A key strictly between two neighbours' keys (None: no neighbour on that side),
    or None when there is no room and the column must be respaced.

    At the top keys only go down to 0; at the bottom they grow by `GAP`.
    """
    if before is None and after is None:
        return spaced_key(0)
    if before is None:
        assert after is not None
        return after - GAP if after > GAP else (after // 2 if after > 0 else None)
    if after is None:
        return before + GAP if before + GAP < MAX_KEY else None
    if after - before >= 2:
        return before + (after - before) // 2
    return None
