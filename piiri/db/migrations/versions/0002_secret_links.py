"""secret links: the room screen's token moves from workshop to secretlink

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 16:00:00

Every workshop's screen token becomes its live "screen" link, with the workshop's creation time,
so a screen link already on a projector or in an e-mail keeps working after ``piiri migrate``.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "secretlink",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("token", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshop.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("secretlink", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_secretlink_token"), ["token"], unique=True)
        batch_op.create_index(batch_op.f("ix_secretlink_workshop_id"), ["workshop_id"])

    op.execute(
        "INSERT INTO secretlink (workshop_id, purpose, token, created_at) "
        "SELECT id, 'screen', screen_token, created_at FROM workshop"
    )

    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshop_screen_token"))
        batch_op.drop_column("screen_token")


def downgrade() -> None:
    """Back to one token per workshop: its live screen link's, or a fresh one when the
    facilitator had revoked it (a revoked token must not open the screen again)."""
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("screen_token", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
    connection = op.get_bind()
    live = dict(
        connection.execute(
            sa.text(
                "SELECT workshop_id, token FROM secretlink "
                "WHERE purpose = 'screen' AND revoked_at IS NULL ORDER BY id"
            )
        ).all()
    )
    for (workshop_id,) in connection.execute(sa.text("SELECT id FROM workshop")).all():
        connection.execute(
            sa.text("UPDATE workshop SET screen_token = :token WHERE id = :id"),
            {"token": live.get(workshop_id) or secrets.token_urlsafe(24), "id": workshop_id},
        )
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.alter_column(
            "screen_token",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=64),
            nullable=False,
        )
        batch_op.create_index(batch_op.f("ix_workshop_screen_token"), ["screen_token"], unique=True)

    with op.batch_alter_table("secretlink", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_secretlink_workshop_id"))
        batch_op.drop_index(batch_op.f("ix_secretlink_token"))
    op.drop_table("secretlink")
