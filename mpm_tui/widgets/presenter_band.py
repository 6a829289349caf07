"""The title band of presenter mode: where we are, what comes next, and the keys.

Three lines at the top of each presented screen (its Header and Footer are
hidden meanwhile): the step's name in capitals with the screen's own title,
the step dots and number; the countdown (or paused / manual) and the next
step; the only key hints left on screen, dimmed. Every state is said in words
or symbols too, never by colour alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static


@dataclass(frozen=True)
class BandState:
    """What the band says: the step shown, the next one, and the auto-advance clock."""

    steps: tuple[str, ...]
    """The titles of the sequence, e.g. ("Board", "Timeline", "Workload", "Dashboard")."""
    step: int
    """The step shown (0-based)."""
    interval: float | None = None
    """Seconds per screen when advancing by itself; None: only by hand."""
    remaining: float | None = None
    """Seconds until the next screen (with an interval)."""
    paused: bool = False


def clock(seconds: float) -> str:
    """`0:07`, `1:30`: whole seconds, rounded up (a countdown never shows 0:00 early)."""
    whole = max(0, math.ceil(seconds - 1e-9))
    return f"{whole // 60}:{whole % 60:02d}"


def every(seconds: float) -> str:
    """How often the screens change: `20 s`, `1:30`."""
    whole = max(1, math.ceil(seconds - 1e-9))
    return f"{whole} s" if whole < 60 else clock(whole)


def status_text(state: BandState) -> str:
    """The second line's left part: manual, the countdown, or paused."""
    if state.interval is None:
        return "▶ manual · space/→ shows the next screen"
    if state.paused:
        return f"⏸ paused · p resumes (a screen every {every(state.interval)})"
    remaining = state.interval if state.remaining is None else state.remaining
    return f"⏱ next screen in {clock(remaining)}"


def next_text(state: BandState) -> str:
    """`next ▸ Timeline`; from the last step, says the sequence starts over."""
    following = (state.step + 1) % len(state.steps)
    note = " (starts over)" if following == 0 else ""
    return f"next ▸ {state.steps[following]}{note}"


def hints_text(state: BandState) -> str:
    """The keys that drive the presentation (the only hints on screen)."""
    pause = "" if state.interval is None else " · p resume" if state.paused else " · p pause"
    return f"space/→ next · ← back{pause} · esc end"


def dots(state: BandState) -> str:
    """`○ ● ○ ○  2/4`: the step shown filled, and its number (not colour alone)."""
    marks = " ".join("●" if i == state.step else "○" for i in range(len(state.steps)))
    return f"{marks}  {state.step + 1}/{len(state.steps)}"


def heading(state: BandState, screen_title: str | None) -> Content:
    """`Weekly sync ▸ B O A R D · Spring board`: the step in spaced capitals (the
    large title), then the rest of the screen's own title, as typed."""
    name = state.steps[state.step]
    detail = (screen_title or "").strip()
    if detail.lower().startswith(name.lower()):
        detail = detail[len(name) :].lstrip(" ·—-")
    parts: list[str | tuple[str, str]] = ["Weekly sync ▸ ", (" ".join(name.upper()), "bold")]
    if detail:
        parts.append(f" · {detail}")
    return Content.assemble(*parts)


class PresenterBand(Widget):
    """The band docked at the top of a presented screen. Not focusable: the keys
    belong to the app's presenter bindings and the screen below."""

    DEFAULT_CSS: ClassVar[str] = """
    PresenterBand {
        dock: top;
        height: 3;
        width: 100%;
        background: $panel;
        color: $foreground;
    }
    PresenterBand Horizontal { height: 1; width: 100%; padding: 0 1; }
    PresenterBand Static { width: auto; height: 1; text-wrap: nowrap; }
    PresenterBand .-left { width: 1fr; text-overflow: ellipsis; }
    PresenterBand #band-top { background: $primary; color: $background; text-style: bold; }
    PresenterBand #band-hints { color: $text-muted; }
    PresenterBand.-paused #band-status { color: $text-warning; text-style: bold; }
    """

    def __init__(self, state: BandState, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state = state
        self._composed = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="band-top"):
            yield Static(id="band-title", classes="-left", markup=False)
            yield Static(id="band-dots", markup=False)
        with Horizontal(id="band-middle"):
            yield Static(id="band-status", classes="-left", markup=False)
            yield Static(id="band-next", markup=False)
        with Horizontal(id="band-bottom"):
            yield Static(id="band-hints", classes="-left", markup=False)

    def on_mount(self) -> None:
        self._composed = True
        self.watch(self.screen, "title", self._title_changed, init=False)
        self.show(self.state)

    def _title_changed(self, title: str | None) -> None:
        self.query_one("#band-title", Static).update(heading(self.state, title))

    def show(self, state: BandState) -> None:
        """Say `state` (cheap: five one-line statics)."""
        self.state = state
        if not self._composed:
            return  # on_mount shows it
        self.set_class(state.paused and state.interval is not None, "-paused")
        self.query_one("#band-title", Static).update(heading(state, self.screen.title))
        self.query_one("#band-dots", Static).update(Content(dots(state)))
        self.query_one("#band-status", Static).update(Content(status_text(state)))
        self.query_one("#band-next", Static).update(Content(next_text(state)))
        self.query_one("#band-hints", Static).update(Content(hints_text(state)))
