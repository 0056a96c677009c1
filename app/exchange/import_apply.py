"""The last step of an import: write the plan through the core services, in the caller's ONE transaction.

The services (set_progress, update_milestone, update_project) validate, version and audit every change with
source="import" and source_detail="<file> <sheet>!<row>". A service refusing a row raises ImportRejected and the
caller rolls everything back: an import is all or nothing.

A county's (or lead department's) workbook imported at the city is that office's report, not the city's edit:
its changes are logged as that office's (app.core.change_log.recorded_as), so the city passes them on and
the conflict review names that office; and it follows the review rules of a package. An entry workbook for a
quarter the office has submitted (待审核) or the city has accepted (已审核) cannot change that quarter (only a
returned submission can be changed again); otherwise the import records the office's submission of the
quarter (已报送（待审核）, audited) for the city to accept or return. The rows' scope is checked by the
analysis (import_analysis), as for every workbook.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core import change_log, milestones, office, progress, projects, submissions
from app.core import reference as ref
from app.core.gc_pause import gc_paused
from app.core.scope import CITY_LABEL
from app.db.models import (
    AuditEntry,
    Department,
    Milestone,
    OfficeSubmission,
    Project,
    ReportingPeriod,
    utcnow,
)
from app.exchange import layout
from app.exchange.import_plan import (
    ERROR,
    MINE,
    THEIRS,
    Conflict,
    FieldChange,
    ImportPlan,
    ImportRejected,
    Issue,
    RowPlan,
)
from app.exchange.import_rows import LOOKUP_CHUNK

ProgressFn = Callable[[int, int, str], None]


def unresolved_conflicts(
    plan: ImportPlan, resolutions: dict[str, str] | None, default: str | None = None
) -> list[Conflict]:
    resolutions = resolutions or {}
    return [c for c in plan.conflicts if resolutions.get(c.key, default) not in (THEIRS, MINE)]


def apply_plan(
    session: Session,
    plan: ImportPlan,
    *,
    user: str,
    resolutions: dict[str, str] | None = None,
    default: str | None = None,
    report: ProgressFn | None = None,
) -> list[FieldChange]:
    """Write the plan. The caller owns the transaction (all or nothing). Raises ImportRejected when the plan
    has errors or unresolved conflicts, or when a core service refuses a row (the caller rolls back)."""
    if plan.errors:
        raise ImportRejected(plan.errors)
    pending = unresolved_conflicts(plan, resolutions, default)
    if pending:
        raise ImportRejected(
            [
                Issue(
                    ERROR,
                    c.sheet,
                    c.row,
                    c.label,
                    f"冲突尚未处理：数据库中为“{c.mine or '空'}”，文件中为“{c.theirs or '空'}”",
                )
                for c in pending
            ]
        )
    reporter = workbook_office(session, plan)
    if reporter is None:
        return _apply_rows(session, plan, user=user, resolutions=resolutions or {}, default=default, report=report)
    _check_review_state(session, plan, reporter)
    with change_log.recorded_as(session, reporter.name):
        applied = _apply_rows(session, plan, user=user, resolutions=resolutions or {}, default=default, report=report)
    _record_submission(session, plan, reporter, user=user)
    return applied


def workbook_office(session: Session, plan: ImportPlan) -> office.Office | None:
    """The office whose report the workbook is, when this database is the city's and the workbook was made
    for a county or a lead department (None: the city's own edit). A workbook for one department's projects
    in one county is that department's report."""
    if plan.workbook_kind is None or not plan.scope or plan.scope == CITY_LABEL:
        return None
    me = office.read_office(session)
    if me is None or not me.is_city:
        return None
    first, _, rest = plan.scope.partition(" ")
    department = rest if first in ref.COUNTY_NAMES and rest else None if plan.scope in ref.COUNTY_NAMES else plan.scope
    if department is None:
        return office.office_named(plan.scope)
    if session.scalar(select(Department.id).where(Department.name == department)) is None:
        return None
    return office.office_named(department, department=True)


def _entry_period(plan: ImportPlan) -> str | None:
    return plan.period if plan.workbook_kind == layout.WORKBOOK_KIND_ENTRY else None


def _check_review_state(session: Session, plan: ImportPlan, reporter: office.Office) -> None:
    period = _entry_period(plan)
    if period is None or not (plan.changes or plan.conflicts):
        return
    row = session.get(OfficeSubmission, (reporter.name, period))
    if row is not None and row.state in (submissions.SUBMITTED, submissions.ACCEPTED):
        raise ImportRejected(
            [
                Issue(
                    ERROR,
                    layout.SHEET_META,
                    None,
                    None,
                    f"{reporter.name} {period} 的报送为“{submissions.STATE_LABELS[row.state]}”：只有退回后才能再次导入"
                    f"其填报表（与数据包报送的审核规则相同） / {reporter.name}'s {period} is already submitted or accepted",
                )
            ]
        )


def _record_submission(session: Session, plan: ImportPlan, reporter: office.Office, *, user: str) -> None:
    """The workbook is the office's report of the quarter: recorded as its submission, to be reviewed."""
    period = _entry_period(plan)
    if period is None:
        return
    row = session.get(OfficeSubmission, (reporter.name, period))
    if row is not None and row.state != submissions.RETURNED:
        return  # already submitted or accepted, and this workbook changed nothing
    round_no = row.round + 1 if row is not None else 1
    submissions.receive_submission(
        session,
        office_name=reporter.name,
        period=period,
        round_no=round_no,
        submitted_at=utcnow(),
        submitted_by=user,
        projects_reported=submissions.count_reported(
            session, reporter.name, period, department=reporter.kind == office.DEPARTMENT_KIND
        ),
        user=user,
        source="import",
        detail=f"{reporter.name} 第 {round_no} 次报送（填报表 {plan.file_name}）",
    )


def _apply_rows(
    session: Session,
    plan: ImportPlan,
    *,
    user: str,
    resolutions: dict[str, str],
    default: str | None,
    report: ProgressFn | None,
) -> list[FieldChange]:
    # The objects the writes build are freed by reference counting; the cyclic collector's passes would only
    # rescan the whole workbook and plan held meanwhile, again and again (a third of the writing time).
    with gc_paused():
        by_row_key = {(c.sheet, c.row, c.field): c for c in plan.conflicts}
        changes_by_row: dict[tuple[str, int], list[FieldChange]] = {}
        for change in plan.changes:
            changes_by_row.setdefault((change.sheet, change.row), []).append(change)
        applied: list[FieldChange] = []
        kept = _records_kept_loaded(session, plan)
        # Quarterly reports are written in batches (progress.set_progress_many: the same checks and logs as one
        # set_progress per row, with the look-ups done once per batch); a batch ends where another kind of row
        # comes, so every write still happens in the plan's order.
        pending: list[tuple[RowPlan, dict[str, Any], list[FieldChange]]] = []
        for number, row in enumerate(plan.rows, start=1):
            if report:
                report(number, len(plan.rows), "写入数据库")
            fields = dict(row.apply)
            taken = list(changes_by_row.get((row.sheet, row.row), []))
            for key, value in row.conflicts.items():
                conflict = by_row_key[(row.sheet, row.row, key)]
                if resolutions.get(conflict.key, default) == THEIRS:
                    fields[key] = value
                    taken.append(_taken_conflict(row, conflict))
            if not fields:
                continue
            if row.entity == "progress":
                pending.append((row, fields, taken))
                continue
            applied.extend(_write_progress(session, plan, pending, kept, user=user))
            pending = []
            try:
                _write_row(session, row, fields, user=user, detail=_detail(plan, row))
            except progress.WRITE_REFUSALS as exc:
                raise ImportRejected([Issue(ERROR, row.sheet, row.row, None, f"写入失败：{exc}")]) from exc
            applied.extend(taken)
            if row.period and kept.periods.get(row.period) is None:
                kept.periods[row.period] = session.get(ReportingPeriod, row.period)
        applied.extend(_write_progress(session, plan, pending, kept, user=user))
        session.flush()
        return applied


def _detail(plan: ImportPlan, row: RowPlan) -> str:
    return f"{plan.file_name} {row.sheet}!{row.row}"


def _write_progress(
    session: Session,
    plan: ImportPlan,
    pending: list[tuple[RowPlan, dict[str, Any], list[FieldChange]]],
    kept: _Kept,
    *,
    user: str,
) -> list[FieldChange]:
    """Write a batch of quarterly-report rows; a row the core refuses rejects the import, naming the row."""
    if not pending:
        return []
    items = []
    for row, fields, _ in pending:
        assert row.period is not None  # every progress row has its quarter
        items.append(progress.ProgressItem(row.project_id, row.period, fields, row.db_version, _detail(plan, row)))
    try:
        progress.set_progress_many(session, items, user=user, source="import")
    except progress.ProgressItemRefused as refused:
        row = pending[refused.index][0]
        raise ImportRejected([Issue(ERROR, row.sheet, row.row, None, f"写入失败：{refused.error}")]) from refused.error
    for row, _, _ in pending:
        if row.period and kept.periods.get(row.period) is None:
            kept.periods[row.period] = session.get(ReportingPeriod, row.period)  # created by the first write
    return [change for _, _, taken in pending for change in taken]


@dataclass
class _Kept:
    records: list[object]
    periods: dict[str, ReportingPeriod | None] = field(default_factory=dict)


def _records_kept_loaded(session: Session, plan: ImportPlan) -> _Kept:
    """The projects, milestones and quarters the services will look up for the plan's rows, read in a few
    queries and held while the rows are written. The session's identity map keeps only weak references: without
    this each row's write loaded its project again (three queries with the eager-loaded lists), and looked its
    quarter up again, which was most of the time of a large import. (A batch of quarterly reports reads and
    holds its own projects: progress.set_progress_many.)"""
    project_ids = list(dict.fromkeys(row.project_id for row in plan.rows if row.entity != "progress"))
    milestone_ids = [row.record_id for row in plan.rows if row.entity == "milestone"]
    records: list[object] = []
    for start in range(0, max(len(project_ids), len(milestone_ids)), LOOKUP_CHUNK):
        if project_ids[start : start + LOOKUP_CHUNK]:
            records += session.scalars(select(Project).where(Project.id.in_(project_ids[start : start + LOOKUP_CHUNK])))
        if milestone_ids[start : start + LOOKUP_CHUNK]:
            records += session.scalars(
                select(Milestone).where(Milestone.id.in_(milestone_ids[start : start + LOOKUP_CHUNK]))
            )
    quarters = {row.period for row in plan.rows if row.period}
    return _Kept(records, {code: session.get(ReportingPeriod, code) for code in quarters})


def _taken_conflict(row: RowPlan, conflict: Conflict) -> FieldChange:
    return FieldChange(
        conflict.key,
        row.sheet,
        row.row,
        row.entity,
        row.record_id,
        row.project_id,
        conflict.project_code,
        conflict.project_name,
        row.period,
        conflict.field,
        conflict.label,
        conflict.mine,
        conflict.theirs,
        "冲突：采用文件中的值",
    )


def _write_row(session: Session, row: RowPlan, fields: dict[str, Any], *, user: str, detail: str) -> None:
    if row.entity == "milestone":
        before = session.scalar(select(func.max(AuditEntry.id))) or 0
        milestones.update_milestone(
            session, row.record_id, fields, user=user, expected_version=row.db_version, source="import"
        )
        session.flush()
        # update_milestone records no source_detail: name the file and row on its audit entries.
        for entry in session.scalars(
            select(AuditEntry).where(
                AuditEntry.id > before, AuditEntry.entity_id == row.record_id, AuditEntry.source == "import"
            )
        ):
            if not entry.source_detail:
                entry.source_detail = detail
    else:
        projects.update_project(
            session,
            row.record_id,
            fields,
            user=user,
            expected_version=row.db_version,
            source="import",
            source_detail=detail,
        )
