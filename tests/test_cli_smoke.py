"""The CLI as an officer's script runs it: a real `python -m app.cli` process (the other CLI tests call
app.cli.main in-process for speed; these check that the process behaves the same)."""

from __future__ import annotations

import json

from tests.conftest import run_cli, run_cli_subprocess


def test_init_and_projects_json_in_a_chinese_folder(tmp_path):
    folder = tmp_path / "大同市 生态办"
    folder.mkdir()
    db = folder / "项目库.sqlite3"
    code, out, err = run_cli_subprocess("init", db=db)
    assert code == 0, err
    assert "seeded 68 projects" in out
    assert db.is_file()

    code, out, err = run_cli_subprocess("projects", "--json", "--table", "2", db=db)
    assert code == 0, err
    rows = json.loads(out)
    assert len(rows) == 10 and all(r["code"].startswith("附表2-") for r in rows)
    assert all(r["name"] for r in rows)  # Chinese text arrives as UTF-8, not mojibake or escapes
    assert "附表2-01" in out  # ensure_ascii=False: the JSON carries the characters themselves
    # the in-process runner the other tests use gives the same answer
    assert run_cli("projects", "--json", "--table", "2", db=db) == (code, out, err)


def test_error_exit_codes_and_one_line_messages(tmp_path):
    missing = tmp_path / "不存在的文件夹" / "x.sqlite3"
    result = run_cli_subprocess("projects", db=missing)
    code, out, err = result
    assert code == 1 and out == ""
    assert "folder does not exist" in err and "不存在的文件夹" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert run_cli("projects", db=missing) == result

    result = run_cli_subprocess("--bogus-option")
    code, out, err = result
    assert code == 2 and out == ""  # argparse usage errors exit with 2
    assert err == "error: unrecognized arguments: --bogus-option (see --help)\n"
    assert run_cli("--bogus-option") == result
