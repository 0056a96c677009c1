"""Workspace-level facade of the Excel exchange, for the UI and the CLI.

Every function opens and closes its own session and returns plain data (dataclasses with to_dict()).
The UI calls these from app.ui.tasks.run_in_background; `progress(done, total, message)` is optional.

    export_portfolio(ws, path, county=..., department=..., project_ids=..., period=..., per_table=..., force=...)
    export_entry_workbook(ws, path, period=..., county=... | department=..., force=...)
    preview_import(ws, path)                    -> ImportPlan (changes, conflicts, errors; nothing written)
    apply_import(ws, path, resolutions=..., default_resolution=..., expected_sha256=...) -> ImportOutcome
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app.core import backups, output_files
from app.core.gc_pause import gc_paused
from app.core.workspace import Workspace
from app.exchange import database_identity, xlsx_import
from app.exchange import file_checks as fc
from app.exchange.entry_workbook import build_entry_workbook
from app.exchange.xlsx_export import export_portfolio as _export_portfolio

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int, str], None]

APPLIED, UNCHANGED, REJECTED, CONFLICTS, DRY_RUN = "applied", "unchanged", "rejected", "conflicts", "dry_run"
STATUS_LABELS = {
    APPLIED: "已导入",
    UNCHANGED: "无变化",
    REJECTED: "已拒绝",
    CONFLICTS: "有冲突待处理",
    DRY_RUN: "试运行（未写入）",
}


class _Rollback(Exception):
    """Leave the session's `with` block so it rolls back (dry run)."""


# --- export --------------------------------------------------------------------------------------------------
def _output(ws: Workspace, path: str | Path, force: bool) -> Path:
    """Where an export may go: never over the open database; an existing file only with `force`.
    Raises output_files.OutputFileError (OutputExistsError when the file exists) before any work is done."""
    return output_files.prepare_output(path, kind="xlsx", force=force, protected=[ws.db.sqlite_path])


def _database_id(ws: Workspace) -> str | None:
    """This database's mark for the workbook's _meta (not created on a read-only database)."""
    with ws.session() as s:
        return database_identity.database_id(s, create=not ws.read_only)


def export_portfolio(
    ws: Workspace,
    path: str | Path,
    *,
    project_ids: Iterable[str] | None = None,
    county: str | None = None,
    department: str | None = None,
    table: int | None = None,
    status: str | None = None,
    period: str | None = None,
    per_table: bool = False,
    force: bool = False,
    progress: ProgressFn | None = None,
) -> dict[str, Any]:
    """Raises ValueError (unknown county/department) and output_files.OutputFileError (where it can't write)."""
    target = _output(ws, path, force)
    if progress:
        progress(0, 1, "正在导出项目清单…")
    mark = _database_id(ws)
    with ws.session() as s:
        summary = _export_portfolio(
            s,
            target,
            project_ids=project_ids,
            county=county,
            department=department,
            table=table,
            status=status,
            period=period,
            per_table=per_table,
            user=ws.user,
            database_id=mark,
        )
    if progress:
        progress(1, 1, "导出完成")
    return asdict(summary)


def export_entry_workbook(
    ws: Workspace,
    path: str | Path,
    *,
    period: str,
    county: str | None = None,
    department: str | None = None,
    project_ids: list[str] | None = None,
    password: str | None = None,
    force: bool = False,
    progress: ProgressFn | None = None,
) -> dict[str, Any]:
    """Raises ValueError, PeriodLockedError (a locked quarter takes no new reports) and OutputFileError."""
    target = _output(ws, path, force)
    if progress:
        progress(0, 1, "正在生成填报表…")
    mark = _database_id(ws)
    with ws.session() as s:
        summary = build_entry_workbook(
            s,
            target,
            period=period,
            county=county,
            department=department,
            project_ids=project_ids,
            password=password,
            user=ws.user,
            database_id=mark,
        )
    if progress:
        progress(1, 1, "生成完成")
    return asdict(summary)


def export_choices(ws: Workspace) -> dict[str, Any]:
    """What the export dialog offers: counties, departments, known periods (newest first), and a default."""
    from app.core import periods, projects

    with ws.session() as s:
        counties = projects.known_counties(s)
        departments = projects.known_departments(s)
        known = [p["code"] for p in periods.list_periods(s)]
        states = {p["code"]: p["state"] for p in periods.list_periods(s)}
    import datetime as dt

    today = dt.date.today()
    current = periods.period_of(today)
    choices = sorted(set(known) | {current, periods.previous_period(current)}, reverse=True)
    return dict(
        counties=counties, departments=departments, periods=choices, period_states=states, default_period=current
    )


# --- import --------------------------------------------------------------------------------------------------
@dataclass
class ImportOutcome:
    status: str
    plan: xlsx_import.ImportPlan
    applied: list[xlsx_import.FieldChange] = field(default_factory=list)
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status in (APPLIED, UNCHANGED, DRY_RUN)

    def to_dict(self) -> dict[str, Any]:
        d = self.plan.to_dict()
        d.update(
            status=self.status,
            status_label=STATUS_LABELS.get(self.status, self.status),
            ok=self.ok,
            message=self.message,
            applied=[c.to_dict() for c in self.applied],
        )
        return d


def _read(path: str | Path, progress: ProgressFn | None) -> xlsx_import.RawFile | xlsx_import.ImportPlan:
    """The raw file, or a plan holding the file-level error."""
    name = Path(path).name
    if progress:
        progress(0, 3, f"检查文件“{name}”…")
    try:
        info = fc.check_file(path)
        if progress:
            progress(1, 3, "读取文件…")
        # Reading and checking a workbook builds a few objects per cell, freed by reference counting (the few in
        # a reference cycle at the next collection): the collector's passes over all of them, again and again,
        # were a quarter of an import's time.
        with gc_paused():
            return xlsx_import.read_file(info)
    except fc.ExchangeFileError as exc:
        return xlsx_import.file_error_plan(name, str(exc))
    except MemoryError:
        return xlsx_import.file_error_plan(name, f"文件内容过多，无法读取（上限 {fc.MAX_ROWS} 行） / out of memory")


def preview_import(ws: Workspace, path: str | Path, *, progress: ProgressFn | None = None) -> xlsx_import.ImportPlan:
    """Read and validate the file, compare it with the database. Writes nothing."""
    raw = _read(path, progress)
    if isinstance(raw, xlsx_import.ImportPlan):
        return raw
    with ws.session() as s:
        mark = database_identity.database_id(s, create=False)
        with gc_paused():
            plan = xlsx_import.analyze(s, raw, database_id=mark, progress=progress)
        s.rollback()
    if progress:
        progress(3, 3, "校验完成")
    return plan


def apply_import(
    ws: Workspace,
    path: str | Path,
    *,
    resolutions: dict[str, str] | None = None,
    default_resolution: str | None = None,
    expected_sha256: str | None = None,
    dry_run: bool = False,
    progress: ProgressFn | None = None,
) -> ImportOutcome:
    """Validate again and write everything in ONE transaction, or nothing.

    resolutions: conflict key -> "theirs" (the file) | "mine" (keep the database); default_resolution applies
    to conflicts without an explicit choice. expected_sha256 (from the preview) makes sure the file applied
    is the file the user looked at. dry_run runs the writes and rolls them back.
    """
    if default_resolution not in (None, xlsx_import.THEIRS, xlsx_import.MINE):
        raise ValueError(f"default_resolution must be theirs/mine, got {default_resolution!r}")
    raw = _read(path, progress)
    if isinstance(raw, xlsx_import.ImportPlan):
        return ImportOutcome(REJECTED, raw, message=raw.issues[0].message)
    if expected_sha256 and raw.info.sha256 != expected_sha256:
        plan = xlsx_import.file_error_plan(
            raw.info.name,
            "文件在预览之后被修改过，请重新预览后再导入 / the file changed since the preview",
            raw.info.sha256,
            raw.info.kind,
        )
        return ImportOutcome(REJECTED, plan, message=plan.issues[0].message)
    if not dry_run:
        backups.backup_if_changed(ws, "import")  # the state before the import, restorable (SQLite)
    outcome: ImportOutcome | None = None
    try:
        with ws.session() as s:
            mark = database_identity.database_id(s, create=False)
            with gc_paused():  # as when reading it
                plan = xlsx_import.analyze(s, raw, database_id=mark, progress=progress)
            if not plan.ok:
                outcome = ImportOutcome(REJECTED, plan, message=f"文件有 {len(plan.errors)} 处错误，未导入任何数据")
                raise _Rollback()
            pending = xlsx_import.unresolved_conflicts(plan, resolutions, default_resolution)
            if pending:
                outcome = ImportOutcome(
                    CONFLICTS, plan, message=f"有 {len(pending)} 项冲突需要选择保留哪一方，未导入任何数据"
                )
                raise _Rollback()
            try:
                applied = xlsx_import.apply_plan(
                    s, plan, user=ws.user, resolutions=resolutions, default=default_resolution, report=progress
                )
            except xlsx_import.ImportRejected as exc:
                plan.issues.extend(exc.issues)
                outcome = ImportOutcome(REJECTED, plan, message="写入时出错，已全部撤销，未导入任何数据")
                raise _Rollback() from exc
            if dry_run:
                outcome = ImportOutcome(DRY_RUN, plan, applied, message=f"试运行：将修改 {len(applied)} 项，未写入")
                raise _Rollback()
            outcome = ImportOutcome(
                APPLIED if applied else UNCHANGED,
                plan,
                applied,
                message=f"已导入 {len(applied)} 项修改" if applied else "数据与数据库一致，没有需要导入的修改",
            )
    except _Rollback:
        pass
    assert outcome is not None
    return outcome
