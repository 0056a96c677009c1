"""Rules for text typed or imported by people: one length limit per field, and no control characters.

Word puts \\x0b (manual line break) and \\x0c (page break) into copied text; other control characters (BEL,
ESC, NUL…) come from hostile or damaged files. Excel cannot store them (openpyxl raises
IllegalCharacterError), so every export would fail on one value. They are folded or removed at entry, in
every path (editor, CLI, workbook import), by `clean_text`.

Limits are what an officer's text needs with room to spare (a project name of the plan is at most about
50 characters, its 主要建设内容 about 280) and what one report cell can still print.
"""

from __future__ import annotations

import unicodedata

from app.core.errors import ValidationError
from app.core.field_labels import label_of

NAME_LIMIT = 200
LONG_TEXT_LIMIT = 2000

FIELD_LIMITS: dict[str, int] = {
    # projects
    "name": NAME_LIMIT,
    "scale": LONG_TEXT_LIMIT,
    "content": LONG_TEXT_LIMIT,
    "entities": NAME_LIMIT,  # each 建设主体
    "location": 500,
    "note": LONG_TEXT_LIMIT,  # project, milestone and indicator-value notes
    "department": 120,  # a department's name (database column is 120 characters)
    "lead_departments": 120,  # each name
    # quarterly progress
    "physical_progress": LONG_TEXT_LIMIT,
    "problems": LONG_TEXT_LIMIT,
    "next_steps": LONG_TEXT_LIMIT,
    # milestones
    "title": NAME_LIMIT,
    "kind": 40,  # database column is 40 characters
    # coordination issues
    "description": LONG_TEXT_LIMIT,
    "responsible_department": 120,
    "resolution": LONG_TEXT_LIMIT,
    # workflow
    "reason": 500,  # reopening a quarter
    "resolution_note": LONG_TEXT_LIMIT,  # review findings
}

# Fields shown on one line (tables, CLI rows, report headings): a line break becomes a space.
SINGLE_LINE_FIELDS = frozenset(
    {"name", "entities", "location", "department", "lead_departments", "title", "kind", "responsible_department"}
)

# Word's line and page breaks are meant as line breaks.
_LINE_BREAKS = {"\x0b": "\n", "\x0c": "\n", "\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n"}
_KEPT_CONTROLS = frozenset({"\n", "\t"})


def _is_removed(char: str) -> bool:
    """Control characters (Cc) other than line break and tab, and lone surrogates (Cs), which no file stores."""
    return char not in _KEPT_CONTROLS and unicodedata.category(char) in ("Cc", "Cs")


def clean_text(field: str, value: str | None) -> tuple[str | None, list[str]]:
    """(the text to store, notes for the person). Blank text is None.

    Folds \\x0b/\\x0c/\\r to line breaks, removes other control characters (with a note saying how many),
    trims, puts single-line fields on one line, and raises ValidationError when the result is longer than
    the field's limit. An unknown field is a programming error (KeyError): every field has a limit."""
    limit = FIELD_LIMITS[field]
    if value is None:
        return None, []
    text = str(value)
    for old, new in _LINE_BREAKS.items():
        text = text.replace(old, new)
    notes: list[str] = []
    removed = sum(1 for char in text if _is_removed(char))
    if removed:
        text = "".join(char for char in text if not _is_removed(char))
        notes.append(f"{label_of(field)}：删除了 {removed} 个不可见的控制字符")
    if field in SINGLE_LINE_FIELDS and ("\n" in text or "\t" in text):
        text = " ".join(part.strip() for part in text.replace("\t", " ").split("\n") if part.strip())
    text = text.strip()
    if not text:
        return None, notes
    if len(text) > limit:
        raise ValidationError({field: f"不能超过 {limit} 个字（现为 {len(text)} 个字）"})
    return text, notes


def check_text(field: str, value: str | None) -> str | None:
    """clean_text for callers that have nowhere to show the notes (the removal is harmless either way)."""
    return clean_text(field, value)[0]
