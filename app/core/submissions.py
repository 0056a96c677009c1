"""Quarterly submissions (报送) of the offices and the city's review (审核 / 退回), per office and quarter.

States, as public investment platforms word them: 未报送 (no row) → 已报送（待审核） → 已审核, or → 已退回 and,
once the office has corrected its data, 已报送 again. Only a returned submission can be changed again by the
office that sent it.

On the county's side, submitting locks the quarter in its database (app.core.periods: the quarter's
progress records become read-only there) and the next package carries the submission to the city. The city
records it when it imports the package, and decides; its return package carries the decision back, and a
returned quarter reopens on the county's side with the reasons shown. The city passes an office's changes
on to the other offices only once it has accepted the submission that carried them (app.core.change_review).
Each submission has a round number
(1, then 2 after a return and resubmission...), so a decision about an earlier round never reopens a newer
submission. Every state change is one transaction and an audit entry (entity type ``submission``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit, change_review, office, periods, text_rules
from app.core import reference as ref
from app.core.errors import ValidationError
from app.core.scope import project_in_scope
from app.core.workspace import Workspace
from app.db.models import AuditEntry, OfficeSubmission, Project, QuarterlyProgress, utcnow

__all__ = [
    "ACCEPTED",
    "NOT_SUBMITTED",
    "RETURNED",
    "STATE_LABELS",
    "SUBMITTED",
    "Decision",
    "OfficeProject",
    "SubmissionInfo",
    "SubmissionStateError",
    "accept",
    "canonical_period",
    "chase_list",
    "decisions_for",
    "default_period",
    "expected_offices",
    "list_submissions",
    "list_submissions_session",
    "office_projects",
    "receive_decision",
    "receive_submission",
    "reopen_refusal",
    "return_submission",
    "submission_of",
    "submission_of_session",
    "submission_to_send",
    "submit",
]

NOT_SUBMITTED, SUBMITTED, RETURNED, ACCEPTED = "not_submitted", "submitted", "returned", "accepted"
STATE_LABELS = {NOT_SUBMITTED: "未报送", SUBMITTED: "已报送（待审核）", RETURNED: "已退回", ACCEPTED: "已审核"}
STATE_FIELD = "报送状态"
ENTITY_TYPE = "submission"


class SubmissionStateError(ValidationError):
    """A step that does not apply (submitting twice, the city submitting, accepting what nobody sent)."""

    def __init__(self, message: str):
        super().__init__({STATE_FIELD: message})
        self.message = message


@dataclass(frozen=True)
class SubmissionInfo:
    office: str
    period: str
    state: str
    round: int
    submitted_at: dt.datetime | None
    submitted_by: str | None
    decided_at: dt.datetime | None
    decided_by: str | None
    reason: str | None
    project_reasons: tuple[tuple[str, str], ...]  # (project code, reason) of a return
    projects_reported: int

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def date(self) -> dt.datetime | None:
        """The date people look for: the decision's, else the submission's."""
        return self.decided_at or self.submitted_at


@dataclass(frozen=True)
class Decision:
    """The city's decision on one submission round, as a return package carries it."""

    office: str
    period: str
    round: int
    state: str  # accepted / returned
    decided_at: dt.datetime
    decided_by: str
    reason: str | None
    project_reasons: tuple[tuple[str, str], ...]


def _info(row: OfficeSubmission | None, office_name: str, period: str) -> SubmissionInfo:
    if row is None:
        return SubmissionInfo(office_name, period, NOT_SUBMITTED, 0, None, None, None, None, None, (), 0)
    return SubmissionInfo(
        office=row.office,
        period=row.period,
        state=row.state,
        round=row.round,
        submitted_at=row.submitted_at,
        submitted_by=row.submitted_by,
        decided_at=row.decided_at,
        decided_by=row.decided_by,
        reason=row.reason,
        project_reasons=tuple(sorted((row.project_reasons or {}).items())),
        projects_reported=row.projects_reported,
    )


def canonical_period(period: str) -> str:
    """The canonical quarter ("2025q3" -> "2025Q3"); ValidationError for a malformed one."""
    try:
        return periods.normalize_period(period)
    except ValueError as exc:
        raise ValidationError({"period": str(exc)}) from None


_canonical = canonical_period


def _audit_state(
    session: Session, row: OfficeSubmission, old: str, *, user: str, source: str, detail: str | None
) -> None:
    audit.record(
        session,
        user=user,
        entity_type=ENTITY_TYPE,
        entity_id=f"{row.office}/{row.period}",
        project_id=None,
        field="state",
        old=STATE_LABELS[old],
        new=STATE_LABELS[row.state],
        source=source,
        source_detail=detail,
    )


def _require_office(session: Session) -> office.Office:
    current = office.read_office(session)
    if current is None:
        raise SubmissionStateError("本库尚未设置所属单位（office set） / this database has no office set")
    return current


def _require_city(session: Session) -> None:
    if not _require_office(session).is_city:
        raise SubmissionStateError("只有市级数据库可以审核报送 / only the city's database reviews submissions")


def count_reported(session: Session, office_name: str, period: str, *, department: bool = False) -> int:
    """How many of the office's projects have a quarterly record for the period in this database."""
    scope = office.office_named(office_name, department=department).scope
    ids = set(
        session.scalars(select(QuarterlyProgress.project_id).where(QuarterlyProgress.period == period).distinct())
    )
    if not ids:
        return 0
    return sum(1 for p in session.scalars(select(Project).where(Project.id.in_(ids))) if project_in_scope(p, scope))


def submission_of_session(session: Session, office_name: str, period: str) -> SubmissionInfo:
    return _info(session.get(OfficeSubmission, (office_name, period)), office_name, period)


def submission_of(ws: Workspace, office_name: str, period: str) -> SubmissionInfo:
    code = _canonical(period)
    with ws.session() as session:
        return submission_of_session(session, office_name, code)


def submit(ws: Workspace, period: str, *, source: str = "manual") -> SubmissionInfo:
    """报送: the office's quarter is frozen here (the quarter is locked in this database) and the next package
    export carries it to the city. Allowed when not yet submitted or after a return."""
    code = _canonical(period)
    with ws.session() as session:
        current = _require_office(session)
        if current.is_city:
            raise SubmissionStateError("市级数据库不报送，而是审核各单位的报送 / the city reviews, it does not submit")
        row = session.get(OfficeSubmission, (current.name, code))
        old = row.state if row is not None else NOT_SUBMITTED
        if old in (SUBMITTED, ACCEPTED):
            raise SubmissionStateError(
                f"{current.name} {code} 当前为“{STATE_LABELS[old]}”，不能再次报送（只有被退回的报送可以修改后重报） / "
                f"{code} is already {old}"
            )
        if periods.period_state(session, code) != periods.LOCKED:
            periods.lock_period(session, code, user=ws.user, source=source)
        if row is None:
            row = OfficeSubmission(office=current.name, period=code, state=SUBMITTED, round=1, project_reasons={})
            session.add(row)
        else:
            row.state, row.round = SUBMITTED, row.round + 1
        row.submitted_at, row.submitted_by = utcnow(), ws.user
        row.decided_at = row.decided_by = row.reason = None
        row.project_reasons = {}
        row.projects_reported = count_reported(
            session, current.name, code, department=current.kind == office.DEPARTMENT_KIND
        )
        row.updated_at = utcnow()
        _audit_state(session, row, old, user=ws.user, source=source, detail=f"第 {row.round} 次报送")
        session.flush()
        return _info(row, current.name, code)


def expected_offices(session: Session) -> list[str]:
    """The offices the city expects a submission from: every county/district and the development zone."""
    return [name for name in ref.COUNTY_NAMES if name != office.CITY]


def list_submissions(ws: Workspace, period: str) -> list[SubmissionInfo]:
    """In the city: every office with its state for the quarter (those not heard from as 未报送), the
    expected offices first in the reference order. In a county: its own submission."""
    code = _canonical(period)
    with ws.session() as session:
        return list_submissions_session(session, code)


def list_submissions_session(session: Session, code: str) -> list[SubmissionInfo]:
    """list_submissions within the caller's transaction (`code` canonical), for readers such as the report."""
    current = office.read_office(session)
    rows = {row.office: row for row in session.scalars(select(OfficeSubmission).where(OfficeSubmission.period == code))}
    if current is not None and not current.is_city:
        names = [current.name]
    else:
        names = expected_offices(session)
        names += sorted(set(rows) - set(names))
    return [_info(rows.get(name), name, code) for name in names]


def default_period(ws: Workspace, today: dt.date | None = None) -> str:
    """The quarter the 报送与审核 screen opens on: the latest one with a submission waiting for this database
    (in the city: 已报送（待审核）; in a county: 已退回), else the latest one with any submission, else the
    quarter just ended (offices report a quarter after it ends)."""
    fallback = periods.previous_period(periods.period_of(today or dt.date.today()))
    with ws.session() as session:
        current = office.read_office(session)
        query = select(OfficeSubmission.period, OfficeSubmission.state)
        if current is not None and not current.is_city:
            query = query.where(OfficeSubmission.office == current.name)
        rows = list(session.execute(query))
    waiting = SUBMITTED if current is None or current.is_city else RETURNED
    pending = [code for code, state in rows if state == waiting]
    if pending:
        return max(pending)
    return max((code for code, _ in rows), default=fallback)


@dataclass(frozen=True)
class OfficeProject:
    """One of an office's projects, as the city's return dialog lists them."""

    id: str
    code: str
    name: str
    reported: bool  # has a quarterly record for the period in this database


def office_projects(ws: Workspace, office_name: str, period: str) -> list[OfficeProject]:
    """The projects `office_name` is responsible for (the scope rule), in code order, with whether each has a
    quarterly record for the period: what a return may give a reason for."""
    code = _canonical(period)
    scope = office.office_named(office_name, department=office_name not in ref.COUNTY_NAMES).scope
    with ws.session() as session:
        reported = set(session.scalars(select(QuarterlyProgress.project_id).where(QuarterlyProgress.period == code)))
        found = [
            OfficeProject(p.id, p.code, p.name, p.id in reported)
            for p in session.scalars(select(Project).order_by(Project.code))
            if project_in_scope(p, scope)
        ]
    return found


def reopen_refusal(session: Session, code: str) -> str | None:
    """Why this office may not reopen the quarter itself, or None. In a county, a quarter it submitted to
    the city (已报送（待审核） or 已审核) reopens only when the city returns it; the city and a database
    with no office set reopen freely."""
    current = office.read_office(session)
    if current is None or current.is_city:
        return None
    row = session.get(OfficeSubmission, (current.name, code))
    if row is None or row.state not in (SUBMITTED, ACCEPTED):
        return None
    return (
        f"{current.name} 已将 {code} 报送市级（{STATE_LABELS[row.state]}），只有市级退回后才能重新打开修改 / "
        f"{code} was submitted to the city; it reopens only when the city returns it"
    )


def chase_list(ws: Workspace, period: str, by: dt.date) -> list[SubmissionInfo]:
    """催报: the offices that had not submitted the quarter by the end of day `by` (never submitted, or
    first submitted later), in the list's order."""
    late = []
    for info in list_submissions(ws, period):
        first = _first_submitted(ws, info) if info.state != NOT_SUBMITTED else None
        if first is None or first.date() > by:
            late.append(info)
    return late


def _first_submitted(ws: Workspace, info: SubmissionInfo) -> dt.datetime | None:
    """When the office first submitted the quarter: round 1's time (from the audit log when resubmitted)."""
    if info.round <= 1:
        return info.submitted_at
    with ws.session() as session:
        first: dt.datetime | None = session.scalar(
            select(AuditEntry.at)
            .where(
                AuditEntry.entity_type == ENTITY_TYPE,
                AuditEntry.entity_id == f"{info.office}/{info.period}",
                AuditEntry.new_value == STATE_LABELS[SUBMITTED],
            )
            .order_by(AuditEntry.id)
        )
    return first or info.submitted_at


def _clean_reason(text: str | None, label: str) -> str | None:
    try:
        return text_rules.check_text("reason", text)
    except ValidationError as exc:
        raise ValidationError({label: exc.errors["reason"]}) from None


def _decide(
    ws: Workspace,
    office_name: str,
    period: str,
    new_state: str,
    *,
    reason: str | None,
    project_reasons: Mapping[str, str],
    source: str,
) -> SubmissionInfo:
    code = _canonical(period)
    with ws.session() as session:
        _require_city(session)
        row = session.get(OfficeSubmission, (office_name, code))
        old = row.state if row is not None else NOT_SUBMITTED
        if row is None or old != SUBMITTED:
            raise SubmissionStateError(
                f"{office_name} {code} 当前为“{STATE_LABELS[old]}”，只有“已报送（待审核）”的报送可以审核或退回 / "
                f"only a submitted quarter can be accepted or returned ({office_name} {code} is {old})"
            )
        reasons: dict[str, str] = {}
        scope = office.office_named(office_name, department=office_name not in ref.COUNTY_NAMES).scope
        for code_text, text in project_reasons.items():
            project = session.scalar(select(Project).where(Project.code == code_text.strip()))
            if project is None:
                raise ValidationError({"project": f"未找到项目 {code_text}"})
            if not project_in_scope(project, scope):
                raise ValidationError({"project": f"项目 {project.code} 不属于 {office_name}"})
            cleaned = _clean_reason(text, f"{project.code} 退回理由")
            if cleaned:
                reasons[project.code] = cleaned
        whole = _clean_reason(reason, "退回理由")
        if new_state == RETURNED and not whole and not reasons:
            raise ValidationError({"退回理由": "退回必须写明理由（整体或逐个项目） / a return needs a reason"})
        row.state = new_state
        row.decided_at, row.decided_by = utcnow(), ws.user
        row.reason, row.project_reasons = whole, reasons
        row.updated_at = utcnow()
        detail = "；".join([*([whole] if whole else []), *(f"{c}：{r}" for c, r in sorted(reasons.items()))]) or None
        _audit_state(session, row, old, user=ws.user, source=source, detail=detail)
        if new_state == ACCEPTED:
            change_review.release_accepted(session, office_name, code)
        session.flush()
        return _info(row, office_name, code)


def accept(
    ws: Workspace, office_name: str, period: str, *, reason: str | None = None, source: str = "manual"
) -> SubmissionInfo:
    """审核通过 (city)."""
    return _decide(ws, office_name, period, ACCEPTED, reason=reason, project_reasons={}, source=source)


def return_submission(
    ws: Workspace,
    office_name: str,
    period: str,
    *,
    reason: str | None = None,
    project_reasons: Mapping[str, str] | None = None,
    source: str = "manual",
) -> SubmissionInfo:
    """退回 (city), with a reason for the whole submission and/or per project (code -> reason)."""
    return _decide(
        ws, office_name, period, RETURNED, reason=reason, project_reasons=project_reasons or {}, source=source
    )


# --- what packages carry (called by app.exchange in the caller's transaction) ---


def receive_submission(
    session: Session,
    *,
    office_name: str,
    period: str,
    round_no: int,
    submitted_at: dt.datetime,
    submitted_by: str,
    projects_reported: int,
    user: str,
    source: str = "package",
    detail: str | None = None,
) -> bool:
    """The city records a submission a package (or a county's entry workbook, `source` "import") brought,
    after its changes: those of the office still waiting for review become this submission's. A round it
    already has changes nothing."""
    row = session.get(OfficeSubmission, (office_name, period))
    if row is not None and row.round >= round_no:
        return False
    old = row.state if row is not None else NOT_SUBMITTED
    if row is None:
        row = OfficeSubmission(office=office_name, period=period, state=SUBMITTED, round=round_no, project_reasons={})
        session.add(row)
    row.state, row.round = SUBMITTED, round_no
    row.submitted_at, row.submitted_by = submitted_at, submitted_by
    row.decided_at = row.decided_by = row.reason = None
    row.project_reasons = {}
    row.projects_reported = projects_reported
    row.updated_at = utcnow()
    _audit_state(session, row, old, user=user, source=source, detail=detail or f"{office_name} 第 {round_no} 次报送")
    change_review.hold_for_review(session, office_name, period)
    session.flush()
    return True


def submission_to_send(session: Session, office_name: str, period: str) -> SubmissionInfo | None:
    """The office's submission of the quarter when it is waiting for the city (state 已报送), else None."""
    row = session.get(OfficeSubmission, (office_name, period))
    return _info(row, office_name, period) if row is not None and row.state == SUBMITTED else None


def decisions_for(session: Session, office_name: str) -> list[Decision]:
    """Every decision the city has taken on the office's submissions (a return package carries them all;
    the county applies only those about its current round)."""
    rows = session.scalars(
        select(OfficeSubmission)
        .where(OfficeSubmission.office == office_name, OfficeSubmission.state.in_((ACCEPTED, RETURNED)))
        .order_by(OfficeSubmission.period)
    )
    return [
        Decision(
            office=row.office,
            period=row.period,
            round=row.round,
            state=row.state,
            decided_at=row.decided_at or row.updated_at,
            decided_by=row.decided_by or "",
            reason=row.reason,
            project_reasons=tuple(sorted((row.project_reasons or {}).items())),
        )
        for row in rows
    ]


def reopen_reason(decision: Decision) -> str:
    """The reason a returned quarter is reopened with (kept in the audit log, at most the reason limit)."""
    parts = [decision.reason] if decision.reason else []
    parts += [f"{code}：{text}" for code, text in decision.project_reasons]
    text = f"市级退回（{decision.decided_by}）：" + "；".join(parts)
    return text[: text_rules.FIELD_LIMITS["reason"]]


def receive_decision(session: Session, decision: Decision, *, user: str) -> bool:
    """The county applies the city's decision on its current round. A returned quarter reopens here (the
    officer can correct and resubmit); an accepted one stays locked. Returns whether anything changed."""
    row = session.get(OfficeSubmission, (decision.office, decision.period))
    if row is None or row.round != decision.round or row.state == decision.state:
        return False
    old = row.state
    row.state = decision.state
    row.decided_at, row.decided_by = decision.decided_at, decision.decided_by
    row.reason, row.project_reasons = decision.reason, dict(decision.project_reasons)
    row.updated_at = utcnow()
    if decision.state == RETURNED and periods.period_state(session, decision.period) != periods.OPEN:
        periods.reopen_period(session, decision.period, reason=reopen_reason(decision), user=user, source="package")
    _audit_state(session, row, old, user=user, source="package", detail=reopen_reason(decision))
    session.flush()
    return True
