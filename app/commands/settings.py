"""settings show | set KEY VALUE: the database-wide settings (office, reporting unit, signatories)."""

from __future__ import annotations

import argparse

from app.commands.common import open_ws, print_json
from app.core import settings_service


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    names = ", ".join(spec.name for spec in settings_service.SETTINGS)
    p = sub.add_parser("settings", help=f"database-wide settings ({names})")
    actions = p.add_subparsers(dest="settings_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="print every setting (blank: not set)")
    show.add_argument("--json", action="store_true", help="JSON object on stdout")
    show.set_defaults(handler=cmd_show)
    change = actions.add_parser("set", help='set one setting; an empty VALUE ("") clears it')
    change.add_argument("key", metavar="KEY", help=names)
    change.add_argument("value", metavar="VALUE")
    change.set_defaults(handler=cmd_set)


def cmd_show(args: argparse.Namespace) -> int:
    ws = open_ws(args)
    try:
        current = settings_service.load_settings(ws)
    finally:
        ws.close()
    if args.json:
        print_json({spec.name: current.value(spec.name) for spec in settings_service.SETTINGS})
        return 0
    for spec in settings_service.SETTINGS:
        print(f"{spec.name}\t{spec.label}\t{current.value(spec.name) or ''}")
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    spec = settings_service.spec_of(args.key)  # an unknown key fails before the database is opened
    ws = open_ws(args)
    try:
        saved = settings_service.save_settings(ws, {spec.name: args.value}, source="cli")
    finally:
        ws.close()
    for note in saved.notes:
        print(f"note: {note}")
    value = saved.settings.value(spec.name)
    state = "set" if spec.name in saved.changed else "unchanged"
    print(f"{spec.name} ({spec.label}) {state}: {value if value is not None else '(not set)'}")
    return 0
