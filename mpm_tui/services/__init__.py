"""Domain rules and queries: the only code that writes the database.

Screens, the CLI and importers all call these functions, so a rule (WIP
limits, permissions, retro-before-close, dependency cycles) holds the same
way from every door.
"""
