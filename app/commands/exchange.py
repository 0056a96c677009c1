"""export-xlsx and import-xlsx: the Excel round trip from the command line.

    python -m app.cli --db X export-xlsx --out F.xlsx [--county NAME | --department NAME] [--per-table] [--force]
    python -m app.cli --db X export-xlsx --out F.xlsx --entry --period 2025Q3 (--county NAME | --department NAME)
    python -m app.cli --db X import-xlsx F.xlsx|F.csv [--dry-run] [--json] [--accept-theirs | --keep-mine]

export-xlsx never writes over the open database; an existing file is replaced only with --force (and only if
it is an .xlsx), through a temporary file renamed into place.

import-xlsx prints one line per finding on stderr, "error: sheet，row，column：reason" for what refuses the file
and "note: …" for what does not, then one summary line in the CLI's own English words, with the importer's
Chinese explanation quoted at its end:

    unchanged: gl.xlsx: 11 rows read, 0 changes, 0 errors, 0 conflicts; message: "数据与数据库一致，没有需要导入的修改"

Exit codes: 0 valid (and applied unless --dry-run); 1 the file has errors
and nothing was written; 3 version conflicts and neither --accept-theirs nor --keep-mine given (nothing written).
"""

from __future__ import annotations

import argparse
import sys

from app.commands.common import CliError, open_ws, print_json
from app.core.output_files import OutputFileError
from app.core.periods import PeriodLockedError
from app.exchange import service, xlsx_import

EXIT_ERRORS = 1
EXIT_CONFLICTS = 3
# The summary line's status word (the GUI shows service.STATUS_LABELS, in Chinese).
STATUS_WORDS = {
    service.APPLIED: "imported",
    service.UNCHANGED: "unchanged",
    service.REJECTED: "rejected",
    service.CONFLICTS: "conflicts",
    service.DRY_RUN: "dry run",
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("export-xlsx", help="export the portfolio, or a county/department data-entry workbook, to .xlsx")
    p.add_argument("--out", required=True, help="the .xlsx file to write")
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--county", help="only this county's projects (所属县区 or 涉及县区)")
    scope.add_argument("--department", help="only projects this department leads")
    p.add_argument("--entry", action="store_true", help="a data-entry workbook for one quarter (needs --period)")
    p.add_argument("--period", help="quarter such as 2025Q3 (entry workbook; for the portfolio: progress columns)")
    p.add_argument("--table", type=int, choices=range(1, 8), metavar="1-7", help="portfolio: only this appendix table")
    p.add_argument("--per-table", action="store_true", help="portfolio: one more sheet per appendix table")
    p.add_argument("--password", help="entry workbook: sheet protection password (default: protected, no password)")
    p.add_argument("--force", action="store_true", help="replace an existing .xlsx at --out (never the database)")
    p.add_argument("--json", action="store_true", help="print a JSON summary")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("import-xlsx", help="validate and import an exchange workbook (.xlsx) or CSV")
    p.add_argument("file", help=".xlsx saved by Excel/WPS, or .csv (UTF-8, UTF-8 BOM or GB18030)")
    p.add_argument("--dry-run", action="store_true", help="validate and show the changes, write nothing")
    p.add_argument("--json", action="store_true", help="print the preview/result as JSON on stdout")
    resolve = p.add_mutually_exclusive_group()
    resolve.add_argument("--accept-theirs", action="store_true", help="on version conflicts take the file's values")
    resolve.add_argument("--keep-mine", action="store_true", help="on version conflicts keep the database's values")
    p.set_defaults(handler=cmd_import)


def cmd_export(args: argparse.Namespace) -> int:
    if not args.out.lower().endswith(".xlsx"):
        raise CliError("--out must name an .xlsx file")
    ws = open_ws(args)
    try:
        if args.entry:
            if not args.period:
                raise CliError("--entry needs --period (e.g. 2025Q3)")
            if args.table:
                raise CliError("--table applies to the portfolio export only")
            summary = service.export_entry_workbook(
                ws,
                args.out,
                period=args.period,
                county=args.county,
                department=args.department,
                password=args.password,
                force=args.force,
            )
            text = (
                f"entry workbook written: {summary['path']} ({summary['scope']} {summary['period']}, "
                f"{summary['projects']} projects, {summary['milestones']} milestones)"
            )
        else:
            summary = service.export_portfolio(
                ws,
                args.out,
                county=args.county,
                department=args.department,
                table=args.table,
                period=args.period,
                per_table=args.per_table,
                force=args.force,
            )
            text = f"portfolio written: {summary['path']} ({summary['projects']} projects, sheets: {', '.join(summary['sheets'])})"
    except (ValueError, PeriodLockedError, OutputFileError) as exc:
        raise CliError(str(exc)) from exc
    finally:
        ws.close()
    for warning in summary.get("warnings", []):
        print(f"warning: {warning}", file=sys.stderr)
    if args.json:
        print_json(summary)
    else:
        print(text)
    return 0


def _change_line(c: xlsx_import.FieldChange) -> str:
    period = f" {c.period}" if c.period else ""
    return f"{c.sheet}!{c.row}\t{c.project_code}{period}\t{c.label}：{c.old or '（空）'} -> {c.new or '（空）'}"


def _conflict_line(c: xlsx_import.Conflict) -> str:
    period = f" {c.period}" if c.period else ""
    return (
        f"{c.sheet}!{c.row}\t{c.project_code}{period}\t{c.label}："
        f"数据库（mine）={c.mine or '（空）'}，文件（theirs）={c.theirs or '（空）'}"
        f"（文件版本 {c.file_version}，数据库版本 {c.db_version}，{c.changed_by or ''} {c.changed_at or ''}）"
    )


def summary_line(outcome: service.ImportOutcome) -> str:
    """English status and counts; the importer's own (Chinese) explanation quoted as a message of its own."""
    plan = outcome.plan
    changes = len(outcome.applied) if outcome.applied else len(plan.changes)
    counts = (
        f"{plan.rows_read} rows read, {changes} changes, {len(plan.errors)} errors, {len(plan.conflicts)} conflicts"
    )
    message = f'; message: "{outcome.message}"' if outcome.message else ""
    return f"{STATUS_WORDS.get(outcome.status, outcome.status)}: {plan.file_name}: {counts}{message}"


def cmd_import(args: argparse.Namespace) -> int:
    default = xlsx_import.THEIRS if args.accept_theirs else xlsx_import.MINE if args.keep_mine else None
    ws = open_ws(args)
    try:
        outcome = service.apply_import(ws, args.file, default_resolution=default, dry_run=args.dry_run)
    finally:
        ws.close()
    plan = outcome.plan
    if args.json:
        print_json(outcome.to_dict())
    else:
        changes = outcome.applied if outcome.applied else plan.changes
        verb = (
            "would change"
            if outcome.status == service.DRY_RUN
            else "changed"
            if outcome.status == service.APPLIED
            else "change"
        )
        for c in changes:
            print(f"{verb}\t{_change_line(c)}")
        for conflict in plan.conflicts:
            print(f"conflict\t{_conflict_line(conflict)}")
    for issue in plan.notes:
        print(f"note: {issue.line()}", file=sys.stderr)
    for issue in plan.errors:
        print(f"error: {issue.line()}", file=sys.stderr)
    print(summary_line(outcome), file=sys.stderr if args.json or not outcome.ok else sys.stdout)
    if outcome.status == service.CONFLICTS:
        print(
            "hint: re-run with --accept-theirs (take the file's values) or --keep-mine (keep the database's), "
            "or resolve field by field in the desktop import wizard",
            file=sys.stderr,
        )
        return EXIT_CONFLICTS
    return 0 if outcome.ok else EXIT_ERRORS
