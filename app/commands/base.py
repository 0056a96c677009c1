"""init, projects, indicators, check, review: the foundation commands."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from app.commands.common import CliError, open_ws, print_json
from app.core import number_format

if TYPE_CHECKING:
    from app.core.workspace import Workspace

# The services of the other commands are imported by the command that uses them: `projects --json` on a large
# portfolio should not pay for importing the status and tracking services it never calls, nor, when it only
# reads a current SQLite file, for SQLAlchemy and the mapped models (app.core.reading).

T = TypeVar("T")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("init", help="create or migrate the database, then seed it from the appendix if empty")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("projects", help="list projects")
    p.add_argument("--json", action="store_true", help="JSON array on stdout, one project per line")
    p.add_argument("--pretty", action="store_true", help="with --json: indent the JSON (slower on large portfolios)")
    p.add_argument("--county")
    p.add_argument("--table", type=int, choices=range(1, 8), metavar="1-7")
    p.set_defaults(handler=cmd_projects)

    p = sub.add_parser("indicators", help="list the plan indicators of Table 3-1")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_indicators)

    p = sub.add_parser("check", help="integrity check; exit 0 when healthy")
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("backup", help="online copy of a SQLite database (safe while the app is open)")
    p.add_argument("--out", required=True, help="target .sqlite3 file (must not exist)")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("review", help="list data-quality findings")
    p.add_argument("--open", action="store_true", help="only unresolved findings")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_review)


def cmd_init(args: argparse.Namespace) -> int:
    ws = open_ws(args, seed=False, create=True)  # the one command that may create a database
    try:
        result = ws.seed_if_empty()
        for warning in ws.db.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        if ws.db.backup_path:
            print(f"backup before upgrade: {ws.db.backup_path}")
        if result is None:
            print(f"database ready: {ws.db.label} (already seeded)")
        else:
            print(
                f"database ready: {ws.db.label} (seeded {result.projects_added} projects, "
                f"{result.indicators_added} indicators, {result.flags_added} review findings)"
            )
    finally:
        ws.close()
    return 0


def _read(args: argparse.Namespace, read: Callable[[Workspace], T]) -> T:
    """Open the database named on the command line, run one service call, close the database."""
    ws = open_ws(args)
    try:
        return read(ws)
    finally:
        ws.close()


def _project_dicts(ws: Workspace) -> list[dict[str, Any]]:
    from app.core import project_listing

    with ws.session() as session:
        return project_listing.project_dicts(session)


def write_json_lines(lines: Iterable[str]) -> None:
    """A JSON array with one compact object per line (project_listing.compact_json: the C encoder; an indented
    dump runs the pure-Python one, ~20 times slower), output that still diffs line by line."""
    out = sys.stdout
    out.write("[")
    separator = "\n"
    batch: list[str] = []  # written a few hundred lines at a time: one write (and encode) per batch
    for line in lines:
        batch += (separator, line)
        separator = ",\n"
        if len(batch) >= 1000:
            out.write("".join(batch))
            batch.clear()
    out.write("".join(batch))
    out.write("]\n" if separator == "\n" else "\n]\n")


def _project_json_lines(args: argparse.Namespace) -> None:
    """Written while they are read: on SQLite each line is made by the database (project_json). A current
    SQLite file with nothing to add is read through a plain DB-API connection, without the ORM; any other
    database through the workspace, which may create, upgrade or seed it first."""
    from app.core import project_json, reading

    connection = reading.open_reader(args.db)
    if connection is not None:
        try:
            connection.execute("BEGIN")  # one snapshot for the flags and the projects
            write_json_lines(project_json.sqlite_json_lines(connection, county=args.county or None, table=args.table))
        finally:
            connection.close()
        return
    from app.core import project_listing

    ws = open_ws(args)
    try:
        with ws.session() as session:
            write_json_lines(project_listing.project_json_lines(session, county=args.county or None, table=args.table))
    finally:
        ws.close()


def cmd_projects(args: argparse.Namespace) -> int:
    if args.json and not args.pretty:
        _project_json_lines(args)
        return 0
    rows = _read(args, _project_dicts)
    if args.county:
        rows = [r for r in rows if r["county"] == args.county or args.county in r["counties"]]
    if args.table:
        rows = [r for r in rows if r["appendix_table"] == args.table]
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            total = r["investment_total"]
            inv = "unknown" if total is None else f"{number_format.amount_short(Decimal(str(total)))} 亿元"
            print(f"{r['code']}\t{r['county']}\t{inv}\t{r['status']}\t{r['name']}")
    return 0


def cmd_indicators(args: argparse.Namespace) -> int:
    from app.core import tracking_service

    rows = _read(args, tracking_service.indicator_rows)
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(
                f"{r['seq']}\t{r['name']}\t{r['unit'] or ''}\t{r['baseline_raw'] or '-'}\t{r['target_raw'] or '-'}"
                f"\t{r['attribute']}"
            )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from app.core import integrity
    from app.db.engine import sqlite_file_of
    from app.db.sqlite_file import integrity_problems

    # SQLite's own check first, through a read-only connection: a damaged file is reported, not opened.
    path = sqlite_file_of(args.db)
    damage = integrity_problems(path) if path is not None and path.is_file() else []
    for line in damage:
        print(f"problem: {line}", file=sys.stderr)
    if damage:
        raise CliError(f"the database file is damaged ({len(damage)} problem(s)); restore it from a backup")
    ws = open_ws(args, seed=False)
    try:
        problems = integrity.check_database(ws)
    finally:
        ws.close()
    if problems:
        for line in problems:
            print(f"problem: {line}", file=sys.stderr)
        raise CliError(f"{len(problems)} integrity problem(s) found")
    print("ok: database is healthy")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from app.core import project_service

    items = _read(args, lambda ws: project_service.review_queue(ws, "open" if args.open else None))
    if args.json:
        print_json([dataclasses.asdict(item) for item in items])
    else:
        for i in items:
            print(f"{i.subject}\t{i.severity}\t{i.state}\t{i.message}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from app.core.project_service import backup_database

    target = Path(args.out).expanduser()
    if target.exists():
        raise CliError(f"target exists, refusing to overwrite: {target}")
    if not target.parent.is_dir():
        raise CliError(f"folder does not exist: {target.parent}")
    ws = open_ws(args, seed=False)
    try:
        if ws.db.sqlite_path is None:
            raise CliError("backup works on SQLite files; back up a PostgreSQL server with pg_dump")
        backup_database(ws, target)
    finally:
        ws.close()
    print(f"backup written and verified: {target}")
    return 0
