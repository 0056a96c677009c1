"""The fast data paths give the same answers as the straightforward ones: one project's status from its own
rows, the flat `projects --json`, search keys reused between loads, sorting by permutation."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import event

from app.core import portfolio, project_listing, projects, status
from app.reports.sample import seed_sample_progress


@pytest.fixture
def tracked(workspace):
    """The seeded portfolio with sample progress (7 quarters, half the projects reporting)."""
    with workspace.session() as s:
        seed_sample_progress(s)
    return workspace


@pytest.mark.parametrize("period", [None, "2024Q4", "2025Q3"])
def test_one_project_status_equals_the_portfolio_computation(tracked, period):
    with tracked.session() as s:
        every = status.project_statuses(s, period)
        assert len(every) == 68
        for pid, expected in every.items():
            assert status.project_status(s, pid, period) == expected
        assert status.project_status(s, "no-such-project", period) is None


def test_one_project_status_reads_only_that_projects_rows(tracked):
    """Every statement run for one project is bound to that project's id: opening the editor costs the
    same at 68 or 100,000 projects (before, project_status computed the whole portfolio)."""
    with tracked.session() as s:
        pid = next(iter(status.project_statuses(s, "2025Q3")))
        statements: list[tuple[str, object]] = []

        def record(conn, cursor, statement, parameters, context, executemany):
            statements.append((statement, parameters))

        engine = s.get_bind()
        event.listen(engine, "before_cursor_execute", record)
        try:
            result = status.project_status(s, pid, "2025Q3")
        finally:
            event.remove(engine, "before_cursor_execute", record)
    assert result is not None and result.project_id == pid
    assert statements
    unbound = [sql for sql, params in statements if pid not in repr(params)]
    assert unbound == []


def _flags_in_stable_order(row: dict) -> dict:
    # Flags are ordered by rule; the ORM leaves the order of two flags with the same rule to the database.
    return {**row, "flags": sorted(row["flags"], key=lambda f: (f["rule"], f["id"]))}


def test_flat_project_listing_matches_the_public_shape(tracked):
    with tracked.session() as s:
        expected = [projects.project_to_dict(p) for p in projects.list_projects(s)]
        flat = project_listing.project_dicts(s)
    assert [_flags_in_stable_order(r) for r in flat] == [_flags_in_stable_order(r) for r in expected]
    assert any(r["flags"] for r in flat) and any(len(r["lead_departments"]) > 1 for r in flat)


def test_projects_json_is_compact_one_project_per_line_and_pretty_on_request(cli, db_path):
    code, out, err = cli("projects", "--json", db=db_path)
    assert code == 0, err
    lines = out.strip().splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == 68 + 2
    rows = json.loads(out)
    assert len(rows) == 68 and json.loads(lines[1].rstrip(",")) == rows[0]
    code, pretty, err = cli("projects", "--json", "--pretty", db=db_path)
    assert code == 0, err
    assert json.loads(pretty) == rows and '\n  {\n    "id"' in pretty


def test_search_keys_are_reused_only_for_unchanged_text(workspace):
    with workspace.session() as s:
        first = portfolio.load_rows(s)
        portfolio.prepare_search(first)
        again = portfolio.load_rows(s)
    changed = again[5]
    changed.name = "桑干河湿地保护工程"
    portfolio.prepare_search(again)
    for row in again:
        assert row._hay == portfolio.normalize_text(portfolio._haystack_source(row))
        assert row._initials == portfolio.pinyin_initials(portfolio._initials_source(row))
    hits = portfolio.filter_rows(again, portfolio.PortfolioFilter(text="sghsd"))
    assert changed in hits
    assert changed not in portfolio.filter_rows(first, portfolio.PortfolioFilter(text="sghsd"))


def test_pinyin_initials_of_mixed_text():
    assert portfolio.pinyin_initials("大同市ＡＢ1号、御河") == "dtsab1h yh"


def test_sort_order_is_a_stable_permutation_with_unknown_last(workspace):
    with workspace.session() as s:
        rows = portfolio.load_rows(s)
    for descending in (False, True):
        order = portfolio.sort_order(rows, "investment_total", descending)
        assert sorted(order) == list(range(len(rows)))
        values = [rows[i].investment_total for i in order]
        known = [v for v in values if v is not None]
        assert values == known + [None] * (len(values) - len(known))
        assert known == sorted(known, reverse=descending)
        assert portfolio.sort_rows(rows, "investment_total", descending) == [rows[i] for i in order]
