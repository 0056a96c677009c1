"""progress, milestone, period, issue, indicator: the tracking commands (issue 4).

Every error the user can act on (bad period, locked quarter, negative amount, unknown project) is one line
on stderr and a non-zero exit; a failed write changes nothing because each command is one transaction.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
from collections.abc import Callable

from app.commands.common import CliError, open_ws, print_json, session_for
from app.core import coordination, indicators, milestones, periods, progress, projects, status

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


def _period(text: str) -> str:
    try:
        return periods.normalize_period(text)
    except ValueError as exc:
        raise CliError(str(exc)) from None


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(f"日期格式应为 YYYY-MM-DD，收到“{text}” / date must be YYYY-MM-DD") from None


def _command(sub: argparse._SubParsersAction, name: str, help_text: str) -> argparse._SubParsersAction:
    parser = sub.add_parser(name, help=help_text)
    return parser.add_subparsers(dest=f"{name}_command", metavar="ACTION", required=True, parser_class=type(parser))


def register(sub: argparse._SubParsersAction) -> None:
    _register_progress(_command(sub, "progress", "quarterly progress: set, list, history"))
    _register_milestone(_command(sub, "milestone", "project milestones: add, list, template, edit, move, remove"))
    _register_period(_command(sub, "period", "reporting periods: list, submit, lock, reopen"))
    _register_issue(_command(sub, "issue", "coordination issues (问题协调): add, close, list, stats"))
    _register_indicator(_command(sub, "indicator", "plan indicators: set a yearly value, list progress"))


# --- progress ------------------------------------------------------------------------------------------
def _register_progress(sub: argparse._SubParsersAction) -> None:
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
    ws = open_ws(args)
    try:
        with ws.session() as s:
            project = projects.get_project(s, code=args.code)
            result = progress.set_progress(
                s, project.id, code, user=ws.user, source=SOURCE, expected_version=args.expected_version, **fields
            )
    finally:
        ws.close()
    changed = "、".join(result.changed_fields) or "无变化 / no change"
    print(f"{args.code} {code}: {changed} (version {result.version})")
    for warning in result.warnings:
        print(f"warning: {warning}")
    return 0


def _fmt_amount(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _fmt_rate(value: float | None) -> str:
    return "未知" if value is None else f"{value * 100:.1f}%"


def cmd_progress_list(args: argparse.Namespace) -> int:
    code = _period(args.period)
    with session_for(args) as s:
        rows = status.period_rows(s, code, include_unreported=args.all)
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        print(
            f"{r['code']}\t{r['county']}\t本季{_fmt_amount(r['invested'])}\t累计{_fmt_amount(r['cumulative'])}"
            f"\t{_fmt_rate(r['completion_rate'])}\t{r['status']}\t{r['rag_label']}\t{'；'.join(r['rag_reasons'])}"
            f"\t{r['name']}"
        )
    return 0


def cmd_progress_history(args: argparse.Namespace) -> int:
    with session_for(args) as s:
        rows = progress.progress_history(s, projects.get_project(s, code=args.code).id)
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        print(
            f"{r['period']}\t本季{_fmt_amount(r['invested'])}\t累计{_fmt_amount(r['cumulative'])}"
            f"\t{_fmt_rate(r['completion_rate'])}\t{r['status'] or ''}\t{r['physical_progress'] or ''}"
        )
    return 0


# --- milestones ----------------------------------------------------------------------------------------
def _register_milestone(sub: argparse._SubParsersAction) -> None:
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
    ws = open_ws(args)
    try:
        with ws.session() as s:
            project = projects.get_project(s, code=args.code)
            mid = milestones.add_milestone(
                s,
                project.id,
                title=args.title,
                kind=args.kind,
                planned_date=_date(args.planned),
                actual_date=_date(args.actual),
                note=args.note,
                user=ws.user,
                source=SOURCE,
            )
    finally:
        ws.close()
    print(f"{args.code}: added milestone {mid}")
    return 0


def _print_milestones(rows: list[dict], with_project: bool = False) -> None:
    for i, r in enumerate(rows, 1):
        late = f"逾期{r['overdue_days']}天" if r["overdue_days"] else ""
        prefix = f"{r['code']}\t" if with_project else f"{i}\t"
        print(
            f"{prefix}{r['kind']}\t{r['title']}\t计划{r['planned_date'] or '-'}\t实际{r['actual_date'] or '-'}"
            f"\t{r['effective_status']}\t{late}\t{r['id']}"
        )


def cmd_milestone_list(args: argparse.Namespace) -> int:
    with session_for(args) as s:
        rows = milestones.list_milestones(s, projects.get_project(s, code=args.code).id, _date(args.as_of))
    if args.json:
        print_json(rows)
    else:
        _print_milestones(rows)
    return 0


def cmd_milestone_template(args: argparse.Namespace) -> int:
    ws = open_ws(args)
    try:
        with ws.session() as s:
            added = milestones.apply_template(
                s, projects.get_project(s, code=args.code).id, user=ws.user, source=SOURCE
            )
    finally:
        ws.close()
    print(f"{args.code}: added {len(added)} template milestone(s)")
    return 0


def cmd_milestone_edit(args: argparse.Namespace) -> int:
    changes = {}
    for arg, key in (("title", "title"), ("kind", "kind"), ("status", "status"), ("note", "note")):
        if getattr(args, arg) is not None:
            changes[key] = getattr(args, arg)
    for arg, key in (("planned", "planned_date"), ("actual", "actual_date")):
        value = getattr(args, arg)
        if value is not None:
            changes[key] = _date(value) if value.strip() else None
    ws = open_ws(args)
    try:
        with ws.session() as s:
            changed = milestones.update_milestone(
                s, args.id, changes, user=ws.user, expected_version=args.expected_version, source=SOURCE
            )
    finally:
        ws.close()
    print(f"milestone {args.id}: {'、'.join(changed) or '无变化 / no change'}")
    return 0


def cmd_milestone_move(args: argparse.Namespace) -> int:
    ws = open_ws(args)
    try:
        with ws.session() as s:
            position = milestones.move_milestone(s, args.id, args.to - 1, user=ws.user, source=SOURCE)
    finally:
        ws.close()
    print(f"milestone {args.id}: now at position {position + 1}")
    return 0


def cmd_milestone_remove(args: argparse.Namespace) -> int:
    ws = open_ws(args)
    try:
        with ws.session() as s:
            milestones.delete_milestone(s, args.id, user=ws.user, source=SOURCE)
    finally:
        ws.close()
    print(f"milestone {args.id}: removed")
    return 0


def cmd_milestone_overdue(args: argparse.Namespace) -> int:
    with session_for(args) as s:
        rows = milestones.overdue_milestones(s, _date(args.as_of))
    if args.json:
        print_json(rows)
    else:
        _print_milestones(rows, with_project=True)
    return 0


# --- periods -------------------------------------------------------------------------------------------
def _register_period(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("list", help="known periods and their state")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_user_errors(cmd_period_list))
    for name, help_text in (
        ("submit", "mark a quarter as submitted (报送)"),
        ("lock", "lock a quarter: its records become read-only everywhere"),
    ):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("period")
        p.set_defaults(handler=_user_errors(cmd_period_change), action=name)
    p = sub.add_parser("reopen", help="reopen a submitted or locked quarter (reason required, audited)")
    p.add_argument("period")
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=_user_errors(cmd_period_change), action="reopen")


def cmd_period_list(args: argparse.Namespace) -> int:
    with session_for(args) as s:
        rows = periods.list_periods(s)
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(
                f"{r['code']}\t{r['state']}\t{r['state_label']}\t{r['records']} records"
                f"\t{r['state_changed_by'] or ''}\t{r['state_changed_at'] or ''}"
            )
    return 0


def cmd_period_change(args: argparse.Namespace) -> int:
    code = _period(args.period)
    ws = open_ws(args)
    try:
        with ws.session() as s:
            if args.action == "submit":
                changed = periods.submit_period(s, code, user=ws.user, source=SOURCE)
            elif args.action == "lock":
                changed = periods.lock_period(s, code, user=ws.user, source=SOURCE)
            else:
                changed = periods.reopen_period(s, code, reason=args.reason, user=ws.user, source=SOURCE)
            state = periods.period_state(s, code)
    finally:
        ws.close()
    print(f"{code}: {state}{'' if changed else ' (unchanged)'}")
    return 0


# --- coordination issues ---------------------------------------------------------------------------------
def _register_issue(sub: argparse._SubParsersAction) -> None:
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
    ws = open_ws(args)
    try:
        with ws.session() as s:
            iid = coordination.add_issue(
                s,
                projects.get_project(s, code=args.code).id,
                description=args.description,
                responsible_department=args.department,
                raised_date=_date(args.raised),
                deadline=_date(args.deadline),
                user=ws.user,
                source=SOURCE,
            )
    finally:
        ws.close()
    print(f"{args.code}: added issue {iid}")
    return 0


def cmd_issue_close(args: argparse.Namespace) -> int:
    ws = open_ws(args)
    try:
        with ws.session() as s:
            coordination.close_issue(
                s, args.id, resolution=args.resolution, closed_date=_date(args.date), user=ws.user, source=SOURCE
            )
    finally:
        ws.close()
    print(f"issue {args.id}: closed")
    return 0


def cmd_issue_list(args: argparse.Namespace) -> int:
    with session_for(args) as s:
        pid = projects.get_project(s, code=args.code).id if args.code else None
        rows = coordination.list_issues(s, pid, as_of=_date(args.as_of), open_only=args.open)
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(
                f"{r['code']}\t{r['state']}\t{r['responsible_department'] or '-'}\t提出{r['raised_date'] or '-'}"
                f"\t期限{r['deadline'] or '-'}\t{r['description']}\t{r['id']}"
            )
    return 0


def cmd_issue_stats(args: argparse.Namespace) -> int:
    with session_for(args) as s:
        pid = projects.get_project(s, code=args.code).id if args.code else None
        stats = coordination.issue_stats(s, pid, _date(args.as_of)).to_dict()
    if args.json:
        print_json(stats)
    else:
        print(
            f"total {stats['total']}, open {stats['open']}, overdue {stats['overdue']}, closed {stats['closed']},"
            f" closure rate {_fmt_rate(stats['closure_rate'])}"
        )
    return 0


# --- plan indicators -------------------------------------------------------------------------------------
def _register_indicator(sub: argparse._SubParsersAction) -> None:
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
    ws = open_ws(args)
    try:
        with ws.session() as s:
            indicator = indicators.get_indicator(s, seq=args.seq)
            indicators.set_indicator_value(
                s, indicator.id, args.year, args.value, user=ws.user, note=args.note, source=SOURCE
            )
            name = indicator.name
    finally:
        ws.close()
    print(f"指标{args.seq} {name} {args.year}: {args.value}")
    return 0


def cmd_indicator_list(args: argparse.Namespace) -> int:
    with session_for(args) as s:
        rows = [r.to_dict() for r in indicators.indicator_progress(s, args.year)]
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        latest = "-" if r["latest_value"] is None else f"{r['latest_value']:g}({r['latest_year']})"
        share = "" if r["progress"] is None else f"{r['progress'] * 100:.0f}%"
        print(
            f"{r['seq']}\t{r['name']}\t基期{r['baseline_raw'] or '-'}\t最新{latest}\t目标{r['target_raw'] or '-'}"
            f"\t{r['status_text']}\t{share}\t{'约束性' if r['binding'] else '预期性'}"
        )
    return 0
