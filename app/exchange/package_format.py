"""The exchange package file: what a county sends the city (报送) and what the city sends back (审核/退回).

One ZIP file with three members:
  manifest.json  who sent it to whom, which quarter, the sender's sequence range, the schema revision, when,
                 by which program version, and the SHA-256 of content.json
  content.json   the changes (app.core.change_log.Change: project fields, quarterly records, milestones,
                 coordination issues, indicator values, projects the city added), the submission or the
                 decisions, and reference data (department names)
  SHA256SUMS     the SHA-256 of manifest.json and of content.json, as `sha256sum` writes it
A damaged or altered file fails these checks and is refused before anything is read into the database.

Everything read from a package is checked field by field: a package is data from outside, and a bad one
must end in a PackageError with a message for people (Chinese, with the English gist), never a traceback.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core import change_log, periods
from app.core.change_log import Change
from app.core.submissions import ACCEPTED, RETURNED, Decision

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "Manifest",
    "Package",
    "PackageContent",
    "PackageError",
    "SubmissionPayload",
    "build_package_bytes",
    "parse_content",
    "parse_manifest",
    "read_package",
]

FORMAT = "datong-exchange-package"
FORMAT_VERSION = 2  # 2: coordination issues, indicator values and added projects travel too
SUBMISSION_KIND, RETURN_KIND = "submission", "return"
KINDS = (SUBMISSION_KIND, RETURN_KIND)
MANIFEST_NAME, CONTENT_NAME, CHECKSUM_NAME = "manifest.json", "content.json", "SHA256SUMS"
MEMBERS = (MANIFEST_NAME, CONTENT_NAME, CHECKSUM_NAME)
MAX_MANIFEST_BYTES = 64 * 1024
MAX_CONTENT_BYTES = 256 * 1024 * 1024  # far above a year of a whole city's changes; refuses a zip bomb
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_NAME_LIMIT = 120


class PackageError(Exception):
    """The package cannot be used; the message says why (Chinese, with the English gist). Nothing was written."""


@dataclass(frozen=True)
class Manifest:
    kind: str  # submission (county -> city) / return (city -> county)
    sender: str
    addressee: str
    period: str | None
    first_seq: int | None  # the sender's own changes in the package: first and last sequence number
    last_seq: int | None
    change_count: int
    schema_revision: str
    created_at: dt.datetime
    created_by: str
    app_version: str
    content_sha256: str
    format_version: int = FORMAT_VERSION

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": self.format_version,
            "kind": self.kind,
            "sender": self.sender,
            "addressee": self.addressee,
            "period": self.period,
            "sequence": {"first": self.first_seq, "last": self.last_seq},
            "change_count": self.change_count,
            "schema_revision": self.schema_revision,
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "created_by": self.created_by,
            "app_version": self.app_version,
            "content_sha256": self.content_sha256,
        }


@dataclass(frozen=True)
class SubmissionPayload:
    office: str
    period: str
    round: int
    submitted_at: dt.datetime
    submitted_by: str
    projects_reported: int


@dataclass(frozen=True)
class PackageContent:
    changes: tuple[Change, ...] = ()
    submission: SubmissionPayload | None = None
    decisions: tuple[Decision, ...] = ()
    departments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Package:
    manifest: Manifest
    content: PackageContent
    package_id: str  # the SHA-256 of content.json: the same package imported twice has the same id


# --- checking values read from outside ---


class _Bad(Exception):
    """One wrong value; turned into a PackageError naming the member."""


def _dict(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _Bad(f"{what} 应为对象 / {what} must be an object")
    return value


def _text(data: Mapping[str, Any], key: str, *, limit: int = _NAME_LIMIT, optional: bool = False) -> str | None:
    value = data.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise _Bad(f"“{key}”缺失或无效 / {key!r} is missing or invalid")
    return value


def _required_text(data: Mapping[str, Any], key: str, *, limit: int = _NAME_LIMIT) -> str:
    value = _text(data, key, limit=limit)
    assert value is not None
    return value


def _int(data: Mapping[str, Any], key: str, *, minimum: int = 0, optional: bool = False) -> int | None:
    value = data.get(key)
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum or value > 2**53:
        raise _Bad(f"“{key}”应为不小于 {minimum} 的整数 / {key!r} must be an integer >= {minimum}")
    return value


def _required_int(data: Mapping[str, Any], key: str, *, minimum: int = 0) -> int:
    value = _int(data, key, minimum=minimum)
    assert value is not None
    return value


def _time(data: Mapping[str, Any], key: str) -> dt.datetime:
    text = _required_text(data, key, limit=40)
    try:
        value = dt.datetime.fromisoformat(text)
        return value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value
    except (ValueError, OverflowError):  # OverflowError: 0001-01-01 with a time zone east of UTC
        raise _Bad(f"“{key}”不是有效时间 / {key!r} is not a valid time") from None


def _period(data: Mapping[str, Any], key: str, *, optional: bool = False) -> str | None:
    text = _text(data, key, limit=10, optional=optional)
    if text is None:
        return None
    try:
        return periods.normalize_period(text)
    except ValueError:
        raise _Bad(f"“{key}”不是有效报告期 / {key!r} is not a quarter") from None


def _json_object(raw: bytes, what: str) -> Mapping[str, Any]:
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise PackageError(f"数据包的 {what} 不是有效的 JSON，文件已损坏 / {what} is not valid JSON") from None
    if not isinstance(value, dict):
        raise PackageError(f"数据包的 {what} 格式不对 / {what} is not a JSON object")
    return value


def parse_manifest(raw: bytes) -> Manifest:
    """The manifest, checked field by field; PackageError for anything else (never another exception)."""
    if len(raw) > MAX_MANIFEST_BYTES:
        raise PackageError("数据包清单过大，不是本程序的数据包 / manifest too large")
    data = _json_object(raw, MANIFEST_NAME)
    if data.get("format") != FORMAT:
        raise PackageError("这不是本程序的数据交换包 / not a Datong exchange package")
    try:
        version = _required_int(data, "format_version", minimum=1)
        if version > FORMAT_VERSION:
            raise PackageError(
                f"数据包由更新版本的程序生成（格式 {version}），请先升级本程序 / package format {version} is newer"
            )
        kind = _required_text(data, "kind", limit=20)
        if kind not in KINDS:
            raise _Bad(f"kind “{kind}” 未知 / unknown kind")
        sequence = _dict(data.get("sequence"), "sequence")
        first, last = (
            _int(sequence, "first", minimum=1, optional=True),
            _int(sequence, "last", minimum=1, optional=True),
        )
        if (first is None) != (last is None) or (first is not None and last is not None and first > last):
            raise _Bad("sequence 范围无效 / invalid sequence range")
        checksum = _required_text(data, "content_sha256", limit=64)
        if not _SHA256.match(checksum):
            raise _Bad("content_sha256 无效 / invalid content_sha256")
        return Manifest(
            kind=kind,
            sender=_required_text(data, "sender"),
            addressee=_required_text(data, "addressee"),
            period=_period(data, "period", optional=True),
            first_seq=first,
            last_seq=last,
            change_count=_required_int(data, "change_count"),
            schema_revision=_required_text(data, "schema_revision", limit=32),
            created_at=_time(data, "created_at"),
            created_by=_required_text(data, "created_by", limit=100),
            app_version=_required_text(data, "app_version", limit=40),
            content_sha256=checksum,
            format_version=version,
        )
    except _Bad as exc:
        raise PackageError(f"数据包清单有误：{exc} / bad manifest") from None


def _change(item: Any) -> Change:
    data = _dict(item, "change")
    entity = _required_text(data, "entity_type", limit=20)
    op = _required_text(data, "op", limit=10)
    if entity not in change_log.ENTITY_TYPES or op not in change_log.OPS:
        raise _Bad(f"未知的修改类型 {entity}/{op} / unknown change kind")
    field = _text(data, "field", limit=60, optional=True)
    if (op == change_log.SET) != (field is not None):
        raise _Bad("修改缺少字段名 / a change names no field")
    period = _period(data, "period", optional=True)
    if (entity == change_log.PROGRESS) != (period is not None):
        raise _Bad("季度进展修改缺少报告期 / a progress change needs its quarter")
    if entity == change_log.INDICATOR:  # about no project
        if data.get("project_id") not in (None, change_log.NO_PROJECT):
            raise _Bad("指标修改不应指明项目 / an indicator change names no project")
        project_id = change_log.NO_PROJECT
    else:
        project_id = _required_text(data, "project_id", limit=36)
    return Change(
        origin=_required_text(data, "origin"),
        seq=_required_int(data, "seq", minimum=1),
        entity_type=entity,
        record_id=_required_text(data, "record_id", limit=64),
        project_id=project_id,
        period=period,
        field=field,
        op=op,
        old=data.get("old"),
        new=data.get("new"),
        base_version=_required_int(data, "base_version"),
        user=_required_text(data, "user", limit=100),
        at=_time(data, "at"),
    )


def _reasons(value: Any) -> tuple[tuple[str, str], ...]:
    pairs = _dict(value if value is not None else {}, "project_reasons")
    result = []
    for code, reason in pairs.items():
        if not isinstance(reason, str) or len(code) > 40 or len(reason) > 2000:
            raise _Bad("退回理由无效 / invalid return reason")
        result.append((code, reason))
    return tuple(sorted(result))


def _decision(item: Any) -> Decision:
    data = _dict(item, "decision")
    state = _required_text(data, "state", limit=12)
    if state not in (ACCEPTED, RETURNED):
        raise _Bad(f"未知的审核结果 {state} / unknown decision")
    period = _period(data, "period")
    assert period is not None
    return Decision(
        office=_required_text(data, "office"),
        period=period,
        round=_required_int(data, "round", minimum=1),
        state=state,
        decided_at=_time(data, "decided_at"),
        decided_by=_required_text(data, "decided_by", limit=100),
        reason=_text(data, "reason", limit=2000, optional=True),
        project_reasons=_reasons(data.get("project_reasons")),
    )


def _submission(value: Any) -> SubmissionPayload | None:
    if value is None:
        return None
    data = _dict(value, "submission")
    period = _period(data, "period")
    assert period is not None
    return SubmissionPayload(
        office=_required_text(data, "office"),
        period=period,
        round=_required_int(data, "round", minimum=1),
        submitted_at=_time(data, "submitted_at"),
        submitted_by=_required_text(data, "submitted_by", limit=100),
        projects_reported=_required_int(data, "projects_reported"),
    )


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise _Bad(f"“{key}”应为列表 / {key!r} must be a list")
    return value


def parse_content(raw: bytes) -> PackageContent:
    data = _json_object(raw, CONTENT_NAME)
    try:
        departments = _list(data, "departments")
        if not all(isinstance(name, str) and name.strip() and len(name) <= _NAME_LIMIT for name in departments):
            raise _Bad("部门名称无效 / invalid department name")
        return PackageContent(
            changes=tuple(_change(item) for item in _list(data, "changes")),
            submission=_submission(data.get("submission")),
            decisions=tuple(_decision(item) for item in _list(data, "decisions")),
            departments=tuple(departments),
        )
    except _Bad as exc:
        raise PackageError(f"数据包内容有误：{exc} / bad package content") from None


# --- writing ---


def _change_json(change: Change) -> dict[str, Any]:
    return {
        "origin": change.origin,
        "seq": change.seq,
        "entity_type": change.entity_type,
        "record_id": change.record_id,
        "project_id": change.project_id,
        "period": change.period,
        "field": change.field,
        "op": change.op,
        "old": change.old,
        "new": change.new,
        "base_version": change.base_version,
        "user": change.user,
        "at": change.at.isoformat(),
    }


def _decision_json(decision: Decision) -> dict[str, Any]:
    return {
        "office": decision.office,
        "period": decision.period,
        "round": decision.round,
        "state": decision.state,
        "decided_at": decision.decided_at.isoformat(),
        "decided_by": decision.decided_by,
        "reason": decision.reason,
        "project_reasons": dict(decision.project_reasons),
    }


def content_json(content: PackageContent) -> bytes:
    submission = content.submission
    data = {
        "changes": [_change_json(change) for change in content.changes],
        "submission": None
        if submission is None
        else {
            "office": submission.office,
            "period": submission.period,
            "round": submission.round,
            "submitted_at": submission.submitted_at.isoformat(),
            "submitted_by": submission.submitted_by,
            "projects_reported": submission.projects_reported,
        },
        "decisions": [_decision_json(decision) for decision in content.decisions],
        "departments": list(content.departments),
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sums(manifest: bytes, content: bytes) -> bytes:
    return f"{sha256_hex(manifest)}  {MANIFEST_NAME}\n{sha256_hex(content)}  {CONTENT_NAME}\n".encode("ascii")


def build_package_bytes(manifest: Manifest, content: bytes) -> bytes:
    """The package file's bytes (the caller writes them through app.core.output_files)."""
    manifest_raw = json.dumps(manifest.to_json(), ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # A fixed timestamp: the same content gives the same bytes.
        for name, data in (
            (MANIFEST_NAME, manifest_raw),
            (CONTENT_NAME, content),
            (CHECKSUM_NAME, _sums(manifest_raw, content)),
        ):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


# --- reading ---


def _member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise PackageError(f"数据包不完整：缺少 {name} / package is incomplete: {name} missing") from None
    if info.file_size > limit:
        raise PackageError(f"数据包中的 {name} 过大 / {name} is too large")
    with archive.open(info) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise PackageError(f"数据包中的 {name} 过大 / {name} is too large")
    return data


def read_package_bytes(raw: bytes, name: str = "数据包") -> Package:
    """Open, verify and parse a package; PackageError (nothing else) when it is not a sound package."""
    damaged = f"数据包“{name}”已损坏或不完整（可能传输中断），请对方重新导出 / the package is damaged or truncated"
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            manifest_raw = _member(archive, MANIFEST_NAME, MAX_MANIFEST_BYTES)
            content_raw = _member(archive, CONTENT_NAME, MAX_CONTENT_BYTES)
            sums = _member(archive, CHECKSUM_NAME, 4096)
    except PackageError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, NotImplementedError, OSError):
        # a cut-off transfer, a corrupted member (CRC or deflate error), not a ZIP at all
        raise PackageError(damaged) from None
    if sums != _sums(manifest_raw, content_raw):
        raise PackageError(
            f"数据包“{name}”校验失败（SHA-256 不符）：文件被改动或已损坏，未导入任何内容 / checksum mismatch: "
            "the package was altered or damaged"
        )
    manifest = parse_manifest(manifest_raw)
    if manifest.content_sha256 != sha256_hex(content_raw):
        raise PackageError("数据包内容与清单的 SHA-256 不符 / content does not match the manifest's checksum")
    content = parse_content(content_raw)
    if len(content.changes) != manifest.change_count:
        raise PackageError("数据包的修改条数与清单不符 / change count does not match the manifest")
    return Package(manifest, content, manifest.content_sha256)


def read_package(path: Path) -> Package:
    try:
        size = path.stat().st_size
        if size > MAX_CONTENT_BYTES + MAX_MANIFEST_BYTES:
            raise PackageError(f"文件过大，不是本程序的数据包 / file too large: {path}")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PackageError(f"文件不存在 / file not found: {path}") from None
    except IsADirectoryError:
        raise PackageError(f"这是一个文件夹，不是数据包 / this is a folder: {path}") from None
    except PermissionError:
        raise PackageError(f"无权读取文件 / cannot read: {path}") from None
    return read_package_bytes(raw, path.name)
