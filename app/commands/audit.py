"""audit: read, filter and export the audit log (who changed what, when, from where).

    python -m app.cli --db X audit [--user U] [--project CODE] [--source S] [--kind K]
                                   [--since DATE] [--until DATE] [--limit N] [--json] [--xlsx OUT [--force]]

Newest first. --project takes a full project code, or part of a code or name (every project that contains it).
--source takes the stored name (manual, cli, import, restore, seed, sample) or its Chinese label. The entries
are read a page at a time, so a large log streams to stdout or to the .xlsx without being loaded at once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable

from app.commands.common import CliError, open_ws, print_json
from app.core import audit_service
from app.core.audit_service import AuditFilter, AuditRow
from app.core.parsing import DateTextError, parse_date_text
from app.core.workspace import Workspace


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sources = ", ".join(f"{code} ({label})" for code, label in audit_service.SOURCE_LABELS.items())
    kinds = ", ".join(f"{code} ({label})" for code, label in audit_service.KIND_LABELS.items())
    p = sub.add_parser("audit", help="the audit log: who changed what, when and from where (newest first)")
    # dest differs from the global --user (the name recorded for this run's own writes)
    p.add_argument("--user", dest="filter_user", metavar="U", help="only changes made by this user (exact name)")
    p.add_argument("--project", metavar="CODE", help="project code, or part of a code or name")
    p.add_argument("--source", metavar="S", help=f"only changes from this source: {sources}")
    p.add_argument("--kind", metavar="K", help=f"only this kind of record: {kinds}")
    p.add_argument("--since", metavar="DATE", help="from this day on (YYYY-MM-DD, local time)")
    p.add_argument("--until", metavar="DATE", help="up to and including this day (YYYY-MM-DD, local time)")
    p.add_argument("--limit", type=int, metavar="N", help="at most N entries (default: all)")
    p.add_argument("--json", action="store_true", help="JSON array on stdout, one entry per line")
    p.add_argument("--xlsx", metavar="OUT", help="write the entries to this .xlsx instead of printing them")
    p.add_argument("--force", action="store_true", help="with --xlsx: replace an existing .xlsx (never the database)")
    p.set_defaults(handler=cmd_audit)


def _day(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        day = parse_date_text(text)
    except DateTextError as exc:
        raise CliError(f"{exc.note} / {option}: not a valid date: {text!r} (write e.g. 2025-12-31)") from None
    if day is None:
        raise CliError(f"日期不能为空 / {option}: empty date (write e.g. 2025-12-31)")
    return day


def _choice(text: str | None, stored: list[tuple[str, str]], what: tuple[str, str]) -> str | None:
    """The stored code for a typed code or label; an unknown one is an error listing the known ones."""
    if text is None:
        return None
    wanted = text.strip()
    for code, label in stored:
        if wanted.lower() == code.lower() or wanted == label:
            return code
    known = ", ".join(f"{code} ({label})" for code, label in stored)
    raise CliError(f"未知的{what[0]}“{wanted}” / unknown {what[1]} {wanted!r}; known: {known}")


def build_filter(args: argparse.Namespace, ws: Workspace) -> AuditFilter:
    flt = AuditFilter(
        user=args.filter_user,
        project=args.project,
        source=_choice(args.source, audit_service.known_sources(ws), ("来源", "source")),
        kind=_choice(args.kind, audit_service.known_kinds(ws), ("记录类型", "kind")),
        since=_day(args.since, "--since"),
        until=_day(args.until, "--until"),
    )
    flt.check()
    if flt.project is not None and not audit_service.matching_projects(ws, flt.project):
        raise CliError(f"没有与“{flt.project}”匹配的项目 / no project code or name matches {flt.project!r}")
    return flt


def entry_dict(row: AuditRow) -> dict[str, object]:
    return {
        "id": row.id,
        "at": row.at.isoformat(timespec="seconds"),
        "user": row.user,
        "kind": row.kind,
        "kind_label": row.kind_label,
        "entity_id": row.entity_id,
        "project_code": row.project_code,
        "project_name": row.project_name,
        "county": row.county,
        "field": row.field,
        "field_label": row.field_label,
        "old_value": row.old_value,
        "new_value": row.new_value,
        "source": row.source,
        "source_label": row.source_label,
        "source_detail": row.source_detail,
    }


def _print_line(row: AuditRow) -> None:
    what = " ".join(part for part in (row.kind_label, row.field_label) if part)
    # one entry per line: a multi-line text (形象进度 …) is shown on one
    old, new = ("（空）" if value is None else " ".join(value.splitlines()) for value in (row.old_value, row.new_value))
    change = f"{old} -> {new}"
    print(
        f"{row.at:%Y-%m-%d %H:%M:%S}\t{row.user}\t{row.project_code or '-'}\t{row.county or '-'}\t{what}\t"
        f"{change}\t{row.source_label}{f'（{row.source_detail}）' if row.source_detail else ''}"
    )


def cmd_audit(args: argparse.Namespace) -> int:
    if args.force and not args.xlsx:
        raise CliError("--force only applies with --xlsx")
    if args.limit is not None and args.limit < 1:
        raise CliError("--limit must be 1 or more")
    if args.limit is not None and args.xlsx:
        raise CliError("--limit does not apply to --xlsx (the export holds every matching entry)")
    ws = open_ws(args, seed=False)
    try:
        flt = build_filter(args, ws)
        if args.xlsx:
            return _export(args, ws, flt)
        rows = audit_service.iter_entries(ws, flt, limit=args.limit)
        if args.json:
            _write_json(rows)
            return 0
        shown = 0
        for row in rows:
            _print_line(row)
            shown += 1
        if not shown:
            print("no audit entries match / 没有符合条件的修改记录", file=sys.stderr)
    finally:
        ws.close()
    return 0


def _write_json(rows: Iterable[AuditRow]) -> None:
    """A JSON array with one entry per line, written as the pages are read (never all entries at once)."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    out = sys.stdout
    out.write("[")
    count = 0
    for row in rows:
        out.write(",\n" if count else "\n")
        out.write(encode(entry_dict(row)))
        count += 1
    out.write("\n]\n" if count else "]\n")


def _export(args: argparse.Namespace, ws: Workspace, flt: AuditFilter) -> int:
    from app.exchange import audit_export

    result = audit_export.export_audit(ws, args.xlsx, flt, force=args.force)
    if args.json:
        print_json({"path": str(result.path), "rows": result.rows, "cleaned_cells": result.cleaned_cells})
    else:
        print(f"audit log written: {result.path} ({result.rows} entries)")
        if result.cleaned_cells:
            print(
                f"warning: {result.cleaned_cells} cell(s) had control characters Excel cannot hold; removed in the file"
            )
    return 0
