"""The entry workbook's 累计完成投资 column reads every project's cumulative in one grouped query: it must be
progress.cumulative_invested of each project, whatever the quarter."""

from __future__ import annotations

import pytest

from app.core import progress, projects
from app.reports.sample import seed_sample_progress


@pytest.mark.parametrize("period", [None, "2024Q1", "2024Q4", "2025Q3"])
def test_bulk_cumulative_equals_the_per_project_one(workspace, period):
    with workspace.session() as s:
        seed_sample_progress(s)
        bulk = progress.cumulative_invested_by_project(s, period)
        every = [p.id for p in projects.list_projects(s)]
        expected = {pid: progress.cumulative_invested(s, pid, period) for pid in every}
    assert {pid: bulk.get(pid) for pid in every} == expected
    assert any(value is not None for value in expected.values())
    if period is None:
        assert any(value is None for value in expected.values())  # projects that never reported: unknown
