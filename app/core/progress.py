"""Quarterly progress per project: write one quarter's report, read it back with derived figures.

Cumulative completed investment and completion rate are always derived from the quarterly records up to
and including a period; they are never stored, so correcting an old quarter can never leave them stale.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from sqlalchemy import CursorResult, Table, bindparam, case, func, insert, select, update
from sqlalchemy.orm import Session, lazyload
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.orm.util import identity_key

from app.core import audit, change_log, field_changes, number_format, office, periods, projects, text_rules
from app.core import reference as ref
from app.core.gc_pause import gc_paused
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
    0 means "I expect no record yet"), NotFoundError. The one-item case of set_progress_many (one
    implementation of the checks and the logs).
    """
    item = ProgressItem(project_id, period, fields, expected_version, source_detail)
    try:
        return set_progress_many(session, [item], user=user, source=source)[0]
    except ProgressItemRefused as refused:
        raise refused.error from None


@dataclass(frozen=True)
class ProgressItem:
    """One project's report for one quarter, as set_progress takes it (only the given fields change)."""

    project_id: str
    period: str
    fields: dict[str, Any]
    expected_version: int | None = None
    source_detail: str | None = None


# What a record write refuses with a message for the person (bad value, stale version, missing record, locked
# quarter); a bulk writer names the item or row it came from.
WRITE_REFUSALS = (projects.ValidationError, projects.ConflictError, projects.NotFoundError, periods.PeriodLockedError)


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
    """Write each item's report in order, in the caller's transaction, as set_progress does one by one: the
    same checks and refusals, records and versions, audit and change-log rows, status updates, over-total
    flags and warnings.

    In bulk: the items' records, the latest quarters stating a status, the cumulative investments (one grouped
    query per chunk of projects) and the open over-total flags are read before the first item; the items are
    then checked and applied in memory, and the records, audit rows and change-log rows are written at the end
    with one executemany per table. On PostgreSQL the records are read FOR UPDATE (nobody changes them until
    the transaction ends); everywhere an UPDATE still says `WHERE version = <read>`, as the ORM's version
    check does. An item that changes the project's status writes what came before it first (the status change
    is logged through projects.apply_changes, after the item's own rows, as one by one).

    Raises ProgressItemRefused for the first item set_progress would refuse; the caller rolls back."""
    if not items:
        return []
    codes: dict[str, str] = {}
    for item in items:
        try:
            codes[item.period] = _canonical_period(item.period)
        except projects.ValidationError:
            pass  # refused with its message when the loop reaches the item
    # The rows built here are acyclic and freed by reference counting: the cyclic collector's passes would
    # only rescan everything the caller holds (an import's whole workbook) again and again.
    with gc_paused():
        batch = _BatchState.load(session, list(dict.fromkeys(item.project_id for item in items)), codes)
        results = []
        for index, item in enumerate(items):
            try:
                results.append(_set_one(session, batch, item, user=user, source=source))
            except WRITE_REFUSALS as exc:
                raise ProgressItemRefused(index, exc) from exc
        batch.write(session)
        session.flush()
    return results


_RECORD_COLUMNS = (
    QuarterlyProgress.id,
    QuarterlyProgress.project_id,
    QuarterlyProgress.period,
    *(getattr(QuarterlyProgress, key) for key in PROGRESS_FIELDS),
    QuarterlyProgress.version,
    QuarterlyProgress.updated_at,
    QuarterlyProgress.updated_by,
)


@dataclass
class _Record:
    """A quarterly record as a batch holds it: read once, changed in memory, written by _BatchState.write."""

    id: str
    project_id: str
    period: str
    values: dict[str, Any]  # PROGRESS_FIELDS
    version: int
    updated_at: dt.datetime | None
    updated_by: str
    stored_version: int | None  # the version in the database (None: not inserted yet)
    changed: bool = False  # differs from the database


@dataclass
class _BatchState:
    """What set_progress looks up per write, read for a whole batch and kept current as the batch writes."""

    records: dict[tuple[str, str], _Record]
    latest_status: dict[str, str | None]  # project id → latest quarter stating a status
    stale_status: set[str]  # projects whose latest status quarter must be read again (a status was cleared)
    invested: dict[str, tuple[int, Decimal]]  # project id → (records stating an amount, their sum)
    open_flags: dict[str, ReviewFlag]
    projects: dict[str, Project]  # held: the identity map's references are weak
    codes: dict[str, str]  # an item's period as given → its canonical code (missing: not a valid period)
    logs: field_changes.FieldChangeRows = field(default_factory=field_changes.FieldChangeRows)
    writable: set[str] = field(default_factory=set)
    quarters: dict[str, object] = field(default_factory=dict)  # held: the identity map's references are weak

    @classmethod
    def load(cls, session: Session, project_ids: list[str], codes: dict[str, str]) -> _BatchState:
        """The look-ups of the items' projects; `codes`: each item's period as given → its canonical code."""
        state = cls({}, {}, set(), {}, {}, {}, codes)
        # A project's lists are not needed to write its reports, except its lead departments where a department's
        # office checks its scope (office.ensure_may_edit); one read later anyway loads them.
        here = office.read_office(session)
        unused_lists = [lazyload(Project.flags)]
        if here is None or here.kind != office.DEPARTMENT_KIND:
            unused_lists.append(lazyload(Project.lead_links))
        for start in range(0, len(project_ids), LOOKUP_CHUNK):
            chunk = project_ids[start : start + LOOKUP_CHUNK]
            for project in session.scalars(select(Project).where(Project.id.in_(chunk)).options(*unused_lists)):
                state.projects[project.id] = project
            # FOR UPDATE: on PostgreSQL the rows stay as read until this transaction ends (SQLite renders
            # nothing: its one writer at a time, and the versioned UPDATE, keep them).
            for row in session.execute(
                select(*_RECORD_COLUMNS)
                .where(
                    QuarterlyProgress.project_id.in_(chunk), QuarterlyProgress.period.in_(sorted(set(codes.values())))
                )
                .with_for_update()
            ):
                record = _Record(
                    row.id,
                    row.project_id,
                    row.period,
                    {key: row._mapping[key] for key in PROGRESS_FIELDS},
                    row.version,
                    row.updated_at,
                    row.updated_by,
                    row.version,
                )
                state.records[(record.project_id, record.period)] = record
            # Per project, in one grouped pass: the latest quarter stating a status, and the count and sum of the
            # amounts reported (the over-total check's cumulative investment).
            status_period = case((QuarterlyProgress.status.is_not(None), QuarterlyProgress.period))
            for project_id, latest, count, total in session.execute(
                select(
                    QuarterlyProgress.project_id,
                    func.max(status_period),
                    func.count(QuarterlyProgress.invested),
                    func.sum(QuarterlyProgress.invested),
                )
                .where(QuarterlyProgress.project_id.in_(chunk))
                .group_by(QuarterlyProgress.project_id)
            ):
                if latest is not None:
                    state.latest_status[project_id] = latest
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
            self.write(session)
            self.latest_status[project_id] = _latest_status_period(session, project_id)
            self.stale_status.discard(project_id)
        return self.latest_status.get(project_id)

    def cumulative(self, project_id: str) -> Decimal | None:
        """cumulative_invested(session, project_id) over every quarter, as the batch has left it."""
        count, total = self.invested.get(project_id, (0, Decimal(0)))
        return total.quantize(Decimal("0.0001")) if count else None

    def write(self, session: Session) -> None:
        """Write what the batch changed so far: new records (one INSERT), changed ones (one UPDATE per record
        `WHERE id = … AND version = <read>`, as one executemany), then the audit and change-log rows."""
        created = [r for r in self.records.values() if r.changed and r.stored_version is None]
        updated = [r for r in self.records.values() if r.changed and r.stored_version is not None]
        table = cast(Table, QuarterlyProgress.__table__)
        if created:
            session.flush()  # the quarter's row (periods.ensure_period) before the records naming it
            session.execute(
                insert(table),
                [
                    {
                        "id": r.id,
                        "project_id": r.project_id,
                        "period": r.period,
                        **r.values,
                        "version": r.version,
                        "updated_at": r.updated_at,
                        "updated_by": r.updated_by,
                    }
                    for r in created
                ],
            )
        if updated:
            result = session.execute(
                update(table)
                .where(table.c.id == bindparam("record_id"), table.c.version == bindparam("read_version"))
                .values(
                    {
                        **{key: bindparam(key) for key in PROGRESS_FIELDS},
                        "version": bindparam("new_version"),
                        "updated_at": bindparam("new_updated_at"),
                        "updated_by": bindparam("new_updated_by"),
                    }
                ),
                [
                    {
                        "record_id": r.id,
                        "read_version": r.stored_version,
                        **r.values,
                        "new_version": r.version,
                        "new_updated_at": r.updated_at,
                        "new_updated_by": r.updated_by,
                    }
                    for r in updated
                ],
            )
            matched = cast(CursorResult[Any], result).rowcount  # an executemany UPDATE: the rows matched in all
            if matched != len(updated):
                # Changed by another process since it was read (SQLite; PostgreSQL held the rows): the same
                # refusal as the ORM's version check, which the workspace turns into a ConflictError.
                raise StaleDataError(
                    f"UPDATE statement on table 'quarterly_progress' expected to update {len(updated)} row(s); "
                    f"{matched} were matched."
                )
        for record in (*created, *updated):
            record.stored_version, record.changed = record.version, False
            loaded = session.identity_map.get(identity_key(QuarterlyProgress, record.id))
            if loaded is not None:
                session.expire(loaded)  # an ORM copy read earlier in the transaction reads the new values
        self.logs.write(session)


def _set_one(
    session: Session, batch: _BatchState, item: ProgressItem, *, user: str, source: str
) -> ProgressWriteResult:
    """One item of a batch: checked, and applied to the batch's records (written by _BatchState.write)."""
    code = batch.codes.get(item.period) or _canonical_period(item.period)
    clean, warnings = _validate(item.fields)
    if code not in batch.writable:
        periods.ensure_writable(session, code)
        batch.writable.add(code)
    project = batch.projects.get(item.project_id) or projects.get_project(session, item.project_id)
    office.ensure_may_edit(session, project)  # a county office reports on its own projects only
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
            # Only blank fields and nothing reported yet: an empty record would count as "reported".
            warnings.append(f"未填写任何内容：项目 {project.code} {code} 没有创建进度记录")
            return ProgressWriteResult(None, [], warnings, 0)
        # The id now: the audit and change-log entries name the record.
        record = _Record(new_uuid(), project.id, code, dict.fromkeys(PROGRESS_FIELDS), 1, None, user, None, True)
        batch.records[(project.id, code)] = record
    changed: list[str] = []
    for key, new in clean.items():
        old = record.values[key]
        if old == new:  # Decimal("1.5000") == Decimal("1.5"), so a re-typed amount is no change
            continue
        record.values[key] = new
        batch.logs.add(
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
        record.changed = True

    # The project's status follows the most recent quarter that states one; correcting an older quarter
    # must not overwrite a newer report.
    if clean.get("status") and batch.latest_status_period(session, project.id) == code:
        batch.write(session)  # this item's rows first: the status change is logged after them
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
