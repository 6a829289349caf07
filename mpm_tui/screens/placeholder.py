"""An honest stand-in for a screen that is not built yet: what it will show, nothing fake."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from mpm_tui.screens import ScreenInfo
from mpm_tui.widgets.footer import Footer

NOT_BUILT = "Not built yet — coming in a later release."


class PlaceholderScreen(Screen[None]):
    """The screen's name, one sentence on what it will show, and that it is not built yet."""

    CSS_PATH = "placeholder.tcss"

    def __init__(self, info: ScreenInfo) -> None:
        super().__init__(id=f"{info.mode}-screen")
        self.info = info
        self.title = info.title

    def compose(self) -> ComposeResult:
        yield Header()
        with Middle(), Center():
            note = Content.assemble(
                (self.info.title, "bold"),
                "\n\n",
                self.info.summary,
                "\n\n",
                (NOT_BUILT, "italic"),
            )
            yield Static(note, id="not-built", markup=False)
        yield Footer(compact=True)
