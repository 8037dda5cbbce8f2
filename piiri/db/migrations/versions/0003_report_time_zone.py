"""workshop time zone: every time shown or exported is in the workshop's zone

Revision ID: 0003_report_time_zone
Revises: 0002
Create Date: 2026-12-02 09:00:00

Existing workshops get Europe/Helsinki, the default for new ones: Piiri's workshops so far are
Finnish municipalities' and consultancies'.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003_report_time_zone"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "time_zone",
                sqlmodel.sql.sqltypes.AutoString(length=64),
                nullable=False,
                server_default="Europe/Helsinki",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.drop_column("time_zone")
