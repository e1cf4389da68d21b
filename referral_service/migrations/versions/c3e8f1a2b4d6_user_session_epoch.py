"""user session epoch: logout ends the session on the server

Revision ID: c3e8f1a2b4d6
Revises: a5d47122558f
Create Date: 2026-12-07 05:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3e8f1a2b4d6'
down_revision = 'a5d47122558f'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing accounts start at epoch 0; cookies made before this change lack an epoch and log in again once.
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_epoch', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_column('session_epoch')
