"""Textual's Footer, without the leak of its rebuilt keys.

Textual 8.2's `Footer` rebuilds its keys whenever a screen's bindings change,
and each `FooterKey` it builds is data-bound to the footer's `compact`
reactive. The binding is a watcher on the footer that holds the key; Textual
prunes watchers of closed widgets only when the reactive changes, which
`compact` never does. So every rebuild leaves its keys alive: hundreds of
objects per key press, and garbage-collection pauses of 100 ms and more
after a few hundred moves on the board (found by `python -m benchmarks`).
This footer drops the watchers of closed keys after each rebuild.
"""

from __future__ import annotations

from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """`textual.widgets.Footer` that lets its old keys go."""

    async def recompose(self) -> None:
        await super().recompose()
        watchers = getattr(self, "__watchers", None)
        if not watchers:
            return
        for name, watching in watchers.items():
            watchers[name] = [
                (node, callback)
                for node, callback in watching
                if not (node._closing or node._closed)
            ]
