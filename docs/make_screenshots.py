"""Render the main window offscreen into docs/screenshots/*.png (shown in README.md).

    python docs/make_screenshots.py [--out docs/screenshots] [--lang zh_CN|en]

Uses a fresh temporary database seeded from the appendix, plus a little demonstration tracking data
(milestones, two quarters of progress, a coordination issue) so the RAG column, dashboard and timeline show
something. Nothing touches the real user profile.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def demo_tracking(ws) -> None:
    """A few plausible quarterly reports so the screenshots are not all 未知."""
    from app.core import period_service, project_service
    from app.core import tracking_service as ts

    today = dt.date.today()
    q = period_service.current_quarter(today)
    from app.core.periods import shift_period

    prev, prev2 = shift_period(q, -1), shift_period(q, -2)
    rows = {r.code: r for r in project_service.load_portfolio(ws, prepare_search=False)}
    plan = [
        ("附表1-02", [(prev2, "3.2", "在建"), (prev, "4.1", "在建")], 0),
        ("附表1-03", [(prev2, "0.6", "在建"), (prev, "0.9", "在建")], 0),
        ("附表1-05", [(prev, "0.5", "在建")], 1),
        ("附表1-07", [(prev, "0.3", "前期")], 1),
        ("附表2-04", [(prev2, "0.05", "在建"), (prev, "0.06", "在建")], 0),
        ("附表4-01", [(prev, "1.2", "在建")], 0),
        ("附表5-02", [(prev2, "0.2", "前期")], 1),
    ]
    for n, (code, reports, late) in enumerate(plan):
        row = rows.get(code)
        if row is None:
            continue
        ts.apply_milestone_template(ws, row.id)
        ms = ts.list_milestones(ws, row.id)
        start = today - dt.timedelta(days=420 - 30 * n)
        for i, m in enumerate(ms):
            planned = start + dt.timedelta(days=75 * i)
            changes = {"planned_date": planned.isoformat()}
            if planned < today - dt.timedelta(days=40) and not (late and i == 3):
                changes["actual_date"] = (planned + dt.timedelta(days=10 * (i % 3))).isoformat()
            ts.update_milestone(ws, m.id, changes)
        for period, invested, status in reports:
            ts.set_progress(
                ws,
                row.id,
                period,
                invested=invested,
                status=status,
                annual_plan="6" if n == 0 else None,
                physical_progress="主体工程完成约四成，河道清淤基本完成" if n == 0 else "前期手续办理中",
                problems="用地手续尚未批复" if late else None,
            )
        if late:
            ts.add_issue(
                ws,
                row.id,
                description="建设用地指标需市自然资源局协调解决",
                responsible_department="市自然资源和规划局",
                raised_date=(today - dt.timedelta(days=60)).isoformat(),
                deadline=(today - dt.timedelta(days=10)).isoformat(),
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    parser.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"])
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = tempfile.TemporaryDirectory()
    os.environ["DATONG_DATA_DIR"] = tmp.name
    os.environ.setdefault("DATONG_USER", "规划科 王明")

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app.core.workspace import open_workspace
    from app.ui import app_setup
    from app.ui.main_window import MainWindow
    from app.ui.settings import AppSettings, UiState

    app = QApplication.instance() or QApplication([])
    app_setup.install_font(app)
    app_setup.install_translators(app, args.lang)
    ws = open_workspace(Path(tmp.name) / "demo.sqlite3")
    try:
        demo_tracking(ws)
    except Exception as exc:
        print(f"note: no demo tracking data ({exc})")
    suffix = "" if args.lang == "zh_CN" else "_en"

    window = MainWindow(ws, AppSettings(), UiState(), load=False)
    window.resize(1440, 860)
    window.show()

    def wait(signal=None, ms: int = 15000) -> None:
        loop = QEventLoop()
        if signal is not None:
            signal.connect(loop.quit)
        QTimer.singleShot(ms if signal is not None else 300, loop.quit)
        loop.exec()

    window.refresh()
    wait(window.portfolioLoaded)
    app.processEvents()

    def shot(widget, name: str) -> None:
        if suffix and name not in ("portfolio", "dashboard"):
            return  # English: two examples are enough
        for _ in range(3):
            app.processEvents()
        path = out / f"{name}{suffix}.png"
        widget.grab().save(str(path))
        print(f"wrote {path}")

    window.portfolio.table.sortByColumn(
        window.portfolio.model.RAG, window.portfolio.table.horizontalHeader().sortIndicatorOrder().AscendingOrder
    )
    shot(window, "portfolio")
    window.portfolio.search.setText("御河")
    window.portfolio._apply_filter()
    shot(window, "portfolio_search")
    window.portfolio.set_filter(window.portfolio.current_filter().replace(text=""))
    window.tabs.setCurrentIndex(window.TAB_DASHBOARD)
    shot(window, "dashboard")
    window.tabs.setCurrentIndex(window.TAB_REVIEW)
    window.review.table.setCurrentIndex(window.review.proxy.index(2, 0))
    shot(window, "review_queue")
    if window.timeline is not None:
        window.tabs.setCurrentIndex(window.tab_index("timeline"))
        wait(ms=300)
        while window.timeline.is_loading():
            wait(ms=100)
        window.timeline.overdue_only.setChecked(False)
        window.timeline.scroll_to_today()
        shot(window, "timeline")
    if window.indicators is not None:
        window.tabs.setCurrentIndex(window.tab_index("indicators"))
        shot(window, "indicators")
    window.tabs.setCurrentIndex(window.TAB_PORTFOLIO)

    row = next(r for r in window.portfolio.model.all_rows() if r.code == "附表1-05")
    editor = window.open_project(row.id)
    editor.resize(1180, 860)
    editor.set_field("investment_total", "-10")
    editor.save()  # shows the validation message next to the field
    shot(editor, "editor")
    editor.load()
    for title in ("季度进展", "里程碑", "问题协调", "修改记录"):
        for i in range(editor.tabs.count()):
            if editor.tabs.tabText(i).startswith(title):
                editor.tabs.setCurrentIndex(i)
                key = {
                    "季度进展": "editor_progress",
                    "里程碑": "editor_milestones",
                    "问题协调": "editor_issues",
                    "修改记录": "editor_history",
                }[title]
                shot(editor, key)
    editor.close()
    window.close()
    ws.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
