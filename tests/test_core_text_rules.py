"""Text typed or imported by people: control characters folded or removed, one length limit per field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core import coordination, milestones, projects, text_rules
from app.core.errors import ValidationError

# What Excel refuses to store (openpyxl's ILLEGAL_CHARACTERS_RE).
EXCEL_ILLEGAL = {chr(c) for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]}


def test_word_line_breaks_become_line_breaks() -> None:
    assert text_rules.clean_text("content", "第一行\x0b第二行\x0c第三行\r\n第四行") == (
        "第一行\n第二行\n第三行\n第四行",
        [],
    )


def test_other_control_characters_are_removed_with_a_note() -> None:
    text, notes = text_rules.clean_text("problems", "资金\x07不足\x1b[0m")
    assert text == "资金不足[0m"
    assert notes == ["存在问题：删除了 2 个不可见的控制字符"]


def test_single_line_fields_lose_their_line_breaks() -> None:
    assert text_rules.clean_text("name", " 桑干河\n生态修复\t工程 ") == ("桑干河 生态修复 工程", [])


def test_blank_is_none() -> None:
    assert text_rules.clean_text("note", " \x07 ") == (None, ["备注：删除了 1 个不可见的控制字符"])
    assert text_rules.clean_text("note", None) == (None, [])


def test_text_longer_than_the_limit_is_refused_with_the_numbers() -> None:
    limit = text_rules.FIELD_LIMITS["name"]
    assert text_rules.clean_text("name", "名" * limit)[0] == "名" * limit
    with pytest.raises(ValidationError, match=f"项目名称：不能超过 {limit} 个字（现为 {limit + 1} 个字）"):
        text_rules.clean_text("name", "名" * (limit + 1))


def test_every_field_has_a_limit_and_an_unknown_field_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        text_rules.clean_text("no_such_field", "x")
    assert all(limit >= 40 for limit in text_rules.FIELD_LIMITS.values())


@given(st.sampled_from(sorted(text_rules.FIELD_LIMITS)), st.text(max_size=60))
def test_clean_text_never_leaves_what_excel_cannot_store(field: str, value: str) -> None:
    text, _notes = text_rules.clean_text(field, value)
    assert text is None or not (set(text) & EXCEL_ILLEGAL)


def test_project_edits_go_through_the_rules(workspace) -> None:
    with workspace.session() as s:
        pid = projects.get_project(s, code="附表1-05").id
        with pytest.raises(ValidationError, match="项目名称：不能超过 200 个字（现为 1000 个字）"):
            projects.update_project(s, pid, {"name": "长" * 1000}, user="u")
        projects.update_project(s, pid, {"content": "建设\x0b内容\x07"}, user="u")
        assert projects.get_project(s, pid).content == "建设\n内容"


@pytest.mark.parametrize(("typed", "why"), [("1,5", "逗号不是千位分隔符"), ("1e3", "科学计数法")])
def test_project_amounts_go_through_the_one_parser(workspace, typed: str, why: str) -> None:
    with workspace.session() as s:
        project = projects.get_project(s, code="附表1-05")
        before = project.investment_total
        # Before the fix "1,5" was refused without the reason and "1e3" was saved as 1000 亿元.
        with pytest.raises(ValidationError, match=why):
            projects.update_project(s, project.id, {"investment_total": typed}, user="u")
        assert project.investment_total == before
        projects.update_project(s, project.id, {"investment_total": "1,234.5", "new_land_mu": "3公顷"}, user="u")
        assert (project.investment_total, project.new_land_mu) == (Decimal("1234.5"), Decimal(45))


def test_milestone_and_issue_texts_go_through_the_rules(workspace) -> None:
    with workspace.session() as s:
        pid = projects.get_project(s, code="附表1-05").id
        with pytest.raises(ValidationError, match="节点名称：不能超过 200 个字"):
            milestones.add_milestone(s, pid, title="节" * 201, user="u")
        mid = milestones.add_milestone(s, pid, title="可研\x0c批复", note="备注\x00", user="u")
        [row] = milestones.list_milestones(s, pid, dt.date(2025, 1, 1))
        assert row["id"] == mid and row["title"] == "可研 批复" and row["note"] == "备注"
        with pytest.raises(ValidationError, match="问题描述：不能超过 2000 个字"):
            coordination.add_issue(s, pid, description="问" * 2001, user="u")
        iid = coordination.add_issue(s, pid, description="征地", raised_date=dt.date(2025, 1, 1), user="u")
        with pytest.raises(ValidationError, match="办结时请填写处理结果"):
            coordination.close_issue(s, iid, resolution="\x07", user="u")
