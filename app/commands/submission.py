"""submission submit | list | accept | return: quarterly submissions (报送) and the city's review (审核/退回).

    python -m app.cli --db COUNTY submission submit --period 2025Q3
    python -m app.cli --db CITY submission list --period 2025Q3 [--json] [--late-by 2025-10-15]
    python -m app.cli --db CITY submission accept --office 灵丘县 --period 2025Q3 [--reason R]
    python -m app.cli --db CITY submission return --office 灵丘县 --period 2025Q3 [--reason R]
                                                  [--project CODE --reason R ...]

In `return`, a --reason before any --project is the reason for the whole submission; a --reason after
--project CODE is that project's. Submissions travel as packages (see `package`).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from app.commands.common import CliError, open_ws, print_json
from app.core import submissions
from app.core.errors import ValidationError
from app.core.parsing import DateTextError, parse_date_text


class _Ordered(argparse.Action):
    """Keeps --project and --reason in the order typed, so each reason pairs with the project before it."""

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option: str | None = None
    ) -> None:
        items = list(getattr(namespace, "ordered", None) or [])
        items.append((self.dest, values))
        namespace.ordered = items


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("submission", help="quarterly submission (报送) and the city's review (审核/退回)")
    actions = p.add_subparsers(dest="submission_action", metavar="ACTION", required=True)

    a = actions.add_parser("submit", help="county: submit (报送) the quarter; its records are frozen here")
    a.add_argument("--period", required=True, help="quarter such as 2025Q3")
    a.set_defaults(handler=cmd_submit)

    a = actions.add_parser("list", help="every office with its state for the quarter")
    a.add_argument("--period", required=True)
    a.add_argument("--json", action="store_true", help="JSON array on stdout")
    a.add_argument(
        "--late-by", metavar="DATE", help="催报: only the offices that had not submitted by DATE (2025-10-15)"
    )
    a.set_defaults(handler=cmd_list)

    a = actions.add_parser("accept", help="city: accept (审核通过) an office's submission")
    a.add_argument("--office", required=True)
    a.add_argument("--period", required=True)
    a.add_argument("--reason", help="an optional note")
    a.set_defaults(handler=cmd_accept)

    a = actions.add_parser("return", help="city: return (退回) a submission with reasons")
    a.add_argument("--office", required=True)
    a.add_argument("--period", required=True)
    a.add_argument(
        "--reason", action=_Ordered, dest="reason", help="reason (whole submission, or the --project before it)"
    )
    a.add_argument(
        "--project", action=_Ordered, dest="project", metavar="CODE", help="a project to return, e.g. 附表1-02"
    )
    a.set_defaults(handler=cmd_return, ordered=None)


def _row(info: submissions.SubmissionInfo) -> dict[str, Any]:
    return {
        "office": info.office,
        "period": info.period,
        "state": info.state,
        "state_label": info.state_label,
        "round": info.round,
        "date": info.date.isoformat(sep=" ", timespec="seconds") if info.date else None,
        "submitted_at": info.submitted_at.isoformat(sep=" ", timespec="seconds") if info.submitted_at else None,
        "submitted_by": info.submitted_by,
        "decided_at": info.decided_at.isoformat(sep=" ", timespec="seconds") if info.decided_at else None,
        "decided_by": info.decided_by,
        "projects_reported": info.projects_reported,
        "reason": info.reason,
        "project_reasons": dict(info.project_reasons),
    }


def _print(info: submissions.SubmissionInfo) -> None:
    when = info.date.strftime("%Y-%m-%d %H:%M") if info.date else "-"
    print(f"{info.office}\t{info.period}\t{info.state_label}\t{when}\t{info.projects_reported} projects")
    if info.reason:
        print(f"  reason: {info.reason}")
    for code, reason in info.project_reasons:
        print(f"  {code}: {reason}")


def _run(args: argparse.Namespace, call: Any) -> Any:
    ws = open_ws(args)
    try:
        return call(ws)
    except submissions.SubmissionStateError as exc:
        raise CliError(exc.message) from None
    except ValidationError as exc:
        raise CliError("; ".join(f"{key}: {message}" for key, message in exc.errors.items())) from None
    finally:
        ws.close()


def cmd_submit(args: argparse.Namespace) -> int:
    info = _run(args, lambda ws: submissions.submit(ws, args.period, source="cli"))
    print(
        f"submitted: {info.office} {info.period} (round {info.round}, {info.projects_reported} projects reported); "
        f"the quarter is locked here. Next: package export --out FILE --period {info.period}"
    )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    if args.late_by:
        try:
            by = parse_date_text(args.late_by)
        except DateTextError as exc:
            raise CliError(f"--late-by: {exc.note}") from None
        if by is None:
            raise CliError("--late-by needs a date such as 2025-10-15")
        rows = _run(args, lambda ws: submissions.chase_list(ws, args.period, by))
    else:
        rows = _run(args, lambda ws: submissions.list_submissions(ws, args.period))
    if args.json:
        print_json([_row(info) for info in rows])
    else:
        for info in rows:
            _print(info)
    return 0


def cmd_accept(args: argparse.Namespace) -> int:
    info = _run(args, lambda ws: submissions.accept(ws, args.office, args.period, reason=args.reason, source="cli"))
    _print(info)
    return 0


def pair_reasons(ordered: Sequence[tuple[str, str]] | None) -> tuple[str | None, dict[str, str]]:
    """(whole reason, project code -> reason) from --reason/--project in the order typed."""
    whole: str | None = None
    per_project: dict[str, str] = {}
    current: str | None = None
    for kind, value in ordered or []:
        if kind == "project":
            if current is not None and current not in per_project:
                raise CliError(f"--project {current} needs a --reason after it")
            current = value.strip()
        elif current is None:
            if whole is not None:
                raise CliError("give one --reason for the whole submission (or --project CODE --reason R)")
            whole = value
        else:
            per_project[current] = value
            current = None
    if current is not None:
        raise CliError(f"--project {current} needs a --reason after it")
    return whole, per_project


def cmd_return(args: argparse.Namespace) -> int:
    whole, per_project = pair_reasons(args.ordered)
    info = _run(
        args,
        lambda ws: submissions.return_submission(
            ws, args.office, args.period, reason=whole, project_reasons=per_project, source="cli"
        ),
    )
    _print(info)
    return 0
