"""The one place views hear that the data changed (see app.core.changes)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.core.changes import Changes


class ChangeBus(QObject):
    """Created once per workspace by the main window and handed to every view and dialog.

    A writer calls ``bus.announce(Changes(progress=True, project_ids=frozenset({pid})))`` after its write
    committed; every subscriber's slot receives the Changes and decides for itself whether to redraw.
    """

    changed = Signal(object)  # Changes

    def announce(self, changes: Changes) -> None:
        self.changed.emit(changes)
