"""the process, the plan and the report: processes, each workshop's plan, stakeholder groups,
the agenda's planned times, the report's quotes and sections, answers on joining

Revision ID: 0004_report_plan
Revises: 0003_report_time_zone
Create Date: 2026-12-02 10:00:00

Only new tables: existing workshops have no plan until one is saved (the report then shows
what the log holds alone).
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004_report_plan"
down_revision = "0003_report_time_zone"
branch_labels = None
depends_on = None

TABLES = ("joinanswers", "workshopplan", "stakeholdergroup", "reportitem", "agendaplan", "process")


def upgrade() -> None:
    op.create_table('process',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['facilitator.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_process_owner_id'), 'process', ['owner_id'], unique=False)
    op.create_table('agendaplan',
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('planned_start', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('planned_minutes', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ),
    sa.PrimaryKeyConstraint('activity_id')
    )
    op.create_index(op.f('ix_agendaplan_workshop_id'), 'agendaplan', ['workshop_id'], unique=False)
    op.create_table('reportitem',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('heading', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=8000), nullable=False),
    sa.Column('attribution', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_reportitem_workshop_id'), 'reportitem', ['workshop_id'], unique=False)
    op.create_table('stakeholdergroup',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('target', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_stakeholdergroup_workshop_id'), 'stakeholdergroup', ['workshop_id'], unique=False)
    op.create_table('workshopplan',
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=True),
    sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('decision', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('decider', sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
    sa.Column('iap2_level', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('promise', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('goals_organisation', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('goals_participants', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('accessibility', sa.JSON(), nullable=False),
    sa.Column('starts_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
    sa.Column('next_steps', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('feedback_date', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('join_questions', sa.JSON(), nullable=False),
    sa.Column('published_summary', sqlmodel.sql.sqltypes.AutoString(length=8000), nullable=False),
    sa.Column('what_we_did', sqlmodel.sql.sqltypes.AutoString(length=8000), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('notified_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['process_id'], ['process.id'], ),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ),
    sa.PrimaryKeyConstraint('workshop_id')
    )
    op.create_index(op.f('ix_workshopplan_process_id'), 'workshopplan', ['process_id'], unique=False)
    op.create_table('joinanswers',
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('stakeholder_group_id', sa.Integer(), nullable=True),
    sa.Column('age_band', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('area', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('first_time', sa.Boolean(), nullable=True),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
    sa.Column('notified_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], ),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ),
    sa.PrimaryKeyConstraint('participant_id')
    )
    op.create_index(op.f('ix_joinanswers_workshop_id'), 'joinanswers', ['workshop_id'], unique=False)


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
