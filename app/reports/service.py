"""Quarterly reports for the CLI and the desktop app: one call per user action, plain results back.

Each function takes a Workspace and opens its own short sessions; nothing here imports Qt. The UI runs
`generate_report` on a worker thread (app.ui.tasks.run_in_background) and passes its progress and
cancellation hooks through.

Snapshots: a report generated for a LOCKED quarter is stored in `report_snapshots` with its SHA-256. A
locked quarter's report is reproducible byte for byte (fixed creation date = lock time, fixed document
ID, stable ordering), so regenerating it from the same data gives the same hash; `verify_report` does that
and says whether the data still produces the stored file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import periods
from app.core import reference as ref
from app.core.output_files import OutputExistsError, OutputFileError, atomic_output, prepare_output
from app.core.projects import known_counties, known_departments
from app.core.workspace import Workspace
from app.db.models import QuarterlyProgress, ReportSnapshot, utcnow
from app.reports import quarterly
from app.reports.data import gather, parse_period_arg, validate_scope
from app.reports.model import ReportData, ReportInputError, ReportOptions, Scope

__all__ = [
    "AmbiguousSnapshotError",
    "OutputExistsError",
    "ReportInputError",
    "ReportOptions",
    "ReportOutputError",
    "ReportResult",
    "Scope",
    "SnapshotInfo",
    "VerifyResult",
    "export_snapshot",
    "find_snapshots",
    "generate_report",
    "list_snapshots",
    "report_choices",
    "scope_from_args",
    "verify_report",
]

Progress = Callable[[int, int, str], None]
PROGRESS_TOTAL = 100

# The PDF cannot be written where asked: missing folder, no permission, the open database, an existing
# file without `force` (OutputExistsError, a subclass), an existing file that is not a PDF.
ReportOutputError = OutputFileError


class AmbiguousSnapshotError(ReportInputError):
    """More than one stored report matches; `candidates` lists them so the user can choose one by id."""

    def __init__(self, message: str, candidates: list[SnapshotInfo]):
        super().__init__(message)
        self.candidates = candidates


@dataclass
class ReportResult:
    path: str | None
    pages: int
    sha256: str
    size: int
    period: str
    scope: str
    scope_label: str
    options: str
    state: str  # open / submitted / locked
    projects: int
    has_data: bool
    snapshot: str | None = None  # stored / unchanged / changed; None when the quarter is not locked
    snapshot_id: str | None = None
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # texts the report cut or could not fully print
    pdf: bytes | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("pdf")
        return d


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    period: str
    scope: str
    options: str
    stored_sha256: str
    regenerated_sha256: str
    stored_file_intact: bool  # the stored bytes still hash to the stored sha256
    snapshot_id: str
    generated_at: str
    generated_by: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SnapshotInfo:
    """One stored report of a locked quarter."""

    id: str
    period: str
    scope: str
    scope_label: str
    options: str
    details: bool
    unit: str | None
    sha256: str
    generated_at: str
    generated_by: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        """One line for a person choosing between snapshots."""
        unit = self.unit or "（未填编制单位）"
        details = "，含项目详情" if self.details else ""
        return f"{self.id}  {self.period}  {self.scope_label}{details}  编制单位：{unit}  {self.generated_at}"


def scope_from_args(county: str | None = None, department: str | None = None, table: int | str | None = None) -> Scope:
    given = [
        (k, v) for k, v in (("county", county), ("department", department), ("table", table)) if v not in (None, "")
    ]
    if len(given) > 1:
        raise ReportInputError("报告范围只能选择一种（县区、牵头部门或附表） / choose at most one scope")
    return Scope(given[0][0], str(given[0][1]).strip()) if given else Scope()


def check_output_path(ws: Workspace, path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Fail fast, before minutes of typesetting, if the PDF may not be written there (see output_files)."""
    return prepare_output(path, kind="pdf", force=force, protected=[ws.db.sqlite_path])


def _write_pdf(target: Path, pdf: bytes) -> None:
    with atomic_output(target) as tmp:
        tmp.write_bytes(pdf)


def _latest_snapshot(session: Session, period: str, scope: str, options: str) -> ReportSnapshot | None:
    found: ReportSnapshot | None = session.scalar(
        select(ReportSnapshot)
        .where(ReportSnapshot.period == period, ReportSnapshot.scope == scope, ReportSnapshot.options == options)
        .order_by(ReportSnapshot.generated_at.desc(), ReportSnapshot.id.desc())
        .limit(1)
    )
    return found


def _stage(progress: Progress | None, start: int, end: int) -> Progress | None:
    """Map a sub-task's (done, total) onto the [start, end] slice of a 0..100 bar."""
    if progress is None:
        return None

    def report(done: int, total: int, message: str) -> None:
        share = (done / total) if total else 0
        progress(start + int((end - start) * min(max(share, 0), 1)), PROGRESS_TOTAL, message)

    return report


def render_report(
    ws: Workspace,
    period: str,
    scope: Scope | None = None,
    options: ReportOptions | None = None,
    *,
    progress_callback: Progress | None = None,
    cancel_check: Callable[[], None] | None = None,
    today: dt.date | None = None,
) -> tuple[ReportData, quarterly.Rendered]:
    """(ReportData, Rendered) without writing or storing anything."""
    code = parse_period_arg(period)
    with ws.session() as s:
        data = gather(s, code, scope, options, today=today, progress=_stage(progress_callback, 0, 10))
    if cancel_check:
        cancel_check()
    rendered = quarterly.render(data, progress=_stage(progress_callback, 10, 95), check=cancel_check)
    return data, rendered


def generate_report(
    ws: Workspace,
    period: str,
    scope: Scope | None = None,
    options: ReportOptions | None = None,
    out_path: str | os.PathLike[str] | None = None,
    progress_callback: Progress | None = None,
    *,
    force: bool = False,
    cancel_check: Callable[[], None] | None = None,
    keep_bytes: bool = False,
    today: dt.date | None = None,
) -> ReportResult:
    """Generate the quarterly report; write it to `out_path` and, for a locked quarter, keep it as a snapshot.

    `out_path` is never the open database; an existing file there is replaced only with `force=True` (the
    CLI's --force, the GUI after asking) and only if it is a PDF, in one atomic rename, with the user's
    normal file permissions. Raises ReportInputError (bad period/scope), OutputExistsError (the file
    exists, force not given) or ReportOutputError (the file may not or cannot be written), all before any
    typesetting.
    """
    started = time.perf_counter()
    scope = scope or Scope()
    options = options or ReportOptions()
    code = parse_period_arg(period)
    with ws.session() as s:
        scope = validate_scope(s, scope)
    target = check_output_path(ws, out_path, force=force) if out_path is not None else None
    data, rendered = render_report(
        ws, code, scope, options, progress_callback=progress_callback, cancel_check=cancel_check, today=today
    )
    digest = hashlib.sha256(rendered.pdf).hexdigest()
    result = ReportResult(
        path=str(target) if target else None,
        pages=rendered.pages,
        sha256=digest,
        size=len(rendered.pdf),
        period=code,
        scope=scope.key,
        scope_label=scope.label,
        options=options.key,
        state=data.state,
        projects=len(data.projects),
        has_data=data.has_data,
        notes=list(rendered.notes),
        pdf=rendered.pdf if keep_bytes or not target else None,
    )
    if not data.has_data:
        result.warnings.append(
            f"{code} 报告范围内没有任何进度记录，报告按“无数据”生成 / no progress records for {code} in this scope"
        )
    if rendered.notes:
        result.warnings.append(
            f"{len(rendered.notes)} 处文字被截断或含无法印出的字符，明细见报告第一部分“说明” / "
            f"{len(rendered.notes)} texts were cut or had unprintable characters (listed in the report)"
        )
    if target is not None:
        if progress_callback:
            progress_callback(96, PROGRESS_TOTAL, "写入文件…")
        _write_pdf(target, rendered.pdf)
    if data.state == periods.LOCKED:
        _store_snapshot(ws, result, rendered.pdf)
    if progress_callback:
        progress_callback(PROGRESS_TOTAL, PROGRESS_TOTAL, "完成")
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def _store_snapshot(ws: Workspace, result: ReportResult, pdf: bytes) -> None:
    """Keep a locked quarter's report (unless the latest stored one is byte-identical)."""
    with ws.session() as s:
        if periods.period_state(s, result.period) != periods.LOCKED:  # reopened while it was typeset
            return
        latest = _latest_snapshot(s, result.period, result.scope, result.options)
        if latest is not None and latest.sha256 == result.sha256:
            result.snapshot, result.snapshot_id = "unchanged", latest.id
            return
        snap = ReportSnapshot(
            period=result.period,
            scope=result.scope,
            options=result.options,
            sha256=result.sha256,
            generated_at=utcnow(),
            generated_by=ws.user,
            pdf=pdf,
        )
        s.add(snap)
        s.flush()
        result.snapshot, result.snapshot_id = ("changed" if latest else "stored"), snap.id
        if latest is not None:
            result.warnings.append(
                f"锁定季度 {result.period} 的报告与 {latest.generated_at:%Y-%m-%d %H:%M} 保存的版本不同（锁定后项目"
                f"基本信息、里程碑或协调问题有改动，或软件已更新），已另存为新版本 / differs from the stored "
                f"snapshot; kept as a new version"
            )


def _snapshot_info(snap: ReportSnapshot) -> SnapshotInfo:
    options = ReportOptions.from_key(snap.options)
    return SnapshotInfo(
        id=snap.id,
        period=snap.period,
        scope=snap.scope,
        scope_label=Scope.from_key(snap.scope).label,
        options=snap.options,
        details=options.details,
        unit=options.unit,
        sha256=snap.sha256,
        generated_at=snap.generated_at.isoformat(timespec="seconds"),
        generated_by=snap.generated_by,
    )


def find_snapshots(
    ws: Workspace,
    period: str,
    scope: Scope | None = None,
    *,
    details: bool | None = None,
    unit: str | None = None,
) -> list[SnapshotInfo]:
    """The current stored report of `period` for each scope and options that match what was given.

    Only the latest snapshot of each (scope, options) counts: earlier ones were replaced when the data
    changed after the lock. `scope`, `details` and `unit` narrow the search only when given.
    """
    code = parse_period_arg(period)
    with ws.session() as s:
        if scope is not None:
            scope = validate_scope(s, scope)
        stmt = select(ReportSnapshot).where(ReportSnapshot.period == code)
        if scope is not None:
            stmt = stmt.where(ReportSnapshot.scope == scope.key)
        rows = s.scalars(stmt.order_by(ReportSnapshot.generated_at.desc(), ReportSnapshot.id.desc())).all()
        latest: dict[tuple[str, str], SnapshotInfo] = {}
        for snap in rows:
            latest.setdefault((snap.scope, snap.options), _snapshot_info(snap))
    found = list(latest.values())
    if details is not None:
        found = [f for f in found if f.details == details]
    if unit:
        found = [f for f in found if f.unit == unit.strip()]
    return sorted(found, key=lambda f: (f.scope, f.options))


def verify_report(
    ws: Workspace,
    period: str | None = None,
    scope: Scope | None = None,
    options: ReportOptions | None = None,
    *,
    snapshot_id: str | None = None,
) -> VerifyResult:
    """Regenerate a locked quarter's report in memory and compare it with its stored snapshot.

    The snapshot is the one named by `snapshot_id`, or the only current one of `period` matching `scope`
    and `options` (each narrows the search only when given; the 编制单位 need not be repeated). Several
    matches raise AmbiguousSnapshotError listing them; none raises ReportInputError.
    """
    with ws.session() as s:
        if snapshot_id:
            snap = s.get(ReportSnapshot, snapshot_id)
            if snap is None:
                raise ReportInputError(f"没有编号为 {snapshot_id} 的存档报告 / no such snapshot: {snapshot_id}")
            chosen = _snapshot_info(snap)
        else:
            if not period:
                raise ReportInputError("请给出报告期或存档编号 / give --period or --id")
            code = parse_period_arg(period)
            if periods.period_state(s, code) != periods.LOCKED:
                raise ReportInputError(f"报告期 {code} 未锁定，没有可核对的存档报告 / period {code} is not locked")
            chosen = None
    if chosen is None:
        matches = find_snapshots(
            ws,
            code,
            scope,
            details=options.details if options is not None and options.details else None,
            unit=options.unit if options is not None else None,
        )
        if not matches:
            label = scope.label if scope is not None else "任何范围"
            raise ReportInputError(f"没有 {code}（{label}）的存档报告，请先生成 / no stored report for {code}")
        if len(matches) > 1:
            raise AmbiguousSnapshotError(
                f"{code} 有 {len(matches)} 份存档报告，请指定一份（--id） / {len(matches)} stored reports match, "
                f"choose one with --id",
                matches,
            )
        chosen = matches[0]
    with ws.session() as s:
        stored = s.get(ReportSnapshot, chosen.id)
        assert stored is not None  # found a moment ago; snapshots are never deleted
        intact = hashlib.sha256(stored.pdf).hexdigest() == stored.sha256
    _, rendered = render_report(ws, chosen.period, Scope.from_key(chosen.scope), ReportOptions.from_key(chosen.options))
    digest = hashlib.sha256(rendered.pdf).hexdigest()
    ok = digest == chosen.sha256 and intact
    if ok:
        message = "一致：按当前数据重新生成的报告与存档逐字节相同 / identical"
    elif not intact:
        message = "存档文件已损坏或被改动（与其登记的哈希不符） / stored file does not match its recorded hash"
    else:
        message = "不一致：锁定后数据有变动，重新生成的报告与存档不同 / regenerated report differs from the snapshot"
    return VerifyResult(
        ok=ok,
        period=chosen.period,
        scope=chosen.scope,
        options=chosen.options,
        stored_sha256=chosen.sha256,
        regenerated_sha256=digest,
        stored_file_intact=intact,
        snapshot_id=chosen.id,
        generated_at=chosen.generated_at,
        generated_by=chosen.generated_by,
        message=message,
    )


def list_snapshots(ws: Workspace, period: str | None = None) -> list[SnapshotInfo]:
    """Every stored report (all versions), newest period first."""
    with ws.session() as s:
        stmt = select(ReportSnapshot)
        if period:
            stmt = stmt.where(ReportSnapshot.period == parse_period_arg(period))
        rows = s.scalars(
            stmt.order_by(ReportSnapshot.period.desc(), ReportSnapshot.scope, ReportSnapshot.generated_at)
        ).all()
        return [_snapshot_info(r) for r in rows]


def export_snapshot(ws: Workspace, snapshot_id: str, out_path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Write a stored snapshot's exact bytes to a file (the official copy of a locked quarter's report),
    under the same rules as generate_report's `out_path`."""
    target = check_output_path(ws, out_path, force=force)
    with ws.session() as s:
        snap = s.get(ReportSnapshot, snapshot_id)
        if snap is None:
            raise ReportInputError(f"没有编号为 {snapshot_id} 的存档报告 / no such snapshot")
        pdf = bytes(snap.pdf)
    _write_pdf(target, pdf)
    return target


def report_choices(ws: Workspace) -> dict[str, Any]:
    """What the report dialog offers: periods (known ones and the current quarter), counties, departments,
    appendix tables."""
    today = dt.date.today()
    current = periods.period_of(today)
    with ws.session() as s:
        known = {p["code"]: p for p in periods.list_periods(s)}
        with_records = set(s.scalars(select(QuarterlyProgress.period).distinct()))
        counties = known_counties(s)
        departments = known_departments(s)
    codes = sorted(set(known) | with_records | {current, periods.previous_period(current)}, reverse=True)
    period_rows = []
    for code in codes:
        info = known.get(code, {})
        state = info.get("state", periods.OPEN)
        year, quarter = periods.parse_period(code)
        period_rows.append(
            dict(
                code=code,
                label=f"{year}年第{'一二三四'[quarter - 1]}季度",
                state=state,
                state_label=periods.STATE_LABELS.get(state, state),
                records=info.get("records", 0),
            )
        )
    return dict(
        periods=period_rows,
        default_period=_default_period(period_rows, current),
        counties=counties,
        departments=departments,
        tables=[(n, ref.appendix_label(n)) for n in ref.APPENDIX_TABLES],
    )


def _default_period(rows: list[dict[str, Any]], current: str) -> str:
    """The latest quarter with records, else the current one."""
    for row in rows:
        if row["records"]:
            return str(row["code"])
    return current
