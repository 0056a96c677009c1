import shiboken6, pytest, time
from app.ui.settings import AppSettings, UiState
from tests.test_gui_main_acceptance import qt_app  # noqa

@pytest.fixture
def window(qtbot, workspace, qt_app):
    from app.ui.main_window import MainWindow
    w = MainWindow(workspace, AppSettings(), UiState(), load=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    with qtbot.waitSignal(w.portfolioLoaded, timeout=30000):
        w.refresh()
    yield w
    print("teardown: valid", shiboken6.isValid(w), "loading", w.is_loading())
    qtbot.waitUntil(lambda: not w.is_loading(), timeout=30000)
    print("after wait: valid", shiboken6.isValid(w))
    w.close()

def test_probe(window, qtbot):
    window.refresh()
    assert window.is_loading()
