"""Quarterly progress per project: write one quarter's report, read it back with derived figures.

Cumulative completed investment and completion rate are always derived from the quarterly records up to
and including a period; they are never stored, so correcting an old quarter can never leave them stale.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core import audit, change_log, field_changes, number_format, office, periods, projects, text_rules
from app.core import reference as ref
from app.core.parsing import parse_amount_yi
from app.db.models import AuditEntry, Project, QuarterlyProgress, ReviewFlag, new_uuid, utcnow

PROGRESS_FIELDS = ("invested", "annual_plan", "physical_progress", "problems", "next_steps", "status")
AMOUNT_FIELDS = ("invested", "annual_plan")
TEXT_FIELDS = ("physical_progress", "problems", "next_steps")
FIELD_LABELS = {
    "period": "报告期",
    "invested": "本季度完成投资（亿元）",
    "annual_plan": "年度计划投资（亿元）",
    "physical_progress": "形象进度",
    "problems": "存在问题",
    "next_steps": "下步计划",
    "status": "项目状态",
}
OVER_TOTAL_RULE = "cumulative_over_total"
MAX_AMOUNT = Decimal("1e12")


@dataclass
class ProgressWriteResult:
    record_id: str | None  # None when nothing was given and no record exists (none is created)
    changed_fields: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    version: int = 1


def coerce_amount(value: Any) -> tuple[Decimal | None, str | None, str | None]:
    """(amount in 亿元 or None for blank, conversion note, error message). Accepts Decimal/int/float/str."""
    if value is None:
        return None, None, None
    if isinstance(value, bool):  # True is an int in Python; never an amount
        return None, None, "请输入金额（亿元）"
    if isinstance(value, (int, float, Decimal)):
        if isinstance(value, float) and not math.isfinite(value):
            return None, None, "请输入有效数字（亿元）"
        try:
            number = Decimal(str(value))  # str() keeps 1.1 as 1.1, not 1.100000000000000088…
        except InvalidOperation:
            return None, None, "请输入有效数字（亿元）"
        note = None
    else:
        parsed = parse_amount_yi(str(value))
        if parsed.status == "blank":
            return None, None, None
        if parsed.value is None:
            return None, None, parsed.note
        number, note = parsed.value, parsed.note or None
    if not number.is_finite():
        return None, None, "请输入有效数字（亿元）"
    if number < 0:
        return None, None, "不能为负数（单位：亿元）"
    if number >= MAX_AMOUNT:
        return None, None, "数值过大"
    return number.quantize(Decimal("0.0001")), note, None


def _validate(fields: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    notes: list[str] = []
    for key, value in fields.items():
        if key not in PROGRESS_FIELDS:
            errors[key] = "该字段不可修改"
        elif key in AMOUNT_FIELDS:
            number, note, err = coerce_amount(value)
            if err:
                errors[key] = f"{FIELD_LABELS[key]}{err}"
            if note:
                notes.append(f"{FIELD_LABELS[key]}：{note}")
            clean[key] = number
        elif key in TEXT_FIELDS:
            try:
                text, text_notes = text_rules.clean_text(key, None if value is None else str(value))
            except projects.ValidationError as exc:
                errors.update(exc.errors)
                continue
            notes.extend(text_notes)
            clean[key] = text
        elif key == "status":
            text = str(value).strip() if value is not None else ""
            if text and text not in ref.STATUSES:
                errors[key] = f"状态应为：{'/'.join(ref.STATUSES)}"
            clean[key] = text or None
    if errors:
        raise projects.ValidationError(errors)
    return clean, notes


def _canonical_period(period: Any) -> str:
    try:
        return periods.normalize_period(period)
    except ValueError as exc:
        raise projects.ValidationError({"period": str(exc)}) from exc


def _record(session: Session, project_id: str, period: str) -> QuarterlyProgress | None:
    return session.scalar(
        select(QuarterlyProgress).where(QuarterlyProgress.project_id == project_id, QuarterlyProgress.period == period)
    )


def cumulative_invested(session: Session, project_id: str, period: str | None = None) -> Decimal | None:
    """Sum of quarterly investment up to and including `period` (all records when None); None when no record
    up to then states an amount (a report whose amount is blank is "unknown", not 0)."""
    stmt = select(func.count(QuarterlyProgress.invested), func.sum(QuarterlyProgress.invested)).where(
        QuarterlyProgress.project_id == project_id
    )
    if period is not None:
        stmt = stmt.where(QuarterlyProgress.period <= periods.normalize_period(period))
    count, total = session.execute(stmt).one()
    if not count:
        return None
    return Decimal(total or 0).quantize(Decimal("0.0001"))


def cumulative_invested_by_project(session: Session, period: str | None = None) -> dict[str, Decimal | None]:
    """cumulative_invested of every project that has a record up to `period`, in one grouped query (a project
    without one is missing from the dict: its cumulative is None, as cumulative_invested says)."""
    stmt = select(
        QuarterlyProgress.project_id, func.count(QuarterlyProgress.invested), func.sum(QuarterlyProgress.invested)
    ).group_by(QuarterlyProgress.project_id)
    if period is not None:
        stmt = stmt.where(QuarterlyProgress.period <= periods.normalize_period(period))
    return {
        pid: Decimal(total or 0).quantize(Decimal("0.0001")) if count else None
        for pid, count, total in session.execute(stmt)
    }


def completion_rate(cumulative: Decimal | None, investment_total: Decimal | None) -> Decimal | None:
    """cumulative / total; None when the total is unknown (or zero) or nothing was reported: unknown, not 0%."""
    if cumulative is None or investment_total is None or investment_total <= 0:
        return None
    return Decimal(cumulative) / Decimal(investment_total)


def _latest_status_period(session: Session, project_id: str) -> str | None:
    return session.scalar(
        select(func.max(QuarterlyProgress.period)).where(
            QuarterlyProgress.project_id == project_id, QuarterlyProgress.status.is_not(None)
        )
    )


def _flag_over_total(session: Session, project: Project, *, period: str) -> str | None:
    """Warn (and open a ReviewFlag once) when reported investment exceeds the estimated total."""
    if project.investment_total is None:
        return None
    raised = _raise_over_total_flag(
        session,
        project,
        cumulative_invested(session, project.id),
        period,
        lambda: _open_over_total_flag(session, project.id),
    )
    return raised[0] if raised else None


def _open_over_total_flag(session: Session, project_id: str) -> ReviewFlag | None:
    return session.scalar(
        select(ReviewFlag).where(
            ReviewFlag.project_id == project_id, ReviewFlag.rule == OVER_TOTAL_RULE, ReviewFlag.state == "open"
        )
    )


def _raise_over_total_flag(
    session: Session,
    project: Project,
    everything: Decimal | None,
    period: str,
    open_flag: Callable[[], ReviewFlag | None],
) -> tuple[str, ReviewFlag] | None:
    """The over-total warning for the project's cumulative investment `everything` (None: within the total),
    written on its open flag (`open_flag()`), or on a new one; the message and that flag."""
    if project.investment_total is None or everything is None or everything <= project.investment_total:
        return None
    message = (
        f"累计完成投资 {number_format.amount_short(everything)} 亿元超过概算总投资 "
        f"{number_format.amount_short(project.investment_total)} 亿元（{period} 填报后），请核实"
    )
    flag = open_flag()
    if flag is None:
        flag = ReviewFlag(
            project_id=project.id, rule=OVER_TOTAL_RULE, field="invested", severity="warning", message=message
        )
        session.add(flag)
    else:
        flag.message = message
    return message, flag


def set_progress(
    session: Session,
    project_id: str,
    period: str,
    *,
    user: str,
    source: str = "manual",
    source_detail: str | None = None,
    expected_version: int | None = None,
    **fields: Any,
) -> ProgressWriteResult:
    """Create or update one project's report for one quarter; only the given fields change.

    Raises ValidationError (nothing written), PeriodLockedError, ConflictError (expected_version differs;
    0 means "I expect no record yet"), NotFoundError.
    """
    code = _canonical_period(period)
    clean, warnings = _validate(fields)
    periods.ensure_writable(session, code)
    project = projects.get_project(session, project_id)
    office.ensure_may_edit(session, project)  # a county office reports on its own projects only
    periods.ensure_period(session, code)
    record = _record(session, project.id, code)
    current_version = record.version if record else 0
    if expected_version is not None and expected_version != current_version:
        who = f"已被 {record.updated_by} 于 {record.updated_at:%Y-%m-%d %H:%M} 修改" if record else "已被删除"
        raise projects.ConflictError(
            f"项目 {project.code} {code} 的进度记录{who}（版本 {current_version}，"
            f"您编辑的是版本 {expected_version}），请刷新后重试"
        )
    created = record is None
    if record is None:
        if all(value is None for value in clean.values()):
            # Only blank fields and nothing reported yet: an empty record would count as "reported".
            warnings.append(f"未填写任何内容：项目 {project.code} {code} 没有创建进度记录")
            return ProgressWriteResult(None, [], warnings, 0)
        record = QuarterlyProgress(project_id=project.id, period=code, version=1, updated_by=user)
        session.add(record)
        session.flush()
    changed: list[str] = []
    for key, new in clean.items():
        old = getattr(record, key)
        if old == new:  # Decimal("1.5000") == Decimal("1.5"), so a re-typed amount is no change
            continue
        setattr(record, key, new)
        field_changes.record_field_change(
            session,
            entity_type=change_log.PROGRESS,
            record_id=record.id,
            project_id=project.id,
            period=code,
            field=key,
            old=old,
            new=new,
            base_version=current_version,
            user=user,
            source=source,
            source_detail=source_detail,
        )
        changed.append(key)
    if changed and not created:
        record.version += 1
    if changed or created:
        record.updated_at = utcnow()
        record.updated_by = user
    session.flush()

    # The project's status follows the most recent quarter that states one; correcting an older quarter
    # must not overwrite a newer report.
    if clean.get("status") and _latest_status_period(session, project.id) == code:
        projects.apply_changes(
            session,
            project,
            {"status": clean["status"]},
            user=user,
            source=source,
            source_detail=source_detail or f"{code} 季度进度",
        )
    if "invested" in changed:
        over = _flag_over_total(session, project, period=code)
        if over:
            warnings.append(over)
    session.flush()
    return ProgressWriteResult(record.id, changed, warnings, record.version)


@dataclass(frozen=True)
class ProgressItem:
    """One project's report for one quarter, as set_progress takes it (only the given fields change)."""

    project_id: str
    period: str
    fields: dict[str, Any]
    expected_version: int | None = None
    source_detail: str | None = None


class ProgressItemRefused(Exception):
    """set_progress_many refused item `index` (0-based) with `error`, the exception set_progress raises for
    it (ValidationError, ConflictError, NotFoundError or PeriodLockedError); nothing of the call is to be kept."""

    def __init__(self, index: int, error: Exception) -> None:
        super().__init__(str(error))
        self.index = index
        self.error = error


LOOKUP_CHUNK = 500  # ids per IN (…) query: well below SQLite's limit of bound parameters


def set_progress_many(
    session: Session, items: list[ProgressItem], *, user: str, source: str = "manual"
) -> list[ProgressWriteResult]:
    """set_progress for each item in order, in the caller's transaction: the same checks, records, audit and
    change-log entries, status updates, over-total flags and warnings, with the records, the latest quarters
    stating a status, the cumulative investments and the open over-total flags of all the items' projects read
    in a few queries before the first write (set_progress runs about ten statements per item).

    Raises ProgressItemRefused for the first item set_progress would refuse; the caller rolls back (items
    before it have been written)."""
    if not items:
        return []
    codes: dict[str, str] = {}
    for item in items:
        try:
            codes[item.period] = _canonical_period(item.period)
        except projects.ValidationError:
            pass  # refused with its message when the loop reaches the item
    batch = _BatchState.load(session, list(dict.fromkeys(item.project_id for item in items)), set(codes.values()))
    results = []
    for index, item in enumerate(items):
        try:
            results.append(_set_one(session, batch, item, user=user, source=source))
        except (
            projects.ValidationError,
            projects.ConflictError,
            projects.NotFoundError,
            periods.PeriodLockedError,
        ) as exc:
            raise ProgressItemRefused(index, exc) from exc
    session.flush()
    return results


@dataclass
class _BatchState:
    """What set_progress looks up per write, read for a whole batch and kept current as the batch writes."""

    records: dict[tuple[str, str], QuarterlyProgress]
    latest_status: dict[str, str | None]  # project id → latest quarter stating a status
    stale_status: set[str]  # projects whose latest status quarter must be read again (a status was cleared)
    invested: dict[str, tuple[int, Decimal]]  # project id → (records stating an amount, their sum)
    open_flags: dict[str, ReviewFlag]
    writable: set[str] = field(default_factory=set)
    quarters: dict[str, object] = field(default_factory=dict)  # held: the identity map's references are weak

    @classmethod
    def load(cls, session: Session, project_ids: list[str], codes: set[str]) -> _BatchState:
        state = cls({}, {}, set(), {}, {})
        for start in range(0, len(project_ids), LOOKUP_CHUNK):
            chunk = project_ids[start : start + LOOKUP_CHUNK]
            for record in session.scalars(
                select(QuarterlyProgress).where(
                    QuarterlyProgress.project_id.in_(chunk), QuarterlyProgress.period.in_(sorted(codes))
                )
            ):
                state.records[(record.project_id, record.period)] = record
            for project_id, latest in session.execute(
                select(QuarterlyProgress.project_id, func.max(QuarterlyProgress.period))
                .where(QuarterlyProgress.project_id.in_(chunk), QuarterlyProgress.status.is_not(None))
                .group_by(QuarterlyProgress.project_id)
            ):
                state.latest_status[project_id] = latest
            for project_id, count, total in session.execute(
                select(
                    QuarterlyProgress.project_id,
                    func.count(QuarterlyProgress.invested),
                    func.sum(QuarterlyProgress.invested),
                )
                .where(QuarterlyProgress.project_id.in_(chunk))
                .group_by(QuarterlyProgress.project_id)
            ):
                state.invested[project_id] = (count, Decimal(total or 0).quantize(Decimal("0.0001")))
            for flag in session.scalars(
                select(ReviewFlag)
                .where(ReviewFlag.project_id.in_(chunk), ReviewFlag.rule == OVER_TOTAL_RULE, ReviewFlag.state == "open")
                .order_by(ReviewFlag.id)
            ):
                if flag.project_id is not None:
                    state.open_flags.setdefault(flag.project_id, flag)
        return state

    def latest_status_period(self, session: Session, project_id: str) -> str | None:
        if project_id in self.stale_status:
            session.flush()
            self.latest_status[project_id] = _latest_status_period(session, project_id)
            self.stale_status.discard(project_id)
        return self.latest_status.get(project_id)

    def cumulative(self, project_id: str) -> Decimal | None:
        """cumulative_invested(session, project_id) over every quarter, as the batch has left it."""
        count, total = self.invested.get(project_id, (0, Decimal(0)))
        return total.quantize(Decimal("0.0001")) if count else None


def _set_one(
    session: Session, batch: _BatchState, item: ProgressItem, *, user: str, source: str
) -> ProgressWriteResult:
    """set_progress for one item of a batch, with the batch's look-ups (keep the two in step)."""
    code = _canonical_period(item.period)
    clean, warnings = _validate(item.fields)
    if code not in batch.writable:
        periods.ensure_writable(session, code)
        batch.writable.add(code)
    project = projects.get_project(session, item.project_id)
    office.ensure_may_edit(session, project)
    if code not in batch.quarters:
        batch.quarters[code] = periods.ensure_period(session, code)
    record = batch.records.get((project.id, code))
    current_version = record.version if record else 0
    if item.expected_version is not None and item.expected_version != current_version:
        who = f"已被 {record.updated_by} 于 {record.updated_at:%Y-%m-%d %H:%M} 修改" if record else "已被删除"
        raise projects.ConflictError(
            f"项目 {project.code} {code} 的进度记录{who}（版本 {current_version}，"
            f"您编辑的是版本 {item.expected_version}），请刷新后重试"
        )
    created = record is None
    if record is None:
        if all(value is None for value in clean.values()):
            warnings.append(f"未填写任何内容：项目 {project.code} {code} 没有创建进度记录")
            return ProgressWriteResult(None, [], warnings, 0)
        # The id now rather than at a flush: the audit and change-log entries name the record.
        record = QuarterlyProgress(id=new_uuid(), project_id=project.id, period=code, version=1, updated_by=user)
        session.add(record)
        batch.records[(project.id, code)] = record
    changed: list[str] = []
    for key, new in clean.items():
        old = getattr(record, key)
        if old == new:
            continue
        setattr(record, key, new)
        field_changes.record_field_change(
            session,
            entity_type=change_log.PROGRESS,
            record_id=record.id,
            project_id=project.id,
            period=code,
            field=key,
            old=old,
            new=new,
            base_version=current_version,
            user=user,
            source=source,
            source_detail=item.source_detail,
        )
        changed.append(key)
        if key == "invested":
            count, total = batch.invested.get(project.id, (0, Decimal(0)))
            count += (new is not None) - (old is not None)
            batch.invested[project.id] = (count, total + (new or Decimal(0)) - (old or Decimal(0)))
        elif key == "status":
            if new is not None:
                latest = batch.latest_status_period(session, project.id)
                batch.latest_status[project.id] = code if latest is None else max(latest, code)
            else:
                batch.stale_status.add(project.id)
    if changed and not created:
        record.version += 1
    if changed or created:
        record.updated_at = utcnow()
        record.updated_by = user

    if clean.get("status") and batch.latest_status_period(session, project.id) == code:
        projects.apply_changes(
            session,
            project,
            {"status": clean["status"]},
            user=user,
            source=source,
            source_detail=item.source_detail or f"{code} 季度进度",
        )
    if "invested" in changed:
        raised = _raise_over_total_flag(
            session, project, batch.cumulative(project.id), code, lambda: batch.open_flags.get(project.id)
        )
        if raised:
            warnings.append(raised[0])
            batch.open_flags[project.id] = raised[1]
    return ProgressWriteResult(record.id, changed, warnings, record.version)


def _resolve_over_total(session: Session, project: Project, *, period: str, user: str) -> None:
    """After a deletion: the open over-total flag is resolved when the reported total no longer exceeds the
    estimate, and its message is brought up to date when it still does."""
    if _flag_over_total(session, project, period=period) is not None:
        return
    flag = session.scalar(
        select(ReviewFlag).where(
            ReviewFlag.project_id == project.id, ReviewFlag.rule == OVER_TOTAL_RULE, ReviewFlag.state == "open"
        )
    )
    if flag is not None:
        flag.state = "resolved"
        flag.resolution_note = f"删除 {period} 进度记录后累计完成投资不再超过概算总投资"
        flag.resolved_by = user
        flag.resolved_at = utcnow()


def _status_before_quarterly_reports(session: Session, project_id: str, record_id: str, code: str) -> str | None:
    """The project's status before a quarter's report first set it, from the audit log; None if unknown."""
    first_report = session.scalar(
        select(func.min(AuditEntry.id)).where(
            AuditEntry.entity_type == "progress",
            AuditEntry.entity_id == record_id,
            AuditEntry.field == f"{code}.status",
        )
    )
    if first_report is None:
        return None
    status_changes = select(AuditEntry).where(
        AuditEntry.entity_type == "project", AuditEntry.entity_id == project_id, AuditEntry.field == "status"
    )
    before = session.scalar(status_changes.where(AuditEntry.id < first_report).order_by(AuditEntry.id.desc()))
    if before is not None:
        return before.new_value
    after = session.scalar(status_changes.where(AuditEntry.id > first_report).order_by(AuditEntry.id))
    return after.old_value if after is not None else None


def _roll_back_status(
    session: Session, project: Project, deleted: QuarterlyProgress, *, user: str, source: str
) -> None:
    """The project's status follows the latest quarter that states one. When that quarter's record is
    deleted, the status goes back to the previous quarter's reported status, or to the status the project
    had before any quarter reported one. A status changed by hand since then is left alone."""
    if deleted.status is None or project.status != deleted.status:
        return
    latest = _latest_status_period(session, project.id)
    if latest is not None and latest > deleted.period:
        return  # a newer quarter decides the status
    if latest is not None:
        target = session.scalar(
            select(QuarterlyProgress.status).where(
                QuarterlyProgress.project_id == project.id, QuarterlyProgress.period == latest
            )
        )
        why = f"删除 {deleted.period} 进度记录，状态恢复为 {latest} 填报的状态"
    else:
        target = _status_before_quarterly_reports(session, project.id, deleted.id, deleted.period)
        why = f"删除 {deleted.period} 进度记录，状态恢复为季度填报前的状态"
    if target is None or target not in ref.STATUSES or target == project.status:
        return
    projects.apply_changes(session, project, {"status": target}, user=user, source=source, source_detail=why)


def delete_progress(
    session: Session,
    project_id: str,
    period: str,
    *,
    user: str,
    source: str = "manual",
    expected_version: int | None = None,
) -> bool:
    code = _canonical_period(period)
    periods.ensure_writable(session, code)
    record = _record(session, project_id, code)
    if record is None:
        return False
    if expected_version is not None and expected_version != record.version:
        raise projects.ConflictError(f"{code} 的进度记录已被 {record.updated_by} 修改，请刷新后重试")
    office.ensure_may_edit(session, project_id)
    change_log.record_progress_deleted(session, record, user=user)
    for key in PROGRESS_FIELDS:
        if getattr(record, key) is not None:
            audit.record(
                session,
                user=user,
                entity_type="progress",
                entity_id=record.id,
                project_id=project_id,
                field=f"{code}.{key}",
                old=getattr(record, key),
                new=None,
                source=source,
                source_detail="删除进度记录",
            )
    project = projects.get_project(session, project_id)
    session.delete(record)
    session.flush()
    _roll_back_status(session, project, record, user=user, source=source)
    _resolve_over_total(session, project, period=code, user=user)
    session.flush()
    return True


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def progress_to_dict(
    record: QuarterlyProgress, cumulative: Decimal | None, investment_total: Decimal | None
) -> dict[str, Any]:
    rate = completion_rate(cumulative, investment_total)
    return dict(
        id=record.id,
        project_id=record.project_id,
        period=record.period,
        invested=_num(record.invested),
        annual_plan=_num(record.annual_plan),
        cumulative=_num(cumulative),
        completion_rate=None if rate is None else float(rate),
        physical_progress=record.physical_progress,
        problems=record.problems,
        next_steps=record.next_steps,
        status=record.status,
        version=record.version,
        updated_at=record.updated_at.isoformat() if record.updated_at else None,
        updated_by=record.updated_by,
    )


def get_progress(session: Session, project_id: str, period: str) -> dict[str, Any] | None:
    """One quarter's record with its derived cumulative and completion rate; None when not reported."""
    code = _canonical_period(period)
    record = _record(session, project_id, code)
    if record is None:
        return None
    total = session.scalar(select(Project.investment_total).where(Project.id == project_id))
    return progress_to_dict(record, cumulative_invested(session, project_id, code), total)


def progress_history(session: Session, project_id: str) -> list[dict[str, Any]]:
    """Every quarter the project reported, oldest first, each with the running cumulative."""
    total = session.scalar(select(Project.investment_total).where(Project.id == project_id))
    records = session.scalars(
        select(QuarterlyProgress).where(QuarterlyProgress.project_id == project_id).order_by(QuarterlyProgress.period)
    )
    rows: list[dict[str, Any]] = []
    running: Decimal | None = None
    for record in records:
        if record.invested is not None:
            running = (running or Decimal(0)) + record.invested
        rows.append(progress_to_dict(record, running, total))
    return rows
