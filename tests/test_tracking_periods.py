"""Reporting periods: parsing, dates, the open -> submitted -> locked workflow, and locks honoured everywhere."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest
from sqlalchemy import select

from app.core import periods, progress, projects
from app.db.models import AuditEntry, QuarterlyProgress


@pytest.mark.parametrize(
    "text, expected",
    [("2025Q3", (2025, 3)), ("2025q1", (2025, 1)), ("２０２４Ｑ４", (2024, 4)), (" 2021Q2 ", (2021, 2))],
)
def test_parse_period_accepts(text, expected):
    assert periods.parse_period(text) == expected


@pytest.mark.parametrize("text", ["2025Q5", "2025Q0", "25Q1", "2025-Q1", "2025", "", None, "1999Q1", "Q1 2025"])
def test_parse_period_rejects_with_chinese_message(text):
    with pytest.raises(ValueError, match="报告期格式"):
        periods.parse_period(text)


def test_period_dates_and_neighbours():
    assert periods.period_start("2025Q1") == dt.date(2025, 1, 1)
    assert periods.period_end("2025Q1") == dt.date(2025, 3, 31)
    assert periods.period_end("2024Q1") == dt.date(2024, 3, 31)
    assert periods.period_end("2025Q2") == dt.date(2025, 6, 30)
    assert periods.period_end("2025Q3") == dt.date(2025, 9, 30)
    assert periods.period_end("2025Q4") == dt.date(2025, 12, 31)
    assert periods.previous_periods("2025Q2", 3) == ["2025Q1", "2024Q4", "2024Q3"]
    assert periods.previous_period("2025Q1") == "2024Q4"
    assert periods.year_to_date_periods("2025Q3") == ["2025Q1", "2025Q2", "2025Q3"]
    assert periods.period_of(dt.date(2025, 9, 30)) == "2025Q3"
    assert periods.period_of(dt.date(2025, 10, 1)) == "2025Q4"


def _pid(s, code="附表1-05"):
    return projects.get_project(s, code=code).id


def test_workflow_states_and_audit(workspace):
    with workspace.session() as s:
        assert periods.period_state(s, "2025Q3") == "open"  # never created
        assert periods.submit_period(s, "2025Q3", user="甲")
        assert periods.period_state(s, "2025Q3") == "submitted"
        assert periods.lock_period(s, "2025Q3", user="甲")
        assert not periods.lock_period(s, "2025Q3", user="甲")  # already locked: no-op
        with pytest.raises(periods.PeriodStateError):
            periods.submit_period(s, "2025Q3", user="甲")
    with workspace.session() as s:
        with pytest.raises(projects.ValidationError):
            periods.reopen_period(s, "2025Q3", reason="  ", user="乙")
        assert periods.period_state(s, "2025Q3") == "locked"
        assert periods.reopen_period(s, "2025Q3", reason="县区更正二季度数据", user="乙")
        assert periods.period_state(s, "2025Q3") == "open"
        entries = s.scalars(select(AuditEntry).where(AuditEntry.entity_type == "period").order_by(AuditEntry.id)).all()
        assert [(e.old_value, e.new_value) for e in entries] == [
            ("open", "submitted"),
            ("submitted", "locked"),
            ("locked", "open"),
        ]
        assert entries[-1].user == "乙" and entries[-1].source_detail == "县区更正二季度数据"
        assert entries[-1].entity_id == "2025Q3"
        listed = periods.list_periods(s)
        assert listed[0]["code"] == "2025Q3" and listed[0]["state"] == "open"


def test_locked_period_rejects_service_writes(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        progress.set_progress(s, pid, "2025Q3", user="甲", invested=1)
        periods.lock_period(s, "2025Q3", user="甲")
    with workspace.session() as s:
        with pytest.raises(periods.PeriodLockedError, match="已锁定"):
            periods.ensure_writable(s, "2025Q3")
        with pytest.raises(periods.PeriodLockedError):
            progress.set_progress(s, pid, "2025Q3", user="甲", invested=2)
        with pytest.raises(periods.PeriodLockedError):
            progress.set_progress(s, _pid(s, "附表1-06"), "2025Q3", user="甲", invested=2)  # no new records either
        with pytest.raises(periods.PeriodLockedError):
            progress.delete_progress(s, pid, "2025Q3", user="甲")
        periods.ensure_writable(s, "2025Q2")  # other quarters stay writable
    with workspace.session() as s:
        assert s.scalar(select(QuarterlyProgress.invested).where(QuarterlyProgress.project_id == pid)) == 1
        assert len(s.scalars(select(QuarterlyProgress)).all()) == 1


def test_locked_period_cli(cli, db_path):
    assert cli("progress", "set", "--code", "附表1-05", "--period", "2025Q3", "--invested", "1.5", db=db_path)[0] == 0
    code, out, err = cli("period", "lock", "2025Q3", db=db_path)
    assert code == 0, err
    con = sqlite3.connect(db_path)
    before = con.execute("SELECT invested, version FROM quarterly_progress").fetchall()
    audit_before = con.execute("SELECT count(*) FROM audit_entries").fetchone()[0]
    con.close()
    code, out, err = cli("progress", "set", "--code", "附表1-05", "--period", "2025Q3", "--invested", "9", db=db_path)
    assert code != 0
    assert "已锁定" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT invested, version FROM quarterly_progress").fetchall() == before
    assert con.execute("SELECT count(*) FROM audit_entries").fetchone()[0] == audit_before
    con.close()

    code, out, err = cli("period", "reopen", "2025Q3", db=db_path)
    assert code != 0 and "Traceback" not in err  # argparse: --reason is required
    code, out, err = cli("period", "reopen", "2025Q3", "--reason", " ", db=db_path)
    assert code != 0 and "理由" in err
    code, out, err = cli("period", "reopen", "2025Q3", "--reason", "更正", db=db_path)
    assert code == 0, err
    assert cli("progress", "set", "--code", "附表1-05", "--period", "2025Q3", "--invested", "9", db=db_path)[0] == 0
    code, out, err = cli("period", "list", "--json", db=db_path)
    assert code == 0 and json.loads(out)[0]["state"] == "open"


@pytest.mark.parametrize("bad", ["2025Q5", "25Q1"])
def test_bad_period_strings_are_one_line_errors(cli, db_path, bad):
    for args in (
        ("progress", "set", "--code", "附表1-05", "--period", bad, "--invested", "1"),
        ("progress", "list", "--period", bad, "--json"),
        ("period", "lock", bad),
    ):
        code, out, err = cli(*args, db=db_path)
        assert code != 0
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1
        assert "2025Q3" in err  # says what a period looks like


def test_period_list_says_when_there_are_no_quarters(cli, db_path):
    code, out, err = cli("period", "list", db=db_path)
    assert code == 0, err
    assert out.strip() == "no quarters yet: a quarter is listed once it has a report or was submitted or locked"


def test_period_list_prints_one_language_per_line(cli, db_path):
    assert cli("period", "lock", "2025Q3", db=db_path)[0] == 0
    code, out, err = cli("period", "list", db=db_path)
    header, row = out.strip().splitlines()
    assert header.startswith("period\tstate") and row.startswith("2025Q3\tlocked\t0\t")
    assert "已锁定" not in out  # before the fix: "2025Q3\tlocked\t已锁定\t0 records"
