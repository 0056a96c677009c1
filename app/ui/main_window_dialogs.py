"""The main window's menu entries that open a dialog on its workspace (MainWindow inherits them).

Every dialog is imported when first opened: the report, export, import, audit and exchange dialogs bring
reportlab and openpyxl, and every one of them the database layer, which the main window's first paint must not
wait for (app.ui.main_window_frame).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

from app.ui.window_release import run_modal

if TYPE_CHECKING:
    from app.core.workspace import Workspace
    from app.ui.change_bus import ChangeBus
    from app.ui.portfolio_view import PortfolioView
    from app.ui.settings import AppSettings, UiState


class WorkspaceDialogs(QMainWindow):
    """A main window that opens dialogs on its workspace: app.ui.main_window.MainWindow, which sets these."""

    ws: Workspace
    bus: ChangeBus
    portfolio: PortfolioView
    settings: AppSettings
    ui_state: UiState

    def open_reports(self) -> None:
        from app.ui.report_dialog import ReportDialog

        dialog = ReportDialog(self.ws, self.bus, self, period=self.portfolio.selected_period())
        run_modal(dialog)

    def open_periods(self) -> None:
        from app.ui.periods_dialog import PeriodsDialog

        dialog = PeriodsDialog(self.ws, self.bus, self, period=self.portfolio.selected_period())
        run_modal(dialog)

    def export_excel(self) -> None:
        from app.ui.export_dialog import ExportDialog

        ids = [r.id for r in self.portfolio.model.visible_rows()]
        dialog = ExportDialog(self.ws, self.bus, self, project_ids=ids)
        run_modal(dialog)

    def import_excel(self) -> None:
        from app.ui.import_wizard import ImportWizard

        wizard = ImportWizard(self.ws, self.bus, self)
        run_modal(wizard)

    def open_audit_log(self) -> None:
        from app.ui.audit_view import AuditView

        run_modal(AuditView(self.ws, self.bus, self))

    # The exchange dialogs write through their services and announce what changed on the bus: nothing to do
    # here after they close.
    def open_submissions(self) -> None:
        from app.ui.submissions_dialog import SubmissionsDialog

        run_modal(SubmissionsDialog(self.ws, self.bus, self))

    def export_package(self) -> None:
        from app.ui.package_dialogs import PackageExportDialog

        run_modal(PackageExportDialog(self.ws, self.bus, self, settings=self.settings, ui_state=self.ui_state))

    def import_package(self) -> None:
        from app.ui.package_dialogs import PackageImportDialog

        run_modal(PackageImportDialog(self.ws, self.bus, self, settings=self.settings, ui_state=self.ui_state))

    def open_conflicts(self) -> None:
        from app.ui.conflicts_dialog import ConflictsDialog

        run_modal(ConflictsDialog(self.ws, self.bus, self, ui_state=self.ui_state))

    def open_backups(self) -> None:
        from app.ui.backups_dialog import BackupsDialog

        run_modal(BackupsDialog(self.ws, self.bus, self))
