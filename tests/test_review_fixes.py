"""Regression tests for the review fixes."""

from __future__ import annotations

import types
from decimal import Decimal

import pytest

from app.core import progress, project_service, projects
from app.core.backups import BackupError


def test_report_history_cumulative_unknown_until_an_amount_is_reported(workspace):
    from app.reports.data import _history

    with workspace.session() as s:
        pid = projects.get_project(s, code="附表1-05").id
        progress.set_progress(s, pid, "2025Q1", user="u", physical_progress="前期手续办理中")  # no amount
        progress.set_progress(s, pid, "2025Q2", user="u", invested=Decimal("1.5"))
        progress.set_progress(s, pid, "2025Q3", user="u", physical_progress="施工中")  # no amount
    with workspace.session() as s:
        rows = _history(s, {pid}, "2025Q3")[pid]
    assert [r.period for r in rows] == ["2025Q1", "2025Q2", "2025Q3"]
    # Unknown is never 0: nothing reported yet -> None; afterwards the running total carries.
    assert [r.cumulative for r in rows] == [None, Decimal("1.5"), Decimal("1.5")]


def test_failed_backup_leaves_no_partial_file(tmp_path):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"this is not a database" * 100)
    ws = types.SimpleNamespace(db=types.SimpleNamespace(sqlite_path=broken))
    target = tmp_path / "backup.sqlite3"
    with pytest.raises(BackupError, match="备份失败：file is not a database"):
        project_service.backup_database(ws, target)
    # A leftover file would make every retry fail with "目标文件已存在".
    assert not target.exists()
