"""report: quarterly PDF progress reports, their stored snapshots and verification.

python -m app.cli --db X report --period 2025Q3 --out FILE.pdf [--county NAME | --department NAME |
                                --table N] [--details] [--unit 编制单位] [--force] [--json]
python -m app.cli --db X report verify --period 2025Q3 [--county …] [--details] [--unit …] | --id SNAPSHOT_ID
python -m app.cli --db X report snapshots [--period 2025Q3] [--json]
python -m app.cli --db X report export-snapshot --id SNAPSHOT_ID --out FILE.pdf [--force]

--out never replaces the open database; an existing file is replaced only with --force, and only if it is
a PDF.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.commands.common import CliError, open_ws, print_json
from app.core.workspace import Workspace
from app.reports.fonts import FontError
from app.reports.model import ReportOptions, Scope

ACTIONS = ("generate", "verify", "snapshots", "export-snapshot")


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser(
        "report",
        help="quarterly PDF progress report (generate / verify / snapshots / export-snapshot)",
        description="生成季度进度报告（PDF）。锁定季度的报告自动存档并可核对。",
    )
    p.add_argument(
        "action",
        nargs="?",
        choices=ACTIONS,
        default="generate",
        help="generate (default), verify a locked quarter's stored report, list snapshots, or export a stored snapshot",
    )
    p.add_argument("--period", help="quarter, e.g. 2025Q3")
    p.add_argument("--out", help="PDF file to write")
    p.add_argument(
        "--force", action="store_true", help="replace an existing PDF at --out (never the database, never a non-PDF)"
    )
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--county", help="only projects of this county / district (e.g. 平城区)")
    scope.add_argument("--department", help="only projects led by this department")
    scope.add_argument("--table", type=int, metavar="1-7", help="only projects of appendix table N")
    p.add_argument("--details", action="store_true", help="add one detail page per project")
    p.add_argument("--unit", help="reporting unit (编制单位) printed on the cover and the sign-off block")
    p.add_argument("--id", help="snapshot id (export-snapshot; verify: check this snapshot)")
    p.add_argument("--json", action="store_true", help="machine-readable result on stdout")
    p.set_defaults(handler=cmd_report)


def _scope_given(args: argparse.Namespace) -> bool:
    return any(v not in (None, "") for v in (args.county, args.department, args.table))


def _scope_and_options(args: argparse.Namespace) -> tuple[Scope, ReportOptions]:
    from app.reports.service import ReportInputError, scope_from_args

    try:
        scope = scope_from_args(args.county, args.department, args.table)
    except ReportInputError as exc:
        raise CliError(str(exc)) from None
    return scope, ReportOptions(details=args.details, unit=(args.unit or "").strip() or None)


def _need(args: argparse.Namespace, *names: str) -> None:
    missing = [f"--{n}" for n in names if not getattr(args, n)]
    if missing:
        raise CliError(f"report {args.action} needs {' '.join(missing)}", code=2)


def cmd_report(args: argparse.Namespace) -> int:
    from app.reports.service import ReportInputError, ReportOutputError

    action = args.action
    if action == "generate":
        _need(args, "period", "out")
    elif action == "verify" and not args.id:
        _need(args, "period")
    elif action == "export-snapshot":
        _need(args, "id", "out")
    scope, options = _scope_and_options(args)
    ws = open_ws(args)
    try:
        if action == "generate":
            return _generate(ws, args, scope, options)
        if action == "verify":
            return _verify(ws, args, scope if _scope_given(args) else None, options)
        if action == "snapshots":
            return _snapshots(ws, args)
        return _export(ws, args)
    except (ReportInputError, ReportOutputError, FontError) as exc:
        raise CliError(str(exc)) from None
    finally:
        ws.close()


def _generate(ws: Workspace, args: argparse.Namespace, scope: Scope, options: ReportOptions) -> int:
    from app.reports.service import generate_report

    result = generate_report(ws, args.period, scope, options, args.out, force=args.force)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.json:
        print_json(result.to_dict())
        return 0
    line = (
        f"report written: {result.path} ({result.pages} pages, {result.projects} projects, "
        f"{result.period} {result.scope}, sha256 {result.sha256})"
    )
    print(line)
    for note in result.notes:
        print(f"note: {note}")
    if result.snapshot:
        print(f"snapshot {result.snapshot}: {result.snapshot_id}")
    return 0


def _verify(ws: Workspace, args: argparse.Namespace, scope: Scope | None, options: ReportOptions) -> int:
    from app.reports.service import AmbiguousSnapshotError, verify_report

    try:
        result = verify_report(ws, args.period, scope, options, snapshot_id=args.id)
    except AmbiguousSnapshotError as exc:
        if args.json:
            print_json([c.to_dict() for c in exc.candidates])
        print("stored reports / 存档报告:", file=sys.stderr)
        for candidate in exc.candidates:
            print(f"  {candidate.describe()}", file=sys.stderr)
        raise CliError(str(exc)) from None
    if args.json:
        print_json(result.to_dict())
    else:
        print(f"{'ok' if result.ok else 'MISMATCH'}: {result.message}")
        print(f"snapshot    {result.snapshot_id} ({result.scope}, {result.options})")
        print(f"stored      {result.stored_sha256} ({result.generated_at}, {result.generated_by})")
        print(f"regenerated {result.regenerated_sha256}")
    if not result.ok:
        raise CliError(f"report for {result.period} {result.scope} does not match its stored snapshot")
    return 0


def _snapshots(ws: Workspace, args: argparse.Namespace) -> int:
    from app.reports.service import list_snapshots

    rows = list_snapshots(ws, args.period)
    if args.json:
        print_json([r.to_dict() for r in rows])
    elif not rows:
        print("没有存档报告 / no stored reports" + (f" for {args.period}" if args.period else ""))
    else:
        for r in rows:
            print(
                f"{r.id}\t{r.period}\t{r.scope}\t{r.options}\t{r.unit or '-'}\t{r.generated_at}\t"
                f"{r.generated_by}\t{r.sha256}"
            )
    return 0


def _export(ws: Workspace, args: argparse.Namespace) -> int:
    from app.reports.service import export_snapshot

    path = export_snapshot(ws, args.id, args.out, force=args.force)
    print(f"snapshot written: {path}")
    return 0
