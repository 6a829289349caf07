"""What a service says when it refuses: one clear sentence, nothing changed."""

from __future__ import annotations


class MpmError(Exception):
    """Base of every refusal. `str(error)` is the message shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidInput(MpmError):
    """A field has a value the domain does not accept."""


class NotFound(MpmError):
    """A referenced member, project, board, column or task does not exist."""


class PermissionDenied(MpmError):
    """The acting member's role does not allow this change."""


class RuleViolation(MpmError):
    """A domain rule refuses the change (e.g. closing without a retrospective)."""


class WipLimitReached(RuleViolation):
    """A move or create into a column already at its WIP limit."""

    def __init__(self, column: str, limit: int, count: int, *, board: str = "") -> None:
        where = f"{column!r}" + (f" on board {board!r}" if board else "")
        super().__init__(
            f"{where} is at its WIP limit ({count}/{limit}): finish or move a card out first"
        )
        self.column = column
        self.limit = limit
        self.count = count


class PersonLimitReached(RuleViolation):
    """One owner would hold more cards in a column than its per-person limit."""

    def __init__(self, member: str, column: str, limit: int) -> None:
        super().__init__(
            f"{member} already holds {limit} card{'s' if limit != 1 else ''} in {column!r} "
            f"(the per-person limit is {limit})"
        )
        self.member = member
        self.column = column
        self.limit = limit


class DependencyCycle(RuleViolation):
    """A dependency that would make a task wait, transitively, on itself."""

    def __init__(self, titles: list[str]) -> None:
        super().__init__("that dependency would make a cycle: " + " → ".join(titles))
        self.titles = titles


class VersionConflict(MpmError):
    """Somebody else changed the record since it was read."""

    def __init__(self, entity: str, by: str, at: str) -> None:
        super().__init__(f"this {entity} was changed by {by} at {at} — reloaded, try again")
        self.by = by
        self.at = at
