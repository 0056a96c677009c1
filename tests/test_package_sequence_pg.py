"""Two officers of one office saving at the same moment on the city's PostgreSQL server both take the next
change number; the second save must end in the Chinese "created meanwhile, reload" message, not a database
error, and leave nothing half-written.

Needs DATONG_TEST_PG_URL (see tests/test_postgres.py), e.g. postgresql+psycopg://datong:datong@127.0.0.1/postgres.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.fixtures.pg_fixtures import require_server

pytestmark = pytest.mark.postgres
require_server()  # skips this module without a server


def test_a_change_number_taken_twice_on_postgresql_is_a_conflict_to_retry(pg_db_url):
    from app.core import office, projects
    from app.core.errors import ConflictError
    from app.core.workspace import open_workspace
    from app.db.models import ChangeLogEntry, Project

    first, second = open_workspace(pg_db_url, user="甲"), open_workspace(pg_db_url, user="乙", seed=False)
    try:
        office.set_office(first, "灵丘县")
        with pytest.raises(ConflictError) as refused, first.session() as a:
            mine = projects.get_project(a, code="附表1-05")
            # numbered now (the max query sees only committed rows), written at commit
            projects.apply_changes(a, mine, {"note": "甲的备注"}, user="甲")
            with second.session() as b:  # 乙 saves another project of the office meanwhile, same number
                projects.update_project(b, projects.get_project(b, code="附表1-07").id, {"note": "乙"}, user="乙")
        assert "刚刚已被其他人或其他程序创建" in str(refused.value)
        with first.session() as s:
            assert (
                s.scalar(select(Project.note).where(Project.code == "附表1-05")) != "甲的备注"
            )  # nothing half-written
            assert s.scalar(select(Project.note).where(Project.code == "附表1-07")) == "乙"
            numbers = list(s.scalars(select(ChangeLogEntry.origin_seq).where(ChangeLogEntry.origin_office == "灵丘县")))
            assert numbers == [1]
        # saved again, 甲's change takes the next number
        with first.session() as a:
            projects.update_project(a, projects.get_project(a, code="附表1-05").id, {"note": "甲的备注"}, user="甲")
        with first.session() as s:
            numbers = sorted(
                s.scalars(select(ChangeLogEntry.origin_seq).where(ChangeLogEntry.origin_office == "灵丘县"))
            )
            assert numbers == [1, 2]
    finally:
        first.close()
        second.close()
