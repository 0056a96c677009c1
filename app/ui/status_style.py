"""The colours of status words in the desktop UI, defined once.

The words themselves come from the core (``app.core.status_rules`` for RAG, ``app.core.milestones`` for
milestone states, ``app.core.coordination`` for issue states, ``app.core.periods`` for quarter states); this
module only says how each one is drawn. Every UI file that colours a status takes the colour from here, so a
red means the same thing in the portfolio, the dashboard, the timeline and the editor's tabs.
"""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor

from app.core import milestones, periods, status_rules, submissions

# Material-like tones that stay readable on white and on the alternate row colour.
RED = "#c62828"
AMBER = "#ef8f00"
GREEN = "#2e7d32"
BLUE = "#1565c0"
GREY = "#9e9e9e"
SLATE = "#607d8b"
DARK_RED = "#b71c1c"
BROWN = "#8a4b00"

UNKNOWN_TEXT = "#8a8a8a"  # a value that is not known (never shown as 0)
FILTER_TEXT = BLUE  # the "当前筛选" line
TODAY_LINE = "#d32f2f"

RAG_COLORS: dict[str, str] = {
    status_rules.GREEN: GREEN,
    status_rules.AMBER: AMBER,
    status_rules.RED: RED,
    status_rules.UNKNOWN: GREY,
}

MILESTONE_COLORS: dict[str, str] = {
    milestones.OVERDUE: RED,
    milestones.DONE: GREEN,
    milestones.IN_PROGRESS: BLUE,
    milestones.NOT_STARTED: SLATE,
}

ISSUE_COLORS: dict[str, str] = {"逾期未办结": RED, "办理中": BLUE, "已办结": GREEN}

REVIEW_FLAG_COLORS: dict[str, str] = {"open": RED, "resolved": GREEN}

PERIOD_COLORS: dict[str, str] = {periods.OPEN: BLUE, periods.SUBMITTED: AMBER, periods.LOCKED: SLATE}

# An office's submission of a quarter (app.core.submissions): waiting for the city is amber, returned red.
SUBMISSION_COLORS: dict[str, str] = {
    submissions.NOT_SUBMITTED: GREY,
    submissions.SUBMITTED: AMBER,
    submissions.RETURNED: RED,
    submissions.ACCEPTED: GREEN,
}

# Import findings: error / warning / info (a note that changes nothing is not coloured as a problem).
SEVERITY_COLORS: dict[str, str] = {"error": "#c00000", "warning": "#9c6500", "info": SLATE}

INDICATOR_BINDING = DARK_RED  # 约束性 indicators
INDICATOR_NOT_MET = RED
PROGRESS_DONE = GREEN
PROGRESS_PARTIAL = "#3b78b5"

# Banners across the top of a window.
BANNER_ERROR = f"background: #fdecea; color: {DARK_RED}; padding: 6px; border-radius: 3px;"
BANNER_WARNING = f"background: #fff4e5; color: {BROWN}; padding: 6px; border-radius: 3px;"
BANNER_READ_ONLY = "background: #e8eaf6; color: #1a237e; padding: 6px; border-radius: 3px;"
ERROR_TEXT = f"color: {RED};"
WARNING_TEXT = f"color: {BROWN};"


def color(hex_color: str) -> QColor:
    return QColor(hex_color)


def rag_color(rag: str) -> QColor:
    return QColor(RAG_COLORS.get(rag, RAG_COLORS[status_rules.UNKNOWN]))


def brush_for(colors: dict[str, str], key: str | None) -> QBrush | None:
    """A text brush for a status word, None for a word without a colour (drawn in the normal text colour)."""
    hex_color = colors.get(key or "")
    return QBrush(QColor(hex_color)) if hex_color else None
