"""Coordination issues (问题协调): problems a project needs another department to solve, their deadlines,
and open / overdue / closure-rate statistics per project and for the portfolio.

"Open" and "overdue" are judged on an as-of date (today by default, a period's last day in reports), so a
report for 2025Q3 counts an issue closed in October as still open at the end of September.

An issue belongs to its project: in a county office only the issues of the office's own projects can be
raised, changed or deleted (the one scope rule, `office.ensure_may_edit`), and every write is logged for the
exchange packages (app.core.change_log) in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit, change_log, milestones, office, projects, text_rules
from app.db.models import CoordinationIssue, Project, utcnow

EDITABLE = ("description", "responsible_department", "raised_date", "deadline", "closed_date", "resolution")


def _validate(changes: dict[str, Any], current: CoordinationIssue | None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in EDITABLE:
            errors[key] = "该字段不可修改"
        elif key in ("raised_date", "deadline", "closed_date"):
            try:
                clean[key] = milestones.parse_date(value, key)
            except projects.ValidationError as exc:
                errors.update(exc.errors)
        else:
            try:
                text = text_rules.check_text(key, value)
            except projects.ValidationError as exc:
                errors.update(exc.errors)
                continue
            if key == "description" and not text:
                errors[key] = "问题描述不能为空"
            clean[key] = (text or "") if key == "description" else text
    merged = {k: getattr(current, k) if current else None for k in ("raised_date", "deadline", "closed_date")}
    merged.update({k: v for k, v in clean.items() if k in merged})
    raised = merged["raised_date"]
    if raised and merged["deadline"] and merged["deadline"] < raised:
        errors["deadline"] = "办结期限不能早于提出日期"
    if raised and merged["closed_date"] and merged["closed_date"] < raised:
        errors["closed_date"] = "办结日期不能早于提出日期"
    if merged["closed_date"] and merged["closed_date"] > dt.date.today():
        errors["closed_date"] = "办结日期不能晚于今天"
    if errors:
        raise projects.ValidationError(errors)
    return clean


def _get(session: Session, issue_id: str) -> CoordinationIssue:
    issue = session.get(CoordinationIssue, issue_id)
    if issue is None:
        raise projects.NotFoundError(f"未找到协调问题 / no such issue: {issue_id}")
    return issue


def add_issue(
    session: Session,
    project_id: str,
    *,
    description: str,
    responsible_department: str | None = None,
    raised_date: Any = None,
    deadline: Any = None,
    user: str,
    source: str = "manual",
) -> str:
    office.ensure_may_edit(session, projects.get_project(session, project_id))
    clean = _validate(
        dict(
            description=description,
            responsible_department=responsible_department,
            raised_date=raised_date or dt.date.today(),
            deadline=deadline,
        ),
        None,
    )
    issue = CoordinationIssue(project_id=project_id, updated_by=user, **clean)
    session.add(issue)
    session.flush()
    audit.record(
        session,
        user=user,
        entity_type="coordination_issue",
        entity_id=issue.id,
        project_id=project_id,
        field="created",
        old=None,
        new=issue.description,
        source=source,
    )
    change_log.record_issue_change(session, issue, "created", None, None, user=user)
    return issue.id


def update_issue(
    session: Session,
    issue_id: str,
    changes: dict[str, Any],
    *,
    user: str,
    expected_version: int | None = None,
    source: str = "manual",
) -> list[str]:
    issue = _get(session, issue_id)
    if expected_version is not None and issue.version != expected_version:
        raise projects.ConflictError(
            f"该协调问题已被 {issue.updated_by} 于 {issue.updated_at:%Y-%m-%d %H:%M} 修改"
            f"（版本 {issue.version}，您编辑的是版本 {expected_version}），请刷新后重试"
        )
    office.ensure_may_edit(session, issue.project_id)
    clean = _validate(changes, issue)
    changed = []
    for key, new in clean.items():
        old = getattr(issue, key)
        if old == new:
            continue
        setattr(issue, key, new)
        audit.record(
            session,
            user=user,
            entity_type="coordination_issue",
            entity_id=issue.id,
            project_id=issue.project_id,
            field=key,
            old=old,
            new=new,
            source=source,
        )
        change_log.record_issue_change(session, issue, key, old, new, user=user)
        changed.append(key)
    if changed:
        issue.version += 1
        issue.updated_at = utcnow()
        issue.updated_by = user
    session.flush()
    return changed


def close_issue(
    session: Session,
    issue_id: str,
    *,
    resolution: str,
    closed_date: Any = None,
    user: str,
    expected_version: int | None = None,
    source: str = "manual",
) -> list[str]:
    """办结: a closing needs the resolution in words."""
    if not text_rules.check_text("resolution", resolution):
        raise projects.ValidationError({"resolution": "办结时请填写处理结果"})
    return update_issue(
        session,
        issue_id,
        dict(resolution=resolution, closed_date=closed_date or dt.date.today()),
        user=user,
        expected_version=expected_version,
        source=source,
    )


def delete_issue(session: Session, issue_id: str, *, user: str, source: str = "manual") -> None:
    issue = _get(session, issue_id)
    office.ensure_may_edit(session, issue.project_id)
    audit.record(
        session,
        user=user,
        entity_type="coordination_issue",
        entity_id=issue.id,
        project_id=issue.project_id,
        field="deleted",
        old=issue.description,
        new=None,
        source=source,
    )
    change_log.record_issue_change(session, issue, "deleted", None, None, user=user)
    session.delete(issue)
    session.flush()


def is_open(issue_raised: dt.date | None, issue_closed: dt.date | None, as_of: dt.date) -> bool:
    return (issue_raised is None or issue_raised <= as_of) and (issue_closed is None or issue_closed > as_of)


def days_overdue(raised: dt.date | None, deadline: dt.date | None, closed: dt.date | None, as_of: dt.date) -> int:
    if deadline is None or not is_open(raised, closed, as_of):
        return 0
    return max(0, (as_of - deadline).days)


def issue_to_dict(issue: CoordinationIssue, as_of: dt.date) -> dict[str, Any]:
    open_ = is_open(issue.raised_date, issue.closed_date, as_of)
    late = days_overdue(issue.raised_date, issue.deadline, issue.closed_date, as_of)
    return dict(
        id=issue.id,
        project_id=issue.project_id,
        description=issue.description,
        responsible_department=issue.responsible_department,
        raised_date=issue.raised_date.isoformat() if issue.raised_date else None,
        deadline=issue.deadline.isoformat() if issue.deadline else None,
        closed_date=issue.closed_date.isoformat() if issue.closed_date else None,
        resolution=issue.resolution,
        is_open=open_,
        overdue=late > 0,
        overdue_days=late,
        state="逾期未办结" if late > 0 else "办理中" if open_ else "已办结",
        version=issue.version,
        updated_at=issue.updated_at.isoformat() if issue.updated_at else None,
        updated_by=issue.updated_by,
    )


def list_issues(
    session: Session, project_id: str | None = None, *, as_of: dt.date | None = None, open_only: bool = False
) -> list[dict[str, Any]]:
    as_of = as_of or dt.date.today()
    stmt = (
        select(CoordinationIssue, Project.code, Project.name)
        .join(Project, Project.id == CoordinationIssue.project_id)
        .order_by(Project.code, CoordinationIssue.raised_date, CoordinationIssue.created_at)
    )
    if project_id:
        stmt = stmt.where(CoordinationIssue.project_id == project_id)
    rows = []
    for issue, code, name in session.execute(stmt):
        row = issue_to_dict(issue, as_of)
        if open_only and not row["is_open"]:
            continue
        row.update(code=code, project_name=name)
        rows.append(row)
    return rows


@dataclass
class IssueStats:
    total: int = 0  # raised by as_of
    open: int = 0
    overdue: int = 0
    closed: int = 0
    closed_on_time: int = 0

    @property
    def closure_rate(self) -> float | None:
        """Closed / raised; None when nothing was raised (no rate, rather than a misleading 0% or 100%)."""
        return None if self.total == 0 else self.closed / self.total

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "closure_rate": self.closure_rate}


def _add(
    stats: IssueStats, raised: dt.date | None, deadline: dt.date | None, closed: dt.date | None, as_of: dt.date
) -> None:
    if raised is not None and raised > as_of:
        return  # not raised yet on as_of
    stats.total += 1
    if is_open(raised, closed, as_of):
        stats.open += 1
        if deadline is not None and deadline < as_of:
            stats.overdue += 1
    else:
        stats.closed += 1
        if deadline is None or (closed is not None and closed <= deadline):
            stats.closed_on_time += 1


def issue_stats_by_project(session: Session, as_of: dt.date | None = None) -> dict[str, IssueStats]:
    """Per-project statistics for the whole portfolio in one query."""
    as_of = as_of or dt.date.today()
    result: dict[str, IssueStats] = {}
    for pid, raised, deadline, closed in session.execute(
        select(
            CoordinationIssue.project_id,
            CoordinationIssue.raised_date,
            CoordinationIssue.deadline,
            CoordinationIssue.closed_date,
        )
    ):
        _add(result.setdefault(pid, IssueStats()), raised, deadline, closed, as_of)
    return result


def issue_stats(session: Session, project_id: str | None = None, as_of: dt.date | None = None) -> IssueStats:
    """One project's statistics, or the portfolio's when project_id is None."""
    as_of = as_of or dt.date.today()
    stmt = select(CoordinationIssue.raised_date, CoordinationIssue.deadline, CoordinationIssue.closed_date)
    if project_id:
        stmt = stmt.where(CoordinationIssue.project_id == project_id)
    stats = IssueStats()
    for raised, deadline, closed in session.execute(stmt):
        _add(stats, raised, deadline, closed, as_of)
    return stats
