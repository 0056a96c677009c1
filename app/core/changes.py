"""What a write changed, announced once so every view can decide whether to redraw.

Modelled on Anki's ``OpChanges``: a service that writes returns (or the UI wrapper builds) a ``Changes`` value;
the UI's change bus (``app.ui.change_bus``) broadcasts it, and each view subscribes and redraws only when a part
it shows changed. No view needs the main window to refresh it by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = ["Changes"]


@dataclass(frozen=True)
class Changes:
    projects: bool = False
    progress: bool = False
    milestones: bool = False
    issues: bool = False
    periods: bool = False
    indicators: bool = False
    reference: bool = False  # counties, departments, review flags, settings
    project_ids: frozenset[str] = frozenset()  # empty: any or all projects

    @classmethod
    def everything(cls) -> Changes:
        return cls(
            projects=True, progress=True, milestones=True, issues=True, periods=True, indicators=True, reference=True
        )

    def __or__(self, other: Changes) -> Changes:
        merged = {f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self) if f.type == "bool"}
        ids = self.project_ids | other.project_ids if self.project_ids and other.project_ids else frozenset()
        return Changes(**merged, project_ids=ids)

    def any(self, *parts: str) -> bool:
        """True when any of the named parts changed (``changes.any("progress", "milestones")``)."""
        return any(getattr(self, part) for part in parts)

    def touches_project(self, project_id: str) -> bool:
        return not self.project_ids or project_id in self.project_ids
