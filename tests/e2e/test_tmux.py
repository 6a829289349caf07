"""The installed `mpm --demo` in a real terminal (tmux): it shows the board and ctrl+q quits;
`mpm --demo workload --read-only` opens the workload for a manager who only looks."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

MPM = Path(sys.executable).parent / "mpm"
TIMEOUT = 20.0

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (apt-get install tmux)"
)


def tmux(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, timeout=10)


def session_alive(name: str) -> bool:
    return tmux("has-session", "-t", name).returncode == 0


def capture(name: str) -> str:
    return tmux("capture-pane", "-p", "-t", name).stdout


def wait_for(name: str, *texts: str, timeout: float = TIMEOUT) -> str:
    """Poll the pane until every text shows (or the time runs out); return the pane."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = capture(name)
        if all(text in screen for text in texts):
            return screen
        if not session_alive(name):
            break
        time.sleep(0.2)
    return screen


@pytest.fixture
def session(tmp_path: Path) -> Iterator[str]:
    """A detached 120×40 tmux session running `mpm --demo`; killed if the test leaves it."""
    yield from _session(tmp_path, "--demo")


@pytest.fixture
def manager_session(tmp_path: Path) -> Iterator[str]:
    """The same, running `mpm --demo workload --read-only` at 80×24."""
    yield from _session(tmp_path, "--demo", "workload", "--read-only", size=(80, 24))


def _session(tmp_path: Path, *args: str, size: tuple[int, int] = (120, 40)) -> Iterator[str]:
    assert MPM.exists(), f"the mpm console script is not installed next to {sys.executable}"
    name = f"mpm-e2e-{uuid.uuid4().hex[:8]}"
    # A running tmux server hands new sessions its own environment, so the
    # settings go on the command line itself. (No stderr redirect: Textual draws there.)
    command = shlex.join(
        [
            "env",
            "-u",
            "NO_COLOR",
            "TERM=xterm-256color",
            f"MPM_CONFIG_DIR={tmp_path / 'config'}",
            f"MPM_DATA_DIR={tmp_path / 'data'}",
            str(MPM),
            *args,
        ]
    )
    width, height = size
    started = tmux("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), command)
    assert started.returncode == 0, started.stderr
    try:
        yield name
    finally:
        if session_alive(name):
            tmux("kill-session", "-t", name)


def test_demo_shows_the_board_and_ctrl_q_quits(session: str) -> None:
    screen = wait_for(session, "To Do", "In Progress", "Review", "Done")
    assert "In Progress" in screen and "To Do" in screen, f"no board after {TIMEOUT}s:\n{screen}"
    assert "demo workspace" in screen
    tmux("send-keys", "-t", session, "5")
    screen = wait_for(session, "Portfolio")
    assert "Portfolio" in screen, screen
    tmux("send-keys", "-t", session, "C-q")
    deadline = time.monotonic() + TIMEOUT
    while session_alive(session) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not session_alive(session), f"mpm still running after ctrl+q:\n{capture(session)}"


def test_a_manager_opens_the_workload_read_only(manager_session: str) -> None:
    screen = wait_for(manager_session, "Internal", "Unassigned", "Total", "read-only")
    assert "Workload" in screen and "viewer (read-only" in screen, screen
    assert "Hannah Weiss" in screen and "/2.5" in screen, screen  # her part-time capacity
    tmux("send-keys", "-t", manager_session, "r")
    screen = wait_for(manager_session, "cannot edit tasks")
    assert "Not reassigned" in screen, screen
    tmux("send-keys", "-t", manager_session, "C-q")
