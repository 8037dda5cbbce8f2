"""security: session versions, when a workshop closed, and the audit trail

Revision ID: 0005_security
Revises: 0004_report_plan
Create Date: 2026-12-01 17:00:00

``facilitator.session_version`` is in every login cookie; raising it (log out, a new password,
``piiri revoke-sessions``) makes every earlier cookie of the account stop working.
``workshop.closed_at`` is what the retention period counts from (``piiri purge``); workshops
already closed count from now. ``auditentry`` records who did what to a workshop, and when.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005_security"
down_revision = "0004_report_plan"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("facilitator", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("closed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
    op.execute(
        sa.text("UPDATE workshop SET closed_at = CURRENT_TIMESTAMP WHERE closed = :yes").bindparams(
            yes=True
        )
    )
    op.create_table(
        "auditentry",
        sa.Column("id", sa.Integer(), nullable=False),
        # Not a foreign key: the record that a workshop was deleted outlives the workshop.
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("facilitator_id", sa.Integer(), nullable=True),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("detail", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("auditentry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auditentry_workshop_id"), ["workshop_id"])


def downgrade() -> None:
    with op.batch_alter_table("auditentry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auditentry_workshop_id"))
    op.drop_table("auditentry")
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.drop_column("closed_at")
    with op.batch_alter_table("facilitator", schema=None) as batch_op:
        batch_op.drop_column("session_version")
