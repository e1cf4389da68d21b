"""municipality desk: each municipality's own contact and hours (issue 19)

Revision ID: a1c0de19d35k
Revises: e5b1f7c3a9d2
Create Date: 2026-12-07 07:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1c0de19d35k'
down_revision = 'e5b1f7c3a9d2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('municipality_desk',
    sa.Column('code', sa.String(length=6), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('website', sa.String(length=500), nullable=True),
    sa.Column('visit_address', sa.String(length=300), nullable=True),
    sa.Column('appointment_url', sa.String(length=500), nullable=True),
    sa.Column('opening_hours', sa.JSON(), nullable=False),
    sa.Column('verified', sa.Date(), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['code'], ['municipality.code'], name=op.f('fk_municipality_desk_code_municipality'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_municipality_desk'))
    )
    # Existing services keep their place after the desk until an admin moves one before it.
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.add_column(sa.Column('before_desk', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.drop_column('before_desk')
    op.drop_table('municipality_desk')
