"""project add: add a project the plan's appendix does not list (the city office; see app.core.project_creation).

    python -m app.cli --db CITY project add --name NAME [--county 灵丘县] [--code CODE] [--lead 市水务局 ...]
                                            [--investment 1.2] [--land 30] [--status 前期] [--location TEXT]
                                            [--scale TEXT] [--content TEXT] [--entity TEXT ...] [--note TEXT]
                                            [--json]

Without --code the program hands out the next 新增-NN. The city's next package to each office brings the
project (with its UUID) there; its later edits travel as ordinary changes.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.commands.common import open_ws, print_json
from app.core import project_creation
from app.core import reference as ref


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("project", help="projects beyond the plan's appendix: add")
    actions = p.add_subparsers(dest="project_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a project (the city office only); prints its code and id")
    add.add_argument("--name", required=True, help="项目名称")
    add.add_argument("--county", default=ref.CITY_LEVEL, help=f"所属县区 (default {ref.CITY_LEVEL})")
    add.add_argument("--code", help="项目编号 (default: the next 新增-NN)")
    add.add_argument("--lead", action="append", default=None, metavar="DEPARTMENT", help="牵头部门 (repeatable)")
    add.add_argument("--investment", help="概算总投资（亿元）")
    add.add_argument("--land", help="新增建设用地（亩）")
    add.add_argument("--status", choices=ref.STATUSES, help="项目状态 (default 储备)")
    add.add_argument("--location", help="建设地点")
    add.add_argument("--scale", help="建设规模")
    add.add_argument("--content", help="建设内容")
    add.add_argument("--entity", action="append", default=None, metavar="TEXT", help="实施主体 (repeatable)")
    add.add_argument("--counties", nargs="+", metavar="COUNTY", help="every county the project spans")
    add.add_argument("--note", help="备注")
    add.add_argument("--json", action="store_true", help="JSON object on stdout")
    add.set_defaults(handler=cmd_add)


_OPTIONAL_FIELDS = (
    ("lead", "lead_departments"),
    ("investment", "investment_total"),
    ("land", "new_land_mu"),
    ("status", "status"),
    ("location", "location"),
    ("scale", "scale"),
    ("content", "content"),
    ("entity", "entities"),
    ("counties", "counties"),
    ("note", "note"),
)


def cmd_add(args: argparse.Namespace) -> int:
    fields: dict[str, Any] = {
        field: getattr(args, option) for option, field in _OPTIONAL_FIELDS if getattr(args, option) is not None
    }
    ws = open_ws(args)
    try:
        created = project_creation.create_project(
            ws, name=args.name, county=args.county, code=args.code, fields=fields, source="cli"
        )
    finally:
        ws.close()
    if args.json:
        print_json({"id": created.id, "code": created.code, "notes": list(created.notes)})
    else:
        print(f"project added: {created.code} {args.name} (id {created.id})")
        for note in created.notes:
            print(f"note: {note}")
    return 0
