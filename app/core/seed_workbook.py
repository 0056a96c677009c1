"""The layout of seed/appendix_projects.xlsx, shared by the script that writes it and the loader that reads it."""

from __future__ import annotations

from dataclasses import dataclass

SHEET_PROJECTS = "项目"
SHEET_INDICATORS = "指标"
SHEET_REVIEW = "待核查"
SHEET_README = "说明"

LIST_SEPARATOR = "\n"  # lists (entities, departments, counties) are one item per line inside a cell


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text | int | number | list
    explain: str = ""


PROJECT_COLUMNS: list[Column] = [
    Column("id", "ID", explain="项目唯一标识（UUID），各县区与市级数据库中同一项目的 ID 相同，请勿修改"),
    Column("code", "项目编号", explain="附表号-序号，如 附表1-08"),
    Column("appendix_table", "附表", "int", "附表编号 1-7"),
    Column("appendix_table_title", "附表名称", explain="附表标题"),
    Column("appendix_group", "分类", explain="(一)(二)(三) 大类"),
    Column("appendix_group_title", "分类名称", explain="大类名称"),
    Column("row_no", "序号", "int", "附表中的序号"),
    Column("source_line", "原文行号", "int", "规划文本中该行所在行号（便于核对原文）"),
    Column("name", "项目名称", explain="已去除排版符号的项目名称"),
    Column("scale", "主要建设规模", explain="附表6、附表7无此栏"),
    Column("content", "主要建设内容", explain="附表7“主要内容”栏亦归入此列"),
    Column("entities", "项目建设主体", "list", "一个或多个建设主体，每行一个"),
    Column("location", "项目建设地点"),
    Column(
        "county",
        "所属县区",
        explain="由建设地点、建设主体、牵头部门、项目名称中写明的县区得出；未写明或涉及多个县区的记为“市级”",
    ),
    Column("counties", "涉及县区", "list", "原文中出现的所有县区，每行一个"),
    Column(
        "investment_total", "概算总投资（亿元）", "number", "单位：亿元；原文为“---”“——”或空白的为空（未知），不是 0"
    ),
    Column(
        "new_land_mu",
        "拟新增建设用地规模（亩）",
        "number",
        "单位：亩；“10 万”按 10 万亩换算；附表2、3、5、6无此栏，为空",
    ),
    Column("lead_departments", "建议牵头责任部门", "list", "一个或多个部门，每行一个"),
    Column("status", "状态", explain="储备/前期/在建/完工/暂停/取消；附表未给出，初始为“储备”"),
    Column("flag_count", "核查事项数", "int", "该项目在“待核查”表中的事项数"),
    Column("name_raw", "原文-项目名称", explain="以下“原文-”各列为规划文本原样内容，便于核对"),
    Column("scale_raw", "原文-主要建设规模"),
    Column("content_raw", "原文-主要建设内容"),
    Column("entities_raw", "原文-项目建设主体"),
    Column("location_raw", "原文-项目建设地点"),
    Column("investment_raw", "原文-概算总投资"),
    Column("new_land_raw", "原文-拟新增建设用地规模"),
    Column("lead_departments_raw", "原文-建议牵头责任部门"),
]

INDICATOR_COLUMNS: list[Column] = [
    Column("id", "ID", explain="指标唯一标识（UUID）"),
    Column("seq", "序号", "int"),
    Column("level1", "一级指标", explain="原表合并单元格，向下沿用"),
    Column("level2", "二级指标", explain="原表合并单元格，向下沿用"),
    Column("name", "三级指标", explain="指标名称（不含单位）"),
    Column("unit", "单位"),
    Column("baseline_raw", "2020年（原文）"),
    Column("baseline_value", "2020年数值", "number", "原文为数字时的数值；“-”或文字为空"),
    Column("baseline_note", "2020年说明", explain="如“比 2015 年”"),
    Column("target_raw", "2025年（原文）"),
    Column(
        "target_kind",
        "2025年目标类型",
        explain="value=数值目标，below=低于某值，no_decrease=不缩小，assigned=完成国家、省级下达指标，unknown=原文空白",
    ),
    Column("target_value", "2025年目标数值", "number"),
    Column("attribute_raw", "指标属性", explain="约束性 / 预期性"),
    Column("binding", "约束性", "int", "1=约束性，0=预期性"),
    Column("name_raw", "原文-三级指标"),
]

REVIEW_COLUMNS: list[Column] = [
    Column("id", "ID", explain="核查事项唯一标识"),
    Column("subject", "对象", explain="项目编号或“指标N”"),
    Column("subject_name", "名称"),
    Column("field", "字段"),
    Column("rule", "规则"),
    Column("severity", "级别", explain="warning=需核实，info=提示"),
    Column("message", "说明"),
]
