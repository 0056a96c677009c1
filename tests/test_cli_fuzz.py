"""Hypothesis fuzzes the CLI's arguments, the outside input an officer's script passes: whatever the values,
the CLI answers with an exit code and a message, never a traceback, and a refused command writes nothing."""

from __future__ import annotations

import shutil
import sqlite3

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import run_cli

# Values people really type (amounts with units and stray commas, dates in many spellings, codes, periods)
# mixed with arbitrary text, control characters and very long strings.
typed = st.sampled_from(
    [
        "1,5",
        "0,35",
        "1，5",
        "1e3",
        "1,234.5",
        "500万元",
        "1.2亿",
        "-1",
        "",
        " ",
        "NaN",
        "inf",
        "十亩",
        "2025Q3",
        "2025Q5",
        "2025-02-30",
        "2025/12/31",
        "20250710",
        "附表1-05",
        "附表9-99",
        "=1+1",
        "\x0b\x07\x1b",
        "在建",
    ]
)
values = st.one_of(typed, st.text(max_size=30), st.text(min_size=2001, max_size=2100, alphabet="进度"))

COMMANDS = [
    lambda v: ("progress", "set", "--code", v[0], "--period", v[1], "--invested", v[2], "--status", v[3]),
    lambda v: ("progress", "set", "--code", "附表1-05", "--period", "2025Q3", "--physical", v[0], "--problems", v[1]),
    lambda v: ("milestone", "add", "--code", "附表1-02", "--title", v[0] or "开工", "--planned", v[1]),
    lambda v: ("issue", "add", "--code", "附表1-05", "--description", v[1] or "问题", "--deadline", v[2]),
    lambda v: ("period", "reopen", v[0], "--reason", v[1]),
    lambda v: (
        "indicator",
        "set",
        "--seq",
        "6",
        "--year",
        v[1] if v[1].isdigit() else "2024",
        "--value",
        v[2],
        "--note",
        v[0],
    ),
    lambda v: ("audit", "--since", v[0], "--until", v[1], "--source", v[2]),
    lambda v: ("projects", "--county", v[0]),
]


def _fingerprint(path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return [
            conn.execute(f"SELECT count(*), coalesce(sum(version), 0) FROM {table}").fetchone()
            for table in ("projects", "quarterly_progress", "milestones", "coordination_issues")
        ] + [conn.execute("SELECT count(*) FROM audit_entries").fetchone()]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command=st.sampled_from(range(len(COMMANDS))), args=st.lists(values, min_size=4, max_size=4))
def test_cli_arguments_never_give_a_traceback(db_path, tmp_path_factory, command, args):
    db = tmp_path_factory.mktemp("fuzz") / "portfolio.sqlite3"
    shutil.copy(db_path, db)
    argv = COMMANDS[command](args)
    before = _fingerprint(db)
    code, out, err = run_cli(*argv, db=db)
    assert "Traceback" not in err and "Traceback" not in out, (argv, err)
    assert code in (0, 1, 2), (argv, code, err)
    if code != 0:
        assert err.strip(), f"a refused command must say why: {argv}"
        assert _fingerprint(db) == before, f"a refused command changed the database: {argv}"
