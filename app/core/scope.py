"""Which projects an office (or the workbook it was sent) may change: one rule for every path.

A county office works on the projects of its county: the project's main county, or any county the plan's
text names for it (a project spanning 灵丘县 and 广灵县 belongs to both). A lead department works on the
projects it leads. The city works on everything. The Excel export chooses projects by this rule, the import
refuses a row outside the workbook's scope, and county packages use the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

CITY_LABEL = "全市"


class ScopedProject(Protocol):
    """What the rule looks at (app.db.models.Project has these)."""

    @property
    def county(self) -> str: ...

    @property
    def counties(self) -> list[str]: ...

    @property
    def lead_departments(self) -> list[str]: ...


@dataclass(frozen=True)
class Scope:
    """A county, a lead department, both (that department's projects in that county), or neither (the city)."""

    county: str | None = None
    department: str | None = None

    @classmethod
    def city(cls) -> Scope:
        return cls()

    @classmethod
    def from_meta(cls, meta: Mapping[str, str]) -> Scope:
        """The scope an exported workbook states in its `_meta` sheet (blank means the whole city)."""
        county = (meta.get("county") or "").strip() or None
        department = (meta.get("department") or "").strip() or None
        return cls(county, department)

    @property
    def is_city(self) -> bool:
        return self.county is None and self.department is None

    @property
    def label(self) -> str:
        """How people name the scope: 灵丘县, 市水务局, 灵丘县 市水务局, or 全市."""
        return " ".join(part for part in (self.county, self.department) if part) or CITY_LABEL


def _names(values: Iterable[str] | None) -> list[str]:
    return [v for v in (values or []) if v]


def project_in_scope(project: ScopedProject, scope: Scope) -> bool:
    """True when an office of `scope` may change `project`."""
    if scope.county is not None and project.county != scope.county and scope.county not in _names(project.counties):
        return False
    return scope.department is None or scope.department in _names(project.lead_departments)


def describe_owner(project: ScopedProject, scope: Scope) -> str:
    """Why a project is outside a scope, in words an officer recognises: its county, or its lead departments."""
    if scope.county is not None and not project_in_scope(project, Scope(county=scope.county)):
        others = [c for c in _names(project.counties) if c != project.county]
        extra = f"（涉及{'、'.join(others)}）" if others else ""
        return f"属于{project.county}{extra}"
    leads = "、".join(_names(project.lead_departments)) or "未填写"
    return f"牵头部门为{leads}"
