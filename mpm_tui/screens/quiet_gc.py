"""Keep the cyclic garbage collector's full passes away from key presses.

A screen holding thousands of views (cards, timeline rows) until the next
change pays for a full collection walking them: a key now and then stalls by
60–150 ms (see benchmarks/). After each load the screen calls `hold()`: what
is alive is frozen out of the collector; once the keys have rested for a
moment, everything is collected (freed cycles included) and what is left
frozen again. Every key postpones that (`key()`).
"""

from __future__ import annotations

import gc

from textual.dom import DOMNode
from textual.timer import Timer

IDLE_COLLECT_AFTER = 2.0
"""Seconds without a key or a change before the full collection runs."""


class QuietCollector:
    def __init__(self, owner: DOMNode, after: float = IDLE_COLLECT_AFTER) -> None:
        self.owner = owner
        self.after = after
        self._timer: Timer | None = None

    def hold(self) -> None:
        """Freeze what is alive now; collect once the keys rest."""
        gc.freeze()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.owner.set_timer(self.after, self._collect)

    def key(self) -> None:
        """A key was pressed: the pending collection waits for the keys to rest."""
        if self._timer is not None:
            self._timer.reset()

    def _collect(self) -> None:
        self._timer = None
        gc.unfreeze()
        gc.collect()
        gc.freeze()
