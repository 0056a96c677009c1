"""Views must not override QWidget's own virtual methods by accident.

DashboardView once had a method `metric()` (count or investment). QWidget::metric(PaintDeviceMetric) is a
virtual that Qt calls whenever it asks a widget for its size in pixels or millimetres, its DPI or its pixel
ratio (taking a picture of it, painting its background): the Python override was called with the wrong
arguments and the process crashed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.core import project_service
from app.ui.change_bus import ChangeBus
from app.ui.dashboard import DashboardView


def test_dashboard_picture_can_be_taken_after_switching_metric(qtbot, workspace):
    view = DashboardView(workspace, ChangeBus())
    qtbot.addWidget(view)
    view.set_rows(project_service.load_portfolio(workspace))
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)

    qtbot.mouseClick(view.metric_investment, Qt.MouseButton.LeftButton)
    assert view.metric_investment.isChecked()
    assert view.devicePixelRatioF() > 0
    assert view.logicalDpiX() > 0

    picture = view.grab().toImage()
    assert not picture.isNull()
    assert picture.width() == round(view.width() * view.devicePixelRatioF())
    assert picture.height() == round(view.height() * view.devicePixelRatioF())
    # the picture shows the dashboard: more than one colour (cards, bars, text on the background)
    colours = {picture.pixel(x, y) for x in range(0, picture.width(), 7) for y in range(0, picture.height(), 7)}
    assert len(colours) > 3
