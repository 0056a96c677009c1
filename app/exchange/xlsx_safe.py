"""Writing user text into openpyxl cells: never a formula, never a character that stops the whole export.

Excel cannot store control characters (openpyxl raises IllegalCharacterError for \\x07, ESC, …), and one such
value, pasted from Word or another program, would make every export fail until someone found it. The cell gets
a cleaned copy instead (Word's \\x0b/\\x0c line and page breaks become line breaks, the rest is dropped); the
database keeps the original, and the caller counts the cleaned cells so the export summary can say so.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def excel_text(value: str) -> tuple[str, bool]:
    """The text as an .xlsx can hold it, and whether anything had to be changed."""
    if not ILLEGAL_CHARACTERS_RE.search(value):
        return value, False
    return ILLEGAL_CHARACTERS_RE.sub("", value.translate(_LINE_BREAKS)), True


def set_text(cell: Cell, value: str | None) -> bool:
    """Store text as text: openpyxl turns any str starting with '=' into a formula, so force the string type.
    Returns True when control characters had to be removed."""
    if value is None:
        cell.value = None
        return False
    text, cleaned = excel_text(str(value))
    cell.value = text
    cell.data_type = "s"
    return cleaned


def set_value(cell: Cell, value: Any) -> bool:
    if isinstance(value, str):
        return set_text(cell, value)
    cell.value = value
    return False
