"""Exchange packages between the county offices and the city: export, preview, import (the services the CLI
and the GUI call; each is one transaction).

A county's package (kind "submission", addressed to 市级) carries the county's own changes since its last
package to the city and, with a quarter, its submission (报送) of that quarter. The city's package for one
office (kind "return") carries the city's decisions on that office's submissions (审核 / 退回 with reasons)
and every change the office has not had yet and may have: the city's own, and the other offices' changes
once the city has accepted (审核通过) the submission that carried them (so offices sharing a project stay in
step, but nobody receives data still under review or returned: app.core.change_review), and the department
list.

Import refuses, with a message and without writing anything: a damaged or altered file, a package from a
newer schema or program, one addressed to another office, one this office sent itself, and a county package
that changes a project outside the county's scope. Then, after a backup (SQLite), it applies the changes
(app.exchange.package_apply: new ones applied, seen ones skipped, a field changed here meanwhile held as a
conflict), records a submission or applies the decisions, and remembers the package: importing it again
changes nothing. `dry_run` does all of that and rolls it back, to show what the package would do.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import __version__
from app.core import audit, backups, change_log, change_review, office, submissions
from app.core import reference as ref
from app.core.changes import Changes
from app.core.output_files import atomic_output, prepare_output
from app.core.periods import PeriodLockedError
from app.core.scope import project_in_scope
from app.core.seed import get_or_create_department
from app.core.workspace import Workspace
from app.db import migrate
from app.db.models import Department, ExchangePackage, Project, utcnow
from app.exchange import package_apply, package_conflicts
from app.exchange.package_format import (
    RETURN_KIND,
    SUBMISSION_KIND,
    Manifest,
    Package,
    PackageContent,
    PackageError,
    SubmissionPayload,
    build_package_bytes,
    content_json,
    read_package,
    sha256_hex,
)

__all__ = [
    "ExportResult",
    "ImportResult",
    "PackageError",
    "PackagePreview",
    "export_package",
    "import_package",
    "preview_package",
]

OUT, IN = "out", "in"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    manifest: Manifest
    package_id: str
    decisions: int
    submission: SubmissionPayload | None


@dataclass(frozen=True)
class PackagePreview:
    """What a package holds, before anything is applied (the GUI's preview)."""

    manifest: Manifest
    package_id: str
    already_imported: bool
    changes_by_kind: tuple[tuple[str, int], ...]  # (entity type, count)
    project_codes: tuple[str, ...]
    submission: SubmissionPayload | None
    decisions: tuple[submissions.Decision, ...]


@dataclass(frozen=True)
class ImportResult:
    manifest: Manifest
    package_id: str
    dry_run: bool
    already_imported: bool
    applied: int = 0
    same: int = 0  # already held the same value
    seen: int = 0  # applied by an earlier package
    conflicts: int = 0  # held for a person to decide
    settled: int = 0  # conflicts a later change in the same package settled
    missing: int = 0  # about records this database does not have
    submission_recorded: bool = False
    decisions_applied: tuple[submissions.Decision, ...] = ()
    departments_added: tuple[str, ...] = ()
    conflict_lines: tuple[str, ...] = ()
    backup: Path | None = None
    changes: Changes = Changes()


class _DryRun(Exception):
    def __init__(self, result: ImportResult):
        super().__init__("dry run")
        self.result = result


# --- export ---


def _require_office(session: Session) -> office.Office:
    current = office.read_office(session)
    if current is None:
        raise PackageError("本库尚未设置所属单位，请先设置（office set 名称） / set this database's office first")
    return current


def _office_for(session: Session, name: str) -> office.Office:
    """The office a name denotes (a county/district or a known lead department), not the city."""
    text = " ".join(name.split())
    if text == office.CITY:
        raise PackageError("市级不给自己导出数据包；--for 应为县区或牵头部门 / --for names a county or department")
    if text in ref.COUNTY_NAMES:
        return office.office_named(text)
    if session.scalar(select(Department.id).where(Department.name == text)) is not None:
        return office.office_named(text, department=True)
    raise PackageError(f"“{text}”不是县区或已有的牵头部门 / unknown office: {text}")


def _cursor(session: Session, addressee: str) -> change_review.Cursor:
    """How far the packages to `addressee` have looked: the newest change-log id and acceptance mark (see
    app.core.change_review)."""
    last_id, last_mark = session.execute(
        select(func.max(ExchangePackage.last_log_id), func.max(ExchangePackage.last_accepted_mark)).where(
            ExchangePackage.direction == OUT, ExchangePackage.addressee == addressee
        )
    ).one()
    return change_review.Cursor(last_id or 0, last_mark or 0)


def export_package(
    ws: Workspace,
    out: str | os.PathLike[str],
    *,
    period: str | None = None,
    for_office: str | None = None,
    force: bool = False,
    everything: bool = False,
) -> ExportResult:
    """Write this office's package: a county's to the city (with `period`: its submission of that quarter),
    or, in the city, the return package for `for_office`. Only changes since the last package to the same
    office, unless `everything` (to resend a lost package: the receiver skips what it has)."""
    target = prepare_output(out, kind="zip", force=force, protected=[ws.db.sqlite_path])
    with ws.session() as session:
        me = _require_office(session)
        office.number_unnumbered_changes(session, me.name)
        if for_office is not None:
            if not me.is_city:
                raise PackageError("只有市级可以给其他单位导出数据包（--for） / only the city exports with --for")
            addressee, kind = _office_for(session, for_office).name, RETURN_KIND
        else:
            if me.is_city:
                raise PackageError("市级导出须用 --for 指明发给哪个单位 / the city names the office with --for")
            addressee, kind = office.CITY, SUBMISSION_KIND
        code = submissions.canonical_period(period) if period else None
        sent = _cursor(session, addressee)
        upto = change_review.Cursor(change_review.newest_log_id(session), change_review.newest_accepted_mark(session))
        if kind == SUBMISSION_KIND:
            after = 0 if everything else sent.log_id
            logged = change_log.changes_after(session, after, origin=me.name, upto_id=upto.log_id)
            to_send = submissions.submission_to_send(session, me.name, code) if code else None
            if code and to_send is None:
                state = submissions.submission_of_session(session, me.name, code).state_label
                raise PackageError(
                    f"{me.name} {code} 当前为“{state}”，请先报送（submission submit --period {code}） / "
                    f"submit {code} first"
                )
            payload = (
                None
                if to_send is None or to_send.submitted_at is None
                else SubmissionPayload(
                    me.name,
                    to_send.period,
                    to_send.round,
                    to_send.submitted_at,
                    to_send.submitted_by or ws.user,
                    to_send.projects_reported,
                )
            )
            decisions: tuple[submissions.Decision, ...] = ()
        else:
            logged = change_review.changes_for_office(
                session, addressee, city=me.name, sent=sent, upto=upto, everything=everything
            )
            payload = None
            decisions = tuple(submissions.decisions_for(session, addressee))
        changes = tuple(change for _, change in logged)
        own = [change.seq for change in changes if change.origin == me.name]
        content = PackageContent(
            changes=changes,
            submission=payload,
            decisions=decisions,
            departments=tuple(session.scalars(select(Department.name).order_by(Department.name))),
        )
        raw_content = content_json(content)
        manifest = Manifest(
            kind=kind,
            sender=me.name,
            addressee=addressee,
            period=code,
            first_seq=min(own) if own else None,
            last_seq=max(own) if own else None,
            change_count=len(changes),
            schema_revision=migrate.head_revision(),
            created_at=utcnow().replace(microsecond=0),
            created_by=ws.user,
            app_version=__version__,
            content_sha256=sha256_hex(raw_content),
        )
        data = build_package_bytes(manifest, raw_content)
        session.add(
            ExchangePackage(
                direction=OUT,
                kind=kind,
                package_id=manifest.content_sha256,
                sender=me.name,
                addressee=addressee,
                period=code,
                first_seq=manifest.first_seq,
                last_seq=manifest.last_seq,
                last_log_id=max(upto.log_id, sent.log_id),
                last_accepted_mark=max(upto.mark, sent.mark),
                changes=len(changes),
                created_at=manifest.created_at,
                user=ws.user,
                file_name=target.name,
            )
        )
        session.flush()
        with atomic_output(target) as tmp:  # inside the transaction: no record of a file never written
            tmp.write_bytes(data)
    return ExportResult(target, manifest, manifest.content_sha256, len(decisions), payload)


# --- import ---


def _check_schema(manifest: Manifest) -> None:
    if manifest.schema_revision not in migrate.known_revisions():
        raise PackageError(
            f"数据包来自更新版本的程序（结构版本 {manifest.schema_revision}，程序 {manifest.app_version}），"
            f"请先升级本程序再导入 / the package comes from a newer schema ({manifest.schema_revision})"
        )


def _sender_office(session: Session, name: str) -> office.Office:
    if name in ref.COUNTY_NAMES:
        return office.office_named(name)
    if session.scalar(select(Department.id).where(Department.name == name)) is not None:
        return office.office_named(name, department=True)
    raise PackageError(f"发送单位“{name}”不是县区或已有的牵头部门 / unknown sending office")


def _check_addressing(session: Session, package: Package) -> office.Office:
    """This office must be the addressee, the sender another office, and a county's package may change only
    the county's own projects. Refusals name both offices."""
    manifest, content = package.manifest, package.content
    me = _require_office(session)
    if manifest.addressee != me.name:
        raise PackageError(
            f"这个数据包是{manifest.sender}发给“{manifest.addressee}”的，本库属于“{me.name}”，不能导入 / "
            f"the package is addressed to {manifest.addressee}, this database is {me.name}"
        )
    if manifest.sender == me.name:
        raise PackageError("这是本库自己导出的数据包 / this database exported the package itself")
    if manifest.kind == RETURN_KIND:
        if manifest.sender != office.CITY or content.submission is not None:
            raise PackageError("退回/审核数据包只能来自市级 / a return package comes from the city")
        if any(decision.office != me.name for decision in content.decisions):
            raise PackageError("数据包中有给其他单位的审核结果 / the package holds decisions for another office")
        return me
    if not me.is_city:
        raise PackageError("报送数据包只能导入市级数据库 / a submission package is imported by the city")
    sender = _sender_office(session, manifest.sender)
    if content.decisions or (content.submission is not None and content.submission.office != sender.name):
        raise PackageError("报送数据包的内容与发送单位不符 / the submission does not match its sender")
    outside: list[str] = []
    for change in content.changes:
        if change.origin != sender.name:
            raise PackageError(
                f"报送数据包中含有其他单位（{change.origin}）的修改 / the package carries another office's changes"
            )
        if change.entity_type == change_log.INDICATOR:
            raise PackageError(
                f"数据包中有{sender.name}对规划指标年度值的修改：指标由市级填报，整个数据包未导入 / "
                "indicator values are recorded by the city; the package was not imported"
            )
        if change.entity_type == change_log.PROJECT and change.op == change_log.CREATE:
            raise PackageError(
                f"数据包中有{sender.name}新增的项目：新增项目由市级录入，整个数据包未导入 / "
                "only the city adds projects; the package was not imported"
            )
        project = session.get(Project, change.project_id)
        if project is None:
            raise PackageError(f"数据包修改了本库没有的项目（{change.project_id}） / unknown project in the package")
        if not project_in_scope(project, sender.scope) and project.code not in outside:
            outside.append(project.code)
    if outside:
        raise PackageError(
            f"数据包修改了不属于{sender.name}的项目：{'、'.join(outside[:10])}，整个数据包未导入 / "
            f"the package changes projects outside {sender.name}'s scope"
        )
    return me


def _already_imported(session: Session, package_id: str) -> bool:
    found = session.scalar(
        select(ExchangePackage.id).where(ExchangePackage.direction == IN, ExchangePackage.package_id == package_id)
    )
    return found is not None


def preview_package(ws: Workspace, path: str | os.PathLike[str]) -> PackagePreview:
    """Read and check a package (checksum, schema, addressee, scope) and say what it holds; writes nothing."""
    package = read_package(Path(path))
    _check_schema(package.manifest)
    with ws.session() as session:
        _check_addressing(session, package)
        ids = {change.project_id for change in package.content.changes}
        codes = sorted(session.scalars(select(Project.code).where(Project.id.in_(ids)))) if ids else []
        kinds = Counter(change.entity_type for change in package.content.changes)
        return PackagePreview(
            manifest=package.manifest,
            package_id=package.package_id,
            already_imported=_already_imported(session, package.package_id),
            changes_by_kind=tuple(sorted(kinds.items())),
            project_codes=tuple(codes),
            submission=package.content.submission,
            decisions=package.content.decisions,
        )


def _conflict_line(session: Session, change: change_log.Change) -> str:
    """One held conflict as the import (and its preview) lists it, in the words of the conflict review."""
    if change.entity_type == change_log.INDICATOR:
        code = "规划指标"
    else:
        code = session.scalar(select(Project.code).where(Project.id == change.project_id)) or change.project_id
    what = package_conflicts.what_changed(session, change)
    return f"{code} {what}：{change.origin} {change.user} 的修改与本库不同，已列入冲突待处理"


def _add_departments(session: Session, names: tuple[str, ...], *, user: str) -> tuple[str, ...]:
    known = set(session.scalars(select(Department.name)))
    added = []
    for name in names:
        if name in known:
            continue
        department = get_or_create_department(session, name)
        audit.record(
            session,
            user=user,
            entity_type="department",
            entity_id=str(department.id),
            project_id=None,
            field="name",
            old=None,
            new=name,
            source="package",
        )
        known.add(name)
        added.append(name)
    session.flush()
    return tuple(added)


def _apply(
    session: Session, package: Package, me: office.Office, *, user: str, dry_run: bool, backup: Path | None
) -> ImportResult:
    manifest, content = package.manifest, package.content
    tally = package_apply.ApplyTally()
    with office.package_writes(session):
        added = _add_departments(session, content.departments, user=user)
        for change in content.changes:
            try:
                outcome = package_apply.apply_change(
                    session, change, sender=manifest.sender, package_id=package.package_id, receiver_is_city=me.is_city
                )
            except PeriodLockedError as exc:
                raise PackageError(f"{exc}；整个数据包未导入 / nothing was imported") from None
            tally.add(outcome, change)
        recorded = False
        if content.submission is not None:
            sub = content.submission
            recorded = submissions.receive_submission(
                session,
                office_name=sub.office,
                period=sub.period,
                round_no=sub.round,
                submitted_at=sub.submitted_at,
                submitted_by=sub.submitted_by,
                projects_reported=sub.projects_reported,
                user=user,
            )
        decided = tuple(d for d in content.decisions if submissions.receive_decision(session, d, user=user))
    applied = tally.outcomes[package_apply.APPLIED]
    # A conflict settled by a later change of the same package (the sender's own correction) is no longer open.
    held = [c for c in tally.outcomes[package_apply.CONFLICT] if package_apply.conflict_open(session, c)]
    settled = tally.count(package_apply.CONFLICT) - len(held)
    session.add(
        ExchangePackage(
            direction=IN,
            kind=manifest.kind,
            package_id=package.package_id,
            sender=manifest.sender,
            addressee=manifest.addressee,
            period=manifest.period,
            first_seq=manifest.first_seq,
            last_seq=manifest.last_seq,
            changes=len(content.changes),
            applied=len(applied),
            skipped=tally.count(package_apply.SAME)
            + tally.count(package_apply.SEEN)
            + tally.count(package_apply.MISSING),
            conflicts=len(held),
            created_at=manifest.created_at,
            user=user,
        )
    )
    session.flush()
    kinds = {change.entity_type for change in applied}
    return ImportResult(
        manifest=manifest,
        package_id=package.package_id,
        dry_run=dry_run,
        already_imported=False,
        applied=len(applied),
        same=tally.count(package_apply.SAME),
        seen=tally.count(package_apply.SEEN),
        conflicts=len(held),
        settled=settled,
        missing=tally.count(package_apply.MISSING),
        submission_recorded=recorded,
        decisions_applied=decided,
        departments_added=added,
        conflict_lines=tuple(_conflict_line(session, c) for c in held),
        backup=backup,
        changes=Changes(
            projects=change_log.PROJECT in kinds,
            progress=change_log.PROGRESS in kinds,
            milestones=bool(kinds & {change_log.MILESTONE, change_log.MILESTONE_ORDER}),
            issues=change_log.ISSUE in kinds,
            indicators=change_log.INDICATOR in kinds,
            periods=recorded or bool(decided),
            reference=bool(added),
            # a project added or an indicator changed: not one project's rows, every view redraws
            project_ids=frozenset()
            if change_log.INDICATOR in kinds
            or any(c.op == change_log.CREATE and c.entity_type == change_log.PROJECT for c in applied)
            else tally.project_ids,
        ),
    )


def import_package(ws: Workspace, path: str | os.PathLike[str], *, dry_run: bool = False) -> ImportResult:
    """Check and apply a package in one transaction (see the module docstring). Raises PackageError (nothing
    written) for a package that must be refused."""
    package = read_package(Path(path))
    _check_schema(package.manifest)
    with ws.session() as session:
        me = _check_addressing(session, package)
        if _already_imported(session, package.package_id):
            return ImportResult(package.manifest, package.package_id, dry_run=dry_run, already_imported=True)
    taken = None if dry_run else backups.backup_if_changed(ws, "package")  # restorable state before the apply
    backup = taken.path if taken is not None else None
    try:
        with ws.session() as session:
            me = _check_addressing(session, package)  # again, inside the writing transaction
            result = _apply(session, package, me, user=ws.user, dry_run=dry_run, backup=backup)
            if dry_run:
                raise _DryRun(result)
    except _DryRun as rolled_back:
        return rolled_back.result
    return result
