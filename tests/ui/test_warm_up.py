"""Screens built ahead (screens/warm_up.py) and the quick switch to a built screen
(MPMApp.switch_mode / delay_update): the app builds the screens not shown yet when
the keyboard is quiet, without showing them, and a later visit is a return."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mpm_tui.app import MPMApp
from mpm_tui.screens.warm_up import IDLE, PREBUILT, WarmUp
from mpm_tui.services import members
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.demo import DEMO_USER
from mpm_tui.widgets.board_canvas import BoardCanvas
from tests.conftest import frozen_clock

SIZE = (120, 36)


def demo_app() -> MPMApp:
    actor = members.resolve_actor(DEMO_USER, os_user="")
    return MPMApp(ServiceContext(actor, frozen_clock), workspace="demo", clock=frozen_clock)


async def test_the_other_screens_are_built_ahead_and_a_first_visit_is_a_return(
    demo_db: Path,
) -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        canvas = app.screen.query_one(BoardCanvas)
        await pilot.press("j", "l")
        focused = canvas.current_task_id
        assert focused is not None
        for _ in range(150):  # up to 15 s on a slow machine; ~2 s here
            if app.warm_up is not None and app.warm_up.done:
                break
            await pilot.pause(0.1)
        assert app.warm_up is not None and app.warm_up.done
        assert not [mode for mode in PREBUILT if app.unbuilt(mode)]
        assert type(app.screen).__name__ == "BoardScreen"  # built, never shown
        assert app.screen.query_one(BoardCanvas).current_task_id == focused

        await pilot.press("2")
        await pilot.pause()
        timeline = app.screen
        assert type(timeline).__name__ == "TimelineScreen"
        assert timeline.loader.shown  # its data was read while it was built
        assert app._batch_count == 0  # the switch let go of the output it held
        await pilot.press("5", "1")
        await pilot.pause()
        assert type(app.screen).__name__ == "BoardScreen"
        assert app._batch_count == 0
        assert app.screen.query_one(BoardCanvas).current_task_id == focused
        await pilot.press("2")
        assert app.screen is timeline  # the same screen: built once


class FakeApp:
    """What WarmUp asks of the app, recorded."""

    def __init__(self, built: set[str] | None = None) -> None:
        self.is_running = True
        self.built: list[str] = []
        self.timers: list[float] = []
        self.already = built or set()

    def set_timer(self, delay: float, callback: Callable[[], Any]) -> None:
        self.timers.append(delay)

    def unbuilt(self, mode: str) -> bool:
        return mode not in self.already and mode not in self.built

    def build_mode(self, mode: str) -> None:
        self.built.append(mode)


def test_a_key_pressed_postpones_the_next_build_until_the_keyboard_is_quiet() -> None:
    now = [100.0]
    app = FakeApp(built={"workload"})  # shown by the user before its turn
    warm = WarmUp(app, clock=lambda: now[0])  # type: ignore[arg-type]
    warm.key()
    now[0] += 0.3
    warm.build_next()
    assert app.built == []
    assert app.timers == [pytest.approx(IDLE - 0.3)]
    now[0] += IDLE
    for _ in range(len(PREBUILT) - 1):
        warm.build_next()
    assert app.built == [m for m in PREBUILT if m != "workload"]
    assert not warm.done
    warm.build_next()
    assert warm.done
    warm.key()
    warm.build_next()  # nothing left to build: no timer, nothing built
    assert app.built == [m for m in PREBUILT if m != "workload"]


def test_nothing_is_built_once_the_app_has_stopped() -> None:
    app = FakeApp()
    app.is_running = False
    warm = WarmUp(app, clock=lambda: 1000.0)  # type: ignore[arg-type]
    warm.build_next()
    assert app.built == [] and app.timers == []


async def test_tests_apps_build_nothing_ahead(demo_db: Path) -> None:
    """Apps reading in place (every other Pilot test) never build ahead: their
    screens appear only when shown, as the tests expect."""
    actor = members.resolve_actor(DEMO_USER, os_user="")
    app = MPMApp(ServiceContext(actor, frozen_clock), workspace="demo", background_loads=False)
    async with app.run_test(size=SIZE) as pilot:
        await asyncio.sleep(0.1)
        await pilot.pause()
        assert app.warm_up is None
        assert all(app.unbuilt(mode) for mode in PREBUILT if mode != "board")
