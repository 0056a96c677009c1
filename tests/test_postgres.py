"""The same schema, seed and services on a real PostgreSQL server (the city's shared database).

.ci/run starts a local PostgreSQL and sets DATONG_TEST_PG_URL (e.g. postgresql+psycopg://datong:datong@127.0.0.1/postgres).
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from tests.fixtures.pg_fixtures import require_server

pytestmark = pytest.mark.postgres
require_server()  # skips this module without a server


def test_migrate_seed_and_edit_on_postgres(pg_db_url):
    from app.core import projects
    from app.core.workspace import open_workspace
    from app.db import migrate

    ws = open_workspace(pg_db_url)
    try:
        assert migrate.current_revision(ws.db) == migrate.head_revision()
        with ws.session() as s:
            rows = [projects.project_to_dict(p) for p in projects.list_projects(s)]
        assert len(rows) == 68
        assert next(r for r in rows if r["code"] == "附表4-04")["investment_total"] == 1.4868
        with ws.session() as s:
            pid = projects.get_project(s, code="附表1-02").id
            projects.update_project(s, pid, {"lead_departments": ["市园林局"], "investment_total": "35.5"}, user="市级")
        with ws.session() as s:
            p = projects.get_project(s, code="附表1-02")
            assert p.lead_departments == ["市园林局"] and p.version == 2
        assert ws.seed().changed is False
    finally:
        ws.close()


def test_cli_against_postgres(pg_db_url, cli):
    import json

    code, out, err = cli("projects", "--json", db=pg_db_url)  # only init creates the schema
    assert code != 0 and "run init" in err and len(err.strip().splitlines()) == 1
    code, out, err = cli("init", db=pg_db_url)
    assert code == 0, err
    code, out, err = cli("projects", "--json", db=pg_db_url)
    assert code == 0, err
    assert len(json.loads(out)) == 68
    code, out, err = cli("check", db=pg_db_url)
    assert code == 0, err


def test_newer_schema_refused_on_postgres(pg_db_url):
    from app.core.workspace import open_workspace
    from app.db.engine import DatabaseError, open_database

    open_workspace(pg_db_url).close()
    engine = create_engine(pg_db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
        count_before = conn.execute(text("SELECT count(*) FROM projects")).scalar()
    with pytest.raises(DatabaseError, match="更新版本"):
        open_database(pg_db_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999_future"
        assert conn.execute(text("SELECT count(*) FROM projects")).scalar() == count_before
    engine.dispose()


def test_a_refresh_after_writes_equals_a_full_load_on_postgres(pg_db_url):
    """app/core/portfolio_refresh.py on the shared server: its order of ids and stamps are PostgreSQL's own, and
    its triggers bump the stamps."""
    import dataclasses
    import datetime as dt
    from decimal import Decimal

    from app.core import project_service, tracking_service
    from app.core.portfolio import PortfolioRow
    from app.core.workspace import open_workspace

    shown = [f.name for f in dataclasses.fields(PortfolioRow) if f.name not in {"status_stored", "_name_key"}]
    ws = open_workspace(pg_db_url)
    try:
        rows = project_service.load_portfolio(ws)
        edited = next(i for i, r in enumerate(rows) if r.code == "附表1-02")
        reported = next(i for i, r in enumerate(rows) if r.code == "附表1-05")
        project_service.update_project(
            ws, rows[edited].id, {"investment_total": "12.5"}, expected_version=rows[edited].version
        )
        tracking_service.set_progress(ws, rows[reported].id, "2025Q3", invested="2")

        result = project_service.refresh_portfolio(ws, rows, period=None, judged_on=dt.date.today())

        assert result is not None
        refreshed, changed = result
        assert changed == sorted([edited, reported])
        assert refreshed[edited].investment_total == Decimal("12.5") and refreshed[reported].cumulative == 2
        full = project_service.load_portfolio(ws)
        assert [[getattr(r, n) for n in shown] for r in refreshed] == [[getattr(r, n) for n in shown] for r in full]
    finally:
        ws.close()
