"""The package file: a manifest and content read from outside end in a PackageError with a message, never a
traceback, whatever the bytes; a sound package round-trips exactly."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.change_log import Change
from app.exchange import package_format
from app.exchange.package_format import Manifest, PackageContent, PackageError, SubmissionPayload

CHANGE = Change(
    origin="灵丘县",
    seq=7,
    entity_type="progress",
    record_id="r-1",
    project_id="p-1",
    period="2025Q3",
    field="invested",
    op="set",
    old=None,
    new="0.5",
    base_version=0,
    user="灵丘县 李",
    at=dt.datetime(2025, 10, 8, 9, 30),
)
CONTENT = PackageContent(
    changes=(CHANGE,),
    submission=SubmissionPayload("灵丘县", "2025Q3", 1, dt.datetime(2025, 10, 8, 10, 0), "灵丘县 李", 1),
    departments=("市水务局",),
)


def _manifest(content: bytes, **overrides) -> Manifest:
    values = dict(
        kind="submission",
        sender="灵丘县",
        addressee="市级",
        period="2025Q3",
        first_seq=7,
        last_seq=7,
        change_count=1,
        schema_revision="0001",
        created_at=dt.datetime(2025, 10, 8, 10, 1),
        created_by="灵丘县 李",
        app_version="1.0",
        content_sha256=package_format.sha256_hex(content),
    )
    values.update(overrides)
    return Manifest(**values)


def _package_bytes() -> bytes:
    content = package_format.content_json(CONTENT)
    return package_format.build_package_bytes(_manifest(content), content)


def test_a_package_round_trips():
    package = package_format.read_package_bytes(_package_bytes())
    assert package.content == CONTENT
    assert package.manifest == _manifest(package_format.content_json(CONTENT))
    assert package.package_id == package.manifest.content_sha256
    assert _package_bytes() == _package_bytes()  # the same content gives the same file


def test_a_newer_format_says_so():
    content = package_format.content_json(CONTENT)
    manifest = _manifest(content, format_version=package_format.FORMAT_VERSION + 1)
    with pytest.raises(PackageError, match="更新版本"):
        package_format.read_package_bytes(package_format.build_package_bytes(manifest, content))


def test_a_manifest_that_miscounts_the_changes_is_refused():
    content = package_format.content_json(CONTENT)
    manifest = _manifest(content, change_count=2)
    with pytest.raises(PackageError, match="条数"):
        package_format.read_package_bytes(package_format.build_package_bytes(manifest, content))


def test_a_file_that_is_not_a_package():
    with pytest.raises(PackageError, match="已损坏"):
        package_format.read_package_bytes(b"%PDF-1.7 not a zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", "{}")
    with pytest.raises(PackageError, match="缺少"):
        package_format.read_package_bytes(buffer.getvalue())


@pytest.mark.parametrize("created_at", ["0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59-08:00", "2025-13-01"])
def test_a_time_out_of_range_is_a_bad_manifest(created_at):
    data = _manifest(b"").to_json() | {"created_at": created_at}
    with pytest.raises(PackageError, match="created_at"):
        package_format.parse_manifest(json.dumps(data).encode())


JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
MANIFEST_KEYS = list(_manifest(b"").to_json())


@st.composite
def manifests(draw) -> bytes:
    """Manifests close to a real one, with any field replaced, removed or added."""
    data = _manifest(b"").to_json()
    for key in draw(st.lists(st.sampled_from(MANIFEST_KEYS), max_size=4)):
        action = draw(st.sampled_from(["replace", "remove"]))
        if action == "remove":
            data.pop(key, None)
        else:
            data[key] = draw(JSON_VALUES)
    data.update(draw(st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=2)))
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(manifests(), st.binary(max_size=200), JSON_VALUES.map(lambda v: json.dumps(v).encode())))
def test_the_manifest_parser_never_raises_anything_else(raw):
    try:
        manifest = package_format.parse_manifest(raw)
    except PackageError as exc:
        assert str(exc)  # a message for people
    else:
        assert manifest.kind in package_format.KINDS and manifest.sender and manifest.addressee


@settings(max_examples=200, deadline=None)
@given(st.lists(JSON_VALUES, max_size=3), JSON_VALUES)
def test_the_content_parser_never_raises_anything_else(changes, submission):
    raw = json.dumps({"changes": changes, "submission": submission, "decisions": [], "departments": []}).encode()
    try:
        package_format.parse_content(raw)
    except PackageError as exc:
        assert str(exc)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_damaged_package_is_refused_or_read_unchanged(data):
    raw = bytearray(_package_bytes())
    for _ in range(data.draw(st.integers(1, 3))):
        position = data.draw(st.integers(0, len(raw) - 1))
        raw[position] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        raw = raw[: data.draw(st.integers(0, len(raw)))]
    try:
        package = package_format.read_package_bytes(bytes(raw))
    except PackageError as exc:
        assert str(exc)
    else:  # a byte the checks do not cover (a timestamp in a ZIP header): the content is still exactly ours
        assert package.content == CONTENT


def _content_with(change: dict) -> bytes:
    data = json.loads(package_format.content_json(CONTENT))
    data["changes"] = [change]
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def test_issue_and_indicator_changes_round_trip():
    issue = Change(
        **{**CHANGE.__dict__, "entity_type": "issue", "period": None, "field": "deadline", "new": "2025-09-30"}
    )
    indicator = Change(
        **{**CHANGE.__dict__, "entity_type": "indicator", "record_id": "i-2/2024", "project_id": "", "period": None}
    )
    content = PackageContent(changes=(issue, indicator))
    raw = package_format.content_json(content)
    assert package_format.parse_content(raw) == content


def test_an_indicator_change_naming_a_project_is_refused():
    change = json.loads(package_format.content_json(CONTENT))["changes"][0]
    change.update(entity_type="indicator", period=None, record_id="i-2/2024")  # project_id "p-1" left in
    with pytest.raises(PackageError, match="指标修改不应指明项目"):
        package_format.parse_content(_content_with(change))
