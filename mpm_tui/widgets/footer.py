"""Textual's Footer, without the leak of its rebuilt keys.

Textual 8.2's `Footer` rebuilds its keys whenever a screen's bindings change,
and each `FooterKey` it builds is data-bound to the footer's `compact`
reactive. The binding is a watcher on the footer that holds the key; Textual
prunes watchers of closed widgets only when the reactive changes, which
`compact` never does. So every rebuild leaves its keys alive: hundreds of
objects per key press, and garbage-collection pauses of 100 ms and more
after a few hundred moves on the board (found by `python -m benchmarks`).
This footer drops the watchers of closed keys after each rebuild.

It also rebuilds only when what it shows changed, and only on the screen
shown. Textual recomposes a footer whenever its screen's bindings are
refreshed — twice on every screen switch, after every card drop — mounting and
styling some thirty keys each time (about 50 ms of a switch); most of the time
they come out the same.
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

    _shown: tuple[object, ...] | None = None
    """What the keys were last built from (None: not built yet)."""

    def _showing(self) -> tuple[object, ...]:
        """Everything `compose` builds the keys from: the shown bindings (key and its
        display, description, action, enabled, tooltip, group), the read-only note and
        the changing actions, the command palette key."""
        app, screen = self.app, self.screen
        bindings = tuple(
            (
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                enabled,
                tooltip,
                None if binding.group is None else binding.group.description,
            )
            for _, binding, enabled, tooltip in screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        )
        return (
            bindings,
            getattr(screen, "read_only", ""),
            getattr(screen, "CHANGING_ACTIONS", frozenset()),
            self.show_command_palette,
            self.compact,
        )

    async def recompose(self) -> None:
        """Rebuild the keys, unless they would come out as they are, or the screen
        is no longer shown (switching away refreshes its bindings one last time, as
        if it were still current: rebuilt then, its keys would be rebuilt again on
        the way back)."""
        if not self._bindings_ready or not self.is_attached:
            await super().recompose()
            return
        if self.screen is not self.app.screen:
            return
        showing = self._showing()
        if showing == self._shown:
            return
        self._shown = showing
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
