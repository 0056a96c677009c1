"""Coordination issues (问题协调): lifecycle, validation and statistics."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app.core import coordination, projects

D = dt.date


def _pid(s, code="附表1-05"):
    return projects.get_project(s, code=code).id


def test_stats_per_project_and_portfolio(workspace):
    with workspace.session() as s:
        a, b = _pid(s), _pid(s, "附表1-06")
        i1 = coordination.add_issue(
            s, a, description="征地", raised_date=D(2025, 1, 10), deadline=D(2025, 3, 31), user="u"
        )
        coordination.add_issue(s, a, description="电力", raised_date=D(2025, 2, 1), deadline=D(2025, 12, 31), user="u")
        i3 = coordination.add_issue(
            s, b, description="环评", raised_date=D(2025, 1, 1), deadline=D(2025, 2, 1), user="u"
        )
        coordination.add_issue(s, b, description="未来", raised_date=D(2025, 11, 1), user="u")
        coordination.close_issue(s, i1, resolution="已协调", closed_date=D(2025, 3, 20), user="u")
        coordination.close_issue(s, i3, resolution="已批复", closed_date=D(2025, 5, 1), user="u")
        as_of = D(2025, 6, 30)
        sa = coordination.issue_stats(s, a, as_of)
        assert (sa.total, sa.open, sa.overdue, sa.closed, sa.closed_on_time) == (2, 1, 0, 1, 1)
        assert sa.closure_rate == 0.5
        sb = coordination.issue_stats(s, b, as_of)
        assert (sb.total, sb.open, sb.closed, sb.closed_on_time) == (1, 0, 1, 0)  # the future one not counted
        portfolio = coordination.issue_stats(s, None, as_of)
        assert (portfolio.total, portfolio.open, portfolio.closed) == (3, 1, 2)
        assert portfolio.closure_rate == pytest.approx(2 / 3)
        by_project = coordination.issue_stats_by_project(s, as_of)
        assert by_project[a] == sa and by_project[b] == sb
        # On 2025-04-15 the 环评 issue was still open and past its deadline.
        early = coordination.issue_stats(s, b, D(2025, 4, 15))
        assert (early.open, early.overdue) == (1, 1)
        assert coordination.issue_stats(s, _pid(s, "附表1-07"), as_of).closure_rate is None  # nothing raised: no rate


def test_list_and_states(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        coordination.add_issue(
            s,
            pid,
            description="资金",
            responsible_department="市财政局",
            raised_date=D(2025, 1, 1),
            deadline=D(2025, 3, 1),
            user="u",
        )
        rows = coordination.list_issues(s, pid, as_of=D(2025, 3, 11))
        assert rows[0]["state"] == "逾期未办结" and rows[0]["overdue_days"] == 10 and rows[0]["code"] == "附表1-05"
        assert coordination.list_issues(s, pid, as_of=D(2025, 2, 1))[0]["state"] == "办理中"
        coordination.close_issue(s, rows[0]["id"], resolution="已拨付", closed_date=D(2025, 3, 15), user="u")
        assert coordination.list_issues(s, pid, as_of=D(2025, 4, 1))[0]["state"] == "已办结"
        assert coordination.list_issues(s, pid, as_of=D(2025, 4, 1), open_only=True) == []


def test_validation_and_conflicts(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        with pytest.raises(projects.ValidationError):
            coordination.add_issue(s, pid, description=" ", user="u")
        with pytest.raises(projects.ValidationError, match="办结期限不能早于提出日期"):
            coordination.add_issue(s, pid, description="x", raised_date=D(2025, 5, 1), deadline=D(2025, 4, 1), user="u")
        iid = coordination.add_issue(s, pid, description="x", raised_date=D(2025, 5, 1), user="u")
        with pytest.raises(projects.ValidationError, match="处理结果"):
            coordination.close_issue(s, iid, resolution="", user="u")
        with pytest.raises(projects.ValidationError):
            coordination.close_issue(s, iid, resolution="ok", closed_date=D(2025, 4, 1), user="u")
        coordination.update_issue(s, iid, {"deadline": D(2025, 6, 1)}, user="甲", expected_version=1)
        with pytest.raises(projects.ConflictError):
            coordination.update_issue(s, iid, {"deadline": D(2025, 7, 1)}, user="乙", expected_version=1)


def test_issue_cli(cli, db_path):
    code, out, err = cli(
        "issue",
        "add",
        "--code",
        "附表1-05",
        "--description",
        "征地协调",
        "--department",
        "市自然资源局",
        "--raised",
        "2025-01-01",
        "--deadline",
        "2025-02-01",
        db=db_path,
    )
    assert code == 0, err
    code, out, err = cli("issue", "list", "--json", db=db_path)
    rows = json.loads(out)
    assert rows[0]["overdue"] and rows[0]["responsible_department"] == "市自然资源局"
    code, out, err = cli(
        "issue", "close", "--id", rows[0]["id"], "--resolution", "已解决", "--date", "2025-03-01", db=db_path
    )
    assert code == 0, err
    code, out, err = cli("issue", "stats", "--json", db=db_path)
    assert json.loads(out)["closure_rate"] == 1.0
