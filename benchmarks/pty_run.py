"""Run a program in a real pseudo-terminal and time it until some text is drawn.

The child gets a controlling terminal of `SIZE` (set before it starts, so its
first look at the window size sees it), `TERM=xterm-256color`, and nothing on
the other end but this reader: no terminal answers its queries, as with a slow
SSH link that has not answered yet. What it writes is read as it comes, each
read stamped; the text is searched with the escape sequences taken out (a
card's title is one run of characters between style changes).
"""

from __future__ import annotations

import codecs
import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time
from dataclasses import dataclass

SIZE = (160, 45)
"""Columns and lines of the pseudo-terminal."""
ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, styles, modes
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: window title, colours
    r"|\x1bP[^\x1b]*\x1b\\"  # DCS
    r"|\x1b[@-Z\\-_]"  # the rest
)
CTRL_Q = b"\x11"
"""Textual's quit key."""


@dataclass
class Run:
    """One run of the program in the pseudo-terminal."""

    spawned: float
    """perf_counter() just before the fork."""
    first_byte: float | None = None
    """When the first output was read."""
    found: float | None = None
    """When the output that completed the marker was read."""
    text: str = ""
    """Everything written, escape sequences taken out."""
    raw: str = ""
    """Everything written, as written (decoded)."""
    ended: str = ""
    """How it ended: `ctrl+q`, `SIGTERM`, `SIGKILL`, or `exited` (before the marker)."""
    status: int | None = None
    """Its exit status (negative: the signal that ended it)."""

    def after(self, stamp: float | None) -> float | None:
        return None if stamp is None else stamp - self.spawned


def _reset_signals() -> None:
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_DFL)


def spawn(argv: list[str], env: dict[str, str]) -> tuple[int, int, float]:
    """Fork `argv` on a new pseudo-terminal: (pid, master fd, perf_counter at fork)."""
    columns, lines = SIZE
    spawned = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: size its terminal, then become the program
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
            _reset_signals()
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    return pid, fd, spawned


class Reader:
    """Reads a child's output, stamped, and keeps it searchable."""

    def __init__(self, fd: int, run: Run) -> None:
        self.fd = fd
        self.run = run
        self.open = True
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""

    def read(self, timeout: float) -> float | None:
        """Wait up to `timeout` for output; the time it was read, None if none came."""
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return None
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the child closed its side
            chunk = b""
        at = time.perf_counter()
        if not chunk:
            self.open = False
            return None
        if self.run.first_byte is None:
            self.run.first_byte = at
        text = self._decoder.decode(chunk)
        self.run.raw += text
        # An escape sequence may be cut between two reads: keep an unfinished tail back.
        text = self._pending + text
        cut = text.rfind("\x1b")
        if cut != -1 and len(text) - cut < 64 and not ESCAPES.match(text, cut):
            text, self._pending = text[:cut], text[cut:]
        else:
            self._pending = ""
        self.run.text += ESCAPES.sub("", text)
        return at

    def until(self, marker: str, timeout: float) -> bool:
        """Read until `marker` is in the text (stamped in `run.found`) or `timeout`."""
        deadline = time.perf_counter() + timeout
        searched = 0
        while self.open and (left := deadline - time.perf_counter()) > 0:
            at = self.read(left)
            if at is None:
                continue
            if marker in self.run.text[max(0, searched - len(marker)) :]:
                self.run.found = at
                return True
            searched = len(self.run.text)
        return False

    def drain(self, seconds: float) -> None:
        """Read (and keep) what comes for `seconds`, or until the child closes."""
        deadline = time.perf_counter() + seconds
        while self.open and (left := deadline - time.perf_counter()) > 0:
            self.read(left)


def _wait(pid: int, reader: Reader, seconds: float) -> int | None:
    """Reap `pid` within `seconds` (reading its output meanwhile): its status, or None."""
    deadline = time.perf_counter() + seconds
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.perf_counter() >= deadline:
            return None
        if reader.open:
            reader.read(0.02)
        else:
            time.sleep(0.01)


def run_until(argv: list[str], env: dict[str, str], marker: str, timeout: float = 30.0) -> Run:
    """Start `argv` in a pseudo-terminal, read until `marker` is drawn, then quit it
    (ctrl+q; SIGTERM, then SIGKILL, if it does not go) and reap it."""
    pid, fd, spawned = spawn(argv, env)
    run = Run(spawned)
    reader = Reader(fd, run)
    try:
        reader.until(marker, timeout)
        if not reader.open:
            run.ended = "exited"
        else:
            os.write(fd, CTRL_Q)
            run.ended = "ctrl+q"
        status = _wait(pid, reader, 5.0)
        for sig, name in ((signal.SIGTERM, "SIGTERM"), (signal.SIGKILL, "SIGKILL")):
            if status is not None:
                break
            os.kill(pid, sig)
            run.ended = name
            status = _wait(pid, reader, 5.0)
        run.status = status
    finally:
        os.close(fd)
    return run
