"""The top-level views of mpm, one module each; the app switches between them as modes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ScreenInfo:
    """What the app needs to offer a screen: its mode name, key, title and purpose."""

    mode: str
    key: str
    title: str
    summary: str
    built: bool = False
    """False: the screen is an honest "not built yet" note for now."""


SCREENS: tuple[ScreenInfo, ...] = (
    ScreenInfo(
        "board",
        "1",
        "Board",
        "Cards by status column (To Do → In Progress → Review → Done) under WIP limits.",
        built=True,
    ),
    ScreenInfo(
        "timeline",
        "2",
        "Timeline",
        "A Gantt chart of projects, milestones and task dependencies, with the critical "
        "path and the tasks at risk of running late.",
        built=True,
    ),
    ScreenInfo(
        "workload",
        "3",
        "Workload",
        "Who carries how much work each week against their capacity, agencies and "
        "vendors included, so overload shows before it happens.",
        built=True,
    ),
    ScreenInfo(
        "retro",
        "4",
        "Retro",
        "Each project's retrospective: KPIs actual vs target, what went well, what did "
        "not, improvements and action items.",
        built=True,
    ),
    ScreenInfo(
        "dashboard",
        "5",
        "Dashboard",
        "The portfolio: every project in progress with its schedule state, progress, KPI, "
        "budget burn and next milestone; the top risks, who is over capacity this week, "
        "WIP per column and recent completions.",
        built=True,
    ),
)
"""Every screen, in key order."""

SCREENS_BY_MODE: dict[str, ScreenInfo] = {info.mode: info for info in SCREENS}


def short_date(day: date, today: date) -> str:
    """`Nov 25`, with the year when it is not this year's."""
    text = f"{day:%b} {day.day}"
    return text if day.year == today.year else f"{text} {day.year}"
