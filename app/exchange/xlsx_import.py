"""Safe import of exchange workbooks (.xlsx from Excel or WPS) and CSV files.

Three steps, and nothing is written before the last:

1. read_file(): the bytes are checked (file_checks), then read into plain RawSheets. Formulas are never
   evaluated: the workbook is loaded once for formulas and, if there are any, once more for the values
   Excel/WPS cached when saving. Merged cells are noted. CSV is decoded as UTF-8 (BOM or not) or GB18030.
2. analyze(session, raw): every cell the import uses is parsed and validated again (pasted values bypass
   Excel's validation), ids are looked up, versions compared, locked quarters refused. The result is an
   ImportPlan: field-by-field changes (old -> new), conflicts (the record changed in the database after
   the workbook was exported), and issues (errors/warnings with sheet, row, column and reason in Chinese).
3. apply_plan(session, plan, resolutions): the changes and the resolved conflicts are written through
   the core services (set_progress, update_milestone, update_project), which validate, version and audit
   with source="import" and source_detail="<file> <sheet>!<row>". The caller runs it in ONE transaction;
   any error rolls everything back.

Importing the same file twice changes nothing the second time: equal values are no change.
"""

from __future__ import annotations

import csv
import datetime as dt
import inspect
import io
import logging
import re
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core import audit, periods, projects
from app.core.parsing import normalize
from app.db.models import AuditEntry, Milestone, Project, QuarterlyProgress
from app.exchange import cell_parsing as cp
from app.exchange import file_checks as fc
from app.exchange import layout

log = logging.getLogger(__name__)

CSV_SHEET = "CSV"
HEADER_SEARCH_ROWS = 10
IGNORED_SHEETS = {layout.SHEET_README, layout.SHEET_LISTS, layout.SHEET_META, layout.SHEET_BASE}
VIEW_SHEET = re.compile(r"^(附表\d+|规划外新增)$")
THEIRS, MINE = "theirs", "mine"

ProgressFn = Callable[[int, int, str], None]


# --- results -----------------------------------------------------------------------------------------------
@dataclass
class Issue:
    severity: str  # error | warning | info
    sheet: str
    row: int | None
    column: str | None  # header label
    message: str
    letter: str | None = None  # column letter, as Excel/WPS show it

    def line(self) -> str:
        """One line: sheet, row, column, reason."""
        where = [self.sheet or "文件"]
        if self.row is not None:
            where.append(f"第{self.row}行")
        if self.column or self.letter:
            where.append(f"{self.letter + '列' if self.letter else ''}{'“' + self.column + '”' if self.column else ''}")
        return f"{'，'.join(where)}：{self.message}"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["text"] = self.line()
        return d


@dataclass
class FieldChange:
    key: str
    sheet: str
    row: int
    entity: str  # project | progress | milestone
    record_id: str  # project id (project, progress) or milestone id
    project_id: str
    project_code: str
    project_name: str
    period: str | None
    field: str
    label: str
    old: str | None  # display text, None = blank
    new: str | None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Conflict:
    key: str
    sheet: str
    row: int
    entity: str
    record_id: str
    project_id: str
    project_code: str
    project_name: str
    period: str | None
    field: str
    label: str
    mine: str | None  # the database now
    theirs: str | None  # the file
    base: str | None  # as exported (None when unknown, e.g. CSV)
    file_version: int
    db_version: int
    changed_by: str | None
    changed_at: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _RowPlan:
    sheet: str
    row: int
    entity: str
    record_id: str
    project_id: str
    period: str | None
    db_version: int
    apply: dict[str, Any] = field(default_factory=dict)
    conflicts: dict[str, Any] = field(default_factory=dict)  # field -> value from the file


@dataclass
class ImportPlan:
    file_name: str
    sha256: str
    file_kind: str  # xlsx | csv
    encoding: str | None = None
    workbook_kind: str | None = None  # entry | portfolio | None (unknown / CSV)
    period: str | None = None
    sheets: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_unchanged: int = 0
    changes: list[FieldChange] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    rows: list[_RowPlan] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity != "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return dict(
            file_name=self.file_name,
            sha256=self.sha256,
            file_kind=self.file_kind,
            encoding=self.encoding,
            workbook_kind=self.workbook_kind,
            period=self.period,
            sheets=list(self.sheets),
            rows_read=self.rows_read,
            rows_unchanged=self.rows_unchanged,
            ok=self.ok,
            changes=[c.to_dict() for c in self.changes],
            conflicts=[c.to_dict() for c in self.conflicts],
            errors=[i.to_dict() for i in self.errors],
            warnings=[i.to_dict() for i in self.warnings],
        )


class ImportRejected(Exception):
    """The file can't be applied; `issues` say why. Nothing was written."""

    def __init__(self, issues: list[Issue]):
        super().__init__("\n".join(i.line() for i in issues))
        self.issues = issues


# --- reading -----------------------------------------------------------------------------------------------
@dataclass
class RawCell:
    value: Any
    formula: str | None = None  # the formula text when the cell held one
    cached_missing: bool = False  # a formula without a cached value
    error_value: bool = False  # #N/A, #DIV/0! ...


@dataclass
class RawSheet:
    name: str
    rows: list[tuple[int, list[RawCell]]]  # (row number as Excel shows it, cells from column A)
    merged: list[tuple[int, int, int, int, str]] = field(
        default_factory=list
    )  # min_row, min_col, max_row, max_col, ref
    hidden: bool = False
    truncated_columns: bool = False


@dataclass
class RawFile:
    info: fc.FileInfo
    sheets: list[RawSheet]
    meta: dict[str, str] = field(default_factory=dict)
    base: dict[tuple[str, str, str], str | None] = field(default_factory=dict)
    encoding: str | None = None
    base_present: bool = False


def read_file(info: fc.FileInfo) -> RawFile:
    """Read a checked file into plain rows. Raises ExchangeFileError for unreadable files."""
    if info.kind == "csv":
        return _read_csv(info)
    with warnings.catch_warnings():
        # openpyxl warns about what it can't represent (dates out of range become error cells, unsupported
        # extensions): every such cell is reported by the analysis itself.
        warnings.simplefilter("ignore", UserWarning)
        return _read_xlsx(info)


def _read_csv(info: fc.FileInfo) -> RawFile:
    text, encoding = fc.decode_csv(info.data, info.name)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    rows: list[tuple[int, list[RawCell]]] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, values in enumerate(reader, start=1):
            if number > fc.MAX_ROWS + HEADER_SEARCH_ROWS:
                raise fc.ExchangeFileError(_too_many_rows(info.name))
            rows.append((number, [RawCell(v) for v in values[: fc.MAX_COLUMNS]]))
    except csv.Error as exc:
        raise fc.ExchangeFileError(
            f"CSV 文件“{info.name}”格式错误（{exc}），请在 Excel/WPS 中重新另存为 CSV / malformed CSV"
        ) from exc
    return RawFile(info, [RawSheet(CSV_SHEET, rows)], encoding=encoding)


def _too_many_rows(name: str) -> str:
    return f"文件“{name}”的数据行数超过上限 {fc.MAX_ROWS} 行，请分批导入 / more than {fc.MAX_ROWS} rows"


def _load(data: bytes, *, data_only: bool, read_only: bool):
    try:
        with warnings.catch_warnings():
            # "Data Validation extension is not supported", "no default style"...: harmless for reading values
            warnings.simplefilter("ignore", UserWarning)
            return load_workbook(
                io.BytesIO(data), data_only=data_only, read_only=read_only, keep_links=False, keep_vba=False
            )
    except fc.ExchangeFileError:
        raise
    except Exception as exc:
        raise fc.ExchangeFileError(
            f"无法读取工作簿：{type(exc).__name__}: {exc}。请在 Excel/WPS 中打开确认无误后另存为 .xlsx 再导入 / "
            f"the workbook could not be read"
        ) from exc


def _count_rows(data: bytes, name: str) -> None:
    """Stream through every sheet once (read-only mode, little memory) to refuse huge files before the
    full load."""
    wb = _load(data, data_only=True, read_only=True)
    try:
        total = 0
        for ws in wb.worksheets:
            if ws.title in (layout.SHEET_META, layout.SHEET_BASE):
                continue
            for values in ws.iter_rows(values_only=True, max_col=fc.MAX_COLUMNS):
                if any(v is not None and v != "" for v in values):
                    total += 1
                    if total > fc.MAX_ROWS + HEADER_SEARCH_ROWS * 4:
                        raise fc.ExchangeFileError(_too_many_rows(name))
    finally:
        wb.close()


def _is_formula(cell) -> bool:
    return cell.data_type == "f" or isinstance(cell.value, (ArrayFormula, DataTableFormula))


def _formula_text(cell) -> str:
    value = cell.value
    if isinstance(value, ArrayFormula):
        return value.text or "{数组公式}"
    if isinstance(value, DataTableFormula):
        return "{模拟运算表}"
    return str(value)


def _read_xlsx(info: fc.FileInfo) -> RawFile:
    _count_rows(info.data, info.name)
    wb = _load(info.data, data_only=False, read_only=False)
    cached_wb = None
    sheets: list[RawSheet] = []
    meta: dict[str, str] = {}
    base: dict[tuple[str, str, str], str | None] = {}
    base_present = False
    try:
        has_formula = any(
            _is_formula(c) for ws in wb.worksheets for row in ws.iter_rows(max_col=fc.MAX_COLUMNS) for c in row
        )
        if has_formula:
            cached_wb = _load(info.data, data_only=True, read_only=False)
        for ws in wb.worksheets:
            if ws.title == layout.SHEET_META:
                for key, value, *_ in ws.iter_rows(min_col=1, max_col=2, values_only=True):
                    if key is not None:
                        meta[str(key)] = "" if value is None else str(value)
                continue
            if ws.title == layout.SHEET_BASE:
                base_present = True
                for values in ws.iter_rows(min_row=2, min_col=1, max_col=4, values_only=True):
                    sheet, rid, fieldname, text = (list(values) + [None] * 4)[:4]
                    if sheet and rid and fieldname:
                        base[(str(sheet), str(rid).lower(), str(fieldname))] = None if text in (None, "") else str(text)
                continue
            cached = cached_wb[ws.title] if cached_wb is not None else None
            rows: list[tuple[int, list[RawCell]]] = []
            for row in ws.iter_rows(max_col=fc.MAX_COLUMNS):
                cells = []
                for cell in row:
                    if _is_formula(cell):
                        value = cached.cell(row=cell.row, column=cell.column).value if cached is not None else None
                        cells.append(RawCell(value, _formula_text(cell), cached_missing=value is None))
                    elif cell.data_type == "e":
                        cells.append(RawCell(cell.value, error_value=True))
                    else:
                        cells.append(RawCell(cell.value))
                if cells:
                    rows.append((row[0].row, cells))
            merged = [(r.min_row, r.min_col, r.max_row, r.max_col, r.coord) for r in ws.merged_cells.ranges]
            sheets.append(
                RawSheet(
                    ws.title,
                    rows,
                    merged,
                    hidden=ws.sheet_state != "visible",
                    truncated_columns=(ws.max_column or 0) > fc.MAX_COLUMNS,
                )
            )
    finally:
        wb.close()
        if cached_wb is not None:
            cached_wb.close()
    return RawFile(info, sheets, meta, base, base_present=base_present)


# --- header detection --------------------------------------------------------------------------------------
@dataclass
class _Header:
    row_number: int
    index: int  # position in RawSheet.rows
    columns: dict[int, layout.Col]  # 0-based column -> spec column
    unknown: list[tuple[int, str]]
    duplicates: list[tuple[int, str]]

    def missing(self, spec: layout.SheetSpec) -> list[str]:
        present = {c.key for c in self.columns.values()}
        return [c.label for c in spec.columns if c.required and c.key not in present]


def _cell_text(cell: RawCell) -> str:
    return "" if cell.value is None else str(cell.value)


def _find_header(sheet: RawSheet, spec: layout.SheetSpec) -> _Header | None:
    by_header = spec.by_header()
    best: _Header | None = None
    best_score = 0
    for index, (row_number, cells) in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        columns: dict[int, layout.Col] = {}
        unknown, duplicates = [], []
        seen: set[str] = set()
        for c, cell in enumerate(cells):
            text = _cell_text(cell)
            key = layout.header_key(text)
            if not key:
                continue
            col = by_header.get(key)
            if col is None:
                unknown.append((c, text))
            elif col.key in seen:
                duplicates.append((c, text))
            else:
                seen.add(col.key)
                columns[c] = col
        score = sum(2 if col.required else 1 for col in columns.values())
        if score > best_score:
            best, best_score = _Header(row_number, index, columns, unknown, duplicates), score
    return best


# --- analysis ----------------------------------------------------------------------------------------------
def _display(value: Any) -> str | None:
    if value is None or value == [] or value == "":
        return None
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return audit.as_text(value)


def _canonical(value: Any) -> str | None:
    if value is None or value == [] or value == "":
        return None
    return audit.as_text(value)


class _Analyzer:
    def __init__(
        self, session: Session, raw: RawFile, *, today: dt.date | None = None, progress: ProgressFn | None = None
    ):
        self.s = session
        self.raw = raw
        self.today = today or dt.date.today()
        self.progress = progress
        info = raw.info
        self.plan = ImportPlan(info.name, info.sha256, info.kind, raw.encoding)
        kind = raw.meta.get("kind")
        self.plan.workbook_kind = kind if kind in (layout.WORKBOOK_KIND_ENTRY, layout.WORKBOOK_KIND_PORTFOLIO) else None
        self.meta_period: str | None = None
        if raw.meta.get("period"):
            try:
                self.meta_period = periods.normalize_period(raw.meta["period"])
            except ValueError:
                self._issue("warning", layout.SHEET_META, None, None, "填报表的报告期信息无法识别，已忽略")
        self.plan.period = self.meta_period
        self.seen: dict[tuple, int] = {}
        self.period_states: dict[str, str] = {}
        self.unchanged = 0

    # helpers
    def _issue(
        self,
        severity: str,
        sheet: str,
        row: int | None,
        col: layout.Col | None,
        message: str,
        column_index: int | None = None,
    ) -> None:
        letter = get_column_letter(column_index + 1) if column_index is not None else None
        self.plan.issues.append(Issue(severity, sheet, row, col.label if col else None, message, letter))

    def _state(self, code: str) -> str:
        if code not in self.period_states:
            self.period_states[code] = periods.period_state(self.s, code)
        return self.period_states[code]

    # sheets
    def run(self) -> ImportPlan:
        recognized = 0
        sheets = self.raw.sheets
        for number, sheet in enumerate(sheets, start=1):
            if self.progress:
                self.progress(number - 1, len(sheets), f"校验工作表“{sheet.name}”")
            if sheet.name in IGNORED_SHEETS:
                continue
            spec, header = self._identify(sheet)
            if spec is None:
                continue
            recognized += 1
            self.plan.sheets.append(sheet.name)
            self._sheet(sheet, spec, header)
        if recognized == 0 and not self.plan.errors:
            expected = "、".join(f"“{s.name}”" for s in layout.IMPORT_SPECS)
            self._issue(
                "error",
                self.raw.info.name if self.raw.info.kind == "xlsx" else CSV_SHEET,
                None,
                None,
                f"没有找到可导入的表：应为本系统导出的 {expected} 表（表头须与导出时一致）",
            )
        self.plan.rows_unchanged = self.unchanged
        return self.plan

    def _identify(self, sheet: RawSheet) -> tuple[layout.SheetSpec | None, _Header | None]:
        named = layout.SPEC_BY_SHEET.get(sheet.name.strip())
        if named is not None:
            return named, _find_header(sheet, named)
        if VIEW_SHEET.match(sheet.name.strip()):
            if any(any(not cp.is_blank(c.value) for c in cells) for _, cells in sheet.rows[1:]):
                self._issue(
                    "info", sheet.name, None, None, "分表仅供阅读和打印，导入时忽略；如需修改请在“项目”表中修改"
                )
            return None, None
        # A renamed sheet or a CSV: recognise it by its headers.
        candidates = []
        for spec in layout.IMPORT_SPECS:
            header = _find_header(sheet, spec)
            if header is not None:
                candidates.append((not header.missing(spec), len(header.columns), spec, header))
        candidates.sort(key=lambda t: (t[0], t[1]), reverse=True)
        if candidates and (candidates[0][0] or candidates[0][1] >= 3):
            return candidates[0][2], candidates[0][3]
        if any(any(not cp.is_blank(c.value) for c in cells) for _, cells in sheet.rows):
            self._issue("warning", sheet.name, None, None, "不是导入模板中的表（表头无法识别），已忽略")
        return None, None

    def _sheet(self, sheet: RawSheet, spec: layout.SheetSpec, header: _Header | None) -> None:
        name = sheet.name
        if header is None or not header.columns:
            self._issue(
                "error",
                name,
                None,
                None,
                f"找不到表头：前 {HEADER_SEARCH_ROWS} 行中没有“{spec.columns[0].label}”“项目编号”等列名，"
                f"请勿删除或修改表头",
            )
            return
        missing = header.missing(spec)
        if missing:
            self._issue(
                "error",
                name,
                header.row_number,
                None,
                f"缺少列：{'、'.join(missing)}（请使用系统导出的模板，不要删除或改名列，包括隐藏列）",
            )
        for c, text in header.duplicates:
            self._issue("error", name, header.row_number, None, f"列“{text}”重复出现", c)
        for c, text in header.unknown:
            self._issue("warning", name, header.row_number, None, f"未识别的列“{cp.show(text)}”，导入时忽略", c)
        if sheet.truncated_columns:
            self._issue("warning", name, None, None, f"超过 {fc.MAX_COLUMNS} 列的内容被忽略")
        for min_row, min_col, max_row, max_col, ref in sheet.merged:
            if max_row < header.row_number:
                continue  # a merged title above the header is harmless
            col = header.columns.get(min_col - 1)
            self._issue(
                "error",
                name,
                min_row,
                col,
                f"合并单元格 {ref}：合并后只有左上角单元格有值，其余会被当作空白。请取消合并，"
                f"并在每一行、每一列分别填写",
                min_col - 1,
            )
        if missing or header.duplicates:
            return
        by_key = {col.key: c for c, col in header.columns.items()}
        for row_number, cells in sheet.rows[header.index + 1 :]:
            if all(cp.is_blank(cell.value) and cell.formula is None for cell in cells):
                continue
            self.plan.rows_read += 1
            if self.plan.rows_read > fc.MAX_ROWS:
                self._issue("error", name, row_number, None, _too_many_rows(self.raw.info.name))
                return
            self._row(name, spec, row_number, cells, header.columns, by_key)

    # one row
    def _cells(
        self, name: str, row_number: int, cells: list[RawCell], columns: dict[int, layout.Col]
    ) -> tuple[dict[str, Any], bool]:
        """The raw values by column key, after formula/error-value handling. Returns (values, ok)."""
        values: dict[str, Any] = {}
        ok = True
        for c, col in columns.items():
            cell = cells[c] if c < len(cells) else RawCell(None)
            if cell.formula is not None:
                if cell.cached_missing:
                    self._issue(
                        "error",
                        name,
                        row_number,
                        col,
                        f"单元格是公式“{cp.show(cell.formula)}”且没有已计算的结果；导入时不执行公式，"
                        f"请改为直接填写数值",
                        c,
                    )
                    ok = False
                    values[col.key] = None
                    continue
                self._issue(
                    "warning",
                    name,
                    row_number,
                    col,
                    f"单元格是公式“{cp.show(cell.formula)}”，导入时不执行公式，"
                    f"使用了保存时的计算结果“{cp.show(cell.value)}”",
                    c,
                )
            if cell.error_value:
                self._issue("error", name, row_number, col, f"单元格是错误值 {cp.show(cell.value)}", c)
                ok = False
                values[col.key] = None
                continue
            values[col.key] = cell.value
        return values, ok

    def _row(
        self,
        name: str,
        spec: layout.SheetSpec,
        row_number: int,
        cells: list[RawCell],
        columns: dict[int, layout.Col],
        by_key: dict[str, int],
    ) -> None:
        errors_before = len(self.plan.errors)
        raw, cells_ok = self._cells(name, row_number, cells, columns)
        editable = spec.editable

        def err(key: str | None, message: str) -> None:
            col = spec.col(key) if key else None
            self._issue("error", name, row_number, col, message, by_key.get(key) if key else None)

        rid = cp.parse_id(raw.get("id"))
        if not rid.ok:
            err("id", rid.error)
            return
        if rid.value is None:
            if all(cp.is_blank(raw.get(col.key)) for col in editable):
                self._issue("warning", name, row_number, None, "没有记录ID、也没有填报内容的行，已忽略")
            else:
                err("id", f"缺少{spec.col('id').label}：请勿删除或修改隐藏的ID列，也不要自行插入新行")
            return
        version = cp.parse_int(raw.get("version"), minimum=0, what="版本号")
        if not version.ok or version.value is None:
            err("version", version.error or f"缺少{spec.col('version').label}（隐藏列，请勿修改）")
            return

        # the record and its project
        period = None
        if spec.entity == "milestone":
            record = self.s.get(Milestone, rid.value)
            if record is None:
                err("id", f"未知的里程碑ID“{rid.value}”：数据库中没有该节点（可能已被删除，或文件来自其他数据库）")
                return
            project = self.s.get(Project, record.project_id)
        else:
            project = self.s.get(Project, rid.value)
            if project is None:
                err("id", f"未知的项目ID“{rid.value}”：数据库中没有该项目（可能文件来自其他数据库，或ID被改动）")
                return
            record = project
        code_raw = raw.get("code")
        if not cp.is_blank(code_raw) and normalize(str(code_raw)) != project.code:
            err(
                "code",
                f"项目编号“{cp.show(code_raw)}”与该行的项目ID不符（数据库中为 {project.code}）："
                f"请勿修改项目编号或调换、复制行",
            )
            return
        if spec.entity == "progress":
            try:
                period = periods.normalize_period(raw.get("period"))
            except ValueError as exc:
                err("period", str(exc).split(" / ")[0] if not cp.is_blank(raw.get("period")) else "缺少报告期")
                return
            if self.meta_period and period != self.meta_period:
                self._issue(
                    "warning",
                    name,
                    row_number,
                    spec.col("period"),
                    f"本行报告期 {period} 与填报表的报告期 {self.meta_period} 不同",
                    by_key.get("period"),
                )
            record = self.s.scalar(
                select(QuarterlyProgress).where(
                    QuarterlyProgress.project_id == project.id, QuarterlyProgress.period == period
                )
            )

        # duplicates
        key = (spec.entity, rid.value, period)
        if key in self.seen:
            what = f"同一项目同一报告期（{project.code} {period}）" if period else f"同一记录（{project.code}）"
            err("id", f"与第 {self.seen[key]} 行重复：{what}只能出现一次")
            return
        self.seen[key] = row_number

        # locked quarters
        lock_period = (
            period if spec.entity == "progress" else (self.meta_period if spec.entity == "milestone" else None)
        )
        if lock_period and self._state(lock_period) == periods.LOCKED:
            err(
                "period" if spec.entity == "progress" else None,
                f"报告期 {lock_period} 已锁定，不能再导入该季度的数据（如确需修改，请市级管理员填写理由后解锁）",
            )
            return

        # parse the fields the import applies
        parsed: dict[str, Any] = {}
        for col in editable:
            result = self._parse(col, raw.get(col.key))
            if not result.ok:
                err(col.key, result.error)
                continue
            if col.key == "actual_date" and result.value is not None and result.value > self.today:
                err(col.key, f"实际完成日期 {result.value.isoformat()} 晚于今天，尚未发生的日期不能作为实际完成日期")
                continue
            parsed[col.key] = result.value
            if result.note:
                self._issue("info", name, row_number, col, result.note, by_key.get(col.key))
        if not cells_ok or len(self.plan.errors) > errors_before:
            return

        # compare with the database
        current = self._current(spec.entity, record)
        db_version = record.version if record is not None else 0
        if version.value > db_version:
            err(
                "version",
                f"版本号 {version.value} 比数据库中的版本 {db_version} 还新（记录可能已被删除，"
                f"或文件来自其他数据库），不能导入",
            )
            return
        differing = {k: v for k, v in parsed.items() if _canonical(v) != _canonical(current.get(k))}
        if spec.entity == "project" and differing:
            try:
                clean = projects.validate_changes(self.s, differing)
            except projects.ValidationError as exc:
                for k, message in exc.errors.items():
                    err(k if k in {c.key for c in editable} else None, message)
                return
            differing = {k: v for k, v in clean.items() if _canonical(v) != _canonical(current.get(k))}
        if not differing:
            self.unchanged += 1
            return
        plan_row = _RowPlan(name, row_number, spec.entity, rid.value, project.id, period, db_version)
        stale = version.value < db_version
        kept = 0
        for k, value in differing.items():
            col = spec.col(k)
            base_key = (spec.name, rid.value, k)
            base = self.raw.base.get(base_key)
            stale_field = stale
            if stale and base_key in self.raw.base:
                # Three-way: the workbook says what was pre-filled at export.
                if _canonical(value) == base:
                    kept += 1  # the county left it as exported; the city's newer value stays
                    continue
                stale_field = _canonical(current.get(k)) != base  # False: only the county changed it
            change_key = f"{spec.entity}:{rid.value}:{period or ''}:{k}"
            if stale_field:
                plan_row.conflicts[k] = value
                self.plan.conflicts.append(
                    Conflict(
                        change_key,
                        name,
                        row_number,
                        spec.entity,
                        rid.value,
                        project.id,
                        project.code,
                        project.name,
                        period,
                        k,
                        col.label,
                        _display(current.get(k)),
                        _display(value),
                        base,
                        version.value,
                        db_version,
                        getattr(record, "updated_by", None),
                        record.updated_at.strftime("%Y-%m-%d %H:%M") if getattr(record, "updated_at", None) else None,
                    )
                )
            else:
                plan_row.apply[k] = value
                self.plan.changes.append(
                    FieldChange(
                        change_key,
                        name,
                        row_number,
                        spec.entity,
                        rid.value,
                        project.id,
                        project.code,
                        project.name,
                        period,
                        k,
                        col.label,
                        _display(current.get(k)),
                        _display(value),
                    )
                )
        if kept:
            self._issue(
                "info",
                name,
                row_number,
                None,
                f"导出后市级已更新该记录（版本 {version.value} → {db_version}），文件中未改动的 {kept} 项保留数据库中的值",
            )
        if plan_row.apply or plan_row.conflicts:
            self.plan.rows.append(plan_row)
        else:
            self.unchanged += 1

    def _parse(self, col: layout.Col, raw: Any) -> cp.CellValue:
        if col.kind == "amount":
            return cp.parse_amount(raw)
        if col.kind == "land":
            return cp.parse_land(raw)
        if col.kind == "date":
            return cp.parse_date(raw)
        if col.kind == "status":
            return cp.parse_status(raw)
        if col.kind == "list":
            return cp.parse_list(raw)
        if col.kind == "county":
            text = cp.parse_text(raw, max_chars=40)
            if text.ok and text.value is not None:
                return cp.parse_choice(text.value, projects.known_counties(self.s), "县区")
            return text
        return cp.parse_text(raw)

    def _current(self, entity: str, record: Any) -> dict[str, Any]:
        if record is None:
            return {}
        if entity == "progress":
            return {
                k: getattr(record, k)
                for k in ("invested", "annual_plan", "physical_progress", "problems", "next_steps", "status")
            }
        if entity == "milestone":
            return {"actual_date": record.actual_date}
        return {
            col.key: (
                record.lead_departments
                if col.key == "lead_departments"
                else list(getattr(record, col.key) or [])
                if col.kind == "list"
                else getattr(record, col.key)
            )
            for col in layout.PORTFOLIO_SPEC.editable
        }


def analyze(
    session: Session, raw: RawFile, *, today: dt.date | None = None, progress: ProgressFn | None = None
) -> ImportPlan:
    """Validate everything and work out the changes; reads the database, writes nothing."""
    return _Analyzer(session, raw, today=today, progress=progress).run()


def file_error_plan(info_name: str, message: str, sha256: str = "", kind: str = "") -> ImportPlan:
    plan = ImportPlan(info_name, sha256, kind)
    plan.issues.append(Issue("error", info_name, None, None, message))
    return plan


# --- applying ----------------------------------------------------------------------------------------------
def unresolved_conflicts(
    plan: ImportPlan, resolutions: dict[str, str] | None, default: str | None = None
) -> list[Conflict]:
    resolutions = resolutions or {}
    return [c for c in plan.conflicts if resolutions.get(c.key, default) not in (THEIRS, MINE)]


def apply_plan(
    session: Session,
    plan: ImportPlan,
    *,
    user: str,
    resolutions: dict[str, str] | None = None,
    default: str | None = None,
    progress: ProgressFn | None = None,
) -> list[FieldChange]:
    """Write the plan. The caller owns the transaction (all or nothing). Raises ImportRejected when the plan
    has errors or unresolved conflicts, or when a core service refuses a row (the caller rolls back)."""
    if plan.errors:
        raise ImportRejected(plan.errors)
    pending = unresolved_conflicts(plan, resolutions, default)
    if pending:
        raise ImportRejected(
            [
                Issue(
                    "error",
                    c.sheet,
                    c.row,
                    c.label,
                    f"冲突尚未处理：数据库中为“{c.mine or '空'}”，文件中为“{c.theirs or '空'}”",
                )
                for c in pending
            ]
        )
    resolutions = resolutions or {}
    by_row_key = {(c.sheet, c.row, c.field): c for c in plan.conflicts}
    applied: list[FieldChange] = []
    changes_by_row: dict[tuple[str, int], list[FieldChange]] = {}
    for ch in plan.changes:
        changes_by_row.setdefault((ch.sheet, ch.row), []).append(ch)
    for number, row in enumerate(plan.rows, start=1):
        if progress:
            progress(number, len(plan.rows), "写入数据库")
        fields = dict(row.apply)
        taken: list[FieldChange] = list(changes_by_row.get((row.sheet, row.row), []))
        for k, value in row.conflicts.items():
            conflict = by_row_key[(row.sheet, row.row, k)]
            if resolutions.get(conflict.key, default) == THEIRS:
                fields[k] = value
                taken.append(
                    FieldChange(
                        conflict.key,
                        row.sheet,
                        row.row,
                        row.entity,
                        row.record_id,
                        row.project_id,
                        conflict.project_code,
                        conflict.project_name,
                        row.period,
                        k,
                        conflict.label,
                        conflict.mine,
                        conflict.theirs,
                        "冲突：采用文件中的值",
                    )
                )
        if not fields:
            continue
        detail = f"{plan.file_name} {row.sheet}!{row.row}"
        try:
            _write_row(session, row, fields, user=user, detail=detail)
        except (
            projects.ValidationError,
            projects.ConflictError,
            projects.NotFoundError,
            periods.PeriodLockedError,
        ) as exc:
            raise ImportRejected([Issue("error", row.sheet, row.row, None, f"写入失败：{exc}")]) from exc
        applied.extend(taken)
    session.flush()
    return applied


def _write_row(session: Session, row: _RowPlan, fields: dict[str, Any], *, user: str, detail: str) -> None:
    if row.entity == "progress":
        from app.core.progress import set_progress

        set_progress(
            session,
            row.project_id,
            row.period,
            user=user,
            source="import",
            source_detail=detail,
            expected_version=row.db_version,
            **fields,
        )
    elif row.entity == "milestone":
        from app.core import milestones

        before = session.scalar(select(func.max(AuditEntry.id))) or 0
        kwargs: dict[str, Any] = dict(user=user, expected_version=row.db_version, source="import")
        if "source_detail" in inspect.signature(milestones.update_milestone).parameters:
            kwargs["source_detail"] = detail
        milestones.update_milestone(session, row.record_id, fields, **kwargs)
        session.flush()
        # update_milestone records no source_detail (yet): name the file and row on its audit entries.
        for entry in session.scalars(
            select(AuditEntry).where(
                AuditEntry.id > before, AuditEntry.entity_id == row.record_id, AuditEntry.source == "import"
            )
        ):
            if not entry.source_detail:
                entry.source_detail = detail
    else:
        projects.update_project(
            session,
            row.record_id,
            fields,
            user=user,
            expected_version=row.db_version,
            source="import",
            source_detail=detail,
        )
