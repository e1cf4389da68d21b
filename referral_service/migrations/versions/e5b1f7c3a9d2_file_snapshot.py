"""file snapshots: what the last data load took from the files, per record

Revision ID: e5b1f7c3a9d2
Revises: d7a4c2e9f013
Create Date: 2026-12-07 05:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5b1f7c3a9d2'
down_revision = 'd7a4c2e9f013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('file_snapshot',
    sa.Column('entity_type', sa.String(length=20), nullable=False),
    sa.Column('entity_key', sa.String(length=200), nullable=False),
    sa.Column('record', sa.JSON(), nullable=False),
    sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('entity_type', 'entity_key', name=op.f('pk_file_snapshot'))
    )


def downgrade() -> None:
    op.drop_table('file_snapshot')
