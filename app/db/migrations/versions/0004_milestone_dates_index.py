"""milestones: one index on (project_id, planned_date, actual_date) in place of the one on project_id

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08 09:00:00.000000

The portfolio timeline groups every milestone by project (count, first and last date, any late): with the dates
in the index that is a scan of the index alone, instead of a look-up of each milestone's row through the
project_id index (500,000 look-ups at 100,000 projects, most of the timeline's opening time). The new index
serves every query by project_id that the old one served, so the old one goes.
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_milestones_project_dates", "milestones", ["project_id", "planned_date", "actual_date"])
    op.drop_index("ix_milestones_project_id", table_name="milestones")


def downgrade() -> None:
    op.create_index("ix_milestones_project_id", "milestones", ["project_id"])
    op.drop_index("ix_milestones_project_dates", table_name="milestones")
