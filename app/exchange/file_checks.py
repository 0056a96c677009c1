"""What a file must be before anything reads it: the right kind, not too big, no macros, no zip bomb.

Every refusal is an ExchangeFileError with a message for the officer (Chinese, with the English gist).
The checks look at the bytes, never trust the extension alone: a renamed .txt/.xls/.pdf is refused,
and so is a macro workbook renamed to .xlsx.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

# Limits (documented in README.md, "Excel 数据交换"). A county's quarterly workbook is a few hundred KB.
MAX_FILE_BYTES = 20 * 1024 * 1024  # 20 MB on disk
MAX_ROWS = 50_000  # data rows in the whole file
MAX_COLUMNS = 200  # columns read per sheet
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # sum of the sizes the zip directory declares
MAX_COMPRESSION_RATIO = 200  # per member larger than 1 MB uncompressed
MAX_ZIP_MEMBERS = 2_000
MAX_CELL_CHARS = 32_767  # Excel's own limit per cell
DTD_SCAN_BYTES = 64 * 1024  # how much of each XML part is searched for a DTD (it must precede the root element)

XLSX_EXTENSIONS = {".xlsx"}
CSV_EXTENSIONS = {".csv"}
MACRO_EXTENSIONS = {".xlsm", ".xltm", ".xlam", ".xlsb"}
OLD_EXTENSIONS = {".xls", ".xlt", ".et", ".ett", ".wps"}

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .et, and password-protected .xlsx
PDF_MAGIC = b"%PDF"
MACRO_CONTENT_TYPES = ("macroenabled", "vbaproject", "application/vnd.ms-office.vbaproject")


class ExchangeFileError(Exception):
    """The file as a whole cannot be imported; nothing was read into the database."""


@dataclass(frozen=True)
class FileInfo:
    path: Path
    name: str
    kind: str  # "xlsx" | "csv"
    size: int
    sha256: str
    data: bytes


def _human(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def check_file(path: str | Path) -> FileInfo:
    """Read the file once and decide what it is. Raises ExchangeFileError with a clear message."""
    p = Path(path)
    if not p.is_file():
        raise ExchangeFileError(f"文件不存在：{p} / file not found")
    ext = p.suffix.lower()
    if ext in MACRO_EXTENSIONS:
        raise ExchangeFileError(
            f"拒绝导入“{p.name}”：{ext} 是含宏（或二进制）的工作簿，可能携带可执行代码。"
            f"请在 Excel/WPS 中“另存为”普通的 .xlsx 工作簿后再导入 / macro-enabled workbooks are refused"
        )
    if ext in OLD_EXTENSIONS:
        raise ExchangeFileError(
            f"不支持“{p.name}”的 {ext} 格式。请在 Excel/WPS 中“另存为” .xlsx 工作簿（或 CSV）后再导入 / "
            f"legacy {ext} files are not supported; save as .xlsx"
        )
    if ext not in XLSX_EXTENSIONS | CSV_EXTENSIONS:
        raise ExchangeFileError(
            f"不支持的文件类型“{ext or '无扩展名'}”：只能导入 .xlsx 工作簿或 .csv 文件 / only .xlsx and .csv are accepted"
        )
    size = p.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ExchangeFileError(
            f"文件过大（{_human(size)}），上限为 {_human(MAX_FILE_BYTES)}。请按县区或分批导出、填报 / "
            f"file too large ({size} bytes, limit {MAX_FILE_BYTES})"
        )
    if size == 0:
        raise ExchangeFileError(f"文件“{p.name}”是空文件 / the file is empty")
    data = p.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if ext in XLSX_EXTENSIONS:
        check_xlsx_bytes(data, p.name)
        return FileInfo(p, p.name, "xlsx", size, digest, data)
    check_csv_bytes(data, p.name)
    return FileInfo(p, p.name, "csv", size, digest, data)


def _not_what_it_says(name: str, data: bytes, expected: str) -> ExchangeFileError:
    head = data[:8]
    if head.startswith(OLE_MAGIC):
        actual = "旧版 .xls/.et 文件或设置了打开密码的工作簿"
    elif head.startswith(PDF_MAGIC):
        actual = "PDF 文件"
    elif head.startswith(ZIP_MAGIC):
        actual = "压缩包（不是 Excel 工作簿）"
    elif head.startswith(b"<") or head.lstrip().startswith(b"<"):
        actual = "网页/XML 文件"
    else:
        actual = "文本或其他格式文件"
    return ExchangeFileError(
        f"文件“{name}”的扩展名是 {expected}，但内容实际是{actual}，已拒绝。"
        f"请在 Excel/WPS 中打开后“另存为” .xlsx（不设打开密码）再导入 / "
        f"the file content is not {expected} (extension and content disagree)"
    )


def check_xlsx_bytes(data: bytes, name: str = "工作簿") -> None:
    """An .xlsx is a zip with [Content_Types].xml and xl/workbook.xml, no VBA project, sane sizes."""
    if not data.startswith(ZIP_MAGIC):
        raise _not_what_it_says(name, data, ".xlsx")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ExchangeFileError(f"文件“{name}”已损坏，无法作为 .xlsx 打开（{exc}） / corrupt xlsx") from exc
    names = {info.filename for info in infos}
    lower = {n.lower() for n in names}
    if "[content_types].xml" not in lower or "xl/workbook.xml" not in lower:
        if any(n.endswith("xl/workbook.bin") for n in lower):
            raise ExchangeFileError(f"拒绝导入“{name}”：这是 .xlsb 二进制工作簿，请另存为 .xlsx / xlsb refused")
        raise _not_what_it_says(name, data, ".xlsx")
    if any(n.endswith("vbaproject.bin") or n.endswith(".bin") and "vba" in n for n in lower):
        raise ExchangeFileError(
            f"拒绝导入“{name}”：工作簿中含有宏（VBA 代码，可能是改了扩展名的 .xlsm）。"
            f"请另存为不含宏的 .xlsx 工作簿后再导入 / the workbook contains macros (vbaProject.bin)"
        )
    try:
        content_types = zf.read(next(n for n in names if n.lower() == "[content_types].xml"))
    except Exception as exc:
        raise ExchangeFileError(f"文件“{name}”已损坏（{exc}） / corrupt xlsx") from exc
    if len(content_types) > 1024 * 1024:
        raise ExchangeFileError(f"文件“{name}”结构异常（[Content_Types].xml 过大） / suspicious xlsx")
    ct = content_types.decode("utf-8", "replace").lower()
    if any(marker in ct for marker in MACRO_CONTENT_TYPES):
        raise ExchangeFileError(
            f"拒绝导入“{name}”：工作簿声明为启用宏的格式（macroEnabled），可能是改了扩展名的 .xlsm。"
            f"请另存为普通 .xlsx 后再导入 / macro-enabled content type refused"
        )
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ExchangeFileError(f"文件“{name}”结构异常（包含 {len(infos)} 个部件） / too many zip members")
    total = 0
    for info in infos:
        total += info.file_size
        if (
            info.file_size > 1024 * 1024
            and info.compress_size
            and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO
        ):
            raise ExchangeFileError(
                f"拒绝导入“{name}”：压缩比异常（{info.filename} 解压后 {_human(info.file_size)}），"
                f"疑似“压缩炸弹” / suspicious compression ratio (zip bomb)"
            )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ExchangeFileError(
            f"拒绝导入“{name}”：解压后内容过大（{_human(total)}，上限 {_human(MAX_UNCOMPRESSED_BYTES)}），"
            f"疑似“压缩炸弹”或数据过多 / uncompressed size over the limit (zip bomb?)"
        )
    _check_no_dtd(zf, infos, name)


def _check_no_dtd(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str) -> None:
    """Excel and WPS never write a DTD. One in a part means a crafted file (entity expansion, external entities)
    and is refused before any XML parser sees it. A DTD must come before the root element: the head suffices."""
    for info in infos:
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with zf.open(info) as stream:
                head = stream.read(DTD_SCAN_BYTES)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as exc:
            raise ExchangeFileError(
                f"文件“{name}”已损坏（部件 {info.filename} 无法解压：{exc}）。请在 Excel/WPS 中打开确认无误后另存为 .xlsx / "
                f"corrupt xlsx part"
            ) from exc
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise ExchangeFileError(
                f"拒绝导入“{name}”：部件 {info.filename} 含有 DTD 声明（Excel/WPS 保存的文件不会有），"
                f"可能是伪造或已损坏的文件 / a DTD in {info.filename} is refused"
            )


def check_csv_bytes(data: bytes, name: str = "CSV") -> None:
    """A CSV must be text: not a zip (renamed xlsx), not OLE, not PDF, no NUL bytes."""
    if data.startswith((ZIP_MAGIC, OLE_MAGIC, PDF_MAGIC)):
        raise _not_what_it_says(name, data, ".csv")
    if b"\x00" in data[: 1024 * 1024]:
        raise ExchangeFileError(
            f"文件“{name}”不是文本格式的 CSV（含二进制内容，可能是 UTF-16 编码或改了扩展名的文件）。"
            f"请在 Excel/WPS 中另存为“CSV (逗号分隔)”/ not a text CSV (binary content or UTF-16)"
        )


def decode_csv(data: bytes, name: str = "CSV") -> tuple[str, str]:
    """(text, encoding). UTF-8 (with or without BOM) strictly first, then GB18030 (which covers GBK/GB2312)."""
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise ExchangeFileError(
            f"无法识别“{name}”的文字编码（应为 UTF-8 或 GB18030/GBK）。请在 Excel/WPS 中另存为"
            f"“CSV UTF-8”后再导入 / unknown text encoding (expected UTF-8 or GB18030)"
        ) from exc
