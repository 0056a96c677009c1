"""A field write is remembered twice, the same way: in the audit log (for people) and in the change log (for
the exchange packages). Both are written by app.core.field_changes.record_field_change, and the command line
writes through the same service functions as the desktop app (app.core.tracking_service)."""

from __future__ import annotations

import json

from sqlalchemy import select

from app.core import audit, project_service, tracking_service
from app.db.models import AuditEntry, ChangeLogEntry
from tests.conftest import run_cli

CODE = "附表1-08"


def _entries(ws) -> tuple[list[AuditEntry], list[ChangeLogEntry]]:
    with ws.session() as s:
        audits = list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        changes = list(s.scalars(select(ChangeLogEntry).order_by(ChangeLogEntry.id)))
        s.expunge_all()
    return audits, changes


def _same_facts(entry: AuditEntry, change: ChangeLogEntry) -> None:
    """The audit entry and the change-log entry tell the same change (values in each log's own text form)."""
    assert change.op == "set" and change.record_id == entry.entity_id and change.project_id == entry.project_id
    assert entry.field == (f"{change.period}.{change.field}" if change.period else change.field)
    assert entry.user == change.user
    for text, logged in ((entry.old_value, change.old_value), (entry.new_value, change.new_value)):
        value = json.loads(logged) if logged is not None else None
        assert text == (None if value is None else audit.as_text(value) if not isinstance(value, str) else value)


def test_a_project_progress_and_milestone_field_each_write_both_logs_alike(workspace):
    pid = tracking_service.project_id_for_code(workspace, CODE)
    audits_before, changes_before = _entries(workspace)
    stored = project_service.get_project(workspace, pid)
    project_service.update_project(workspace, pid, {"note": "已核实"}, expected_version=stored.version)
    tracking_service.set_progress(workspace, pid, "2025Q3", physical_progress="主体完工")
    milestone = tracking_service.add_milestone(workspace, pid, title="可研批复")
    tracking_service.update_milestone(workspace, milestone, {"note": "待批"})
    audits, changes = _entries(workspace)
    new_audits = [a for a in audits[len(audits_before) :] if a.field not in (None, "created")]
    new_changes = [c for c in changes[len(changes_before) :] if c.op == "set"]
    assert [(a.entity_type, a.field) for a in new_audits] == [
        ("project", "note"),
        ("progress", "2025Q3.physical_progress"),
        ("milestone", "note"),
    ]
    assert [(c.entity_type, c.period, c.field) for c in new_changes] == [
        ("project", None, "note"),
        ("progress", "2025Q3", "physical_progress"),
        ("milestone", None, "note"),
    ]
    for entry, change in zip(new_audits, new_changes, strict=True):
        _same_facts(entry, change)
    assert new_changes[0].base_version == stored.version  # the version the edit was made on


def test_the_command_line_writes_through_the_tracking_service_with_its_own_source(db_path):
    code, out, err = run_cli("progress", "set", "--code", CODE, "--period", "2025Q3", "--invested", "0.35", db=db_path)
    assert (code, err) == (0, "")
    assert out.startswith(f"{CODE} 2025Q3: changed invested")
    code, out, err = run_cli("milestone", "add", "--code", CODE, "--title", "开工", db=db_path)
    assert code == 0 and out.startswith(f"{CODE}: added milestone ")
    from app.core.workspace import open_workspace

    ws = open_workspace(db_path)
    try:
        audits, changes = _entries(ws)
    finally:
        ws.close()
    progress_audit = next(a for a in audits if a.field == "2025Q3.invested")
    milestone_audit = next(a for a in audits if a.entity_type == "milestone" and a.field == "created")
    assert progress_audit.source == "cli" and progress_audit.new_value == "0.35"
    assert milestone_audit.source == "cli" and milestone_audit.new_value.endswith("开工")
    progress_change = next(c for c in changes if c.entity_type == "progress" and c.field == "invested")
    _same_facts(progress_audit, progress_change)


def test_unknown_project_code_is_one_line_on_the_command_line(db_path):
    code, out, err = run_cli("milestone", "add", "--code", "附表9-99", "--title", "开工", db=db_path)
    assert code != 0 and out == ""
    assert "附表9-99" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_the_command_line_write_commands_open_no_session_of_their_own():
    """The tracking, period and indicator commands call the services; only those open sessions."""
    from pathlib import Path

    from tests.test_architecture import session_calls_in

    commands = Path(__file__).resolve().parent.parent / "app" / "commands"
    for name in ("tracking.py", "common.py"):
        assert session_calls_in((commands / name).read_text(encoding="utf-8")) == [], name
