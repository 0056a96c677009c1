"""Quarterly reports written in bulk (progress.set_progress_many, what an import uses) on a real PostgreSQL
server: the records read by a batch stay as read until its transaction ends (SELECT … FOR UPDATE), a report
on a version nobody holds any more is refused, and the rows written are the rows read back."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from app.core import progress, projects
from tests.fixtures.pg_fixtures import require_server

pytestmark = pytest.mark.postgres
require_server()  # skips this module without a server

OVER = "附表1-05"  # 概算总投资 10 亿元


@pytest.fixture
def pg_workspace(pg_db_url):
    from app.core.workspace import open_workspace

    ws = open_workspace(pg_db_url)
    yield ws
    ws.close()


def test_bulk_reports_on_postgres_write_versions_logs_and_status(pg_workspace):
    ws = pg_workspace
    with ws.session() as s:
        pid = projects.get_project(s, code=OVER).id
        progress.set_progress(s, pid, "2025Q2", user="市级", invested=4, status="在建")
    with ws.session() as s:
        items = [
            progress.ProgressItem(pid, "2025Q2", {"invested": "9.8", "problems": "资金"}, 1, "f.xlsx 季度填报!2"),
            progress.ProgressItem(pid, "2025Q3", {"invested": "0.5", "status": "完工"}, 0, "f.xlsx 季度填报!3"),
            progress.ProgressItem(pid, "2025Q2", {"next_steps": "验收"}, 2, "f.xlsx 季度填报!4"),
        ]
        results = progress.set_progress_many(s, items, user="县区", source="import")
    assert [r.version for r in results] == [2, 1, 3]
    assert any("超过概算总投资" in w for w in results[1].warnings)
    with ws.session() as s:
        q2 = progress.get_progress(s, pid, "2025Q2")
        assert (q2["invested"], q2["problems"], q2["next_steps"], q2["version"]) == (9.8, "资金", "验收", 3)
        assert projects.get_project(s, pid).status == "完工"
        fields = [
            (kind, field, new, detail)
            for kind, field, new, detail in s.execute(
                text(
                    "SELECT entity_type, field, new_value, source_detail FROM audit_entries"
                    " WHERE source = 'import' ORDER BY id"
                )
            )
        ]
    assert fields == [
        ("progress", "2025Q2.invested", "9.8", "f.xlsx 季度填报!2"),
        ("progress", "2025Q2.problems", "资金", "f.xlsx 季度填报!2"),
        ("progress", "2025Q3.invested", "0.5", "f.xlsx 季度填报!3"),
        ("progress", "2025Q3.status", "完工", "f.xlsx 季度填报!3"),
        ("project", "status", "完工", "f.xlsx 季度填报!3"),
        ("progress", "2025Q2.next_steps", "验收", "f.xlsx 季度填报!4"),
    ]


def test_records_read_by_a_batch_are_locked_until_it_ends(pg_workspace, pg_db_url, monkeypatch):
    """While the batch checks its reports (before it writes anything), another connection cannot change a
    record the batch read: it waits for the batch's transaction (here it gives up after 300 ms)."""
    ws = pg_workspace
    with ws.session() as s:
        pid = projects.get_project(s, code=OVER).id
        record_id = progress.set_progress(s, pid, "2025Q2", user="市级", invested=4).record_id
    other = create_engine(pg_db_url)
    attempts: list[str] = []
    real = progress._set_one

    def meanwhile(session, batch, item, **kw):
        if not attempts:
            try:
                with other.begin() as conn:
                    conn.execute(text("SET LOCAL lock_timeout = '300ms'"))
                    conn.execute(
                        text("UPDATE quarterly_progress SET problems = '别处' WHERE id = :id"), {"id": record_id}
                    )
                attempts.append("changed")
            except OperationalError as exc:
                attempts.append(type(exc.orig).__name__)
        return real(session, batch, item, **kw)

    monkeypatch.setattr(progress, "_set_one", meanwhile)
    try:
        with ws.session() as s:
            progress.set_progress_many(s, [progress.ProgressItem(pid, "2025Q2", {"invested": 5}, 1)], user="县区")
    finally:
        other.dispose()
    assert attempts == ["LockNotAvailable"]
    with ws.session() as s:
        record = progress.get_progress(s, pid, "2025Q2")
        assert (record["invested"], record["problems"], record["version"]) == (5.0, None, 2)


def test_a_stale_version_is_refused_on_postgres_and_nothing_is_kept(pg_workspace):
    ws = pg_workspace
    with ws.session() as s:
        pid = projects.get_project(s, code=OVER).id
        progress.set_progress(s, pid, "2025Q2", user="市级", invested=4)
    with pytest.raises(progress.ProgressItemRefused) as refused, ws.session() as s:
        progress.set_progress_many(
            s,
            [
                progress.ProgressItem(pid, "2025Q3", {"invested": 1, "status": "在建"}, 0),
                progress.ProgressItem(pid, "2025Q2", {"invested": 2}, 0),  # it exists: version 1
            ],
            user="县区",
        )
    assert refused.value.index == 1 and isinstance(refused.value.error, projects.ConflictError)
    with ws.session() as s:
        assert progress.get_progress(s, pid, "2025Q3") is None
        assert progress.get_progress(s, pid, "2025Q2")["version"] == 1
        assert s.execute(text("SELECT count(*) FROM audit_entries WHERE \"user\" = '县区'")).scalar() == 0
