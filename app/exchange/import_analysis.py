"""The second step of an import: every cell checked again, every row compared with the database. Writes nothing.

Pasted values bypass Excel's validation, so each cell the import uses is parsed again. Each row then goes
through the same steps whatever its table (a handler in import_rows knows the table's own part):

  record id and version -> the record (handler) -> project code -> the workbook's scope -> duplicates ->
  locked quarter -> the cells -> the three-way comparison with the database.

The three-way comparison uses the values the workbook was exported with (its hidden _base sheet), per field:
the database still holds the exported value -> the file's value is taken; the file still holds it -> the
database's value stays; both changed, differently -> a conflict for a person to decide. A workbook exported
from another office's database (its _meta names another database, or its record versions are ahead of ours)
shares no history with this database: there a field is taken when the database has nothing (or the exported
value), a field the other office left blank clears nothing, and any other difference is a conflict. Without _base (CSV), a row whose version differs from the
database's is all conflicts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from app.core import periods
from app.core.errors import ValidationError
from app.core.parsing import normalize
from app.core.scope import Scope, describe_owner, project_in_scope
from app.db.models import Project
from app.exchange import cell_parsing, file_checks, layout
from app.exchange.import_headers import Header, SheetMatch, identify
from app.exchange.import_plan import (
    ERROR,
    INFO,
    WARNING,
    Conflict,
    FieldChange,
    ImportPlan,
    Issue,
    RowPlan,
    canonical,
    display,
)
from app.exchange.import_reading import CSV_SHEET, HEADER_SEARCH_ROWS, RawCell, RawFile, RawRow, too_many_rows
from app.exchange.import_rows import HANDLERS, Located, RowHandler

ProgressFn = Callable[[int, int, str], None]
TAKE, KEEP, CONFLICT, SAME = "take", "keep", "conflict", "same"


def merge_field(
    file_value: Any, db_value: Any, *, base_known: bool, base: str | None, shared_history: bool, same_version: bool
) -> str:
    """What the import does with one field: TAKE the file's value, KEEP the database's, SAME, or CONFLICT."""
    theirs, mine = canonical(file_value), canonical(db_value)
    if theirs == mine:
        return SAME
    if base_known and shared_history:
        if mine == base:
            return TAKE
        return KEEP if theirs == base else CONFLICT
    if base_known:  # another database's workbook: only an empty or unchanged field is safe to fill
        if mine is None or mine == base:
            return TAKE
        # Blank there and blank at export: the other office has nothing to say, which clears nothing here.
        return KEEP if theirs is None and base is None else CONFLICT
    return TAKE if same_version and shared_history else CONFLICT


class Analyzer:
    def __init__(
        self,
        session: Session,
        raw: RawFile,
        *,
        database_id: str | None = None,
        today: dt.date | None = None,
        progress: ProgressFn | None = None,
    ):
        self.s = session
        self.raw = raw
        self.today = today or dt.date.today()
        self.progress = progress
        info = raw.info
        self.plan = ImportPlan(info.name, info.sha256, info.kind, raw.encoding)
        kind = raw.meta.get("kind")
        self.plan.workbook_kind = kind if kind in (layout.WORKBOOK_KIND_ENTRY, layout.WORKBOOK_KIND_PORTFOLIO) else None
        self.scope = Scope.from_meta(raw.meta)
        self.plan.scope = self.scope.label if self.plan.workbook_kind else None
        exported_from = (raw.meta.get("database_id") or "").strip()
        # A workbook without the mark (older exports) is taken to come from this database, as before.
        self.same_database = not exported_from or exported_from == database_id
        self.meta_period: str | None = None
        if raw.meta.get("period"):
            try:
                self.meta_period = periods.normalize_period(raw.meta["period"])
            except ValueError:
                self._issue(WARNING, layout.SHEET_META, None, None, "填报表的报告期信息无法识别，已忽略")
        self.plan.period = self.meta_period
        self.error_count = 0  # len(plan.errors), kept as a count: rows ask for it, the list grows per row
        self.seen: dict[tuple[str, str, str | None], int] = {}
        self.period_states: dict[str, str] = {}
        self.projects: dict[str, Project | None] = {}  # every project the file names, read once (import_rows)
        self.unchanged = 0

    # --- helpers -------------------------------------------------------------------------------------------
    def _issue(
        self,
        severity: str,
        sheet: str,
        row: int | None,
        col: layout.Col | None,
        message: str,
        column_index: int | None = None,
        last_row: int | None = None,
    ) -> None:
        letter = get_column_letter(column_index + 1) if column_index is not None else None
        self.plan.issues.append(Issue(severity, sheet, row, col.label if col else None, message, letter, last_row))
        if severity == ERROR:
            self.error_count += 1

    def _state(self, code: str) -> str:
        if code not in self.period_states:
            self.period_states[code] = periods.period_state(self.s, code)
        return self.period_states[code]

    # --- sheets --------------------------------------------------------------------------------------------
    def run(self) -> ImportPlan:
        found = identify(self.raw)
        where = self.raw.info.name if not self.raw.is_csv else CSV_SHEET
        for name in found.ignored_views:
            self._issue(INFO, name, None, None, "分表仅供阅读和打印，导入时忽略；如需修改请在“项目”表中修改")
        for name in found.unknown:
            self._issue(WARNING, name, None, None, "不是导入模板中的表（表头无法识别），已忽略")
        for sheet, spec in found.headerless:
            self._issue(
                ERROR,
                sheet.name,
                None,
                None,
                f"找不到表头：前 {HEADER_SEARCH_ROWS} 行中没有“{spec.columns[0].label}”“项目编号”等列名，请勿删除或修改表头",
            )
        for spec, count in found.missing:
            self._issue(
                ERROR,
                where,
                None,
                None,
                f"找不到“{spec.name}”表：这个工作簿导出时有 {count} 行{spec.name}数据，但没有一个工作表的表头与之相符"
                f"（工作表可能被删除、改名后改动了表头，或与其他表调换了内容）。为免漏掉数据，整个文件未导入",
            )
        for number, match in enumerate(found.matches, start=1):
            if self.progress:
                self.progress(number - 1, len(found.matches), f"校验工作表“{match.sheet.name}”")
            self.plan.sheets.append(match.sheet.name)
            self._sheet(match)
        if not found.matches and not self.error_count:
            expected = "、".join(f"“{s.name}”" for s in layout.IMPORT_SPECS)
            self._issue(
                ERROR, where, None, None, f"没有找到可导入的表：应为本系统导出的 {expected} 表（表头须与导出时一致）"
            )
        self.plan.rows_unchanged = self.unchanged
        return self.plan

    def _sheet(self, match: SheetMatch) -> None:
        sheet, spec, header = match.sheet, match.spec, match.header
        name = sheet.name
        missing = header.missing(spec)
        if missing:
            self._issue(
                ERROR,
                name,
                header.row_number,
                None,
                f"缺少列：{'、'.join(missing)}（请使用系统导出的模板，不要删除或改名列，包括隐藏列）",
            )
        for c, text in header.duplicates:
            self._issue(ERROR, name, header.row_number, None, f"列“{text}”重复出现", c)
        for c, text in header.unknown:
            self._issue(WARNING, name, header.row_number, None, f"未识别的列“{cell_parsing.show(text)}”，导入时忽略", c)
        if sheet.truncated_columns:
            self._issue(WARNING, name, None, None, f"超过 {file_checks.MAX_COLUMNS} 列的内容被忽略")
        for merged in sheet.merged:
            if merged.max_row < header.row_number:
                continue  # a merged title above the header is harmless
            self._issue(
                ERROR,
                name,
                merged.min_row,
                header.columns.get(merged.min_col - 1),
                f"合并单元格 {merged.ref}：合并后只有左上角单元格有值，其余会被当作空白。请取消合并，并在每一行、每一列分别填写",
                merged.min_col - 1,
            )
        if missing or header.duplicates:
            return
        handler = HANDLERS[spec.entity](
            self.s, meta_period=self.meta_period, today=self.today, known_projects=self.projects
        )
        by_key = {col.key: c for c, col in header.columns.items()}
        handler.preload(_record_ids(sheet.rows[header.index + 1 :], by_key.get("id")))
        for row in sheet.rows[header.index + 1 :]:
            if row.is_blank and not row.embedded_rows:
                continue
            self.plan.rows_read += 1
            if self.plan.rows_read > file_checks.MAX_ROWS:
                self._issue(ERROR, name, row.number, None, too_many_rows(self.raw.info.name))
                return
            if row.width is not None and not self._record_shape_ok(name, row, header):
                continue
            _RowAnalysis(self, spec, handler, name, row, header.columns, by_key).run()

    def _record_shape_ok(self, name: str, row: RawRow, header: Header) -> bool:
        """A CSV record must have the header's fields: fewer would clear the missing columns, and a record that
        swallowed the next lines (an unclosed quote) would lose them."""
        width = row.width or 0
        spans = row.last_line is not None and row.last_line > row.number
        extra_blank = width > header.width and all(cell_parsing.is_blank(c.value) for c in row.cells[header.width :])
        if row.embedded_rows or (spans and width != header.width and not extra_blank):
            message = (
                f"这 {row.last_line - row.number + 1 if row.last_line else 1} 行被读成了一条记录：第 {row.number} 行"
                f'多半有一个没有闭合的引号（"），把后面的行并进了一个单元格。请检查引号后重新另存为 CSV'
            )
        elif width < header.width:
            message = (
                f"本行只有 {width} 个字段，表头有 {header.width} 个：缺少的字段不能当作空白（那会清空已填报的内容）。"
                f"请检查本行是否少了逗号或被截断"
            )
        elif width > header.width and not extra_blank:
            message = f"本行有 {width} 个字段，比表头的 {header.width} 个多：可能多了逗号，请检查本行"
        else:
            return True
        self._issue(ERROR, name, row.number, None, message, last_row=row.last_line)
        return False


class _RowAnalysis:
    """The steps of one row (see the module docstring); errors are collected, the row is planned if none."""

    def __init__(
        self,
        analyzer: Analyzer,
        spec: layout.SheetSpec,
        handler: RowHandler,
        sheet: str,
        row: RawRow,
        columns: dict[int, layout.Col],
        by_key: dict[str, int],
    ):
        self.a = analyzer
        self.plan = analyzer.plan
        self.spec = spec
        self.handler = handler
        self.sheet = sheet
        self.row = row
        self.columns = columns
        self.by_key = by_key
        self.errors_before = analyzer.error_count

    def issue(self, severity: str, key: str | None, message: str) -> None:
        col = self.spec.col(key) if key else None
        index = self.by_key.get(key) if key else None
        self.a._issue(severity, self.sheet, self.row.number, col, message, index, self.row.last_line)

    def error(self, key: str | None, message: str) -> None:
        self.issue(ERROR, key, message)

    def warn(self, key: str | None, message: str) -> None:
        self.issue(WARNING, key, message)

    def run(self) -> None:
        raw, cells_ok = self._cells()
        record_id = cell_parsing.parse_id(raw.get("id"))
        if not record_id.ok:
            self.error("id", record_id.error or "")
            return
        if record_id.value is None:
            if all(cell_parsing.is_blank(raw.get(col.key)) for col in self.spec.editable):
                self.issue(WARNING, None, "没有记录ID、也没有填报内容的行，已忽略")
            else:
                self.error("id", f"缺少{self.spec.col('id').label}：请勿删除或修改隐藏的ID列，也不要自行插入新行")
            return
        version = cell_parsing.parse_int(raw.get("version"), minimum=0, what="版本号")
        if not version.ok or version.value is None:
            self.error("version", version.error or f"缺少{self.spec.col('version').label}（隐藏列，请勿修改）")
            return
        located = self.handler.locate(record_id.value, raw, self.error, self.warn)
        if located is None or not self._identity_ok(located, raw):
            return
        parsed = self._parse(raw)
        if not cells_ok or self.a.error_count > self.errors_before:
            return
        self._compare(located, record_id.value, version.value, parsed)

    def _cells(self) -> tuple[dict[str, Any], bool]:
        """The raw values by column key, after formula/error-value handling. Returns (values, ok)."""
        values: dict[str, Any] = {}
        ok = True
        cells = self.row.cells
        for c, col in self.columns.items():
            cell = cells[c] if c < len(cells) else RawCell(None)
            values[col.key] = None
            if cell.formula is not None:
                formula = cell_parsing.show(cell.formula)
                if cell.cached_missing:
                    self.error(
                        col.key, f"单元格是公式“{formula}”且没有已计算的结果；导入时不执行公式，请改为直接填写数值"
                    )
                    ok = False
                    continue
                self.warn(
                    col.key,
                    f"单元格是公式“{formula}”，导入时不执行公式，使用了保存时的计算结果“{cell_parsing.show(cell.value)}”",
                )
            if cell.error_value:
                self.error(col.key, f"单元格是错误值 {cell_parsing.show(cell.value)}")
                ok = False
                continue
            values[col.key] = cell.value
        return values, ok

    def _identity_ok(self, located: Located, raw: dict[str, Any]) -> bool:
        """The row's project code matches its id, the project is in the workbook's scope, and the row is the
        only one for its record. Names are shown, not imported: say so when one was changed."""
        project = located.project
        code = raw.get("code")
        if not cell_parsing.is_blank(code) and normalize(str(code)) != project.code:
            self.error(
                "code",
                f"项目编号“{cell_parsing.show(code)}”与该行的项目ID不符（数据库中为 {project.code}）：请勿修改项目编号或调换、复制行",
            )
            return False
        if not project_in_scope(project, self.a.scope):
            self.error(
                "code",
                f"项目 {project.code}（{project.name}）{describe_owner(project, self.a.scope)}，"
                f"不在本工作簿的范围“{self.a.scope.label}”内：不能用{self.a.scope.label}的填报表修改其他单位的项目",
            )
            return False
        self._unimported_names(located, raw)
        key = (self.spec.entity, located.record_id, located.period)
        first = self.a.seen.get(key)
        if first is not None:
            what = (
                f"同一项目同一报告期（{project.code} {located.period}）"
                if located.period
                else f"同一记录（{project.code}）"
            )
            self.error("id", f"与第 {first} 行重复：{what}只能出现一次")
            return False
        self.a.seen[key] = self.row.number
        return True

    def _unimported_names(self, located: Located, raw: dict[str, Any]) -> None:
        shown = [("name", located.project.name, "项目名称")]
        if self.spec.entity == "milestone" and located.same_record:
            shown.append(("title", located.record.title, "里程碑名称"))
        for key, stored, what in shown:
            col = next((c for c in self.spec.columns if c.key == key), None)
            value = raw.get(key)
            if col is None or col.editable or cell_parsing.is_blank(value):
                continue
            if normalize(str(value)) != normalize(stored):
                self.issue(
                    INFO,
                    key,
                    f"{what}不导入：文件中改为“{cell_parsing.show(value)}”，数据库中仍为“{cell_parsing.show(stored)}”"
                    f"（{what}请在项目编辑中修改）",
                )

    def _writable(self, located: Located) -> bool:
        """A locked quarter refuses changes to its quarterly records, and only to those (the core's one rule,
        periods.freezes): milestones are not quarter data and import whatever the quarter's state."""
        period = located.period
        if period and periods.freezes(self.spec.entity) and self.a._state(period) == periods.LOCKED:
            self.error(
                "period", f"报告期 {period} 已锁定，不能再导入该季度的数据（如确需修改，请市级管理员填写理由后解锁）"
            )
            return False
        return True

    def _parse(self, raw: dict[str, Any]) -> dict[str, Any]:
        parsed: dict[str, Any] = {}
        for col in self.spec.editable:
            result = self.handler.parse(col, raw.get(col.key))
            if not result.ok:
                self.error(col.key, result.error or "")
                continue
            problem = self.handler.check(col.key, result.value)
            if problem:
                self.error(col.key, problem)
                continue
            parsed[col.key] = result.value
            if result.note:
                self.issue(INFO, col.key, result.note)
        return parsed

    def _compare(self, located: Located, file_id: str, file_version: int, parsed: dict[str, Any]) -> None:
        current = self.handler.current(located)
        record = located.record
        db_version = record.version if record is not None else 0
        differing = {
            k: v for k, v in parsed.items() if canonical(v) != canonical(self.handler.comparable(k, current.get(k)))
        }
        if differing:
            try:
                clean = self.handler.validate(differing)
            except ValidationError as exc:
                editable = {c.key for c in self.spec.editable}
                for k, message in exc.errors.items():
                    self.error(k if k in editable else None, message)
                return
            differing = {k: v for k, v in clean.items() if canonical(v) != canonical(current.get(k))}
        if not differing:
            self.a.unchanged += 1  # an unchanged row of a locked quarter is fine: nothing would be written
            return
        if not self._writable(located):
            return
        shared_history = self.a.same_database and located.same_record and file_version <= db_version
        plan_row = RowPlan(
            self.sheet,
            self.row.number,
            self.spec.entity,
            located.record_id,
            located.project.id,
            located.period,
            db_version,
        )
        kept = 0
        for k, value in differing.items():
            base_key = (self.spec.name, file_id, k)
            base_known = self.a.raw.base_present and base_key in self.a.raw.base
            base = self.a.raw.base.get(base_key)
            decision = merge_field(
                value,
                current.get(k),
                base_known=base_known,
                base=base,
                shared_history=shared_history,
                same_version=file_version == db_version,
            )
            if decision == KEEP:
                kept += 1
            elif decision == TAKE:
                plan_row.apply[k] = value
                self.plan.changes.append(self._change(located, k, current.get(k), value))
            elif decision == CONFLICT:
                plan_row.conflicts[k] = value
                self.plan.conflicts.append(
                    self._conflict(located, k, current.get(k), value, base, file_version, db_version)
                )
        if kept and shared_history:
            self.issue(
                INFO,
                None,
                f"导出后数据库中该记录已更新（版本 {file_version} → {db_version}），文件中未改动的 {kept} 项保留数据库中的值",
            )
        if not shared_history and plan_row.apply:
            self.issue(
                INFO,
                None,
                "该行来自另一个数据库导出的填报表：数据库中为空或与导出时相同的项采用文件中的值，其余不同之处列为冲突",
            )
        if plan_row.apply or plan_row.conflicts:
            self.plan.rows.append(plan_row)
        else:
            self.a.unchanged += 1

    def _key(self, located: Located, field: str) -> str:
        return f"{self.spec.entity}:{located.record_id}:{located.period or ''}:{field}"

    def _change(self, located: Located, field: str, old: Any, new: Any) -> FieldChange:
        project = located.project
        return FieldChange(
            self._key(located, field),
            self.sheet,
            self.row.number,
            self.spec.entity,
            located.record_id,
            project.id,
            project.code,
            project.name,
            located.period,
            field,
            self.spec.col(field).label,
            display(old),
            display(new),
        )

    def _conflict(
        self, located: Located, field: str, mine: Any, theirs: Any, base: str | None, file_version: int, db_version: int
    ) -> Conflict:
        project, record = located.project, located.record
        changed_at = getattr(record, "updated_at", None)
        return Conflict(
            self._key(located, field),
            self.sheet,
            self.row.number,
            self.spec.entity,
            located.record_id,
            project.id,
            project.code,
            project.name,
            located.period,
            field,
            self.spec.col(field).label,
            display(mine),
            display(theirs),
            base,
            file_version,
            db_version,
            getattr(record, "updated_by", None),
            changed_at.strftime("%Y-%m-%d %H:%M") if changed_at else None,
        )


def _record_ids(rows: list[RawRow], column: int | None) -> list[str]:
    """The well-formed record ids of the rows (the others are reported row by row)."""
    if column is None:
        return []
    ids = []
    for row in rows:
        if column < len(row.cells):
            parsed = cell_parsing.parse_id(row.cells[column].value)
            if parsed.ok and parsed.value is not None:
                ids.append(parsed.value)
    return ids


def analyze(
    session: Session,
    raw: RawFile,
    *,
    database_id: str | None = None,
    today: dt.date | None = None,
    progress: ProgressFn | None = None,
) -> ImportPlan:
    """Validate everything and work out the changes; reads the database, writes nothing."""
    return Analyzer(session, raw, database_id=database_id, today=today, progress=progress).run()
