"""package export | import | show | conflicts | resolve: exchange packages between the offices and the city.

    python -m app.cli --db COUNTY package export --out F.zip [--period 2025Q3] [--all] [--force]
    python -m app.cli --db CITY   package export --for 灵丘县 --out F.zip [--all] [--force]
    python -m app.cli --db X      package import F.zip [--dry-run] [--json]
    python -m app.cli --db X      package show F.zip [--json]
    python -m app.cli --db X      package conflicts [--all] [--json]
    python -m app.cli --db X      package resolve ID (--theirs | --ours)

A refused package (damaged, altered, newer schema, for another office, outside the sender's scope) is one
line on stderr, exit code 1, and nothing written. An import that held conflicts exits 0 and lists them.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.commands.common import CliError, open_ws, print_json
from app.core.errors import ValidationError
from app.exchange import package_conflicts, packages
from app.exchange.package_format import Manifest, PackageError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("package", help="exchange packages between county offices and the city")
    actions = p.add_subparsers(dest="package_action", metavar="ACTION", required=True)

    a = actions.add_parser("export", help="write this office's package (a county's to the city, or --for OFFICE)")
    a.add_argument("--out", required=True, help="the package file to write (.zip)")
    a.add_argument("--period", help="county: include the submission (报送) of this quarter")
    a.add_argument("--for", dest="for_office", metavar="OFFICE", help="city: the office the return package is for")
    a.add_argument(
        "--all", dest="everything", action="store_true", help="every change, not only those since the last package"
    )
    a.add_argument("--force", action="store_true", help="replace an existing package file at --out")
    a.set_defaults(handler=cmd_export)

    a = actions.add_parser("import", help="check and apply a package")
    a.add_argument("file")
    a.add_argument("--dry-run", action="store_true", help="check and show what it would do, write nothing")
    a.add_argument("--json", action="store_true", help="print the result as JSON on stdout")
    a.set_defaults(handler=cmd_import)

    a = actions.add_parser("show", help="check a package and say what it holds (writes nothing)")
    a.add_argument("file")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=cmd_show)

    a = actions.add_parser("conflicts", help="changes from other offices that met a different value here")
    a.add_argument("--all", action="store_true", help="also those already decided")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=cmd_conflicts)

    a = actions.add_parser("resolve", help="decide a conflict: take the other office's value or keep this one")
    a.add_argument("id", type=int)
    choice = a.add_mutually_exclusive_group(required=True)
    choice.add_argument("--theirs", action="store_true", help="take the other office's value")
    choice.add_argument("--ours", action="store_true", help="keep this database's value (sent back to them)")
    a.set_defaults(handler=cmd_resolve)


def _run(args: argparse.Namespace, call: Any) -> Any:
    ws = open_ws(args)
    try:
        return call(ws)
    except PackageError as exc:
        raise CliError(str(exc)) from None
    except ValidationError as exc:
        raise CliError("; ".join(f"{key}: {message}" for key, message in exc.errors.items())) from None
    finally:
        ws.close()


def _manifest(manifest: Manifest) -> dict[str, Any]:
    return manifest.to_json()


def _seq(manifest: Manifest) -> str:
    return f"#{manifest.first_seq}-{manifest.last_seq}" if manifest.first_seq is not None else "none of its own"


def cmd_export(args: argparse.Namespace) -> int:
    result = _run(
        args,
        lambda ws: packages.export_package(
            ws, args.out, period=args.period, for_office=args.for_office, force=args.force, everything=args.everything
        ),
    )
    m = result.manifest
    what = f"submission of {result.submission.period}, " if result.submission else ""
    decided = f"{result.decisions} decision(s), " if m.kind == "return" else ""
    print(
        f"package written: {result.path} ({m.sender} -> {m.addressee}, {what}{decided}{m.change_count} change(s), "
        f"sequence {_seq(m)}, sha256 {result.package_id[:16]}…)"
    )
    return 0


def _result_json(result: packages.ImportResult) -> dict[str, Any]:
    return {
        "manifest": _manifest(result.manifest),
        "package_id": result.package_id,
        "dry_run": result.dry_run,
        "already_imported": result.already_imported,
        "applied": result.applied,
        "same": result.same,
        "seen": result.seen,
        "conflicts": result.conflicts,
        "settled": result.settled,
        "missing": result.missing,
        "submission_recorded": result.submission_recorded,
        "decisions_applied": [
            {
                "office": d.office,
                "period": d.period,
                "state": d.state,
                "reason": d.reason,
                "project_reasons": dict(d.project_reasons),
            }
            for d in result.decisions_applied
        ],
        "departments_added": list(result.departments_added),
        "conflict_lines": list(result.conflict_lines),
        "backup": str(result.backup) if result.backup else None,
    }


def cmd_import(args: argparse.Namespace) -> int:
    result = _run(args, lambda ws: packages.import_package(ws, args.file, dry_run=args.dry_run))
    if args.json:
        print_json(_result_json(result))
        return 0
    m = result.manifest
    if result.already_imported:
        print(f"already imported: this package from {m.sender} ({m.created_at:%Y-%m-%d %H:%M}) changes nothing")
        return 0
    prefix = "dry run, nothing written: " if result.dry_run else ""
    print(
        f"{prefix}package from {m.sender} ({m.kind}, {m.change_count} change(s)): {result.applied} applied, "
        f"{result.same + result.seen} already here, {result.conflicts} conflict(s), {result.missing} about records not here"
    )
    if result.submission_recorded and m.period:
        print(f"submission recorded: {m.sender} {m.period} 已报送（待审核）")
    for d in result.decisions_applied:
        print(f"decision: {d.office} {d.period} {'已审核' if d.state == 'accepted' else '已退回'}")
        if d.reason:
            print(f"  reason: {d.reason}")
        for code, reason in d.project_reasons:
            print(f"  {code}: {reason}")
    for line in result.conflict_lines:
        print(f"conflict: {line}")
    if result.conflicts:
        print("see: package conflicts; decide with: package resolve ID --theirs|--ours")
    if result.backup:
        print(f"backup before the import: {result.backup}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    preview = _run(args, lambda ws: packages.preview_package(ws, args.file))
    m = preview.manifest
    if args.json:
        print_json(
            {
                "manifest": _manifest(m),
                "package_id": preview.package_id,
                "already_imported": preview.already_imported,
                "changes_by_kind": dict(preview.changes_by_kind),
                "projects": list(preview.project_codes),
                "submission": None if preview.submission is None else preview.submission.period,
                "decisions": [{"period": d.period, "state": d.state} for d in preview.decisions],
            }
        )
        return 0
    print(f"{m.kind} package {m.sender} -> {m.addressee}, created {m.created_at:%Y-%m-%d %H:%M} by {m.created_by}")
    print(f"program {m.app_version}, schema {m.schema_revision}, sequence {_seq(m)}, sha256 {preview.package_id}")
    kinds = ", ".join(f"{kind} {count}" for kind, count in preview.changes_by_kind) or "none"
    print(f"changes: {m.change_count} ({kinds}); projects: {'、'.join(preview.project_codes) or '-'}")
    if preview.submission is not None:
        print(f"submission: {preview.submission.office} {preview.submission.period} (round {preview.submission.round})")
    for d in preview.decisions:
        print(f"decision: {d.period} {d.state}")
    if preview.already_imported:
        print("already imported here")
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    rows = _run(args, lambda ws: package_conflicts.list_conflicts(ws, open_only=not args.all))
    if args.json:
        print_json([row.__dict__ for row in rows])
        return 0
    for c in rows:
        print(f"{c.id}\t{c.project_code}\t{c.what}\t{c.state_label}")
        print(
            f"  here:  {c.ours}  ({c.ours_by or '?'}, {c.ours_at:%Y-%m-%d %H:%M})"
            if c.ours_at
            else f"  here:  {c.ours}"
        )
        print(f"  {c.origin}: {c.theirs}  ({c.theirs_by}, {c.theirs_at:%Y-%m-%d %H:%M})")
    if not rows:
        print("no conflicts to decide")
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    _run(args, lambda ws: package_conflicts.resolve_conflict(ws, args.id, take_theirs=args.theirs))
    decided = (
        "took the other office's value" if args.theirs else "kept this database's value (sent back in the next package)"
    )
    print(f"conflict {args.id} decided: {decided}")
    return 0
