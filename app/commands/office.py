"""office show | set NAME: which office this database belongs to (市级, a county/district, or a lead department).

    python -m app.cli --db X office set 灵丘县
    python -m app.cli --db X office show [--json]

In a county or department office only its own projects can be changed (the editor, the CLI and imports all
refuse the others with the same message); the city (市级) changes everything.
"""

from __future__ import annotations

import argparse

from app.commands.common import CliError, open_ws, print_json
from app.core import office
from app.core.errors import ValidationError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("office", help="the office this database belongs to (市级 / a county / a lead department)")
    actions = p.add_subparsers(dest="office_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="print the office (blank: not set)")
    show.add_argument("--json", action="store_true", help="JSON object on stdout")
    show.set_defaults(handler=cmd_show)
    change = actions.add_parser("set", help="set the office: 市级, a county/district name, or a department name")
    change.add_argument("name", metavar="NAME")
    change.set_defaults(handler=cmd_set)


def cmd_show(args: argparse.Namespace) -> int:
    ws = open_ws(args)
    try:
        current = office.load_office(ws)
    finally:
        ws.close()
    if args.json:
        print_json(
            None
            if current is None
            else {"name": current.name, "kind": current.kind, "label": current.label, "scope": current.scope.label}
        )
    elif current is None:
        print("office: (not set) — every project is editable; set it with: office set NAME")
    else:
        print(f"office: {current.label} ({current.kind}; editable projects: {current.scope.label})")
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    ws = open_ws(args)
    try:
        result = office.set_office(ws, args.name, source="cli")
    except ValidationError as exc:
        raise CliError("; ".join(exc.errors.values())) from None
    finally:
        ws.close()
    state = "set" if result.changed else "unchanged"
    print(f"office {state}: {result.office.label}")
    if result.numbered:
        print(f"note: {result.numbered} earlier change(s) numbered as {result.office.name}'s, for its next package")
    return 0
