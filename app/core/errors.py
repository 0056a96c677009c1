"""The errors every core module raises for people to read (Chinese messages; nothing was written).

They live here, below every other core module, so that text rules, periods and projects can all raise them
without importing each other. `app.core.projects` re-exports them under their usual names."""

from __future__ import annotations

from app.core.field_labels import label_of


class ValidationError(Exception):
    """Field -> message in Chinese. Nothing was written."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("；".join(f"{label_of(k)}：{v}" for k, v in errors.items()))
        self.errors = errors


class ConflictError(Exception):
    """The record changed since it was read (someone else saved first)."""


class NotFoundError(Exception):
    """No record with that id or code."""
