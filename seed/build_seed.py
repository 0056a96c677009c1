"""Build seed/appendix_projects.xlsx from the plan text (附表1-7 and 表3-1).

    python -m seed.build_seed [--plan PATH] [--out PATH]

The plan text is tab-separated where the plan has tables. Every appendix row becomes exactly one project
(continuation lines of a row are joined into it, never made into projects of their own); every value is
parsed by an explicit rule or left unknown; every oddity is written to the review sheet with its reason.
The app reads only the workbook, because officers do not have the plan text.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import re
import sys
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from app.core import reference as ref
from app.core.parsing import clean_text, is_placeholder, normalize, parse_land_mu, parse_number
from app.core.seed_workbook import (
    INDICATOR_COLUMNS,
    LIST_SEPARATOR,
    PROJECT_COLUMNS,
    REVIEW_COLUMNS,
    SHEET_INDICATORS,
    SHEET_PROJECTS,
    SHEET_README,
    SHEET_REVIEW,
    Column,
)
from app.exchange.xlsx_safe import set_value

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PLAN = REPO.parent / "shared" / "plan" / "datong-14th-fyp-ecology-plan.txt"
DEFAULT_OUT = REPO / "seed" / "appendix_projects.xlsx"

# Fixed namespace: uuid5(namespace, code) gives every appendix project the same id in every database.
ID_NAMESPACE = uuid.UUID("6f1d2c1e-5b7a-4c3e-9a51-0d7c2b8e4a10")
FIXED_TIMESTAMP = dt.datetime(2021, 12, 31)  # workbook metadata; keeps rebuilds identical

APPENDIX_START = "附表：重点工程项目基本信息表"
INDICATOR_TABLE_TITLE = "表 3-1 规划指标体系"

HEADER_FIELDS = [  # (prefix of the header cell with spaces removed, field)
    ("序号", "row_no"),
    ("项目名称", "name"),
    ("主要建设规模", "scale"),
    ("主要建设内容", "content"),
    ("主要内容", "content"),
    ("项目建设主体", "entities"),
    ("项目建设地点", "location"),
    ("概算总投资", "investment"),
    ("拟新增建设用地规模", "land"),
    ("建议牵头责任部门", "lead"),
]

FIELD_LABELS = {
    "name": "项目名称",
    "scale": "主要建设规模",
    "content": "主要建设内容",
    "entities": "项目建设主体",
    "location": "项目建设地点",
    "investment": "概算总投资",
    "land": "拟新增建设用地规模",
    "lead": "建议牵头责任部门",
    "county": "所属县区",
}
TEXT_FIELDS = ["name", "scale", "content", "entities", "location", "investment", "land", "lead"]

ORG_SUFFIXES = (
    "局",
    "委",
    "委员会",
    "管委会",
    "中心",
    "政府",
    "公司",
    "队",
    "处",
    "站",
    "所",
    "院",
    "分局",
    "经建投",
    "办",
    "办公室",
)


class PlanFormatError(Exception):
    pass


@dataclass
class Finding:
    rule: str
    field: str | None
    severity: str
    message: str


@dataclass
class RawRow:
    table: int
    group: str
    title: str
    row_no: int
    source_line: int
    cells: dict[str, list[str]]  # field -> one text per source line (continuation lines add more)
    columns: list[str]

    def raw(self, key: str) -> str | None:
        if key not in self.columns:
            return None
        parts = [p for p in self.cells.get(key, []) if p.strip()]
        return LIST_SEPARATOR.join(parts) if parts else self.cells.get(key, [""])[0]


@dataclass
class ProjectRecord:
    raw: RawRow
    values: dict = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def code(self) -> str:
        return ref.project_code(self.raw.table, self.raw.row_no)

    def flag(self, rule: str, field_: str | None, severity: str, message: str) -> None:
        self.findings.append(Finding(rule, field_, severity, message))


# --------------------------------------------------------------------------------------------------
# Reading the plan text
# --------------------------------------------------------------------------------------------------


def _map_header(cells: list[str], line_no: int) -> list[str]:
    fields = []
    for cell in cells:
        key = re.sub(r"\s+", "", cell)
        for prefix, name in HEADER_FIELDS:
            if key.startswith(prefix):
                fields.append(name)
                break
        else:
            raise PlanFormatError(f"line {line_no}: unknown appendix column header {cell!r}")
    return fields


def read_appendix(lines: list[str]) -> list[RawRow]:
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == APPENDIX_START)
    except StopIteration as exc:
        raise PlanFormatError(f"appendix heading {APPENDIX_START!r} not found") from exc
    rows: list[RawRow] = []
    table = group = title = None
    columns: list[str] | None = None
    for idx in range(start + 1, len(lines)):
        line, line_no = lines[idx], idx + 1
        stripped = line.strip()
        if not stripped:
            continue
        m_group = re.match(r"^\((一|二|三)\)", stripped)
        m_table = re.match(r"^附表\s*(\d+)\s*(.+)$", stripped)
        if m_group and "\t" not in line:
            group = m_group.group(1)
            continue
        if m_table and "\t" not in line:
            table, title, columns = int(m_table.group(1)), m_table.group(2).strip(), None
            continue
        if "\t" not in line:
            if stripped.startswith("注"):
                break
            raise PlanFormatError(f"line {line_no}: unexpected text inside the appendix: {stripped[:30]!r}")
        cells = line.split("\t")
        if re.sub(r"\s+", "", cells[0]) == "序号":
            columns = _map_header(cells, line_no)
            continue
        if table is None or columns is None or group is None:
            raise PlanFormatError(f"line {line_no}: table row before any table header")
        if len(cells) != len(columns):
            raise PlanFormatError(f"line {line_no}: {len(cells)} cells, header has {len(columns)}")
        first = cells[0].strip()
        if first.isdigit():
            rows.append(
                RawRow(
                    table,
                    group,
                    title,
                    int(first),
                    line_no,
                    {f: [c.strip()] for f, c in zip(columns, cells, strict=True)},
                    columns,
                )
            )
        elif first == "" and rows and rows[-1].table == table:
            # A continuation line: the same project, more entities/locations/scales (附表3 序号8).
            for f, c in zip(columns, cells, strict=True):
                if f != "row_no":
                    rows[-1].cells[f].append(c.strip())
        else:
            raise PlanFormatError(f"line {line_no}: cannot tell which project this row belongs to")
    return rows


# --------------------------------------------------------------------------------------------------
# Field parsing
# --------------------------------------------------------------------------------------------------


def _clean(record: ProjectRecord, key: str) -> str | None:
    raw = record.raw.raw(key)
    if raw is None:
        return None
    if is_placeholder(raw):
        return None
    text, converted = clean_text(raw)
    if converted:
        record.flag(
            "markup_cleaned",
            key,
            "info",
            f"{FIELD_LABELS[key]}原文含排版标记（HTML/LaTeX/上下标），已转换为普通文字，原文保留在“原文-”列",
        )
    return text


def _looks_like_org(text: str) -> bool:
    return text.endswith(ORG_SUFFIXES)


def split_names(text: str) -> tuple[list[str], list[str]]:
    """Split a cell naming one or more organisations. Returns (names, notes on how it was split)."""
    notes: list[str] = []
    parts: list[str] = []
    for chunk in re.split(r"[、，,；;\n]", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        words = chunk.split()
        # A space inside a cell is either a separator ("市经建投 市园林局") or a line-wrap inside one
        # name ("广灵县 林业局"): it separates only when the part before it is a complete organisation.
        current = ""
        for word in words:
            if current and _looks_like_org(current):
                parts.append(current)
                current = word
            else:
                if current:
                    notes.append(f"“{current} {word}”中的空格为断行，按一个名称“{current}{word}”处理")
                current += word
        if current:
            parts.append(current)
    # "广灵县人民政府瑞图生态科技有限公司": two organisations printed without a separator.
    split: list[str] = []
    for part in parts:
        m = re.match(r"^(.+?人民政府)(.+(公司|局|中心))$", part)
        if m:
            split.extend([m.group(1), m.group(2)])
            notes.append(f"“{part}”为两个单位连写，拆分为“{m.group(1)}”和“{m.group(2)}”")
        else:
            split.append(part)
    return split, notes


def parse_entities(record: ProjectRecord) -> list[str]:
    raw = record.raw.raw("entities")
    if raw is None or is_placeholder(raw):
        record.flag("missing_field", "entities", "warning", f"项目建设主体未填写（原文“{raw or ''}”）")
        return []
    names, notes = split_names(raw)
    for note in notes:
        record.flag("entities_split", "entities", "warning", note)
    for name in names:
        if name.endswith("工程"):
            record.flag(
                "entity_is_project", "entities", "warning", f"建设主体“{name}”是工程名称而不是单位，需明确实施单位"
            )
        elif name.startswith("各"):
            record.flag("entity_generic", "entities", "info", f"建设主体“{name}”为泛指，未列出具体单位")
    return names


def _department_level_known(name: str) -> bool:
    return (
        name.startswith(("市", "大同市", "山西省", "开发区"))
        or any(c in name for c in ref.COUNTY_NAMES)
        or any(name.startswith(alias) for alias in ref.COUNTY_ALIASES)
    )


def parse_leads(record: ProjectRecord) -> list[str]:
    raw = record.raw.raw("lead")
    if raw is None:
        return []
    if is_placeholder(raw):
        record.flag("missing_field", "lead", "warning", f"未提出建议牵头责任部门（原文“{raw}”）")
        return []
    names, notes = split_names(raw)
    for note in notes:
        record.flag("lead_split", "lead", "info", note)
    for name in names:
        if name.endswith("公司"):
            record.flag(
                "lead_is_company", "lead", "warning", f"牵头部门“{name}”是企业而不是政府部门，需明确牵头责任部门"
            )
        elif not _department_level_known(name):
            record.flag(
                "lead_ambiguous", "lead", "warning", f"牵头部门“{name}”未写明所属市或县区，无法确定是哪一级部门"
            )
    return names


def parse_investment(record: ProjectRecord) -> Decimal | None:
    raw = record.raw.raw("investment")
    parsed = parse_number(raw)
    if parsed.status == "blank":
        record.flag("missing_investment", "investment", "warning", f"概算总投资原文为“{raw}”，按未知处理（不计为 0）")
    elif parsed.status == "invalid":
        record.flag("unparsed_investment", "investment", "warning", f"概算总投资“{raw}”无法解析为数字，按未知处理")
    return parsed.value


def parse_land(record: ProjectRecord) -> Decimal | None:
    if "land" not in record.raw.columns:
        return None  # 附表2、3、5、6 have no land column: unknown, and nothing to review
    raw = record.raw.raw("land")
    parsed = parse_land_mu(raw)
    if parsed.status == "invalid":
        record.flag("unparsed_land", "land", "warning", f"拟新增建设用地规模“{raw}”无法解析，按未知处理")
    elif parsed.status == "ok" and parsed.note:
        severity = "warning" if "万" in parsed.note else "info"
        record.flag("land_unit", "land", severity, f"拟新增建设用地规模{parsed.note}，请核实")
    elif parsed.status == "blank" and (raw or "").strip() == "":
        record.flag("blank_land", "land", "info", "拟新增建设用地规模栏空白（未填“---”），按未知处理")
    return parsed.value


def derive_county(record: ProjectRecord, entities: list[str], leads: list[str]) -> tuple[str, list[str]]:
    """The county the text names: location first, then entities, lead departments, project name."""
    sources = [
        ("项目建设地点", record.values.get("location")),
        ("项目建设主体", "、".join(entities)),
        ("建议牵头责任部门", "、".join(leads)),
        ("项目名称", record.values.get("name")),
    ]
    mentioned: list[str] = []
    chosen: tuple[str, list[str]] | None = None
    for label, text in sources:
        found = ref.find_counties(text)
        for county in found:
            if county not in mentioned and county != ref.CITY_LEVEL:
                mentioned.append(county)
        if found and chosen is None:
            chosen = (label, found)
    if chosen is None:
        hint = ""
        if "西坪镇" in (record.values.get("location") or ""):
            hint = "；西坪镇属云州区，如确为云州区项目请修改所属县区"
        record.flag("county_not_stated", "county", "info", f"原文未写明所属县区，记为“市级”{hint}")
        return ref.CITY_LEVEL, mentioned
    label, found = chosen
    if found == [ref.CITY_LEVEL]:
        record.flag("county_all", "county", "info", f"{label}为“各县区”，记为“市级”")
        return ref.CITY_LEVEL, mentioned
    if len(found) > 1:
        record.flag(
            "county_multiple",
            "county",
            "info",
            f"{label}涉及多个县区（{'、'.join(found)}），所属县区记为“市级”，涉及县区全部保留",
        )
        return ref.CITY_LEVEL, mentioned
    return found[0], mentioned


_TRUNCATED_ENDINGS = ("项", "与有限公司", "与")


def check_name(record: ProjectRecord, name: str) -> None:
    if name.endswith(("项", "与", "及", "和")) or re.search(r"与(有限|股份)?公司$", name):
        record.flag("name_truncated", "name", "warning", f"项目名称“{name}”疑似不完整（截断或漏字）")
    elif name.endswith("公司"):
        record.flag("name_is_company", "name", "warning", f"项目名称“{name}”是企业名称，未写明项目内容")
    if "(建议)" in name or "（建议）" in name:
        record.flag("name_suggested", "name", "info", "项目名称标注“(建议)”，为建议项目")


_QUANTITY = re.compile(r"\d+(?:\.\d+)?\s*(?:米|公里|km|亩|公顷|万吨|吨|座|个|万m|m)")
_LAND_MENTION = re.compile(r"占地(?:面积)?\s*(?:约\s*)?(\d+(?:\.\d+)?)\s*亩")
_INVEST_MENTION = re.compile(r"总投资\s*(\d+(?:\.\d+)?)\s*亿")


def check_consistency(record: ProjectRecord) -> None:
    text = " ".join(filter(None, [record.values.get("scale"), record.values.get("content")]))
    m = _INVEST_MENTION.search(text)
    inv = record.values.get("investment_total")
    if m and inv is not None and Decimal(m.group(1)) != inv:
        record.flag(
            "investment_mismatch",
            "investment",
            "warning",
            f"建设规模写明“总投资 {m.group(1)} 亿”，与概算总投资栏 {inv} 亿元不一致",
        )
    m = _LAND_MENTION.search(text)
    if m and "land" in record.raw.columns and record.values.get("new_land_mu") is None:
        record.flag(
            "land_mentioned",
            "land",
            "warning",
            f"建设规模或内容写明占地 {m.group(1)} 亩，但拟新增建设用地规模栏为空，请核实",
        )
    lines = len(record.raw.cells.get("entities", [""]))
    if lines > 1:
        record.flag(
            "multi_line_row",
            None,
            "info",
            f"原表该项目跨 {lines} 行（{lines} 个建设主体及其规模、地点），已合并为一个项目，各行内容全部保留",
        )


def _signature(record: ProjectRecord) -> tuple:
    return tuple(
        normalize(record.raw.raw(k) or "").replace(" ", "")
        for k in ("scale", "content", "entities", "location", "investment", "land", "lead")
    )


def check_duplicates(records: list[ProjectRecord]) -> None:
    """Flag, never merge: identical rows, repeated names, and rows describing the same works."""
    for i, a in enumerate(records):
        for b in records[i + 1 :]:
            pair = [(a, b), (b, a)]
            if _signature(a) == _signature(b) and any(_signature(a)):
                for x, y in pair:
                    x.flag(
                        "duplicate_row",
                        None,
                        "warning",
                        f"除项目名称外各栏与 {y.code}“{y.values['name']}”完全相同，疑似重复，请核实（未合并）",
                    )
            if a.values["name"] == b.values["name"]:
                for x, y in pair:
                    x.flag(
                        "duplicate_name",
                        "name",
                        "warning",
                        f"项目名称与 {y.code} 相同，请核实是否为同一项目或名称有误（未合并）",
                    )
            if a.raw.table == b.raw.table and _signature(a) != _signature(b):
                qa = set(_QUANTITY.findall(a.values.get("content") or ""))
                qb = set(_QUANTITY.findall(b.values.get("content") or ""))
                same_place = a.values.get("location") == b.values.get("location")
                ratio = difflib.SequenceMatcher(
                    None, a.values.get("content") or "", b.values.get("content") or ""
                ).ratio()
                if same_place and len(qa & qb) >= 2 and ratio < 1:
                    shared = "、".join(sorted(q.replace(" ", "") for q in qa & qb))
                    for x, y in pair:
                        x.flag(
                            "similar_works",
                            "content",
                            "warning",
                            f"建设内容与 {y.code}“{y.values['name']}”地点相同且工程量相同（{shared}），疑似同一工程重复列项，请核实（未合并）",
                        )


def build_projects(rows: list[RawRow]) -> list[ProjectRecord]:
    records = []
    for row in rows:
        rec = ProjectRecord(row)
        v = rec.values
        v["name"] = _clean(rec, "name") or ""
        if not v["name"]:
            rec.flag("missing_field", "name", "warning", "项目名称为空")
        for key in ("scale", "content", "location"):
            v[key] = _clean(rec, key)
            raw = row.raw(key)
            if raw is not None and is_placeholder(raw):
                rec.flag(
                    "missing_field",
                    key,
                    "info" if key == "scale" else "warning",
                    f"{FIELD_LABELS[key]}未填写（原文“{raw}”）",
                )
        entities = parse_entities(rec)
        leads = parse_leads(rec)
        v["entities"] = entities
        v["lead_departments"] = leads
        v["investment_total"] = parse_investment(rec)
        v["new_land_mu"] = parse_land(rec)
        v["county"], v["counties"] = derive_county(rec, entities, leads)
        check_name(rec, v["name"])
        check_consistency(rec)
        records.append(rec)
    check_duplicates(records)
    return records


# --------------------------------------------------------------------------------------------------
# Table 3-1
# --------------------------------------------------------------------------------------------------


@dataclass
class IndicatorRecord:
    values: dict
    findings: list[Finding]


TARGET_ASSIGNED = "完成国家、省级下达指标"


def parse_indicator_value(raw: str) -> tuple[Decimal | None, str | None]:
    """A baseline cell: "86.1" -> 86.1; "15 (比 2015 年)" -> 15 with the note; "-" -> unknown."""
    text = normalize(raw)
    m = re.match(r"^(\d+(?:\.\d+)?)\s*[(（](.+)[)）]$", text)
    if m:
        return Decimal(m.group(1)), re.sub(r"\s+", "", m.group(2))
    parsed = parse_number(text)
    return parsed.value, None


def parse_target(raw: str) -> tuple[str, Decimal | None]:
    text = normalize(raw).replace(" ", "")
    if text == "":
        return "unknown", None
    if text == TARGET_ASSIGNED:
        return "assigned", None
    if text == "不缩小":
        return "no_decrease", None
    m = re.match(r"^[<＜](\d+(?:\.\d+)?)$", text)
    if m:
        return "below", Decimal(m.group(1))
    parsed = parse_number(text)
    if parsed.ok:
        return "value", parsed.value
    raise PlanFormatError(f"indicator target {raw!r} has no rule")


def read_indicators(lines: list[str]) -> list[IndicatorRecord]:
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == INDICATOR_TABLE_TITLE)
    except StopIteration as exc:
        raise PlanFormatError(f"{INDICATOR_TABLE_TITLE!r} not found") from exc
    out: list[IndicatorRecord] = []
    level1 = level2 = ""
    for idx in range(start + 1, len(lines)):
        line = lines[idx]
        if line.startswith("第四章"):
            break
        if "\t" not in line:
            continue
        cells = [c.strip() for c in line.split("\t")]
        if cells[0] == "一级指标":
            continue
        if len(cells) != 7:
            raise PlanFormatError(f"line {idx + 1}: indicator row has {len(cells)} cells")
        l1, l2, seq, name_raw, base_raw, target_raw, attr = cells
        level1 = l1 or level1
        level2 = l2 or level2
        findings: list[Finding] = []
        name, _ = clean_text(name_raw)
        m = re.match(r"^(.*?)\s*[(（]([^()（）]+)[)）]$", name)
        unit = None
        if m:
            name, unit = m.group(1).strip(), m.group(2).replace(" ", "")
        name = name.replace(" ", "")
        baseline_value, baseline_note = parse_indicator_value(base_raw)
        if baseline_note:
            findings.append(
                Finding(
                    "baseline_note",
                    "baseline",
                    "info",
                    f"2020 年值“{base_raw}”带说明，数值取 {baseline_value}，说明“{baseline_note}”",
                )
            )
        if base_raw == TARGET_ASSIGNED:
            findings.append(Finding("baseline_text", "baseline", "info", f"2020 年值为文字“{base_raw}”，无数值"))
        elif baseline_value is None and base_raw not in ("", "-"):
            findings.append(Finding("baseline_unparsed", "baseline", "warning", f"2020 年值“{base_raw}”无法解析"))
        if base_raw == "-":
            findings.append(Finding("baseline_unknown", "baseline", "info", "2020 年值原文为“-”，按未知处理"))
        target_kind, target_value = parse_target(target_raw)
        if base_raw == "" and target_raw == "":
            findings.append(
                Finding(
                    "blank_cells",
                    "target",
                    "warning",
                    "2020 年、2025 年两栏原文空白（原表可能与上一行合并单元格，如第 9 项“完成国家、省级下达指标”），"
                    "未自动填补，请核实",
                )
            )
        if attr not in ("约束性", "预期性"):
            raise PlanFormatError(f"line {idx + 1}: indicator attribute {attr!r}")
        values = dict(
            id=str(uuid.uuid5(ID_NAMESPACE, f"表3-1/{int(seq)}")),
            seq=int(seq),
            level1=level1,
            level2=level2,
            name=name,
            unit=unit,
            baseline_raw=base_raw,
            baseline_value=baseline_value,
            baseline_note=baseline_note,
            target_raw=target_raw,
            target_kind=target_kind,
            target_value=target_value,
            attribute_raw=attr,
            binding=1 if attr == "约束性" else 0,
            name_raw=name_raw,
        )
        out.append(IndicatorRecord(values, findings))
    return out


# --------------------------------------------------------------------------------------------------
# Workbook
# --------------------------------------------------------------------------------------------------


def _project_row(rec: ProjectRecord) -> dict:
    v, r = rec.values, rec.raw
    return dict(
        id=str(uuid.uuid5(ID_NAMESPACE, rec.code)),
        code=rec.code,
        appendix_table=r.table,
        appendix_table_title=r.title,
        appendix_group=r.group,
        appendix_group_title=ref.APPENDIX_GROUPS[r.group],
        row_no=r.row_no,
        source_line=r.source_line,
        name=v["name"],
        scale=v["scale"],
        content=v["content"],
        entities=v["entities"],
        location=v["location"],
        county=v["county"],
        counties=v["counties"],
        investment_total=v["investment_total"],
        new_land_mu=v["new_land_mu"],
        lead_departments=v["lead_departments"],
        status=ref.DEFAULT_STATUS,
        flag_count=len(rec.findings),
        name_raw=r.raw("name"),
        scale_raw=r.raw("scale"),
        content_raw=r.raw("content"),
        entities_raw=r.raw("entities"),
        location_raw=r.raw("location"),
        investment_raw=r.raw("investment"),
        new_land_raw=r.raw("land"),
        lead_departments_raw=r.raw("lead"),
    )


def _cell_value(column: Column, value):
    if value is None:
        return None
    if column.kind == "list":
        return LIST_SEPARATOR.join(value) if value else None
    if column.kind == "number":
        return float(value)  # Excel stores doubles; the loader re-reads them as Decimal via the raw text
    return value


def _write_sheet(wb: Workbook, title: str, columns: list[Column], rows: list[dict], widths: dict[str, int]) -> None:
    ws = wb.create_sheet(title)
    header_font = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="305496")
    for col_idx, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=col_idx)
        set_value(cell, column.label)
        cell.font, cell.fill = header_font, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(col_idx)].width = widths.get(column.key, 14)
    for row_idx, row in enumerate(rows, start=2):
        for col_idx, column in enumerate(columns, start=1):
            cell = ws.cell(row=row_idx, column=col_idx)
            set_value(cell, _cell_value(column, row.get(column.key)))
            if column.kind == "number":
                cell.number_format = "0.0000" if column.key != "new_land_mu" else "0.###"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = ws.dimensions


def write_workbook(projects: list[ProjectRecord], indicators: list[IndicatorRecord], out: Path) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "seed/build_seed.py"
    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP
    wb.properties.title = "大同市“两山七河一流域”生态保护“十四五”规划 附表重点项目及规划指标"

    project_rows = [_project_row(p) for p in projects]
    _write_sheet(
        wb,
        SHEET_PROJECTS,
        PROJECT_COLUMNS,
        project_rows,
        {
            "id": 38,
            "name": 40,
            "scale": 40,
            "content": 50,
            "entities": 30,
            "location": 30,
            "lead_departments": 24,
            "appendix_table_title": 22,
            "appendix_group_title": 20,
        },
    )
    _write_sheet(
        wb,
        SHEET_INDICATORS,
        INDICATOR_COLUMNS,
        [i.values for i in indicators],
        {"id": 38, "name": 36, "target_raw": 24, "baseline_raw": 16, "name_raw": 36},
    )

    review_rows = []
    for p in projects:
        for n, f in enumerate(p.findings):
            review_rows.append(
                dict(
                    id=str(uuid.uuid5(ID_NAMESPACE, f"{p.code}/{f.rule}/{f.field}/{n}")),
                    subject=p.code,
                    subject_name=p.values["name"],
                    field=FIELD_LABELS.get(f.field, f.field or "整行"),
                    rule=f.rule,
                    severity=f.severity,
                    message=f.message,
                )
            )
    for ind in indicators:
        for n, f in enumerate(ind.findings):
            review_rows.append(
                dict(
                    id=str(uuid.uuid5(ID_NAMESPACE, f"指标{ind.values['seq']}/{f.rule}/{n}")),
                    subject=f"指标{ind.values['seq']}",
                    subject_name=ind.values["name"],
                    field={"baseline": "2020年", "target": "2025年"}.get(f.field, f.field),
                    rule=f.rule,
                    severity=f.severity,
                    message=f.message,
                )
            )
    _write_sheet(wb, SHEET_REVIEW, REVIEW_COLUMNS, review_rows, {"id": 38, "subject_name": 36, "message": 80})

    ws = wb.create_sheet(SHEET_README)
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 90
    lines = [
        (
            "说明",
            "",
            "本工作簿由 seed/build_seed.py 从《大同市“两山七河一流域”生态保护“十四五”规划》原文生成，"
            f"收录附表1-7全部重点项目（共 {len(projects)} 项）与表3-1规划指标（共 {len(indicators)} 项）。",
        ),
        ("", "", "原文各项目逐行收录，不合并、不删除、不改正；疑似重复、名称不完整、无法解析等情况列入“待核查”表。"),
        ("", "", "原文注：以上项目实施过程中可能会根据实际情况进行调整或更换。"),
        ("单位", "", "投资单位为亿元；用地单位为亩（1 亩 ≈ 666.67 平方米）。空白表示未知，不是 0。"),
    ]
    for sheet, columns in (
        (SHEET_PROJECTS, PROJECT_COLUMNS),
        (SHEET_INDICATORS, INDICATOR_COLUMNS),
        (SHEET_REVIEW, REVIEW_COLUMNS),
    ):
        for column in columns:
            lines.append((sheet, column.label, column.explain))
    for r, (a, b, c) in enumerate([("工作表", "列", "说明")] + lines, start=1):
        for col, val in enumerate((a, b, c), start=1):
            cell = ws.cell(row=r, column=col)
            set_value(cell, val or None)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if r == 1:
                cell.font = Font(bold=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)


def build(plan: Path, out: Path) -> tuple[list[ProjectRecord], list[IndicatorRecord]]:
    lines = plan.read_text(encoding="utf-8").split("\n")
    projects = build_projects(read_appendix(lines))
    indicators = read_indicators(lines)
    write_workbook(projects, indicators, out)
    return projects, indicators


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", type=Path, default=DEFAULT_PLAN)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not args.plan.is_file():
        print(f"error: plan text not found: {args.plan}", file=sys.stderr)
        return 2
    try:
        projects, indicators = build(args.plan, args.out)
    except PlanFormatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    flags = sum(len(p.findings) for p in projects) + sum(len(i.findings) for i in indicators)
    print(f"wrote {args.out}: {len(projects)} projects, {len(indicators)} indicators, {flags} review findings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
