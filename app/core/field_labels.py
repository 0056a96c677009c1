"""The Chinese label of every field people edit, in one place (error messages, editors, exports)."""

from __future__ import annotations

# Project fields (附表 columns), in the order the editor shows them.
PROJECT_FIELD_LABELS = {
    "code": "项目编号",
    "name": "项目名称",
    "scale": "主要建设规模",
    "content": "主要建设内容",
    "entities": "项目建设主体",
    "location": "项目建设地点",
    "county": "所属县区",
    "counties": "涉及县区",
    "investment_total": "概算总投资（亿元）",
    "new_land_mu": "拟新增建设用地规模（亩）",
    "lead_departments": "建议牵头责任部门",
    "status": "状态",
    "note": "备注",
}

# Fields of the tracking records (progress, milestones, issues, periods) that are not project fields.
TRACKING_FIELD_LABELS = {
    "period": "报告期",
    "invested": "本季完成投资",
    "annual_plan": "年度计划投资",
    "physical_progress": "形象进度",
    "problems": "存在问题",
    "next_steps": "下步计划",
    "title": "节点名称",
    "kind": "节点类型",
    "planned_date": "计划日期",
    "actual_date": "实际日期",
    "description": "问题描述",
    "responsible_department": "责任部门",
    "raised_date": "提出日期",
    "deadline": "办结期限",
    "closed_date": "办结日期",
    "resolution": "处理结果",
    "reason": "理由",
    "resolution_note": "处理说明",
    "department": "部门名称",
    "year": "年份",
    "value": "数值",
}


def label_of(field: str) -> str:
    """The label shown to people; the field's own name when it has none (never fails)."""
    return PROJECT_FIELD_LABELS.get(field) or TRACKING_FIELD_LABELS.get(field) or field
