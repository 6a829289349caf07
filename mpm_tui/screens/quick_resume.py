"""Coming back to a screen without restyling every widget on it.

Textual restyles a whole screen each time it is shown again (switching back to
a mode, closing a dialog over it): every node's CSS rules are matched anew,
some 50 ms of a screen switch here, although nothing about them changed while
the screen was hidden. What can change them then is app-wide: the theme (the
presenter's, ctrl+t, the palette's Theme) or the stylesheet, and Textual
counts those changes (`App._css_update_count`). A screen that comes back to
the same count skips the restyle; any other change — a class set on one of its
widgets — restyles that widget when it is made, hidden or not.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen, ScreenResultType


def _css_generation(screen: Screen[object]) -> int | None:
    """Textual's count of app-wide style changes (None if a version lacks it:
    then every resume restyles, as Textual does)."""
    count = getattr(screen.app, "_css_update_count", None)
    return count if isinstance(count, int) else None


class QuickResume(Screen[ScreenResultType]):
    """A screen that is restyled on resume only when the app's styles changed."""

    _styled_at: int | None = None

    def _on_screen_suspend(self) -> None:
        # Runs before Screen's own handler (Textual dispatches along the MRO).
        self._styled_at = _css_generation(self)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        generation = _css_generation(self)
        if generation is not None and generation == self._styled_at:
            event.refresh_styles = False  # read by Screen's handler, next in the MRO
