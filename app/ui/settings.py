"""Per-user settings, in two separate stores:

* ``AppSettings`` — typed preferences with their defaults in code (language, last database, …),
  file ``settings.ini`` in the per-user data folder;
* ``UiState`` — window geometry, splitter positions and table header state (column order, widths,
  hidden columns, sort), file ``ui-state.ini``. Deleting it resets the layout and nothing else.

Both live under app.paths.user_data_dir() (tests point DATONG_DATA_DIR at a temporary folder, so they
never touch the real profile). INI files rather than the Windows registry: easy to back up or reset.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QRect, QSettings, QStandardPaths
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter, QWidget

from app.paths import user_data_dir


@dataclass(frozen=True)
class Pref:
    key: str
    default: Any
    kind: type


PREFS = {
    "language": Pref("ui/language", "zh_CN", str),  # zh_CN | en (applies after restart)
    "last_database": Pref("data/last_database", "", str),  # "" = the per-user default database
    "recent_databases": Pref("data/recent_databases", [], list),
    "windows_gdi_fonts": Pref("ui/windows_gdi_fonts", True, bool),
    "font_point_size": Pref("ui/font_point_size", 10.0, float),
    "display_name": Pref("user/display_name", "", str),  # "" = the login name; recorded in the audit log
    "export_folder": Pref("data/export_folder", "", str),  # "" = 文档 (Documents); reports and exports go here
    "welcome_shown": Pref("ui/welcome_shown", False, bool),  # the first-run welcome appears once
}
MAX_RECENT = 8


def _coerce(value: Any, pref: Pref) -> Any:
    if value is None:
        return pref.default
    try:
        if pref.kind is bool:
            if isinstance(value, str):
                return value.strip().lower() in ("1", "true", "yes", "on")
            return bool(value)
        if pref.kind is list:
            if isinstance(value, str):
                return [value] if value else []
            return [str(v) for v in value]
        return pref.kind(value)
    except (TypeError, ValueError):
        return pref.default


class AppSettings:
    """Typed access to the preferences; unknown or malformed stored values fall back to the default."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else user_data_dir() / "settings.ini"
        self.qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    def get(self, name: str) -> Any:
        pref = PREFS[name]
        return _coerce(self.qs.value(pref.key, pref.default), pref)

    def set(self, name: str, value: Any) -> None:
        pref = PREFS[name]
        self.qs.setValue(pref.key, _coerce(value, pref))
        self.qs.sync()

    # Convenience properties for the common ones.
    @property
    def language(self) -> str:
        lang = self.get("language")
        return lang if lang in ("zh_CN", "en") else "zh_CN"

    @language.setter
    def language(self, value: str) -> None:
        self.set("language", value)

    def export_folder(self) -> Path:
        """Where reports and exports are suggested: the folder chosen in 设置 if it still exists, else 文档."""
        chosen = Path(self.get("export_folder")) if self.get("export_folder") else None
        if chosen is not None and chosen.is_dir():
            return chosen
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    def display_name(self) -> str | None:
        """The name recorded in the audit log when set in 设置 (None: the login name)."""
        return self.get("display_name").strip() or None

    def remember_database(self, path: str) -> None:
        self.set("last_database", path)
        recent = [p for p in self.get("recent_databases") if p != path]
        self.set("recent_databases", [path] + recent[: MAX_RECENT - 1])


class UiState:
    """Geometry, splitter and header state (opaque Qt blobs), kept apart from the typed preferences."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else user_data_dir() / "ui-state.ini"
        self.qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.qs.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        if isinstance(value, (bytes, bytearray)) and value:
            return QByteArray(bytes(value))
        return None

    def save_geometry(self, key: str, widget: QWidget) -> None:
        self.qs.setValue(f"geometry/{key}", widget.saveGeometry())
        frame = widget.frameGeometry()  # kept beside Qt's blob, which cannot be read back without restoring it
        self.qs.setValue(f"geometry/{key}_frame", [frame.x(), frame.y(), frame.width(), frame.height()])

    def saved_frame(self, key: str) -> QRect | None:
        value = self.qs.value(f"geometry/{key}_frame")
        try:
            x, y, width, height = (int(v) for v in value)
        except (TypeError, ValueError):
            return None
        return QRect(x, y, width, height)

    def restore_geometry(self, key: str, widget: QWidget, available: QRect | None = None) -> bool:
        """Restore the saved window geometry; with `available` (the screen's free area), only when the saved
        window fits inside it, so a layout saved on a large monitor never opens off a laptop's screen."""
        data = self._bytes(f"geometry/{key}")
        if not data:
            return False
        if available is not None:
            frame = self.saved_frame(key)
            if frame is None or not available.contains(frame):
                return False
        return widget.restoreGeometry(data)

    def save_window_state(self, key: str, window: QMainWindow) -> None:
        self.qs.setValue(f"window_state/{key}", window.saveState())

    def restore_window_state(self, key: str, window: QMainWindow) -> bool:
        data = self._bytes(f"window_state/{key}")
        return data is not None and window.restoreState(data)

    def save_splitter(self, key: str, splitter: QSplitter) -> None:
        self.qs.setValue(f"splitter/{key}", splitter.saveState())

    def restore_splitter(self, key: str, splitter: QSplitter) -> bool:
        data = self._bytes(f"splitter/{key}")
        return data is not None and splitter.restoreState(data)

    def save_header(self, key: str, header: QHeaderView, layout_version: str) -> None:
        """Column order, widths, hidden columns and sort. `layout_version` identifies the column set:
        a state saved for another set of columns is ignored instead of scrambling the table."""
        self.qs.setValue(f"header/{key}/state", header.saveState())
        self.qs.setValue(f"header/{key}/layout", layout_version)

    def restore_header(self, key: str, header: QHeaderView, layout_version: str) -> bool:
        if self.qs.value(f"header/{key}/layout") != layout_version:
            return False
        data = self._bytes(f"header/{key}/state")
        return data is not None and header.restoreState(data)

    def value(self, key: str, default: Any = None) -> Any:
        return self.qs.value(f"misc/{key}", default)

    def set_value(self, key: str, value: Any) -> None:
        self.qs.setValue(f"misc/{key}", value)

    def sync(self) -> None:
        self.qs.sync()

    def clear(self) -> None:
        self.qs.clear()
        self.qs.sync()
