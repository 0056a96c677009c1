"""What the report had to do to a text to print it, said in the report itself (the 说明 block).

Two things are recorded, each with the project and the field: a text too long for its table cell, cut with
"…（全文见系统）", and characters that no bundled font can draw (printed as 〓). Nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from app.reports.fonts import MISSING_MARK, unprintable
from app.reports.model import ReportData

TRUNCATION_MARK = "…（全文见系统）"


@dataclass(frozen=True)
class TextNote:
    where: str  # "附表1-05 项目名称"
    what: str  # "全文 2000 字，报告中印出前 380 字" / "无法印出的字符：🦜（U+1F99C）"


class ReportNotes:
    """The notes of one report, in the order found, each (where, kind) once."""

    def __init__(self) -> None:
        self._notes: dict[tuple[str, str], TextNote] = {}

    def __iter__(self) -> Iterator[TextNote]:
        return iter(self._notes.values())

    def __len__(self) -> int:
        return len(self._notes)

    def truncated(self, where: str, total_chars: int, shown_chars: int) -> None:
        key = (where, "truncated")
        if key not in self._notes:
            self._notes[key] = TextNote(
                where, f"全文 {total_chars} 字，报告中印出前 {shown_chars} 字，以“{TRUNCATION_MARK}”标明"
            )

    def unprintable(self, where: str, chars: list[str]) -> None:
        key = (where, "unprintable")
        if chars and key not in self._notes:
            listed = "、".join(f"{c}（U+{ord(c):04X}）" for c in chars)
            self._notes[key] = TextNote(where, f"无法印出的字符，以“{MISSING_MARK}”代替：{listed}")

    def count(self, kind: str) -> int:
        return sum(1 for key in self._notes if key[1] == kind)


def scan_unprintable(data: ReportData, notes: ReportNotes) -> None:
    """Record every field of the report's data that holds a character no bundled font can draw."""
    if data.unit:
        notes.unprintable("编制单位", unprintable(data.unit))
    for p in data.projects:
        fields: list[tuple[str, str | None]] = [
            ("项目名称", p.name),
            ("牵头部门", "、".join(p.departments)),
            ("形象进度", p.physical_progress),
            ("存在问题", p.problems),
            ("下步计划", p.next_steps),
        ]
        detail = data.details.get(p.id)
        if detail is not None:
            fields += [
                ("建设地点", detail.location),
                ("建设主体", "、".join(detail.entities)),
                ("建设规模", detail.scale),
                ("建设内容", detail.content),
                ("备注", detail.note),
                ("里程碑节点", "".join(m.title for m in detail.milestones)),
                ("协调问题", "".join(i.description + (i.department or "") for i in detail.issues)),
                ("季度形象进度", "".join(h.physical_progress or "" for h in detail.history)),
            ]
        for label, value in fields:
            notes.unprintable(f"{p.code} {label}", unprintable(value))
    by_code = {p.code: p for p in data.projects}
    for m in data.overdue_milestones:
        if m.project_code in by_code:
            notes.unprintable(f"{m.project_code} 里程碑节点", unprintable(m.title))
    for i in data.overdue_issues:
        notes.unprintable(f"{i.project_code} 协调问题", unprintable(i.description + (i.department or "")))
    for ind in data.indicators:
        text = ind.name + (ind.unit or "") + ind.baseline + ind.latest + ind.target
        notes.unprintable(f"规划指标 {ind.seq}", unprintable(text))
