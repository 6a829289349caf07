"""Pydantic models: validated input, plain views for screens, import/export documents."""
