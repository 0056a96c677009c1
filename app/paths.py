"""Where things live: user data (platformdirs) and bundled resources (source tree or PyInstaller)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "DatongPortfolio"
APP_AUTHOR = "DatongPlanning"


def bundle_root() -> Path:
    """The folder holding resources/ and seed/: the PyInstaller bundle when frozen, else the repository."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    return bundle_root().joinpath("resources", *parts)


def seed_workbook_path() -> Path:
    return bundle_root() / "seed" / "appendix_projects.xlsx"


def font_path() -> Path:
    return resource_path("fonts", "wqy-microhei.ttc")


def user_data_dir() -> Path:
    override = os.environ.get("DATONG_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return user_data_dir() / "portfolio.sqlite3"


def backup_dir() -> Path:
    path = user_data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path
