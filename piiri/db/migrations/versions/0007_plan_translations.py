"""plan translations: the plan's texts in the workshop's other languages

Revision ID: 0007_plan_translations
Revises: 0006_processes
Create Date: 2026-12-01 20:20:00

``workshopplan.translations`` and ``processplan.translations`` hold, per text field, its
versions in languages other than the workshop's own: ``{"promise": {"sv": "..."}}``. The
columns as written stay the text in the workshop's language, so existing rows read as before
(an empty object: no other languages). ``stakeholdergroup.translations`` holds a group's
name in other languages: ``{"sv": "..."}``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_plan_translations"
down_revision = "0006_processes"
branch_labels = None
depends_on = None

TABLES = ("workshopplan", "processplan", "stakeholdergroup")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("translations", sa.JSON(), nullable=False, server_default="{}")
            )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("translations")
