"""Storage: the deferred database, the models and the forward-only migrations."""

from mpm_tui.db.database import db, open_database

__all__ = ["db", "open_database"]
