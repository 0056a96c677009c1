"""app.core.audit_service: the global audit log's filters, order and paging, on a real seeded SQLite file."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing

import pytest

from app.core import audit_service, period_service, project_service, settings_service, tracking_service
from app.core.audit_service import AuditFilter
from app.core.errors import ValidationError
from app.core.workspace import open_workspace

CODE = "附表1-08"


@pytest.fixture
def people(db_path):
    """Two people's changes on top of the seed: 张三 sets progress, lisi adds a milestone and locks a quarter."""
    zhang = open_workspace(db_path, user="张三")
    tracking_service.set_progress(
        zhang, tracking_service.project_id_for_code(zhang, CODE), "2025Q3", source="cli", invested="0.35"
    )
    zhang.close()
    lisi = open_workspace(db_path, user="lisi")
    tracking_service.add_milestone(
        lisi, tracking_service.project_id_for_code(lisi, "附表2-01"), source="manual", title="可研批复"
    )
    period_service.lock(lisi, "2025Q2")
    yield lisi
    lisi.close()


def _all(ws, flt: AuditFilter) -> list[audit_service.AuditRow]:
    return list(audit_service.iter_entries(ws, flt))


def test_filter_by_user_exact_and_partial(people):
    rows = _all(people, AuditFilter(user="张三"))
    assert rows and {r.user for r in rows} == {"张三"}
    assert {r.kind for r in rows} == {"progress"}
    assert _all(people, AuditFilter(user="张")) == []  # the CLI's exact name
    partial = _all(people, AuditFilter(user="LIS", user_partial=True))  # the desktop's search box
    assert partial and {r.user for r in partial} == {"lisi"}


def test_filter_by_project_code_or_name_with_county(people):
    by_code = _all(people, AuditFilter(project=CODE))
    assert by_code and {r.project_code for r in by_code} == {CODE}
    assert {r.county for r in by_code} == {"灵丘县"}  # the project's county comes with every row
    progress_row = next(r for r in by_code if r.kind == "progress")
    assert progress_row.field_label == "2025Q3 " + project_service.field_label("progress", "invested")
    by_name = _all(people, AuditFilter(project="小辛庄断面"))
    assert {(r.project_code, r.county) for r in by_name} == {("附表5-10", "浑源县")}
    assert _all(people, AuditFilter(project="不存在的项目")) == []
    # "附表1-0" is no full code: every project whose code contains it
    assert {r.project_code for r in _all(people, AuditFilter(project="附表1-0"))} >= {CODE, "附表1-01"}


def test_project_text_with_like_wildcards_is_taken_literally(people):
    assert _all(people, AuditFilter(project="%")) == []
    assert _all(people, AuditFilter(user="_", user_partial=True)) == []


def test_filter_by_source_and_kind(people):
    cli_rows = _all(people, AuditFilter(source="cli"))
    assert cli_rows and {r.source for r in cli_rows} == {"cli"} and {r.user for r in cli_rows} == {"张三"}
    assert {r.source_label for r in cli_rows} == {"命令行"}
    periods = _all(people, AuditFilter(kind="period"))
    assert [(r.entity_id, r.old_value, r.new_value, r.kind_label) for r in periods] == [
        ("2025Q2", "open", "locked", "报告期状态")
    ]
    seed = audit_service.count_entries(people, AuditFilter(source="seed"))
    assert seed == 68  # one creation entry per seeded project


def test_date_range_in_local_days(people):
    today = dt.date.today()
    everything = audit_service.count_entries(people, AuditFilter())
    assert audit_service.count_entries(people, AuditFilter(since=today, until=today)) == everything
    assert audit_service.count_entries(people, AuditFilter(until=today - dt.timedelta(days=1))) == 0
    assert audit_service.count_entries(people, AuditFilter(since=today + dt.timedelta(days=1))) == 0
    with pytest.raises(ValidationError) as refused:
        audit_service.list_entries(people, AuditFilter(since=today, until=today - dt.timedelta(days=1)))
    assert "晚于" in str(refused.value)


def test_newest_first_and_pages_cover_everything_once(people):
    total = audit_service.count_entries(people, AuditFilter())
    seen: list[int] = []
    cursor = None
    while True:
        page = audit_service.list_entries(people, AuditFilter(), limit=7, after=cursor)
        assert len(page.rows) <= 7
        seen += [r.id for r in page.rows]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)) == total
    rows = _all(people, AuditFilter())
    assert [r.id for r in rows] == seen
    assert all(a.at >= b.at for a, b in zip(rows, rows[1:], strict=False))
    assert rows[0].kind == "period"  # the last change made comes first


def test_many_entries_are_paged_not_loaded(db_path):
    """5,000 entries at the same instant: the id breaks the tie, no entry is skipped or repeated."""
    stamp = "2025-06-01 08:00:00.000000"
    with closing(sqlite3.connect(db_path)) as con:
        con.executemany(
            "INSERT INTO audit_entries (at, user, entity_type, entity_id, field, source) VALUES (?, ?, ?, ?, ?, ?)",
            [(stamp, f"u{i % 3}", "setting", str(i), "unit", "cli") for i in range(5000)],
        )
        con.commit()
    ws = open_workspace(db_path)
    try:
        flt = AuditFilter(user="u1")
        first = audit_service.list_entries(ws, flt)
        assert len(first.rows) == audit_service.PAGE_SIZE and first.next_cursor is not None
        ids = [r.id for r in audit_service.iter_entries(ws, flt, batch=333)]
        assert len(ids) == len(set(ids)) == audit_service.count_entries(ws, flt) == 1667
        assert ids == sorted(ids, reverse=True)
        assert [r.id for r in audit_service.iter_entries(ws, flt, limit=10)] == ids[:10]
    finally:
        ws.close()


def test_sources_and_kinds_have_one_label_each_and_unknown_ones_are_offered(db_path):
    with closing(sqlite3.connect(db_path)) as con:
        con.execute(
            "INSERT INTO audit_entries (at, user, entity_type, entity_id, source) "
            "VALUES ('2025-06-01 08:00:00.000000', 'x', 'future_thing', '1', 'county_package')"
        )
        con.commit()
    ws = open_workspace(db_path)
    try:
        sources = dict(audit_service.known_sources(ws))
        assert sources["manual"] == "桌面程序" and sources["import"] == "导入文件" and sources["restore"] == "恢复备份"
        assert sources["county_package"] == "county_package"  # stored, not labelled: offered by its name
        kinds = dict(audit_service.known_kinds(ws))
        assert kinds["period"] == "报告期状态" and kinds["future_thing"] == "future_thing"
        assert audit_service.source_code("命令行") == "cli" and audit_service.source_code("CLI") == "cli"
    finally:
        ws.close()


def test_setting_and_indicator_fields_are_labelled(workspace):
    settings_service.save_settings(workspace, {"unit": "大同市发改委"})
    indicator_id, _name = tracking_service.indicator_for_seq(workspace, 1)
    tracking_service.set_indicator_value(workspace, indicator_id, 2023, "60", source="cli")
    setting = _all(workspace, AuditFilter(kind="setting"))[0]
    assert setting.field_label == settings_service.spec_of("unit").label and setting.source_label == "桌面程序"
    indicator = _all(workspace, AuditFilter(kind="indicator_value"))[0]
    assert indicator.field_label == "指标1 2023年" and indicator.project_code is None


def test_filter_description_for_people(people):
    flt = AuditFilter(user="张三", source="cli", kind="progress", since=dt.date(2025, 1, 1))
    assert flt.describe() == [
        ("修改人", "张三"),
        ("来源", "命令行"),
        ("记录类型", "季度进展"),
        ("起始日期", "2025-01-01"),
    ]
    assert AuditFilter().is_empty() and not flt.is_empty()
