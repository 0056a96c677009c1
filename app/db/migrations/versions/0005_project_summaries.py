"""project_summaries: each project's stored status of today and search keys, with a stamp the database bumps

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-09 09:00:00.000000

Computing every project's RAG status takes every quarterly record and milestone: ~8 s at 100,000 projects on
each load of the portfolio. The figures change only when a project's data changes, or when the day changes
(a milestone becomes overdue). So they are stored (app/core/summary_store.py), and this table says when a
stored figure can be trusted: `stamp` is bumped BY THE DATABASE, in the writer's own transaction, by the
triggers below, on every write to anything a project's status or search keys are computed from. No code path
(editor, import, exchange, a future one) can forget to do it. A stored summary counts only while its
`computed_stamp` equals `stamp` (and its `as_of` is today, for the status).

A later migration that rebuilds one of these tables (Alembic batch mode on SQLite copies a table and drops the
old one, triggers included) must create its triggers again: tests/test_summary_store.py checks that every
trigger exists on a database upgraded to head.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Tables whose rows carry a project_id and feed a project's status or search keys.
PROJECT_ROW_TABLES = ("quarterly_progress", "milestones", "coordination_issues", "project_lead_departments")
BUMP = "UPDATE project_summaries SET stamp = stamp + 1 WHERE project_id = {ref}"


def _sqlite_triggers() -> list[str]:
    statements = []
    for table in PROJECT_ROW_TABLES:
        for event, refs in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
            body = " ".join(BUMP.format(ref=f"{ref}.project_id") + ";" for ref in refs)
            statements.append(
                f"CREATE TRIGGER tr_{table}_{event.lower()}_summary AFTER {event} ON {table} BEGIN {body} END"
            )
    statements += [
        "CREATE TRIGGER tr_projects_insert_summary AFTER INSERT ON projects BEGIN "
        "INSERT OR IGNORE INTO project_summaries (project_id, stamp) VALUES (NEW.id, 0); END",
        f"CREATE TRIGGER tr_projects_update_summary AFTER UPDATE ON projects BEGIN {BUMP.format(ref='NEW.id')}; END",
        "CREATE TRIGGER tr_departments_update_summary AFTER UPDATE OF name ON departments BEGIN "
        "UPDATE project_summaries SET stamp = stamp + 1 WHERE project_id IN "
        "(SELECT project_id FROM project_lead_departments WHERE department_id = NEW.id); END",
    ]
    return statements


def _postgresql_triggers() -> list[str]:
    statements = [
        f"""CREATE FUNCTION project_summary_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN {BUMP.format(ref="OLD.project_id")}; END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.project_id IS DISTINCT FROM OLD.project_id) THEN
        {BUMP.format(ref="NEW.project_id")};
    END IF;
    RETURN NULL;
END $$""",
        f"""CREATE FUNCTION project_summary_project() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO project_summaries (project_id, stamp) VALUES (NEW.id, 0) ON CONFLICT DO NOTHING;
    ELSE
        {BUMP.format(ref="NEW.id")};
    END IF;
    RETURN NULL;
END $$""",
        """CREATE FUNCTION project_summary_department() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE project_summaries SET stamp = stamp + 1 WHERE project_id IN
        (SELECT project_id FROM project_lead_departments WHERE department_id = NEW.id);
    RETURN NULL;
END $$""",
    ]
    for table in PROJECT_ROW_TABLES:
        statements.append(
            f"CREATE TRIGGER tr_{table}_summary AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION project_summary_touch()"
        )
    statements += [
        "CREATE TRIGGER tr_projects_summary AFTER INSERT OR UPDATE ON projects "
        "FOR EACH ROW EXECUTE FUNCTION project_summary_project()",
        "CREATE TRIGGER tr_departments_summary AFTER UPDATE OF name ON departments "
        "FOR EACH ROW EXECUTE FUNCTION project_summary_department()",
    ]
    return statements


def upgrade() -> None:
    op.create_table(
        "project_summaries",
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("stamp", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("computed_stamp", sa.Integer(), nullable=True),
        sa.Column("version", sa.String(length=40), nullable=True),
        sa.Column("as_of", sa.String(length=10), nullable=True),
        sa.Column("rag", sa.String(length=10), nullable=True),
        sa.Column("rag_reasons", sa.Text(), nullable=True),
        sa.Column("cumulative", sa.Text(), nullable=True),
        sa.Column("completion_rate", sa.Text(), nullable=True),
        sa.Column("last_update", sa.Text(), nullable=True),
        sa.Column("open_issues", sa.Integer(), nullable=True),
        sa.Column("overdue_milestones", sa.Integer(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=True),
        sa.Column("search_initials", sa.Text(), nullable=True),
        sa.Column("lead_departments", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_summaries_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_project_summaries")),
        # Clustered by project id on SQLite: a store sorted by id rewrites adjacent pages (summary_store.store).
        sqlite_with_rowid=False,
    )
    op.execute("INSERT INTO project_summaries (project_id, stamp) SELECT id, 0 FROM projects")
    dialect = op.get_bind().dialect.name
    for statement in _postgresql_triggers() if dialect == "postgresql" else _sqlite_triggers():
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for table in (*PROJECT_ROW_TABLES, "projects", "departments"):
            op.execute(f"DROP TRIGGER IF EXISTS tr_{table}_summary ON {table}")
        for function in ("project_summary_touch", "project_summary_project", "project_summary_department"):
            op.execute(f"DROP FUNCTION IF EXISTS {function}()")
    else:
        for (name,) in op.get_bind().execute(
            sa.text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'tr\\_%\\_summary' ESCAPE '\\'"
            )
        ):
            op.execute(f"DROP TRIGGER {name}")
    op.drop_table("project_summaries")
