"""What a database holds, counted (for the first-run welcome and the self-test): projects and where they came
from, indicators, findings still to review, and where the file and its backups are."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.core.workspace import Workspace
from app.db.models import Indicator, Project, ReviewFlag


@dataclass(frozen=True)
class DatabaseOverview:
    projects: int
    appendix_projects: int  # seeded from the plan's appendix tables 附表1-7
    indicators: int
    open_findings: int  # data-quality findings not yet reviewed
    database: str  # the file path, or the server address without its password
    backups: str | None  # the folder of automatic backups (SQLite files only)


def database_overview(ws: Workspace) -> DatabaseOverview:
    from app.core.backups import backup_folder
    from app.core.project_service import database_label

    with ws.session() as s:
        projects = s.scalar(select(func.count()).select_from(Project)) or 0
        appendix = s.scalar(select(func.count()).select_from(Project).where(Project.appendix_table.is_not(None))) or 0
        indicators = s.scalar(select(func.count()).select_from(Indicator)) or 0
        findings = s.scalar(select(func.count()).select_from(ReviewFlag).where(ReviewFlag.state == "open")) or 0
    path = ws.db.sqlite_path
    return DatabaseOverview(
        projects=projects,
        appendix_projects=appendix,
        indicators=indicators,
        open_findings=findings,
        database=database_label(ws),
        backups=str(backup_folder(path)) if path is not None else None,
    )
