"""The threaded path of screens/background.py: a screen is drawn before its data
arrives, keys keep working meanwhile, the newest load wins, a failure is said.

Every other Pilot test runs with `background_loads=False` (reads in place); here
the loads run in thread workers as in `mpm`. A gate (a threading.Event) holds a
service call in the worker so the "still loading" moment can be looked at.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Static

from mpm_tui.app import MPMApp
from mpm_tui.logic.workdays import week_start
from mpm_tui.logic.workload import BAND_LEGEND
from mpm_tui.screens.background import BackgroundLoad
from mpm_tui.services import members, portfolio, timeline, workload
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.demo import DEMO_USER
from tests.conftest import frozen_clock

SIZE = (120, 36)


class Gate:
    """Holds every call of a wrapped function until `open()`."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.entered = threading.Event()
        self.threads: set[str] = set()
        self.calls = 0

    def wrap(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def held(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            self.threads.add(threading.current_thread().name)
            self.entered.set()
            assert self.event.wait(10), "the gate was never opened"
            return function(*args, **kwargs)

        return held

    def open(self) -> None:
        self.event.set()


@pytest.fixture
def gate() -> Iterator[Gate]:
    held = Gate()
    yield held
    held.open()  # never leave a worker thread waiting


def demo_app(mode: str = "board") -> MPMApp:
    actor = members.resolve_actor(DEMO_USER, os_user="")
    return MPMApp(
        ServiceContext(actor, frozen_clock), workspace="demo", mode=mode, clock=frozen_clock
    )


async def settled(app: App[Any]) -> None:
    """Every load worker finished (a replaced one ends cancelled: not an error here)."""
    await asyncio.gather(*(worker.wait() for worker in list(app.workers)), return_exceptions=True)


def text_of(app: App[Any], selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_the_timeline_is_drawn_first_and_read_in_a_thread(
    demo_db: Path, gate: Gate, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(timeline, "load_timeline", gate.wrap(timeline.load_timeline))
    app = demo_app()
    assert app.background_loads  # what `mpm` runs with
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert app.current_mode == "timeline"
        assert gate.entered.wait(5)
        assert text_of(app, "#timeline-legend") == "Reading the timeline…"
        assert not app.screen.canvas.rows  # type: ignore[attr-defined]
        assert threading.current_thread().name not in gate.threads  # not the app's thread

        # Keys work while it reads: back to the board and to the timeline again.
        await pilot.press("1")
        await pilot.pause()
        assert app.current_mode == "board"
        await pilot.press("2")
        await pilot.pause()

        gate.open()
        await settled(app)
        await pilot.pause()
        screen = app.screen
        assert screen.canvas.rows  # type: ignore[attr-defined]
        assert "projects in progress" in text_of(app, "#timeline-legend")
        assert not screen.loader.pending  # type: ignore[attr-defined]
        # One read: coming back while it was on its way did not start another.
        assert gate.calls == 1


async def test_the_dashboard_says_it_is_reading_then_fills_its_table(
    demo_db: Path, gate: Gate, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(portfolio, "load_dashboard", gate.wrap(portfolio.load_dashboard))
    app = demo_app("dashboard")
    async with app.run_test(size=SIZE) as pilot:
        assert gate.entered.wait(5)
        await pilot.pause()
        table = app.screen.query_one("#portfolio", DataTable)
        assert text_of(app, "#portfolio-title") == "Reading the portfolio…"
        assert table.row_count == 0
        gate.open()
        await settled(app)
        await pilot.pause()
        assert table.row_count > 0
        assert text_of(app, "#portfolio-title").startswith("Portfolio · ")


class LoadScreen(Screen[None]):
    """A screen whose loads are driven by the test."""

    def __init__(self) -> None:
        super().__init__()
        self.loader = BackgroundLoad(self, "numbers")
        self.shown: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="value")


class LoadApp(App[None]):
    background_loads = True

    def on_mount(self) -> None:
        self.push_screen(LoadScreen())


async def test_the_newest_load_wins_over_one_still_in_flight() -> None:
    app = LoadApp()
    release = threading.Event()

    def slow_old() -> str:
        assert release.wait(10)
        return "old"

    async with app.run_test() as pilot:
        screen = app.screen
        assert isinstance(screen, LoadScreen)
        screen.loader.start(slow_old, screen.shown.append)
        assert screen.loader.first
        # An edit reads in place meanwhile: what it shows is newer than the slow read.
        screen.loader.start(lambda: "edit", screen.shown.append, in_place=True)
        assert screen.shown == ["edit"]
        release.set()
        await settled(app)
        await pilot.pause()
        assert screen.shown == ["edit"]  # the older result was dropped
        # Two background loads: only the second is shown.
        release.clear()
        screen.loader.start(slow_old, screen.shown.append)
        screen.loader.start(lambda: "new", screen.shown.append)
        release.set()
        await settled(app)
        await pilot.pause()
        assert screen.shown == ["edit", "new"]
        assert not screen.loader.pending


async def test_a_failed_load_is_said_and_the_app_keeps_running() -> None:
    app = LoadApp()

    def broken() -> str:
        raise OSError("disk I/O error")

    async with app.run_test() as pilot:
        screen = app.screen
        assert isinstance(screen, LoadScreen)
        screen.loader.start(broken, screen.shown.append)
        await settled(app)
        await pilot.pause()
        assert screen.shown == []
        assert not screen.loader.pending
        messages = [n.message for n in app._notifications]
        assert messages == ["Could not read the numbers: disk I/O error"]
        assert app.is_running


async def test_the_workload_says_it_is_reading_then_fills_its_grid(
    demo_db: Path, gate: Gate, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workload, "load_window", gate.wrap(workload.load_window))
    app = demo_app("workload")
    async with app.run_test(size=SIZE) as pilot:
        assert gate.entered.wait(5)
        await pilot.pause()
        screen = app.screen
        grid = screen.grid  # type: ignore[attr-defined]
        assert text_of(app, "#workload-legend") == "Reading the workload…"
        assert not grid.lines
        assert threading.current_thread().name not in gate.threads  # not the app's thread
        await pilot.press("right_square_bracket")  # keys work meanwhile: a week later
        gate.open()
        await settled(app)
        await pilot.pause()
        assert grid.lines
        monday = week_start(frozen_clock().date())
        assert grid.view.weeks[0] == monday + timedelta(weeks=1)
        assert text_of(app, "#workload-legend").startswith(BAND_LEGEND)
        assert not screen.loader.pending  # type: ignore[attr-defined]
