"""staff home municipality (issue 19)

Revision ID: b2h0me19u5er
Revises: a1c0de19d35k
Create Date: 2026-12-07 07:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b2h0me19u5er'
down_revision = 'a1c0de19d35k'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing accounts have no home municipality: the lookup then finds it only in the question, as before.
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('home_municipality', sa.String(length=6), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_column('home_municipality')
