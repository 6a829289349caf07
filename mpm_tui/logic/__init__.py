"""Pure domain logic: plain Python, no database, no terminal."""
