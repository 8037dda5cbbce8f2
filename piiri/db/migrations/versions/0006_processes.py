"""processes: who sees a process, its order, plan, stakeholder groups and members, and personal
links

Revision ID: 0006_processes
Revises: 0005_security
Create Date: 2026-12-01 18:40:00

Processes made before this (by a plan's "process" name, 0004) become their owner's: each gets
its ``processfacilitator`` row. A secret link may now belong to a process member instead of a
workshop (``secretlink.member_id``, ``workshop_id`` null), a stakeholder group to a process
(``stakeholdergroup.process_id``) and an audit entry to a process (``auditentry.process_id``).
Going back down deletes the rows that only the new columns could hold.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006_processes"
down_revision = "0005_security"
branch_labels = None
depends_on = None

UTC_DATETIME = sqlmodel.sql.sqltypes.UTCDateTime
TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "processfacilitator",
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("facilitator_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["facilitator_id"], ["facilitator.id"]),
        sa.ForeignKeyConstraint(["process_id"], ["process.id"]),
        sa.PrimaryKeyConstraint("process_id", "facilitator_id"),
    )
    op.execute(
        sa.text(
            "INSERT INTO processfacilitator (process_id, facilitator_id) "
            "SELECT id, owner_id FROM process"
        )
    )
    op.create_table(
        "processmember",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("name", TEXT(length=80), nullable=False),
        sa.Column("email", TEXT(length=320), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_DATETIME(), nullable=False),
        sa.ForeignKeyConstraint(["process_id"], ["process.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("processmember", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_processmember_process_id"), ["process_id"])
    op.create_table(
        "processplan",
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("purpose", TEXT(length=2000), nullable=False),
        sa.Column("decision", TEXT(length=2000), nullable=False),
        sa.Column("decider", TEXT(length=400), nullable=False),
        sa.Column("iap2_level", TEXT(length=20), nullable=False),
        sa.Column("promise", TEXT(length=2000), nullable=False),
        sa.Column("goals_organisation", TEXT(length=4000), nullable=False),
        sa.Column("goals_participants", TEXT(length=4000), nullable=False),
        sa.Column("accessibility", sa.JSON(), nullable=False),
        sa.Column("next_steps", TEXT(length=4000), nullable=False),
        sa.Column("feedback_date", UTC_DATETIME(), nullable=True),
        sa.ForeignKeyConstraint(["process_id"], ["process.id"]),
        sa.PrimaryKeyConstraint("process_id"),
    )
    with op.batch_alter_table("auditentry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("process_id", sa.Integer(), nullable=True))
        batch_op.alter_column("workshop_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f("ix_auditentry_process_id"), ["process_id"])
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("member_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_participant_member_id"), ["member_id"])
        batch_op.create_foreign_key(
            "fk_participant_member_id", "processmember", ["member_id"], ["id"]
        )
    with op.batch_alter_table("secretlink", schema=None) as batch_op:
        batch_op.add_column(sa.Column("member_id", sa.Integer(), nullable=True))
        batch_op.alter_column("workshop_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f("ix_secretlink_member_id"), ["member_id"])
        batch_op.create_foreign_key(
            "fk_secretlink_member_id", "processmember", ["member_id"], ["id"]
        )
    with op.batch_alter_table("stakeholdergroup", schema=None) as batch_op:
        batch_op.add_column(sa.Column("process_id", sa.Integer(), nullable=True))
        batch_op.alter_column("workshop_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f("ix_stakeholdergroup_process_id"), ["process_id"])
        batch_op.create_foreign_key(
            "fk_stakeholdergroup_process_id", "process", ["process_id"], ["id"]
        )
    with op.batch_alter_table("workshopplan", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("process_position", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM secretlink WHERE workshop_id IS NULL"))
    op.execute(sa.text("DELETE FROM auditentry WHERE workshop_id IS NULL"))
    op.execute(
        sa.text(
            "UPDATE joinanswers SET stakeholder_group_id = NULL WHERE stakeholder_group_id IN "
            "(SELECT id FROM stakeholdergroup WHERE workshop_id IS NULL)"
        )
    )
    op.execute(sa.text("DELETE FROM stakeholdergroup WHERE workshop_id IS NULL"))
    with op.batch_alter_table("workshopplan", schema=None) as batch_op:
        batch_op.drop_column("process_position")
    with op.batch_alter_table("stakeholdergroup", schema=None) as batch_op:
        batch_op.drop_constraint("fk_stakeholdergroup_process_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_stakeholdergroup_process_id"))
        batch_op.alter_column("workshop_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("process_id")
    with op.batch_alter_table("secretlink", schema=None) as batch_op:
        batch_op.drop_constraint("fk_secretlink_member_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_secretlink_member_id"))
        batch_op.alter_column("workshop_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("member_id")
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_constraint("fk_participant_member_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_participant_member_id"))
        batch_op.drop_column("member_id")
    with op.batch_alter_table("auditentry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auditentry_process_id"))
        batch_op.alter_column("workshop_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("process_id")
    op.drop_table("processplan")
    with op.batch_alter_table("processmember", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_processmember_process_id"))
    op.drop_table("processmember")
    op.drop_table("processfacilitator")
