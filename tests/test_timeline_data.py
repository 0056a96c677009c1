"""app.core.timeline through project_service: the portfolio timeline's summary lines and the milestones of the
rows drawn agree with the project's own milestone list (same order, same judgement on the same day)."""

from __future__ import annotations

import datetime as dt

from app.core import project_service, timeline, tracking_service


def test_timeline_lines_and_details_agree_with_the_projects_milestones(workspace):
    rows = project_service.load_portfolio(workspace)
    late, done, blank = rows[0].id, rows[1].id, rows[2].id
    tracking_service.add_milestone(workspace, late, title="开工", kind="开工", planned_date="2025-03-01")
    tracking_service.add_milestone(workspace, late, title="竣工验收", kind="竣工验收", planned_date="2026-06-30")
    tracking_service.add_milestone(
        workspace, done, title="开工", kind="开工", planned_date="2025-01-10", actual_date="2025-01-05"
    )
    tracking_service.add_milestone(workspace, blank, title="立项", kind="立项")  # undated
    as_of = dt.date(2025, 7, 1)

    loaded = project_service.timeline_milestones(workspace, as_of)
    assert loaded.as_of == as_of and set(loaded.projects) == {late, done, blank}
    assert loaded.get(late) == timeline.ProjectTimeline(late, 2, dt.date(2025, 3, 1), dt.date(2026, 6, 30), True)
    assert loaded.get(done) == timeline.ProjectTimeline(done, 1, dt.date(2025, 1, 5), dt.date(2025, 1, 10), False)
    assert loaded.get(blank) == timeline.ProjectTimeline(blank, 1, None, None, False)
    assert loaded.get(rows[3].id) is None

    details = project_service.timeline_details(workspace, [late, done, rows[3].id], as_of)
    assert details[rows[3].id] == ()
    for pid in (late, done):
        own = tracking_service.list_milestones(workspace, pid, as_of)
        assert [
            (m.id, m.title, m.planned_date, m.actual_date, m.effective_status, m.overdue_days) for m in details[pid]
        ] == [(m.id, m.title, m.planned_date, m.actual_date, m.effective_status, m.overdue_days) for m in own]
    assert details[late][0].effective_status == "逾期" and details[late][0].overdue_days == 122
