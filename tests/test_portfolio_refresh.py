"""After a write the table reads again only the projects that changed (app/core/portfolio_refresh.py), and what
it then shows is exactly what a full load shows: on the real seeded SQLite file, with the application's own
services writing, another connection writing, review findings resolved, projects added and removed."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import text

from app.core import portfolio, portfolio_refresh, project_creation, project_service, tracking_service
from app.core.portfolio import PortfolioRow
from app.core.workspace import open_workspace

# Fields a refreshed row may hold differently from a freshly loaded one without showing anything else: whether
# its status came from the store, and a sort key computed on first use.
NOT_SHOWN = {"status_stored", "_name_key"}
SHOWN = [f.name for f in dataclasses.fields(PortfolioRow) if f.name not in NOT_SHOWN]


def _shown(row: PortfolioRow) -> dict[str, Any]:
    return {name: getattr(row, name) for name in SHOWN}


def _refresh(ws, rows: list[PortfolioRow]) -> tuple[list[PortfolioRow], list[int]] | None:
    return project_service.refresh_portfolio(ws, rows, period=None, judged_on=dt.date.today())


def _assert_as_a_full_load(ws, refreshed: list[PortfolioRow]) -> None:
    full = project_service.load_portfolio(ws)
    assert [r.id for r in refreshed] == [r.id for r in full]
    assert [_shown(r) for r in refreshed] == [_shown(r) for r in full]


def _position(rows: list[PortfolioRow], code: str) -> int:
    return next(i for i, r in enumerate(rows) if r.code == code)


def test_only_the_projects_written_are_read_again_and_the_rows_equal_a_full_load(workspace):
    ws = workspace
    rows = project_service.load_portfolio(ws)
    edited, reported = _position(rows, "附表1-02"), _position(rows, "附表1-05")
    project_service.update_project(
        ws, rows[edited].id, {"investment_total": "12.5"}, expected_version=rows[edited].version
    )
    tracking_service.set_progress(ws, rows[reported].id, "2025Q3", invested="2")

    result = _refresh(ws, rows)

    assert result is not None
    refreshed, changed = result
    assert changed == sorted([edited, reported])
    assert refreshed[edited].investment_total == Decimal("12.5")
    assert refreshed[reported].cumulative == Decimal(2) and refreshed[reported].status_known
    assert all(refreshed[i] is rows[i] for i in range(len(rows)) if i not in changed)  # not read again
    _assert_as_a_full_load(ws, refreshed)


def test_nothing_written_nothing_read_again(workspace):
    rows = project_service.load_portfolio(workspace)
    result = _refresh(workspace, rows)
    assert result is not None
    refreshed, changed = result
    assert changed == [] and all(a is b for a, b in zip(refreshed, rows, strict=True))


def test_a_write_by_another_program_is_seen(workspace, db_path):
    rows = project_service.load_portfolio(workspace)
    other = open_workspace(db_path, seed=False, user="county", create=False)
    try:
        target = _position(rows, "附表1-08")
        tracking_service.add_issue(other, rows[target].id, description="用地手续未批")
    finally:
        other.close()
    result = _refresh(workspace, rows)
    assert result is not None
    assert result[1] == [target] and result[0][target].open_issues == 1
    _assert_as_a_full_load(workspace, result[0])


def test_a_resolved_finding_changes_the_flag_count_though_the_project_was_not_written(workspace):
    rows = project_service.load_portfolio(workspace)
    finding = next(item for item in project_service.review_queue(workspace, "open") if item.project_id)
    position = next(i for i, r in enumerate(rows) if r.id == finding.project_id)
    before = rows[position].open_flags
    assert before >= 1

    project_service.set_flag_state(workspace, finding.id, resolved=True, note="已核实")
    result = _refresh(workspace, rows)

    assert result is not None
    assert result[1] == [position] and result[0][position].open_flags == before - 1
    _assert_as_a_full_load(workspace, result[0])


def test_a_project_added_or_removed_asks_for_a_full_load(workspace):
    rows = project_service.load_portfolio(workspace)
    new = project_creation.create_project(workspace, name="新增测试项目")
    assert _refresh(workspace, rows) is None

    rows = project_service.load_portfolio(workspace)
    with workspace.session() as s:  # another program removes it (its summary goes with it: ON DELETE CASCADE)
        s.execute(text("DELETE FROM project_summaries WHERE project_id = :id"), {"id": new.id})
        s.execute(text("DELETE FROM project_lead_departments WHERE project_id = :id"), {"id": new.id})
        s.execute(text("DELETE FROM projects WHERE id = :id"), {"id": new.id})
    assert _refresh(workspace, rows) is None


def test_another_day_or_too_many_changes_ask_for_a_full_load(workspace, monkeypatch):
    rows = project_service.load_portfolio(workspace)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    assert project_service.refresh_portfolio(workspace, rows, period=None, judged_on=yesterday) is None

    monkeypatch.setattr(portfolio_refresh, "REFRESH_MAX", 1)
    for code in ("附表1-02", "附表1-05"):
        tracking_service.set_progress(workspace, rows[_position(rows, code)].id, "2025Q3", invested="1")
    assert _refresh(workspace, rows) is None


def test_a_past_quarter_is_refreshed_with_that_quarters_status(workspace):
    rows = project_service.load_portfolio(workspace, period="2025Q2")
    target = _position(rows, "附表1-05")
    tracking_service.set_progress(workspace, rows[target].id, "2025Q2", invested="3")
    tracking_service.set_progress(workspace, rows[target].id, "2025Q3", invested="4")  # after that quarter

    result = project_service.refresh_portfolio(workspace, rows, period="2025Q2", judged_on=dt.date.today())

    assert result is not None and result[1] == [target]
    assert result[0][target].cumulative == Decimal(3)
    full = project_service.load_portfolio(workspace, period="2025Q2")
    assert [_shown(r) for r in result[0]] == [_shown(r) for r in full]


def test_a_project_moved_in_the_appendix_order_asks_for_a_full_load(workspace):
    rows = project_service.load_portfolio(workspace)
    with workspace.session() as s:  # another program renumbers 附表1-02 to the end of its table
        s.execute(text("UPDATE projects SET row_no = 999 WHERE code = '附表1-02'"))
    assert _refresh(workspace, rows) is None

    rows = project_service.load_portfolio(workspace)
    with workspace.session() as s:  # a change that keeps its place
        s.execute(text("UPDATE projects SET row_no = 998 WHERE code = '附表1-02'"))
    result = _refresh(workspace, rows)
    assert result is not None and result[1] == [_position(rows, "附表1-02")]
    _assert_as_a_full_load(workspace, result[0])


FILTERS = [
    portfolio.PortfolioFilter(),
    portfolio.PortfolioFilter(text="御河"),
    portfolio.PortfolioFilter(rags=frozenset({"green", "amber", "red"})),
    portfolio.PortfolioFilter(counties=frozenset({"灵丘县", "市级"}), statuses=frozenset({"储备"})),
    portfolio.PortfolioFilter(departments=frozenset({"市园林局", "市生态环境局", "市水务局"})),
    portfolio.PortfolioFilter(open_problems=True),
    portfolio.PortfolioFilter(overdue=True),
    portfolio.PortfolioFilter(tables=frozenset({1, 2})),
]


@pytest.mark.parametrize("numpy_masks", [False, True])
def test_the_columns_and_counts_of_a_refresh_equal_those_of_a_full_load(workspace, monkeypatch, numpy_masks):
    """TableColumns.with_rows and portfolio_totals.counts_replacing patch the changed positions: each filter,
    total, sort and count is what a full load's columns and counts give."""
    from app.core import portfolio_totals, table_columns

    if numpy_masks:  # the seeded 68 rows take the numpy masks' path, as a large portfolio does
        monkeypatch.setattr(table_columns, "NUMPY_SORT_MIN", 10)
    ws = workspace
    rows = project_service.load_portfolio(ws)
    columns = table_columns.TableColumns(rows)
    counts = portfolio_totals.option_counts(rows, by_pinyin=True)
    edited, reported, late = (_position(rows, code) for code in ("附表1-02", "附表1-05", "附表1-08"))
    # 1-02 changes its lead departments (one of them leaves the portfolio's list), its total and its county.
    leads_before = set(rows[edited].lead_departments)
    project_service.update_project(
        ws,
        rows[edited].id,
        {"lead_departments": ["市园林局"], "investment_total": "7.25", "county": "灵丘县"},
        expected_version=rows[edited].version,
    )
    tracking_service.set_progress(ws, rows[reported].id, "2025Q3", invested="2")
    tracking_service.add_milestone(ws, rows[late].id, title="开工", planned_date=dt.date(2021, 6, 30))
    tracking_service.add_issue(ws, rows[late].id, description="用地手续未批")

    kept = columns.identity()  # what the table keeps for its next refresh
    result = project_service.refresh_portfolio(ws, rows, period=None, judged_on=dt.date.today(), identity=kept)

    assert result is not None
    new_rows, changed = result
    assert changed == sorted([edited, reported, late])
    assert leads_before != set(new_rows[edited].lead_departments)
    copied = columns.with_rows(new_rows, changed)
    fresh = table_columns.TableColumns(new_rows)
    for name in table_columns._LISTS:
        assert getattr(copied, name) == getattr(fresh, name), name
    assert copied.identity() == fresh.identity() and copied.identity() != kept
    assert (copied._masks is None) == (fresh._masks is None) == (not numpy_masks)
    for flt in FILTERS:
        assert copied.filter_positions(flt), flt  # (each filter selects some of the rows after the writes)
        assert copied.filter_positions(flt) == fresh.filter_positions(flt), flt
        assert copied.totals(copied.filter_positions(flt)) == fresh.totals(fresh.filter_positions(flt)), flt
    for key in ("investment_total", "cumulative", "new_land_mu"):
        for descending in (False, True):
            assert copied.sort_order(key, descending) == fresh.sort_order(key, descending), key
    for department in leads_before | {"市园林局"}:  # each department 1-02 left or joined, alone
        flt = portfolio.PortfolioFilter(departments=frozenset({department}))
        assert copied.filter_positions(flt) == fresh.filter_positions(flt), department
    assert copied.totals() == fresh.totals()
    assert copied.completed[reported] == Decimal(2)
    assert columns.completed[reported] is None  # the table's own columns are left as they were

    patched = portfolio_totals.counts_replacing(counts, [rows[p] for p in changed], [new_rows[p] for p in changed])
    assert patched == portfolio_totals.option_counts(new_rows, by_pinyin=True)


def test_a_refresh_leaves_no_cyclic_garbage(workspace):
    """A large load freezes the collector's generations (bulk_build.bulk_objects), after which cyclic garbage is
    never freed: a refresh follows every save, so it must leave none (its statements by id are built once per
    shape and run with parameters; built per call, they left about 20 objects a save)."""
    import gc

    from app.core import table_columns

    rows = project_service.load_portfolio(workspace)
    found = []
    for attempt in range(3):
        row = rows[_position(rows, "附表1-05")]
        project_service.update_project(
            workspace, row.id, {"location": f"灵丘县 {attempt}"}, expected_version=row.version
        )
        identity = table_columns.TableColumns(rows).identity()
        gc.collect()
        gc.disable()
        try:
            result = project_service.refresh_portfolio(
                workspace, rows, period=None, judged_on=dt.date.today(), identity=identity
            )
            found.append(gc.collect())
        finally:
            gc.enable()
        assert result is not None and result[1] == [_position(rows, "附表1-05")]
        rows = result[0]
    assert max(found[1:]) == 0, found  # (the first refresh builds its statements, kept for the next)
