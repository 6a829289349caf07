"""Switching screens: key → the new screen's first frame, and → its data drawn.

The app builds the screens not shown yet ahead, when the keyboard has been
quiet for a second (screens/warm_up.py); the main run waits for that, then
presses. A second app, with building ahead turned off and keys pressed
straight after start-up, measures what a first visit costs before the warm-up
(someone pressing 2 within two seconds of opening mpm).

The app starts on the board (the real `MPMApp` on a private copy of the
workspace, headless at 160×45, as for every app suite), then the mode keys are
pressed in a cycle, board → timeline (2) → workload (3) → dashboard (5) →
board (1) → …, each key timed from the key event reaching the app to:

- **first frame**: the first frame written that shows the new screen (its
  class is the screen `App._display` was given), whatever it holds — with
  loads in a worker this is the "Loading…" frame;
- **data drawn**: the first frame that shows the new screen with its main
  widget holding data (`benchmarks.screens.data_drawn`, asked as each frame
  is written).

After each key the harness waits for the data frame (up to the clock's
timeout), then for 50 ms without a frame, before the next key. The first
visit of each screen (its module imported, built, its data read) is reported
apart from the returns to a screen already built.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.generate import workspace_db
from benchmarks.harness import Bench, Frame, Press, Stats, bench_app
from benchmarks.report import Row
from benchmarks.runner import size_label, timeline_key_target
from benchmarks.screens import MODES, data_drawn

CYCLE = ("timeline", "workload", "dashboard", "board")
"""The order of the visits, from the board: every screen with a data widget."""
TIMEOUT = 20.0
"""Seconds a key may take to show the new screen with its data (a first visit at
10,000 tasks reads for a while, longer on a busy machine)."""


@dataclass
class Switch:
    """One mode key and what it drew."""

    target: str
    press: Press
    cold: bool
    """The first visit of that screen in this app."""

    def frame(self, *, data: bool) -> Frame | None:
        """The first frame of the new screen (`data`: with its data drawn)."""
        screen = MODES[self.target].screen
        return next(
            (f for f in self.press.frames if f.screen == screen and (f.data or not data)), None
        )

    def latency(self, *, data: bool, cpu: bool = False) -> float | None:
        frame = self.frame(data=data)
        if frame is None or self.press.received is None:
            return None
        if cpu:
            return frame.cpu - self.press.received_cpu
        return frame.at - self.press.received


async def _warmed_up(bench: Bench) -> None:
    """Wait until the app has built every screen ahead (screens/warm_up.py)."""
    deadline = time.perf_counter() + TIMEOUT
    while not (bench.app.warm_up is not None and bench.app.warm_up.done):
        if time.perf_counter() > deadline:
            raise RuntimeError("the app did not build its screens ahead in time")
        await asyncio.sleep(0.05)
    await bench.clock.settle()


async def run_switch(db_path: Path, presses: int, *, ahead: bool = True) -> list[Switch]:
    """Press the mode keys `presses` times, from the board, in the `CYCLE` order:
    once the app has built the other screens ahead (`ahead`), or straight after
    start-up with that turned off (each first visit builds its screen)."""
    switches: list[Switch] = []
    async with bench_app(db_path, probe=data_drawn) as bench:
        clock = bench.clock
        clock.timeout = TIMEOUT
        bench.app.prebuild = ahead
        async with bench.running(ready=lambda f: f.data):
            await clock.settle()
            if ahead:
                await _warmed_up(bench)
            visited = {"board"}
            for n in range(presses):
                target = CYCLE[n % len(CYCLE)]
                screen = MODES[target].screen

                def arrived(press: Press, screen: str = screen) -> bool:
                    return any(f.screen == screen and f.data for f in press.frames)

                press = await clock.press(MODES[target].key, until=arrived)
                switches.append(Switch(target, press, target not in visited))
                visited.add(target)
                if type(bench.app.screen).__name__ != screen:
                    raise RuntimeError(f"key {MODES[target].key} did not show the {target}")
    return switches


def _ms(value: float) -> str:
    return f"{value * 1000:.0f} ms"


def _row(label: str, measure: str, switches: list[Switch], data: bool, size: int) -> Row:
    values = [v for s in switches if (v := s.latency(data=data)) is not None]
    cpu = [v for s in switches if (v := s.latency(data=data, cpu=True)) is not None]
    missing = len(switches) - len(values)
    note = [f"CPU {statistics.median(cpu) * 1000:.1f} ms"] if cpu else []
    if missing:
        note.append(f"{missing} of {len(switches)} keys drew none")
    if len(switches) > 1:
        by_target = {
            target: [v for s in switches if s.target == target and (v := s.latency(data=data))]
            for target in CYCLE
        }
        note.append(
            "median to "
            + ", ".join(f"{t} {_ms(statistics.median(v))}" for t, v in by_target.items() if v)
        )
    return Row(
        label,
        measure,
        Stats.of(values) if values else None,
        target=timeline_key_target(size),
        note=" · ".join(note),
    )


def switch_rows(size: int, seed: int, presses: int) -> tuple[list[Row], list[str]]:
    """Key → frame for the mode keys (1/2/3/5) once the screens are built ahead
    (first visits included), and the first visits of an app not warmed up."""
    path, _ = workspace_db(size, seed)
    switches = asyncio.run(run_switch(path, presses))
    unbuilt = asyncio.run(run_switch(path, len(CYCLE) - 1, ahead=False))
    label = size_label(size)
    warm = [s for s in switches if not s.cold]
    rows = [
        _row(label, "switch screen (built ahead) → its first frame", switches, False, size),
        _row(label, "switch screen (built ahead) → data drawn", switches, True, size),
    ]
    later: list[str] = []
    for switch in unbuilt:
        name = f"first visit of the {switch.target} ({MODES[switch.target].key}), not built yet"
        rows += [
            _row(label, f"{name} → its first frame", [switch], False, size),
            _row(label, f"{name} → data drawn", [switch], True, size),
        ]
        first, drawn = switch.frame(data=False), switch.frame(data=True)
        if first is not None and drawn is not None and drawn is not first:
            later.append(f"{switch.target} {_ms(drawn.at - first.at)}")
    firsts = [v for s in switches if s.cold and (v := s.latency(data=True)) is not None]
    notes = [
        f"- **{label}** (seed {seed}): {len(switches)} mode keys from the board once the "
        f"app had built its screens ahead ({len(warm)} returns, {len(switches) - len(warm)} "
        "first visits"
        + (f": data drawn in {', '.join(_ms(v) for v in firsts)}" if firsts else "")
        + f"); then a new app, keys pressed straight after start-up with nothing built "
        f"ahead, for the {len(unbuilt)} first visits"
        + (
            '; first visits that drew the screen before its data (a "Loading…" frame), '
            "the data that much later: " + ", ".join(later)
            if later
            else "; every first visit's first frame already held its data"
        )
        + "."
    ]
    return rows, notes
