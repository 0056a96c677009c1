"""Writing user text into openpyxl cells without it ever becoming a formula."""

from __future__ import annotations

from openpyxl.cell.cell import Cell


def set_text(cell: Cell, value: str | None) -> None:
    """openpyxl turns any str starting with '=' into a formula; force the string type instead."""
    if value is None:
        cell.value = None
        return
    cell.value = str(value)
    cell.data_type = "s"


def set_value(cell: Cell, value) -> None:
    if isinstance(value, str):
        set_text(cell, value)
    else:
        cell.value = value
