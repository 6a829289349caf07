"""Cold start of the installed `mpm`, in a real pseudo-terminal, and its imports.

For each workspace size: `mpm --db <fresh copy> --user "Ada Admin"` is started
in a 160×45 pseudo-terminal (`benchmarks.pty_run`) and timed from the fork to
the moment the title of the first card of the main board's first column has
been written (the board's cards are painted; nothing else on screen shows a
card title); then it is quit with ctrl+q and reaped. One warm-up, then
`RUNS` timed starts, each on its own fresh copy of the workspace.

Once (no workspace of its own; the 100-task one serves): `python -X
importtime` of `import mpm_tui.app`, and of the real entry point up to the
first board frame (its import lines are read back from the terminal).

The children get private config and data folders (no user config can change
what they show) and a private bytecode cache (`PYTHONPYCACHEPREFIX`): the
warm-up fills it, as an install does, and the timed starts read it. The
warm-up is reported too: a start with nothing compiled yet.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks.generate import ADMIN, fresh_copy, workspace_db
from benchmarks.harness import Stats
from benchmarks.pty_run import Run, run_until
from benchmarks.report import Row, Target
from benchmarks.runner import size_label

RUNS = 5
"""Timed starts per size (after one warm-up): the median is kept."""
IMPORT_RUNS = 3
"""`-X importtime -c "import mpm_tui.app"` runs: the one with the median total is kept."""
TOP = 10
IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \| ( *)([\w.]+)")
MARKER_CHARS = 24
"""A card shows this much of a title on its first line at 160 columns, whatever
its priority mark (a longer title wraps or is cut)."""
IMPORTS_WORKSPACE = 100
"""The workspace the entry point's imports are read on (imports do not depend on it)."""


def start_target(size: int) -> Target:
    """The performance issue: ≤ 0.8 s at 1,000 tasks, ≤ 1.0 s at 10,000."""
    return Target(0.8 if size <= 1000 else 1.0)


def mpm_argv(*python_options: str) -> list[str]:
    """The installed `mpm` console script (run by this interpreter when options are
    given), else `python -m mpm_tui`."""
    script = Path(sys.executable).with_name("mpm")
    if script.exists():
        return [sys.executable, *python_options, str(script)] if python_options else [str(script)]
    return [sys.executable, *python_options, "-m", "mpm_tui"]


@contextmanager
def child_env() -> Iterator[dict[str, str]]:
    """The children's environment: a terminal, private folders and bytecode cache."""
    with tempfile.TemporaryDirectory(prefix="mpm-bench-start-") as tmp:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"COLUMNS", "LINES", "NO_COLOR", "PYTHONDONTWRITEBYTECODE"}
            and not k.startswith("TEXTUAL")
        }
        for name in ("CONFIG", "DATA", "CACHE"):
            env[f"MPM_{name}_DIR"] = str(Path(tmp, name.lower()))
        env |= {"TERM": "xterm-256color", "PYTHONPYCACHEPREFIX": str(Path(tmp, "pycache"))}
        yield env


def first_card(db_path: Path) -> str:
    """The title of the first card of the first board's first column (read on a
    copy), cut to `MARKER_CHARS`: what the board shows of it on one line."""
    from mpm_tui.db.database import close_database, open_database
    from mpm_tui.services import boards

    with tempfile.TemporaryDirectory(prefix="mpm-bench-") as tmp:
        open_database(fresh_copy(db_path, Path(tmp)))
        try:
            board = boards.board_view()
        finally:
            close_database()
    cards = board.columns[0].cards if board is not None and board.columns else ()
    if not cards:
        raise RuntimeError(f"{db_path.name}: the first column has no card to wait for")
    return cards[0].title[:MARKER_CHARS]


def start(db_path: Path, marker: str, env: dict[str, str], *options: str) -> Run:
    """One start of `mpm` on a fresh copy of the workspace, until `marker` is drawn."""
    with tempfile.TemporaryDirectory(prefix="mpm-bench-") as tmp:
        copy = fresh_copy(db_path, Path(tmp))
        run = run_until([*mpm_argv(*options), "--db", str(copy), "--user", ADMIN], env, marker)
    if run.found is None:
        tail = run.text[-300:].strip()
        raise RuntimeError(f"{marker!r} never drawn ({run.ended}, status {run.status}): {tail!r}")
    return run


@dataclass(frozen=True)
class Imported:
    module: str
    self_us: int
    cumulative_us: int
    depth: int


def parse_importtime(text: str) -> list[Imported]:
    return [
        Imported(name, int(own), int(total), len(indent) // 2)
        for own, total, indent, name in IMPORT_LINE.findall(text)
    ]


def total_ms(found: list[Imported]) -> float:
    return sum(i.self_us for i in found) / 1000


def top_table(found: list[Imported], title: str) -> list[str]:
    """The `TOP` modules by cumulative time, as Markdown (indented by nesting)."""
    ranked = sorted(found, key=lambda i: i.cumulative_us, reverse=True)[:TOP]
    lines = [title, "", "| module | cumulative | self |", "|---|---|---|"]
    for i in ranked:
        name = "· " * i.depth + f"`{i.module}`"
        lines.append(f"| {name} | {i.cumulative_us / 1000:.1f} ms | {i.self_us / 1000:.1f} ms |")
    return [*lines, ""]


def by_self(found: list[Imported], prefix: str = "") -> str:
    ranked = sorted(
        (i for i in found if i.module.startswith(prefix)), key=lambda i: i.self_us, reverse=True
    )
    return ", ".join(f"`{i.module}` {i.self_us / 1000:.0f} ms" for i in ranked[:TOP])


def import_rows(seed: int) -> tuple[list[Row], list[str]]:
    """`-X importtime` of `import mpm_tui.app`, and of `mpm` up to the first board frame."""
    path, _ = workspace_db(IMPORTS_WORKSPACE, seed)
    marker = first_card(path)
    label = "imports"
    with child_env() as env:
        start(path, marker, env)  # fills the bytecode cache
        runs = []
        for _ in range(IMPORT_RUNS):
            done = subprocess.run(
                [sys.executable, "-X", "importtime", "-c", "import mpm_tui.app"],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            runs.append(parse_importtime(done.stderr))
        entry = parse_importtime(start(path, marker, env, "-X", "importtime").raw)
    app = sorted(runs, key=total_ms)[len(runs) // 2]
    app_own = next((i.cumulative_us / 1000 for i in app if i.module == "mpm_tui.app"), 0.0)
    ours = sum(i.self_us for i in entry if i.module.startswith("mpm_tui")) / 1000
    rows = [
        Row(
            label,
            'python -X importtime -c "import mpm_tui.app": every import',
            Stats.of([total_ms(r) / 1000 for r in runs]),
            note=f"{len(app)} modules · `mpm_tui.app` {app_own:.0f} ms cumulative · "
            f"{IMPORT_RUNS} runs",
        ),
        Row(
            label,
            "mpm: every import before the first board frame",
            Stats.of([total_ms(entry) / 1000]),
            note=f"{len(entry)} modules, `mpm_tui` ones {ours:.0f} ms of it (self)",
        ),
    ]
    notes = [
        *top_table(entry, "- `mpm` up to the first board frame, top 10 by cumulative time:"),
        f"- The same, top 10 by own time: {by_self(entry)}.",
        f"- `mpm_tui` modules by own time: {by_self(entry, 'mpm_tui')}.",
    ]
    return rows, notes


def startup_rows(size: int, seed: int, presses: int) -> tuple[list[Row], list[str]]:
    """Cold start to the board at `size` tasks; size 0: the import times."""
    if size == 0:
        return import_rows(seed)
    path, _ = workspace_db(size, seed)
    marker = first_card(path)
    label = size_label(size)
    with child_env() as env:
        warm_up = start(path, marker, env)
        runs = [start(path, marker, env) for _ in range(RUNS)]
    drawn = [r.after(r.found) or 0.0 for r in runs]
    first = [r.after(r.first_byte) or 0.0 for r in runs]
    ended = sorted({f"{r.ended} (status {r.status})" for r in [warm_up, *runs]})
    shown = "" if size >= 1000 else " · no target at this size: the 1,000 one is shown"
    rows = [
        Row(
            label,
            "cold start: spawn → board drawn (pty)",
            Stats.of(drawn),
            "s",
            start_target(size),
            f"{RUNS} runs, min {min(drawn):.3f} s{shown}",
        ),
        Row(
            label,
            "cold start: spawn → first byte written",
            Stats.of(first),
            "s",
            note=f"interpreter, imports, database open: the rest is the app drawing · "
            f"min {min(first):.3f} s",
        ),
        Row(
            label,
            "first start, nothing compiled yet (the warm-up)",
            Stats.of([warm_up.after(warm_up.found) or 0.0]),
            "s",
            note="every module compiled from source first",
        ),
    ]
    notes = [
        f"- **{label}** (seed {seed}): waited for {marker!r} (the first To Do card); "
        f"median {statistics.median(drawn):.3f} s; ended by {', '.join(ended)}."
    ]
    return rows, notes
