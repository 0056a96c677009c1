"""backups list, restore: the automatic backups of a SQLite database, and putting one back.

    python -m app.cli --db X backups list [--json]
    python -m app.cli --db X backups now
    python -m app.cli --db X restore FILE [--yes]

FILE is a path, or the file name of one of the listed backups. Without --yes the command shows what it will
do and asks; when nobody can answer (no terminal), it refuses instead of guessing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.commands.common import CliError, open_ws, print_json
from app.core import backups
from app.core.workspace import current_user


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("backups", help="the automatic backups of a SQLite database")
    actions = p.add_subparsers(dest="backups_action", metavar="ACTION", parser_class=type(p))
    listing = actions.add_parser("list", help="list backups, newest first: date, reason, size, projects, progress")
    listing.add_argument("--json", action="store_true", help="JSON array on stdout")
    listing.set_defaults(handler=cmd_backups_list)
    now = actions.add_parser("now", help="make a verified backup in the backups folder now (rotated like the others)")
    now.set_defaults(handler=cmd_backups_now)
    p.set_defaults(handler=cmd_backups_list, json=False)

    p = sub.add_parser("restore", help="replace the database's content by a backup (the current state is backed up)")
    p.add_argument("file", help="backup file, or the name of a backup shown by `backups list`")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(handler=cmd_restore)


def _database_file(args: argparse.Namespace) -> Path:
    path = backups.sqlite_file_for(args.db)
    if path is None:
        raise CliError(backups.PG_MESSAGE)
    return path


def _summary_dict(summary: backups.BackupSummary) -> dict[str, Any]:
    info = summary.info
    return {
        "file": str(info.path),
        "name": info.path.name,
        "taken_at": info.taken_at.isoformat(timespec="seconds"),
        "reason": info.reason,
        "reason_label": info.reason_label,
        "size_bytes": info.size,
        "ok": summary.ok,
        "problem": summary.problem,
        "schema_revision": summary.revision,
        "projects": summary.projects,
        "progress_rows": summary.progress_rows,
        "audit_entries": summary.audit_entries,
    }


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(n // 1024, 1)} KB"


def cmd_backups_list(args: argparse.Namespace) -> int:
    db_path = _database_file(args)
    summaries = [
        backups.describe_backup(info.path, audit_limit=0, verify="quick_check")
        for info in backups.list_backups(db_path)
    ]
    if args.json:
        print_json([_summary_dict(s) for s in summaries])
        return 0
    if not summaries:
        print(f"no backups yet for {db_path} (folder {backups.backup_folder(db_path)})")
        return 0
    print(f"backups of {db_path} in {backups.backup_folder(db_path)}:")
    for s in summaries:
        state = "ok" if s.ok else f"NOT RESTORABLE: {s.problem}"
        print(
            f"{s.info.taken_at:%Y-%m-%d %H:%M:%S}\t{s.info.reason_label}\t{_size(s.info.size)}\t"
            f"{s.projects} projects\t{s.progress_rows} progress rows\t{state}\t{s.info.path.name}"
        )
    return 0


def cmd_backups_now(args: argparse.Namespace) -> int:
    _database_file(args)
    ws = open_ws(args, seed=False)
    try:
        info = backups.backup_now(ws, "manual")
    finally:
        ws.close()
    print(f"backup written and verified: {info.path}")
    return 0


def _resolve_backup(db_path: Path, text: str) -> Path:
    candidate = Path(text).expanduser()
    if candidate.is_file():
        return candidate
    listed = backups.backup_folder(db_path) / text
    if not candidate.is_absolute() and listed.is_file():
        return listed
    raise CliError(f"backup file not found: {text} (see `backups list`)")


def _confirm(summary: backups.BackupSummary, db_path: Path) -> bool:
    print(
        f"restore {summary.info.path.name} (taken {summary.info.taken_at:%Y-%m-%d %H:%M:%S}, "
        f"{summary.projects} projects, {summary.progress_rows} progress rows) into {db_path}?\n"
        "the current state is backed up first. type yes to continue: ",
        end="",
        flush=True,
    )
    answer = sys.stdin.readline().strip().lower()
    return answer in {"yes", "y", "是"}


def cmd_restore(args: argparse.Namespace) -> int:
    db_path = _database_file(args)
    source = _resolve_backup(db_path, args.file)
    summary = backups.describe_backup(source, audit_limit=0)
    if summary.problem:
        raise CliError(f"cannot restore {source}: {summary.problem}")
    if not args.yes:
        if not sys.stdin.isatty():
            raise CliError("restore replaces the database's content: add --yes to confirm (no terminal to ask)")
        if not _confirm(summary, db_path):
            print("not restored")
            return 1
    if not db_path.exists():
        raise CliError(f"database file not found: {db_path} (to start from a backup, copy the backup file there)")
    health = backups.quick_check(db_path)
    if not health.ok:
        # A damaged file may not even open: put it aside, the backup's data takes its place.
        damaged = backups.replace_damaged_database(db_path, source, user=args.user or current_user())
        print(f"the damaged database was kept as: {damaged}")
        print(f"restored {source.name}: {summary.projects} projects, {summary.progress_rows} progress rows")
        return 0
    ws = open_ws(args, seed=False)
    try:
        result = backups.restore(ws, source)
    finally:
        ws.close()
    if result.safety_backup is not None:
        print(f"state before the restore kept in: {result.safety_backup.path}")
    print(
        f"restored {source.name}: {summary.projects} projects, {summary.progress_rows} progress rows "
        f"(taken {summary.info.taken_at:%Y-%m-%d %H:%M:%S})"
    )
    return 0
