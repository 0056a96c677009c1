"""A dialog opened from the main window's menus is deleted once the officer closes it.

A dialog made with a parent stays that parent's hidden child after it closes, until the parent is deleted: each
导出到 Excel…, 从 Excel 导入…, 季度报送与锁定… opened and closed again kept its whole window for the rest of the
session (3-4 MB for the export and the import). window_release.run_modal deletes it after exec()."""

from __future__ import annotations

import gc
import weakref

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.fixtures.gui_support import act_in_modal, running_main_window


@pytest.fixture
def window(qtbot, workspace, qapp):
    """The main window, without the guard that closes any modal dialog it did not expect: these tests open them."""
    yield from running_main_window(qtbot, workspace, qapp)


def _menu_dialogs(window):
    from app.ui.audit_view import AuditView
    from app.ui.backups_dialog import BackupsDialog
    from app.ui.conflicts_dialog import ConflictsDialog
    from app.ui.export_dialog import ExportDialog
    from app.ui.import_wizard import ImportWizard
    from app.ui.package_dialogs import PackageExportDialog, PackageImportDialog
    from app.ui.periods_dialog import PeriodsDialog
    from app.ui.report_dialog import ReportDialog
    from app.ui.settings_dialog import SettingsDialog
    from app.ui.submissions_dialog import SubmissionsDialog

    return [
        (window.report_action, ReportDialog),
        (window.export_action, ExportDialog),
        (window.import_action, ImportWizard),
        (window.periods_action, PeriodsDialog),
        (window.audit_action, AuditView),
        (window.submissions_action, SubmissionsDialog),
        (window.package_export_action, PackageExportDialog),
        (window.package_import_action, PackageImportDialog),
        (window.conflicts_action, ConflictsDialog),
        (window.backups_action, BackupsDialog),
        (window.settings_action, SettingsDialog),
    ]


def _our_dialogs(window) -> list[QDialog]:
    return [d for d in window.findChildren(QDialog) if type(d).__module__.startswith("app.")]


@pytest.mark.parametrize("index", range(11))
def test_a_dialog_closed_with_esc_is_deleted(qtbot, window, index):
    action, kind = _menu_dialogs(window)[index]
    assert action.isEnabled(), action.text()
    refs: list[weakref.ref] = []
    destroyed: list[str] = []

    def close_with_esc(dialog: QDialog) -> None:
        dialog.destroyed.connect(lambda *_: destroyed.append(kind.__name__))
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    for _ in range(2):  # opened twice: neither stays
        seen = act_in_modal(qtbot, kind, close_with_esc)
        action.trigger()
        assert len(seen) == 1 and not seen[0].isVisible(), kind.__name__  # the person saw it, and it closed
        refs.append(weakref.ref(seen.pop()))
    # Deleted (waited for before asking the window for its children: PySide 6.11 keeps the wrapper of a dialog
    # that exec() ran and deleteLater() was asked for, when findChildren() lists it before the deletion).
    qtbot.waitUntil(lambda: len(destroyed) == 2, timeout=5000)
    assert not [d for d in _our_dialogs(window) if isinstance(d, kind)]
    qtbot.waitUntil(lambda: gc.collect() >= 0 and all(ref() is None for ref in refs), timeout=5000)
    assert window.isVisible()
