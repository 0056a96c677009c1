"""progress, milestone, period, issue, indicator: the tracking commands.

Every error the user can act on (bad period, locked quarter, negative amount, unknown project) is one line
on stderr and a non-zero exit; a failed write changes nothing because each command is one transaction.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeAlias

from app.commands.common import CliError, open_ws, print_json
from app.core import milestones, number_format, period_service, periods, progress, tracking_service
from app.core.parsing import DateTextError, parse_date_text
from app.core.workspace import Workspace

SOURCE = "cli"


def _user_errors(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn the tracking core's own exceptions into CliError (app/cli.py knows only the foundation's)."""

    @functools.wraps(handler)
    def wrapper(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except (periods.PeriodLockedError, periods.PeriodStateError) as exc:
            raise CliError(str(exc)) from None

    return wrapper


def _with_workspace(args: argparse.Namespace, work: Callable[[Workspace], Any]) -> Any:
    """Open the database named on the command line, run one service call, close the database."""
    ws = open_ws(args)
    try:
        return work(ws)
    finally:
        ws.close()


def _project_id(ws: Workspace, code: str) -> str:
    """The command line names a project by its code; the services take its id."""
    return tracking_service.project_id_for_code(ws, code)


def _period(text: str) -> str:
    try:
        return periods.normalize_period(text)
    except ValueError as exc:
        raise CliError(str(exc)) from None


def _date(text: str | None) -> dt.date | None:
    """A date as people write it (2025-12-31, 2025/12/31, 2025年12月31日, 20251231), like the importer."""
    if text is None:
        return None
    try:
        day = parse_date_text(text)
    except DateTextError as exc:
        raise CliError(f"{exc.note} / not a valid date: {text!r} (write e.g. 2025-12-31 or YYYY-MM-DD)") from None
    if day is None:
        raise CliError("日期不能为空 / empty date (write e.g. 2025-12-31 or YYYY-MM-DD)")
    return day


# A string: argparse's class cannot be subscripted at run time on Python 3.11.
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _command(sub: Subcommands, name: str, help_text: str) -> Subcommands:
    parser = sub.add_parser(name, help=help_text)
    actions: Subcommands = parser.add_subparsers(
        dest=f"{name}_command", metavar="ACTION", required=True, parser_class=type(parser)
    )
    return actions


def register(sub: Subcommands) -> None:
    _register_progress(_command(sub, "progress", "quarterly progress: set, list, history"))
    _register_milestone(_command(sub, "milestone", "project milestones: add, list, template, edit, move, remove"))
    _register_period(_command(sub, "period", "reporting periods: list, submit, lock, reopen"))
    _register_issue(_command(sub, "issue", "coordination issues (问题协调): add, close, list, stats"))
    _register_indicator(_command(sub, "indicator", "plan indicators: set a yearly value, list progress"))


# --- progress ------------------------------------------------------------------------------------------
def _register_progress(sub: Subcommands) -> None:
    p = sub.add_parser("set", help="create or update one project's report for one quarter")
    p.add_argument("--code", required=True, help="project code, e.g. 附表1-05")
    p.add_argument("--period", required=True, help="quarter, e.g. 2025Q3")
    p.add_argument("--invested", help="investment completed this quarter, 亿元 (also 500万元, 1.2亿)")
    p.add_argument("--annual-plan", dest="annual_plan", help="annual planned investment, 亿元")
    p.add_argument("--physical", dest="physical_progress", help="形象进度")
    p.add_argument("--problems", help="存在问题")
    p.add_argument("--next", dest="next_steps", help="下步计划")
    p.add_argument("--status", help="储备/前期/在建/完工/暂停/取消 (also updates the project's status)")
    p.add_argument("--expected-version", type=int, help="fail if the record changed since this version")
    p.set_defaults(handler=_user_errors(cmd_progress_set))

    p = sub.add_parser("list", help="every record of a quarter with cumulative, completion rate and RAG")
    p.add_argument("--period", required=True)
    p.add_argument("--all", action="store_true", help="include projects that did not report this quarter")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_user_errors(cmd_progress_list))

    p = sub.add_parser("history", help="every quarter one project reported")
    p.add_argument("--code", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_user_errors(cmd_progress_history))


def cmd_progress_set(args: argparse.Namespace) -> int:
    fields = {key: getattr(args, key) for key in progress.PROGRESS_FIELDS if getattr(args, key) is not None}
    code = _period(args.period)
    if not fields:
        raise CliError(
            "请至少指定一项：--invested/--annual-plan/--physical/--problems/--next/--status / nothing to set"
        )
    result = _with_workspace(
        args,
        lambda ws: tracking_service.set_progress(
            ws, _project_id(ws, args.code), code, source=SOURCE, expected_version=args.expected_version, **fields
        ),
    )
    if result.record_id is None:
        print(f"{args.code} {code}: nothing recorded (every given field was blank)")
    elif result.changed_fields:
        print(f"{args.code} {code}: changed {', '.join(result.changed_fields)} (version {result.version})")
    else:
        print(f"{args.code} {code}: no change (version {result.version})")
    for warning in result.warnings:
        print(f"warning: {warning}")
    return 0


def _amount(value: float | None) -> str:
    return "-" if value is None else number_format.amount_short(value)


def _rate(value: float | None) -> str:
    return number_format.rate(None if value is None else Decimal(str(value)), unknown="unknown")


def cmd_progress_list(args: argparse.Namespace) -> int:
    code = _period(args.period)
    rows = _with_workspace(args, lambda ws: tracking_service.period_rows(ws, code, include_unreported=args.all))
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print(f"{code}: no project reported (use --all to list every project)")
        return 0
    print("code\tcounty\tinvested\tcumulative\tcompletion\tstatus\tRAG\treasons\tname")
    for r in rows:
        print(
            f"{r['code']}\t{r['county']}\t{_amount(r['invested'])}\t{_amount(r['cumulative'])}"
            f"\t{_rate(r['completion_rate'])}\t{r['status']}\t{r['rag_label']}\t{'；'.join(r['rag_reasons'])}"
            f"\t{r['name']}"
        )
    return 0


def cmd_progress_history(args: argparse.Namespace) -> int:
    rows = _with_workspace(args, lambda ws: tracking_service.progress_history_rows(ws, _project_id(ws, args.code)))
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print(f"{args.code}: no quarter reported yet")
        return 0
    print("period\tinvested\tcumulative\tcompletion\tstatus\tphysical progress")
    for r in rows:
        print(
            f"{r['period']}\t{_amount(r['invested'])}\t{_amount(r['cumulative'])}"
            f"\t{_rate(r['completion_rate'])}\t{r['status'] or ''}\t{r['physical_progress'] or ''}"
        )
    return 0


# --- milestones ----------------------------------------------------------------------------------------
def _register_milestone(sub: Subcommands) -> None:
    p = sub.add_parser("add", help="append a milestone")
    p.add_argument("--code", required=True)
    p.add_argument("--title", required=True)
    p.add_argument("--planned", help="YYYY-MM-DD")
    p.add_argument("--actual", help="YYYY-MM-DD")
    p.add_argument("--kind", help=f"template kind ({'、'.join(milestones.MILESTONE_TEMPLATE)}) or any text")
    p.add_argument("--note")
    p.set_defaults(handler=_user_errors(cmd_milestone_add))

    p = sub.add_parser("list", help="a project's milestones with derived status")
    p.add_argument("--code", required=True)
    p.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default today)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_user_errors(cmd_milestone_list))

    p = sub.add_parser("template", help="add the standard government-investment milestones the project lacks")
    p.add_argument("--code", required=True)
    p.set_defaults(handler=_user_errors(cmd_milestone_template))

    p = sub.add_parser("edit", help="change a milestone (id from `milestone list --json`)")
    p.add_argument("--id", required=True)
    p.add_argument("--title")
    p.add_argument("--kind")
    p.add_argument("--planned", help="YYYY-MM-DD, or '' to clear")
    p.add_argument("--actual", help="YYYY-MM-DD, or '' to clear")
    p.add_argument("--status", help="/".join(milestones.STORED_STATUSES))
    p.add_argument("--note")
    p.add_argument("--expected-version", type=int)
    p.set_defaults(handler=_user_errors(cmd_milestone_edit))

    p = sub.add_parser("move", help="move a milestone to a 1-based position")
    p.add_argument("--id", required=True)
    p.add_argument("--to", type=int, required=True)
    p.set_defaults(handler=_user_errors(cmd_milestone_move))

    p = sub.add_parser("remove", help="delete a milestone")
    p.add_argument("--id", required=True)
    p.set_defaults(handler=_user_errors(cmd_milestone_remove))

    p = sub.add_parser("overdue", help="every milestone overdue on a date, across the portfolio")
    p.add_argument("--as-of", dest="as_of")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_user_errors(cmd_milestone_overdue))


def cmd_milestone_add(args: argparse.Namespace) -> int:
    fields = dict(
        title=args.title,
        kind=args.kind,
        planned_date=_date(args.planned),
        actual_date=_date(args.actual),
        note=args.note,
    )
    mid = _with_workspace(
        args, lambda ws: tracking_service.add_milestone(ws, _project_id(ws, args.code), source=SOURCE, **fields)
    )
    print(f"{args.code}: added milestone {mid}")
    return 0


def _print_milestones(rows: list[dict[str, Any]], with_project: bool = False) -> None:
    if not rows:
        print("no milestones")
        return
    print(f"{'code' if with_project else 'no.'}\tkind\ttitle\tplanned\tactual\tstate\tdays overdue\tid")
    for i, r in enumerate(rows, 1):
        prefix = r["code"] if with_project else str(i)
        print(
            f"{prefix}\t{r['kind']}\t{r['title']}\t{r['planned_date'] or '-'}\t{r['actual_date'] or '-'}"
            f"\t{r['effective_status']}\t{r['overdue_days'] or ''}\t{r['id']}"
        )


def cmd_milestone_list(args: argparse.Namespace) -> int:
    as_of = _date(args.as_of)
    rows = _with_workspace(args, lambda ws: tracking_service.milestone_rows(ws, _project_id(ws, args.code), as_of))
    if args.json:
        print_json(rows)
    else:
        _print_milestones(rows)
    return 0


def cmd_milestone_template(args: argparse.Namespace) -> int:
    added = _with_workspace(
        args, lambda ws: tracking_service.apply_milestone_template(ws, _project_id(ws, args.code), source=SOURCE)
    )
    print(f"{args.code}: added {len(added)} template milestone(s)")
    return 0


def cmd_milestone_edit(args: argparse.Namespace) -> int:
    changes: dict[str, Any] = {}
    for arg, key in (("title", "title"), ("kind", "kind"), ("status", "status"), ("note", "note")):
        if getattr(args, arg) is not None:
            changes[key] = getattr(args, arg)
    for arg, key in (("planned", "planned_date"), ("actual", "actual_date")):
        value = getattr(args, arg)
        if value is not None:
            changes[key] = _date(value) if value.strip() else None
    changed = _with_workspace(
        args,
        lambda ws: tracking_service.update_milestone(
            ws, args.id, changes, source=SOURCE, expected_version=args.expected_version
        ),
    )
    print(f"milestone {args.id}: {'changed ' + ', '.join(changed) if changed else 'no change'}")
    return 0


def cmd_milestone_move(args: argparse.Namespace) -> int:
    position = _with_workspace(
        args, lambda ws: tracking_service.move_milestone(ws, args.id, args.to - 1, source=SOURCE)
    )
    print(f"milestone {args.id}: now at position {position + 1}")
    return 0


def cmd_milestone_remove(args: argparse.Namespace) -> int:
    _with_workspace(args, lambda ws: tracking_service.delete_milestone(ws, args.id, source=SOURCE))
    print(f"milestone {args.id}: removed")
    return 0


def cmd_milestone_overdue(args: argparse.Namespace) -> int:
    as_of = _date(args.as_of)
    rows = _with_workspace(args, lambda ws: tracking_service.overdue_milestones(ws, as_of))
    if args.json:
        print_json(rows)
    else:
        _print_milestones(rows, with_project=True)
    return 0


# --- periods -------------------------------------------------------------------------------------------
def _register_period(sub: Subcommands) -> None:
    p = sub.add_parser("list", help="known periods and their state")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_user_errors(cmd_period_list))
    for name, help_text in (
        (
            "submit",
            "mark a quarter as submitted (报送); in a county office this is the submission (报送) to the city, "
            "the same as `submission submit`: the quarter is locked here and the next package carries it",
        ),
        ("lock", "lock a quarter: its records become read-only everywhere"),
    ):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("period")
        p.set_defaults(handler=_user_errors(cmd_period_change), action=name)
    p = sub.add_parser("reopen", help="reopen a submitted or locked quarter (reason required, audited)")
    p.add_argument("period")
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=_user_errors(cmd_period_change), action="reopen")


def _json_period(info: period_service.PeriodInfo) -> dict[str, Any]:
    row = dataclasses.asdict(info)
    for key, value in row.items():
        if isinstance(value, (dt.date, dt.datetime)):
            row[key] = value.isoformat()
    return row


def cmd_period_list(args: argparse.Namespace) -> int:
    rows = _with_workspace(args, period_service.list_periods)
    if args.json:
        print_json([_json_period(r) for r in rows])
        return 0
    if not rows:
        print("no quarters yet: a quarter is listed once it has a report or was submitted or locked")
        return 0
    print("period\tstate\trecords\tchanged by\tchanged at")
    for r in rows:
        changed_at = r.state_changed_at.isoformat(timespec="seconds") if r.state_changed_at else ""
        print(f"{r.code}\t{r.state}\t{r.records}\t{r.state_changed_by or ''}\t{changed_at}")
    return 0


def cmd_period_change(args: argparse.Namespace) -> int:
    code = _period(args.period)

    def change(ws: Workspace) -> period_service.PeriodChange:
        if args.action == "submit":
            return period_service.submit(ws, code, source=SOURCE)
        if args.action == "lock":
            return period_service.lock(ws, code, source=SOURCE)
        return period_service.reopen(ws, code, args.reason, source=SOURCE)

    result = _with_workspace(args, change)
    print(f"{code}: {result.period.state}{'' if result.changed else ' (unchanged)'}")
    return 0


# --- coordination issues ---------------------------------------------------------------------------------
def _register_issue(sub: Subcommands) -> None:
    p = sub.add_parser("add", help="record a coordination issue")
    p.add_argument("--code", required=True)
    p.add_argument("--description", required=True)
    p.add_argument("--department", help="responsible department")
    p.add_argument("--raised", help="YYYY-MM-DD (default today)")
    p.add_argument("--deadline", help="YYYY-MM-DD")
    p.set_defaults(handler=_user_errors(cmd_issue_add))

    p = sub.add_parser("close", help="close an issue with its resolution")
    p.add_argument("--id", required=True)
    p.add_argument("--resolution", required=True)
    p.add_argument("--date", help="YYYY-MM-DD (default today)")
    p.set_defaults(handler=_user_errors(cmd_issue_close))

    p = sub.add_parser("list", help="issues of one project or all")
    p.add_argument("--code")
    p.add_argument("--open", action="store_true", help="only issues still open")
    p.add_argument("--as-of", dest="as_of")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_user_errors(cmd_issue_list))

    p = sub.add_parser("stats", help="open / overdue / closure rate for one project or the portfolio")
    p.add_argument("--code")
    p.add_argument("--as-of", dest="as_of")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_user_errors(cmd_issue_stats))


def cmd_issue_add(args: argparse.Namespace) -> int:
    fields = dict(
        description=args.description,
        responsible_department=args.department,
        raised_date=_date(args.raised),
        deadline=_date(args.deadline),
    )
    iid = _with_workspace(
        args, lambda ws: tracking_service.add_issue(ws, _project_id(ws, args.code), source=SOURCE, **fields)
    )
    print(f"{args.code}: added issue {iid}")
    return 0


def cmd_issue_close(args: argparse.Namespace) -> int:
    closed = _date(args.date)
    _with_workspace(
        args,
        lambda ws: tracking_service.close_issue(ws, args.id, args.resolution, closed, source=SOURCE),
    )
    print(f"issue {args.id}: closed")
    return 0


def cmd_issue_list(args: argparse.Namespace) -> int:
    as_of = _date(args.as_of)
    rows = _with_workspace(
        args,
        lambda ws: tracking_service.issue_rows(
            ws, _project_id(ws, args.code) if args.code else None, as_of=as_of, open_only=args.open
        ),
    )
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("no issues")
        return 0
    print("code\tstate\tdepartment\traised\tdeadline\tdescription\tid")
    for r in rows:
        print(
            f"{r['code']}\t{r['state']}\t{r['responsible_department'] or '-'}\t{r['raised_date'] or '-'}"
            f"\t{r['deadline'] or '-'}\t{r['description']}\t{r['id']}"
        )
    return 0


def cmd_issue_stats(args: argparse.Namespace) -> int:
    as_of = _date(args.as_of)
    stats = _with_workspace(
        args,
        lambda ws: tracking_service.issue_stats(ws, _project_id(ws, args.code) if args.code else None, as_of).to_dict(),
    )
    if args.json:
        print_json(stats)
    else:
        print(
            f"total {stats['total']}, open {stats['open']}, overdue {stats['overdue']}, closed {stats['closed']},"
            f" closure rate {_rate(stats['closure_rate'])}"
        )
    return 0


# --- plan indicators -------------------------------------------------------------------------------------
def _register_indicator(sub: Subcommands) -> None:
    p = sub.add_parser("set", help="record one year's observed value of a Table 3-1 indicator")
    p.add_argument("--seq", type=int, required=True, help="row number in Table 3-1")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--value", required=True)
    p.add_argument("--note")
    p.set_defaults(handler=_user_errors(cmd_indicator_set))

    p = sub.add_parser("list", help="every indicator with latest value and progress toward the 2025 target")
    p.add_argument("--year", type=int, help="only values up to this year")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_user_errors(cmd_indicator_list))


def cmd_indicator_set(args: argparse.Namespace) -> int:
    def record(ws: Workspace) -> str:
        indicator_id, name = tracking_service.indicator_for_seq(ws, args.seq)
        tracking_service.set_indicator_value(ws, indicator_id, args.year, args.value, note=args.note, source=SOURCE)
        return name

    name = _with_workspace(args, record)
    print(f"indicator {args.seq} ({name}) {args.year}: {args.value}")
    return 0


def cmd_indicator_list(args: argparse.Namespace) -> int:
    rows = _with_workspace(
        args, lambda ws: [row.to_dict() for row in tracking_service.indicator_progress(ws, args.year)]
    )
    if args.json:
        print_json(rows)
        return 0
    print("no.\tname\tbaseline\tlatest (year)\ttarget\tassessment\tprogress\tattribute")
    for r in rows:
        latest = "-" if r["latest_value"] is None else f"{r['latest_value']:g} ({r['latest_year']})"
        share = "" if r["progress"] is None else f"{r['progress'] * 100:.0f}%"
        print(
            f"{r['seq']}\t{r['name']}\t{r['baseline_raw'] or '-'}\t{latest}\t{r['target_raw'] or '-'}"
            f"\t{r['status_text']}\t{share}\t{'binding' if r['binding'] else 'expected'}"
        )
    return 0
