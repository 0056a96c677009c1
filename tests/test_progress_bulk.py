"""The bulk write of quarterly reports (progress.set_progress_many, what an import uses) against set_progress one
report at a time: the same rows in the audit log, the change log and the records, read back from the SQLite
files after commit; and a refused report leaves nothing of its batch in the file."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from decimal import Decimal

import pytest

from app.core import office, progress, projects
from app.core.workspace import open_workspace
from tests.conftest import copy_database

OVER = "附表1-05"  # 概算总投资 10 亿元
OTHER = "附表1-01"
DETAIL = "f.xlsx 季度填报!"


def _prepared(path):
    """The city's database with one earlier report of OVER (2025Q2: 4 亿元, 在建, 开工), by 市级."""
    ws = open_workspace(path)
    try:
        office.set_office(ws, "市级")
        with ws.session() as s:
            pid = projects.get_project(s, code=OVER).id
            progress.set_progress(s, pid, "2025Q2", user="市级", invested=4, status="在建", physical_progress="开工")
    finally:
        ws.close()


def _batch(s) -> list[progress.ProgressItem]:
    """A second report of a record in the same batch, a new quarter stating the latest status and taking the
    cumulative investment over the estimate, a blank-only report with no record, a status cleared."""
    over, other = projects.get_project(s, code=OVER).id, projects.get_project(s, code=OTHER).id
    item = progress.ProgressItem
    return [
        item(over, "2025Q2", {"invested": "9.8", "physical_progress": "主体完工"}, 1, DETAIL + "2"),
        item(over, "2025Q3", {"invested": "5000万元", "status": "完工"}, 0, DETAIL + "3"),
        item(over, "2025Q2", {"problems": "资金缺口"}, 2, DETAIL + "4"),
        item(other, "2025Q3", {"invested": None, "problems": None}, 0, DETAIL + "5"),
        item(other, "2025Q4", {"status": "在建", "next_steps": "验收"}, None, DETAIL + "6"),
        item(other, "2025Q4", {"status": None}, 1, DETAIL + "7"),
    ]


def _rows(path, after_audit: int, after_log: int):
    """What the writes left in the file: record ids named by (project, quarter), since a new record's id is a
    fresh uuid in each database; timestamps left out."""
    with closing(sqlite3.connect(path)) as con:
        records = {
            rid: (pid, period)
            for rid, pid, period in con.execute("SELECT id, project_id, period FROM quarterly_progress")
        }
        audit = [
            (user, kind, records.get(entity, entity), project, field, old, new, source, detail)
            for user, kind, entity, project, field, old, new, source, detail in con.execute(
                "SELECT user, entity_type, entity_id, project_id, field, old_value, new_value, source, source_detail"
                " FROM audit_entries WHERE id > ? ORDER BY id",
                (after_audit,),
            )
        ]
        log = [
            (origin, seq, kind, records.get(record, record), project, period, field, op, old, new, base, user)
            for origin, seq, kind, record, project, period, field, op, old, new, base, user in con.execute(
                "SELECT origin_office, origin_seq, entity_type, record_id, project_id, period, field, op, old_value,"
                " new_value, base_version, user FROM change_log WHERE id > ? ORDER BY id",
                (after_log,),
            )
        ]
        quarters = sorted(
            con.execute(
                "SELECT project_id, period, invested, annual_plan, physical_progress, problems, next_steps, status,"
                " version, updated_by FROM quarterly_progress"
            )
        )
        flags = sorted(con.execute("SELECT project_id, rule, field, state, message FROM review_flags"), key=repr)
        statuses = sorted(con.execute("SELECT id, status, version FROM projects"))
    return audit, log, quarters, flags, statuses


def _last_ids(path) -> tuple[int, int]:
    with closing(sqlite3.connect(path)) as con:
        return (
            con.execute("SELECT coalesce(max(id), 0) FROM audit_entries").fetchone()[0],
            con.execute("SELECT coalesce(max(id), 0) FROM change_log").fetchone()[0],
        )


def _write(path, *, batched: bool):
    """The batch committed through set_progress_many, or through set_progress one report per transaction."""
    ws = open_workspace(path)
    try:
        with ws.session() as s:
            items = _batch(s)
        if batched:
            with ws.session() as s:
                results = progress.set_progress_many(s, items, user="县区", source="import")
        else:
            results = []
            for item in items:
                with ws.session() as s:
                    results.append(
                        progress.set_progress(
                            s,
                            item.project_id,
                            item.period,
                            user="县区",
                            source="import",
                            source_detail=item.source_detail,
                            expected_version=item.expected_version,
                            **item.fields,
                        )
                    )
        return [(r.changed_fields, r.warnings, r.version) for r in results]
    finally:
        ws.close()


def test_the_bulk_write_leaves_the_rows_one_report_at_a_time_leaves(db_path, tmp_path):
    _prepared(db_path)
    one_by_one, batched = tmp_path / "one_by_one.sqlite3", tmp_path / "batched.sqlite3"
    copy_database(db_path, one_by_one)
    copy_database(db_path, batched)
    audit_before, log_before = _last_ids(db_path)
    with closing(sqlite3.connect(db_path)) as con:
        over = con.execute("SELECT id, version FROM projects WHERE code = ?", (OVER,)).fetchone()
        other = con.execute("SELECT id FROM projects WHERE code = ?", (OTHER,)).fetchone()[0]
        last_seq = con.execute("SELECT max(origin_seq) FROM change_log WHERE origin_office = '市级'").fetchone()[0]

    results = _write(batched, batched=True)
    assert _write(one_by_one, batched=False) == results
    rows = _rows(batched, audit_before, log_before)
    assert _rows(one_by_one, audit_before, log_before) == rows

    # And what those rows are, as the rules say (not only that both ways agree).
    audit, log, quarters, flags, _ = rows
    q2, q3, q4 = (over[0], "2025Q2"), (over[0], "2025Q3"), (other, "2025Q4")
    assert [(entity, field, old, new, detail) for _, _, entity, _, field, old, new, _, detail in audit] == [
        (q2, "2025Q2.invested", "4", "9.8", DETAIL + "2"),
        (q2, "2025Q2.physical_progress", "开工", "主体完工", DETAIL + "2"),
        (q3, "2025Q3.invested", None, "0.5", DETAIL + "3"),
        (q3, "2025Q3.status", None, "完工", DETAIL + "3"),
        (over[0], "status", "在建", "完工", DETAIL + "3"),  # the project follows its latest quarter's status
        (q2, "2025Q2.problems", None, "资金缺口", DETAIL + "4"),
        (q4, "2025Q4.status", None, "在建", DETAIL + "6"),
        (q4, "2025Q4.next_steps", None, "验收", DETAIL + "6"),
        (other, "status", "储备", "在建", DETAIL + "6"),  # as seeded
        (q4, "2025Q4.status", "在建", None, DETAIL + "7"),
    ]
    assert {(user, source) for user, _, _, _, _, _, _, source, _ in audit} == {("县区", "import")}
    assert [seq for _, seq, *_ in log] == list(range(last_seq + 1, last_seq + 1 + len(audit)))  # in order
    assert [
        (kind, record, period, field, old, new, base)
        for _, _, kind, record, _, period, field, _, old, new, base, _ in log
    ][:6] == [
        ("progress", q2, "2025Q2", "invested", '"4"', '"9.8"', 1),
        ("progress", q2, "2025Q2", "physical_progress", '"开工"', '"主体完工"', 1),
        ("progress", q3, "2025Q3", "invested", "null", '"0.5"', 0),
        ("progress", q3, "2025Q3", "status", "null", '"完工"', 0),
        ("project", over[0], None, "status", '"在建"', '"完工"', over[1]),
        ("progress", q2, "2025Q2", "problems", "null", '"资金缺口"', 2),
    ]
    by_quarter = {(pid, period): row for pid, period, *row in quarters}
    assert (
        by_quarter[q2][0] == pytest.approx(9.8)
        and by_quarter[q2][3] == "资金缺口"
        and by_quarter[q2][-2:] == [3, "县区"]
    )
    assert by_quarter[q3][-2:] == [1, "县区"] and (other, "2025Q3") not in by_quarter  # blank only: no record
    assert by_quarter[q4][5] is None and by_quarter[q4][-2] == 2
    over_total = [(pid, state, message) for pid, rule, _, state, message in flags if rule == progress.OVER_TOTAL_RULE]
    assert [(pid, state) for pid, state, _ in over_total] == [(over[0], "open")]
    assert "（2025Q3 填报后）" in over_total[0][2]
    # The item that went over the estimate says so, after its amount's conversion note.
    assert results[1][1] == ["本季度完成投资（亿元）：“5000万元”按 万元 换算为 0.5 亿元", over_total[0][2]]
    assert results[3] == ([], ["未填写任何内容：项目 附表1-01 2025Q3 没有创建进度记录"], 0)


def test_a_refused_report_leaves_nothing_of_its_batch_in_the_file(db_path):
    """Earlier reports of the batch were already written (a status change writes what comes before it) when
    the fourth is refused: the caller's transaction is rolled back, and the file holds none of them."""
    _prepared(db_path)
    with closing(sqlite3.connect(db_path)) as con:
        before = {t: con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in _TABLES}
    ws = open_workspace(db_path)
    try:
        with pytest.raises(progress.ProgressItemRefused) as refused, ws.session() as s:
            pid = projects.get_project(s, code=OVER).id
            items = [
                progress.ProgressItem(pid, "2025Q3", {"invested": 1, "status": "完工"}, 0),
                progress.ProgressItem(pid, "2025Q2", {"problems": "资金"}, 1),
                progress.ProgressItem(pid, "2025Q4", {"physical_progress": "收尾"}),
                progress.ProgressItem(pid, "2025Q2", {"invested": 5}, 1),  # version 2 since the second item
            ]
            progress.set_progress_many(s, items, user="县区", source="import")
    finally:
        ws.close()
    assert refused.value.index == 3 and isinstance(refused.value.error, projects.ConflictError)
    assert "版本 2，您编辑的是版本 1" in str(refused.value.error)
    with closing(sqlite3.connect(db_path)) as con:
        assert {t: con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in _TABLES} == before


_TABLES = ("quarterly_progress", "audit_entries", "change_log", "projects", "review_flags", "reporting_periods")


def test_a_record_read_earlier_in_the_transaction_shows_what_the_batch_wrote(workspace):
    """The batch writes its records in bulk, not through ORM objects: a record the session had loaded before is
    read again, not served stale from the session."""
    from sqlalchemy import select

    from app.db.models import QuarterlyProgress

    with workspace.session() as s:
        pid = projects.get_project(s, code=OVER).id
        progress.set_progress(s, pid, "2025Q2", user="市级", invested=1)
    with workspace.session() as s:
        loaded = s.scalar(select(QuarterlyProgress).where(QuarterlyProgress.project_id == pid))
        assert loaded is not None and loaded.version == 1
        result = progress.set_progress(s, pid, "2025Q2", user="县区", invested=2, expected_version=1)
        assert result.version == 2
        assert (loaded.invested, loaded.version, loaded.updated_by) == (Decimal("2.0000"), 2, "县区")
        assert progress.get_progress(s, pid, "2025Q2")["invested"] == 2.0
