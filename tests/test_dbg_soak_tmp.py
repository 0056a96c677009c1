from PySide6.QtCore import Qt
from tests.test_soak import window  # noqa
def test_dbg(window, qtbot):
    view = window.portfolio; table = view.table
    rect = table.visualRect(view.model.index(0, 0))
    print("rect", rect, table.viewport().size(), view.model.rowCount(), table.isVisible(), window.tabs.currentIndex())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    print("editors", window.editors, window.open_editors())
