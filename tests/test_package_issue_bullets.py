"""The issue's "Exchange packages" bullets not already checked by test_package_exchange.py, each against the
code: seeded projects share their ids in independently created databases, the manifest's SHA-256 is over the
content, and the city's return package brings reference data (a department) and the review's reasons."""

from __future__ import annotations

import hashlib
import json
import zipfile

from tests.fixtures.offices_support import (
    CITY,
    LINGQIU,
    LINGQIU_PROJECT,
    PERIOD,
    cli_ok,
    query,
)


def test_a_seeded_project_has_the_same_id_in_every_offices_database(tmp_path):
    """Not copies of one file: two databases created and seeded separately, as two offices would."""
    from app.core.workspace import open_workspace

    ids = []
    for name in ("a", "b"):
        ws = open_workspace(tmp_path / f"{name}.sqlite3")
        ws.close()
        ids.append(
            (
                query(tmp_path / f"{name}.sqlite3", "SELECT code, id FROM projects ORDER BY code"),
                query(tmp_path / f"{name}.sqlite3", "SELECT seq, id FROM indicators ORDER BY seq"),
            )
        )
    assert len(ids[0][0]) == 68 and ids[0] == ids[1]


def test_the_manifest_names_everything_and_its_checksum_is_over_the_content(offices):
    cli_ok(offices.lingqiu, "progress", "set", "--code", LINGQIU_PROJECT, "--period", PERIOD, "--invested", "0.5")
    cli_ok(offices.lingqiu, "submission", "submit", "--period", PERIOD)
    package = offices.folder / "lq.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(package), "--period", PERIOD)
    with zipfile.ZipFile(package) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        content = archive.read("content.json")
        sums = archive.read("SHA256SUMS").decode("ascii")
    assert manifest["content_sha256"] == hashlib.sha256(content).hexdigest()
    assert f"{hashlib.sha256(content).hexdigest()}  content.json" in sums
    for key in ("sender", "period", "sequence", "schema_revision", "created_at", "app_version", "change_count"):
        assert manifest[key], key
    changes = json.loads(content)["changes"]
    assert {c["origin"] for c in changes} == {LINGQIU}
    assert all(c["base_version"] is not None and c["seq"] >= 1 for c in changes)


def test_the_return_package_brings_reference_data_and_reasons(offices):
    from app.core import projects
    from app.core.workspace import open_workspace

    cli_ok(offices.lingqiu, "progress", "set", "--code", LINGQIU_PROJECT, "--period", PERIOD, "--invested", "0.5")
    cli_ok(offices.lingqiu, "submission", "submit", "--period", PERIOD)
    package = offices.folder / "lq.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(package), "--period", PERIOD)
    cli_ok(offices.city, "package", "import", str(package))
    ws = open_workspace(offices.city, create=False)
    try:
        with ws.session() as s:
            projects.add_department(s, "市生态修复中心", user="市")
    finally:
        ws.close()
    cli_ok(
        offices.city, "submission", "return", "--office", LINGQIU, "--period", PERIOD,
        "--project", LINGQIU_PROJECT, "--reason", "请补充形象进度",
    )  # fmt: skip
    back = offices.folder / "back.zip"
    cli_ok(offices.city, "package", "export", "--for", LINGQIU, "--out", str(back))
    out = cli_ok(offices.lingqiu, "package", "import", str(back))
    assert "请补充形象进度" in out
    assert query(offices.lingqiu, "SELECT name FROM departments WHERE name = '市生态修复中心'") == [("市生态修复中心",)]
    assert CITY in json.loads(zipfile.ZipFile(back).read("manifest.json"))["sender"]
