"""Exports never destroy another file: not the open database, not an existing file unless asked (--force), and
the new file gets the user's normal permissions. The CLI marks each finding of an import as error: or note:."""

from __future__ import annotations

import hashlib
import os
import stat

import openpyxl
import pytest

from app.core.output_files import OutputExistsError, OutputFileError
from app.exchange import layout, service
from tests.fixtures.exchange.support import row_of, set_field


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _normal_mode():
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def test_cli_export_over_the_database_is_refused(cli, db_path):
    before = _digest(db_path)
    code, _, stderr = cli("export-xlsx", "--out", str(db_path), "--force", db=db_path)
    assert code == 1 and stderr.startswith("error:")
    assert _digest(db_path) == before


def test_database_named_like_a_workbook_is_still_protected(cli, db_path, tmp_path):
    """The .xlsx suffix check alone would let this through: the guard is the database itself."""
    disguised = tmp_path / "台账.xlsx"
    db_path.rename(disguised)
    before = _digest(disguised)
    for entry in ([], ["--entry", "--period", "2025Q3", "--county", "广灵县"]):
        code, _, stderr = cli("export-xlsx", "--out", str(disguised), "--force", *entry, db=disguised)
        assert code == 1 and "database" in stderr, stderr
        assert _digest(disguised) == before


@pytest.mark.parametrize("suffix", ["", "-wal"])
def test_service_refuses_the_database_and_its_journal(workspace, suffix):
    target = workspace.db.sqlite_path.with_name(workspace.db.sqlite_path.name + suffix)
    with pytest.raises(OutputFileError, match="数据库"):
        service.export_portfolio(workspace, target, force=True)


def test_existing_file_only_with_force_and_normal_mode(cli, db_path, tmp_path):
    out = tmp_path / "清单.xlsx"
    out.write_bytes(b"PK\x03\x04 an older export")
    code, _, stderr = cli("export-xlsx", "--out", str(out), db=db_path)
    assert code == 1 and "--force" in stderr
    assert out.read_bytes() == b"PK\x03\x04 an older export"

    code, stdout, stderr = cli("export-xlsx", "--out", str(out), "--force", db=db_path)
    assert code == 0, stderr
    assert layout.SHEET_PORTFOLIO in openpyxl.load_workbook(out).sheetnames
    assert stat.S_IMODE(out.stat().st_mode) == _normal_mode()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left behind


def test_entry_workbook_is_not_written_over_a_file_of_another_kind(workspace, tmp_path):
    notes = tmp_path / "notes.xlsx"
    notes.write_text("not a workbook at all", encoding="utf-8")
    with pytest.raises(OutputExistsError):
        service.export_entry_workbook(workspace, notes, period="2025Q3", county="广灵县")
    with pytest.raises(OutputFileError, match="not a xlsx"):
        service.export_entry_workbook(workspace, notes, period="2025Q3", county="广灵县", force=True)
    assert notes.read_text(encoding="utf-8") == "not a workbook at all"
    fresh = tmp_path / "gl.xlsx"
    service.export_entry_workbook(workspace, fresh, period="2025Q3", county="广灵县")
    assert stat.S_IMODE(fresh.stat().st_mode) == _normal_mode()


def test_cli_prefixes_errors_and_notes(cli, db_path, tmp_path):
    entry = tmp_path / "gl.xlsx"
    code, _, stderr = cli(
        "export-xlsx", "--out", str(entry), "--entry", "--period", "2025Q3", "--county", "广灵县", db=db_path
    )
    assert code == 0, stderr
    wb = openpyxl.load_workbook(entry)
    sheet = wb[layout.SHEET_PROGRESS]
    r = row_of(sheet, "附表1-14")
    set_field(sheet, r, "项目名称", "改过的名称")
    set_field(sheet, r, "本季度完成投资（亿元）", "0,35")
    wb.save(entry)

    code, _, stderr = cli("import-xlsx", str(entry), db=db_path)

    assert code == 1
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert any(line.startswith("note: ") and "项目名称不导入" in line for line in lines), stderr
    assert any(line.startswith("error: ") and f"第{r}行" in line and "0,35" in line for line in lines), stderr
    assert not any(line.startswith("warning:") for line in lines)
