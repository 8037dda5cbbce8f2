"""process sections: narrative sections a process's report holds (a report item of a process)

Revision ID: 0008_process_sections
Revises: 0007_plan_translations
Create Date: 2026-12-01 20:20:00

A report item may now belong to a process (``reportitem.process_id``, ``workshop_id`` null):
the narrative sections the facilitator writes for the process report. Going back down deletes
the rows only the new column could hold.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_process_sections"
down_revision = "0007_plan_translations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reportitem", schema=None) as batch_op:
        batch_op.add_column(sa.Column("process_id", sa.Integer(), nullable=True))
        batch_op.alter_column("workshop_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f("ix_reportitem_process_id"), ["process_id"])
        batch_op.create_foreign_key(
            "fk_reportitem_process_id", "process", ["process_id"], ["id"]
        )


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM reportitem WHERE workshop_id IS NULL"))
    with op.batch_alter_table("reportitem", schema=None) as batch_op:
        batch_op.drop_constraint("fk_reportitem_process_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_reportitem_process_id"))
        batch_op.alter_column("workshop_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("process_id")
