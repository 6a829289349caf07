"""The database connection of the calling thread.

Peewee keeps one connection per thread. A screen that reads in a thread worker
(screens/background.py) closes that thread's connection when it is done, so no
worker thread keeps a file handle or a PostgreSQL session open.
"""

from __future__ import annotations

from mpm_tui.db.database import close_database


def release_thread_connection() -> None:
    """Close the calling thread's connection, if it has one open."""
    close_database()
