import gc, sys
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from tests.test_soak import window  # noqa
def test_dbg(window, qtbot):
    from app.ui.project_editor import ProjectEditor
    view = window.portfolio; table = view.table
    def oc():
        ed = window.open_project(view.model.visible_rows()[3].id)
        qtbot.waitExposed(ed)
        qtbot.keyClick(ed, Qt.Key.Key_Escape)
        qtbot.wait(50)
    for i in range(3):
        oc()
    gc.collect(); r0 = sys.getrefcount(None)
    for i in range(3):
        oc()
        gc.collect()
        alive = [o for o in gc.get_objects() if isinstance(o, ProjectEditor)]
        print("refs", sys.getrefcount(None) - r0, "editors alive", len(alive), len(window.editors), len(window.findChildren(ProjectEditor)), flush=True)
