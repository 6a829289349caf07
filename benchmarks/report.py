"""Result rows, the printed table, and `benchmarks/RESULTS.md`."""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

from benchmarks.harness import Stats
from benchmarks.texts import HOW

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


@dataclass(frozen=True)
class Target:
    """A median and a worst case, in seconds, or in the row's unit when it is not a
    time (MB, queries); worst None: only the median counts."""

    median: float
    worst: float | None = None

    def met(self, stats: Stats) -> bool:
        return stats.median <= self.median and (self.worst is None or stats.worst < self.worst)

    def describe(self, unit: float) -> str:
        text = f"median ≤ {self.median / unit:g}"
        return text + (f", worst < {self.worst / unit:g}" if self.worst is not None else "")


@dataclass(frozen=True)
class Row:
    workspace: str
    measure: str
    stats: Stats | None  # None: the measurement produced nothing (see note)
    unit: str = "ms"
    target: Target | None = None
    note: str = ""

    def cells(self) -> list[str]:
        scale = 1000.0 if self.unit == "ms" else 1.0
        if self.stats is None:
            return [self.workspace, self.measure, "—", "—", "—", "", "✗", self.note]

        def fmt(value: float) -> str:
            if self.unit == "ms":
                return f"{value * scale:.1f} ms"
            if self.unit == "s":
                return f"{value:.3f} s"
            return f"{value:,.0f} {self.unit}"  # a count: lines, queries

        single = self.stats.count == 1
        values = [fmt(self.stats.median)] + (
            ["", ""] if single else [fmt(self.stats.p95), fmt(self.stats.worst)]
        )
        target, mark = "", ""
        if self.target is not None:
            target = self.target.describe(1 / scale) + f" {self.unit}"
            mark = "✓" if self.target.met(self.stats) else "✗"
        return [self.workspace, self.measure, *values, target, mark, self.note]


HEADERS = ["workspace", "measurement", "median", "p95", "worst", "target", "ok", "note"]


def table(rows: list[Row]) -> str:
    """A Markdown table, aligned so that it also reads well on a terminal."""
    cells = [HEADERS, *(row.cells() for row in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(HEADERS))]

    def line(values: list[str]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(cells[0]), rule, *(line(c) for c in cells[1:])])


def cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return platform.processor() or "unknown CPU"
    for raw in text.splitlines():
        key, _, value = raw.partition(":")
        if key.strip() in {"model name", "Model", "Hardware"}:
            return value.strip()
    return "unknown CPU"


def load_average() -> str:
    try:
        return ", ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "unknown"


def machine(load_at_start: str | None = None) -> list[str]:
    """Facts about where the numbers were taken."""
    load = f"{load_at_start} at the start, " if load_at_start else ""
    return [
        f"- CPU: {os.cpu_count()} × {cpu_model()} ({platform.machine()})",
        f"- OS: {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()} ({sys.implementation.name})",
        f"- Textual {version('textual')}, Rich {version('rich')}, Peewee {version('peewee')}",
        f"- Date: {datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}",
        f"- Load average (1, 5, 15 min): {load}{load_average()} at the end "
        "(other processes on the machine skew the numbers: compare CPU with wall time)",
    ]


def _sections(text: str) -> dict[str, str]:
    """The file's `## ` sections by title (each with its body, no trailing blank lines)."""
    found: dict[str, str] = {}
    title = None
    lines: list[str] = []
    for raw in [*text.splitlines(), "## "]:
        if raw.startswith("## "):
            if title is not None:
                found[title] = "\n".join(lines).rstrip()
            title, lines = raw[3:].strip(), [raw]
        elif title is not None:
            lines.append(raw)
    return found


NOT_YET = "Not measured yet."


def _kept(previous: str, title: str) -> list[str]:
    """A section of the previous file, stamped with the command that wrote it."""
    body = _sections(previous).get(title)
    if body is None or body.endswith(NOT_YET):
        return [f"## {title}", "", NOT_YET, ""]
    lines = body.splitlines()
    if not any(line.startswith("Command: ") for line in lines[1:4]):
        old = previous.splitlines()
        command = next((x for x in old if x.startswith("Command: ")), "")
        when = next((x.split(": ", 1)[1] for x in old if x.startswith("- Date: ")), "")
        load = next((x.split(": ", 1)[1] for x in old if x.startswith("- Load average")), "")
        load = load.split(" (other processes")[0]
        if command:
            stamp = ", ".join(part for part in (command, when) if part)
            lines[1:1] = ["", stamp + (f"; load average (1, 5, 15 min) {load}" if load else "")]
    return [*lines, ""]


@dataclass(frozen=True)
class Section:
    """One `## ` section of RESULTS.md (and one table on stdout)."""

    title: str
    """The section's title in RESULTS.md."""
    heading: str = ""
    """Printed above its table on stdout ("": none, the first table)."""
    intro: str = ""
    """Before the table: the targets it is checked against."""
    how: str = ""
    """After the notes: how it is measured."""

    def lines(self, stamp: str, rows: list[Row], notes: list[str]) -> list[str]:
        return [
            f"## {self.title}",
            "",
            stamp,
            "",
            *([self.intro, ""] if self.intro else []),
            table(rows) if rows else "(nothing measured)",
            "",
            *notes,
            "",
            *([self.how, ""] if self.how else []),
        ]


def write_results(
    command: str,
    sections: list[tuple[Section, tuple[list[Row], list[str]] | None]],
    load_at_start: str | None = None,
    path: Path = RESULTS,
) -> Path:
    """Write RESULTS.md: every section in order, each with its (rows, notes) from
    this run, or (None: none of its suites ran this time) as the previous file had it."""
    previous = path.read_text(encoding="utf-8") if path.exists() else ""
    stamp = f"Command: `{command}`, {datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}" + (
        f"; load average (1, 5, 15 min) {load_at_start} at the start" if load_at_start else ""
    )
    body: list[str] = []
    for section, found in sections:
        body += _kept(previous, section.title) if found is None else section.lines(stamp, *found)
    text = "\n".join(
        [
            "# Benchmark results",
            "",
            "Written by `python -m benchmarks`; rerun it to refresh this file (with",
            "`--only`, the sections of the other suites are kept as they were).",
            "",
            "## Machine",
            "",
            *machine(load_at_start),
            "",
            *body,
            HOW,
        ]
    )
    path.write_text(text, encoding="utf-8")
    return path
