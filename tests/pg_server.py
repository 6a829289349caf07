"""A throwaway PostgreSQL server for the tests (tests/conftest.py's `pg_url`).

`initdb` into a temp folder, the server on a free port with its unix socket in
that folder (no TCP listener), durability off (fsync, full-page writes): it
lives for one test session and is deleted after it. PostgreSQL refuses to run
as root, so under root (CI) the cluster belongs to an unprivileged user
(`postgres` when the distribution's package created it) and every server
command runs through `runuser`. The tests themselves connect as the database
superuser `postgres` over the socket, with trust authentication.

Fresh databases are copies of template databases (`CREATE DATABASE … TEMPLATE`,
~40 ms) rather than migrated anew each time.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SUPERUSER = "postgres"
"""The cluster's superuser, the role every test connects as."""


def find_bin_dir() -> Path | None:
    """The folder holding `initdb` and `pg_ctl`: on PATH, else Debian's versioned folder."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    versions = [p for p in Path("/usr/lib/postgresql").glob("*/bin") if p.parent.name.isdigit()]
    for folder in sorted(versions, key=lambda p: int(p.parent.name), reverse=True):
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def why_unavailable() -> str:
    """Why a PostgreSQL server cannot be started here, or "" when it can."""
    if find_bin_dir() is None:
        return (
            "PostgreSQL server binaries not found (initdb/pg_ctl on PATH or in "
            "/usr/lib/postgresql/*/bin): apt-get install postgresql"
        )
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        return "the PostgreSQL driver is not installed: pip install -e '.[postgres]'"
    if os.geteuid() == 0 and _server_user() is None:
        return "running as root and no unprivileged user (postgres, nobody) to run the server"
    return ""


def _server_user() -> str | None:
    """Who runs the server when we are root (PostgreSQL will not run as root)."""
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PgServer:
    """One running throwaway cluster."""

    bin_dir: Path
    base: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="mpm-pg-")))
    port: int = field(default_factory=_free_port)
    run_as: str | None = None
    _admin: Any = None
    _made: int = 0

    def url(self, dbname: str) -> str:
        """A URL for `--db` and `open_database`, usable from any process on this machine."""
        return f"postgresql://{SUPERUSER}@/{dbname}?host={self.base}&port={self.port}"

    def _run(self, *argv: str) -> None:
        command = [str(self.bin_dir / argv[0]), *argv[1:]]
        if self.run_as is not None:
            command = ["runuser", "-u", self.run_as, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            log = self.base / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(
                f"{' '.join(argv[:2])} failed ({done.returncode}): "
                f"{done.stderr.strip() or done.stdout.strip()}\n{tail}"
            )

    def start(self) -> None:
        if os.geteuid() == 0:
            self.run_as = _server_user()
            user = pwd.getpwnam(str(self.run_as))
            os.chown(self.base, user.pw_uid, user.pw_gid)
        atexit.register(self.stop)  # a session that dies still removes its server
        data = str(self.base / "data")
        self._run(
            "initdb",
            "-D",
            data,
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",  # code-point order, like SQLite's default collation
            "--no-sync",
        )
        options = (
            f"-p {self.port} -k {self.base} -c listen_addresses='' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=60 -c deadlock_timeout=100ms"
        )
        self._run(
            "pg_ctl", "-D", data, "-l", str(self.base / "server.log"), "-w", "-o", options, "start"
        )

    def stop(self) -> None:
        if self._admin is not None:
            with contextlib.suppress(Exception):
                self._admin.close()
            self._admin = None
        if (self.base / "data" / "postmaster.pid").exists():
            with contextlib.suppress(Exception):
                self._run("pg_ctl", "-D", str(self.base / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.base, ignore_errors=True)

    def execute(self, sql: str) -> None:
        """Run one statement on the maintenance database, outside any transaction."""
        if self._admin is None:
            import psycopg2

            self._admin = psycopg2.connect(
                dbname="postgres", user=SUPERUSER, host=str(self.base), port=self.port
            )
            self._admin.autocommit = True
        with self._admin.cursor() as cursor:
            cursor.execute(sql)

    def create_database(self, template: str | None = None, *, name: str | None = None) -> str:
        """A new database (a copy of `template`, which nobody may be connected to); its name."""
        if name is None:
            self._made += 1
            name = f"t{self._made}"
        copy = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
        self.execute(f'CREATE DATABASE "{name}"{copy}')
        return name

    def drop_database(self, name: str) -> None:
        """Drop it, ending whatever connections still use it."""
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
