"""Qt table models, tested without any window."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from app.core import portfolio
from app.core.project_service import HistoryItem
from app.core.records import ReviewItem
from app.ui.list_models import HistoryTableModel, ReviewTableModel, subject_sort_key
from app.ui.models import ID_ROLE, OBJECT_ROLE, SORT_ROLE, ProjectTableModel

DISPLAY = Qt.ItemDataRole.DisplayRole


def make_row(i: int, **kw) -> portfolio.PortfolioRow:
    base = dict(
        id=f"p{i}",
        code=f"附表1-{i:02d}",
        name=f"项目{i}",
        appendix_table=1 + i % 7,
        appendix_category=f"附表{1 + i % 7}",
        county=["灵丘县", "广灵县", "市级"][i % 3],
        counties=(),
        lead_departments=("市水务局",) if i % 2 else ("市林业局", "市水务局"),
        entities=("某公司",),
        location="某地",
        content="内容",
        investment_total=Decimal(i) if i % 4 else None,
        new_land_mu=None,
        status="储备",
        version=1,
        updated_at=dt.datetime(2025, 1, 1),
        updated_by="x",
        rag=["green", "amber", "red", "unknown"][i % 4],
        cumulative=Decimal("0.5") if i % 5 == 0 else None,
    )
    base.update(kw)
    return portfolio.PortfolioRow(**base)


@pytest.fixture
def model(qapp):
    m = ProjectTableModel()
    QAbstractItemModelTester(m, QAbstractItemModelTester.FailureReportingMode.Fatal)
    m.set_rows([make_row(i) for i in range(1, 21)])
    return m


def test_columns_and_roles(model):
    assert model.rowCount() == 20
    assert model.columnCount() == len(ProjectTableModel.COLUMNS)
    assert model.headerData(ProjectTableModel.INVESTMENT, Qt.Orientation.Horizontal) == "总投资(亿元)"
    assert "未知不计为 0" in model.headerData(
        ProjectTableModel.INVESTMENT, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    idx = model.index(0, ProjectTableModel.NAME)
    assert model.data(idx, DISPLAY) == "项目1"
    assert isinstance(model.data(idx, OBJECT_ROLE), portfolio.PortfolioRow)
    assert model.data(idx, ID_ROLE) == "p1"
    assert model.data(model.index(3, ProjectTableModel.INVESTMENT), DISPLAY) == "未知"  # row 4: unknown
    assert model.data(model.index(3, ProjectTableModel.INVESTMENT), SORT_ROLE) is None
    assert model.data(model.index(0, ProjectTableModel.RAG), DISPLAY) == "黄"
    assert model.data(model.index(0, ProjectTableModel.LEADS), DISPLAY) == "市水务局"
    assert model.data(model.index(1, ProjectTableModel.LEADS), DISPLAY) == "市林业局、市水务局"


def test_sort_every_column_unknown_last(model):
    for column in range(model.columnCount()):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(column, order)
            assert model.rowCount() == 20
    model.sort(ProjectTableModel.INVESTMENT, Qt.SortOrder.DescendingOrder)
    shown = [model.data(model.index(r, ProjectTableModel.INVESTMENT), DISPLAY) for r in range(20)]
    assert shown[0] == "19" and shown[-1] == "未知" and shown.index("未知") == 15


def test_filter_then_totals(model):
    received = []
    model.filterChanged.connect(lambda: received.append(True))
    model.set_filter(portfolio.PortfolioFilter(counties=frozenset({"灵丘县"})))
    assert received
    assert model.rowCount() == 6  # 3, 6, … 18
    t = model.totals()
    assert t.count == 6
    assert t.investment_unknown == sum(1 for r in model.visible_rows() if r.investment_total is None)
    model.set_filter(portfolio.PortfolioFilter(text="项目1"))  # 项目1, 项目10..19
    assert model.rowCount() == 11


def test_sort_survives_filter_and_replace(model):
    model.sort(ProjectTableModel.INVESTMENT, Qt.SortOrder.AscendingOrder)
    model.set_filter(portfolio.PortfolioFilter(counties=frozenset({"市级"})))
    values = [model.row_at(r).investment_total for r in range(model.rowCount())]
    known = [v for v in values if v is not None]
    assert known == sorted(known)
    changed = make_row(5, investment_total=Decimal("999"))  # a 市级 row
    model.replace_row(changed)
    assert model.row_at(model.rowCount() - 1 - values.count(None)).investment_total == Decimal("999")


def test_review_model(qapp):
    m = ReviewTableModel()
    QAbstractItemModelTester(m, QAbstractItemModelTester.FailureReportingMode.Fatal)
    m.set_items(
        [
            ReviewItem(
                id="f1",
                subject="附表1-02",
                subject_name="某项目",
                project_id="p",
                rule="r",
                field="county",
                severity="info",
                message="原文未写明所属县区",
                state="open",
                resolution_note=None,
                resolved_by=None,
                resolved_at=None,
            )
        ]
    )
    assert m.data(m.index(0, ReviewTableModel.FIELD), DISPLAY) == "所属县区"
    assert m.data(m.index(0, ReviewTableModel.STATE), DISPLAY) == "待处理"
    assert m.data(m.index(0, ReviewTableModel.SEVERITY), DISPLAY) == "提示"
    assert (
        subject_sort_key("附表1-02")
        < subject_sort_key("附表1-10")
        < subject_sort_key("指标6")
        < subject_sort_key("指标10")
    )


def test_history_model(qapp):
    m = HistoryTableModel()
    QAbstractItemModelTester(m, QAbstractItemModelTester.FailureReportingMode.Fatal)
    m.set_items(
        [
            HistoryItem(
                dt.datetime(2025, 5, 1, 9, 30),
                "张三",
                "project",
                "lead_departments",
                "建议牵头责任部门",
                '["市水务局"]',
                '["市水务局", "市林业局"]',
                "manual",
                None,
            ),
            HistoryItem(
                dt.datetime(2025, 5, 1, 9, 31),
                "张三",
                "project",
                "investment_total",
                "概算总投资",
                None,
                "3.5",
                "import",
                "县区.xlsx",
            ),
        ]
    )
    assert m.data(m.index(0, HistoryTableModel.NEW), DISPLAY) == "市水务局、市林业局"
    assert m.data(m.index(1, HistoryTableModel.OLD), DISPLAY) == "（空）"
    assert m.data(m.index(1, HistoryTableModel.SOURCE), DISPLAY) == "导入文件"  # app.core.audit_service labels
    assert m.data(m.index(0, HistoryTableModel.AT), DISPLAY) == "2025-05-01 09:30:00"


def test_state_columns_are_coloured_by_the_item_state(qapp):
    from PySide6.QtCore import Qt

    from app.ui.issues_tab import IssueTableModel
    from app.ui.milestones_tab import MilestoneTableModel

    columns = [(str(i), (lambda item, i=i: item.get(f"c{i}"))) for i in range(6)]
    issues = IssueTableModel(columns)
    issues.set_items([{"state": "逾期未办结"}, {"state": "其他"}])
    brush = issues.data(issues.index(0, 5), Qt.ItemDataRole.ForegroundRole)
    assert brush.color().name() == "#c62828"
    assert issues.data(issues.index(1, 5), Qt.ItemDataRole.ForegroundRole) is None
    assert issues.data(issues.index(0, 4), Qt.ItemDataRole.ForegroundRole) is None
    milestones = MilestoneTableModel(columns)
    milestones.set_items([{"effective_status": "已完成"}])
    assert milestones.data(milestones.index(0, 5), Qt.ItemDataRole.ForegroundRole).color().name() == "#2e7d32"


def _shown(model, column):
    return [model.data(model.index(r, column), DISPLAY) for r in range(model.rowCount())]


def test_large_table_sorts_once_and_filters_the_kept_order(qapp):
    """At more than a few hundred rows the numeric sort goes through numpy; a filter then keeps the sorted order
    without sorting again. What is shown must be exactly filter-then-stable-sort of the rows."""
    rows = [make_row(i, investment_total=Decimal(i % 37) if i % 9 else None) for i in range(1, 901)]
    m = ProjectTableModel()
    QAbstractItemModelTester(m, QAbstractItemModelTester.FailureReportingMode.Fatal)
    m.set_rows(rows)
    m.sort(ProjectTableModel.INVESTMENT, Qt.SortOrder.DescendingOrder)
    expected = sorted((r for r in rows if r.investment_total is not None), key=lambda r: -r.investment_total)
    expected += [r for r in rows if r.investment_total is None]
    assert [r.id for r in m.visible_rows()] == [r.id for r in expected]  # stable, unknown last
    wanted = portfolio.PortfolioFilter(counties=frozenset({"灵丘县"}), rags=frozenset({"red", "green"}))
    m.set_filter(wanted)
    assert [r.id for r in m.visible_rows()] == [r.id for r in expected if r in portfolio.filter_rows(rows, wanted)]
    assert _shown(m, ProjectTableModel.COUNTY) == ["灵丘县"] * m.rowCount()
    m.set_filter(portfolio.PortfolioFilter())
    assert [r.id for r in m.visible_rows()] == [r.id for r in expected]


def test_sort_keeps_the_current_row_on_its_project(qapp):
    m = ProjectTableModel()
    m.set_rows([make_row(i) for i in range(1, 400)])
    from PySide6.QtCore import QPersistentModelIndex

    current = QPersistentModelIndex(m.index(10, ProjectTableModel.NAME))
    project = m.row_at(10).id
    m.sort(ProjectTableModel.NAME, Qt.SortOrder.DescendingOrder)
    assert current.isValid() and m.row_at(current.row()).id == project and current.row() != 10
    m.set_filter(portfolio.PortfolioFilter(counties=frozenset({"灵丘县"})))
    m.sort(ProjectTableModel.INVESTMENT, Qt.SortOrder.AscendingOrder)
    assert m.rowCount() == len(portfolio.filter_rows(m.all_rows(), m.current_filter()))


def test_statuses_arriving_later_refilter_and_redraw(qapp):
    """The table's two-step load: rows first (RAG unknown), then the statuses set on the same rows."""
    rows = [make_row(i, rag="unknown", cumulative=None) for i in range(1, 21)]
    m = ProjectTableModel()
    QAbstractItemModelTester(m, QAbstractItemModelTester.FailureReportingMode.Fatal)
    m.set_rows(rows)
    m.set_filter(portfolio.PortfolioFilter(rags=frozenset({"red"})))
    assert m.rowCount() == 0
    assert _shown(m, ProjectTableModel.RAG) == []
    for r in rows[:3]:
        r.rag, r.cumulative, r.status_known = "red", Decimal("1.5"), True
    m.statuses_changed()
    assert [r.id for r in m.visible_rows()] == ["p1", "p2", "p3"]
    assert _shown(m, ProjectTableModel.RAG) == ["红"] * 3  # no stale cell text
    assert m.totals().completed == Decimal("4.5")


def test_a_filter_keeps_the_selection_on_the_rows_still_shown(qtbot, qapp):
    """A filter change re-lays the rows out instead of resetting the table: a selected project that is still
    shown stays selected (and current); one filtered out is no longer selected."""
    from PySide6.QtWidgets import QAbstractItemView, QTableView

    m = ProjectTableModel()
    QAbstractItemModelTester(m, QAbstractItemModelTester.FailureReportingMode.Fatal)
    m.set_rows([make_row(i) for i in range(1, 400)])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(m)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.resize(800, 400)
    view.show()
    kept, dropped = m.row_of("p6"), m.row_of("p7")  # 灵丘县, 广灵县
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(m.index(kept, 1)).center())
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        view.visualRect(m.index(dropped, 1)).center(),
    )
    assert {m.row_at(i.row()).id for i in view.selectionModel().selectedRows()} == {"p6", "p7"}

    m.set_filter(portfolio.PortfolioFilter(counties=frozenset({"灵丘县"})))
    assert {m.row_at(i.row()).id for i in view.selectionModel().selectedRows()} == {"p6"}
    m.sort(ProjectTableModel.NAME, Qt.SortOrder.DescendingOrder)
    assert {m.row_at(i.row()).id for i in view.selectionModel().selectedRows()} == {"p6"}
    m.set_filter(portfolio.PortfolioFilter())
    assert {m.row_at(i.row()).id for i in view.selectionModel().selectedRows()} == {"p6"}


def test_read_only_rows_are_grey_with_a_tooltip_through_the_model(model):
    """An office's read-only projects (app/ui/office_marker.py sets the rule): grey text and the office's note
    as every cell's tooltip, from data(); status colours (unknown in grey) stay; no rule, no marks."""
    from PySide6.QtGui import QColor

    grey = QColor("#8a8f98")
    foreground, tooltip = Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole
    name_cell = {m_row.id: model.index(i, ProjectTableModel.NAME) for i, m_row in enumerate(model.visible_rows())}
    assert model.data(name_cell["p1"], foreground) is None
    model.set_read_only_rule(lambda r: r.county != "灵丘县", "只能查看", grey)
    assert model.data(name_cell["p1"], foreground).color() == grey  # 广灵县
    assert model.data(name_cell["p1"], tooltip) == "只能查看"
    assert model.data(name_cell["p3"], foreground) is None  # 灵丘县: its own
    assert model.data(name_cell["p3"], tooltip) == "项目3"  # the usual tooltip (the full name)
    unknown_investment = model.index(model.row_of("p4"), ProjectTableModel.INVESTMENT)  # p4: 广灵县, total unknown
    assert model.data(unknown_investment, foreground).color() != grey  # the unknown value keeps its colour
    model.set_read_only_rule(None)
    assert model.data(name_cell["p1"], foreground) is None and model.data(name_cell["p1"], tooltip) == "项目1"
