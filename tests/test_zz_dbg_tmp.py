from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from tests.fixtures.gui_support import running_main_window
import pytest
@pytest.fixture
def window(qtbot, workspace, qapp):
    yield from running_main_window(qtbot, workspace, qapp)
def test_x(window, qtbot):
    print(window.help.guide_action.shortcut().toString(), QApplication.focusWidget(), QApplication.activeWindow(), window.isActiveWindow())
    print(QKeySequence.keyBindings(QKeySequence.StandardKey.HelpContents))
