"""Presenter mode for the weekly sync: board → timeline → workload → dashboard.

The app owns one `Presenter`. While it presents, the app wears a high-contrast
theme, each screen of the sequence gets a title band (`PresenterBand`) and the
class `-presenting` (app.tcss hides its Header and Footer there), and the app's
priority bindings turn space/→, ←, p and escape into next, back, pause and end.
Those keys work only on a presented screen: in a card or dialog opened on top
(or a focused text box) they do their usual job, and the auto-advance holds.

Changes are off while presenting: an action a screen lists in its
`CHANGING_ACTIONS` (moving a card, shifting a bar, reassigning) is refused
with a note, so a stray key during a screen share moves nothing. The sequence
wraps around: after the dashboard comes the board again (the band says so).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.actions import ActionError, ActionParseResult
from textual.actions import parse as parse_action
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.widgets import Input, TextArea

from mpm_tui.screens import SCREENS_BY_MODE
from mpm_tui.widgets.presenter_band import BandState, PresenterBand

if TYPE_CHECKING:
    from textual.app import App

SEQUENCE: tuple[str, ...] = ("board", "timeline", "workload", "dashboard")
"""The modes shown, in order; the sequence wraps around at both ends."""
TICK = 1.0
"""Seconds between two countdown steps (shorter when the interval is)."""
PRESENTER_ACTIONS = frozenset({"present_next", "present_back", "present_pause", "present_end"})
"""The app actions bound to the presenter keys (enabled only while presenting)."""
PRESENTER_BINDINGS: list[BindingType] = [
    Binding(
        "P",
        "toggle_present",
        "Present",
        show=False,
        id="app.present",
        tooltip="Presenter mode for the weekly sync (P or esc ends it)",
    ),
    # Presenter keys: priority, so they beat the screens' own space/arrows/p/esc,
    # and enabled only on a presented screen (check_action), else the key is the screen's.
    Binding(
        "space,right",
        "present_next",
        "Next screen",
        show=False,
        priority=True,
        id="app.present.next",
        tooltip="Presenting: show the next screen of the sequence",
    ),
    Binding(
        "left",
        "present_back",
        "Previous screen",
        show=False,
        priority=True,
        id="app.present.back",
        tooltip="Presenting: show the previous screen of the sequence",
    ),
    Binding(
        "p",
        "present_pause",
        "Pause",
        show=False,
        priority=True,
        id="app.present.pause",
        tooltip="Presenting: pause or resume the auto-advance",
    ),
    Binding(
        "escape",
        "present_end",
        "End presenting",
        show=False,
        priority=True,
        id="app.present.end",
        tooltip="Presenting: end it, back to the screen and theme you had",
    ),
]
"""`P` starts and ends presenting; the other keys are the app's only while presenting."""
CHANGES_OFF = "Presenting: changes are off here (esc ends presenting)"

PRESENT_THEME = Theme(
    name="mpm-present",
    primary="#00D7FF",
    secondary="#0087AF",
    accent="#00D7FF",
    warning="#FFD000",
    error="#FF4F4F",
    success="#3DF07A",
    foreground="#FFFFFF",
    background="#000000",
    surface="#121212",
    panel="#1E1E1E",
    boost="#2A2A2A",
    dark=True,
    text_alpha=1.0,
)
"""Black and white with one strong accent (cyan) and a bright yellow, red and green
for warnings, errors and success: readable when screen-shared and compressed."""


@dataclass(frozen=True)
class PresentOptions:
    """How `mpm present` starts the app: presenting from the board."""

    interval: float | None = None
    """Seconds per screen when advancing by itself; None: only by hand."""


class Presenter:
    """Presenter mode: the sequence, the auto-advance timer, the look while presenting."""

    def __init__(self, app: App[None]) -> None:
        self.app = app
        self.active = False
        self.step = 0
        self.interval: float | None = None
        self.remaining: float | None = None
        self.paused = False
        self.timer: Timer | None = None
        self._return_mode = "board"
        self._return_theme = app.theme
        self._dressed: list[Screen[object]] = []

    # ------------------------------------------------------------ start / stop

    async def start(self, interval: float | None = None) -> None:
        """Present from the current screen's place in the sequence (or the board)."""
        if self.active:
            return
        if interval is not None and interval <= 0:
            raise ValueError(f"interval must be positive, not {interval}")
        self.active = True
        self.interval = interval
        self.paused = False
        self._return_mode = self.app.current_mode
        self._return_theme = self.app.theme
        self.app.theme = PRESENT_THEME.name
        if interval is not None:
            self.timer = self.app.set_interval(min(TICK, interval), self.tick)
        current = self.app.current_mode
        await self.go(SEQUENCE.index(current) if current in SEQUENCE else 0)

    async def stop(self) -> None:
        """Back to how it was: the theme, every header and footer, the screen."""
        if not self.active:
            return
        self.active = False
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
        for screen in self._dressed:
            screen.remove_class("-presenting")
            await screen.query(PresenterBand).remove()
        self._dressed.clear()
        self.app.theme = self._return_theme
        await self.app.switch_mode(self._return_mode)

    async def toggle(self) -> None:
        """`P`: start presenting, or end it."""
        await (self.stop() if self.active else self.start())

    # ---------------------------------------------------------------- moving

    async def go(self, step: int) -> None:
        """Show step `step` (wrapping around); the countdown starts again."""
        self.step = step % len(SEQUENCE)
        self.remaining = self.interval
        if self.timer is not None:
            self.timer.reset()
            if self.paused:
                self.timer.pause()
        await self.app.switch_mode(SEQUENCE[self.step])
        self._dress(self.app.screen_stack[0])
        self.refresh_band()

    async def next(self) -> None:
        await self.go(self.step + 1)

    async def back(self) -> None:
        await self.go(self.step - 1)

    def toggle_pause(self) -> None:
        """`p`: hold the countdown where it is, or let it run on."""
        if self.interval is None:
            self.app.notify(
                "Nothing to pause: the screens change only by hand "
                "(for auto-advance start with `mpm present --interval SECONDS`)",
                timeout=4,
                markup=False,
            )
            return
        self.paused = not self.paused
        if self.timer is not None:
            if self.paused:
                self.timer.pause()
            else:
                self.timer.resume()
        self.refresh_band()

    def tick(self) -> None:
        """The timer's beat: count down, and move on at zero. Holds while paused or
        while something is open over the presented screen."""
        if not self.active or self.paused or self.interval is None or not self.on_stage:
            return
        period = min(TICK, self.interval)
        self.remaining = (self.interval if self.remaining is None else self.remaining) - period
        if self.remaining <= 1e-6:
            self.remaining = self.interval
            # Through the app's queue, so it never interleaves with a key press.
            self.app.call_later(self.next)
        else:
            self.refresh_band()

    # ------------------------------------------------------------ what shows

    @property
    def state(self) -> BandState:
        titles = tuple(SCREENS_BY_MODE[mode].title for mode in SEQUENCE)
        return BandState(titles, self.step, self.interval, self.remaining, self.paused)

    @property
    def on_stage(self) -> bool:
        """Presenting, and the presented screen itself is on top (no card or
        dialog opened over it)."""
        if not self.active or self.app.current_mode != SEQUENCE[self.step]:
            return False
        stack = self.app.screen_stack
        return len(stack) == 1 and stack[0] in self._dressed

    def keys_enabled(self) -> bool:
        """Whether space/→, ←, p and escape drive the presentation right now: on a
        presented screen, and not while typing into a text box."""
        return self.on_stage and not isinstance(self.app.focused, (Input, TextArea))

    def refresh_band(self) -> None:
        if self.active:
            for band in self.app.screen_stack[0].query(PresenterBand):
                band.show(self.state)

    def _dress(self, screen: Screen[object]) -> None:
        """Give a screen the band and the class that hides its header and footer."""
        screen.add_class("-presenting")
        if screen not in self._dressed:
            self._dressed.append(screen)
        if not screen.query(PresenterBand):
            screen.mount(PresenterBand(self.state, id="presenter-band"))

    # ---------------------------------------------------------- changes off

    def refuses(self, action: str | ActionParseResult) -> bool:
        """True (and says why) when `action` would change something while presenting."""
        if not self.active:
            return False
        try:
            name = action[1] if isinstance(action, tuple) else parse_action(action)[1]
        except ActionError:
            return False  # Textual reports a malformed action itself
        if name not in getattr(self.app.screen, "CHANGING_ACTIONS", ()):
            return False
        self.app.notify(CHANGES_OFF, severity="warning", timeout=3, markup=False)
        return True
