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

from typing import ClassVar

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey, FooterLabel


class Footer(TextualFooter):
    """`textual.widgets.Footer` that lets its old keys go, and says when a session
    is read-only."""

    DEFAULT_CSS: ClassVar[str] = """
    Footer FooterLabel.-read-only {
        background: $warning-muted;
        color: $text-warning;
        text-style: bold;
        padding: 0 1;
        margin: 0 1 0 0;
    }
    """

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

    def compose(self) -> ComposeResult:
        """Textual's keys; in a read-only session a `read-only` tag first, and the
        screen's changing keys dimmed (pressing one still says why it does nothing)."""
        note = getattr(self.screen, "read_only", "")
        changing: frozenset[str] = getattr(self.screen, "CHANGING_ACTIONS", frozenset())
        if note:
            yield FooterLabel(Content("read-only"), classes="-read-only", markup=False)
        for widget in super().compose():
            name = widget.action.split("(")[0] if isinstance(widget, FooterKey) else ""
            if note and name.rpartition(".")[2] in changing:
                widget.add_class("-disabled")
            yield widget
