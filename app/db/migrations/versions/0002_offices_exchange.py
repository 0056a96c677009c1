"""county offices and the city: change log, exchange conflicts, submissions, packages

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("origin_office", sa.String(length=120), nullable=True),
        sa.Column("origin_seq", sa.Integer(), nullable=True),
        sa.Column("entity_type", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("period", sa.String(length=6), nullable=True),
        sa.Column("field", sa.String(length=60), nullable=True),
        sa.Column("op", sa.String(length=10), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("user", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("received_from", sa.String(length=120), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log")),
        sa.UniqueConstraint("origin_office", "origin_seq", name="uq_change_log_origin_office_seq"),
    )
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_log_project_id"), ["project_id"], unique=False)

    op.create_table(
        "exchange_conflicts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("origin_office", sa.String(length=120), nullable=False),
        sa.Column("origin_seq", sa.Integer(), nullable=False),
        sa.Column("sender", sa.String(length=120), nullable=False),
        sa.Column("package_id", sa.String(length=64), nullable=False),
        sa.Column("entity_type", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("period", sa.String(length=6), nullable=True),
        sa.Column("field", sa.String(length=60), nullable=True),
        sa.Column("op", sa.String(length=10), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("theirs_old", sa.Text(), nullable=True),
        sa.Column("theirs_new", sa.Text(), nullable=True),
        sa.Column("theirs_by", sa.String(length=100), nullable=False),
        sa.Column("theirs_at", sa.DateTime(), nullable=False),
        sa.Column("ours_value", sa.Text(), nullable=True),
        sa.Column("ours_by", sa.String(length=100), nullable=True),
        sa.Column("ours_at", sa.DateTime(), nullable=True),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("detected_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_by", sa.String(length=100), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_conflicts")),
        sa.UniqueConstraint("origin_office", "origin_seq", name="uq_exchange_conflicts_origin_office_seq"),
    )
    with op.batch_alter_table("exchange_conflicts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exchange_conflicts_project_id"), ["project_id"], unique=False)

    op.create_table(
        "office_submissions",
        sa.Column("office", sa.String(length=120), nullable=False),
        sa.Column("period", sa.String(length=6), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("submitted_by", sa.String(length=100), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("project_reasons", sa.JSON(), nullable=False),
        sa.Column("projects_reported", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("office", "period", name=op.f("pk_office_submissions")),
    )

    op.create_table(
        "exchange_packages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("package_id", sa.String(length=64), nullable=False),
        sa.Column("sender", sa.String(length=120), nullable=False),
        sa.Column("addressee", sa.String(length=120), nullable=False),
        sa.Column("period", sa.String(length=6), nullable=True),
        sa.Column("first_seq", sa.Integer(), nullable=True),
        sa.Column("last_seq", sa.Integer(), nullable=True),
        sa.Column("last_log_id", sa.Integer(), nullable=True),
        sa.Column("changes", sa.Integer(), nullable=False),
        sa.Column("applied", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("conflicts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(length=100), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_packages")),
    )
    with op.batch_alter_table("exchange_packages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exchange_packages_package_id"), ["package_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("exchange_packages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchange_packages_package_id"))
    op.drop_table("exchange_packages")
    op.drop_table("office_submissions")
    with op.batch_alter_table("exchange_conflicts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchange_conflicts_project_id"))
    op.drop_table("exchange_conflicts")
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_log_project_id"))
    op.drop_table("change_log")
