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
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.core import periods
from app.core import reference as ref
from app.core.projects import known_counties, known_departments
from app.core.workspace import Workspace
from app.db.models import QuarterlyProgress, ReportSnapshot, utcnow
from app.reports import quarterly
from app.reports.data import ReportInputError, ReportOptions, Scope, gather, parse_period_arg, validate_scope

__all__ = [
    "ReportInputError",
    "ReportOptions",
    "ReportOutputError",
    "ReportResult",
    "Scope",
    "VerifyResult",
    "export_snapshot",
    "generate_report",
    "list_snapshots",
    "report_choices",
    "scope_from_args",
    "verify_report",
]

Progress = Callable[[int, int, str], None]
PROGRESS_TOTAL = 100


class ReportOutputError(OSError):
    """The PDF cannot be written where asked (missing folder, no permission, a folder in the way)."""


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
    pdf: bytes | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("pdf")
        return d


@dataclass
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


def scope_from_args(county: str | None = None, department: str | None = None, table: int | str | None = None) -> Scope:
    given = [
        (k, v) for k, v in (("county", county), ("department", department), ("table", table)) if v not in (None, "")
    ]
    if len(given) > 1:
        raise ReportInputError("报告范围只能选择一种（县区、牵头部门或附表） / choose at most one scope")
    return Scope(given[0][0], str(given[0][1]).strip()) if given else Scope()


def check_output_path(path: str | os.PathLike) -> Path:
    """Fail fast, before minutes of typesetting, if the file cannot be written there."""
    target = Path(path).expanduser()
    if target.exists() and target.is_dir():
        raise ReportOutputError(f"输出路径是一个文件夹 / output path is a directory: {target}")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ReportOutputError(f"输出文件夹不存在 / output folder does not exist: {folder}")
    try:
        fd, probe = tempfile.mkstemp(prefix=".report-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ReportOutputError(f"无法写入输出文件夹 / cannot write to {folder}: {exc.strerror or exc}") from None
    os.close(fd)
    os.unlink(probe)
    if target.exists() and not os.access(target, os.W_OK):
        raise ReportOutputError(f"输出文件只读或被占用 / output file is not writable: {target}")
    return target


def _write_atomically(target: Path, pdf: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".pdf", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(pdf)
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise ReportOutputError(f"无法写入报告文件 / cannot write {target}: {exc.strerror or exc}") from None


def _latest_snapshot(session, period: str, scope: str, options: str) -> ReportSnapshot | None:
    return session.scalar(
        select(ReportSnapshot)
        .where(ReportSnapshot.period == period, ReportSnapshot.scope == scope, ReportSnapshot.options == options)
        .order_by(ReportSnapshot.generated_at.desc(), ReportSnapshot.id.desc())
        .limit(1)
    )


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
):
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
    out_path: str | os.PathLike | None = None,
    progress_callback: Progress | None = None,
    *,
    cancel_check: Callable[[], None] | None = None,
    keep_bytes: bool = False,
    today: dt.date | None = None,
) -> ReportResult:
    """Generate the quarterly report; write it to `out_path` (atomically) and, for a locked quarter,
    keep it as a snapshot. Raises ReportInputError (bad period/scope) or ReportOutputError (bad path)."""
    started = time.perf_counter()
    scope = scope or Scope()
    options = options or ReportOptions()
    code = parse_period_arg(period)
    with ws.session() as s:
        scope = validate_scope(s, scope)
    target = check_output_path(out_path) if out_path is not None else None
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
        pdf=rendered.pdf if keep_bytes or not target else None,
    )
    if not data.has_data:
        result.warnings.append(
            f"{code} 报告范围内没有任何进度记录，报告按“无数据”生成 / no progress records for {code} in this scope"
        )
    if target is not None:
        if progress_callback:
            progress_callback(96, PROGRESS_TOTAL, "写入文件…")
        _write_atomically(target, rendered.pdf)
    if data.state == periods.LOCKED:
        with ws.session() as s:
            if periods.period_state(s, code) == periods.LOCKED:  # still locked now that it is typeset
                latest = _latest_snapshot(s, code, scope.key, options.key)
                if latest is not None and latest.sha256 == digest:
                    result.snapshot, result.snapshot_id = "unchanged", latest.id
                else:
                    snap = ReportSnapshot(
                        period=code,
                        scope=scope.key,
                        options=options.key,
                        sha256=digest,
                        generated_at=utcnow(),
                        generated_by=ws.user,
                        pdf=rendered.pdf,
                    )
                    s.add(snap)
                    s.flush()
                    result.snapshot, result.snapshot_id = ("changed" if latest else "stored"), snap.id
                    if latest is not None:
                        result.warnings.append(
                            f"锁定季度 {code} 的报告与 {latest.generated_at:%Y-%m-%d %H:%M} 保存的版本不同（锁定后项目基本"
                            f"信息、里程碑或协调问题有改动，或软件已更新），已另存为新版本 / differs from the stored "
                            f"snapshot; kept as a new version"
                        )
    if progress_callback:
        progress_callback(PROGRESS_TOTAL, PROGRESS_TOTAL, "完成")
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def verify_report(
    ws: Workspace, period: str, scope: Scope | None = None, options: ReportOptions | None = None
) -> VerifyResult:
    """Regenerate a locked quarter's report in memory and compare it with the latest stored snapshot."""
    scope = scope or Scope()
    options = options or ReportOptions()
    code = parse_period_arg(period)
    with ws.session() as s:
        scope = validate_scope(s, scope)
        if periods.period_state(s, code) != periods.LOCKED:
            raise ReportInputError(f"报告期 {code} 未锁定，没有可核对的存档报告 / period {code} is not locked")
        snap = _latest_snapshot(s, code, scope.key, options.key)
        if snap is None:
            raise ReportInputError(
                f"没有 {code}（{scope.label}，{options.key}）的存档报告，请先生成 / "
                f"no stored report for {code} {scope.key} {options.key}"
            )
        stored = dict(
            id=snap.id,
            sha=snap.sha256,
            intact=hashlib.sha256(snap.pdf).hexdigest() == snap.sha256,
            at=snap.generated_at,
            by=snap.generated_by,
        )
    _, rendered = render_report(ws, code, scope, options)
    digest = hashlib.sha256(rendered.pdf).hexdigest()
    ok = digest == stored["sha"] and stored["intact"]
    if ok:
        message = "一致：按当前数据重新生成的报告与存档逐字节相同 / identical"
    elif not stored["intact"]:
        message = "存档文件已损坏或被改动（与其登记的哈希不符） / stored file does not match its recorded hash"
    else:
        message = "不一致：锁定后数据有变动，重新生成的报告与存档不同 / regenerated report differs from the snapshot"
    return VerifyResult(
        ok=ok,
        period=code,
        scope=scope.key,
        options=options.key,
        stored_sha256=stored["sha"],
        regenerated_sha256=digest,
        stored_file_intact=stored["intact"],
        snapshot_id=stored["id"],
        generated_at=stored["at"].isoformat(timespec="seconds"),
        generated_by=stored["by"],
        message=message,
    )


def list_snapshots(ws: Workspace, period: str | None = None) -> list[dict[str, Any]]:
    with ws.session() as s:
        stmt = select(
            ReportSnapshot.id,
            ReportSnapshot.period,
            ReportSnapshot.scope,
            ReportSnapshot.options,
            ReportSnapshot.sha256,
            ReportSnapshot.generated_at,
            ReportSnapshot.generated_by,
        )
        if period:
            stmt = stmt.where(ReportSnapshot.period == parse_period_arg(period))
        rows = s.execute(
            stmt.order_by(ReportSnapshot.period.desc(), ReportSnapshot.scope, ReportSnapshot.generated_at)
        ).all()
    return [
        dict(
            id=r.id,
            period=r.period,
            scope=r.scope,
            scope_label=Scope.from_key(r.scope).label,
            options=r.options,
            sha256=r.sha256,
            generated_at=r.generated_at.isoformat(timespec="seconds"),
            generated_by=r.generated_by,
        )
        for r in rows
    ]


def export_snapshot(ws: Workspace, snapshot_id: str, out_path: str | os.PathLike) -> Path:
    """Write a stored snapshot's exact bytes to a file (the official copy of a locked quarter's report)."""
    target = check_output_path(out_path)
    with ws.session() as s:
        snap = s.get(ReportSnapshot, snapshot_id)
        if snap is None:
            raise ReportInputError(f"没有编号为 {snapshot_id} 的存档报告 / no such snapshot")
        pdf = snap.pdf
    _write_atomically(target, pdf)
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
            return row["code"]
    return current
