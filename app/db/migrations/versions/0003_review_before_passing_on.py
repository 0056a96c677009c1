"""the city passes an office's changes on only once it has accepted the submission that carried them

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 09:00:00.000000

change_log.review_period: the quarter whose submission carried another office's change to the city;
change_log.accepted_mark: the running number of the acceptance (审核通过) that released it to the other
offices (NULL: waiting for the city's review); exchange_packages.last_accepted_mark: the newest acceptance a
package the city wrote had looked at (with last_log_id, the cursor of the next package to the same office).

Existing rows: the changes of an office whose latest submission is waiting for review or was returned keep
waiting (for that quarter's acceptance); every other numbered change counts as accepted before this revision
(the program passed them on as they came, so nothing already sent is sent again).
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_period", sa.String(length=6), nullable=True))
        batch_op.add_column(sa.Column("accepted_mark", sa.Integer(), nullable=True))
    with op.batch_alter_table("exchange_packages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_accepted_mark", sa.Integer(), nullable=True))

    op.execute(
        "UPDATE change_log SET review_period = ("
        " SELECT MAX(s.period) FROM office_submissions s"
        " WHERE s.office = change_log.origin_office AND s.state IN ('submitted', 'returned'))"
        " WHERE origin_office IS NOT NULL"
    )
    op.execute("UPDATE change_log SET accepted_mark = 0 WHERE origin_office IS NOT NULL AND review_period IS NULL")


def downgrade() -> None:
    with op.batch_alter_table("exchange_packages", schema=None) as batch_op:
        batch_op.drop_column("last_accepted_mark")
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_column("accepted_mark")
        batch_op.drop_column("review_period")
