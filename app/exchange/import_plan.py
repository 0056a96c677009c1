"""What an import found and what it would write: the plan the wizard and the CLI show before anything is written.

Issues are of two kinds for people: errors (the file is refused, nothing is written) and notes (the import goes
ahead; they say how a value was understood or what was not imported). A note keeps its severity ("warning" for
something the officer should look at, "info" for how a value was read) so the wizard can colour it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from app.core import audit

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)
KIND_ERROR, KIND_NOTE = "error", "note"
KIND_LABELS = {KIND_ERROR: "错误", KIND_NOTE: "提示"}
THEIRS, MINE = "theirs", "mine"


@dataclass
class Issue:
    severity: str  # error | warning | info
    sheet: str
    row: int | None
    column: str | None  # header label
    message: str
    letter: str | None = None  # column letter, as Excel/WPS show it
    last_row: int | None = None  # a CSV record spanning several lines ends here

    @property
    def kind(self) -> str:
        """error (blocks the import) or note (does not)."""
        return KIND_ERROR if self.severity == ERROR else KIND_NOTE

    def line(self) -> str:
        """One line: sheet, row, column, reason."""
        where = [self.sheet or "文件"]
        if self.row is not None:
            rows = f"{self.row}–{self.last_row}" if self.last_row and self.last_row != self.row else str(self.row)
            where.append(f"第{rows}行")
        if self.column or self.letter:
            letter = f"{self.letter}列" if self.letter else ""
            label = f"“{self.column}”" if self.column else ""
            where.append(letter + label)
        return f"{'，'.join(where)}：{self.message}"

    def labelled_line(self) -> str:
        """The line with its kind in front (错误：… / 提示：…), for lists that mix both."""
        return f"{KIND_LABELS[self.kind]}：{self.line()}"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["kind"] = self.kind
        d["text"] = self.line()
        return d


@dataclass
class FieldChange:
    key: str
    sheet: str
    row: int
    entity: str  # project | progress | milestone
    record_id: str  # project id (project, progress) or milestone id
    project_id: str
    project_code: str
    project_name: str
    period: str | None
    field: str
    label: str
    old: str | None  # display text, None = blank
    new: str | None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Conflict:
    key: str
    sheet: str
    row: int
    entity: str
    record_id: str
    project_id: str
    project_code: str
    project_name: str
    period: str | None
    field: str
    label: str
    mine: str | None  # the database now
    theirs: str | None  # the file
    base: str | None  # as exported (None when unknown, e.g. CSV)
    file_version: int
    db_version: int
    changed_by: str | None
    changed_at: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RowPlan:
    """One record the import writes: the fields taken from the file, and the conflicting ones to resolve."""

    sheet: str
    row: int
    entity: str
    record_id: str
    project_id: str
    period: str | None
    db_version: int
    apply: dict[str, Any] = field(default_factory=dict)
    conflicts: dict[str, Any] = field(default_factory=dict)  # field -> value from the file


@dataclass
class ImportPlan:
    file_name: str
    sha256: str
    file_kind: str  # xlsx | csv
    encoding: str | None = None
    workbook_kind: str | None = None  # entry | portfolio | None (unknown / CSV)
    period: str | None = None
    scope: str | None = None  # the workbook's scope as people name it (灵丘县, 全市…)
    sheets: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_unchanged: int = 0
    changes: list[FieldChange] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    rows: list[RowPlan] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.kind == KIND_ERROR]

    @property
    def notes(self) -> list[Issue]:
        """Everything that does not block the import (warnings and information)."""
        return [i for i in self.issues if i.kind == KIND_NOTE]

    @property
    def warnings(self) -> list[Issue]:
        """The notes (kept under its earlier name for callers that say "warnings")."""
        return self.notes

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return dict(
            file_name=self.file_name,
            sha256=self.sha256,
            file_kind=self.file_kind,
            encoding=self.encoding,
            workbook_kind=self.workbook_kind,
            period=self.period,
            scope=self.scope,
            sheets=list(self.sheets),
            rows_read=self.rows_read,
            rows_unchanged=self.rows_unchanged,
            ok=self.ok,
            changes=[c.to_dict() for c in self.changes],
            conflicts=[c.to_dict() for c in self.conflicts],
            errors=[i.to_dict() for i in self.errors],
            notes=[i.to_dict() for i in self.notes],
            warnings=[i.to_dict() for i in self.notes],
        )


class ImportRejected(Exception):
    """The file can't be applied; `issues` say why. Nothing was written."""

    def __init__(self, issues: list[Issue]):
        super().__init__("\n".join(i.line() for i in issues))
        self.issues = issues


def file_error_plan(info_name: str, message: str, sha256: str = "", kind: str = "") -> ImportPlan:
    """A plan holding one file-level error (the file could not be read at all)."""
    plan = ImportPlan(info_name, sha256, kind)
    plan.issues.append(Issue(ERROR, info_name, None, None, message))
    return plan


def display(value: Any) -> str | None:
    """A value as the review shows it (lists joined with 、), None for blank."""
    if value is None or value == [] or value == "":
        return None
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return audit.as_text(value)


def canonical(value: Any) -> str | None:
    """The text two values are compared by (and the form the hidden _base sheet stores)."""
    if value is None or value == [] or value == "":
        return None
    return audit.as_text(value)
