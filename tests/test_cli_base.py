"""The foundation CLI: init, projects --json shape, indicators, check, and one-line errors."""

from __future__ import annotations

import json
import sqlite3


def test_init_creates_and_seeds_then_is_idempotent(cli, new_db_path):
    code, out, err = cli("init", db=new_db_path)
    assert code == 0, err
    assert "seeded 68 projects" in out
    code, out, err = cli("init", db=new_db_path)
    assert code == 0 and "already seeded" in out
    con = sqlite3.connect(new_db_path)
    assert con.execute("SELECT count(*) FROM projects").fetchone()[0] == 68
    con.close()


def test_projects_json_shape(cli, db_path):
    code, out, err = cli("projects", "--json", db=db_path)
    assert code == 0, err
    rows = json.loads(out)
    required = {
        "id",
        "code",
        "appendix_table",
        "row",
        "name",
        "scale",
        "content",
        "entities",
        "location",
        "county",
        "investment_total",
        "new_land_mu",
        "lead_departments",
        "status",
        "flags",
    }
    for row in rows:
        assert required <= row.keys()
        assert isinstance(row["entities"], list) and isinstance(row["lead_departments"], list)
        assert isinstance(row["flags"], list)
        assert row["investment_total"] is None or isinstance(row["investment_total"], (int, float))
        assert 1 <= row["appendix_table"] <= 7
        assert row["status"] == "储备"


def test_projects_filters(cli, db_path):
    code, out, _ = cli("projects", "--json", "--table", "2", db=db_path)
    assert code == 0 and len(json.loads(out)) == 10
    code, out, _ = cli("projects", "--json", "--county", "广灵县", db=db_path)
    assert code == 0 and all(r["county"] == "广灵县" or "广灵县" in r["counties"] for r in json.loads(out))


def test_check_reports_health_and_problems(cli, new_db_path):
    code, out, err = cli("check", db=new_db_path)  # check never creates a database
    assert code != 0 and "database file not found" in err and "run init" in err
    assert not new_db_path.exists()
    new_db_path.write_bytes(b"")  # an empty file: not initialised, and check must not create the schema
    code, out, err = cli("check", db=new_db_path)
    assert code != 0 and "empty" in err and "Traceback" not in err
    assert new_db_path.stat().st_size == 0
    cli("init", db=new_db_path)
    code, out, err = cli("check", db=new_db_path)
    assert code == 0 and "healthy" in out
    con = sqlite3.connect(new_db_path)
    con.execute("UPDATE projects SET investment_total = -3 WHERE code = '附表1-02'")
    con.execute("DELETE FROM review_flags WHERE project_id = (SELECT id FROM projects WHERE code = '附表1-05')")
    con.execute(
        "DELETE FROM project_lead_departments WHERE project_id = (SELECT id FROM projects WHERE code = '附表1-05')"
    )
    con.execute("DELETE FROM projects WHERE code = '附表1-05'")
    con.commit()
    con.close()
    code, out, err = cli("check", db=new_db_path)
    assert code != 0
    assert "附表1-02: negative investment_total" in err
    assert "appendix project 附表1-05" in err


def test_user_mistakes_give_one_line_and_no_traceback(cli, tmp_path):
    cases = [
        (["--db", str(tmp_path / "missing-folder" / "x.sqlite3"), "projects"], "folder does not exist"),
        (["--bogus-option"], "unrecognized arguments"),
        (["projects", "--table", "9"], "invalid choice"),
    ]
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("not a database")
    cases.append((["--db", str(junk), "projects"], "not a database"))
    for args, expected in cases:
        code, out, err = cli(*args)
        assert code != 0, args
        assert "Traceback" not in err, err
        assert expected in err, (args, err)
        assert len(err.strip().splitlines()) == 1, err


def test_indicators_plain_text(cli, db_path):
    code, out, err = cli("indicators", db=db_path)
    assert code == 0 and len(out.strip().splitlines()) == 30


def test_backup_makes_a_verified_copy_and_never_overwrites(cli, db_path, tmp_path):
    cli("init", db=db_path)
    target = tmp_path / "copy.sqlite3"
    code, out, err = cli("backup", "--out", str(target), db=db_path)
    assert code == 0, err
    con = sqlite3.connect(target)
    assert con.execute("SELECT count(*) FROM projects").fetchone()[0] == 68
    con.close()
    code, out, err = cli("backup", "--out", str(target), db=db_path)
    assert code != 0 and "refusing to overwrite" in err
