"""Files that are not what they say, macro workbooks, zip bombs and huge files are refused whole,
with a clear Chinese message, and the database is left unchanged."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from app.exchange import file_checks as fc
from app.exchange import service
from tests.fixtures.exchange.support import db_fingerprint

CT_XLSX = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)


def _refused(ws, path, *needles):
    before = db_fingerprint(ws)
    outcome = service.apply_import(ws, path)
    assert outcome.status == service.REJECTED
    message = outcome.plan.errors[0].message
    for needle in needles:
        assert needle in message, message
    assert db_fingerprint(ws) == before
    plan = service.preview_import(ws, path)
    assert not plan.ok and plan.errors[0].message == message
    return message


def _real_xlsx(path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    wb.save(path)
    return path


@pytest.mark.parametrize(
    "content, needle",
    [
        (b"just some text\n1,2,3\n", "文本或其他格式"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "旧版 .xls"),
        (b"<html><body>table</body></html>", "网页"),
    ],
)
def test_renamed_files_are_refused(workspace, tmp_path, content, needle):
    path = tmp_path / "县区填报.xlsx"
    path.write_bytes(content)
    _refused(workspace, path, "扩展名是 .xlsx", needle)


def test_zip_that_is_not_a_workbook(workspace, tmp_path):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")
    _refused(workspace, path, "压缩包")


def test_truncated_xlsx(workspace, tmp_path):
    good = _real_xlsx(tmp_path / "good.xlsx")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(good.read_bytes()[:300])
    _refused(workspace, bad, "损坏")


@pytest.mark.parametrize("ext", [".xls", ".et", ".xlsb"])
def test_legacy_and_binary_extensions(workspace, tmp_path, ext):
    path = tmp_path / f"old{ext}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    _refused(workspace, path, ext, "另存为")


@pytest.mark.parametrize("name", ["macro.xlsm", "macro.XLSM", "template.xltm"])
def test_macro_extension_refused(workspace, tmp_path, name):
    path = _real_xlsx(tmp_path / "src.xlsx")
    target = tmp_path / name
    target.write_bytes(path.read_bytes())
    _refused(workspace, target, "宏")


def test_macro_content_in_xlsx_refused(workspace, tmp_path):
    """An .xlsm renamed to .xlsx: vbaProject.bin inside."""
    src = _real_xlsx(tmp_path / "src.xlsx")
    path = tmp_path / "renamed_macro.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info.filename))
        zout.writestr("xl/vbaProject.bin", b"\x00VBA")
    _refused(workspace, path, "宏", "vbaProject.bin")


def test_macro_enabled_content_type_refused(workspace, tmp_path):
    src = _real_xlsx(tmp_path / "src.xlsx")
    path = tmp_path / "ct_macro.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml")
            zout.writestr(info, data)
    _refused(workspace, path, "macroEnabled")


def test_unsupported_extension(workspace, tmp_path):
    path = tmp_path / "data.txt"
    path.write_text("a,b\n", encoding="utf-8")
    _refused(workspace, path, "只能导入 .xlsx")


def test_missing_and_empty_file(workspace, tmp_path):
    _refused(workspace, tmp_path / "nope.xlsx", "不存在")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    _refused(workspace, empty, "空文件")


def test_csv_that_is_really_a_workbook_or_utf16(workspace, tmp_path):
    src = _real_xlsx(tmp_path / "src.xlsx")
    fake = tmp_path / "fake.csv"
    fake.write_bytes(src.read_bytes())
    _refused(workspace, fake, "扩展名是 .csv")
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes("项目ID,进度版本\n".encode("utf-16"))
    _refused(workspace, utf16, "UTF-16")


def test_file_size_limit(workspace, tmp_path, monkeypatch):
    monkeypatch.setattr(fc, "MAX_FILE_BYTES", 4096)
    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" * 2000)
    _refused(workspace, path, "文件过大")


def test_real_20mb_limit(workspace, tmp_path):
    path = tmp_path / "huge.xlsx"
    with open(path, "wb") as f:
        f.write(b"PK\x03\x04")
        f.truncate(fc.MAX_FILE_BYTES + 1)
    _refused(workspace, path, "文件过大", "20.0 MB")


def test_too_many_csv_rows(workspace, tmp_path):
    path = tmp_path / "rows.csv"
    header = "项目ID,进度版本,项目编号,报告期,本季度完成投资（亿元）,年度计划投资（亿元）,形象进度,存在问题,下步计划,本季度项目状态\n"
    path.write_text(header + "x,0,附表1-01,2025Q3,1,1,,,,\n" * (fc.MAX_ROWS + 20), encoding="utf-8")
    _refused(workspace, path, f"超过上限 {fc.MAX_ROWS} 行")


def test_too_many_xlsx_rows(workspace, tmp_path, monkeypatch):
    monkeypatch.setattr(fc, "MAX_ROWS", 100)
    path = tmp_path / "rows.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    sheet = wb.create_sheet("季度填报")
    for i in range(200):
        sheet.append([f"id{i}", 0, "附表1-01", "2025Q3", 1])
    wb.save(path)
    _refused(workspace, path, "超过上限 100 行")


def _bomb(path, member_size: int, *, declared_size: int | None = None):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT_XLSX)
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * member_size)
    return path


def test_zip_bomb_ratio(workspace, tmp_path):
    path = _bomb(tmp_path / "bomb.xlsx", 8 * 1024 * 1024)  # 8 MB of zeros, ~8 KB compressed
    assert path.stat().st_size < 100_000
    _refused(workspace, path, "压缩炸弹")


def test_zip_bomb_total_size(workspace, tmp_path, monkeypatch):
    monkeypatch.setattr(fc, "MAX_COMPRESSION_RATIO", 10**9)  # only the total is checked here
    monkeypatch.setattr(fc, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    path = _bomb(tmp_path / "bomb2.xlsx", 2 * 1024 * 1024)
    _refused(workspace, path, "解压后内容过大")


def test_decode_csv_order():
    text = "项目名称,形象进度\n水库,完成"
    assert fc.decode_csv(text.encode("utf-8")) == (text, "utf-8")
    assert fc.decode_csv(("\ufeff" + text).encode("utf-8")) == (text, "utf-8-sig")
    assert fc.decode_csv(text.encode("gb18030")) == (text, "gb18030")
    assert fc.decode_csv(text.encode("gbk"))[0] == text
    with pytest.raises(fc.ExchangeFileError):
        fc.decode_csv(b"\xff\xff\xff")


def test_check_file_accepts_real_files(tmp_path):
    info = fc.check_file(_real_xlsx(tmp_path / "ok.xlsx"))
    assert info.kind == "xlsx" and len(info.sha256) == 64
    csv_path = tmp_path / "ok.CSV"
    csv_path.write_bytes("a,b\n".encode("gb18030"))
    assert fc.check_file(csv_path).kind == "csv"
    # an in-memory check of the bytes, used by tests and callers that already hold the data
    buf = io.BytesIO()
    openpyxl.Workbook().save(buf)
    fc.check_xlsx_bytes(buf.getvalue())
